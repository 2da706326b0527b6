"""Each dashboard figure against values computed by hand from a known dataset."""

import datetime as dt
from decimal import Decimal

import pytest

from lms.accounts.models import Organisation, OrganisationDomain, OrganisationMembership
from lms.enrolment.models import Enrolment
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
