"""The dashboard page: who may see what, exports, the annual PDF, constant queries."""

import io

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from pypdf import PdfReader

from courses.institutions import ensure_institution_groups
from lms.enrolment import services
from lms.enrolment.models import Enrolment

URL = "/beheer/resultaten/"


@pytest.fixture
def two_institutions(institution, make_institution, make_module, make_run, make_user):
    plf = make_institution("Platform31", "PLF")
    runs = {
        "TUD": make_run(for_module=make_module("Financiën"), code="TUD-1"),
        "PLF": make_run(for_module=make_module("Participatie", parent=plf), code="PLF-1"),
    }
    for run in runs.values():
        services.enrol(make_user(), run)
    return {"TUD": institution, "PLF": plf, "runs": runs}


def manager_of(page, make_user):
    _editors, managers = ensure_institution_groups(page)
    user = make_user(is_staff=True)
    user.groups.add(managers)
    return user


def test_programme_team_sees_everything(client, programme_team_user, two_institutions):
    client.force_login(programme_team_user)
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "TUD-1" in body and "PLF-1" in body and "<svg" in body
    assert "no-store" in response["Cache-Control"]


def test_steering_committee_sees_everything(client, make_user, two_institutions):
    steering = make_user(is_staff=True)
    group, _ = Group.objects.get_or_create(name="Stuurgroep")
    from django.contrib.auth.models import Permission

    group.permissions.add(Permission.objects.get(codename="access_admin"))
    steering.groups.add(group)
    client.force_login(steering)
    body = client.get(URL).content.decode()
    assert "TUD-1" in body and "PLF-1" in body


def test_institution_sees_only_its_own_numbers(client, make_user, two_institutions):
    client.force_login(manager_of(two_institutions["TUD"], make_user))
    body = client.get(URL).content.decode()
    assert "TUD-1" in body and "PLF-1" not in body
    # asking for the other institution through the filter widens nothing
    sneaky = client.get(URL, {"institution": two_institutions["PLF"].path})
    assert "PLF-1" not in sneaky.content.decode()
    export = client.get(
        URL, {"table": "fill_rate", "export": "csv", "institution": two_institutions["PLF"].path}
    )
    assert b"PLF-1" not in b"".join(
        export.streaming_content if export.streaming else [export.content]
    )


def test_participants_and_editors_are_refused(client, user, make_user, two_institutions):
    client.force_login(user)
    assert client.get(URL).status_code in (302, 403)
    editors, _managers = ensure_institution_groups(two_institutions["TUD"])
    editor = make_user(is_staff=True)
    editor.groups.add(editors)
    client.force_login(editor)
    response = client.get(URL)
    assert response.status_code in (302, 403)
    assert b"TUD-1" not in response.content


