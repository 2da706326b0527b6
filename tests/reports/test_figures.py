"""Each dashboard figure against values computed by hand from a known dataset."""

import datetime as dt
from decimal import Decimal

import pytest

from lms.accounts.models import Organisation, OrganisationDomain, OrganisationMembership
from lms.enrolment.models import Enrolment, Evaluation
from lms.reports import figures
from lms.reports.filters import ReportFilter
from tests.conftest import local


@pytest.fixture
def dataset(institution, make_institution, make_module, make_run, make_user, time_machine):
    """Two institutions; run A1 (TUD, 4 seats) and B1 (PLF, 10 seats) ended in October 2026,
    run A2 (TUD, 5 seats) starts in December 2026.

    A1: 3 completed, 1 not_passed (Utrecht municipality: 2 by domain, 1 by membership), 1
        cancelled.  B1: 2 completed, 1 no_show (a company in Noord-Brabant), 1 unknown org.
    A2: 2 confirmed (enrolled in November).
    """
    time_machine.move_to(local(2026, 9, 1))
    tud = institution  # TU Delft
    plf = make_institution("Platform31", "PLF")
    mod_a = make_module("Financiën", parent=tud)
    mod_b = make_module("Participatie", parent=plf, fmt="online")
    a1 = make_run(for_module=mod_a, capacity=4, starts=local(2026, 10, 5), code="A1")
    b1 = make_run(for_module=mod_b, capacity=10, starts=local(2026, 10, 6), code="B1")
    a2 = make_run(for_module=mod_a, capacity=5, starts=local(2026, 12, 7), code="A2")
    utrecht = Organisation.objects.create(
        name="Gemeente Utrecht", kind="municipality", province="Utrecht"
    )
    OrganisationDomain.objects.create(organisation=utrecht, domain="utrecht.nl")
    firm = Organisation.objects.create(name="Bouwbedrijf", kind="company", province="Noord-Brabant")
    OrganisationDomain.objects.create(organisation=firm, domain="bouw.example")
    member = make_user(email="lid@gmail.example")
    OrganisationMembership.objects.create(user=member, organisation=utrecht, status="approved")

    def place(run, user, state, when):
        return Enrolment.objects.create(run=run, user=user, state=state, price=0, created_at=when)

    sept, nov = local(2026, 9, 10), local(2026, 11, 3)
    place(a1, make_user(email="a@utrecht.nl"), "completed", sept)
    place(a1, make_user(email="b@utrecht.nl"), "completed", sept)
    place(a1, member, "completed", sept)
    place(a1, make_user(email="x@elders.example"), "not_passed", sept)
    place(a1, make_user(email="c@utrecht.nl"), "cancelled", sept)
    place(b1, make_user(email="p@bouw.example"), "completed", sept)
    place(b1, make_user(email="q@bouw.example"), "completed", sept)
    place(b1, make_user(email="r@bouw.example"), "no_show", sept)
    place(a2, make_user(email="s@utrecht.nl"), "confirmed", nov)
    place(a2, make_user(email="t@bouw.example"), "confirmed", nov)
    time_machine.move_to(local(2026, 11, 29))
    return {"tud": tud, "plf": plf, "mod_a": mod_a, "mod_b": mod_b}


def period(**kw):
    return ReportFilter(start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31), **kw)


def test_enrolments_per_month(dataset):
    table = figures.enrolments_per_month(period())
    assert table.rows == [
        {"month": "2026-09", "enrolments": 7},  # the cancelled place does not count
        {"month": "2026-11", "enrolments": 2},
    ]


def test_fill_rate(dataset):
    rows = {r["run"]: r for r in figures.fill_rate_per_run(period()).rows}
    assert (rows["A1"]["taken"], rows["A1"]["fill_rate"]) == (4, Decimal("100.0"))
    assert (rows["B1"]["taken"], rows["B1"]["fill_rate"]) == (3, Decimal("30.0"))
    assert (rows["A2"]["taken"], rows["A2"]["fill_rate"]) == (2, Decimal("40.0"))


def test_completion_rate(dataset):
    rows = {r["module"]: r for r in figures.completion_rate_per_module(period()).rows}
    assert rows["Financiën"] == {
        "module": "Financiën",
        "judged": 4,
        "completed": 3,
        "completion_rate": Decimal("75.0"),
    }
    assert rows["Participatie"]["completion_rate"] == Decimal("66.7")  # 2 of 3, half-up


