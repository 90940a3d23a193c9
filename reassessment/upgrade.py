"""Stored documents of an older schema version, read as the current one (meaning kept)."""

from __future__ import annotations

from .documents import REMOVABLE_KINDS


def upgrade_v1(data: dict[str, object]) -> dict[str, object]:
    """A version-1 document as version 2, meaning kept (old stored documents still load).

    - A trial outcome of "intolerance" becomes outcome unknown and ended for intolerance yes: version 1
      recorded no response before the side effects, so none is assumed.
    - "removable" is kept only where version 2 allows it: a removable "other" item becomes an external
      item (that is what version 1 meant by it); an implanted device loses the mark, which can only
      make the TMS answer more cautious, never less.
    Every new fact starts unknown.
    """
    upgraded = dict(data)
    upgraded["schema_version"] = 2
    trials = upgraded.get("medication_trials")
    if isinstance(trials, list):
        new_trials = []
        for trial in trials:
            if isinstance(trial, dict) and trial.get("outcome") == "intolerance":
                trial = {**trial, "outcome": "unknown", "ended_for_intolerance": "yes"}
            new_trials.append(trial)
        upgraded["medication_trials"] = new_trials
    medical = upgraded.get("medical")
    if isinstance(medical, dict) and isinstance(medical.get("implants"), list):
        implants = []
        for implant in medical["implants"]:
            if isinstance(implant, dict) and implant.get("removable"):
                if implant.get("kind") == "other":
                    implant = {**implant, "kind": "external_item"}
                elif implant.get("kind") not in REMOVABLE_KINDS:
                    implant = {**implant, "removable": False}
            implants.append(implant)
        upgraded["medical"] = {**medical, "implants": implants}
    return upgraded
