from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    # Completes reassessments, accepts or overrides eligibility conclusions.
    CLINICIAN = "clinician", "Clinician"
    # Checks benefits, works prior-authorization cases.
    CARE_COORDINATOR = "care_coordinator", "Care coordinator"
    # Reviews the rationale behind recommendations; reads, does not edit clinical data.
    REVIEWER = "reviewer", "Reviewer"
    # Manages users and browses the audit trail; sees no patient records.
    ADMIN = "admin", "Administrator"
    # Gives treatment sessions (TMS technician, nurse): sees the schedule and the courses, records
    # sessions and observations; signs no reassessment, decides no candidacy, works no PA case.
    TREATMENT_STAFF = "treatment_staff", "Treatment staff"


ALL_ROLES = frozenset(Role)

# Who may do what, declared once; views and API views of every app name these groups.
# Everyone who may see patient records: administrators see none.
PATIENT_READERS = frozenset({Role.CLINICIAN, Role.CARE_COORDINATOR, Role.REVIEWER})
# Register and edit patients; add, edit and end their coverages.
PATIENT_WRITERS = frozenset({Role.CLINICIAN, Role.CARE_COORDINATOR})
# Start, edit, complete, sign and amend reassessments.
REASSESSMENT_WRITERS = frozenset({Role.CLINICIAN})
# Run an evaluation of a reassessment or a posted document.
EVALUATORS = frozenset({Role.CLINICIAN, Role.REVIEWER})
# Accept or override an evaluation's conclusion for a treatment.
DECIDERS = frozenset({Role.CLINICIAN})
# Start and read re-evaluation batches (counts only, no patient data).
BATCH_RUNNERS = frozenset({Role.REVIEWER, Role.ADMIN})
# Work prior-authorization cases and record benefits checks.
PA_WORKERS = frozenset({Role.CARE_COORDINATOR})
# Write, finalize and amend a PA case's letter of medical necessity (coordinators read it and
# attach the finalized letter: PA_WORKERS).
LETTER_SIGNERS = frozenset({Role.CLINICIAN})
# See treatment courses, the session schedule and outcomes (courses app).
COURSE_READERS = PATIENT_READERS | {Role.TREATMENT_STAFF}
# Record sessions, observations after dosing, measurements, REMS enrolments and monitoring forms.
SESSION_RECORDERS = frozenset({Role.CLINICIAN, Role.TREATMENT_STAFF})
# Start a course from an approved PA case (or self-pay) and book its sessions.
COURSE_STARTERS = frozenset({Role.CLINICIAN, Role.CARE_COORDINATOR})
# Book and cancel a course's sessions on the schedule from the course page: the clinicians and
# coordinators who start courses, and the treatment staff who run the rooms and chairs.
SLOT_BOOKERS = COURSE_STARTERS | SESSION_RECORDERS
# Clear discharge after Spravato, decide the next step, stop or resume a course.
COURSE_DECIDERS = frozenset({Role.CLINICIAN})