def test_participants_by_kind_and_province(dataset):
    kinds = {
        r["kind"]: r["participants"]
        for r in figures.participants_by_organisation_kind(period()).rows
    }
    assert kinds == {"Municipality": 4, "Company": 4, "Unknown": 1}
    provinces = {
        r["province"]: r["participants"] for r in figures.participants_by_province(period()).rows
    }
    assert provinces == {"Utrecht": 4, "Noord-Brabant": 4, "Unknown": 1}


def test_filters_institution_module_format_and_period(dataset):
    tud_only = period(institution_paths=(dataset["tud"].path,))
    assert {r["run"] for r in figures.fill_rate_per_run(tud_only).rows} == {"A1", "A2"}
    online = period(delivery_format="online")
    assert [r["module"] for r in figures.completion_rate_per_module(online).rows] == [
        "Participatie"
    ]
    one_module = period(module_id=dataset["mod_a"].pk)
    assert sum(r["enrolments"] for r in figures.enrolments_per_month(one_module).rows) == 6
    november = ReportFilter(start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30))
    assert figures.enrolments_per_month(november).rows == [{"month": "2026-11", "enrolments": 2}]
    nothing = period(institution_paths=())
    assert all(not t.rows for t in figures.all_tables(nothing))


# -- Issue 10 completion: evaluations, money, tailored formats --------------------------------


def _scores(c, t, o, a, r):
    return {
        "content_score": c,
        "trainer_score": t,
        "organisation_score": o,
        "applicability_score": a,
        "would_recommend": r,
    }


def evaluate(enrolment, scores=None, comments=""):
    """An invited participant's evaluation row; submitted when ``scores`` are given."""
    return Evaluation.objects.create(
        enrolment=enrolment,
        invited_at=local(2026, 10, 20),
        submitted_at=local(2026, 10, 21) if scores else None,
        comments=comments,
        **(scores or {}),
    )


