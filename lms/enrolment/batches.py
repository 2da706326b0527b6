"""An organisation contact enrols several colleagues in a run at once, as one batch."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.models import Organisation, User, normalise_email
from lms.accounts.services import create_invited_account

from . import seats, signals
from .eligibility import check_prerequisite, check_run_open
from .exceptions import EnrolmentError
from .locks import lock_run
from .models import CourseRun, Enrolment
from .transitions import announce, create_enrolment

#: More addresses than this in one batch is almost certainly a paste error.
MAX_BATCH = 200


def parse_emails(text: str) -> list[str]:
    """Split pasted addresses (commas, semicolons, spaces or lines) into unique, normalised
    addresses, in their order.

    Raises:
        EnrolmentError: an entry is not an e-mail address, or there are none.
    """
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    found = []
    for raw in text.replace(",", " ").replace(";", " ").split():
        email = normalise_email(raw)
        try:
            validate_email(email)
        except ValidationError as exc:
            raise EnrolmentError(_("%(value)s is not an e-mail address.") % {"value": raw}) from exc
        if email not in found:
            found.append(email)
    if not found:
        raise EnrolmentError(_("Enter at least one e-mail address."))
    return found


def enrol_batch(
    contact,
    organisation: Organisation,
    run: CourseRun,
    emails: list[str],
    *,
    prices: dict | None = None,
    order: dict | None = None,
) -> list[Enrolment]:
    """Enrol colleagues of ``organisation`` in ``run`` as one batch paid by the organisation.

    Colleagues (a verified account that belongs to ``organisation``: its domain or an
    approved membership) are confirmed; everyone else gets an invitation (and, without an
    account, an account to claim) and their place is held as ``pending`` until they claim it
    or ``run.hold_days`` pass.
    Sends ``enrolment_batch_created`` inside the transaction (billing invoices the batch).
    Places that are sold go through ``lms.billing.batch_checkout.checkout_batch``, which prices
    each place with billing's one pricing function and passes ``prices`` and ``order``.

    Args:
        contact: an approved contact of ``organisation``.
        organisation: the paying organisation.
        run: a public, open run (or private: contacts receive its invite link from staff).
        emails: normalised addresses (see :func:`parse_emails`).
        prices: net euros per address, as priced by billing; the run's price where missing.
        order: the buyer's order data (``po_number``, ``cost_centre``, ``reference``), passed
            on to billing with the signal.

    Returns:
        The created enrolments, in the order of ``emails``.

    Raises:
        EnrolmentError: not a contact, the run is not open, too few free seats for the whole
            batch (or people are waiting), or someone already holds a place.
    """
    _check_batch(contact, organisation, emails)
    with transaction.atomic():
        run = lock_run(run.pk)
        now = timezone.now()
        check_run_open(run, now)
        people = _people_without_place(run, emails, now)
        created = []
        for email in emails:
            person = people.get(email) or _invited_account(email, contact)
            price = (prices or {}).get(email, run.price)
            created.append(_enrol_person(run, person, contact, organisation, now, price))
        signals.enrolment_batch_created.send(
            sender=Enrolment,
            enrolments=created,
            organisation=organisation,
            run=run,
            user=contact,
            order=order or {},
        )
    return created


def _check_batch(contact, organisation: Organisation, emails: list[str]) -> None:
    """Refuse a batch from someone who is not a contact, or one over :data:`MAX_BATCH`."""
    if not Organisation.objects.contact_of(contact).filter(pk=organisation.pk).exists():
        raise EnrolmentError(
            _("Only an approved contact of the organisation can enrol colleagues.")
        )
    if len(emails) > MAX_BATCH:
        raise EnrolmentError(_("At most %(n)s people per batch.") % {"n": MAX_BATCH})


def _people_without_place(run: CourseRun, emails: list[str], now) -> dict[str, User]:
    """Existing accounts of ``emails``; refuses unless the locked run seats all and none is in."""
    free = 0 if seats.has_waiting_list(run) else seats.seats_left(run, now)
    if len(emails) > free:
        raise EnrolmentError(
            _("Only %(free)s seats are free in this run; the batch has %(n)s people.")
            % {"free": free, "n": len(emails)}
        )
    people = {u.email: u for u in User.objects.filter(email__in=emails)}
    already = set(
        run.enrolments.live().filter(user__in=people.values()).values_list("user__email", flat=True)
    )
    if already:
        raise EnrolmentError(
            _("Already enrolled: %(emails)s.") % {"emails": ", ".join(sorted(already))}
        )
    return people


def _enrol_person(run: CourseRun, person: User, contact, organisation, now, price) -> Enrolment:
    """One announced place at ``price``: confirmed for a colleague, else pending (invited)."""
    # Only a colleague of the organisation is confirmed at once; anyone else is
    # invited and confirms the place themselves (the claim link).
    colleague = person.is_verified and organisation.has_member(person)
    if colleague:
        check_prerequisite(person, run)
    state = Enrolment.State.CONFIRMED if colleague else Enrolment.State.PENDING
    enrolment = create_enrolment(
        run,
        person,
        state,
        now,
        price=price,
        payer=Enrolment.Payer.ORGANISATION,
        organisation=organisation,
        enrolled_by=contact,
    )
    announce(enrolment, user=contact, from_state="", reason="organisation batch")
    return enrolment


def _invited_account(email: str, contact) -> User:
    """An account without a password for an invited colleague; claiming sets it."""
    return create_invited_account(email, language=contact.language, by=contact)
