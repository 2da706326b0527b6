"""Completion in the admin issues a certificate; the PDF is private; verification is public."""

import datetime as dt
import io

import pytest
from django.http import HttpRequest  # django-axes needs a request in authenticate()
from django.urls import reverse
from pypdf import PdfReader

from lms.certificates.codes import ALPHABET, CODE_LENGTH, normalise_code
from lms.certificates.models import Certificate
from lms.enrolment import services
from lms.enrolment.models import Enrolment
from tests.conftest import PASSWORD


@pytest.fixture
def completed(user, programme_team_user, run, time_machine, client):
    """Anneke enrols; staff ticks attendance and completes her in the admin."""
    enrolment = services.enrol(user, run)
    last = run.sessions.last()
    time_machine.move_to(last.ends_at + dt.timedelta(hours=1))
    client.force_login(programme_team_user)
    url = reverse("enrolment_run_participants", args=[run.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "anneke@example.org" in page.content.decode()
    data = {f"present-{enrolment.pk}-{s.pk}": "on" for s in run.sessions.all()}
    response = client.post(url, {**data, "complete": enrolment.pk})
    assert response.status_code == 302
    client.logout()
    enrolment.refresh_from_db()
    return enrolment


def pdf_text(response) -> str:
    data = b"".join(response.streaming_content)
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_staff_completion_issues_certificate_with_attendance(completed):
    assert completed.state == Enrolment.State.COMPLETED
    assert completed.attendances.filter(present=True).count() == 2
    certificate = completed.certificate
    assert certificate.module_title == "Gebiedstransformatie"
    assert certificate.institution_name == "TU Delft"
    assert len(certificate.code) == CODE_LENGTH
    assert set(certificate.code) <= set(ALPHABET)


def test_owner_downloads_pdf_with_the_facts(client, user, completed):
    certificate = completed.certificate
    client.force_login(user)
    response = client.get(certificate.get_download_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    text = pdf_text(response)
    for expected in ("Anneke de Vries", "Gebiedstransformatie", "TU Delft", "12"):
        assert expected in text
    assert certificate.formatted_code in text


def test_another_user_cannot_download(client, other_user, completed):
    client.force_login(other_user)
    assert client.get(completed.certificate.get_download_url()).status_code == 404


def test_anonymous_is_sent_to_login(client, completed):
    response = client.get(completed.certificate.get_download_url())
    assert response.status_code == 302
    assert "/account/inloggen/" in response["Location"]


def test_programme_team_can_download(client, programme_team_user, completed):
    client.force_login(programme_team_user)
    assert client.get(completed.certificate.get_download_url()).status_code == 200


def test_verification_page_found_in_any_case_and_grouping(client, completed):
    certificate = completed.certificate
    for code in (certificate.formatted_code, certificate.code.lower(), certificate.code):
        response = client.get(reverse("certificates:verify", args=[code]))
        assert response.status_code == 200
        body = response.content.decode()
        assert "Anneke de Vries" in body and "Gebiedstransformatie" in body
        assert "anneke@example.org" not in body


def test_verification_unknown_code_is_404(client, db):
    assert client.get("/certificaat/ABCD-EFGH-JKMN-PQRS/").status_code == 404


def test_certificate_keeps_what_it_said_when_the_page_changes(completed):
    module = completed.run.module
    module.title = "Nieuwe titel"
    module.save_revision().publish()
    certificate = Certificate.objects.get(pk=completed.certificate.pk)
    assert certificate.module_title == "Gebiedstransformatie"


def test_completion_twice_issues_one_certificate(programme_team_user, completed, client):
    client.force_login(programme_team_user)
    url = reverse("enrolment_run_participants", args=[completed.run_id])
    response = client.post(url, {"complete": completed.pk}, follow=True)
    levels = [m.level_tag for m in response.context["messages"]]
    assert "error" in levels
    assert Certificate.objects.count() == 1


def test_participants_page_refuses_non_staff(client, user, run):
    client.force_login(user)
    response = client.get(reverse("enrolment_run_participants", args=[run.pk]))
    assert response.status_code in (302, 403, 404)


def test_normalise_code():
    assert normalise_code(" abcd-efgh jkmn_pqrs ") == "ABCDEFGHJKMNPQRS"


def test_login_then_download(client, user, completed):
    assert client.login(request=HttpRequest(), username="ANNEKE@example.org", password=PASSWORD)
    assert client.get(completed.certificate.get_download_url()).status_code == 200


def test_lookup_form_at_certificaat_goes_to_the_verification_page(client, completed):
    certificate = completed.certificate
    page = client.get("/certificaat/")
    assert page.status_code == 200
    assert 'name="code"' in page.content.decode()
    typed = " " + certificate.formatted_code.lower() + " "
    response = client.get("/certificaat/", {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == reverse("certificates:verify", args=[certificate.code])
    assert "Anneke de Vries" in client.get(response["Location"]).content.decode()


def test_lookup_form_refuses_a_code_of_the_wrong_length(client, db):
    response = client.get("/certificaat/", {"code": "ABC"})
    assert response.status_code == 200
    assert "Een verificatiecode heeft 16 letters en cijfers." in response.content.decode()


def test_unknown_code_gets_a_friendly_not_found_page_with_the_form(client, db):
    response = client.get("/certificaat/ABCD-EFGH-JKMN-PQRS/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "<h1>Certificaat niet gevonden</h1>" in body
    assert 'value="ABCD-EFGH-JKMN-PQRS"' in body
