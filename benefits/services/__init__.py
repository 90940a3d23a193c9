"""Every write to benefits and prior-authorization records (STYLE.md): keyword-only, atomic,
given the acting user, with the audit event (ids and field names only) in the same transaction.
One module per concept: pa_cases (creation, transitions, checklist, owner, notes), approvals,
checks (benefits checks), and case_writes, the steps every case write shares.

Errors are the project's (elevium/lib/errors.py): ``DocumentInvalid`` (400, every field by
name), ``Conflict`` (409 with the allowed next states) and ``StaleRevision`` (409, someone saved
since). A transition into ready_to_submit with missing checklist items raises
``benefits.transitions.ChecklistIncomplete`` (400 listing them).
"""

from .approvals import pa_case_record_approval, pa_case_record_units
from .case_writes import CHECKLIST_EDITABLE, PaCaseStale
from .checks import benefits_check_record, benefits_check_request
from .pa_cases import (
    pa_case_assign,
    pa_case_checklist_mark,
    pa_case_create_from_evaluation,
    pa_case_note,
    pa_case_transition,
)

__all__ = [
    "CHECKLIST_EDITABLE",
    "PaCaseStale",
    "benefits_check_record",
    "benefits_check_request",
    "pa_case_assign",
    "pa_case_checklist_mark",
    "pa_case_create_from_evaluation",
    "pa_case_note",
    "pa_case_record_approval",
    "pa_case_record_units",
    "pa_case_transition",
]
