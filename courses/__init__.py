"""Treatment courses after an approved PA (issue 15): sessions, REMS monitoring, outcomes, next steps.

Layers: ``clinical/`` is pure (no Django); ``services`` do every write (atomic, audited, errors
from elevium/lib/errors.py); ``selectors`` do every read (clinic-scoped, prefetched, audited);
``api/`` is thin DRF; ``sweeps``/``tasks`` the monitoring-form reminders on beat.

For pages: ``selectors.course_list`` / ``course_list_audit`` (patient page, lists),
``course_get_for_user`` + ``course_progress`` (course page: units, days left, outcome, flags,
proposals, ``chart`` with baseline, response line and remission line), ``schedule_for_day``
(schedule: slots with ``missing`` and ``at_chair`` checks), ``courses_near_limits`` (coordinator
worklist), ``outcomes_by_treatment`` (reviewer), ``monitoring_forms_pending`` and
``session_get_for_user``. Writes: ``services.session_record(data=inputs.SessionInput)`` and the
others listed in ``services/__init__.py``.
"""
