"""Verification status, expiry, revocation, name correction, registers and PE points, bulk
issue and the ZIP/CSV downloads, and certificates without an enrolment."""

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader
from wagtail.models import ModelLogEntry

from lms.certificates import services
from lms.certificates.exceptions import CertificateError
from lms.certificates.models import (
    Accreditation,
    Certificate,
    CompletionRule,
    ProfessionalRegister,
    RegisterNumber,
)
from lms.certificates.selectors import points_per_register_year
from lms.certificates.services import CertificateSubject, issue_certificate
from lms.enrolment import services as enrolment_services
from lms.enrolment.models import Enrolment
from tests.conftest import local


@pytest.fixture
def registers(module):
    pe = ProfessionalRegister.objects.create(name="PE-online Ruimte", code="PEO")
    svr = ProfessionalRegister.objects.create(name="Stedenbouwkundig Register", code="SVR")
    Accreditation.objects.create(
        module=module,
        register=pe,
        points=Decimal("8"),
        number="ACC-1",
        valid_from=dt.date(2020, 1, 1),
    )
    Accreditation.objects.create(
        module=module,
        register=svr,
        points=Decimal("6.5"),
        number="SVR-77",
        valid_from=dt.date(2020, 1, 1),
        valid_until=dt.date(2021, 1, 1),
    )
    return pe, svr


@pytest.fixture
def finish(programme_team_user, time_machine, attend, django_capture_on_commit_callbacks):
    """``finish(user, run)``: enrol, attend everything, complete; returns the certificate."""

    def go(person, run):
        enrolment = enrolment_services.enrol(person, run)
        time_machine.move_to(run.sessions.last().ends_at + dt.timedelta(hours=1))
        attend(enrolment, *run.sessions.all())
        with django_capture_on_commit_callbacks(execute=True):
            enrolment_services.complete_enrolment(enrolment, user=programme_team_user)
        return Certificate.objects.get(enrolment=enrolment)

    return go


def pdf_text(certificate) -> str:
    certificate.refresh_from_db()
    with certificate.pdf.open("rb") as handle:
        return PdfReader(io.BytesIO(handle.read())).pages[0].extract_text()


def verify(client, certificate):
    return client.get(reverse("certificates:verify", args=[certificate.formatted_code]))


def test_registers_and_numbers_are_printed_and_frozen(user, run, registers, finish):
    pe, svr = registers
    RegisterNumber.objects.create(user=user, register=pe, number="PE-12345")
    certificate = finish(user, run)
    lines = list(certificate.register_lines.all())
    # Only the accreditation valid on the completion date counts.
    assert [(line.register_name, line.points) for line in lines] == [
        ("PE-online Ruimte", Decimal("8.0"))
    ]
    text = pdf_text(certificate)
    assert "PE-online Ruimte: 8 PE-punten" in text
    assert "ACC-1" in text and "PE-12345" in text
    RegisterNumber.objects.filter(user=user).update(number="changed")
    assert certificate.register_lines.get().registration_number == "PE-12345"


def test_points_per_register_per_year(user, run, registers, finish, make_run):
    finish(user, run)
    second = make_run(code="RUN-B")
    finish(user, second)
    rows = points_per_register_year(user)
    year = Certificate.objects.first().completion_date.year
    assert rows == [
        {"register": "PE-online Ruimte", "year": year, "points": Decimal("16.0"), "certificates": 2}
    ]


def test_participant_records_numbers_and_sees_points(client, user, run, registers, finish):
    pe, svr = registers
    client.force_login(user)
    url = reverse("certificates:my_registers")
    client.post(url, {f"register-{pe.pk}": " PE-1 ", f"register-{svr.pk}": ""})
    assert RegisterNumber.objects.get(user=user, register=pe).number == "PE-1"
    assert not RegisterNumber.objects.filter(register=svr).exists()
    response = client.post(url, {f"register-{pe.pk}": "X" * 101}, follow=True)
    assert RegisterNumber.objects.get(user=user, register=pe).number == "PE-1"
    assert any("100" in str(m) for m in response.context["messages"])
    finish(user, run)
    client.force_login(user)  # the clock moved past the session's expiry
    response = client.get(url)
    assert response["Cache-Control"] == "private, no-store"
    assert "PE-online Ruimte" in response.content.decode()


def test_expiry_after_validity_years(client, user, run, module, finish, time_machine):
    CompletionRule.objects.create(module=module, min_attendance_percent=100, validity_years=2)
    certificate = finish(user, run)
    assert certificate.valid_until == certificate.completion_date.replace(
        year=certificate.completion_date.year + 2
    )
    client.cookies["gs_language"] = "en"
    assert 'data-status="valid"' in verify(client, certificate).content.decode()
    time_machine.move_to(local(certificate.valid_until.year, 12, 31))
    body = verify(client, certificate).content.decode()
    assert 'data-status="expired"' in body and "expired" in body
    assert "Valid until" in pdf_text(certificate) or "Geldig tot" in pdf_text(certificate)


