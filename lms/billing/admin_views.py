"""Finance views for staff: open and overdue amounts, cost recovery per module, bank payments."""

import datetime as dt
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from lms.accounts.admin_header import TitledAdminMixin

from . import reports, services
from .exceptions import BillingError
from .models import SellerProfile


def may_see_finance(user) -> bool:
    """Whether ``user`` may open the finance overview (and see its menu item): the
    programme team, and people who see at least one seller (institution managers)."""
    return user.is_active and (
        user.is_programme_team or SellerProfile.objects.for_user(user).exists()
    )


class FinanceOverviewView(TitledAdminMixin, TemplateView):
    """Open and overdue amounts per seller and cost recovery per module, scoped by for_user."""

    template_name = "billing/admin/overview.html"
    page_title = gettext_lazy("Finance overview")

    def dispatch(self, request, *args, **kwargs):
        if not may_see_finance(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context["sellers"] = reports.open_amounts(self.request.user, today)
        year = self.request.GET.get("year", "")
        start = end = None
        if year.isdigit() and 2000 <= int(year) <= 2100:
            start, end = dt.date(int(year), 1, 1), dt.date(int(year), 12, 31)
        else:
            year = ""
        context["modules"] = reports.cost_recovery(self.request.user, start, end)
        context["year"] = year
        context["years"] = range(today.year, today.year - 8, -1)
        context["recovery_note"] = reports.RECOVERY_NOTE
        return context


class BankPaymentForm(forms.Form):
    """A bank transfer as the statement shows it: structured reference, amount in euros, date."""

    reference = forms.CharField(label=gettext_lazy("Payment reference"), max_length=32)
    amount = forms.DecimalField(
        label=gettext_lazy("Amount (euros)"),
        max_digits=11,
        decimal_places=2,
        min_value=Decimal("0.01"),
    )
    received_on = forms.DateField(label=gettext_lazy("Received on"))


class BankPaymentView(TitledAdminMixin, FormView):
    """Register a bank transfer by the invoice's structured reference (programme team)."""

    template_name = "billing/admin/bank_payment.html"
    form_class = BankPaymentForm
    page_title = gettext_lazy("Register a bank transfer")

    def dispatch(self, request, *args, **kwargs):
        if not (request.user.is_active and request.user.is_programme_team):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        """Prefilled from ``?reference=`` (the invoice page's link)."""
        return {**super().get_initial(), "reference": self.request.GET.get("reference", "")}

    def form_valid(self, form):
        try:
            payment = services.register_bank_payment(
                form.cleaned_data["reference"],
                form.cleaned_data["amount"],
                received_on=form.cleaned_data["received_on"],
                user=self.request.user,
            )
        except BillingError as error:
            form.add_error("reference", str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Payment of € %(amount)s registered for %(number)s.")
            % {"amount": payment.amount, "number": payment.invoice.number},
        )
        return redirect("billing_bank_payment")
