"""Shared fixtures: a small page tree, users, runs; and the rules for database- and
browser-dependent tests (skipped with a reason, or failing under REQUIRE_POSTGRES=1 /
REQUIRE_BROWSER=1)."""

import datetime as dt
import importlib.util
import os
import shutil
import zoneinfo
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone, translation
from django_tasks.signals import task_finished
from wagtail.models import Page, Site

from tests import dbsetup, parallel
from tests.dbsetup import django_db_setup  # noqa: F401  (one migration run, a clone per process)

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
PASSWORD = "correct-horse-battery-staple"


def chromium_path() -> str | None:
    """The executable Chromium the browser tests drive (CHROMIUM, else Debian's `chromium`)."""
    return shutil.which(os.environ.get("CHROMIUM") or "chromium")


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if importlib.util.find_spec("playwright") is None:
        return "needs the playwright package (pip install -r requirements.txt)"
    if not chromium_path():
        return "needs Chromium (apt-get install chromium, or set CHROMIUM)"
    return None


def _require_or_skip(item, require: bool, reason: str, variable: str) -> None:
    """Skip ``item`` with ``reason``; under ``variable``=1 make it fail at setup instead."""
    if require:
        item.stash[MISSING_REQUIREMENT] = f"{variable}=1 but the test {reason}"
    else:
        item.add_marker(pytest.mark.skip(reason=reason))


MISSING_REQUIREMENT = pytest.StashKey[str]()


def pytest_runtest_setup(item):
    """Fail a test whose required database or browser is missing (REQUIRE_*=1); before a
    test that reloads the migrations' rows, empty the tables (``tests/dbsetup.py``)."""
    if MISSING_REQUIREMENT in item.stash:
        pytest.fail(item.stash[MISSING_REQUIREMENT], pytrace=False)
    dbsetup.empty_before_reload(item)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After the test's own teardown: the migrations' rows back where a transactional test
    flushed them (``tests/dbsetup.py``)."""
    result = yield
    dbsetup.restore_after_flush(item, nextitem)
    return result


def pytest_configure(config):
    dbsetup.configure(config)


def pytest_unconfigure(config):
    dbsetup.unconfigure(config)


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config, items):
    """Skip postgres-marked tests on SQLite and browser-marked tests without Chromium, unless
    REQUIRE_POSTGRES=1 / REQUIRE_BROWSER=1 makes that a failure. Under pytest-xdist, the
    tests that must share a worker are grouped (``tests/parallel.py``)."""
    parallel.assign_groups(config, items)
    missing_browser = browser_missing()
    require_postgres = os.environ.get("REQUIRE_POSTGRES") == "1"
    on_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql"))
    for item in items:
        if "browser" in item.keywords and missing_browser:
            _require_or_skip(
                item, os.environ.get("REQUIRE_BROWSER") == "1", missing_browser, "REQUIRE_BROWSER"
            )
        if "postgres" in item.keywords and not on_postgres:
            _require_or_skip(
                item,
                require_postgres,
                "needs PostgreSQL; set DATABASE_URL=postgres://...",
                "REQUIRE_POSTGRES",
            )


@pytest.fixture(scope="module")
def shared_programme(request, django_db_blocker):
    """The programme's content (``load_programme``, as loaded on 29 November 2026 at 12:00 UTC),
    loaded once for all tests of a module that use it, for tests that read it or load it once
    more. It lives in a transaction around the module's tests: each test's own changes are
    rolled back after it (pytest-django's per-test atomic becomes a savepoint), and the whole
    programme after the module. Not for transactional tests (they flush the database)."""
    from io import StringIO

    import time_machine
    from django.core.management import call_command
    from django.db import transaction

    request.getfixturevalue("django_db_setup")
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        with time_machine.travel(dt.datetime(2026, 11, 29, 12, tzinfo=dt.UTC)):
            call_command("load_programme", stdout=StringIO())
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache (local memory persists across tests)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _second_factor_on_force_login(monkeypatch):
    """``client.force_login(user)`` also passes the admin's second factor for people who can
    open the admin (tests/second_factor.py); ``second_factor=False`` logs in with the password
    step only, as a person who has not entered a code yet."""
    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None, *, second_factor=True):
        original(self, user, backend)
        if second_factor:
            from tests.second_factor import verify_client

            verify_client(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Service messages in tests read in English; requests still pick their own language."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fail_on_failed_tasks():
    """The immediate task backend swallows exceptions; make a failed task fail the test."""
    failures = []

    def on_finished(sender, task_result, **kwargs):
        if task_result.status.name == "FAILED":
            failures.append(task_result)

    task_finished.connect(on_finished, weak=False)
    yield
    task_finished.disconnect(on_finished)
    if failures:
        errors = "\n".join(e.traceback for r in failures for e in r.errors)
        pytest.fail(f"{len(failures)} background task(s) failed:\n{errors}")


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def local(year, month, day, hour=10, minute=0) -> dt.datetime:
    """An aware datetime in Europe/Amsterdam."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


@pytest.fixture
def home_page(db):
    from home.models import HomePage

    existing = HomePage.objects.first()
    if existing:
        return existing
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(title="Root", slug="root")
    placeholder = root.get_children().filter(slug="home").first()
    if placeholder:
        placeholder.slug = "welkom-oud"
        placeholder.save()
    home = HomePage(title="Gebiedsschool", slug="home", intro="Het leerplatform.")
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "GS"},
    )
    if placeholder:
        placeholder.delete()
    return home


