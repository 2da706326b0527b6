"""Fixtures for certificate tests: a run that has ended, with participants and attendance."""

import datetime as dt

import pytest
from django.core.cache import cache

from lms.enrolment import services


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Verification lookups are rate-limited in the cache: every test starts counting at 0."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def ended_run(run, time_machine):
    """The default run (two sessions), with the clock moved past its last session."""

    def finish():
        last = run.sessions.order_by("-ends_at").first()
        time_machine.move_to(last.ends_at + dt.timedelta(hours=1))
        return run

    return finish


@pytest.fixture
def attend(programme_team_user):
    """``attend(enrolment, *sessions)`` marks the enrolment present at those sessions."""

    def mark(enrolment, *sessions):
        for session in sessions:
            services.record_attendance(enrolment, session, True, user=programme_team_user)

    return mark
