"""The registry is reviewed content: unique ids with criteria.md sources, a test naming each rule,
named parameters (unconfirmed ones flagged), and a hash that moves with any of them.

Adding a rule is one place to change (its entry and check in ``rules/*.py``) and one test to
add: ``test_every_rule_is_named_by_a_test`` fails until a test mentions the new id."""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import re
import tokenize
from dataclasses import replace
from pathlib import Path

import pytest

from eligibility.engine import RULES, RULESET_VERSION, canonical_json, ruleset_hash
from eligibility.engine import parameters as P
from eligibility.engine.registry import RULES_FOR
from eligibility.engine.rules import Rule

HERE = Path(__file__).parent
ENGINE = Path(P.__file__).parent


def test_rule_ids_are_unique_and_dotted() -> None:
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z]+(\.[a-z0-9_]+)+", rule_id) for rule_id in ids)
    for rule in RULES:
        assert rule.id.split(".")[0] in ("common", "tms", "spravato", "ketamine", "payer")
        assert rule.treatment == (
            "common" if rule.id.startswith(("common.", "payer.")) else rule.id.split(".")[0]
        )


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_every_rule_cites_criteria_md_and_declares_what_it_reads(rule: Rule) -> None:
    assert rule.source.startswith("criteria.md §"), rule.source
    assert rule.summary.endswith(".")
    assert rule.kind in (
        "absolute_contraindication",
        "relative_caution",
        "label_criterion",
        "payer_requirement",
        "safety",
    )
    assert all(re.fullmatch(r"[a-z_]+(\.[a-z0-9_]+)*", path) for path in rule.fields)
    assert rule.fields or rule.id == "payer.coverage"


def test_every_rule_is_named_by_a_test() -> None:
    text = "\n".join(path.read_text() for path in HERE.glob("test_*.py"))
    unnamed = [rule.id for rule in RULES if f'"{rule.id}"' not in text]
    assert unnamed == [], f"add a test naming {unnamed}"


def test_the_reference_ids_are_all_registered() -> None:
    ids = {rule.id for rule in RULES}
    for rule_id in (
        "common.bipolar",
        "common.unknown_trial",
        "common.suicide.screen_current",
        "common.as_of",
        "common.indication.mdd",
        "common.bp_current",
        "common.trd.adherence",
        "common.rel.prior_course",
        "common.rel.bipolar_risk",
        "spravato.abs.raised_icp",
        "spravato.not_eligible.bp_severe",
        "spravato.rel.bp_interaction",
        "spravato.rel.breastfeeding",
        "ketamine.abs.raised_icp",
        "ketamine.not_eligible.bp_severe",
        "ketamine.rel.bp_interaction",
        "ketamine.rel.breastfeeding",
        "ketamine.rel.psychosis_history",
        "payer.retreatment",
        "common.suicide.high",
        "common.suicide.moderate",
        "common.logistics",
        "spravato.abs.aneurysmal_disease",
        "spravato.abs.avm",
        "spravato.abs.ich_history",
        "spravato.abs.hypersensitivity",
        "spravato.indication",
        "spravato.mdsi",
        "spravato.rel.bp_elevated",
        "spravato.rel.cv_risk",
        "spravato.rel.psychosis",
        "spravato.rel.substance_use",
        "spravato.rel.cns_depressants",
        "spravato.rel.hepatic",
        "spravato.not_eligible.pregnancy",
        "spravato.age",
        "tms.abs.head_implant",
        "tms.unknown_implant",
        "tms.rel.seizure_risk",
        "tms.rel.neuro",
        "tms.rel.cardiac_device",
        "tms.rel.pregnancy",
        "tms.rel.acute_suicidality",
        "tms.not_eligible.psychotic_features",
        "tms.age",
        "tms.resistance",
    ):
        assert rule_id in ids


def test_each_treatment_runs_the_common_rules_its_own_then_the_payer_rules() -> None:
    for treatment, rules in RULES_FOR.items():
        scopes = [rule.treatment for rule in rules if rule.kind != "payer_requirement"]
        assert set(scopes) == {"common", treatment}
        assert [rule.kind for rule in rules][-10:] == ["payer_requirement"] * 10
    assert sum(len(rules) for rules in RULES_FOR.values()) == len(RULES) + 2 * sum(
        rule.treatment == "common" for rule in RULES
    )


# --- The hash ------------------------------------------------------------------------------------------


def test_the_hash_is_the_sha256_of_the_sorted_canonical_json() -> None:
    text = canonical_json()
    assert ruleset_hash() == hashlib.sha256(text.encode()).hexdigest()
    assert re.fullmatch(r"[0-9a-f]{64}", ruleset_hash())
    data = json.loads(text)
    assert [rule["id"] for rule in data["rules"]] == sorted(rule.id for rule in RULES)
    assert text == json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert set(data["rules"][0]) == {"id", "treatment", "kind", "source", "fields"}
    assert data["parameters"]["BP_SYSTOLIC_MAX"]["value"] == 140


def test_the_hash_moves_with_a_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    before = ruleset_hash()
    monkeypatch.setitem(P.PARAMETERS, "BP_SYSTOLIC_MAX", replace(P.BP_SYSTOLIC_MAX, value=150))
    ruleset_hash.cache_clear()
    try:
        assert ruleset_hash() != before
    finally:
        monkeypatch.undo()
        ruleset_hash.cache_clear()
    assert ruleset_hash() == before


def test_the_ruleset_has_a_version() -> None:
    assert re.fullmatch(r"\d{4}\.\d+\.\d+", RULESET_VERSION)


# --- Parameters ------------------------------------------------------------------------------------------


def test_every_parameter_names_its_source() -> None:
    for name, parameter in P.PARAMETERS.items():
        assert parameter.name == name
        assert parameter.source.startswith(("criteria.md §", "project policy")), name


def test_unconfirmed_parameters_carry_a_todo() -> None:
    lines = (ENGINE / "parameters.py").read_text().splitlines()
    unconfirmed = [name for name, parameter in P.PARAMETERS.items() if not parameter.confirmed]
    assert {
        "MIN_ADEQUATE_DOSE_MG",
        "TMS_CARDIAC_DEVICES",
        "CSSRS_MODERATE_CAPS",
        "SPRAVATO_OLDER_ADULT_AGE",
        "KETAMINE_UNCONFIRMED_EXCLUSIONS",
        "SPRAVATO_HEPATIC_CAUTION",
    } <= set(unconfirmed)
    for name in unconfirmed:
        at = next(i for i, line in enumerate(lines) if line.startswith(f"{name} = _p("))
        assert any("TODO" in line for line in lines[max(0, at - 3) : at]), name


def test_rules_hold_no_clinical_numbers() -> None:
    """Thresholds live in parameters.py: no rule compares against a number literal."""
    for path in (ENGINE / "rules").glob("*.py"):
        tokens = [
            t
            for t in tokenize.generate_tokens(io.StringIO(path.read_text()).readline)
            if t.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT)
        ]
        for before, after in itertools.pairwise(tokens):
            compares = before.type == tokenize.OP and before.string in ("<", ">", "<=", ">=")
            assert not (compares and after.type == tokenize.NUMBER), f"{path.name}:{before.start[0]}"
