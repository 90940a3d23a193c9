"""The seeded catalog says what criteria.md says (§2 Spravato, §3 TMS, §4 ketamine, §7.3 codes)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps

from treatments.models import (
    BillingCode,
    MonitoringRequirement,
    Protocol,
    RegulatoryStatus,
    Treatment,
)
from treatments.seed import seed_catalog

pytestmark = pytest.mark.django_db


def _protocols(slug: str) -> dict[str, Protocol]:
    return {p.slug: p for p in Protocol.objects.filter(treatment__slug=slug)}


def _codes(slug: str) -> dict[str, BillingCode]:
    return {c.code: c for c in BillingCode.objects.filter(treatment__slug=slug).select_related("replaces")}


def test_the_catalog_holds_the_three_treatments_in_order() -> None:
    assert list(Treatment.objects.values_list("slug", flat=True)) == ["tms", "spravato", "ketamine"]


def test_every_row_names_its_source_in_criteria_md() -> None:
    for model in (Protocol, RegulatoryStatus, MonitoringRequirement, BillingCode):
        assert not model.objects.exclude(source__startswith="criteria.md §").exists(), model.__name__
    assert not Treatment.objects.exclude(sources__startswith="criteria.md §").exists()


def test_tms_has_the_standard_itbs_and_accelerated_protocols() -> None:
    protocols = _protocols("tms")
    assert list(protocols) == ["tms-10hz", "tms-10hz-taper", "tms-itbs", "tms-saint"]
    standard, taper, saint = protocols["tms-10hz"], protocols["tms-10hz-taper"], protocols["tms-saint"]
    assert (standard.phase, standard.sessions, standard.weeks) == ("acute", 30, 6)
    assert "3,000 pulses" in standard.dose and "120 %" in standard.dose
    assert (taper.phase, taper.sessions) == ("taper", 6)
    assert standard.sessions + taper.sessions == 36  # the usual authorization, §3.2
    assert (saint.sessions, saint.weeks) == (50, 1)
    assert "10 sessions a day" in saint.frequency and "investigational" in saint.notes


def test_tms_needs_daily_visits_but_no_driver() -> None:
    tms = Treatment.objects.get(slug="tms")
    assert (tms.requires_daily_visits, tms.requires_driver) == (True, False)
    assert (tms.controlled_substance_schedule, tms.rems_program) == ("", "")


def test_tms_is_cleared_including_saint_and_the_adolescent_adjunct() -> None:
    rows = RegulatoryStatus.objects.filter(treatment__slug="tms")
    assert set(rows.exclude(indication="Bipolar depression").values_list("status", flat=True)) == {
        "fda_cleared"
    }
    saint = rows.get(product__startswith="SAINT")
    assert saint.since_date == dt.date(2022, 9, 6)
    adolescent = rows.get(product="NeuroStar", population__startswith="Adolescents 15–21")
    assert adolescent.since == "Mar 2024"
    assert rows.get(indication="Bipolar depression").status == "not_cleared"


def test_the_unconfirmed_brainsway_anxious_depression_date_is_flagged() -> None:
    row = RegulatoryStatus.objects.get(
        treatment__slug="tms", indication="Anxious depression", product__startswith="BrainsWay"
    )
    assert row.confirmed is False
    assert "unconfirmed" in row.notes


def test_spravato_has_trd_induction_maintenance_and_mdsi() -> None:
    protocols = _protocols("spravato")
    assert list(protocols) == [
        "spravato-trd-induction",
        "spravato-trd-maintenance-weekly",
        "spravato-trd-maintenance",
        "spravato-mdsi",
    ]
    induction = protocols["spravato-trd-induction"]
    assert (induction.phase, induction.sessions, induction.weeks) == ("induction", 8, 4)
    assert induction.dose == "Day 1: 56 mg; then 56 mg or 84 mg"
    assert protocols["spravato-trd-maintenance-weekly"].phase == "maintenance"
    assert protocols["spravato-trd-maintenance"].sessions is None  # open-ended
    mdsi = protocols["spravato-mdsi"]
    assert (mdsi.sessions, mdsi.weeks, mdsi.dose) == (8, 4, "84 mg; may be reduced to 56 mg")


def test_spravato_is_a_ciii_rems_drug_that_needs_a_driver() -> None:
    spravato = Treatment.objects.get(slug="spravato")
    assert spravato.controlled_substance_schedule == "CIII"
    assert spravato.rems_program == "SPRAVATO REMS"
    assert (spravato.requires_driver, spravato.requires_daily_visits) == (True, False)
    assert "next day" in spravato.patient_must_arrange


def test_spravato_needs_at_least_two_hours_of_observation_after_dosing() -> None:
    observation = MonitoringRequirement.objects.get(treatment__slug="spravato", minimum_minutes__isnull=False)
    assert (observation.when, observation.minimum_minutes) == ("after", 120)


def test_spravato_blood_pressure_is_checked_before_and_after_dosing() -> None:
    bp = MonitoringRequirement.objects.filter(
        treatment__slug="spravato", requirement__startswith="Blood pressure"
    )
    assert sorted(bp.values_list("when", flat=True)) == ["after", "after", "before"]
    assert bp.filter(when="before", requirement__contains="140/90").exists()
    assert bp.filter(when="after", requirement__contains="40 minutes").exists()
    assert bp.filter(when="after", requirement__contains="before discharge").exists()


def test_spravato_rems_enrolment_and_monitoring_form_are_required() -> None:
    rows = MonitoringRequirement.objects.filter(treatment__slug="spravato")
    assert rows.filter(when="before", requirement__contains="REMS before the first dose").exists()
    assert rows.filter(
        when="after", requirement__contains="Patient Monitoring Form", requirement__icontains="within 7 days"
    ).exists()


def test_spravato_is_approved_for_trd_including_monotherapy_since_january_2025_and_mdsi() -> None:
    rows = RegulatoryStatus.objects.filter(treatment__slug="spravato")
    approved = rows.filter(status="fda_approved", population="Adults")
    assert approved.filter(indication__startswith="Treatment-resistant depression, with").exists()
    monotherapy = approved.get(indication__contains="monotherapy")
    assert monotherapy.since_date == dt.date(2025, 1, 21)
    assert approved.filter(indication__contains="(MDSI)").exists()
    assert rows.get(status="not_cleared").population == "Under 18"


def test_spravato_codes_are_g2082_g2083_and_j0013_replacing_s0013_from_2026() -> None:
    codes = _codes("spravato")
    assert set(codes) == {"G2082", "G2083", "KX", "S0013", "J0013"}
    assert "≤ 56 mg" in codes["G2082"].notes and "> 56 mg" in codes["G2083"].notes
    j0013 = codes["J0013"]
    assert j0013.effective_from == dt.date(2026, 1, 1)
    assert j0013.replaces == codes["S0013"]
    assert {c.code_system for c in codes.values()} == {"HCPCS"}


def test_tms_codes_are_90867_90868_90869() -> None:
    codes = _codes("tms")
    assert {code for code, c in codes.items() if c.code_system == "CPT"} == {"90867", "90868", "90869"}
    assert {code for code, c in codes.items() if c.code_system == "ICD-10-CM"} == {"F32.2", "F33.2"}


def test_ketamine_is_off_label_ciii_with_four_routes() -> None:
    ketamine = Treatment.objects.get(slug="ketamine")
    assert ketamine.controlled_substance_schedule == "CIII" and ketamine.requires_driver
    statuses = RegulatoryStatus.objects.filter(treatment=ketamine)
    assert list(statuses.values_list("status", flat=True)) == ["off_label"]
    protocols = _protocols("ketamine")
    assert list(protocols) == ["ketamine-iv", "ketamine-im", "ketamine-intranasal", "ketamine-oral"]
    assert protocols["ketamine-iv"].dose == "0.5 mg/kg IV over 40 minutes"
    # Series length (§4.1) and the other routes (absent from criteria.md) are not confirmed.
    assert not any(p.confirmed for p in protocols.values())


def test_ketamine_is_billed_as_an_infusion_plus_an_unclassified_drug() -> None:
    codes = _codes("ketamine")
    assert {(c.code_system, code) for code, c in codes.items()} == {
        ("CPT", "96365"),
        ("CPT", "96366"),
        ("HCPCS", "J3490"),
    }


def test_seeding_again_changes_nothing_and_keeps_admin_edits() -> None:
    Treatment.objects.filter(slug="tms").update(summary="Edited by an administrator.")
    before = [model.objects.count() for model in (Treatment, Protocol, RegulatoryStatus, BillingCode)]
    seed_catalog(apps)
    after = [model.objects.count() for model in (Treatment, Protocol, RegulatoryStatus, BillingCode)]
    assert before == after
    assert Treatment.objects.get(slug="tms").summary == "Edited by an administrator."
