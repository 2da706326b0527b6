"""Staff admin: participants with waiting list and offers, CSV, move, cancel, promote; run
edits that lower seats below those taken are refused; a changed schedule is announced."""

import csv
import io

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from lms.enrolment import services
from lms.enrolment.models import Enrolment, Offer
from lms.enrolment.tasks import KIND_HEADER


def test_participants_page_shows_waiting_list_and_offers(
    client, programme_team_user, make_run, make_user
):
    run = make_run(capacity=1)
    holder = services.enrol(make_user(), run)
    waiting = [services.enrol(make_user(), run) for _ in range(2)]
    services.cancel_enrolment(holder, user=holder.user)
    client.force_login(programme_team_user)
    page = client.get(reverse("enrolment_run_participants", args=[run.pk]))
    assert page.status_code == 200
    listed = page.context["waiting"]
    assert [(e.pk, e.position) for e in listed] == [(waiting[0].pk, 1), (waiting[1].pk, 2)]
    assert listed[0].open_offer is not None and listed[1].open_offer is None


def test_csv_export_and_refusal_for_others(client, programme_team_user, user, make_run):
    run = make_run()
    services.enrol(user, run)
    url = reverse("enrolment_run_participants_csv", args=[run.pk])
    client.force_login(programme_team_user)
    response = client.get(url)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][1] == user.email and rows[1][4] == "495,00"
    client.force_login(user)
    assert client.get(url).status_code in (302, 403, 404)


def test_staff_move_cancel_and_promote(client, programme_team_user, make_run, make_user):
    source, target = make_run(capacity=1), make_run(capacity=2)
    moving = services.enrol(make_user(), source)
    waiting = services.enrol(make_user(), source)
    client.force_login(programme_team_user)
    url = reverse("enrolment_run_participants", args=[source.pk])
    client.post(url, {"move": moving.pk, "to_run": target.pk})
    assert target.enrolments.get().user == moving.user
    offer = Offer.objects.get()
    assert offer.enrolment == waiting
    client.post(url, {"cancel": waiting.pk})
    waiting.refresh_from_db()
    assert waiting.state == Enrolment.State.CANCELLED


def run_form(run, **changes):
    sessions = [
        {
            "id": s.pk,
            "title": s.title,
            "starts_at": s.starts_at.strftime("%Y-%m-%d %H:%M"),
            "ends_at": s.ends_at.strftime("%Y-%m-%d %H:%M"),
            "location": s.location,
            "online_url": "",
            "is_compulsory": "",
        }
        for s in run.sessions.all()
    ]
    fields = {
        "module": run.module_id,
        "code": run.code,
        "title": run.title,
        "place": run.place,
        "capacity": run.capacity,
        "price": run.price,
        "status": run.status,
        "free_cancellation_days": run.free_cancellation_days,
        "min_participants": run.min_participants,
        "waitlist_mode": run.waitlist_mode,
        "offer_hours": run.offer_hours,
        "hold_days": run.hold_days,
        "sessions": inline_formset(sessions, min=1),
    }
    fields.update(changes)
    return nested_form_data(fields)


def test_admin_refuses_capacity_below_seats_taken_and_announces_a_new_place(
    client, programme_team_user, make_run, make_user, django_capture_on_commit_callbacks
):
    run = make_run(capacity=3)
    for _ in range(2):
        services.enrol(make_user(), run)
    client.force_login(programme_team_user)
    url = reverse("wagtailsnippets_enrolment_courserun:edit", args=[run.pk])
    refused = client.post(url, run_form(run, capacity=1))
    assert refused.status_code == 200
    assert refused.context["form"].errors["capacity"] == [
        "Er zijn 2 plaatsen bezet; de uitvoering kan niet minder plaatsen hebben."
    ]
    run.refresh_from_db()
    assert run.capacity == 3
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post(url, run_form(run, place="Utrecht"))
    assert saved.status_code == 302
    run.refresh_from_db()
    assert run.place == "Utrecht"
    changed = [m for m in mail.outbox if m.extra_headers[KIND_HEADER] == "run_changed"]
    assert len(changed) == 2


