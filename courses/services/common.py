"""What every course write shares: lock the course, check its revision, refuse illegal moves."""

from __future__ import annotations

from elevium.lib.errors import Conflict, StaleRevision

from ..models import COURSE_TRANSITIONS, Course, CourseStatus


def locked(course: Course) -> Course:
    """The course's row, locked for this transaction, with its patient's clinic for clocks."""
    return (
        Course.objects.select_for_update(of=("self",))
        .select_related("patient__clinic", "treatment", "pa_case")
        .get(pk=course.pk)
    )


def status_label(status: str) -> str:
    return str(CourseStatus(status).label).lower()


def conflict(message: str, course: Course) -> Conflict:
    return Conflict(message, status=course.status, allowed=sorted(COURSE_TRANSITIONS[course.status]))


def check_revision(course: Course, revision: int | None) -> None:
    """``None``: the caller did not read the course first (a session recorded from the schedule)."""
    if revision is not None and revision != course.revision:
        raise StaleRevision(
            f"This course was changed by someone else (revision {course.revision}, you had {revision}); "
            "reload it.",
            status=course.status,
            allowed=sorted(COURSE_TRANSITIONS[course.status]),
            current=course.revision,
            given=revision,
        )


def move(course: Course, to: str, reason: str = "") -> None:
    """Change the status (the caller saves), refusing a move the status table does not allow."""
    if to == course.status:
        return
    if to not in COURSE_TRANSITIONS[course.status]:
        raise conflict(
            f"A course that is {status_label(course.status)} cannot become {status_label(to)}.", course
        )
    course.status = to
    if reason:
        course.status_reason = reason
