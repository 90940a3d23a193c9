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
