// A page that reloads itself (the batch progress page, the two-step waiting step): an element
// with data-reload-after="<seconds>" and data-reload-url. A file, not a <meta http-equiv="refresh">:
// the CSP allows no inline script, and a timed refresh tag fails WCAG 2.2.1. Without scripts the
// page says to reload it.
(function () {
  "use strict";
  var marker = document.querySelector("[data-reload-after]");
  if (!marker) {
    return;
  }
  var seconds = Number(marker.getAttribute("data-reload-after"));
  var url = marker.getAttribute("data-reload-url") || window.location.href;
  window.setTimeout(function () { window.location.replace(url); }, Math.max(1, seconds) * 1000);
})();
