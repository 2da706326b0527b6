"""The enrolment app's models, one module per topic, all importable from here.

- ``runs``: :class:`CourseRun` (one scheduled offering of a module) and its :class:`Session` s;
- ``enrolments``: :class:`Enrolment` (a person's place in a run), :class:`Attendance` and
  :class:`CalendarFeed`;
- ``offers``: :class:`Offer` (a seat held for a waitlisted person);
- ``evaluations``: :class:`Evaluation` and its ``SCORE_FIELDS``;
- ``interests``: :class:`RunInterest` ("houd me op de hoogte").

The modules import only Django and each other (runs ← enrolments ← offers, evaluations), never
the app's services or seat rule, so ``lms.enrolment.seats`` and everything above it can import
the models at module level. Free seats are computed by ``lms.enrolment.seats``, never stored.
"""

from .enrolments import Attendance, CalendarFeed, Enrolment, EnrolmentQuerySet
from .evaluations import SCORE_FIELDS, Evaluation, EvaluationQuerySet
from .interests import RunInterest
from .offers import Offer, OfferQuerySet
from .runs import CourseRun, CourseRunQuerySet, Session, WaitlistMode, new_invite_code

__all__ = [
    "SCORE_FIELDS",
    "Attendance",
    "CalendarFeed",
    "CourseRun",
    "CourseRunQuerySet",
    "Enrolment",
    "EnrolmentQuerySet",
    "Evaluation",
    "EvaluationQuerySet",
    "Offer",
    "OfferQuerySet",
    "RunInterest",
    "Session",
    "WaitlistMode",
    "new_invite_code",
]
