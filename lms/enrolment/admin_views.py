"""Staff pages in the Wagtail admin: a run's participants, attendance and completion.

They call the enrolment services; a refusal is shown as a message and changes nothing.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lms.accounts.spreadsheet import csv_response

from . import offers, seats, services
from .exceptions import EnrolmentError
from .feedback import report
from .models import CourseRun, Enrolment, Offer

PARTICIPANT_STATES = (
    Enrolment.State.CONFIRMED,
    Enrolment.State.COMPLETED,
    Enrolment.State.NOT_PASSED,
    Enrolment.State.NO_SHOW,
    Enrolment.State.PENDING,
)


def _attendance_cells(enrolments, sessions) -> None:
    """Give each enrolment ``cells``: per session the checkbox name, whether the person was
    present and the screen-reader label, with each session's label and the sentence's
    translation computed once per page instead of once per cell (a 200-person run with three
    sessions has 600 cells)."""
    sentence = _("%(name)s present at %(session)s")
    columns = [(str(session.pk), str(session)) for session in sessions]
    for enrolment in enrolments:
        present = {a.session_id for a in enrolment.attendances.all() if a.present}
        name, prefix = str(enrolment.user), f"present-{enrolment.pk}-"
        enrolment.cells = [
            (
                prefix + pk,
                int(pk) in present,
                sentence % {"name": name, "session": label},
            )
            for pk, label in columns
        ]


class RunAdminPageMixin(WagtailAdminTemplateMixin):
    """An admin page about one run (``run_id`` in the URL): the run is looked up through
    ``CourseRun.objects.for_user`` (404 outside the user's scope) as ``self.run``; its title is
    the subtitle and the breadcrumbs go Runs → the run → this page. Used by the participants
    page here and by lms.learning's progress page."""

    def dispatch(self, request, run_id):
        self.run = get_object_or_404(CourseRun.objects.for_user(request.user), pk=run_id)
        return super().dispatch(request, run_id)

    def get_page_subtitle(self):
        return str(self.run)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailsnippets_enrolment_courserun:list"), "label": _("Runs")},
            {
                "url": reverse("wagtailsnippets_enrolment_courserun:edit", args=[self.run.pk]),
                "label": str(self.run),
            },
            {"url": "", "label": self.page_title},
        ]


class RunParticipantsView(RunAdminPageMixin, TemplateView):
    """GET: participants with their attendance per session. POST: save attendance, or
    complete one enrolment (``complete=<enrolment id>``)."""

    template_name = "enrolment/admin/participants.html"
    header_icon = "group"
    page_title = gettext_lazy("Participants and attendance")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sessions = list(self.run.sessions.all())
        enrolments = list(
            self.run.enrolments.filter(state__in=PARTICIPANT_STATES)
            .select_related("user")
            .prefetch_related("attendances")
            .order_by("user__last_name", "user__first_name", "pk")
        )
        _attendance_cells(enrolments, sessions)
        now = timezone.now()
        waiting = list(seats.waiting_list(self.run).select_related("user"))
        open_offers = {o.enrolment_id: o for o in Offer.objects.filter(run=self.run).holding(now)}
        for position, enrolment in enumerate(waiting, start=1):
            enrolment.position = position
            enrolment.open_offer = open_offers.get(enrolment.pk)
        other_runs = list(
            CourseRun.objects.for_user(self.request.user)
            .filter(module_id=self.run.module_id)
            .exclude(pk=self.run.pk)
            .values_list("pk", "code")
        )
        context.update(
            run=self.run,
            sessions=sessions,
            enrolments=enrolments,
            waiting=waiting,
            other_runs=other_runs,
            # rendered once, repeated in every row that can be moved
            move_options=format_html_join("", '<option value="{}">{}</option>', other_runs),
            seats_taken=seats.seats_taken(self.run, now),
            completable=services.COMPLETABLE_STATES,
            movable=services.PLACE_STATES,
        )
        return context

    def post(self, request, run_id):
        if "decide" in request.POST:
            self._decide(request, go=request.POST["decide"] == "go")
            return redirect(request.path)
        for action in ("cancel", "promote", "move", "approve"):
            if action in request.POST:
                self._staff_action(request, action)
                return redirect(request.path)
        # The attendance ticked on the page is saved first, also when "complete" was pressed.
        errors = self._save_attendance(request)
        for error in errors:
            messages.error(request, error)
        if "complete" in request.POST:
            self._complete(request)
        elif not errors:
            messages.success(request, _("Attendance saved."))
        return redirect(request.path)

    def _decide(self, request, go: bool):
        report(
            request,
            lambda: offers.decide_run(self.run, go=go, user=request.user),
            _("The run goes ahead.") if go else _("The run and its enrolments are cancelled."),
        )

    def _staff_action(self, request, action):
        enrolment = self._enrolment(request.POST.get(action))
        try:
            if action == "cancel":
                services.cancel_enrolment(enrolment, user=request.user, reason="by staff")
            elif action == "promote":
                offers.promote(enrolment, user=request.user)
            elif action == "approve":
                services.approve_enrolment(enrolment, user=request.user)
            else:
                to_run = request.POST.get("to_run", "")
                target = (
                    CourseRun.objects.filter(pk=int(to_run)).first() if to_run.isdigit() else None
                )
                if target is None:
                    raise EnrolmentError(_("Choose the run to move to."))
                services.transfer(enrolment, target, user=request.user)
        except EnrolmentError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Done: %(name)s.") % {"name": enrolment.user})

    def _complete(self, request):
        enrolment = self._enrolment(request.POST.get("complete"))
        report(
            request,
            lambda: services.complete_enrolment(enrolment, user=request.user),
            _("%(name)s has completed the run; the certificate has been issued.")
            % {"name": enrolment.user},
        )

    def _save_attendance(self, request) -> list[str]:
        sessions = {s.pk: s for s in self.run.sessions.all()}
        enrolments = self.run.enrolments.filter(state__in=PARTICIPANT_STATES)
        errors = []
        for enrolment in enrolments:
            for session_id, session in sessions.items():
                present = f"present-{enrolment.pk}-{session_id}" in request.POST
                recorded = enrolment.attendances.filter(session=session).first()
                if recorded is None and not present:
                    continue
                try:
                    services.record_attendance(enrolment, session, present, user=request.user)
                except EnrolmentError as error:
                    errors.append(f"{enrolment.user}: {error}")
        return errors

    def _enrolment(self, pk):
        try:
            return self.run.enrolments.get(pk=int(pk))
        except (TypeError, ValueError, Enrolment.DoesNotExist) as exc:
            raise Http404 from exc


def participants_csv(request, run_id):
    """CSV export of a run's enrolments (all states), scoped by ``CourseRun.for_user``;
    prices in euros as numbers (the one writer, :mod:`lms.accounts.spreadsheet`)."""
    run = get_object_or_404(CourseRun.objects.for_user(request.user), pk=run_id)
    header = [_("Name"), _("E-mail"), _("State"), _("Organisation"), _("Price"), _("Enrolled at")]
    enrolments = run.enrolments.select_related("user", "organisation").order_by("created_at", "pk")
    rows = (
        [
            enrolment.user.get_full_name(),
            enrolment.user.email,
            enrolment.get_state_display(),
            enrolment.organisation or "",
            enrolment.price,
            enrolment.created_at,
        ]
        for enrolment in enrolments
    )
    return csv_response(f"{run.code}-participants.csv", [header, *rows])
