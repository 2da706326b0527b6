""" "Mijn leeromgeving": what a person sees of their own enrolments and certificates.

The page's body (enrolments, organisations, calendar link, certificates, earlier enrolments)
is kept in the cache per person (``panels.dashboard``): a repeat visit renders it from
the cache until something it shows is saved, or until time alone changes it.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from lms.accounts.models import Organisation
from lms.billing.withdrawal import withdrawable_until
from lms.bookings.models import BookingRequest
from lms.certificates.models import Certificate
from lms.enrolment.feeds import feed_for
from lms.enrolment.models import CourseRun, Enrolment, Offer, Session
from lms.enrolment.seats import with_waiting_position
from lms.enrolment.services import CANCELLABLE_STATES
from lms.learning.access import LEARNING_STATES, access_end
from lms.learning.outline import progress_of

from . import panels


def _attach_modules(runs, request) -> dict[int, str | None]:
    """Give each of ``runs`` its module with only the title and URL path loaded (one query, not
    the full page objects) and return each module's URL by id, computed once per module."""
    ids = {run.module_id for run in runs}
    # the domain never imports the CMS: the page model is reached through the foreign key
    module_model = CourseRun._meta.get_field("module").related_model
    fields = ("title", "url_path", "locale_id", "path", "depth", "lesson_access_days")
    modules = module_model.objects.filter(pk__in=ids).only(*fields)
    by_id = {module.pk: module for module in modules}
    for run in runs:
        if run.module_id in by_id:
            run.module = by_id[run.module_id]
    return {pk: module.get_url(request) for pk, module in by_id.items()}


def _attach_progress(enrolments, now) -> list:
    """Give each enrolment that reads its module's lessons ``progress`` (``None`` for the
    others, or a module without lessons) and return when completed ones lose that access
    (UTC). Two queries for all of them."""
    ends = {e.pk: access_end(e, e.run.module) for e in enrolments}
    learning = [e for e in enrolments if e.state in LEARNING_STATES or (ends[e.pk] or now) > now]
    progress = progress_of(learning, [e.run.module for e in learning])
    for enrolment in enrolments:
        found = progress.get(enrolment.pk)
        enrolment.progress = found if found is not None and found.total else None
    return [end for end in ends.values() if end is not None and end > now]


def _enrolments(request, now) -> tuple[list, list, list]:
    """The person's current and past enrolments (with ``module_url``, ``first_session``,
    ``can_cancel``, ``can_withdraw``, ``open_offers``, ``waiting_position``, ``progress``) and
    the future moments (UTC) at which time alone changes one of them."""
    enrolments = (
        with_waiting_position(Enrolment.objects.for_user(request.user))
        .filter(user=request.user)
        .select_related("run")
        .prefetch_related(
            Prefetch("run__sessions", queryset=Session.objects.order_by("starts_at")),
            Prefetch("offers", queryset=Offer.objects.holding(now), to_attr="open_offers"),
        )
        .order_by("-created_at")
    )
    enrolments = list(enrolments)
    module_urls = _attach_modules([enrolment.run for enrolment in enrolments], request)
    current, past, moments = [], [], []
    for enrolment in enrolments:
        enrolment.module_url = module_urls.get(enrolment.run.module_id)
        sessions = list(enrolment.run.sessions.all())
        moments += [t for s in sessions for t in (s.starts_at, s.ends_at) if t > now]
        moments += [offer.expires_at for offer in enrolment.open_offers]
        enrolment.first_session = sessions[0] if sessions else None
        # The meeting link is for participants only (issue 18): never for a waiting place.
        enrolment.next_online = (
            next((s for s in sessions if s.ends_at > now and s.online_url), None)
            if enrolment.state == Enrolment.State.CONFIRMED
            else None
        )
        enrolment.can_cancel = (
            enrolment.state in CANCELLABLE_STATES
            and enrolment.first_session is not None
            and enrolment.first_session.starts_at > now
        )
        live_future = enrolment.state != Enrolment.State.CANCELLED and any(
            s.ends_at > now for s in sessions
        )
        (current if live_future else past).append(enrolment)
    moments += _attach_progress(enrolments, now)
    withdrawable = withdrawable_until(current, now)
    moments += withdrawable.values()
    for enrolment in current:
        enrolment.can_withdraw = enrolment.pk in withdrawable
    return current, past, moments


def _body(request, now):
    """The cached part of the page: ``{"main": html, "past": html}`` and the first moment
    at which time alone changes it (see ``panels.entries``)."""
    current, past, moments = _enrolments(request, now)
    feed = feed_for(request.user)
    context = {
        "current": current,
        "past": past,
        "certificates": Certificate.objects.for_user(request.user).filter(user=request.user),
        "calendar_url": request.build_absolute_uri(
            reverse("enrolment:calendar_feed", args=[feed.token])
        ),
        "contact_of": Organisation.objects.contact_of(request.user),
        "has_bookings": BookingRequest.objects.for_user(request.user).exists(),
        "csrf_field": panels.CSRF_MARK,
    }
    html = {
        part: render_to_string(f"portal/dashboard_{part}.html", context)
        for part in ("main", "past")
    }
    return html, min(moments, default=None)


@login_required
def dashboard(request):
    now = timezone.now()
    body, invoices, evaluations = panels.dashboard(
        request.user, lambda: _body(request, now), request.get_host(), now=now
    )
    response = render(
        request,
        "portal/dashboard.html",
        {
            "main": panels.with_csrf(body["main"], request),
            "past": panels.with_csrf(body["past"], request),
            "invoices": invoices,
            "now": now,
            "evaluations": evaluations,
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response
