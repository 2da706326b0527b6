"""The invoice's staff page in the Wagtail admin: its money, its documents and staff actions.

Seen by whoever may see the invoice (``Invoice.objects.for_user``); actions are offered to and
accepted from those who may correct it (:func:`lms.billing.corrections.may_correct`: the
programme team, or an institution manager for their own seller). Every action calls a service.
"""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from . import corrections, refunds
from .exceptions import BillingError
from .models import Invoice, Payment


class BankRefundForm(forms.Form):
    amount = forms.DecimalField(
        label=gettext_lazy("Amount refunded (euros)"),
        max_digits=11,
        decimal_places=2,
        min_value=Decimal("0.01"),
    )
    refunded_on = forms.DateField(label=gettext_lazy("Refunded on"))
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300, required=False)


class DecisionForm(forms.Form):
    payment = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=gettext_lazy("Why no credit note"), max_length=300)


class InvoiceAdminView(WagtailAdminTemplateMixin, TemplateView):
    """GET: the invoice's balance, credit notes, payments and refunds, open refund items, the
    documents (PDF, UBL) and the action forms. POST ``action=…``: one staff action."""

    template_name = "billing/admin/invoice.html"
    page_title = gettext_lazy("Invoice")

    def dispatch(self, request, pk, *args, **kwargs):
        if not request.user.is_authenticated:
            raise PermissionDenied
        self.invoice = get_object_or_404(
            Invoice.objects.for_user(request.user).select_related("seller"), pk=pk
        )
        self.may_act = corrections.may_correct(request.user, self.invoice)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.invoice.number

    def forms(self, data=None) -> dict:
        action = (data or {}).get("action")
        forms_ = {
            "bank_refund": BankRefundForm(
                data if action == "bank_refund" else None,
                initial={
                    "amount": refunds.balance(self.invoice).to_refund or None,
                    "refunded_on": timezone.localdate(),
                },
                prefix="refund",
            ),
        }
        forms_.update(corrections_forms(self.invoice, data))
        return forms_

    def get_context_data(self, forms_=None, **kwargs):
        context = super().get_context_data(**kwargs)
        invoice = self.invoice
        context.update(
            invoice=invoice,
            balance=refunds.balance(invoice),
            state=Invoice.PaymentState(invoice.payment_state()).label,
            credit_notes=invoice.credit_notes.order_by("pk"),
            payments=invoice.payments.select_related("credit_note", "decision").order_by("pk"),
            open_refunds=refunds.open_refunds(invoice),
            lines=invoice.lines.all(),
            may_act=self.may_act,
            forms=forms_ or self.forms(),
            bank_payment_url=reverse("billing_bank_payment")
            + f"?reference={invoice.payment_reference}",
            decision_form=DecisionForm(),
        )
        return context

    def post(self, request, *args, **kwargs):
        if not self.may_act:
            raise PermissionDenied
        action = request.POST.get("action", "")
        forms_ = self.forms(request.POST)
        try:
            done = self.act(action, forms_)
        except BillingError as error:
            messages.error(request, str(error))
            done = False
        if done:
            messages.success(request, done)
            return redirect("billing_invoice", self.invoice.pk)
        return self.render_to_response(self.get_context_data(forms_=forms_))

    def act(self, action: str, forms_: dict):
        """Run ``action``; return the success message, or ``False`` when a form is invalid."""
        user = self.request.user
        if action == "bank_refund":
            form = forms_["bank_refund"]
            if not form.is_valid():
                return False
            refunds.record_bank_refund(self.invoice, user=user, **form.cleaned_data)
            return _("Refund recorded.")
        if action == "credit_refund":
            note = refunds.credit_refund(self.invoice, user=user)
            return _("Credit note %(number)s issued.") % {"number": note.number}
        if action == "decide":
            form = DecisionForm(self.request.POST)
            if not form.is_valid():
                return False
            payment = get_object_or_404(
                Payment, pk=form.cleaned_data["payment"], invoice=self.invoice
            )
            refunds.decide_without_credit(payment, reason=form.cleaned_data["reason"], user=user)
            return _("Decision recorded.")
        return corrections_act(self.invoice, action, forms_, user)


def corrections_forms(invoice, data) -> dict:
    """The correction forms of the invoice page (``lms.billing.corrections``)."""
    return {}


def corrections_act(invoice, action, forms_, user):
    raise BillingError(_("Unknown action."))
