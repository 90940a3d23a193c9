"""The catalog as plain facts: what the engine and benefits read, built in a fixed number of
queries, and importable without Django."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
import typing
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from treatments import facts
from treatments.models import (
    CodeSystem,
    ControlledSchedule,
    MonitoringWhen,
    Phase,
    Protocol,
    RegulatoryStatusKind,
    Treatment,
    TreatmentSlug,
)
from treatments.selectors import treatment_facts

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("literal", "choices"),
    [
        (facts.TreatmentSlugValue, TreatmentSlug),
        (facts.PhaseValue, Phase),
        (facts.RegulatoryStatusValue, RegulatoryStatusKind),
        (facts.MonitoringWhenValue, MonitoringWhen),
        (facts.CodeSystemValue, CodeSystem),
        (facts.ScheduleValue, ControlledSchedule),
    ],
)
def test_the_fact_types_allow_exactly_the_model_choices(literal: object, choices: type) -> None:
    assert set(typing.get_args(literal)) == set(choices.values)


@pytest.mark.django_db
def test_facts_cost_five_queries_however_many_rows() -> None:
    with CaptureQueriesContext(connection) as few:
        treatment_facts()
    tms = Treatment.objects.get(slug="tms")
    Protocol.objects.bulk_create(
        Protocol(treatment=tms, slug=f"extra-{n}", name=f"Extra {n}", phase="acute") for n in range(200)
    )
    with CaptureQueriesContext(connection) as many:
        catalog = treatment_facts()
    assert len(few) == len(many) == 5, "\n".join(q["sql"] for q in many.captured_queries)
    assert len(catalog["tms"].protocols) == 204


@pytest.mark.django_db
def test_facts_carry_what_the_engine_and_benefits_use() -> None:
    catalog = treatment_facts()
    assert list(catalog.treatments) == ["tms", "spravato", "ketamine"]
    spravato, tms, ketamine = catalog["spravato"], catalog["tms"], catalog["ketamine"]
    assert spravato.observation_minutes == 120
    assert tms.observation_minutes is None and ketamine.observation_minutes is None
    assert spravato.requires_rems and not ketamine.requires_rems
    assert (tms.requires_daily_visits, spravato.requires_driver, ketamine.requires_driver) == (
        True,
        True,
        True,
    )
    assert spravato.protocol("spravato-mdsi").sessions == 8
    assert tms.protocol("tms-10hz").session_minutes == pytest.approx(37.5)
    codes = {c.code: c for c in spravato.billing_codes}
    assert (codes["J0013"].replaces, codes["J0013"].effective_from) == ("S0013", dt.date(2026, 1, 1))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("as_of", "drug_code"),
    [
        pytest.param(dt.date(2025, 12, 31), "S0013", id="day-before-j0013"),
        pytest.param(dt.date(2026, 1, 1), "J0013", id="j0013-effective"),
        pytest.param(dt.date(2027, 6, 1), "J0013", id="later"),
    ],
)
def test_j0013_replaces_s0013_on_the_first_of_january_2026(as_of: dt.date, drug_code: str) -> None:
    spravato = treatment_facts()["spravato"]
    in_effect = [c.code for c in spravato.codes_in_effect(as_of=as_of, code_system="HCPCS")]
    assert in_effect == ["G2082", "G2083", "KX", drug_code]


@pytest.mark.django_db
def test_billing_codes_by_treatment_as_of_a_date() -> None:
    by_treatment = treatment_facts().billing_codes_by_treatment(as_of=dt.date(2026, 3, 1))
    assert {slug: [c.code for c in codes] for slug, codes in by_treatment.items()} == {
        "tms": ["90867", "90868", "90869", "F32.2", "F33.2"],
        "spravato": ["G2082", "G2083", "KX", "J0013"],
        "ketamine": ["96365", "96366", "J3490"],
    }


def test_an_unknown_protocol_is_a_key_error() -> None:
    treatment = facts.TreatmentFacts(
        slug="tms",
        name="TMS",
        requires_daily_visits=True,
        requires_driver=False,
        controlled_substance_schedule="",
        rems_program="",
        protocols=(),
        regulatory=(),
        monitoring=(),
        billing_codes=(),
    )
    with pytest.raises(KeyError):
        treatment.protocol("nope")


def test_the_facts_module_imports_with_django_blocked() -> None:
    script = textwrap.dedent(
        """
        import sys
        sys.modules["django"] = None  # any `import django...` now raises ImportError
        import treatments.facts
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