@pytest.fixture
def catalogue(home_page):
    from courses.models import CourseIndexPage

    page = CourseIndexPage(title="Opleidingen", slug="opleidingen")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def make_institution(catalogue):
    from courses.models import InstitutionPage

    def make(title="TU Delft", code="TUD", slug=None):
        page = InstitutionPage(title=title, slug=slug or code.lower(), code=code, intro="")
        catalogue.add_child(instance=page)
        page.save_revision().publish()
        return page

    return make


@pytest.fixture
def institution(make_institution):
    return make_institution()


@pytest.fixture
def make_module(institution):
    from courses.models import CourseModulePage

    def make(title="Gebiedstransformatie", parent=None, tags=(), levels=(), fmt="classroom", **kw):
        parent = parent or institution
        module = CourseModulePage(
            title=title,
            slug=kw.pop("slug", None) or title.lower().replace(" ", "-")[:50],
            summary=kw.pop("summary", "Een module."),
            delivery_format=fmt,
            study_load_hours=kw.pop("study_load_hours", Decimal("16")),
            pe_points=kw.pop("pe_points", Decimal("12")),
            **kw,
        )
        module.audience_levels = list(levels)
        if tags:
            module.tags.add(*tags)
        parent.add_child(instance=module)
        module.save_revision().publish()
        return module

    return make


@pytest.fixture
def module(make_module):
    return make_module()


@pytest.fixture
def make_run(request, db):
    from lms.enrolment.models import CourseRun, Session

    counter = {"n": 0}

    def make(
        for_module=None,
        capacity=10,
        price=Decimal("495.00"),
        status=CourseRun.Status.PUBLISHED,
        starts=None,
        sessions=2,
        **kw,
    ):
        counter["n"] += 1
        run = CourseRun.objects.create(
            module=for_module or request.getfixturevalue("module"),
            code=kw.pop("code", f"RUN-{counter['n']:03d}"),
            place=kw.pop("place", "Delft"),
            capacity=capacity,
            price=price,
            status=status,
            **kw,
        )
        start = starts or (timezone.now() + dt.timedelta(days=30))
        for i in range(sessions):
            begin = start + dt.timedelta(days=7 * i)
            Session.objects.create(
                run=run,
                title=f"Dag {i + 1}",
                starts_at=begin,
                ends_at=begin + dt.timedelta(hours=6),
            )
        return run

    return make