@pytest.fixture
def results(dataset, make_run, make_user, make_format):
    """On top of ``dataset``:

    Evaluations. A1 (TUD, Financiën): 4 invited, 3 answered —
      content 8+6+7=21 → 7.0; trainer 9+7+8=24 → 8.0; organisation 7+8+6=21 → 7.0;
      applicability 6+9+7=22 → 7.3; recommend 9+7+10=26 → 8.7; satisfaction 88/12 → 7.3;
      response rate 3/4 = 75.0 %. Comments "Goed", "Te kort".
    B2 (PLF, Participatie, ended 27 Oct): 6 invited, 5 answered —
      content 40 → 8.0; trainer 45 → 9.0; organisation 37 → 7.4; applicability 40 → 8.0;
      recommend 46 → 9.2; satisfaction 162/20 → 8.1; response rate 5/6 = 83.3 %.
      Comments "Heel praktisch", "Meer casussen".

    Money (TUD seller). Invoice 1: a and b in A1, 495.00 each; invoice 2: s in A2, 395.00; a
    booking invoice without enrolment, 1000.00 (not course fees). Credit 200.00 on b's line.
    Financiën: invoiced 1385.00, credited 200.00, revenue 1185.00; budget 10000.00 with
    4000.00 from the programme → 6000.00 to recover → 19.75 % → 19.8 %. Participatie: budget
    5000.00 fully contributed → nothing to recover, no percentage; revenue 0.00.

    Tailored. Tailored training (TUD): new, quoted, scheduled → 3 requests, 2 quoted,
    1 accepted, 33.3 %. Advice (PLF): invoiced, declined (both quoted) → 2, 2, 1, 50.0 %.
    Engagements: advice at Gemeente Utrecht (PLF) planned 20.00 h, logged 3.50 + 4.25 = 7.75 h
    → 38.8 %; TUD's planned 10.00 h, nothing logged → 0.0 %; one that ended in 2025 is out.
    """
    from lms.accounts.models import Organisation
    from lms.billing.models import ModuleBudget, SellerProfile
    from lms.billing.services import Buyer, issue_credit_note, issue_invoice
    from lms.bookings.models import BookingRequest, Engagement, EngagementSession, Quote

    a1 = Enrolment.objects.filter(run__code="A1")
    by_mail = {e.user.email: e for e in a1}
    evaluate(by_mail["a@utrecht.nl"], _scores(8, 9, 7, 6, 9), "Goed")
    evaluate(by_mail["b@utrecht.nl"], _scores(6, 7, 8, 9, 7))
    evaluate(by_mail["lid@gmail.example"], _scores(7, 8, 6, 7, 10), "Te kort")
    evaluate(by_mail["x@elders.example"])
    b2 = make_run(for_module=dataset["mod_b"], capacity=10, starts=local(2026, 10, 20), code="B2")
    b2_scores = [
        (8, 9, 7, 6, 10),
        (9, 9, 7, 7, 9),
        (7, 9, 8, 8, 8),
        (8, 9, 8, 9, 10),
        (8, 9, 7, 10, 9),
    ]
    b2_comments = ["Heel praktisch", "", "Meer casussen", "", ""]
    for i in range(6):
        enrolment = Enrolment.objects.create(
            run=b2, user=make_user(), state="completed", price=0, created_at=local(2026, 9, 20)
        )
        if i < 5:
            evaluate(enrolment, _scores(*b2_scores[i]), b2_comments[i])
        else:
            evaluate(enrolment)

    seller = SellerProfile.objects.create(
        institution=dataset["tud"],
        legal_name="Technische Universiteit Delft",
        street="Mekelweg 5",
        postcode="2628 CC",
        city="Delft",
        kvk_number="27364528",
        vat_id="NL000099998B57",
        iban="NL91ABNA0417164300",
        email="debiteuren@tudelft.example",
        invoice_prefix="TUD",
        credit_note_prefix="TUDC",
        quote_prefix="TUDO",
        crkbo_registered_from=dt.date(2020, 1, 1),
    )

    def line(amount, enrolment=None):
        return {
            "description": "Cursus",
            "quantity": Decimal("1"),
            "unit_price": Decimal(amount),
            "vat_category": "E",
            "vat_rate": Decimal("0"),
            "exemption_reason": "CRKBO",
            "delivery_date": dt.date(2026, 10, 5),
            "enrolment": enrolment,
        }

    buyer = Buyer(name="Deelnemer", email="deelnemer@example.org")
    first = issue_invoice(
        seller,
        buyer,
        [line("495.00", by_mail["a@utrecht.nl"]), line("495.00", by_mail["b@utrecht.nl"])],
    )
    issue_invoice(
        seller, buyer, [line("395.00", Enrolment.objects.get(user__email="s@utrecht.nl"))]
    )
    issue_invoice(seller, buyer, [line("1000.00")])
    b_line = first.lines.get(enrolment=by_mail["b@utrecht.nl"])
    issue_credit_note(first, {b_line: Decimal("200.00")}, reason="Korting")
    ModuleBudget.objects.create(
        module=dataset["mod_a"],
        development_cost=Decimal("10000.00"),
        programme_contribution=Decimal("4000.00"),
    )
    ModuleBudget.objects.create(
        module=dataset["mod_b"],
        development_cost=Decimal("5000.00"),
        programme_contribution=Decimal("5000.00"),
    )

    utrecht = Organisation.objects.get(name="Gemeente Utrecht")
    formats = {kind: make_format(kind) for kind in ("tailored_training", "advice")}

    def booking(kind, institution, state, quoted):
        request = BookingRequest.objects.create(
            format=formats[kind],
            format_kind=kind,
            organisation=utrecht,
            organisation_name="Gemeente Utrecht",
            organisation_kind="municipality",
            contact_name="Ria Visser",
            contact_email="ria@utrecht.nl",
            expected_participants=12,
            preferred_start=dt.date(2027, 1, 1),
            preferred_end=dt.date(2027, 3, 1),
            place="online",
            question="Versnellen",
            state=state,
            institution=institution,
            created_at=local(2026, 11, 2),
        )
        if quoted:
            Quote.objects.create(
                booking=request,
                state="sent",
                valid_until=dt.date(2027, 1, 1),
                sent_at=local(2026, 11, 5),
            )
        return request

    booking("tailored_training", dataset["tud"], "new", False)
    booking("tailored_training", dataset["tud"], "quoted", True)
    scheduled = booking("tailored_training", dataset["tud"], "scheduled", True)
    advice = booking("advice", dataset["plf"], "invoiced", True)
    booking("advice", dataset["plf"], "declined", True)
    coach = make_user(email="coach@example.org")

    def engagement(request, planned, start, end, hours=()):
        made = Engagement.objects.create(
            booking=request,
            organisation=utrecht,
            project_name="",
            goals="Doelen",
            planned_hours=Decimal(planned),
            starts_on=start,
            ends_on=end,
        )
        for h in hours:
            EngagementSession.objects.create(
                engagement=made, coach=coach, date=start, duration_hours=Decimal(h), topics="x"
            )
        return made

    engagement(advice, "20.00", dt.date(2026, 9, 1), dt.date(2027, 2, 1), ("3.50", "4.25"))
    engagement(scheduled, "10.00", dt.date(2026, 12, 1), dt.date(2027, 1, 31))
    engagement(advice, "8.00", dt.date(2025, 1, 1), dt.date(2025, 6, 30), ("8.00",))
    return dataset


