"""Engagements: logging hours, warnings at 80 % and 100 %, closing, and the refusals."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from lms.bookings import services
from lms.bookings.exceptions import BookingError
from lms.bookings.models import BookingRequest, EngagementSession
from lms.bookings.selectors import hours_usage


@pytest.fixture
def engagement(quoted, team, make_coach):
    booking, _quote, token = quoted("on_the_job")
    services.decide_quote(token, accept=True, name="R. Visser", role="Wethouder")
    coach = make_coach(email="coach@example.org")
    today = timezone.localdate()
    engagement = services.start_engagement(
        booking,
        user=team,
        coaches=[coach],
        goals="Versnellen",
        planned_hours=Decimal("10"),
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=60),
        project_name="Merwedekanaalzone",
    )
    engagement.coach = coach
    return engagement


def log(engagement, coach, hours, **kw):
    return services.log_session(
        engagement,
        coach=coach,
        date=kw.pop("date", timezone.localdate()),
        duration_hours=Decimal(hours),
        topics=kw.pop("topics", "Grondexploitatie"),
        **kw,
    )


def test_start_engagement_requires_coaches_group(quoted, team, make_user):
    booking, _quote, token = quoted("advice")
    services.decide_quote(token, accept=True, name="R", role="W")
    today = timezone.localdate()
    with pytest.raises(BookingError, match="Coaches group"):
        services.start_engagement(
            booking,
            user=team,
            coaches=[make_user()],
            goals="G",
            planned_hours=Decimal("8"),
            starts_on=today,
            ends_on=today,
        )
    booking.refresh_from_db()
    assert booking.state == BookingRequest.State.ACCEPTED


def test_hours_warn_at_80_and_100_percent(engagement):
    coach = engagement.coach
    log(engagement, coach, "7.75")
    assert hours_usage(engagement).warning == ""
    log(engagement, coach, "0.25")
    assert hours_usage(engagement).warning == "80"
    log(engagement, coach, "2")
    usage = hours_usage(engagement)
    assert (usage.used, usage.warning, usage.percentage) == (Decimal("10.00"), "100", 100)


def test_only_own_coach_logs_and_bad_hours_refused(engagement, make_coach):
    stranger = make_coach()
    with pytest.raises(BookingError, match="Only this engagement's coaches"):
        log(engagement, stranger, "1")
    for bad in ("0", "-1", "24.5"):
        with pytest.raises(BookingError, match="at most 24 hours"):
            log(engagement, engagement.coach, bad)
    with pytest.raises(BookingError, match="future date"):
        log(engagement, engagement.coach, "1", date=timezone.localdate() + dt.timedelta(days=1))
    assert EngagementSession.objects.count() == 0


def test_closed_engagement_refuses_hours(engagement, other_user):
    with pytest.raises(BookingError, match="evaluation"):
        services.close_engagement(engagement, user=engagement.coach, evaluation=" ")
    with pytest.raises(BookingError, match="cannot close"):
        services.close_engagement(engagement, user=other_user, evaluation="Goed")
    services.close_engagement(engagement, user=engagement.coach, evaluation="Goed verlopen")
    with pytest.raises(BookingError, match="closed; no more hours"):
        log(engagement, engagement.coach, "1")
    with pytest.raises(BookingError, match="already closed"):
        services.close_engagement(engagement, user=engagement.coach, evaluation="Nog eens")
    assert EngagementSession.objects.count() == 0


def test_closing_training_on_the_job_certifies_named_participants(
    engagement, make_user, make_project, organisation, institution
):
    from lms.certificates.models import Certificate

    project = make_project("Merwedekanaalzone")
    engagement.pilot_project = project
    engagement.save(update_fields=["pilot_project"])
    people = [make_user(first_name="Anne", last_name="Jansen"), make_user(first_name="Bert")]
    engagement.participants.set(people)
    services.close_engagement(engagement, user=engagement.coach, evaluation="Goed")
    certificates = Certificate.objects.order_by("user_id")
    assert [c.user for c in certificates] == people
    first = certificates[0]
    assert first.holder_name == "Anne Jansen"
    assert first.module_title.endswith(": Merwedekanaalzone") and first.module is None
    assert first.institution_name == institution.title and first.organisation == organisation
    assert first.completion_date == timezone.localdate()


def test_closing_again_is_refused_and_issues_no_second_certificate(engagement, make_user):
    from lms.certificates.models import Certificate

    engagement.participants.set([make_user()])
    services.close_engagement(engagement, user=engagement.coach, evaluation="Goed")
    with pytest.raises(BookingError, match="already closed"):
        services.close_engagement(engagement, user=engagement.coach, evaluation="Nog eens")
    assert Certificate.objects.count() == 1
    engagement.refresh_from_db()
    assert engagement.evaluation == "Goed"


def test_advice_grants_no_certificate(quoted, team, make_coach, make_user):
    from lms.certificates.models import Certificate

    booking, _quote, token = quoted("advice")
    services.decide_quote(token, accept=True, name="R", role="W")
    today = timezone.localdate()
    advice = services.start_engagement(
        booking,
        user=team,
        coaches=[make_coach()],
        goals="Advies",
        planned_hours=Decimal("4"),
        starts_on=today,
        ends_on=today,
        participants=[make_user()],
    )
    assert advice.participants.count() == 1
    services.close_engagement(advice, user=team, evaluation="Klaar")
    assert not Certificate.objects.exists()
