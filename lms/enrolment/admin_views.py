"""Staff pages in the Wagtail admin: a run's participants, attendance and completion.

They call the enrolment services; a refusal is shown as a message and changes nothing.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import seats, services
from .exceptions import EnrolmentError
from .models import CourseRun, Enrolment

PARTICIPANT_STATES = (
    Enrolment.State.CONFIRMED,
    Enrolment.State.COMPLETED,
    Enrolment.State.NOT_PASSED,
    Enrolment.State.NO_SHOW,
    Enrolment.State.PENDING,
)


class RunParticipantsView(WagtailAdminTemplateMixin, TemplateView):
    """GET: participants with their attendance per session. POST: save attendance, or
    complete one enrolment (``complete=<enrolment id>``)."""

    template_name = "enrolment/admin/participants.html"
    header_icon = "group"
    page_title = gettext_lazy("Participants and attendance")

    def dispatch(self, request, run_id):
        self.run = get_object_or_404(CourseRun.objects.for_user(request.user), pk=run_id)
        return super().dispatch(request, run_id)

    def get_page_subtitle(self):
        return str(self.run)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("wagtailsnippets_enrolment_courserun:list"), "label": _("Runs")},
            {"url": "", "label": str(self.run)},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sessions = list(self.run.sessions.all())
        enrolments = list(
            self.run.enrolments.filter(state__in=PARTICIPANT_STATES)
            .select_related("user")
            .prefetch_related("attendances")
            .order_by("user__last_name", "user__first_name", "pk")
        )
        for enrolment in enrolments:
            present = {a.session_id for a in enrolment.attendances.all() if a.present}
            enrolment.cells = [(session, session.pk in present) for session in sessions]
        context.update(
            run=self.run,
            sessions=sessions,
            enrolments=enrolments,
            seats_taken=seats.seats_taken(self.run),
            completable=services.COMPLETABLE_STATES,
        )
        return context

    def post(self, request, run_id):
        # The attendance ticked on the page is saved first, also when "complete" was pressed.
        errors = self._save_attendance(request)
        for error in errors:
            messages.error(request, error)
        if "complete" in request.POST:
            self._complete(request)
        elif not errors:
            messages.success(request, _("Attendance saved."))
        return redirect(request.path)

    def _complete(self, request):
        enrolment = self._enrolment(request.POST.get("complete"))
        try:
            services.complete_enrolment(enrolment, user=request.user)
        except EnrolmentError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
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
