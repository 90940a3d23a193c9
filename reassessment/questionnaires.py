"""The wording the patient is asked, as the instruments print it: the PHQ-9 items and answer
choices (Kroenke, Spitzer and Williams, Pfizer; public domain) and the C-SSRS screener's
questions (Columbia Lighthouse Project, screen version), numbered as on the paper forms so that
help text saying "question 2" points at the question labelled 2. The short labels of the
summary and the report stay in labels.py; the PHQ-9 items' form fields are built here too."""

from __future__ import annotations

from django import forms

PHQ9_STEM = "Over the last 2 weeks, how often has the patient been bothered by any of the following problems?"
PHQ9_ITEMS = (
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so "
    "fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
)
PHQ9_CHOICES = (
    (0, "Not at all"),
    (1, "Several days"),
    (2, "More than half the days"),
    (3, "Nearly every day"),
)

# (form label, help text) per screener question; questions 1 to 5 ask about the past month.
CSSRS_QUESTIONS = {
    "wish_to_be_dead": (
        "1. Have you wished you were dead or wished you could go to sleep and not wake up?",
        "In the past month.",
    ),
    "suicidal_thoughts": (
        "2. Have you actually had any thoughts of killing yourself?",
        "In the past month. If No, skip questions 3, 4 and 5 and go to question 6.",
    ),
    "thoughts_of_method": (
        "3. Have you been thinking about how you might do this?",
        "In the past month. Asked only when question 2 is Yes.",
    ),
    "intent": (
        "4. Have you had these thoughts and had some intention of acting on them?",
        "In the past month, as opposed to thoughts the patient would definitely not act on. "
        "Asked only when question 2 is Yes.",
    ),
    "plan_with_intent": (
        "5. Have you started to work out or worked out the details of how to kill yourself? "
        "Do you intend to carry out this plan?",
        "In the past month. Asked only when question 2 is Yes.",
    ),
    "behavior_ever": (
        "6. Have you ever done anything, started to do anything, or prepared to do anything to end "
        "your life?",
        "Lifetime: for example collected pills, obtained a gun, gave away valuables, wrote a will or "
        "suicide note, or took out pills but did not swallow any.",
    ),
    "behavior_within_3_months": (
        "6, follow-up. If Yes: was this within the past 3 months?",
        "Answer only when question 6 is Yes.",
    ),
}
# Skipped when question 2 is No (documents.Cssrs refuses a Yes to them then).
CSSRS_SKIPPED_AFTER_Q2_NO = ("thoughts_of_method", "intent", "plan_with_intent")
# Not asked when the sex at birth is male: the engine reads them as not applicable then.
NOT_ASKED_OF_MALE = ("pregnant", "breastfeeding")


def phq9_item_fields(key: str) -> dict[str, forms.Field]:
    """The PHQ-9 items as radio choices 0-3 in words; integer fields, so a posted score out of
    range reaches the document's own check and its message."""
    return {
        f"{key}_{i}": forms.IntegerField(
            label=f"{i}. {question}",
            required=False,
            widget=forms.RadioSelect(choices=PHQ9_CHOICES, attrs={"data-phq9-item": str(i)}),
        )
        for i, question in enumerate(PHQ9_ITEMS, start=1)
    }