def test_revocation_with_reason_in_the_log(client, user, run, finish, programme_team_user):
    certificate = finish(user, run)
    with pytest.raises(CertificateError, match="reason"):
        services.revoke_certificate(certificate, user=programme_team_user, reason=" ")
    services.revoke_certificate(certificate, user=programme_team_user, reason="Fraude")
    body = verify(client, certificate).content.decode()
    assert 'data-status="revoked"' in body
    assert "Fraude" not in body  # the reason is for staff, not the public page
    entry = ModelLogEntry.objects.get(action="certificates.revoke")
    assert entry.data["reason"] == "Fraude"
    with pytest.raises(CertificateError, match="already"):
        services.revoke_certificate(certificate, user=programme_team_user, reason="Again")


def test_name_correction_reissues_pdf_under_the_same_code(
    user, run, finish, programme_team_user, time_machine
):
    certificate = finish(user, run)
    code = certificate.code
    time_machine.move_to(local(2030, 3, 1))
    services.correct_name(certificate, user=programme_team_user, name="Anneke de  Vries-Smit")
    certificate.refresh_from_db()
    assert certificate.code == code and certificate.corrected_on == dt.date(2030, 3, 1)
    text = pdf_text(certificate)
    assert "Anneke de Vries-Smit" in text
    assert "Naam gecorrigeerd op 1 maart 2030" in text
    with pytest.raises(CertificateError, match="unchanged"):
        services.correct_name(certificate, user=programme_team_user, name="Anneke de Vries-Smit")
    with pytest.raises(CertificateError, match="200"):
        services.correct_name(certificate, user=programme_team_user, name="x" * 201)


def test_admin_revoke_page(client, user, run, finish, programme_team_user):
    certificate = finish(user, run)
    client.force_login(programme_team_user)
    url = reverse("certificates_certificate_actions", args=[certificate.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"revoke": "1", "reason": ""})
    assert Certificate.objects.get().revoked_at is None
    client.post(url, {"revoke": "1", "reason": "Dubbel uitgereikt"})
    assert Certificate.objects.get().revocation_reason == "Dubbel uitgereikt"


def test_admin_revoke_page_refuses_the_holder(client, user, run, finish):
    certificate = finish(user, run)
    client.force_login(user)
    url = reverse("certificates_certificate_actions", args=[certificate.pk])
    assert client.post(url, {"revoke": "1", "reason": "x"}).status_code in (302, 403, 404)
    assert Certificate.objects.get().revoked_at is None


