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

from lms.accounts.admin_header import TitledAdminMixin

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


class InvoiceAdminView(TitledAdminMixin, TemplateView):
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
            may_register_payment=self.request.user.is_programme_team,
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


def _money_field(label, required=False, initial=None):
    return forms.DecimalField(
        label=label,
        max_digits=11,
        decimal_places=2,
        min_value=Decimal("0.00"),
        required=required,
        initial=initial,
    )


class CreditForm(forms.Form):
    """Credit any line (net euros per line) or an amount (euros including VAT), with a reason."""

    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300)
    amount = _money_field(gettext_lazy("Or an amount including VAT (euros)"))

    def __init__(self, *args, invoice, **kwargs):
        super().__init__(*args, **kwargs)
        self.invoice_lines = list(invoice.lines.all())
        for line in self.invoice_lines:
            self.fields[f"line_{line.pk}"] = _money_field(
                _("Net to credit on: %(line)s (at most € %(left)s)")
                % {"line": line.description, "left": corrections.remaining_net(line)}
            )

    def line_amounts(self) -> dict:
        data = self.cleaned_data
        return {
            line: data[f"line_{line.pk}"]
            for line in self.invoice_lines
            if data.get(f"line_{line.pk}")
        }


BUYER_FIELDS = (
    ("name", gettext_lazy("Buyer name")),
    ("street", gettext_lazy("Street and number")),
    ("postcode", gettext_lazy("Postcode")),
    ("city", gettext_lazy("City")),
    ("email", gettext_lazy("E-mail")),
    ("vat_id", gettext_lazy("VAT id")),
    ("kvk_number", gettext_lazy("KvK number")),
)


class CorrectForm(forms.Form):
    """A corrected invoice: changed buyer data, PO number and net unit prices, with a reason."""

    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300)
    po_number = forms.CharField(
        label=gettext_lazy("Purchase-order number"), max_length=50, required=False
    )

    def __init__(self, *args, invoice, **kwargs):
        super().__init__(*args, **kwargs)
        self.invoice_lines = list(invoice.lines.all())
        self.fields["po_number"].initial = invoice.po_number
        for name, label in BUYER_FIELDS:
            self.fields[f"buyer_{name}"] = forms.CharField(
                label=label,
                max_length=200,
                required=name == "name",
                initial=invoice.buyer_data.get(name, ""),
            )
        for line in self.invoice_lines:
            self.fields[f"price_{line.pk}"] = _money_field(
                _("Net unit price: %(line)s") % {"line": line.description},
                required=True,
                initial=line.unit_price,
            )

    def changes(self) -> dict:
        data = self.cleaned_data
        return {
            "buyer": {name: data[f"buyer_{name}"].strip() for name, _label in BUYER_FIELDS},
            "prices": {line.pk: data[f"price_{line.pk}"] for line in self.invoice_lines},
            "po_number": data["po_number"],
        }


def corrections_forms(invoice, data) -> dict:
    """The correction forms of the invoice page (``lms.billing.corrections``)."""
    action = (data or {}).get("action")
    return {
        "credit": CreditForm(data if action == "credit" else None, invoice=invoice, prefix="cr"),
        "correct": CorrectForm(data if action == "correct" else None, invoice=invoice, prefix="co"),
    }


def corrections_act(invoice, action, forms_, user):
    """Run a correction action; the success message, or ``False`` for an invalid form."""
    if action == "credit":
        form = forms_["credit"]
        if not form.is_valid():
            return False
        note = corrections.credit(
            invoice,
            user=user,
            reason=form.cleaned_data["reason"],
            lines=form.line_amounts(),
            amount=form.cleaned_data["amount"],
        )
        return _("Credit note %(number)s issued.") % {"number": note.number}
    if action == "correct":
        form = forms_["correct"]
        if not form.is_valid():
            return False
        note, new = corrections.correct_invoice(
            invoice, user=user, reason=form.cleaned_data["reason"], **form.changes()
        )
        return _("Credit note %(note)s and corrected invoice %(number)s issued.") % {
            "note": note.number,
            "number": new.number,
        }
    raise BillingError(_("Unknown action."))
