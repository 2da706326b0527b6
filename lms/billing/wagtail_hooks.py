"""Billing admin: sellers, budgets, prices, invoices, credit notes, payments, finance views."""

import django_filters
from django.contrib import messages
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from lms.accounts.admin_policies import WRITE_ACTIONS, ServiceOnlyPermissionPolicy
from lms.accounts.admin_scope import register_scope
from lms.accounts.admin_scope_views import ScopedFilterSet, ScopedSnippetViewSet
from lms.accounts.institutions import managed_page_paths
from lms.enrolment.models import CourseRun

from . import admin_views, invoice_admin, pricing, refunds, scope, selectors
from .exceptions import BillingError
from .models import (
    BillingProfile,
    CreditNote,
    DiscountCode,
    Invoice,
    ModuleBudget,
    Payment,
    RunPricing,
    SellerProfile,
    VatRate,
)
from .money import format_amount


def _finance_viewer(user) -> bool:
    """The programme team, and institution managers (who see their own through for_user)."""
    if not (user.is_active and user.is_authenticated):
        return False
    return user.is_programme_team or bool(managed_page_paths(user))


class ProgrammeTeamWritesPolicy(ModelPermissionPolicy):
    """Data that changes money (seller data, budgets, VAT rates, prices): only the programme
    team may add, change or delete it; institution managers may view (scoped by for_user)."""

    def user_has_permission(self, user, action):
        """Writes for the programme team only; viewing for finance viewers."""
        if action in WRITE_ACTIONS:
            return user.is_active and user.is_authenticated and user.is_programme_team
        return _finance_viewer(user)

    def user_has_any_permission(self, user, actions):
        """True when any of ``actions`` is allowed by user_has_permission."""
        return any(self.user_has_permission(user, action) for action in actions)


class FinanceRecordsPolicy(ServiceOnlyPermissionPolicy):
    """Invoices, credit notes, payments: viewed by finance viewers, changed only by services."""

    def user_has_permission(self, user, action):
        """No writes for anyone; viewing for finance viewers."""
        if action in WRITE_ACTIONS:
            return False
        return _finance_viewer(user)


class SellerProfileViewSet(ScopedSnippetViewSet):
    """Seller profiles (legal name, KvK, VAT id, invoice prefix) per institution."""

    model = SellerProfile
    icon = "site"
    menu_label = _("Sellers")
    list_display = ["legal_name", "institution", "invoice_prefix", "kvk_number", "vat_id"]


class ModuleBudgetViewSet(ScopedSnippetViewSet):
    """Each module's development cost and programme contribution (cost recovery)."""

    model = ModuleBudget
    icon = "doc-full"
    menu_label = _("Module budgets")
    list_display = ["module", "development_cost", "programme_contribution"]


class BillingProfileViewSet(ScopedSnippetViewSet):
    """Organisations' invoicing details (address, VAT id, PO required); programme team only."""

    model = BillingProfile
    icon = "group"
    menu_label = _("Organisation billing")
    list_display = ["organisation", "city", "vat_id", "po_number_required"]


class VatRateViewSet(ScopedSnippetViewSet):
    """VAT rates as dated data per category (the one VAT rule reads them)."""

    model = VatRate
    icon = "cogs"
    menu_label = _("VAT rates")
    list_display = ["category", "rate", "valid_from"]


class RunPricingViewSet(ScopedSnippetViewSet):
    """Per-run pricing and terms: early-bird and member prices, late cancellation share."""

    model = RunPricing
    icon = "tag"
    menu_label = _("Run pricing and terms")
    list_display = [
        "run",
        "kind",
        "early_bird_price",
        "member_price",
        "late_cancellation_percentage",
    ]


class DiscountCodeViewSet(ScopedSnippetViewSet):
    """Discount codes with their kind, value, usage limit and end date."""

    model = DiscountCode
    icon = "tag"
    menu_label = _("Discount codes")
    list_display = ["code", "kind", "value", "usage_limit", "valid_until"]


class PaymentStateColumn(Column):
    """The invoice's derived payment state (open, paid, overdue, ...) as its label."""

    def get_value(self, instance):
        """The label of Invoice.payment_state() for this row."""
        return Invoice.PaymentState(instance.payment_state()).label


