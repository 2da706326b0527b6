"""Certificates. A certificate copies its subject (holder, module, institution, dates, points)
when it is issued, so later page edits never change it and it can also come from a coaching
engagement rather than an enrolment.
"""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .codes import format_code


def private_storage():
    return storages["private"]


class CertificateQuerySet(models.QuerySet):
    def for_user(self, user):
        """Certificates ``user`` may see: all for the programme team, else their own."""
        if not user.is_authenticated:
            return self.none()
        if user.is_programme_team:
            return self
        return self.filter(user=user)


class Certificate(models.Model):
    """A certificate with a public verification code; its PDF is a private file."""

    code = models.CharField(_("verification code"), max_length=32, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("holder"),
    )
    enrolment = models.OneToOneField(
        "enrolment.Enrolment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificate",
        verbose_name=_("enrolment"),
    )
    module = models.ForeignKey(
        "courses.CourseModulePage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("module"),
    )
    # Snapshot of what the certificate says.
    holder_name = models.CharField(_("holder's name"), max_length=200)
    module_title = models.CharField(_("module title"), max_length=300)
    institution_name = models.CharField(_("institution"), max_length=200)
    completion_date = models.DateField(_("completion date"))
    study_load_hours = models.DecimalField(
        _("study load (hours)"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    pe_points = models.DecimalField(
        _("PE points"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    language = models.CharField(_("language"), max_length=5, default="nl")
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    pdf = models.FileField(
        _("PDF"), storage=private_storage, upload_to="certificates/%Y/", blank=True, editable=False
    )

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "pk"]

    def __str__(self):
        return f"{self.holder_name} – {self.module_title} ({self.formatted_code})"

    @property
    def formatted_code(self) -> str:
        return format_code(self.code)

    def get_verify_path(self) -> str:
        return reverse("certificates:verify", args=[self.formatted_code])

    def get_verify_url(self) -> str:
        return settings.SITE_URL.rstrip("/") + self.get_verify_path()

    def get_download_url(self) -> str:
        return reverse("certificates:download", args=[self.pk])
