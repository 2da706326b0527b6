"""Issue 17: the organisation portal renders its enrolments table (and the batch form's
suggested runs) from the cache on a repeat visit, under a version of the organisation that
every change to the table renews; whether the visitor may see it is asked on every visit."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lms.accounts.models import Organisation, OrganisationMembership
from lms.enrolment import services
from lms.enrolment.models import Enrolment


@pytest.fixture
def org(db):
    return Organisation.objects.create(name="Gemeente Utrecht")


def contact_of(make_user, organisation, **kw):
    person = make_user(**kw)
    OrganisationMembership.objects.create(
        user=person, organisation=organisation, role="contact", status="approved"
    )
    return person


@pytest.fixture
def contact(make_user, org):
    return contact_of(make_user, org, email="contact@utrecht.nl")


def book(person, run, organisation) -> Enrolment:
    """``person`` enrolled in ``run`` for ``organisation`` (through a save: it sends its
    signal, as the services do)."""
    enrolment = services.enrol(person, run)
    enrolment.organisation = organisation
    enrolment.save()
    return enrolment


def page(client, organisation) -> str:
    response = client.get(reverse("portal:organisation", args=[organisation.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<!--csrf-->" not in body
    return body


def queries(client, organisation) -> int:
    with CaptureQueriesContext(connection) as captured:
        page(client, organisation)
    return len(captured)


def test_a_repeat_visit_costs_the_same_few_queries_with_ten_times_the_enrolments(
    client, contact, org, make_user, make_run, make_module, institution, make_seller
):
    make_seller(institution)

    def grow(n):
        for _ in range(n):
            grow.count += 1
            module = make_module(f"Module {grow.count}")
            book(make_user(), make_run(for_module=module, capacity=30), org)
            make_run(for_module=module, capacity=30)  # a later run to suggest

    grow.count = 0
    client.force_login(contact)
    grow(2)
    first = queries(client, org)
    few = queries(client, org)
    assert few < first
    grow(18)
    assert queries(client, org) > few  # the enrolments changed: computed afresh
    assert queries(client, org) == few
    body = page(client, org)
    assert all(e.run.code in body for e in Enrolment.objects.filter(organisation=org))


def test_enrolment_status_and_new_enrolments_show_at_once(client, contact, org, make_user, run):
    enrolment = book(make_user(), run, org)
    client.force_login(contact)
    substitute = reverse("portal:substitute", args=[enrolment.pk])
    assert substitute in page(client, org)
    services.cancel_enrolment(enrolment, user=contact)
    assert substitute not in page(client, org)
    book(make_user(email="nieuw@utrecht.nl"), run, org)
    assert "nieuw@utrecht.nl" in page(client, org)


def test_run_title_and_participant_name_show_at_once(client, contact, org, make_user, run):
    enrolment = book(make_user(), run, org)
    client.force_login(contact)
    page(client, org)
    run.title = "Een andere titel"
    run.save()
    assert "Een andere titel" in page(client, org)
    enrolment.user.last_name = "Hernoemd-Jansen"
    enrolment.user.save()
    assert "Hernoemd-Jansen" in page(client, org)


def test_module_title_shows_once_published(client, contact, org, make_user, run):
    book(make_user(), run, org)
    client.force_login(contact)
    page(client, org)
    module = run.module.specific
    module.title = "Module met nieuwe naam"
    module.save_revision().publish()
    assert "Module met nieuwe naam" in page(client, org)


def test_a_contact_who_is_no_longer_one_is_refused_at_once(client, contact, org, make_user, run):
    book(make_user(), run, org)
    client.force_login(contact)
    page(client, org)
    OrganisationMembership.objects.filter(user=contact).update(status="requested")  # no signal
    response = client.get(reverse("portal:organisation", args=[org.pk]))
    assert response.status_code == 404


def test_organisations_and_contacts_never_see_each_others_pages(
    client, contact, org, make_user, make_run
):
    elsewhere = Organisation.objects.create(name="Gemeente Zwolle")
    zwolle = contact_of(make_user, elsewhere, email="contact@zwolle.nl")
    colleague = contact_of(make_user, org, email="tweede@utrecht.nl")
    book(make_user(email="a@utrecht.nl"), make_run(code="UTR-1"), org)
    book(make_user(email="b@zwolle.nl"), make_run(code="ZWO-1"), elsewhere)
    client.force_login(contact)
    page(client, org)
    body = page(client, org)  # from the cache
    assert "a@utrecht.nl" in body and "b@zwolle.nl" not in body
    client.force_login(zwolle)
    body = page(client, elsewhere)
    assert "b@zwolle.nl" in body and "a@utrecht.nl" not in body
    assert client.get(reverse("portal:organisation", args=[org.pk])).status_code == 404
    # a second contact of the same organisation gets a page of their own, with their token
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(colleague)
    body = page(browser, org)
    assert "a@utrecht.nl" in body
    tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', body))
    enrolment = Enrolment.objects.get(organisation=org)
    response = browser.post(
        reverse("portal:substitute", args=[enrolment.pk]),
        {"csrfmiddlewaretoken": tokens.pop(), "email": "niemand@utrecht.nl"},
    )
    assert response.status_code == 302  # past the CSRF check (the hand-over itself is refused)


def test_a_refused_batch_shows_the_posted_form_not_the_kept_one(client, contact, org):
    client.force_login(contact)
    page(client, org)
    url = reverse("portal:organisation", args=[org.pk])
    response = client.post(url, {"run_code": "BESTAAT-NIET", "emails": "x@utrecht.nl"})
    body = response.content.decode()
    assert response.status_code == 200 and "BESTAAT-NIET" in body and "x@utrecht.nl" in body
    empty = client.post(url, {})  # an empty POST leaves the form unbound
    assert empty.status_code == 200 and 'name="emails"' in empty.content.decode()