@pytest.fixture
def run(make_run):
    return make_run()


@pytest.fixture
def make_user(db):
    from lms.accounts.models import User

    counter = {"n": 0}

    def make(email=None, verified=True, **kw):
        counter["n"] += 1
        return User.objects.create_user(
            email=email or f"person{counter['n']}@example.org",
            password=PASSWORD,
            first_name=kw.pop("first_name", "Pat"),
            last_name=kw.pop("last_name", f"Person {counter['n']}"),
            email_verified_at=timezone.now() if verified else None,
            **kw,
        )

    return make


@pytest.fixture
def user(make_user):
    return make_user(email="anneke@example.org", first_name="Anneke", last_name="de Vries")


@pytest.fixture
def other_user(make_user):
    return make_user(email="bram@example.org", first_name="Bram", last_name="Jansen")


@pytest.fixture
def programme_team_user(make_user):
    from django.contrib.auth.models import Group, Permission

    from lms.accounts.models import PROGRAMME_TEAM_GROUP

    staff = make_user(email="team@platform31.example", first_name="Team", last_name="Lid")
    group, _ = Group.objects.get_or_create(name=PROGRAMME_TEAM_GROUP)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label__in=["enrolment", "certificates", "accounts"]
        ),
    )
    staff.groups.add(group)
    return staff


# -- Kennisbank (issue 7): an index, pilot projects and findings linked to modules ----------


@pytest.fixture
def kennisbank(home_page):
    from courses.models import FindingIndexPage

    page = FindingIndexPage(title="Kennisbank", slug="kennisbank", intro="Lessen.")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def make_project(kennisbank):
    from courses.models import PilotProjectPage

    def make(title="Stationskwartier", province="UT", phase="realisation", **kw):
        page = PilotProjectPage(
            title=title,
            slug=kw.pop("slug", title.lower().replace(" ", "-")),
            municipality=kw.pop("municipality", "Amersfoort"),
            province=province,
            phase=phase,
            latitude=Decimal("52.15340"),
            longitude=Decimal("5.37380"),
            start_year=2019,
            partners="Gemeente\nOntwikkelaar",
            summary=kw.pop("summary", "Kantoren worden woningen."),
            **kw,
        )
        kennisbank.add_child(instance=page)
        page.save_revision().publish()
        return page

    return make


@pytest.fixture
def make_finding(kennisbank):
    from courses.models import FindingPage

    def make(title="Onrendabele top vroeg bespreken", projects=(), tags=(), modules=(), **kw):
        page = FindingPage(
            title=title,
            slug=kw.pop("slug", title.lower().replace(" ", "-")),
            summary=kw.pop("summary", "Een les."),
            **kw,
        )
        page.pilot_projects = list(projects)
        if tags:
            page.tags.add(*tags)
        kennisbank.add_child(instance=page)
        page.save_revision().publish()
        for module in modules:
            module.findings.add(page)
            module.save()
            module.save_revision().publish()
        return page

    return make


@pytest.fixture
def make_seller(db):
    """A complete seller profile for an institution (CRKBO-registered by default)."""
    from lms.billing.models import SellerProfile

    def make(institution, prefix="TUD", crkbo=True, **kw):
        defaults = {
            "legal_name": "Technische Universiteit Delft",
            "street": "Mekelweg 5",
            "postcode": "2628 CC",
            "city": "Delft",
            "kvk_number": "27364528",
            "vat_id": "NL000099998B57",
            "iban": "NL91ABNA0417164300",
            "email": "debiteuren@tudelft.example",
            "invoice_prefix": prefix,
            "credit_note_prefix": f"{prefix}C",
            "quote_prefix": f"{prefix}O",
            "crkbo_registered_from": dt.date(2020, 1, 1) if crkbo else None,
        }
        defaults.update(kw)
        return SellerProfile.objects.create(institution=institution, **defaults)

    return make