def by(table, key):
    return {row[key]: row for row in table.rows}


def test_satisfaction_per_module_and_institution(results):
    modules = by(figures.evaluations.satisfaction_per_module(period()), "module")
    assert modules["Financiën"] == {
        "module": "Financiën",
        "responses": 3,
        "invited": 4,
        "response_rate": Decimal("75.0"),
        "satisfaction": Decimal("7.3"),
        "content_score": Decimal("7.0"),
        "trainer_score": Decimal("8.0"),
        "organisation_score": Decimal("7.0"),
        "applicability_score": Decimal("7.3"),
        "would_recommend": Decimal("8.7"),
    }
    part = modules["Participatie"]
    assert (part["responses"], part["invited"], part["response_rate"]) == (5, 6, Decimal("83.3"))
    assert [part[k] for k in ("content_score", "trainer_score", "organisation_score")] == [
        Decimal("8.0"),
        Decimal("9.0"),
        Decimal("7.4"),
    ]
    assert (part["applicability_score"], part["would_recommend"]) == (
        Decimal("8.0"),
        Decimal("9.2"),
    )
    assert part["satisfaction"] == Decimal("8.1")
    institutions = by(figures.evaluations.satisfaction_per_institution(period()), "institution")
    assert institutions["TU Delft"]["satisfaction"] == Decimal("7.3")
    assert institutions["Platform31"]["would_recommend"] == Decimal("9.2")


def test_institutions_see_only_runs_with_five_responses(results):
    tud = period(institution_paths=(results["tud"].path,), viewer_sees_everything=False)
    assert figures.evaluations.satisfaction_per_module(tud).rows == []  # A1 has 3 responses
    assert figures.evaluations.evaluation_comments(tud).rows == []
    plf = period(institution_paths=(results["plf"].path,), viewer_sees_everything=False)
    assert [r["module"] for r in figures.evaluations.satisfaction_per_module(plf).rows] == [
        "Participatie"
    ]
    assert [r["comment"] for r in figures.evaluations.evaluation_comments(plf).rows] == [
        "Heel praktisch",
        "Meer casussen",
    ]
    team = period(institution_paths=(results["tud"].path,))  # the team filtering on TUD
    assert [r["comment"] for r in figures.evaluations.evaluation_comments(team).rows] == [
        "Goed",
        "Te kort",
    ]


def test_revenue_and_cost_recovery(results):
    rows = by(figures.finance.revenue_and_cost_recovery(period()), "module")
    assert rows["Financiën"] == {
        "module": "Financiën",
        "invoiced": Decimal("1385.00"),
        "credited": Decimal("200.00"),
        "revenue": Decimal("1185.00"),
        "development_cost": Decimal("10000.00"),
        "programme_contribution": Decimal("4000.00"),
        "to_recover": Decimal("6000.00"),
        "cost_recovery": Decimal("19.8"),
    }
    assert rows["Participatie"]["revenue"] == Decimal("0.00")
    assert rows["Participatie"]["cost_recovery"] is None
    plf_only = period(institution_paths=(results["plf"].path,), viewer_sees_everything=False)
    assert list(by(figures.finance.revenue_and_cost_recovery(plf_only), "module")) == [
        "Participatie"
    ]


def test_booking_requests_and_conversion(results):
    rows = by(figures.tailored.booking_requests_per_format(period()), "format")
    assert rows["Tailored training"] == {
        "format": "Tailored training",
        "requests": 3,
        "quoted": 2,
        "converted": 1,
        "conversion": Decimal("33.3"),
    }
    assert (rows["Advice"]["requests"], rows["Advice"]["conversion"]) == (2, Decimal("50.0"))
    tud = period(institution_paths=(results["tud"].path,), viewer_sees_everything=False)
    assert list(by(figures.tailored.booking_requests_per_format(tud), "format")) == [
        "Tailored training"
    ]


def test_engagement_hours(results):
    rows = figures.tailored.engagement_hours(period()).rows
    assert [(r["format"], r["planned"], r["logged"], r["used"]) for r in rows] == [
        ("Advice", Decimal("20.00"), Decimal("7.75"), Decimal("38.8")),
        ("Tailored training", Decimal("10.00"), Decimal("0.00"), Decimal("0.0")),
    ]
