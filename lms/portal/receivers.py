"""Who gets new panel versions (``lms/portal/panels.py``) when a row a portal page shows is
saved or deleted: at once and again after the transaction commits, so a visit in between
cannot keep the old rows under the newest version.

People get a new version for what "Mijn leeromgeving" shows them; organisations for what
the organisation portal shows of them (its contacts' own versions also count there)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from lms.accounts.models import Organisation, OrganisationMembership, User
from lms.billing.models import CheckoutRecord, CreditNote, Invoice, Payment
from lms.bookings.models import BookingRequest
from lms.certificates.models import Certificate
from lms.enrolment.models import CalendarFeed, CourseRun, Enrolment, Evaluation, Offer, Session
from lms.learning.models import LessonProgress

from . import panels


def _later(user_ids, organisation_ids=()) -> None:
    """New versions now (this transaction's own later reads) and again after the commit."""
    ids, orgs = set(user_ids), set(organisation_ids)
    if not ids and not orgs:
        return

    def bump():
        panels.bump(ids)
        panels.bump_organisations(orgs)

    bump()
    transaction.on_commit(bump)


def _contacts(organisation_ids) -> list:
    """The approved contacts of ``organisation_ids`` (user ids)."""
    ids = [pk for pk in organisation_ids if pk is not None]
    if not ids:
        return []
    contacts = OrganisationMembership.objects.filter(
        organisation_id__in=ids, role="contact", status="approved"
    )
    return list(contacts.values_list("user_id", flat=True))


def _invoice_people(invoice_id, organisation_id=None, payer_id=None) -> list:
    """The payer and the approved contacts of the invoice's organisation."""
    if payer_id is None and organisation_id is None:
        row = Invoice.objects.filter(pk=invoice_id).values("payer_user_id", "organisation_id")
        row = row.first() or {}
        payer_id, organisation_id = row.get("payer_user_id"), row.get("organisation_id")
    return [payer_id, *_contacts([organisation_id])]


def _people_and_organisations(enrolments) -> tuple[set, set]:
    """The people and the organisations of an enrolment queryset."""
    rows = list(enrolments.values_list("user_id", "organisation_id"))
    return {user for user, _ in rows}, {org for _, org in rows if org is not None}


def _run_people(run_id) -> list:
    return list(Enrolment.objects.filter(run_id=run_id).values_list("user_id", flat=True))


def _on_invoice(sender, instance, **kwargs):
    _later(_invoice_people(instance.pk, instance.organisation_id, instance.payer_user_id))


def _on_invoice_row(sender, instance, **kwargs):  # credit notes and payments
    _later(_invoice_people(instance.invoice_id))


def _before_enrolment(sender, instance, **kwargs):
    """Remember who held an enrolment before a save that may hand it to someone else (a
    substitution, another paying organisation): both get a new version."""
    if instance.pk and not instance._state.adding:
        row = Enrolment.objects.filter(pk=instance.pk).values_list("user_id", "organisation_id")
        instance._portal_before = row.first() or (None, None)


def _on_enrolment(sender, instance, **kwargs):
    # the people waiting in the run: their place in the line may have moved
    waiting = Enrolment.objects.filter(run_id=instance.run_id, state=Enrolment.State.WAITLISTED)
    before_user, before_org = getattr(instance, "_portal_before", (None, None))
    people = [instance.user_id, before_user, *waiting.values_list("user_id", flat=True)]
    _later([p for p in people if p], [o for o in (instance.organisation_id, before_org) if o])


def _on_enrolment_row(sender, instance, **kwargs):  # evaluations, offers, checkout records
    _later(Enrolment.objects.filter(pk=instance.enrolment_id).values_list("user_id", flat=True))


def _on_progress(sender, instance, **kwargs):  # the enrolment is at hand (learning.services)
    _later([instance.enrolment.user_id])


def _on_session(sender, instance, **kwargs):
    _later(_run_people(instance.run_id))


def _on_run(sender, instance, **kwargs):
    people, orgs = _people_and_organisations(Enrolment.objects.filter(run_id=instance.pk))
    bookings = BookingRequest.objects.filter(run_id=instance.pk, organisation__isnull=False)
    orgs |= set(bookings.values_list("organisation_id", flat=True))
    _later(people, orgs)


def _on_module(sender, instance, **kwargs):
    """A published or unpublished page: a module's title and URL, or a lesson of the module
    (its parent), which changes the progress shown."""
    paths = [instance.path, instance.path[: -Page.steplen]]
    _later(*_people_and_organisations(Enrolment.objects.filter(run__module__path__in=paths)))


def _on_own_row(sender, instance, **kwargs):  # certificates, memberships
    _later([instance.user_id])


def _on_feed(sender, instance, created=False, **kwargs):
    """A renewed or deleted calendar feed. A new one is made by the page itself on its first
    visit (``feed_for``), when no page is kept yet: that one needs no new version."""
    if not created:
        _later([instance.user_id])


def _on_booking(sender, instance, **kwargs):
    org = instance.organisation_id
    _later([instance.requested_by_id, *_contacts([org])], [org])


def _on_organisation(sender, instance, **kwargs):
    _later(_contacts([instance.pk]), [instance.pk])


def _on_user(sender, instance, update_fields=None, **kwargs):
    """A participant's name or address, shown in their organisations' tables (a login, which
    saves only ``last_login``, changes nothing shown)."""
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    enrolments = Enrolment.objects.filter(user_id=instance.pk, organisation__isnull=False)
    _later([instance.pk], enrolments.values_list("organisation_id", flat=True).distinct())


RECEIVERS = (
    (Invoice, _on_invoice),
    (CreditNote, _on_invoice_row),
    (Payment, _on_invoice_row),
    (Enrolment, _on_enrolment),
    (Evaluation, _on_enrolment_row),
    (LessonProgress, _on_progress),
    (Offer, _on_enrolment_row),
    (CheckoutRecord, _on_enrolment_row),
    (Session, _on_session),
    (CourseRun, _on_run),
    (Certificate, _on_own_row),
    (CalendarFeed, _on_feed),
    (OrganisationMembership, _on_own_row),
    (BookingRequest, _on_booking),
    (Organisation, _on_organisation),
    (User, _on_user),
)


def connect() -> None:
    """Connect the receivers above to ``post_save`` and ``post_delete``, and the module
    receiver to Wagtail's ``page_published`` and ``page_unpublished`` (``PortalConfig``)."""
    for model, receiver in RECEIVERS:
        for signal in (post_save, post_delete):
            uid = f"portal_panels_{model._meta.label_lower}_{signal is post_save}"
            signal.connect(receiver, sender=model, dispatch_uid=uid, weak=False)
    pre_save.connect(_before_enrolment, sender=Enrolment, dispatch_uid="portal_before", weak=False)
    for signal in (page_published, page_unpublished):
        uid = f"portal_panels_page_{signal is page_published}"
        signal.connect(_on_module, dispatch_uid=uid, weak=False)
