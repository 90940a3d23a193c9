"""The status moves a clinician makes from the course page, in words, and which the course's
status allows now (the table is COURSE_TRANSITIONS; the service refuses the rest with a 409).

Pausing is not offered: a seizure or syncope recorded on a session pauses a course. Planned to
active is not offered either: the first session recorded starts the course."""

from __future__ import annotations

from .models import COURSE_TRANSITIONS, Course, CourseStatus

ACTION_WORDS: dict[str, str] = {
    CourseStatus.ACTIVE: "Resume the course after review",
    CourseStatus.TAPER: "Move to taper",
    CourseStatus.CONTINUATION: "Move to continuation or maintenance",
    CourseStatus.COMPLETED: "Complete the course",
    CourseStatus.STOPPED: "Stop the course",
}

# What the page says once the move is made.
ACTION_DONE: dict[str, str] = {
    CourseStatus.ACTIVE: "Course resumed after review.",
    CourseStatus.TAPER: "Course moved to taper.",
    CourseStatus.CONTINUATION: "Course moved to continuation or maintenance.",
    CourseStatus.COMPLETED: "Course completed.",
    CourseStatus.STOPPED: "Course stopped.",
}


def allowed_actions(course: Course) -> list[tuple[str, str]]:
    """(status, words) for each move offered now, in the order above."""
    allowed = COURSE_TRANSITIONS[course.status]
    return [
        (status, words)
        for status, words in ACTION_WORDS.items()
        if status in allowed and (status != CourseStatus.ACTIVE or course.status == CourseStatus.PAUSED)
    ]
