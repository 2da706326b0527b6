"""``RunInterest``: "houd me op de hoogte" for a run that cannot be booked yet.

Re-exported by ``lms.enrolment.models``."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RunInterest(models.Model):
    """An e-mail address that asked to hear once when ``run`` can be booked.

    Stores only the address, the run and when it was asked; the row is deleted as soon as the
    one e-mail has gone out, or when the run can no longer be booked (privacy statement).
    """

    run = models.ForeignKey(
        "enrolment.CourseRun", on_delete=models.CASCADE, related_name="interests"
    )
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(max_length=8, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("notify-me request")
        constraints = [
            models.UniqueConstraint(fields=["run", "email"], name="run_interest_once_per_email")
        ]

    def __str__(self):
        return f"{self.email} – {self.run}"
