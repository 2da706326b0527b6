"""The steering dashboard in the browser, as the programme team, with data in every table:
axe checks the page and a full-page screenshot is written (see conftest) so a person can look
at the charts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests import second_factor
from tests.conftest import PASSWORD
from tests.e2e.conftest import SCREENSHOTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _finish_with_evaluations(run, make_user, answers: int) -> None:
    """Move ``run``'s sessions into the past and give it ``answers`` evaluations (+1 open)."""
    from lms.enrolment.models import Enrolment, Evaluation, Session

    for i, session in enumerate(Session.objects.filter(run=run).order_by("starts_at")):
        begin = timezone.now() - dt.timedelta(days=30 - 7 * i)
        Session.objects.filter(pk=session.pk).update(
            starts_at=begin, ends_at=begin + dt.timedelta(hours=6)
        )
    for i in range(answers + 1):
        enrolment = Enrolment.objects.create(run=run, user=make_user(), state="completed", price=0)
        answered = {
            "content_score": 6 + i % 4,
            "trainer_score": 7 + i % 3,
            "organisation_score": 8 - i % 3,
            "applicability_score": 5 + i % 5,
            "would_recommend": 6 + i % 5,
            "comments": f"Opmerking {run.code} {i}: de casussen hielpen bij het eigen project.",
            "submitted_at": timezone.now(),
        }
        Evaluation.objects.create(
            enrolment=enrolment, invited_at=timezone.now(), **(answered if i < answers else {})
        )


def test_programme_team_looks_at_the_dashboard(browser, programme, programme_team_user, make_user):
    from courses.models import CourseModulePage, TrainingFormatPage
    from lms.accounts.models import Organisation
    from lms.billing.models import ModuleBudget
    from lms.bookings.models import BookingRequest, Engagement, EngagementSession
    from lms.enrolment.models import CourseRun

    modules = list(CourseModulePage.objects.order_by("title")[:3])
    for answers, module in zip((6, 5, 3), modules, strict=True):
        _finish_with_evaluations(
            CourseRun.objects.filter(module=module).first(), make_user, answers
        )
        ModuleBudget.objects.create(
            module=module,
            development_cost=Decimal("12000.00"),
            programme_contribution=Decimal("4000.00"),
        )
    org = Organisation.objects.create(name="Gemeente Zwolle", kind="municipality")
    for page in TrainingFormatPage.objects.all():
        for state in ("new", "quoted", "accepted"):
            request = BookingRequest.objects.create(
                format=page,
                format_kind=page.kind,
                organisation=org,
                organisation_name=org.name,
                organisation_kind="municipality",
                contact_name="Contact",
                contact_email="contact@zwolle.example",
                expected_participants=12,
                preferred_start=timezone.localdate(),
                preferred_end=timezone.localdate() + dt.timedelta(days=60),
                place="online",
                question="Vraag",
                state=state,
            )
        engagement = Engagement.objects.create(
            booking=request,
            organisation=org,
            project_name=f"Stationsgebied ({page.title})",
            goals="Doelen",
            planned_hours=Decimal("24"),
            starts_on=timezone.localdate() - dt.timedelta(days=20),
            ends_on=timezone.localdate() + dt.timedelta(days=40),
        )
        EngagementSession.objects.create(
            engagement=engagement,
            coach=programme_team_user,
            date=timezone.localdate(),
            duration_hours=Decimal("6.5"),
            topics="Aanpak",
        )

    page = browser.page
    browser.goto("/account/inloggen/", name="team-login")
    page.fill("#id_username", programme_team_user.email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Inloggen").last.click()
    second_factor.pass_in_browser(browser, programme_team_user, "/beheer/resultaten/")
    page.set_viewport_size({"width": 1280, "height": 900})
    browser.goto("/beheer/resultaten/", name="dashboard")
    assert page.locator("svg[role=img]").count() >= 8
    assert page.get_by_role("heading", name="Kerncijfers").is_visible()  # issue 24: on top
    page.set_viewport_size({"width": 390, "height": 844})
    chooser = page.locator("[data-chooser-action-choose]").first
    box = chooser.bounding_box()
    assert box["x"] + box["width"] <= 390  # the module chooser stays on screen
    # Issue 17: the module filter is Wagtail's page chooser (search in a modal), not a list of
    # the whole catalogue; the team picks a module by searching and the figures narrow to it.
    chosen = modules[0]
    page.set_viewport_size({"width": 1280, "height": 900})
    chooser.click()
    modal = page.locator(".modal-dialog")
    modal.locator("input[name=q]").fill(chosen.title[:12])
    modal.locator(f"a.choose-page[data-id='{chosen.pk}']").click()
    page.locator("form[aria-label] button[type=submit]").first.click()
    page.wait_for_url(f"**module={chosen.pk}**")
    assert page.locator("input[name=module]").input_value() == str(chosen.pk)
    assert page.get_by_text(chosen.title).first.is_visible()
    assert page.get_by_text("Opmerking", exact=False).count() >= 11  # 6 + 5 comments
    # Wagtail's admin scrolls inside its own panel, so a full-page shot stops at the viewport:
    # a tall viewport shows the whole dashboard for a person to look at.
    height = page.evaluate("document.querySelector('main, #main').scrollHeight")
    page.set_viewport_size({"width": 1280, "height": min(max(height + 200, 900), 16000)})
    page.screenshot(path=SCREENSHOTS / "dashboard-whole-1280.png")