class ToRefundColumn(Column):
    """What is still to be refunded on an overpaid invoice, in euros."""

    def get_value(self, instance):
        """ "€ 12,50" when money is to be refunded, else empty."""
        amount = refunds.balance(instance).to_refund
        return f"€ {format_amount(amount)}" if amount else ""


class InvoiceFilterSet(ScopedFilterSet):
    """The invoice listing's filters: seller, issue date and "to resolve"."""

    to_resolve = django_filters.BooleanFilter(
        label=_("To resolve (refund without credit note)"), method="filter_to_resolve"
    )

    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")

    def filter_overdue(self, queryset, name, value):
        """Invoices whose payment state is overdue (the programme team's panel links here), or
        the others."""
        if value is None:
            return queryset
        overdue = selectors.overdue_invoice_ids(queryset)
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)

    def filter_to_resolve(self, queryset, name, value):
        """Invoices with a refund no credit note covers (or, when false, the others)."""
        if value is None:
            return queryset
        open_items = refunds.invoices_to_resolve(queryset).values("pk")
        return queryset.filter(pk__in=open_items) if value else queryset.exclude(pk__in=open_items)

    class Meta:
        model = Invoice
        fields = ["seller", "issue_date"]


class InvoiceViewSet(ScopedSnippetViewSet):
    """Invoices, view and inspect only (issued by services, immutable); CSV/XLSX export through the
    one CSV writer."""

    model = Invoice
    icon = "doc-full-inverse"
    menu_label = _("Invoices")
    inspect_view_enabled = True
    list_display = [
        "number",
        "seller",
        "issue_date",
        "due_date",
        "total",
        PaymentStateColumn("state", label=_("Payment state")),
        ToRefundColumn("to_refund", label=_("To refund")),
    ]
    filterset_class = InvoiceFilterSet
    list_export = [
        "number",
        "issue_date",
        "due_date",
        "po_number",
        "net_total",
        "vat_total",
        "total",
        "payment_reference",
    ]
    export_filename = "facturen"
    search_fields = ["number", "po_number", "payment_reference"]

    def get_queryset(self, request):
        """The visible invoices with their paid amount and seller in the same query."""
        return super().get_queryset(request).with_paid().select_related("seller")


class CreditNoteViewSet(ScopedSnippetViewSet):
    """Credit notes, view only, with their invoice; exportable."""

    model = CreditNote
    icon = "doc-empty"
    menu_label = _("Credit notes")
    inspect_view_enabled = True
    list_display = ["number", "invoice", "issue_date", "total", "reason"]
    list_export = ["number", "invoice", "issue_date", "net_total", "vat_total", "total", "reason"]
    export_filename = "creditnotas"

    def get_queryset(self, request):
        """The visible credit notes with their invoice in the same query."""
        return super().get_queryset(request).select_related("invoice")


class PaymentViewSet(ScopedSnippetViewSet):
    """Payments and refunds (direction), view only: bank payments are entered on their own page."""

    model = Payment
    icon = "pick"
    menu_label = _("Payments")
    list_display = ["invoice", "direction", "amount", "method", "received_on", "credit_note"]
    list_filter = ["direction", "method"]

    def get_queryset(self, request):
        """The visible payments with their invoice in the same query."""
        return super().get_queryset(request).select_related("invoice")


class BillingGroup(SnippetViewSetGroup):
    """The admin menu group "Finance" with the listings above."""

    menu_label = _("Finance")
    menu_icon = "doc-full-inverse"
    menu_order = 250
    items = (
        InvoiceViewSet,
        CreditNoteViewSet,
        PaymentViewSet,
        SellerProfileViewSet,
        ModuleBudgetViewSet,
        BillingProfileViewSet,
        RunPricingViewSet,
        DiscountCodeViewSet,
        VatRateViewSet,
    )


register_scope(SellerProfile, ProgrammeTeamWritesPolicy(SellerProfile))
register_scope(ModuleBudget, ProgrammeTeamWritesPolicy(ModuleBudget), view=scope.module_budgets)
register_scope(
    BillingProfile, ProgrammeTeamWritesPolicy(BillingProfile), view=scope.billing_profiles
)
register_scope(VatRate, ProgrammeTeamWritesPolicy(VatRate), view=scope.vat_rates)
register_scope(RunPricing, ProgrammeTeamWritesPolicy(RunPricing), view=scope.run_pricing)
register_scope(DiscountCode, ProgrammeTeamWritesPolicy(DiscountCode), view=scope.discount_codes)
for _model in (Invoice, CreditNote, Payment):
    register_scope(_model, FinanceRecordsPolicy(_model))
