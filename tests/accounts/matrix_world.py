"""The shared dataset of the admin matrix (``test_admin_matrix.py``): two organisations, two
institutions with every kind of row a party owns, every role, and marker values planted in the
rows with the objects that own each marker."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from wagtail.models import GroupPagePermission, Page, Site

PASSWORD = "correct-horse-battery-staple"


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
    """Two organisations, two institutions with everything a party owns, and every role."""
    from courses.models import CourseIndexPage, TrainingFormatIndexPage, TrainingFormatPage
    from lms.billing.models import VatRate
    from lms.certificates.models import ProfessionalRegister

    w = World()
    home = _site()
    catalogue = _child(home, CourseIndexPage(title="Opleidingen", slug="opleidingen"))
    formats = _child(home, TrainingFormatIndexPage(title="Maatwerk", slug="maatwerk"))
    fmt = _child(
        formats, TrainingFormatPage(title="Training", slug="training", kind="tailored_training")
    )
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    _staff(w, home, access)
    register = w.add(ProfessionalRegister.objects.create(name="PE-online", code="PEO"))
    w.add(VatRate.objects.order_by("pk").first())  # public: the law's rates
    orgs = _organisations(w, access)
    for n, (key, code, person) in enumerate(
        (("tud", "TUD", "professional_a"), ("mcd", "MCD", "professional_b")), start=1
    ):
        party = {"n": n, "key": key, "code": code, "org": orgs[n - 1], "register": register}
        _institution(w, party, catalogue)
        _learning(w, party, person)
        _configuration(w, party)
        _bookings(w, party, fmt)
    return w


def _staff(w, home, access):
    from lms.accounts.models import (
        COACHES_GROUP,
        KENNISBANK_GROUP,
        PROGRAMME_TEAM_GROUP,
        STEERING_GROUP,
    )

    team_group, _ = Group.objects.get_or_create(name=PROGRAMME_TEAM_GROUP)
    apps = ["enrolment", "certificates", "accounts", "billing", "bookings"]
    team_group.permissions.add(access, *Permission.objects.filter(content_type__app_label__in=apps))
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


def _organisations(w, access):
    from lms.accounts.models import Organisation, OrganisationMembership
    from lms.billing.models import BillingProfile

    contact_admin = Group.objects.create(name="Contacten met beheertoegang")
    contact_admin.permissions.add(access)
    orgs = []
    for n in (1, 2):
        org = w.add(Organisation.objects.create(name=f"MkOrg{n}Zq", kind="municipality"))
        orgs.append(org)
        contact = _user(f"contact{n}@org{n}.example", f"MkKontakt{n}Zq")
        if n == 1:  # one contact with admin access (issue 14, item 2)
            contact.groups.add(contact_admin)
        w.users[f"contact_org{n}"] = contact
        membership = OrganisationMembership.objects.create(
            user=contact, organisation=org, role="contact", status="approved"
        )
        w.add(membership, f"MkKontakt{n}Zq")
        profile = BillingProfile.objects.create(
            organisation=org, street=f"MkStraat{n}Zq", postcode="1000 AA", city="Stad"
        )
        w.add(profile, f"MkStraat{n}Zq")
        w.own(f"MkOrg{n}Zq", org, membership, profile)
    return orgs


def _institution(w, party, catalogue):
    """The institution page, its staff, a module with a run, the seller and an open staff
    invitation."""
    from courses.institutions import setup_institution
    from courses.models import CourseModulePage, InstitutionPage
    from lms.accounts.models import StaffInvitation
    from lms.enrolment.models import CourseRun, Session

    key, code = party["key"], party["code"]
    institution = _child(
        catalogue, InstitutionPage(title=f"Instelling {code}", slug=key, code=code, intro="")
    )
    editors, managers = setup_institution(institution)
    w.users[f"{key}_editor"] = _user(f"redacteur@{key}.example", f"Redacteur{code}", editors)
    w.users[f"{key}_manager"] = _user(f"beheerder@{key}.example", f"Beheerder{code}", managers)
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
    w.add(run, f"MKRUN{code}ZQ")
    w.add(_seller(institution, code, f"MkVerkoper{code}Zq"), f"MkVerkoper{code}Zq")
    invitation = StaffInvitation.objects.create(
        institution=institution,
        role="editor",
        email=f"mkgenodigd{key}zq@example.org",
        expires_at=timezone.now() + dt.timedelta(days=7),
    )
    w.add(invitation, f"mkgenodigd{key}zq")
    party.update(institution=institution, module=module, run=run)


def _learning(w, party, person):
    """A participant's enrolment (organisation-linked), invoice, credit note, payment,
    certificate, assessment result and offer."""
    from lms.billing import services as billing
    from lms.certificates import services as certificates
    from lms.certificates.models import AssessmentResult
    from lms.enrolment.models import Offer

    n, code, org, run = party["n"], party["code"], party["org"], party["run"]
    team = w.users["programme_team"]
    participant = w.users[person] = _user(
        f"deelnemer-{party['key']}@example.org", f"MkDeelnemer{code}Zq"
    )
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
            module=party["module"],
            institution=party["institution"],
            module_title=party["module"].title,
            institution_name=party["institution"].title,
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
    w.own(f"MkOrg{n}Zq", enrolment, certificate, invoice, credit)


def _configuration(w, party):
    """Finance and certificate configuration of the party's module and run; a subscriber."""
    from lms.accounts.models import Subscriber
    from lms.billing.models import DiscountCode, ModuleBudget, RunPricing
    from lms.certificates.models import Accreditation, CertificateTemplate, CompletionRule

    n, key, code = party["n"], party["key"], party["code"]
    module, run = party["module"], party["run"]
    budget = ModuleBudget.objects.create(module=module, development_cost=Decimal(f"731004{n}"))
    w.add(budget, f"731004{n}")
    pricing = RunPricing.objects.create(run=run, member_price=Decimal(f"732004{n}"))
    w.add(pricing, f"732004{n}")
    w.own(f"MKRUN{code}ZQ", pricing)
    discount = DiscountCode.objects.create(code=f"MKKORTING{code}ZQ", value=10)
    w.add(discount, f"MKKORTING{code}ZQ")
    discount.runs.add(run)
    w.add(CompletionRule.objects.create(module=module, min_attendance_percent=80))
    accreditation = Accreditation.objects.create(
        module=module,
        register=party["register"],
        points=Decimal("4"),
        number=f"MkAccr{code}Zq",
        valid_from=dt.date(2026, 1, 1),
    )
    w.add(accreditation, f"MkAccr{code}Zq")
    template = CertificateTemplate.objects.create(
        institution=party["institution"], signatory_name=f"MkOndertekenaar{code}Zq"
    )
    w.add(template, f"MkOndertekenaar{code}Zq")
    subscriber = Subscriber.objects.create(
        email=f"mkabonnee{key}zq@example.org", token=f"tok-{key}"
    )
    w.add(subscriber, f"mkabonnee{key}zq")


def _bookings(w, party, fmt):
    """A booking request of the party's organisation assigned to its institution, with a
    draft quote, an engagement (the coach is on TUD's) and a logged session."""
    from lms.bookings.models import BookingRequest, Engagement, EngagementSession, Quote

    n, key, code, org = party["n"], party["key"], party["code"], party["org"]
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
        institution=party["institution"],
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
        engagement.coaches.add(w.users["coach"])
    session = EngagementSession.objects.create(
        engagement=engagement,
        coach=w.users["coach"],
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
    w.own(f"MkOrg{n}Zq", booking, quote, engagement, session)


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