def test_staff_cancel_the_run_from_the_participants_page(
    client, programme_team_user, user, make_run
):
    run = make_run()
    enrolment = services.enrol(user, run)
    client.force_login(user)
    url = reverse("enrolment_run_participants", args=[run.pk])
    client.post(url, {"decide": "nogo"})
    run.refresh_from_db()
    assert run.status == "published"  # not staff: refused
    client.force_login(programme_team_user)
    client.post(url, {"decide": "nogo"})
    run.refresh_from_db()
    enrolment.refresh_from_db()
    assert run.status == "cancelled" and enrolment.state == "cancelled"


def test_dashboard_shows_waiting_position_and_offer_with_constant_queries(
    client, make_run, make_user, django_assert_max_num_queries
):
    person = make_user()
    runs = [make_run(capacity=1) for _ in range(3)]
    for run in runs:
        services.enrol(make_user(), run)
        services.enrol(make_user(), run)
        services.enrol(person, run)
    client.force_login(person)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("portal:dashboard"))
    assert [e.waiting_position for e in page.context["current"]] == [2, 2, 2]


def test_transitions_are_visible_in_the_enrolment_history(
    client, programme_team_user, make_run, make_user
):
    run = make_run(capacity=1)
    holder = services.enrol(make_user(), run)
    waiting = services.enrol(make_user(), run)
    services.cancel_enrolment(holder, user=holder.user)
    client.force_login(programme_team_user)
    history = client.get(reverse("wagtailsnippets_enrolment_enrolment:history", args=[holder.pk]))
    assert history.status_code == 200
    offers_list = client.get(reverse("wagtailsnippets_enrolment_offer:list"))
    assert offers_list.status_code == 200
    assert str(waiting.user) in offers_list.content.decode()


def test_attendance_checkbox_text_is_hidden_with_wagtails_own_class(
    client, programme_team_user, make_run, make_user
):
    """The admin loads Wagtail's CSS, not site.css: the screen-reader text of each attendance
    checkbox must use Wagtail's ``w-sr-only`` or it shows on screen."""
    from pathlib import Path

    run = make_run()
    services.enrol(make_user(), run)
    client.force_login(programme_team_user)
    body = client.get(reverse("enrolment_run_participants", args=[run.pk])).content.decode()
    assert '<span class="w-sr-only">' in body
    root = Path(__file__).resolve().parents[2] / "lms"
    offenders = [
        str(path)
        for path in root.glob("*/templates/*/admin/**/*.html")
        if "visually-hidden" in path.read_text()
    ]
    assert offenders == []


def test_runs_listing_shows_first_session_and_institution_sorted_by_date(
    client, programme_team_user, make_run
):
    import datetime as dt

    from django.utils import timezone

    later = make_run(code="LATER", starts=timezone.now() + dt.timedelta(days=90))
    sooner = make_run(code="SOONER", starts=timezone.now() + dt.timedelta(days=10))
    client.force_login(programme_team_user)
    body = client.get(reverse("wagtailsnippets_enrolment_courserun:list")).content.decode()
    assert body.index(sooner.code) < body.index(later.code)
    assert "Eerste bijeenkomst" in body or "First session" in body
    assert "TU Delft" in body
    start = timezone.localtime(sooner.sessions.order_by("starts_at").first().starts_at)
    months = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ]
    assert f"{start.day} {months[start.month - 1]} {start.year}" in body


@pytest.mark.parametrize("to_run", ["abc", "", "-1", "1.5", "99999999999999999999999"])
def test_staff_move_to_a_run_that_is_no_number_is_a_message(
    client, programme_team_user, make_run, make_user, to_run
):
    """Issue 15: before, a non-numeric ``to_run`` raised ValueError (a 500)."""
    source = make_run()
    moving = services.enrol(make_user(), source)
    client.force_login(programme_team_user)
    url = reverse("enrolment_run_participants", args=[source.pk])
    response = client.post(url, {"move": moving.pk, "to_run": to_run}, follow=True)
    assert response.status_code == 200
    assert "Kies de uitvoering" in response.content.decode() or "Choose the run" in (
        response.content.decode()
    )
    moving.refresh_from_db()
    assert moving.state == Enrolment.State.CONFIRMED
