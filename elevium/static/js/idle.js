// The automatic logoff in the page (elevium/accounts/idle.py): a warning some time before the
// server would sign an idle session out, which typing or clicking hides. Activity is reported
// to the keepalive view (at most once per data-interval seconds, as the server notes it), whose
// answer says how long the session has left. A tab left alone goes to the idle page once the
// server has ended the session. The server signs out on its own whatever this script does.
(function () {
  "use strict";
  var box = document.querySelector("[data-idle-warning]");
  if (!box || !window.fetch) {
    return;
  }
  var grace = Number(box.dataset.grace) * 1000;
  var warnMs = Number(box.dataset.warn) * 1000;
  var intervalMs = Number(box.dataset.interval) * 1000;
  var text = box.querySelector("[data-idle-warning-text]");
  var deadline = 0;          // when the server signs the session out, by this tab's clock
  var lastReport = Date.now(); // the page's own request counted as activity
  var inFlight = false;
  var warnTimer = 0;
  var leaveTimer = 0;

  function seconds(n) {
    return n + (n === 1 ? " second" : " seconds");
  }

  function hideWarning() {
    box.hidden = true;
    text.textContent = "";
  }

  function showWarning() {
    var left = Math.max(1, Math.round((deadline - Date.now()) / 1000));
    box.hidden = false;
    // Set once: a live region re-read every second would drown out the page.
    text.textContent = "You will be signed out in " + seconds(left) +
      " for inactivity. Keep working to stay signed in.";
  }

  function schedule(secondsLeft) {
    deadline = Date.now() + secondsLeft * 1000;
    window.clearTimeout(warnTimer);
    window.clearTimeout(leaveTimer);
    warnTimer = window.setTimeout(showWarning, Math.max(0, secondsLeft * 1000 - warnMs));
    // Past the server's limit (and a grace), so the idle page finds the session ended.
    leaveTimer = window.setTimeout(function () {
      window.location.assign(box.dataset.idleUrl);
    }, secondsLeft * 1000 + grace);
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function report() {
    if (inFlight) {
      return;
    }
    inFlight = true;
    lastReport = Date.now();
    fetch(box.dataset.keepaliveUrl, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual", // signed out: the server answers with a redirect to sign in
      headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("signed out");
      }
      return response.json();
    }).then(function (body) {
      hideWarning();
      schedule(body.seconds_left);
    }).catch(function () {
      // The session has ended (or the network is down): leave it to the page's own timer.
    }).then(function () {
      inFlight = false;
    });
  }

  function activity() {
    var warned = !box.hidden;
    if (warned || Date.now() - lastReport >= intervalMs) {
      report();
    }
  }

  ["keydown", "pointerdown", "input", "wheel", "touchstart"].forEach(function (name) {
    document.addEventListener(name, activity, { passive: true, capture: true });
  });
  box.querySelector("[data-idle-stay]").addEventListener("click", report);
  // Back to this page from the browser's history: its timers were frozen, so ask the server again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      report();
    }
  });
  schedule(Number(box.dataset.secondsLeft));
})();
