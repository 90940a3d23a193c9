"""The pages that bring the domain apps together: each role's home and the patient page.

They sit above every domain app so that the apps below them never import upward: accounts is
cross-cutting and patients is the lowest domain app, yet a coordinator's home counts PA cases
and the patient page gathers reassessments, evaluations, coverages and PA cases. Their URLs keep
the ``accounts:`` and ``patients:`` names they always had (frontdesk/urls.py).
"""
