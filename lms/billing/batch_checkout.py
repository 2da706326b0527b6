"""The organisation portal's batch enrolment, sold like a checkout.

An approved contact enrols several colleagues in one run; every place is priced by
:func:`lms.billing.pricing.quote` (member price, early-bird, discount code) exactly as checkout
prices a single place, the organisation's PO rule is applied by the same
:func:`lms.billing.pricing.check_po_number`, and the batch gets one invoice (VAT once per rate
on its subtotal) carrying the PO number, cost centre and the contact's reference.
"""

from django.db import transaction
from django.utils import timezone

from lms.accounts.models import User
from lms.enrolment import batches
from lms.enrolment.models import CourseRun, Enrolment

from . import pricing, services


def checkout_batch(
    contact,
    organisation,
    run: CourseRun,
    emails: list[str],
    *,
    po_number: str = "",
    cost_centre: str = "",
    reference: str = "",
    discount_code: str = "",
) -> list[Enrolment]:
    """Enrol ``emails`` (normalised addresses) in ``run`` as one batch billed to
    ``organisation``, each place at the price :func:`pricing.quote` gives now.

    In one transaction: check the PO rule and billing data, price each place (the colleague's
    own membership counts, as does the paying organisation's partnership; a discount code is
    counted once per place), enrol the batch through the enrolment service (which sends the
    signal on which billing issues the one invoice) and record each place's price, order data
    and discount as a :class:`CheckoutRecord`.

    Returns:
        The created enrolments, in the order of ``emails``.

    Raises:
        BillingError: PO number required but missing, no billing profile, seller profile
            incomplete, or the discount code is refused (unknown, not for this run, used up by
            this batch).
        EnrolmentError: see :func:`lms.enrolment.batches.enrol_batch`.
    """
    po_number, cost_centre, reference = po_number.strip(), cost_centre.strip(), reference.strip()
    with transaction.atomic():
        now = timezone.now()
        if not run.is_free:
            services.buyer_for_organisation(organisation)  # refuses without billing data
            pricing.check_po_number(organisation, po_number)
        people = {u.email: u for u in User.objects.filter(email__in=emails)}
        quotes = {
            email: pricing.quote(
                people.get(email),
                run,
                discount_code=discount_code,
                now=now,
                organisation=organisation,
                places=len(emails),
            )
            for email in emails
        }
        order = {"po_number": po_number, "cost_centre": cost_centre, "reference": reference}
        created = batches.enrol_batch(
            contact,
            organisation,
            run,
            emails,
            prices={email: q.net for email, q in quotes.items()},
            order=order,
        )
        for enrolment in created:
            _record(enrolment, quotes[enrolment.user.email], organisation, order, now, contact)
    return created


def _record(enrolment, quote, organisation, order: dict, now, contact) -> None:
    services.record_checkout(
        enrolment,
        quote,
        now,
        user=contact,
        route="organisation batch",
        organisation=organisation,
        po_number=order["po_number"],
        cost_centre=order["cost_centre"],
        withdrawal_until=None,  # an organisation is not a consumer (art. 6:230g BW)
    )
