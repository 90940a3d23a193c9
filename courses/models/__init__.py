"""The courses app's models, one module per concept."""

from .courses import (
    COURSE_TRANSITIONS,
    GIVING_STATUSES,
    OPEN_STATUSES,
    Course,
    CourseDecision,
    CourseStatus,
    DecisionKind,
    Relapse,
    SpravatoIndication,
)
from .measurements import SCALE_MAX, Measurement, ScaleName
from .rems import (
    MonitoringForm,
    MonitoringFormReminder,
    ReminderKind,
    RemsEnrolment,
    RemsRequirement,
    RemsRequirementCode,
)
from .sessions import (
    AdverseEvent,
    BpDecision,
    DeferredDose,
    Route,
    Session,
    SessionSlot,
    Severity,
    SlotStatus,
    TmsProtocol,
)

__all__ = [
    "COURSE_TRANSITIONS",
    "GIVING_STATUSES",
    "OPEN_STATUSES",
    "SCALE_MAX",
    "AdverseEvent",
    "BpDecision",
    "Course",
    "CourseDecision",
    "CourseStatus",
    "DecisionKind",
    "DeferredDose",
    "Measurement",
    "MonitoringForm",
    "MonitoringFormReminder",
    "Relapse",
    "ReminderKind",
    "RemsEnrolment",
    "RemsRequirement",
    "RemsRequirementCode",
    "Route",
    "ScaleName",
    "Session",
    "SessionSlot",
    "Severity",
    "SlotStatus",
    "SpravatoIndication",
    "TmsProtocol",
]
