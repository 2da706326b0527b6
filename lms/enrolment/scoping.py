"""The run form of the admin: module choices stop at the user's own institution.

Which runs and enrolments a person may see or change in the admin is decided by the scoping
layer (``lms.accounts.admin_scope``) from ``CourseRun.objects.for_user`` /
``Enrolment.objects.for_user``; the Django model permissions of their group decide which actions.
"""

from wagtail.admin.forms import WagtailAdminModelForm

from lms.accounts.institutions import managed_page_paths, under_paths


class CourseRunAdminForm(WagtailAdminModelForm):
    """The run form: outside the programme team, only modules of the user's own institution
    can be chosen (a crafted POST with another module is a form error)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        field = self.fields.get("module")
        if user is None or field is None or user.is_programme_team:
            return
        field.queryset = field.queryset.filter(under_paths("path", managed_page_paths(user)))
