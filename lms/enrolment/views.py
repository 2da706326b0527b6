"""The enrol and cancel pages. They call the services and show their messages."""

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lms.accounts.redirects import next_on_site

from . import feeds as services_calendar
from . import interests, links, offers, seats, services
from .calendar import sessions_calendar
from .eligibility import eligibility, run_state
from .enrol_page import render_enrol_page
from .exceptions import EnrolmentError
from .feedback import report
from .forms import ClaimForm
from .models import CalendarFeed, CourseRun, Enrolment, Offer, Session
from .selectors import public_run


def _private_run(code: str) -> CourseRun:
    # Same 404 for an unknown code and a code of a public run: the answer reveals nothing.
    return get_object_or_404(
        CourseRun.objects.with_dates().select_related("module"),
        invite_code=code,
        is_private=True,
        status__in=(CourseRun.Status.PUBLISHED, CourseRun.Status.CLOSED),
    )


#: The message after enrolling, per resulting state.
RESULT_MESSAGES = {
    Enrolment.State.CONFIRMED: gettext_lazy("You are enrolled in %(run)s."),
    Enrolment.State.PENDING: gettext_lazy(
        "Your place in %(run)s is held while the programme team reviews your enrolment."
    ),
    Enrolment.State.WAITLISTED: gettext_lazy(
        "%(run)s is full; you are number %(position)s on the waiting list."
    ),
}


@login_required
def enrol(request, run_id: int):
    """GET: show a free run and its sessions and ask to confirm. POST: enrol.

    Paid runs are redirected to the checkout of ``lms.billing``.
    """
    run = public_run(run_id)
    if not run.is_free:
        # Paid places go through billing's checkout (price, VAT, terms, payer); a URL name
        # keeps the dependency pointing from billing to enrolment, never back.
        return redirect("billing:checkout", run_id=run.pk)
    return _enrol_page(request, run, invite_code=None)


@login_required
def enrol_by_invite(request, code: str):
    """A private run's invite link; a wrong code is a plain 404. The organisation that booked
    the run pays for it as a whole, so invited participants enrol without checkout."""
    return _enrol_page(request, _private_run(code), invite_code=code)


def _enrol_page(request, run: CourseRun, invite_code: str | None):
    if request.method == "POST":
        try:
            enrolment = services.enrol(request.user, run, invite_code=invite_code)
        except EnrolmentError as error:
            messages.error(request, str(error))
            return redirect(request.path)
        message = RESULT_MESSAGES[enrolment.state] % {
            "run": run.display_title,
            "position": seats.waiting_position(enrolment),
        }
        messages.success(request, message)
        return redirect("portal:dashboard")
    answer = eligibility(request.user, run, invite_code=invite_code)
    return render_enrol_page(request, run, answer, now=timezone.now())