def content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_csv_and_xlsx_exports(client, programme_team_user, two_institutions):
    client.force_login(programme_team_user)
    csv = content(client.get(URL, {"table": "fill_rate", "export": "csv"})).decode()
    assert "TUD-1" in csv and "PLF-1" in csv
    xlsx = content(client.get(URL, {"table": "fill_rate", "export": "xlsx"}))
    sheet = load_workbook(io.BytesIO(xlsx)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "TUD-1" in values and "PLF-1" in values
    assert client.get(URL, {"table": "nope", "export": "csv"}).status_code == 404


def test_annual_report_pdf(client, programme_team_user, two_institutions):
    client.force_login(programme_team_user)
    response = client.get(URL, {"annual": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "TUD-1" in text and "PLF-1" in text


def test_invalid_period_shows_a_field_error(client, programme_team_user, two_institutions):
    client.force_login(programme_team_user)
    response = client.get(URL, {"start": "2026-12-01", "end": "2026-01-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["end"]


def test_queries_do_not_grow(client, programme_team_user, two_institutions, make_run, make_user):
    client.force_login(programme_team_user)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    module = two_institutions["runs"]["TUD"].module
    for _ in range(8):
        run = make_run(for_module=module)
        for _ in range(3):
            services.enrol(make_user(email=None), run)
    assert Enrolment.objects.count() == 26
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(few)


# -- Evaluations, money and tailored formats on the page (issue 10 completion) ---------------


def ended_run_with_evaluations(make_run, make_user, module, code, answers, comment):
    """A run that ended ten days ago with ``answers`` submitted evaluations (each with
    ``comment``) and one participant who did not answer."""
    import datetime as dt

    from django.utils import timezone

    from lms.enrolment.models import Evaluation

    extra = {"code": code} if code else {}
    run = make_run(for_module=module, starts=timezone.now() - dt.timedelta(days=20), **extra)
    for i in range(answers + 1):
        enrolment = Enrolment.objects.create(run=run, user=make_user(), state="completed", price=0)
        scores = dict(
            content_score=8, trainer_score=8, organisation_score=8, applicability_score=8,
            would_recommend=9,
        )  # fmt: skip
        Evaluation.objects.create(
            enrolment=enrolment,
            invited_at=timezone.now(),
            **(
                {**scores, "submitted_at": timezone.now(), "comments": f"{comment} {i}"}
                if i < answers
                else {}
            ),
        )
    return run


def test_comments_need_five_responses_and_stay_with_their_institution(
    client, make_user, programme_team_user, two_institutions, make_run
):
    tud_module = two_institutions["runs"]["TUD"].module
    plf_module = two_institutions["runs"]["PLF"].module
    ended_run_with_evaluations(make_run, make_user, tud_module, "TUD-E", 4, "Opmerking-TUD")
    ended_run_with_evaluations(make_run, make_user, plf_module, "PLF-E", 5, "Opmerking-PLF")
    client.force_login(manager_of(two_institutions["TUD"], make_user))
    body = client.get(URL).content.decode()
    assert "Opmerking-TUD" not in body  # four responses: too few to stay anonymous
    assert "Opmerking-PLF" not in body  # another institution's
    client.force_login(manager_of(two_institutions["PLF"], make_user))
    body = client.get(URL).content.decode()
    assert "Opmerking-PLF 0" in body and "Opmerking-TUD" not in body
    export = client.get(URL, {"table": "evaluation_comments", "export": "csv"})
    assert b"Opmerking-PLF" in content(export) and b"Opmerking-TUD" not in content(export)
    client.force_login(programme_team_user)
    body = client.get(URL).content.decode()
    assert "Opmerking-TUD 0" in body and "Opmerking-PLF 0" in body


def add_activity(n, *, institution, module, make_run, make_user, format_page, seller):
    """``n`` of everything the dashboards count: ended runs with evaluations, invoiced places
    with a credit, booking requests with a quote, engagements with logged hours."""
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from lms.accounts.models import Organisation
    from lms.billing.services import Buyer, issue_credit_note, issue_invoice
    from lms.bookings.models import BookingRequest, Engagement, EngagementSession, Quote

    org, _ = Organisation.objects.get_or_create(name="Gemeente Zwolle", kind="municipality")
    coach = make_user()
    for _i in range(n):
        run = ended_run_with_evaluations(make_run, make_user, module, None, 5, "Tekst")
        enrolment = run.enrolments.first()
        invoice = issue_invoice(
            seller,
            Buyer(name="Deelnemer"),
            [
                {
                    "description": "Cursus",
                    "quantity": Decimal("1"),
                    "unit_price": Decimal("100.00"),
                    "vat_category": "E",
                    "vat_rate": Decimal("0"),
                    "delivery_date": timezone.localdate(),
                    "enrolment": enrolment,
                }
            ],
        )
        issue_credit_note(invoice, {invoice.lines.get(): Decimal("10.00")}, reason="Korting")
        request = BookingRequest.objects.create(
            format=format_page,
            format_kind=format_page.kind,
            organisation=org,
            organisation_name=org.name,
            organisation_kind="municipality",
            contact_name="Contact",
            contact_email="contact@zwolle.example",
            expected_participants=10,
            preferred_start=timezone.localdate(),
            preferred_end=timezone.localdate() + dt.timedelta(days=30),
            place="online",
            question="Vraag",
            state="accepted",
            institution=institution,
        )
        Quote.objects.create(
            booking=request, state="accepted", valid_until=timezone.localdate(),
            sent_at=timezone.now(),
        )  # fmt: skip
        engagement = Engagement.objects.create(
            booking=request,
            organisation=org,
            goals="Doelen",
            planned_hours=Decimal("10"),
            starts_on=timezone.localdate() - dt.timedelta(days=10),
            ends_on=timezone.localdate() + dt.timedelta(days=10),
        )
        EngagementSession.objects.create(
            engagement=engagement, coach=coach, date=timezone.localdate(),
            duration_hours=Decimal("2"), topics="x",
        )  # fmt: skip


def test_every_table_keeps_a_constant_number_of_queries(
    client, programme_team_user, two_institutions, make_run, make_user, make_format
):
    from lms.billing.models import ModuleBudget, SellerProfile

    tud = two_institutions["TUD"]
    module = two_institutions["runs"]["TUD"].module
    ModuleBudget.objects.create(module=module, development_cost=1000, programme_contribution=100)
    seller = SellerProfile.objects.create(
        institution=tud,
        legal_name="TU Delft",
        street="Mekelweg 5",
        postcode="2628 CC",
        city="Delft",
        kvk_number="27364528",
        iban="NL91ABNA0417164300",
        email="debiteuren@tudelft.example",
        invoice_prefix="TUD",
        credit_note_prefix="TUDC",
    )
    activity = dict(
        institution=tud,
        module=module,
        make_run=make_run,
        make_user=make_user,
        format_page=make_format("advice"),
        seller=seller,
    )
    add_activity(1, **activity)
    client.force_login(programme_team_user)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        body = client.get(URL, {"fresh": "1"}).content.decode()
    assert "Tekst 0" in body  # every table has rows to draw
    add_activity(6, **activity)
    with CaptureQueriesContext(connection) as many:
        client.get(URL, {"fresh": "1"})
    assert len(many) == len(few)
    with CaptureQueriesContext(connection) as cached:
        body = client.get(URL).content.decode()
    assert len(cached) < len(few) and "Cijfers berekend op" in body


def test_figures_are_reused_until_computed_again(
    client, make_user, programme_team_user, two_institutions, make_run
):
    module = two_institutions["runs"]["PLF"].module
    ended_run_with_evaluations(make_run, make_user, module, "PLF-E", 5, "Eerste-ronde")
    client.force_login(programme_team_user)
    assert "Eerste-ronde 0" in client.get(URL).content.decode()
    ended_run_with_evaluations(make_run, make_user, module, "PLF-F", 5, "Tweede-ronde")
    body = client.get(URL).content.decode()
    assert "Tweede-ronde" not in body and "Nu berekenen" in body  # the stored figures, dated
    assert "Tweede-ronde 0" in client.get(URL, {"fresh": "1"}).content.decode()
    assert "Tweede-ronde 0" in client.get(URL).content.decode()  # stored anew


def test_annual_report_wraps_long_comments(
    client, programme_team_user, two_institutions, make_run, make_user
):
    module = two_institutions["runs"]["PLF"].module
    ended_run_with_evaluations(make_run, make_user, module, "PLF-E", 5, "Lange opmerking " * 6)
    client.force_login(programme_team_user)
    response = client.get(URL, {"annual": "pdf"})
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Lange opmerking" in text and "Tevredenheid" in text, text
