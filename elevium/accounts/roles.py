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


ALL_ROLES = frozenset(Role)
