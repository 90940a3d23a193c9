// Progressive enhancement of the reassessment intake form (templates/reassessment/section.html).
// The page works without it: the server computes the PHQ-9 total and accepts the C-SSRS with
// questions 3 to 5 left unanswered. Loaded as a file because the CSP allows no inline script.
(function () {
  "use strict";

  // PHQ-9: keep each row's total in step with the chosen answers.
  function phq9Total(row) {
    var sum = 0;
    var answered = 0;
    row.querySelectorAll("input[type=radio][data-phq9-item]:checked").forEach(function (input) {
      sum += Number(input.value);
      answered += 1;
    });
    var output = row.querySelector("[data-phq9-total]");
    if (output) {
      output.textContent = sum + " of 27 (" + answered + " of 9 items answered)";
    }
  }

  document.querySelectorAll(".phq9-row").forEach(function (row) {
    row.addEventListener("change", function () { phq9Total(row); });
    phq9Total(row);
  });

  // C-SSRS: question 2 answered No skips questions 3 to 5, and question 6 answered No skips its
  // follow-up. Hidden questions are disabled, so they are not posted and stay "not asked", which
  // the screener's document accepts (documents.Cssrs refuses only a Yes to them).
  function skipWhenNo(controlName, skippedNames, note) {
    var control = document.getElementById("id_cssrs__" + controlName);
    if (!control) {
      return;
    }
    var skipped = skippedNames.map(function (name) {
      return document.getElementById("id_cssrs__" + name);
    }).filter(Boolean);

    function apply() {
      var skip = control.value === "no";
      skipped.forEach(function (select) {
        var wrapper = select.closest(".field");
        select.disabled = skip;
        if (wrapper) {
          wrapper.hidden = skip;
        }
      });
      if (note) {
        note.hidden = !skip;
      }
    }

    control.addEventListener("change", apply);
    apply();
  }

  skipWhenNo(
    "suicidal_thoughts",
    ["thoughts_of_method", "intent", "plan_with_intent"],
    document.querySelector("[data-cssrs-skip-note]")
  );
  skipWhenNo("behavior_ever", ["behavior_within_3_months"], null);
})();

// Autosave (views.reassessment_autosave): the section form is posted a moment after the typing
// pauses, and at most every few seconds while it goes on, so a burst of keystrokes is one save
// (one audit event). The boxes are never touched: a refused save leaves what was typed on the
// page and says why, in words, under the buttons. Without scripts the Save buttons do it all.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave-url]");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var url = form.getAttribute("data-autosave-url");
  var status = form.querySelector("[data-autosave-status]");
  var revision = form.querySelector("input[name=revision]");
  var PAUSE = 1500;
  var MAX_WAIT = 8000;
  var timer = 0;
  var firstChange = 0;
  var dirty = false;
  var saving = false;
  var submitting = false;
  var held = false;
  var heldSubmitter = null;

  function say(message, bad) {
    status.textContent = message;
    status.classList.toggle("bad", Boolean(bad));
  }

  function changed() {
    var now = Date.now();
    dirty = true;
    firstChange = firstChange || now;
    window.clearTimeout(timer);
    timer = window.setTimeout(save, Math.min(PAUSE, Math.max(0, firstChange + MAX_WAIT - now)));
  }

  function answered(body) {
    if (body.saved) {
      revision.value = body.revision;
      // Rows now saved are the formset's initial rows, as they would be on a reloaded page.
      var initial = form.querySelector("input[name=rows-INITIAL_FORMS]");
      var total = form.querySelector("input[name=rows-TOTAL_FORMS]");
      if (initial && total && body.rows !== null) {
        initial.value = Math.min(body.rows, Number(total.value));
      }
    }
    say(body.message, !body.saved);
  }

  function save() {
    if (saving || submitting) {
      return;
    }
    saving = true;
    dirty = false;
    firstChange = 0;
    fetch(url, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      redirect: "manual",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (response.type === "opaqueredirect" || response.status === 401 || response.status === 403) {
        return { saved: false, message: "Not saved: you are signed out. Sign in again in another tab, then save this page." };
      }
      return response.json();
    }).then(answered, function () {
      say("Not saved: the server could not be reached. What you typed is still here; save again shortly.", true);
    }).then(function () {
      saving = false;
      if (held) {
        held = false;
        form.requestSubmit(heldSubmitter || undefined);
      } else if (dirty) {
        changed();
      }
    });
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function (event) {
    window.clearTimeout(timer);
    if (saving) {
      // Wait for the save under way, so the form posts the revision it produced.
      event.preventDefault();
      held = true;
      heldSubmitter = event.submitter || null;
      return;
    }
    submitting = true;
  });
  // Leaving the page within a moment of typing: send what is unsaved on the way out.
  window.addEventListener("pagehide", function () {
    if (dirty && !saving && !submitting && navigator.sendBeacon) {
      navigator.sendBeacon(url, new FormData(form));
    }
  });
})();
