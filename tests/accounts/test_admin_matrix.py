"""Issue 14's proof: every admin URL pattern that takes an object id or lists domain rows, found
in the URL resolver (a new view is covered without anyone listing it), requested by every role
of ``ROLES``, with marker values planted in one shared dataset.

The oracle: a marker of object X may appear in the response for role R only when X is among the
rows R may see (``admin_scope.visible``, i.e. the model's ``for_user`` or its view rule); acting
is a subset of seeing in the layer, so that covers "or R's act policy allows". A URL pattern
with an object id that is neither a snippet view, nor in ``OBJECT_URLS``, nor in
``NOT_DOMAIN`` (CMS and Wagtail's own models) fails the test instead of being skipped.
"""

import io
import re
import time
import zipfile

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.snippets.models import get_snippet_models

from lms.accounts import admin_scope

pytestmark = pytest.mark.django_db

# Every role, explicitly (issue 14). Later roles (teacher, reviewer, check-in staff, API token
# holder) join here.
ROLES = (
    "visitor",
    "professional_a",
    "professional_b",
    "contact_org1",
    "contact_org2",
    "coach",
    "knowledge_editor",
    "tud_editor",
    "tud_manager",
    "mcd_editor",
    "mcd_manager",
    "programme_team",
    "steering_committee",
)

# Admin URLs with an object id outside the snippet viewsets: name -> model of each id kwarg.
OBJECT_URLS = {
    "enrolment_run_participants": {"run_id": "enrolment.courserun"},
    "enrolment_run_participants_csv": {"run_id": "enrolment.courserun"},
    "certificates_run_completion": {"run_id": "enrolment.courserun"},
    "certificates_run_zip": {"run_id": "enrolment.courserun"},
    "certificates_run_register_csv": {
        "run_id": "enrolment.courserun",
        "register_id": "certificates.professionalregister",
    },
    "certificates_certificate_actions": {"pk": "certificates.certificate"},
    "bookings_manage": {"booking_id": "bookings.bookingrequest"},
    "accounts_decide_membership": {"pk": "accounts.organisationmembership"},
    "accounts_staff_invitation_revoke": {"pk": "accounts.staffinvitation"},
    "billing_invoice": {"pk": "billing.invoice"},
    "learning_run_progress": {"run_id": "enrolment.courserun"},
    "learning_run_progress_csv": {"run_id": "enrolment.courserun"},
}

# URL names (prefixes) that are not domain data: Wagtail's CMS models, guarded by page and
# collection permissions, or no data at all. Everything else under /beheer/ is walked.
NOT_DOMAIN = (
    # User management, programme team only: a person's second factor and lock-outs
    # (tests/accounts/test_second_factor.py), carrying out an erasure request by POST
    # (tests/accounts/test_erasure.py).
    "accounts_login_security",
    "accounts_carry_out_erasure",
    "wagtailadmin_pages:",
    "wagtailadmin_explore",
    "wagtailadmin_api:",
    "wagtailadmin_choose_page",
    "wagtailadmin_collections:",
    "wagtailadmin_workflows:",
    "wagtailadmin_editing_sessions:",
    "wagtailadmin_reports:locked_pages",
    "wagtailadmin_reports:workflow",
    "wagtailadmin_reports:aging_pages",
    "wagtailadmin_reports:page_types_usage",
    "wagtailadmin_tag",
    "wagtailadmin_dismissibles",
    "wagtailadmin_block_preview",
    "wagtailadmin_account",
    "wagtailadmin_logout",
    "wagtailadmin_login",
    "wagtailadmin_password_reset",
    "wagtailadmin_error_test",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
    "wagtailimages",
    "wagtaildocs",
    "wagtailusers_",
    "wagtailsites:",
    "wagtailredirects:",
    "wagtaillocales:",
    "wagtailsettings:",
    "wagtailembeds:",
    "wagtailforms:",
    "wagtailsearchpromotions:",
    "wagtailsnippets_courses_",  # CMS taxonomies (audience levels): public
    "wagtailsnippetchoosers_courses_",
)
# Pages with their own documented scope on top of the rows: the results dashboard shows figures
# per run and per module budget to whoever ``lms.reports.scope.sees_everything`` (programme team,
# steering committee; DESIGN: the steering committee reads the results). Personal markers
# stay forbidden there.
REPORT_FIGURES = {"reports_dashboard": ("enrolment.courserun", "billing.modulebudget")}
SKIP_WITHOUT_NAME = ("beheer/test404/", "beheer/^.*/$")


# -- the URLs, from the resolver ---------------------------------------------------------------


