"""The engine is pure Python: it imports and evaluates with Django unimportable."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

SCRIPT = """
import sys
sys.modules["django"] = None  # any `import django...` now raises ImportError
import datetime as dt
import eligibility.engine as engine
from reassessment.demo import full_document
from reassessment.documents import ReassessmentDocument

as_of = dt.date(2026, 3, 2)
raw = full_document(assessed_on=as_of, date_of_birth=dt.date(1980, 1, 1))
document = ReassessmentDocument.model_validate(raw)
report = engine.evaluate(document)
assert [r.status for r in report.treatments]
assert not any(name == "django" or name.startswith("django.") for name in sys.modules if sys.modules[name])
print(engine.ruleset_hash())
"""


def test_the_engine_imports_and_runs_with_django_blocked() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.strip()) == 64


def test_no_engine_module_imports_django() -> None:
    engine = ROOT / "eligibility" / "engine"
    for path in engine.rglob("*.py"):
        assert not re.search(r"^\s*(import|from)\s+django\b", path.read_text(), re.MULTILINE), path
