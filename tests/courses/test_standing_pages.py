"""The programme content brings a privacy statement (AVG art. 13), the terms accepted at
checkout and a contact page, linked from the footer; and a full run so the README's
walk-through can try the waiting list at once (issue 24, Broken 8 and the walk-through)."""

import pytest
from django.conf import settings

from lms.enrolment import seats
from lms.enrolment.eligibility import RunState, run_state
from lms.enrolment.models import CourseRun

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_programme")]

#: AVG art. 13: controller and contact, purposes with legal basis, recipients and processors,
#: retention (with the fiscal seven years), rights, the complaint to the AP, how to ask.
PRIVACY_MUST_NAME = [
    "verwerkingsverantwoordelijke",
    "privacy@gebiedsschool.nl",
    "Grond: uitvoering van de overeenkomst",
    "Grond: wettelijke verplichting",
    "Grond: toestemming",
    "Grond: gerechtvaardigd belang",
    "betaaldienst",
    "e-maildienst",
    "hostingpartij",
    "opslagdienst",
    "zeven jaar",
    "art. 52 Algemene wet inzake rijksbelastingen",
    "Houd me op de hoogte",
    "AVG art. 15 tot en met 21",
    "Autoriteit Persoonsgegevens",
]


def test_privacy_statement_names_what_article_13_asks(client):
    text = client.get("/privacy/").content.decode()
    for phrase in PRIVACY_MUST_NAME:
        assert phrase in text, phrase


def test_terms_carry_the_version_accepted_at_checkout(client):
    text = client.get("/voorwaarden/").content.decode()
    assert f"versie {settings.BILLING_TERMS_VERSION}" in text
    assert "6:230o" in text


def test_contact_page_and_footer_links(client):
    text = client.get("/contact/").content.decode()
    assert "info@gebiedsschool.nl" in text
    home = client.get("/").content.decode()
    footer = home[home.index("<footer") :]
    for href in ('href="/privacy/"', 'href="/voorwaarden/"', 'href="/contact/"'):
        assert href in footer


def test_the_walk_through_run_is_full_so_the_waiting_list_can_be_tried():
    run = CourseRun.objects.get(code="PLF-PAR-01")
    assert seats.seats_left(run) == 0
    assert run_state(run).code in (RunState.FULL, RunState.NOT_BOOKABLE)
    assert not run.enrolments.exclude(user__email__endswith="@gebiedsschool.invalid").exists()
    assert not any(e.user.has_usable_password() for e in run.enrolments.all())