class NotifyMeForm(forms.Form):
    """The address a "keep me informed" mail goes to (at most 254 characters, the column)."""

    email = forms.EmailField(
        label=gettext_lazy("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


def notify_me(request, run_id: int):
    """GET: the "keep me informed" form of a run that is bookable soon (anyone, logged in or
    not). POST: store the address; one e-mail goes out when booking opens."""
    run = public_run(run_id)
    initial = {"email": request.user.email} if request.user.is_authenticated else {}
    form = NotifyMeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        report(
            request,
            lambda: interests.register_interest(
                run, form.cleaned_data["email"], language=request.LANGUAGE_CODE
            ),
            _("We will e-mail you once, as soon as %(run)s can be booked.")
            % {"run": run.display_title},
        )
        return redirect(run.module.url)
    return render(
        request,
        "enrolment/notify_me.html",
        {"run": run, "form": form, "state": run_state(run)},
    )


@login_required
@require_POST
def cancel(request, enrolment_id: int):
    """POST ``confirm=1`` from the confirmation page (``portal:cancel``, which states what the
    cancellation costs): cancel the enrolment; the service decides who may. Without the
    confirmation, go to that page."""
    enrolment = get_object_or_404(Enrolment.objects.for_user(request.user), pk=enrolment_id)
    if request.POST.get("confirm") != "1":
        return redirect("portal:cancel", enrolment.pk)
    report(
        request,
        lambda: services.cancel_enrolment(
            enrolment, user=request.user, reason="cancelled by participant"
        ),
        _("The enrolment has been cancelled."),
    )
    return redirect(next_on_site(request, request.POST.get("next"), "portal:dashboard"))


@login_required
def offer(request, token: str):
    """GET: show a waiting-list offer with its expiry. POST ``answer=accept|decline``."""
    found = get_object_or_404(
        Offer.objects.for_user(request.user).select_related("run__module", "enrolment"),
        token=token,
    )
    if request.method == "POST":
        answer = request.POST.get("answer")
        try:
            if answer == "accept":
                offers.accept_offer(token, user=request.user)
                messages.success(request, _("You have accepted the seat; see you there."))
            elif answer == "decline":
                offers.decline_offer(token, user=request.user)
                messages.success(request, _("You have declined the seat."))
            else:
                messages.error(request, _("Choose accept or decline."))
                return redirect(request.path)
        except EnrolmentError as error:
            messages.error(request, str(error))
        return redirect("portal:dashboard")
    response = render(
        request,
        "enrolment/offer.html",
        {
            "offer": found,
            "run": found.run,
            "answerable": found.state == Offer.State.OPEN and found.expires_at > timezone.now(),
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


def claim(request, token: str):
    """An invited colleague claims a reserved place: choose a password (new accounts) and
    confirm. The signed token proves the address received the invitation."""
    try:
        enrolment_id = links.claim_enrolment_id(token)
    except links.ClaimLinkExpired:
        response = render(request, "enrolment/claim_expired.html", status=410)
        response["Cache-Control"] = "private, no-store"
        return response
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("run__module", "user"), pk=enrolment_id
    )
    person = enrolment.user
    if request.user.is_authenticated and request.user.pk != person.pk:
        raise Http404
    if person.has_usable_password() and not request.user.is_authenticated:
        # An existing account proves itself by logging in, not by the link alone.
        return redirect_to_login(request.get_full_path())
    form = ClaimForm(person, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.claim_place(enrolment, user=person, account=form.account())
        except EnrolmentError as error:
            messages.error(request, str(error))
        else:
            login(request, person, backend="lms.accounts.backends.EmailBackend")
            messages.success(
                request, _("You are enrolled in %(run)s.") % {"run": enrolment.run.display_title}
            )
            return redirect("portal:dashboard")
    response = render(
        request,
        "enrolment/claim.html",
        {"form": form, "enrolment": enrolment, "run": enrolment.run},
    )
    response["Cache-Control"] = "private, no-store"
    return response


def calendar_feed(request, token: str):
    """A person's private iCal feed of the sessions of their confirmed places."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    sessions = (
        Session.objects.filter(
            run__enrolments__user=feed.user,
            run__enrolments__state__in=seats.SEAT_HOLDING_STATES,
        )
        .select_related("run__module")
        .order_by("starts_at")
    )
    # Meeting links only for places still to be followed (not for a no-show or a past place).
    confirmed = set(
        feed.user.enrolments.filter(state=Enrolment.State.CONFIRMED).values_list(
            "run_id", flat=True
        )
    )
    body = sessions_calendar(sessions, name="Gebiedsschool", link_runs=confirmed)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def renew_calendar_feed(request):
    """Create or renew (revoke the old link of) the person's calendar feed."""
    services_calendar.renew_feed(request.user)
    messages.success(
        request, _("Your calendar link has been renewed; the old one no longer works.")
    )
    return redirect("portal:dashboard")


@login_required
def evaluation(request, enrolment_id: int):
    """GET: the evaluation form of the person's own enrolment (filled in with an earlier
    answer). POST: submit or change it through ``evaluations.submit_evaluation``.

    Only the person's own enrolments are found (404 for anyone else's, also for staff).
    """
    from .evaluations import EVALUATED_STATES, closes_at, is_open, submit_evaluation
    from .forms import EvaluationForm
    from .models import SCORE_FIELDS, Evaluation

    enrolment = get_object_or_404(
        Enrolment.objects.for_user(request.user)
        .filter(user=request.user, state__in=EVALUATED_STATES)
        .select_related("run__module"),
        pk=enrolment_id,
    )
    run = enrolment.run
    existing = Evaluation.objects.for_user(request.user).filter(enrolment=enrolment).first()
    initial = {}
    if existing and existing.submitted_at:
        initial = {name: getattr(existing, name) for name in (*SCORE_FIELDS, "would_recommend")}
        initial["comments"] = existing.comments
    form = EvaluationForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            comments = data.pop("comments")
            try:
                submit_evaluation(enrolment.pk, request.user, data, comments)
            except EnrolmentError as error:
                messages.error(request, str(error))
                status = 400
            else:
                messages.success(request, _("Thank you: your evaluation has been saved."))
                return redirect("portal:dashboard")
        else:
            status = 400
    response = render(
        request,
        "enrolment/evaluation.html",
        {
            "form": form,
            "run": run,
            "open": is_open(run),
            "closes_at": closes_at(run),
            "submitted": bool(existing and existing.submitted_at),
        },
        status=status,
    )
    response["Cache-Control"] = "private, no-store"
    return response
