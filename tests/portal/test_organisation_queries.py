"""Issue 17: the organisation portal's batch form checks whether its suggested runs can be
sold for all of them at once: booking colleagues into runs of more modules adds no queries
(measured on visits that compute the page, with the cache emptied: the portal keeps it)."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lms.enrolment import services
from lms.enrolment.models import Enrolment


def test_suggestions_of_many_modules_cost_the_same(
    client, make_user, make_run, make_module, institution, make_seller
):
    from lms.accounts.models import Organisation, OrganisationMembership

    make_seller(institution)
    org = Organisation.objects.create(name="Gemeente Utrecht")
    contact = make_user(email="contact@utrecht.nl")
    OrganisationMembership.objects.create(
        user=contact, organisation=org, role="contact", status="approved"
    )
    url = reverse("portal:organisation", args=[org.pk])
    client.force_login(contact)

    def book(n):
        for _ in range(n):
            run = make_run(for_module=make_module(f"Module {book.count}"), capacity=30)
            book.count += 1
            enrolment = services.enrol(make_user(), run)
            Enrolment.objects.filter(pk=enrolment.pk).update(organisation=org)
            make_run(for_module=run.module, capacity=30)  # a later run to suggest

    book.count = 0

    def queries() -> int:
        client.get(url)
        cache.clear()  # the organisation's enrolments were changed by update(): no signal
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured)

    book(2)
    few = queries()
    book(6)
    assert queries() == few
    cache.clear()
    assert client.get(url).content.decode().count("<option") == 1 + 16
