"""Every write to treatment courses (STYLE.md): keyword-only, atomic, given the acting user, with
the audit event (ids and field names only) in the same transaction. Errors are the project's
(elevium/lib/errors.py): ``Invalid`` (400 by field), ``Refused`` (409, a sentence: a missing
pre-session check, a discharge not yet allowed), ``Conflict`` (409 with the allowed statuses)."""

from .courses import (
    STOP_REASON_NEEDED,
    course_decide_next,
    course_record_relapse,
    course_start,
    course_transition,
    default_planned_sessions,
    slot_book,
    slot_cancel,
)
from .deferrals import dose_defer
from .measurements import measurement_record
from .rems import monitoring_form_content, monitoring_form_file, rems_enrolment_record, rems_requirements
from .sessions import session_clear_discharge, session_record, session_record_observations
from .switch import course_switch_reassess, switch_decision

__all__ = [
    "STOP_REASON_NEEDED",
    "course_decide_next",
    "course_record_relapse",
    "course_start",
    "course_switch_reassess",
    "course_transition",
    "default_planned_sessions",
    "dose_defer",
    "measurement_record",
    "monitoring_form_content",
    "monitoring_form_file",
    "rems_enrolment_record",
    "rems_requirements",
    "session_clear_discharge",
    "session_record",
    "session_record_observations",
    "slot_book",
    "slot_cancel",
    "switch_decision",
]
