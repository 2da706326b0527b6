"""A paid run without a seller profile is "binnenkort te boeken" with a notify-me sign-up that
mails once when booking opens and then deletes the row (issue 24, Broken 6)."""

from decimal import Decimal

from django.core import mail
from django.urls import reverse

from lms.enrolment import jobs
from lms.enrolment.interests import notify_bookable_runs
from lms.enrolment.models import CourseRun, RunInterest


def test_module_page_offers_notify_me_instead_of_a_dead_end(client, run, module):
    html = client.get(module.url).content.decode()
    assert "Binnenkort te boeken" in html
    assert reverse("enrolment:notify_me", args=[run.pk]) in html
    assert f'href="{reverse("enrolment:enrol", args=[run.pk])}"' not in html
    assert "verkopersprofiel" not in html


def test_sign_up_mails_once_when_booking_opens_then_forgets(
    client, run, make_seller, institution, django_capture_on_commit_callbacks
):
    url = reverse("enrolment:notify_me", args=[run.pk])
    assert client.get(url).status_code == 200
    for _ in range(2):
        assert client.post(url, {"email": "Anneke@Example.org"}).status_code == 302
    assert RunInterest.objects.get().email == "anneke@example.org"
    assert notify_bookable_runs() == "mailed 0, dropped 0"
    assert not mail.outbox and RunInterest.objects.count() == 1

    make_seller(institution)
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_bookable_runs() == "mailed 1, dropped 0"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["anneke@example.org"]
    assert reverse("enrolment:enrol", args=[run.pk]) in mail.outbox[0].body
    assert not RunInterest.objects.exists()
    notify_bookable_runs()
    assert len(mail.outbox) == 1
    assert notify_bookable_runs in jobs.JOBS


def test_rows_of_a_cancelled_run_are_deleted_without_mail(client, run):
    client.post(reverse("enrolment:notify_me", args=[run.pk]), {"email": "a@example.org"})
    CourseRun.objects.filter(pk=run.pk).update(status=CourseRun.Status.CANCELLED)
    assert notify_bookable_runs() == "mailed 0, dropped 1"
    assert not mail.outbox and not RunInterest.objects.exists()


def test_bookable_runs_refuse_the_sign_up_and_bad_addresses_show_an_error(client, make_run):
    free = make_run(price=Decimal("0.00"))
    url = reverse("enrolment:notify_me", args=[free.pk])
    client.post(url, {"email": "a@example.org"})
    assert not RunInterest.objects.exists()
    paid = make_run()
    page = client.post(reverse("enrolment:notify_me", args=[paid.pk]), {"email": "nope"})
    assert page.status_code == 200 and page.context["form"].errors


def test_an_over_long_address_is_a_field_error_not_a_write(client, run):
    """Found by the fuzz test on PostgreSQL: a 262-character address was a DataError (500)."""
    response = client.post(
        reverse("enrolment:notify_me", args=[run.pk]), {"email": "x" * 250 + "@example.org"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not RunInterest.objects.exists()
