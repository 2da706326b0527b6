"""The run form of the admin: module choices stop at the user's own institution, and a run's
seats and status change only through their services.

Which runs and enrolments a person may see or change in the admin is decided by the scoping
layer (``lms.accounts.admin_scope``) from ``CourseRun.objects.for_user`` /
``Enrolment.objects.for_user``; the Django model permissions of their group decide which actions.
"""

from wagtail.admin.forms import WagtailAdminModelForm

from lms.accounts.institutions import managed_page_paths, under_paths

from .exceptions import EnrolmentError
from .models import CourseRun
from .offers import change_capacity
from .runs import change_status, check_status_change
from .seats import check_capacity

#: Fields of an existing run that the form never writes itself: their services do (and log).
SERVICE_FIELDS = ("capacity", "status")


class CourseRunAdminForm(WagtailAdminModelForm):
    """The run form: outside the programme team, only modules of the user's own institution
    can be chosen (a crafted POST with another module is a form error).

    On an existing run a changed ``capacity`` goes through
    :func:`lms.enrolment.offers.change_capacity` (not below the seats taken, the one seat rule;
    the new seats offered to the waiting list) and a changed ``status`` through
    :func:`lms.enrolment.runs.change_status` (*cancelled* ends every place); both log the
    change. A refusal is a form error on its field.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        field = self.fields.get("module")
        if user is None or field is None or user.is_programme_team:
            return
        field.queryset = field.queryset.filter(under_paths("path", managed_page_paths(user)))

    def clean(self):
        cleaned = super().clean()
        capacity = cleaned.get("capacity")
        if self.instance.pk and capacity is not None:
            check_capacity(self.instance, capacity)
        return cleaned

    def _stored(self) -> dict | None:
        if self.instance.pk is None:
            return None
        return CourseRun.objects.values(*SERVICE_FIELDS).get(pk=self.instance.pk)

    def clean_status(self):
        status = self.cleaned_data["status"]
        stored = self._stored()
        if stored is not None:
            try:
                check_status_change(stored["status"], status)
            except EnrolmentError as error:
                self.add_error("status", str(error))
        return status

    def save(self, commit=True):
        stored = self._stored()
        if stored is None or not commit:
            return super().save(commit)
        run = self.instance
        wanted = {name: getattr(run, name) for name in SERVICE_FIELDS}
        for name in SERVICE_FIELDS:
            setattr(run, name, stored[name])
        run = super().save(commit)
        if wanted["capacity"] != stored["capacity"]:
            change_capacity(run, wanted["capacity"], user=self.for_user)
        if wanted["status"] != stored["status"]:
            change_status(run, wanted["status"], user=self.for_user)
        run.refresh_from_db(fields=list(SERVICE_FIELDS))
        return run
