"""The computed summary: one deterministic bundle of every derived value, and the pure modules
importable with Django blocked. No database."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import textwrap
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from reassessment.computed import COMPUTED_VERSION, compute
from reassessment.documents import ReassessmentDocument

from .test_completeness import FULL, full_document

PROPERTY = settings(database=None, deadline=None, max_examples=50)
AS_OF = dt.date(2025, 6, 15)
ROOT = Path(__file__).resolve().parents[2]


def test_it_summarises_a_complete_document() -> None:
    summary = compute(full_document(), as_of=AS_OF)
    assert summary.complete and summary.missing == ()
    assert summary.computed_version == COMPUTED_VERSION == 2
    assert summary.as_of == AS_OF
    assert summary.episode_weeks == (AS_OF - dt.date(2024, 1, 10)).days / 7
    assert (summary.latest_phq9.total, summary.latest_phq9.band, summary.latest_phq9.item9) == (
        18,
        "moderately_severe",
        1,
    )
    assert [p.administered_on for p in summary.phq9_history] == [dt.date(2025, 1, 10), dt.date(2025, 6, 10)]
    assert [(s.scale, s.band) for s in summary.other_scales] == [("madrs", "moderate")]
    # Item 9 scored 1, answered by a C-SSRS the same day at low risk: no banner (criteria.md §10.3).
    assert (summary.cssrs.level, summary.safety.banner, summary.safety.screen_current) == ("low", False, True)
    assert (summary.resistance.n_failed, summary.resistance.failed_classes) == (3, ("ndri", "snri", "ssri"))
    assert summary.resistance.current_antidepressant == "yes"
    # 17 months -> 2, severe without psychosis -> 4, 3 failed -> 2, augmentation -> 1, no ECT -> 0.
    assert (summary.maudsley.score, summary.maudsley.band) == (9, "moderate")
    assert [(f.test, f.flag) for f in summary.lab_flags] == [
        ("hemoglobin", "normal"),
        ("tsh", "normal"),
        ("urine_drug_screen", "negative"),
    ]


def test_it_is_incomplete_while_anything_is_missing() -> None:
    summary = compute(full_document(**{"safety.cssrs": None}), as_of=AS_OF)
    assert not summary.complete
    assert [(m.section, m.item) for m in summary.missing] == [("safety", "cssrs")]
    assert summary.safety.banner and not summary.safety.screen_current


def test_it_summarises_an_empty_document_without_guessing() -> None:
    empty = ReassessmentDocument(
        assessed_on=AS_OF, patient={"date_of_birth": "1980-01-01", "sex_at_birth": "male"}
    )
    summary = compute(empty, as_of=AS_OF)
    assert (summary.episode_weeks, summary.latest_phq9, summary.phq9_history) == (None, None, ())
    assert (summary.cssrs.level, summary.safety.banner) == ("unknown", False)
    assert (summary.resistance.n_failed, summary.resistance.current_antidepressant) == (0, "unknown")
    assert (summary.maudsley.score, summary.maudsley.band) == (None, None)
    assert not summary.complete


def test_it_dumps_the_same_json_every_time() -> None:
    first = compute(full_document(), as_of=AS_OF).model_dump(mode="json")
    again = compute(full_document(), as_of=AS_OF).model_dump(mode="json")
    assert json.dumps(first, sort_keys=True) == json.dumps(again, sort_keys=True)
    assert first["as_of"] == "2025-06-15" and first["computed_version"] == 2


def test_it_counts_an_ongoing_trial_up_to_as_of_not_today() -> None:
    early = compute(full_document(), as_of=dt.date(2025, 3, 20)).resistance
    assert (early.trials[3].status, early.n_failed) == ("inadequate_duration", 2)


@PROPERTY
@given(
    st.permutations(FULL["measurement"]["phq9"] + [{"administered_on": "2025-06-10", "items": [0] * 9}]),
    st.permutations(FULL["labs"]),
)
def test_it_does_not_depend_on_the_order_rows_were_typed_in(phq9: list, labs: list) -> None:
    reordered = full_document(**{"measurement.phq9": phq9, "labs": labs})
    baseline = full_document(
        **{
            "measurement.phq9": [
                *FULL["measurement"]["phq9"],
                {"administered_on": "2025-06-10", "items": [0] * 9},
            ]
        }
    )
    assert compute(reordered, as_of=AS_OF).model_dump(mode="json") == compute(
        baseline, as_of=AS_OF
    ).model_dump(mode="json")


def test_it_imports_the_pure_modules_with_django_blocked() -> None:
    script = textwrap.dedent(
        """
        import datetime, sys
        sys.modules["django"] = None  # any `import django...` now raises ImportError
        import reassessment.documents, reassessment.scales, reassessment.staging
        import reassessment.completeness, reassessment.computed
        document = reassessment.documents.ReassessmentDocument(
            assessed_on=datetime.date(2025, 6, 15),
            patient={"date_of_birth": "1980-01-01", "sex_at_birth": "female"},
        )
        reassessment.computed.compute(document, as_of=datetime.date(2025, 6, 15)).model_dump(mode="json")
        loaded = sorted(name for name, module in sys.modules.items() if name.startswith("django") and module)
        assert not loaded, loaded
        print("ok")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
