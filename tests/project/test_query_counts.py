"""Pages that list things keep a constant number of queries as the data grows: each test counts
the queries of one page, adds ten times the rows, and counts again."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lms.enrolment import services
from lms.enrolment.models import Enrolment


def queries(client, url) -> int:
    client.get(url)  # warm per-process caches (site root, content types)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_module_page_with_many_runs(client, module, make_run, django_assert_max_num_queries):
    make_run(starts=timezone.now() + dt.timedelta(days=10), sessions=3)
    few = queries(client, module.url)
    for i in range(10):
        make_run(starts=timezone.now() + dt.timedelta(days=11 + i), sessions=3)
    assert queries(client, module.url) == few
    # page, runs, sessions, seats, findings, tags, …; the runs' public state adds three, once
    # for all runs: waiting lists, the module's institution and its seller profile; the price
    # incl. VAT one more (the seller).
    with django_assert_max_num_queries(22):
        client.get(module.url)


def test_home_page(client, home_page, make_module, make_run):
    make_run(for_module=make_module("Module eerst"))
    few = queries(client, "/")
    for i in range(10):
        make_run(for_module=make_module(f"Module {i}"))
    assert queries(client, "/") == few


def test_admin_participants_list(client, programme_team_user, make_run, make_user):
    run = make_run(capacity=40, sessions=3)
    services.enrol(make_user(), run)
    client.force_login(programme_team_user)
    url = reverse("enrolment_run_participants", args=[run.pk])
    few = queries(client, url)
    for _ in range(20):
        services.enrol(make_user(), run)
    assert queries(client, url) == few


def test_admin_run_and_enrolment_listings(client, programme_team_user, make_run, make_user):
    services.enrol(make_user(), make_run())
    client.force_login(programme_team_user)
    urls = [reverse(f"wagtailsnippets_enrolment_{m}:list") for m in ("courserun", "enrolment")]
    few = [queries(client, url) for url in urls]
    for _ in range(15):
        services.enrol(make_user(), make_run())
    assert [queries(client, url) for url in urls] == few


def test_portal(client, user, make_run, make_module):
    services.enrol(user, make_run(for_module=make_module("Module eerst")))
    client.force_login(user)
    few = queries(client, reverse("portal:dashboard"))
    for i in range(10):
        services.enrol(user, make_run(for_module=make_module(f"Module {i}")))
    assert queries(client, reverse("portal:dashboard")) == few


def test_stored_certificate_download(
    client, user, make_run, make_module, programme_team_user, time_machine
):
    """A stored PDF is served without a row lock, rendering or extra queries, however large
    the catalogue is."""
    from unittest import mock

    from lms.certificates.models import Certificate

    run = make_run(sessions=1)
    enrolment = services.enrol(user, run)
    time_machine.move_to(run.sessions.last().ends_at + dt.timedelta(hours=1))
    for session in run.sessions.all():
        services.record_attendance(enrolment, session, True, user=programme_team_user)
    services.complete_enrolment(enrolment, user=programme_team_user)
    certificate = Certificate.objects.get(enrolment=enrolment)
    client.force_login(user)
    url = certificate.get_download_url()
    few = queries(client, url)  # the first request renders and stores the PDF
    for i in range(10):
        make_run(for_module=make_module(f"Module {i}"), sessions=1)
    with (
        mock.patch.object(
            Certificate.objects, "select_for_update", side_effect=AssertionError("locked")
        ),
        mock.patch("lms.certificates.stored_pdf.render_pdf", side_effect=AssertionError),
    ):
        assert queries(client, url) == few
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
    assert not any("SAVEPOINT" in q["sql"] or "FOR UPDATE" in q["sql"] for q in captured)


def test_portal_with_ten_times_the_catalogue(client, user, make_run, make_module):
    """Mijn leeromgeving costs the same however many modules and runs others can book."""
    services.enrol(user, make_run(for_module=make_module("Module eerst")))
    services.enrol(user, make_run(for_module=make_module("Module tweede")))
    client.force_login(user)
    url = reverse("portal:dashboard")
    few = queries(client, url)
    for i in range(20):
        make_run(for_module=make_module(f"Module {i}"), sessions=2)
    assert queries(client, url) == few
    first = Enrolment.objects.filter(user=user).select_related("run__module").first()
    page = client.get(url).content.decode()
    assert f'<a href="{first.run.module.url}">{first.run.display_title}</a>' in page


def test_admin_participants_with_ten_times_the_catalogue(
    client, programme_team_user, module, make_run, make_module, make_user
):
    """Other modules' runs and participants, and more runs of the same module, cost nothing."""
    run = make_run(capacity=40, sessions=3)
    person = make_user(first_name="Fenna", last_name="Bos")
    services.enrol(person, run)
    services.enrol(make_user(), make_run(for_module=module))
    client.force_login(programme_team_user)
    url = reverse("enrolment_run_participants", args=[run.pk])
    few = queries(client, url)
    for i in range(10):
        services.enrol(make_user(), make_run(for_module=make_module(f"Module {i}"), sessions=3))
        make_run(for_module=module, sessions=1)
    assert queries(client, url) == few
    page = client.get(url).content.decode()
    session = run.sessions.order_by("starts_at").first()
    assert f'name="present-{run.enrolments.get().pk}-{session.pk}"' in page
    assert f"{person} aanwezig bij {session}" in page or f"{person} present at {session}" in page
    assert page.count("<option value=") == 11 * run.enrolments.count()


def test_organisation_portal_with_ten_times_the_catalogue(
    client, make_user, make_run, make_module, module
):
    """The contact's page lists the runs of modules the organisation booked and its own
    enrolments: ten times the catalogue changes neither its queries nor its list."""
    from lms.accounts.models import Organisation, OrganisationMembership
    from lms.enrolment import batches

    org = Organisation.objects.create(name="Gemeente Utrecht")
    contact = make_user(email="contact@utrecht.nl")
    OrganisationMembership.objects.create(
        user=contact, organisation=org, role="contact", status="approved"
    )
    booked = make_run(price=0)
    batches.enrol_batch(contact, org, booked, ["a@utrecht.nl", "b@utrecht.nl"])
    again = make_run(for_module=module, price=0)  # a later run of the module booked before
    client.force_login(contact)
    url = reverse("portal:organisation", args=[org.pk])
    few = queries(client, url)
    for i in range(20):
        make_run(for_module=make_module(f"Module {i}"), price=0)
    assert queries(client, url) == few
    options = client.get(url).context["form"].fields["run"].widget.choices
    assert [pk for pk, _label in options][1:] == [booked.pk, again.pk]
    # a run outside the list is booked by typing its code
    other = make_run(for_module=make_module("Elders"), price=0)
    response = client.post(url, {"run_code": other.code, "emails": "c@utrecht.nl"})
    assert response.status_code == 302
    assert other.enrolments.filter(organisation=org).count() == 1
    refused = client.post(url, {"run_code": "NOPE-1", "emails": "d@utrecht.nl"})
    assert refused.status_code == 200
    assert "run_code" in refused.context["form"].errors
