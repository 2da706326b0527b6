"""The organisation portal (booking requests, quotes, private runs, engagement hours), the
coach's page (their engagements, logging hours, closing) and the public quote decision page.

Everything is scoped through the models' ``for_user`` querysets: what is not in that queryset
is a 404, never a peek. Personal pages send ``Cache-Control: private, no-store``.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms.bookings import services
from lms.bookings.exceptions import BookingError
from lms.bookings.forms import CloseEngagementForm, LogSessionForm, QuoteDecisionForm
from lms.bookings.models import BookingRequest, Engagement, EngagementSession, Quote
from lms.bookings.pdf import render_quote, vat_terms_text
from lms.bookings.quote_vat import decided_lines, quote_totals
from lms.bookings.selectors import hours_usage, with_hours_used
from lms.enrolment.models import Enrolment


def private(view):
    """Mark the response of ``view`` as personal: never cached by anyone."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        return response

    return wrapped


def _engagements(user):
    return (
        with_hours_used(Engagement.objects.for_user(user))
        .select_related("organisation", "booking", "pilot_project")
        .order_by("-created_at")
    )


@login_required
@private
def bookings_overview(request):
    """The organisation contact's (or programme team's) booking requests and engagements."""
    bookings = (
        BookingRequest.objects.for_user(request.user)
        .select_related("run", "organisation")
        .annotate(
            participant_count=Count(
                "run__enrolments", filter=~Q(run__enrolments__state=Enrolment.State.CANCELLED)
            )
        )
        .prefetch_related(
            Prefetch("quotes", queryset=Quote.objects.exclude(state=Quote.State.DRAFT))
        )
    )
    engagements = list(_engagements(request.user).filter(organisation__isnull=False))
    for engagement in engagements:
        engagement.usage = hours_usage(engagement, used=engagement.hours_used)
    return render(
        request,
        "portal/bookings/overview.html",
        {"bookings": bookings, "engagements": engagements},
    )


@login_required
@private
def booking_detail(request, pk):
    """One request with its quotes, its private run with the invite link for the
    organisation's participants, and that run's participants."""
    booking = get_object_or_404(
        BookingRequest.objects.for_user(request.user).select_related("run"), pk=pk
    )
    quotes = booking.quotes.exclude(state=Quote.State.DRAFT).prefetch_related("lines")
    participants = []
    invite_url = ""
    if booking.run_id:
        participants = Enrolment.objects.live().filter(run_id=booking.run_id).select_related("user")
        if booking.run.is_private and booking.run.invite_code:
            invite_url = request.build_absolute_uri(
                reverse("enrolment:invite", args=[booking.run.invite_code])
            )
    return render(
        request,
        "portal/bookings/detail.html",
        {
            "booking": booking,
            "quotes": quotes,
            "participants": participants,
            "invite_url": invite_url,
        },
    )


@login_required
@private
def quote_pdf(request, pk):
    """The PDF of a sent quote, for those who may see its booking."""
    quote = get_object_or_404(
        Quote.objects.for_user(request.user)
        .exclude(state=Quote.State.DRAFT)
        .select_related("booking__institution"),
        pk=pk,
    )
    response = HttpResponse(render_quote(quote, request.LANGUAGE_CODE), "application/pdf")
    response["Content-Disposition"] = f'inline; filename="{quote.number}.pdf"'
    return response


@login_required
@private
def engagements(request):
    """A coach's own engagements (the team sees all), with hours used against planned."""
    items = list(_engagements(request.user))
    for engagement in items:
        engagement.usage = hours_usage(engagement, used=engagement.hours_used)
    return render(request, "portal/bookings/engagements.html", {"engagements": items})


@login_required
@private
def engagement_detail(request, pk):
    """One engagement; its coaches log sessions and close it here."""
    engagement = get_object_or_404(
        Engagement.objects.for_user(request.user).select_related(
            "organisation", "booking", "pilot_project"
        ),
        pk=pk,
    )
    is_coach = engagement.coaches.filter(pk=request.user.pk).exists()
    can_see_notes = is_coach or request.user.is_programme_team
    log_form = LogSessionForm(request.POST or None, prefix="log")
    close_form = CloseEngagementForm(request.POST or None, prefix="close")
    if request.method == "POST":
        if not (is_coach or request.user.is_programme_team):
            messages.error(request, _("Only this engagement's coaches can change it."))
            return redirect("portal:engagement", pk=pk)
        action = request.POST.get("action")
        form = log_form if action == "log" else close_form
        if form.is_valid():
            try:
                if action == "log":
                    services.log_session(engagement, coach=request.user, **form.cleaned_data)
                    messages.success(request, _("The session has been logged."))
                else:
                    services.close_engagement(
                        engagement, user=request.user, evaluation=form.cleaned_data["evaluation"]
                    )
                    messages.success(request, _("The engagement has been closed."))
                return redirect("portal:engagement", pk=pk)
            except BookingError as error:
                form.add_error(None, str(error))
        status = 400
    else:
        status = 200
    sessions = EngagementSession.objects.filter(engagement=engagement).select_related("coach")
    return render(
        request,
        "portal/bookings/engagement.html",
        {
            "engagement": engagement,
            "sessions": sessions,
            "usage": hours_usage(engagement),
            "is_coach": is_coach,
            "can_see_notes": can_see_notes,
            "log_form": log_form,
            "close_form": close_form,
        },
        status=status,
    )


@private
def quote_decide(request, token):
    """The secret single-use link of a quote: show it, then accept or decline once."""
    try:
        quote = services.quote_for_token(token)
    except BookingError as error:
        return render(request, "portal/bookings/decide.html", {"error": str(error)}, status=410)
    form = QuoteDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            quote = services.decide_quote(
                token,
                accept=form.cleaned_data["decision"] == "accept",
                name=form.cleaned_data["name"],
                role=form.cleaned_data["role"],
                user=request.user,
                po_number=form.cleaned_data["po_number"],
            )
        except BookingError as error:
            try:  # still open: the decision itself was refused (e.g. PO number missing)
                quote = services.quote_for_token(token)
            except BookingError:
                return render(
                    request, "portal/bookings/decide.html", {"error": str(error)}, status=410
                )
            form.add_error(None, str(error))
        else:
            return render(request, "portal/bookings/decide.html", {"decided": quote})
    return render(
        request,
        "portal/bookings/decide.html",
        {
            "quote": quote,
            "decided_lines": decided_lines(quote),
            "totals": quote_totals(quote),
            "vat_terms": vat_terms_text(quote),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@login_required
def booking_withdraw(request, pk):
    """The organisation's contact withdraws a request."""
    booking = get_object_or_404(BookingRequest.objects.for_user(request.user), pk=pk)
    try:
        services.withdraw(booking, user=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, _("The request has been withdrawn."))
    except BookingError as error:
        messages.error(request, str(error))
    return redirect("portal:booking", pk=pk)
