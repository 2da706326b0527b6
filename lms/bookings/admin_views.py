"""The programme team's page for one booking request in the Wagtail admin: intake,
assignment, notes, quotes, transitions and delivery. Every action calls a service; a refusal
is shown as a message and changes nothing."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import linking, services
from .exceptions import BookingError
from .forms import AssignForm, EngagementForm, LinkOrganisationForm, PrivateRunForm, ReasonForm
from .invoicing import vat_changes
from .models import ENGAGEMENT_KINDS, RUN_KINDS, BookingRequest, Quote


class BookingManageView(WagtailAdminTemplateMixin, TemplateView):
    """GET: the request with its quotes and the actions its state allows. POST
    ``action=<name>``: run that service."""

    template_name = "bookings/admin/manage.html"
    header_icon = "form"
    page_title = gettext_lazy("Booking request")

    def dispatch(self, request, booking_id):
        if not request.user.is_programme_team:
            raise PermissionDenied
        self.booking = get_object_or_404(
            BookingRequest.objects.for_user(request.user).select_related(
                "institution", "responsible", "run"
            ),
            pk=booking_id,
        )
        self.forms = {
            "assign": AssignForm(
                prefix="assign",
                initial={
                    "institution": self.booking.institution,
                    "responsible": self.booking.responsible,
                    "internal_notes": self.booking.internal_notes,
                },
            ),
            "decline": ReasonForm(prefix="decline"),
            "link": LinkOrganisationForm(
                prefix="link", initial={"organisation": self.booking.organisation}
            ),
            "run": PrivateRunForm(
                prefix="run", initial={"capacity": self.booking.expected_participants}
            ),
            "engagement": EngagementForm(prefix="engagement"),
        }
        return super().dispatch(request, booking_id)

    def get_page_subtitle(self):
        return str(self.booking)

    def get_breadcrumbs_items(self):
        """Home, the booking requests listing and this page's name: its visible title (the last
        crumb; without these the header read "Home")."""
        return self.breadcrumbs_items + [
            {
                "url": reverse("wagtailsnippets_bookings_bookingrequest:list"),
                "label": _("Booking requests"),
            },
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            booking=self.booking,
            quotes=self.booking.quotes.prefetch_related("lines"),
            forms=self.forms,
            run_kind=self.booking.format_kind in RUN_KINDS,
            engagement_kind=self.booking.format_kind in ENGAGEMENT_KINDS,
            vat_changes=self._vat_changes(),
            new_quote_url=reverse("wagtailsnippets_bookings_quote:add")
            + f"?booking={self.booking.pk}",
        )
        return context

    def _vat_changes(self):
        """The VAT differences to confirm before invoicing (none outside ``delivered``)."""
        if self.booking.state != BookingRequest.State.DELIVERED:
            return []
        try:
            return vat_changes(self.booking)
        except BookingError:
            return []  # the invoice action itself reports why it cannot invoice

    def post(self, request, booking_id):
        action = request.POST.get("action", "")
        handler = getattr(self, f"do_{action}", None)
        if handler is None:
            messages.error(request, _("Unknown action."))
            return redirect("bookings_manage", booking_id)
        try:
            result = handler(request)
        except BookingError as error:
            messages.error(request, str(error))
            result = None
        if result is False:
            return self.get(request, booking_id)
        return redirect("bookings_manage", booking_id)

    def _form(self, name, cls):
        form = cls(self.request.POST, prefix=name)
        self.forms[name] = form
        return form if form.is_valid() else None

    def do_intake(self, request):
        services.start_intake(self.booking, user=request.user)
        messages.success(request, _("Intake started."))

    def do_assign(self, request):
        form = self._form("assign", AssignForm)
        if form is None:
            return False
        services.assign(
            self.booking,
            user=request.user,
            institution=form.cleaned_data["institution"],
            responsible=form.cleaned_data["responsible"],
            notes=form.cleaned_data["internal_notes"],
        )
        messages.success(request, _("Saved."))

    def do_link(self, request):
        form = self._form("link", LinkOrganisationForm)
        if form is None:
            return False
        linking.link_organisation(
            self.booking, form.cleaned_data["organisation"], user=request.user
        )
        messages.success(request, _("The request is linked to the organisation."))

    def do_decline(self, request):
        form = self._form("decline", ReasonForm)
        if form is None:
            return False
        services.decline_request(
            self.booking, user=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("The request has been declined."))

    def do_withdraw(self, request):
        services.withdraw(self.booking, user=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, _("The request has been withdrawn."))

    def _quote(self, request):
        return get_object_or_404(Quote, pk=request.POST.get("quote"), booking=self.booking)

    def do_send_quote(self, request):
        services.send_quote(self._quote(request), user=request.user)
        messages.success(request, _("The quote has been sent."))

    def do_revise_quote(self, request):
        quote = services.revise_quote(self._quote(request), user=request.user)
        messages.success(request, _("A revised draft %(id)s has been made.") % {"id": quote.pk})

    def do_run(self, request):
        form = self._form("run", PrivateRunForm)
        if form is None:
            return False
        run = services.create_private_run(
            self.booking,
            user=request.user,
            module=form.cleaned_data["module"],
            code=form.cleaned_data["code"],
            capacity=form.cleaned_data["capacity"],
            place=form.cleaned_data["place"],
            sessions=form.sessions(),
        )
        messages.success(request, _("Private run %(code)s created.") % {"code": run.code})

    def do_engagement(self, request):
        form = self._form("engagement", EngagementForm)
        if form is None:
            return False
        services.start_engagement(self.booking, user=request.user, **form.cleaned_data)
        messages.success(request, _("The engagement has started."))

    def do_deliver(self, request):
        services.mark_delivered(self.booking, user=request.user)
        messages.success(request, _("Marked as delivered."))

    def do_invoice(self, request):
        services.mark_invoiced(
            self.booking,
            user=request.user,
            confirm_vat_change=request.POST.get("confirm_vat_change") == "1",
        )
        messages.success(request, _("Invoiced."))
