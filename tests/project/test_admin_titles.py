"""Issue 24 item 2: every custom admin page (every URL that a ``register_admin_urls`` hook of
this project registers) has its own browser title, ``<page title> - Gebiedsschool``, not
"Home", "Dashboard" or "Wagtail". The URLs come from the hooks themselves, so a new page is
covered without anyone listing it; URLs that are no HTML page must be listed in NOT_PAGES."""

import html
import re

import pytest
from django.db import transaction
from django.urls import URLPattern, reverse
from django.utils import translation
from wagtail import hooks

from tests.accounts.matrix_world import build_world

pytestmark = pytest.mark.django_db

PROJECT = ("lms.", "courses.", "home.")

# Object ids in the URLs: URL name -> kwarg -> model label of a planted object (or "user").
IDS = {
    "enrolment_run_participants": {"run_id": "enrolment.courserun"},
    "learning_run_progress": {"run_id": "enrolment.courserun"},
    "certificates_run_completion": {"run_id": "enrolment.courserun"},
    "certificates_certificate_actions": {"pk": "certificates.certificate"},
    "bookings_manage": {"booking_id": "bookings.bookingrequest"},
    "accounts_decide_membership": {"pk": "accounts.organisationmembership"},
    "accounts_login_security": {"pk": "user"},
    "billing_invoice": {"pk": "billing.invoice"},
}

# URLs that answer with a file or only act on POST: no page, so no title.
NOT_PAGES = {
    "enrolment_run_participants_csv",
    "learning_run_progress_csv",
    "certificates_run_zip",
    "certificates_run_register_csv",
    "accounts_carry_out_erasure",
    "accounts_staff_invitation_revoke",
    "accounts_newsletter_export",
}

TITLE = re.compile(r"<title>\s*(.*?)\s*</title>", re.S)
# The header's visible title: the last item of Wagtail's breadcrumbs (issue 24).
CRUMBS = re.compile(r"data-w-breadcrumbs.*?</ol>", re.S)
CRUMB = re.compile(r"<li\b.*?>(.*?)</li>", re.S)
TAG = re.compile(r"<[^>]+>")


def project_admin_urls():
    """(name, view class or None, kwargs) of every URL the project's hooks register."""
    found = []
    for hook in hooks.get_hooks("register_admin_urls"):
        if not hook.__module__.startswith(PROJECT):
            continue
        for pattern in hook():
            assert isinstance(pattern, URLPattern), f"{hook.__module__}: nested {pattern}"
            view_class = getattr(pattern.callback, "view_class", None)
            found.append((pattern.name, view_class, list(pattern.pattern.converters)))
    return found


@pytest.fixture(scope="module")
def world(request, django_db_blocker):
    """The admin matrix's dataset, rolled back after this module."""
    request.getfixturevalue("django_db_setup")
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        built = build_world()
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def _url(world, name, kwargs):
    if not kwargs:
        return reverse(name)
    mapping = IDS.get(name)
    assert mapping and set(mapping) == set(kwargs), f"{name}: map its ids {kwargs} in IDS"
    ids = {
        key: world.users["professional_a"].pk if label == "user" else world.objects[label][0]
        for key, label in mapping.items()
    }
    return reverse(name, kwargs=ids)


def test_the_hooks_register_pages_and_every_one_is_known():
    names = {name for name, _view, _kwargs in project_admin_urls()}
    assert len(names) >= 15
    assert NOT_PAGES <= names, NOT_PAGES - names


@pytest.mark.parametrize("name", sorted(n for n, _v, _k in project_admin_urls()))
def test_each_custom_admin_page_has_its_own_title(world, client, name):
    if name in NOT_PAGES:
        pytest.skip("a file or a POST action, not a page")
    _name, view_class, kwargs = next(p for p in project_admin_urls() if p[0] == name)
    client.force_login(world.users["programme_team"])
    response = client.get(_url(world, name, kwargs), HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200, (name, response.status_code)
    assert response["Content-Type"].startswith("text/html")
    title = html.unescape(TITLE.search(response.content.decode()).group(1))
    assert title.endswith(" - Gebiedsschool"), title
    page = title.removesuffix(" - Gebiedsschool")
    assert page and page not in ("Home", "Dashboard", "Wagtail"), title
    assert view_class is not None, f"{name}: a page is a class-based view with a page_title"
    with translation.override(response.get("Content-Language", "nl")):
        assert str(view_class.page_title) in page, title
    crumbs = CRUMB.findall(CRUMBS.search(response.content.decode()).group(0))
    header = " ".join(html.unescape(TAG.sub(" ", crumbs[-1])).split())
    assert header and header not in ("Home", "Dashboard", "Wagtail"), (name, header)