@override_settings(CERTIFICATE_VERIFY_RATE="3/m")
def test_verification_is_rate_limited_per_client(client, user, run, finish):
    certificate = finish(user, run)
    statuses = [verify(client, certificate).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    other = client.get(
        reverse("certificates:verify", args=[certificate.code]), REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 200


@override_settings(CERTIFICATE_VERIFY_RATE="3/m", CERTIFICATE_VERIFY_EXEMPT_IPS=["127.0.0.1"])
def test_exempt_client_is_not_limited(client, user, run, finish):
    certificate = finish(user, run)
    assert {verify(client, certificate).status_code for _ in range(6)} == {200}


def test_unknown_and_overlong_codes_are_404(client, db):
    assert client.get("/certificaat/ABCD-EFGH-JKMN-PQRS/").status_code == 404
    assert client.get("/certificaat/" + "A" * 300 + "/").status_code == 404


def test_bulk_issue_is_idempotent_and_zip_has_every_pdf(
    client,
    make_user,
    run,
    programme_team_user,
    time_machine,
    attend,
    django_capture_on_commit_callbacks,
):
    people = [make_user() for _ in range(3)]
    enrolments = [enrolment_services.enrol(p, run) for p in people]
    time_machine.move_to(run.sessions.last().ends_at + dt.timedelta(hours=1))
    for enrolment in enrolments:
        attend(enrolment, *run.sessions.all())
    # Completed without certificates (e.g. before this feature): the bulk task issues them.
    Enrolment.objects.filter(run=run).update(state="completed")
    assert services.issue_for_run(run) == 3
    assert services.issue_for_run(run) == 0
    with django_capture_on_commit_callbacks(execute=True):
        services.enqueue_run_issue(run, user=programme_team_user)
    assert Certificate.objects.count() == 3
    assert all(c.pdf for c in Certificate.objects.all())
    client.force_login(programme_team_user)
    response = client.get(reverse("certificates_run_zip", args=[run.pk]))
    assert response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert sorted(names) == sorted(
        f"certificaat-{c.formatted_code}.pdf" for c in Certificate.objects.all()
    )


def test_zip_and_csv_refuse_participants(client, user, run, registers):
    client.force_login(user)
    assert client.get(reverse("certificates_run_zip", args=[run.pk])).status_code in (302, 403, 404)
    url = reverse("certificates_run_register_csv", args=[run.pk, registers[0].pk])
    assert client.get(url).status_code in (302, 403, 404)


def test_register_attendance_csv(client, user, run, registers, finish, programme_team_user):
    RegisterNumber.objects.create(user=user, register=registers[0], number="PE-9")
    certificate = finish(user, run)
    client.force_login(programme_team_user)
    response = client.get(reverse("certificates_run_register_csv", args=[run.pk, registers[0].pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1] == [
        "PE-9",
        "Anneke de Vries",
        "Gebiedstransformatie",
        "ACC-1",
        certificate.completion_date.isoformat(),
        "8,0",
        "2/2",
        certificate.formatted_code,
    ]


def test_certificate_without_enrolment_copies_its_subject(
    user, module, institution, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = issue_certificate(
            CertificateSubject(
                user=user,
                module_title="Coaching: transformatie Merwedekanaalzone",
                institution_name="Platform31",
                completion_date=dt.date(2026, 10, 1),
                study_load_hours=Decimal("20"),
            )
        )
    certificate.refresh_from_db()
    assert certificate.enrolment is None and certificate.pdf
    assert "Coaching: transformatie Merwedekanaalzone" in pdf_text(certificate)


def test_institution_template_is_used_and_signatory_frozen(user, run, institution, finish):
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    from lms.certificates.models import CertificateTemplate
    from tests.certificates.pdf_fixtures import logo_png, signature_png

    image_model = get_image_model()
    logo = image_model.objects.create(
        title="Logo", file=ImageFile(io.BytesIO(logo_png()), name="logo.png")
    )
    signature = image_model.objects.create(
        title="Handtekening", file=ImageFile(io.BytesIO(signature_png()), name="sig.png")
    )
    template = CertificateTemplate.objects.create(
        institution=institution,
        logo=logo,
        signature=signature,
        primary_colour="#00a6d6",
        signatory_name="Prof. dr. Ellen van Bueren",
        signatory_title="Decaan",
    )
    certificate = finish(user, run)
    assert certificate.signatory_name == "Prof. dr. Ellen van Bueren"
    with certificate.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    page = reader.pages[0]
    assert "Prof. dr. Ellen van Bueren" in page.extract_text()
    assert len(page["/Resources"]["/XObject"]) == 2  # logo and signature
    template.signatory_name = "Iemand anders"
    template.save()
    certificate.refresh_from_db()
    assert certificate.signatory_name == "Prof. dr. Ellen van Bueren"


def test_register_csv_neutralises_a_formula_name(
    client, user, run, registers, finish, programme_team_user
):
    """Issue 15: a name that is a formula reaches the register list as text ('=...)."""
    user.certificate_name = '=HYPERLINK("https://evil.example","Klik")'
    user.save()
    RegisterNumber.objects.create(user=user, register=registers[0], number="+31-PE")
    finish(user, run)
    client.force_login(programme_team_user)
    response = client.get(reverse("certificates_run_register_csv", args=[run.pk, registers[0].pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][0] == "'+31-PE" and rows[1][1] == "'" + user.certificate_name
    assert rows[1][5] == "8,0"  # the points stay a number


# --- the verification page from the cache (issue 17) ------------------------------------------


@pytest.fixture
def page_cache(settings):
    from django.core.cache import cache

    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def test_a_repeated_anonymous_verification_is_served_without_a_query(
    client, user, run, finish, page_cache, django_assert_num_queries
):
    certificate = finish(user, run)
    first = verify(client, certificate)
    with django_assert_num_queries(0):
        again = verify(client, certificate)
    assert again.status_code == 200
    assert again.content == first.content
    assert again["Cache-Control"] == "no-cache"
    assert "Cookie" in again["Vary"]


def test_a_revocation_shows_on_the_next_verification(
    client, user, run, finish, page_cache, programme_team_user, django_capture_on_commit_callbacks
):
    certificate = finish(user, run)
    assert 'data-status="valid"' in verify(client, certificate).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.revoke_certificate(certificate, user=programme_team_user, reason="Fraude")
    assert 'data-status="revoked"' in verify(client, certificate).content.decode()


def test_a_corrected_name_shows_on_the_next_verification(
    client, user, run, finish, page_cache, programme_team_user
):
    certificate = finish(user, run)
    verify(client, certificate)
    services.correct_name(certificate, user=programme_team_user, name="dr. A. de Vries")
    assert "dr. A. de Vries" in verify(client, certificate).content.decode()


@override_settings(CERTIFICATE_VERIFY_RATE="3/m")
def test_cached_verifications_still_count_towards_the_rate_limit(
    client, user, run, finish, page_cache
):
    certificate = finish(user, run)
    statuses = [verify(client, certificate).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_a_logged_in_visitor_is_never_served_or_stores_a_cached_page(
    client, user, run, finish, page_cache
):
    from django.test import Client

    certificate = finish(user, run)
    profile = reverse("accounts:profile")
    assert profile not in verify(client, certificate).content.decode()  # anonymous, stored
    client.force_login(user)
    assert profile in verify(client, certificate).content.decode()  # not the stored page
    assert profile not in verify(Client(), certificate).content.decode()  # nor stored itself