def admin_patterns():
    """(route, full name, converter kwargs) of every URL pattern under /beheer/."""

    def walk(patterns, prefix, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = namespace + (f"{p.namespace}:" if p.namespace else "")
                yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                kwargs = re.findall(r"<(?:\w+:)?(\w+)>", route)
                yield route, (namespace + p.name) if p.name else "", kwargs

    for route, name, kwargs in walk(get_resolver().url_patterns, "", ""):
        if route.startswith("beheer/"):
            yield route, name, kwargs


SNIPPET_NAME = re.compile(r"^wagtailsnippet(s|choosers)_(\w+?)_(\w+):(\w[\w-]*)$")


def _snippet_model(name):
    match = SNIPPET_NAME.match(name)
    if not match:
        return None, None
    for model in get_snippet_models():
        app, model_name = model._meta.app_label, model._meta.model_name
        if name.startswith(
            (f"wagtailsnippets_{app}_{model_name}:", f"wagtailsnippetchoosers_{app}_{model_name}:")
        ):
            return model._meta.label_lower, name.rsplit(":", 1)[1]
    return None, None


def matrix_urls(world):
    """Every URL to request, as (label, url); raises AssertionError for an unmapped pattern
    with an object id."""
    urls, unmapped = [], []
    for route, name, kwargs in admin_patterns():
        if route in SKIP_WITHOUT_NAME or (name and name.startswith(NOT_DOMAIN)):
            continue
        if name == "wagtail_bulk_action":
            urls.extend(_bulk_urls(world))
            continue
        label, _view = _snippet_model(name)
        if kwargs:
            mapping = OBJECT_URLS.get(name) or (
                {kwargs[0]: label} if label and len(kwargs) == 1 else None
            )
            if not mapping or set(mapping) != set(kwargs):
                unmapped.append(f"{route} ({name or 'no name'})")
                continue
            urls.extend(_object_urls(world, name, mapping))
            continue
        if not name:
            unmapped.append(f"{route} (no name)")
            continue
        url = reverse(name)
        urls.append((name, url))
        if name.endswith(":list") and label:
            urls += [(f"{name} csv", f"{url}?export=csv"), (f"{name} xlsx", f"{url}?export=xlsx")]
        if name in ("wagtailadmin_reports:site_history", "scoped_site_history"):
            urls += [(f"{name} csv", f"{url}?export=csv"), (f"{name} xlsx", f"{url}?export=xlsx")]
    assert not unmapped, (
        "admin URL patterns with an id that the matrix does not map:\n" + "\n".join(unmapped)
    )
    return list(dict((url, (label, url)) for label, url in urls).values())


def _object_urls(world, name, mapping):
    keys = list(mapping)
    first = world.objects.get(mapping[keys[0]])
    assert first, f"{name}: no planted {mapping[keys[0]]}"
    for pk in first:
        args = {keys[0]: pk}
        for other in keys[1:]:
            args[other] = world.objects[mapping[other]][0]
        yield name, reverse(name, kwargs=args)


def _bulk_urls(world):
    for model in admin_scope.scoped_models():
        label = model._meta.label_lower
        app, model_name = label.split(".")
        base = reverse("wagtail_bulk_action", args=[app, model_name, "delete"])
        ids = "&".join(f"id={pk}" for pk in world.objects.get(label, []))
        yield f"bulk {label}", f"{base}?{ids}"
        yield f"bulk {label} all", f"{base}?id=all"


# -- the oracle ---------------------------------------------------------------------------------


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            body = b"".join(archive.read(n) for n in archive.namelist() if not n.endswith(".pdf"))
    return body.decode("utf-8", "replace")


def _visible_sets(user, labels):
    from django.apps import apps

    seen = {}
    for label in labels:
        model = apps.get_model(label)
        seen[label] = set(admin_scope.visible(model, user).values_list("pk", flat=True))
    return seen


def _report_figures(user, world):
    """``{url name: {(label, pk)}}`` of rows a report page may show as figures to ``user``."""
    from lms.reports.scope import sees_everything

    if not sees_everything(user):
        return {}
    return {
        name: {(label, pk) for label in labels for pk in world.objects.get(label, [])}
        for name, labels in REPORT_FIGURES.items()
    }


@pytest.fixture(scope="module")
def urls(world):
    """The matrix's URLs, found once for all roles."""
    return matrix_urls(world)


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_url_for_every_role_leaks_nothing(world, urls, role):
    """One test per role (so pytest-xdist spreads the roles over its workers), the same
    dataset and URLs for all of them."""
    from lms.accounts.models import User

    labels = {label for owners in world.markers.values() for label, _pk in owners}
    leaks, errors = [], []
    started = time.perf_counter()
    client = Client(raise_request_exception=False)
    if role == "visitor":
        user = AnonymousUser()
    else:
        user = User.objects.get(pk=world.users[role].pk)
        client.force_login(user)
    seen = _visible_sets(user, labels)
    figures = _report_figures(user, world)
    for label, url in urls:
        response = client.get(url)
        if response.status_code >= 500:
            errors.append(f"{role} {url}: {response.status_code}")
            continue
        body = _text(response)
        allowed = figures.get(label, set())
        for marker, owners in world.markers.items():
            if marker in body and not any(
                pk in seen[lbl] or (lbl, pk) in allowed for lbl, pk in owners
            ):
                leaks.append(f"{role} {url} ({label}): {marker}")
    print(
        f"\nadmin matrix, {role}: {len(urls)} URLs in {time.perf_counter() - started:.1f}s, "
        f"{len(leaks)} leaks"
    )
    assert not errors, "server errors:\n" + "\n".join(errors)
    assert not leaks, f"{len(leaks)} leaks:\n" + "\n".join(leaks[:200])
