"""Issue 14's proof: every admin URL pattern that takes an object id or lists domain rows, found
in the URL resolver (a new view is covered without anyone listing it), requested by every role
of ``ROLES``, with marker values planted in one shared dataset.

The oracle: a marker of object X may appear in the response for role R only when X is among the
rows R may see (``admin_scope.visible``, i.e. the model's ``for_user`` or its view rule); acting
is a subset of seeing in the layer, so that covers "or R's act policy allows". A URL pattern
with an object id that is neither a snippet view, nor in ``OBJECT_URLS``, nor in
``NOT_DOMAIN`` (CMS and Wagtail's own models) fails the test instead of being skipped.
"""

import datetime as dt
import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission, Page, Site
from wagtail.snippets.models import get_snippet_models

from lms.accounts import admin_scope

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery-staple"

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
}

# URL names (prefixes) that are not domain data: Wagtail's CMS models, guarded by page and
# collection permissions, or no data at all. Everything else under /beheer/ is walked.
NOT_DOMAIN = (
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


# -- the dataset -------------------------------------------------------------------------------


def _user(email, last_name, *groups):
    from lms.accounts.models import User

    user = User.objects.create_user(
        email=email,
        password=PASSWORD,
        first_name="Pat",
        last_name=last_name,
        email_verified_at=timezone.now(),
    )
    user.groups.add(*groups)
    return user


def _site():
    from home.models import HomePage

    root = Page.get_first_root_node()
    placeholder = root.get_children().filter(slug="home").first()
    if placeholder:
        placeholder.slug = "welkom-oud"
        placeholder.save()
    home = HomePage(title="Gebiedsschool", slug="home", intro="Het leerplatform.")
    root.add_child(instance=home)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    if placeholder:
        placeholder.delete()
    return home


def _child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


class World:
    """Ids of the planted objects and markers: ``objects[model label]`` lists one object per
    party, ``markers[text]`` the objects that own the marker."""

    def __init__(self):
        self.objects = {}
        self.markers = {}
        self.users = {}

    def add(self, obj, *markers, owners=()):
        self.objects.setdefault(obj._meta.label_lower, []).append(obj.pk)
        for marker in markers:
            self.own(marker, obj, *owners)
        return obj

    def own(self, marker, *objs):
        owners = self.markers.setdefault(marker, set())
        owners.update((o._meta.label_lower, o.pk) for o in objs)


def build_world() -> World:
    from courses.institutions import setup_institution
    from courses.models import (
        CourseIndexPage,
        CourseModulePage,
        InstitutionPage,
        TrainingFormatIndexPage,
        TrainingFormatPage,
    )
    from lms.accounts.models import (
        COACHES_GROUP,
        KENNISBANK_GROUP,
        PROGRAMME_TEAM_GROUP,
        STEERING_GROUP,
        Organisation,
        OrganisationMembership,
        Subscriber,
    )
    from lms.billing import services as billing
    from lms.billing.models import BillingProfile, DiscountCode, ModuleBudget, RunPricing, VatRate
    from lms.bookings.models import BookingRequest, Engagement, EngagementSession, Quote
    from lms.certificates import services as certificates
    from lms.certificates.models import (
        Accreditation,
        AssessmentResult,
        CertificateTemplate,
        CompletionRule,
        ProfessionalRegister,
    )
    from lms.enrolment.models import CourseRun, Offer, Session

    w = World()
    home = _site()
    catalogue = _child(home, CourseIndexPage(title="Opleidingen", slug="opleidingen"))
    formats = _child(home, TrainingFormatIndexPage(title="Maatwerk", slug="maatwerk"))
    fmt = _child(
        formats, TrainingFormatPage(title="Training", slug="training", kind="tailored_training")
    )
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    team_group, _ = Group.objects.get_or_create(name=PROGRAMME_TEAM_GROUP)
    team_group.permissions.add(
        access,
        *Permission.objects.filter(
            content_type__app_label__in=[
                "enrolment",
                "certificates",
                "accounts",
                "billing",
                "bookings",
            ]
        ),
    )
    page_perm = Permission.objects.get(
        content_type__app_label="wagtailcore", codename="change_page"
    )
    GroupPagePermission.objects.get_or_create(group=team_group, page=home, permission=page_perm)
    groups = {}
    for name in (KENNISBANK_GROUP, COACHES_GROUP, STEERING_GROUP):
        groups[name], _ = Group.objects.get_or_create(name=name)
        groups[name].permissions.add(access)
    users = w.users
    users["programme_team"] = _user("team@platform31.example", "Teamlid", team_group)
    users["steering_committee"] = _user("stuur@example.org", "Stuurder", groups[STEERING_GROUP])
    users["knowledge_editor"] = _user("kennis@tudelft.example", "Kennis", groups[KENNISBANK_GROUP])
    users["coach"] = _user("coach@example.org", "Coach", groups[COACHES_GROUP])
    team = users["programme_team"]
    register = w.add(ProfessionalRegister.objects.create(name="PE-online", code="PEO"))
    w.add(VatRate.objects.order_by("pk").first())  # public: the law's rates
    contact_admin = Group.objects.create(name="Contacten met beheertoegang")
    contact_admin.permissions.add(access)
    orgs = []
    for n in (1, 2):
        org = w.add(Organisation.objects.create(name=f"MkOrg{n}Zq", kind="municipality"))
        orgs.append(org)
        contact = _user(f"contact{n}@org{n}.example", f"MkKontakt{n}Zq")
        if n == 1:  # one contact with admin access (issue 14, item 2)
            contact.groups.add(contact_admin)
        users[f"contact_org{n}"] = contact
        membership = OrganisationMembership.objects.create(
            user=contact, organisation=org, role="contact", status="approved"
        )
        w.add(membership, f"MkKontakt{n}Zq")
        w.add(
            BillingProfile.objects.create(
                organisation=org, street=f"MkStraat{n}Zq", postcode="1000 AA", city="Stad"
            ),
            f"MkStraat{n}Zq",
        )
        w.own(f"MkOrg{n}Zq", org, membership, org.billing_profile)
    for n, (key, code, person) in enumerate(
        (("tud", "TUD", "professional_a"), ("mcd", "MCD", "professional_b")), start=1
    ):
        org = orgs[n - 1]
        institution = _child(
            catalogue, InstitutionPage(title=f"Instelling {code}", slug=key, code=code, intro="")
        )
        editors, managers = setup_institution(institution)
        users[f"{key}_editor"] = _user(f"redacteur@{key}.example", f"Redacteur{code}", editors)
        users[f"{key}_manager"] = _user(f"beheerder@{key}.example", f"Beheerder{code}", managers)
        module = _child(
            institution,
            CourseModulePage(
                title=f"Module {code}",
                slug=f"module-{key}",
                summary="Een module.",
                delivery_format="classroom",
                study_load_hours=Decimal("16"),
                pe_points=Decimal("12"),
            ),
        )
        run = CourseRun.objects.create(
            module=module,
            code=f"MKRUN{code}ZQ",
            place="Delft",
            capacity=10,
            price=Decimal("495.00"),
            status="published",
        )
        start = timezone.now() + dt.timedelta(days=30)
        Session.objects.create(
            run=run, title="Dag 1", starts_at=start, ends_at=start + dt.timedelta(hours=6)
        )
        w.add(
            _seller(institution, code, f"MkVerkoper{code}Zq"),
            f"MkVerkoper{code}Zq",
        )
        participant = _user(f"deelnemer-{key}@example.org", f"MkDeelnemer{code}Zq")
        users[person] = participant
        enrolment = billing.checkout(participant, run, accept_terms=True)
        enrolment.organisation = org
        enrolment.save(update_fields=["organisation"])
        invoice = enrolment.invoice_lines.get().invoice
        credit = billing.issue_credit_note(
            invoice, {invoice.lines.get(): Decimal("10.00")}, reason=f"MkReden{code}Zq", user=team
        )
        payment = billing.register_bank_payment(
            invoice.payment_reference, Decimal("5.00"), received_on=timezone.localdate(), user=team
        )
        certificate = certificates.issue_certificate(
            certificates.CertificateSubject(
                user=participant,
                module=module,
                institution=institution,
                module_title=module.title,
                institution_name=institution.title,
                completion_date=dt.date(2026, 11, 1),
                enrolment=enrolment,
                organisation=org,
                holder_name=f"MkHouder{code}Zq",
            )
        )
        result = AssessmentResult.objects.create(
            enrolment=enrolment, passed=True, recorded_at=timezone.now()
        )
        offer = Offer.objects.create(
            enrolment=enrolment, run=run, expires_at=timezone.now() + dt.timedelta(days=2)
        )
        w.add(run, f"MKRUN{code}ZQ")
        w.add(enrolment, f"MkDeelnemer{code}Zq")
        w.add(invoice, invoice.number)
        w.add(credit, credit.number, f"MkReden{code}Zq")
        w.add(payment)
        w.add(certificate, f"MkHouder{code}Zq", certificate.formatted_code)
        w.add(result)
        w.add(offer)
        w.own(f"MKRUN{code}ZQ", enrolment, offer, invoice, credit, result)
        w.own(f"MkDeelnemer{code}Zq", invoice, credit, payment, certificate, result, offer)
        w.own(invoice.number, credit, payment)
        w.own(f"MkVerkoper{code}Zq", invoice, credit, payment)
        w.own(f"MkOrg{n}Zq", enrolment, certificate)
        w.add(
            ModuleBudget.objects.create(module=module, development_cost=Decimal(f"731004{n}")),
            f"731004{n}",
        )
        pricing = w.add(
            RunPricing.objects.create(run=run, member_price=Decimal(f"732004{n}")), f"732004{n}"
        )
        w.own(f"MKRUN{code}ZQ", pricing)
        code_row = w.add(
            DiscountCode.objects.create(code=f"MKKORTING{code}ZQ", value=10), f"MKKORTING{code}ZQ"
        )
        code_row.runs.add(run)
        w.add(CompletionRule.objects.create(module=module, min_attendance_percent=80))
        w.add(
            Accreditation.objects.create(
                module=module,
                register=register,
                points=Decimal("4"),
                number=f"MkAccr{code}Zq",
                valid_from=dt.date(2026, 1, 1),
            ),
            f"MkAccr{code}Zq",
        )
        w.add(
            CertificateTemplate.objects.create(
                institution=institution, signatory_name=f"MkOndertekenaar{code}Zq"
            ),
            f"MkOndertekenaar{code}Zq",
        )
        w.add(
            Subscriber.objects.create(email=f"mkabonnee{key}zq@example.org", token=f"tok-{key}"),
            f"mkabonnee{key}zq",
        )
        booking = BookingRequest.objects.create(
            format=fmt,
            format_kind="tailored_training",
            organisation=org,
            organisation_name=f"MkOrg{n}Zq",
            organisation_kind="municipality",
            contact_name=f"MkAanvrager{code}Zq",
            contact_email=f"aanvrager-{key}@example.org",
            expected_participants=12,
            preferred_start=dt.date(2027, 1, 1),
            preferred_end=dt.date(2027, 3, 1),
            place="own_premises",
            question="Versnellen.",
            institution=institution,
            state="assigned",
        )
        quote = Quote.objects.create(
            booking=booking, valid_until=dt.date(2027, 1, 1), introduction=f"MkOfferte{code}Zq"
        )
        engagement = Engagement.objects.create(
            booking=booking,
            organisation=org,
            project_name=f"MkProject{code}Zq",
            goals="Doelen.",
            planned_hours=Decimal("10"),
            starts_on=dt.date(2027, 1, 1),
            ends_on=dt.date(2027, 6, 1),
        )
        if key == "tud":
            engagement.coaches.add(users["coach"])
        session = EngagementSession.objects.create(
            engagement=engagement,
            coach=users["coach"],
            date=dt.date(2027, 1, 10),
            duration_hours=Decimal("2"),
            topics="Onderwerpen.",
            confidential_notes=f"MkVertrouwelijk{code}Zq",
        )
        w.add(booking, f"MkAanvrager{code}Zq")
        w.add(quote, f"MkOfferte{code}Zq")
        w.add(engagement, f"MkProject{code}Zq")
        w.add(session, f"MkVertrouwelijk{code}Zq")
        w.own(f"MkAanvrager{code}Zq", quote, engagement)
        w.own(f"MkProject{code}Zq", session)
        w.own(f"MkOrg{n}Zq", booking, quote, engagement, session, invoice, credit)
        w.own(invoice.number, invoice)
    return w


def _seller(institution, code, legal_name):
    from lms.billing.models import SellerProfile

    return SellerProfile.objects.create(
        institution=institution,
        legal_name=legal_name,
        street="Mekelweg 5",
        postcode="2628 CC",
        city="Delft",
        kvk_number="27364528",
        vat_id="NL000099998B57",
        iban="NL91ABNA0417164300",
        email=f"debiteuren@{code.lower()}.example",
        invoice_prefix=f"MK{code}",
        credit_note_prefix=f"MK{code}C",
        quote_prefix=f"MK{code}O",
        crkbo_registered_from=dt.date(2020, 1, 1),
    )


@pytest.fixture(scope="module")
def world(request, django_db_blocker):
    """One dataset for the whole matrix, inside a transaction rolled back after the module."""
    request.getfixturevalue("django_db_setup")
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        built = build_world()
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


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


def test_every_admin_url_for_every_role_leaks_nothing(world):
    from lms.accounts.models import User

    urls = matrix_urls(world)
    labels = {label for owners in world.markers.values() for label, _pk in owners}
    leaks, errors, pairs = [], [], 0
    for role in ROLES:
        client = Client(raise_request_exception=False)
        if role == "visitor":
            user = AnonymousUser()
        else:
            user = User.objects.get(pk=world.users[role].pk)
            client.force_login(user)
        seen = _visible_sets(user, labels)
        figures = _report_figures(user, world)
        for label, url in urls:
            pairs += 1
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
        f"\nadmin matrix: {len(urls)} URLs x {len(ROLES)} roles = {pairs} pairs, {len(leaks)} leaks"
    )
    assert not errors, "server errors:\n" + "\n".join(errors)
    assert not leaks, f"{len(leaks)} leaks:\n" + "\n".join(leaks[:200])
