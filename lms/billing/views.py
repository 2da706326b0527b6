"""Private document downloads, online payment and the provider's webhook."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from lms.accounts.models import Organisation
from lms.enrolment import seats
from lms.enrolment.eligibility import eligibility
from lms.enrolment.enrol_page import render_enrol_page
from lms.enrolment.exceptions import EnrolmentError
from lms.enrolment.models import Enrolment
from lms.enrolment.selectors import public_run

from . import pdf, pricing, services, ubl
from .exceptions import BillingError
from .forms import CheckoutForm
from .models import CreditNote, Invoice
from .providers import get_provider


def _private(response):
    response["Cache-Control"] = "private, no-store"
    return response


def _document(request, kind: str, pk: int):
    model = Invoice if kind == "invoice" else CreditNote
    return get_object_or_404(model.objects.for_user(request.user), pk=pk)


@login_required
def document_pdf(request, kind: str, pk: int):
    """The PDF of an invoice or credit note the user may see (404 otherwise)."""
    document = _document(request, kind, pk)
    response = HttpResponse(pdf.render(document), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{document.number}.pdf"'
    return _private(response)


@login_required
def document_ubl(request, kind: str, pk: int):
    """The UBL e-invoice of an organisation's invoice or credit note (404 for others)."""
    document = _document(request, kind, pk)
    try:
        xml = ubl.build(document)
    except BillingError as error:
        messages.error(request, str(error))
        return redirect("portal:dashboard")
    response = HttpResponse(xml, content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{document.number}.xml"'
    return _private(response)


@login_required
@require_POST
def pay_online(request, pk: int):
    """Start an iDEAL payment for the outstanding amount and send the person to the provider."""
    invoice = get_object_or_404(Invoice.objects.for_user(request.user), pk=pk)
    try:
        online = services.start_online_payment(
            invoice,
            provider=get_provider(),
            redirect_url=request.build_absolute_uri(reverse("billing:paid", args=[invoice.pk])),
            webhook_url=request.build_absolute_uri(reverse("billing:webhook")),
        )
    except BillingError as error:
        messages.error(request, str(error))
        return redirect("portal:dashboard")
    return redirect(online.checkout_url)


@login_required
def returned(request, pk: int):
    """The return redirect: sync the latest payment of the invoice (races the webhook safely)."""
    invoice = get_object_or_404(Invoice.objects.for_user(request.user), pk=pk)
    online = invoice.online_payments.order_by("-created_at").first()
    if online is not None:
        try:
            online = services.sync_online_payment(online.provider_id, provider=get_provider())
        except BillingError:  # the provider does not know it (any more) or did not answer
            messages.error(request, _("We could not check your payment yet; try again later."))
            return redirect("portal:dashboard")
        if online.status == "paid":
            messages.success(request, _("Thank you, your payment has been received."))
        else:
            messages.info(request, _("Your payment has not been completed."))
    return redirect("portal:dashboard")


@csrf_exempt
@require_POST
def webhook(request):
    """Provider webhook: Mollie posts only ``id``; we fetch the state ourselves, so a forged
    call can change nothing. Unknown ids answer 200 too, so nothing is revealed."""
    provider_id = request.POST.get("id", "")
    provider = get_provider()
    if not provider.is_payment_id(provider_id):
        return HttpResponse(_("Not a payment id."), status=400, content_type="text/plain")
    try:
        services.sync_online_payment(provider_id, provider=provider)
    except BillingError:
        pass
    return HttpResponse("")


def _payable_organisations(user):
    """Organisations with billing data that ``user`` belongs to (domain or approved tie)."""
    candidates = Organisation.objects.filter(billing_profile__isnull=False).prefetch_related(
        "domains"
    )
    return Organisation.objects.filter(
        pk__in=[org.pk for org in candidates if pricing.is_member(user, org)]
    )


def _result_message(enrolment, run) -> str:
    if enrolment.state == Enrolment.State.WAITLISTED:
        return _(
            "%(run)s is full; you are number %(position)s on the waiting list. You pay only "
            "when you accept a place."
        ) % {"run": run.display_title, "position": seats.waiting_position(enrolment)}
    if enrolment.state == Enrolment.State.PENDING:
        return _(
            "Your place in %(run)s is held while the programme team reviews your enrolment."
        ) % {"run": run.display_title}
    return _("You are enrolled in %(run)s.") % {"run": run.display_title}


@login_required
def checkout_view(request, run_id: int):
    """GET: the price (with VAT where it applies), the terms and the payer choice.
    POST: the checkout service enrols and invoices."""
    run = public_run(run_id)
    organisations = _payable_organisations(request.user)
    form = CheckoutForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid() and _checkout(request, run, form):
        return redirect("portal:dashboard")
    return _checkout_page(request, run, form)


def _checkout(request, run, form) -> bool:
    """Ask the checkout service with the valid form's data and say how it went; True if enrolled."""
    data = form.cleaned_data
    try:
        enrolment = services.checkout(
            request.user,
            run,
            accept_terms=data["accept_terms"],
            payer=data["payer"],
            organisation=data["organisation"],
            po_number=data["po_number"],
            cost_centre=data["cost_centre"],
            discount_code=data["discount_code"],
            express_start=data["express_start"],
            buyer_details=form.buyer_details(),
        )
    except (BillingError, EnrolmentError) as error:
        messages.error(request, str(error))
        return False
    messages.success(request, _result_message(enrolment, run))
    if data["payer"] == Enrolment.Payer.PARTICIPANT:
        messages.info(
            request,
            _(
                "You may withdraw within 14 days of enrolling with the button "
                "“Withdraw from the agreement” in My learning environment; if the run "
                "started earlier at your request, you pay for the part delivered."
            ),
        )
    return True


def _checkout_page(request, run, form):
    """The checkout page, never cached: the form and the quote, or why this person cannot enrol."""
    answer = eligibility(request.user, run)
    problem, quote = answer.problem or None, None
    if not problem:
        try:
            quote = pricing.quote(request.user, run, discount_code=request.GET.get("code", ""))
        except BillingError as error:
            problem = str(error)
    return render_enrol_page(
        request,
        run,
        answer,
        problem=problem,
        quote=quote,
        form=form,
        terms_version=pricing.terms_version(),
        checkout=True,
    )