register_snippet(BillingGroup)


@hooks.register("register_admin_urls")
def register_finance_urls():
    """The finance overview, an invoice's manage page and the bank-payment form."""
    return [
        path("financien/", admin_views.FinanceOverviewView.as_view(), name="billing_overview"),
        path(
            "financien/factuur/<int:pk>/",
            invoice_admin.InvoiceAdminView.as_view(),
            name="billing_invoice",
        ),
        path(
            "financien/betaling/",
            admin_views.BankPaymentView.as_view(),
            name="billing_bank_payment",
        ),
    ]


class FinanceMenuItem(MenuItem):
    """The finance overview's menu item, shown only to whom the overview opens for."""

    def is_shown(self, request):
        """True for whoever may open the finance overview (may_see_finance)."""
        return admin_views.may_see_finance(request.user)


@hooks.register("register_admin_menu_item")
def finance_menu_item():
    """Adds the "Finance overview" item to the admin menu."""
    return FinanceMenuItem(
        _("Finance overview"), reverse("billing_overview"), icon_name="table", order=251
    )


@hooks.register("before_edit_snippet")
def warn_unsellable_run(request, instance):
    """On a paid run's admin page, say why checkout would refuse it."""
    if request.method != "GET" or not isinstance(instance, CourseRun) or instance.is_free:
        return None
    try:
        pricing.seller_for(instance)
    except BillingError as error:
        messages.warning(request, str(error))
    return None


class OpenRefundsPanel(Component):
    """Homepage panel: invoices with a refund no credit note covers, until staff resolve them."""

    name = "billing_open_refunds"
    order = 90
    template_name = "billing/admin/open_refunds_panel.html"

    def __init__(self, invoices):
        self.invoices = invoices

    def get_context_data(self, parent_context=None):
        """The open refund items for the panel's template."""
        return {"invoices": self.invoices}


@hooks.register("construct_homepage_panels")
def open_refunds_panel(request, panels):
    """The programme team's (and a seller's managers') open refund items."""
    if not _finance_viewer(request.user):
        return
    invoices = Invoice.objects.for_user(request.user).with_paid()
    open_items = list(refunds.invoices_to_resolve(invoices).select_related("seller")[:20])
    if open_items:
        panels.append(OpenRefundsPanel(open_items))


@hooks.register("register_snippet_listing_buttons")
def invoice_ubl_button(snippet, user, next_url=None):
    """ "Manage" on invoice rows and "PDF" on invoice and credit note rows."""
    if isinstance(snippet, Invoice):
        yield ListingButton(
            _("Manage"),
            reverse("billing_invoice", args=[snippet.pk]),
            icon_name="cogs",
            priority=10,
        )
    if isinstance(snippet, (Invoice, CreditNote)):
        kind = "invoice" if isinstance(snippet, Invoice) else "credit_note"
        yield ListingButton(
            _("PDF"),
            reverse("billing:pdf", args=[kind, snippet.pk]),
            icon_name="download",
            priority=20,
        )


@hooks.register("register_log_actions")
def register_billing_actions(actions):
    """The billing actions of the action log, with their Dutch labels."""
    for name, label in (
        ("billing.checkout", _("Checkout")),
        ("billing.invoice_issue", _("Invoice issued")),
        ("billing.credit_issue", _("Credit note issued")),
        ("billing.payment", _("Payment registered")),
        ("billing.online_start", _("Online payment started")),
        ("billing.online_status", _("Online payment status changed")),
        ("billing.refund", _("Refund recorded")),
        ("billing.refund_request", _("Refund requested")),
        ("billing.reminder", _("Overdue reminder sent")),
        ("billing.refund_decided", _("Refund decided without credit note")),
        ("billing.withdrawal", _("Withdrawal from the agreement")),
        ("billing.correction", _("Invoice corrected by staff")),
    ):
        actions.register_action(name, label, label)
