"""Download my data (AVG art. 15/20): JSON and PDF from the per-app registry, only ever the
signed-in person's own data, and a section that an app registers is included without editing
the view."""

import io
import json

import pytest
from django.urls import reverse
from pypdf import PdfReader

from lms.accounts import personal_data
from lms.enrolment import services

pytestmark = pytest.mark.django_db

URL = "/account/mijn-gegevens/"


def test_needs_login(client):
    assert client.get(URL).status_code == 302


def test_profile_links_to_it(client, user):
    client.force_login(user)
    assert f'href="{URL}"' in client.get(reverse("accounts:profile")).content.decode()


def test_json_holds_every_app_section_and_only_own_data(client, user, make_user, run):
    other = make_user(email="ander@example.org")
    services.enrol(user, run)
    services.enrol(other, run)
    client.force_login(user)
    response = client.get(URL, {"format": "json"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    sections = data["sections"]
    for key in (
        "account",
        "organisation_memberships",
        "newsletter",
        "enrolments",
        "attendance",
        "evaluations",
        "certificates",
        "register_numbers",
        "invoices",
        "booking_requests",
    ):
        assert key in sections, key
    assert sections["account"][0]["email"] == user.email
    assert len(sections["enrolments"]) == 1
    assert "ander@example.org" not in response.content.decode()


def test_pdf_is_readable_and_names_the_sections(client, user):
    client.force_login(user)
    response = client.get(URL, {"format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Je gegevens bij de Gebiedsschool" in text
    assert user.email in text and "Inschrijvingen" in text


def test_a_newly_registered_section_is_included_without_editing_the_view(client, user):
    @personal_data.personal_data_section("example_section", "Example section")
    def _example(person):
        return [{"lesson": "Intro", "person": person.email}]

    try:
        client.force_login(user)
        data = json.loads(client.get(URL, {"format": "json"}).content)
        assert data["sections"]["example_section"] == [{"lesson": "Intro", "person": user.email}]
        assert "Example section" in client.get(URL).content.decode()
    finally:
        personal_data._SECTIONS.pop("example_section")
