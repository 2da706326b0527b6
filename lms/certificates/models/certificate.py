"""Certificates: the certificate itself and its registers on the page. A certificate copies its
subject (holder, module, institution, dates, points) when it is issued, so later page edits
never change it and it can also come from a coaching engagement rather than an enrolment.
"""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lms.accounts.institutions import managed_page_paths
from lms.accounts.model_fields import organisation_link
from lms.accounts.querysets import ScopedQuerySet

from ..codes import format_code


def private_storage():
    return storages["private"]


class CertificateQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Certificates ``user`` may see.

        The programme team sees all; anyone else sees their own, those of the organisations
        they are an approved contact of (the organisation that enrolled or paid for the
        holder), and those of modules under the institutions they manage.
        """
        from lms.accounts.models import OrganisationMembership

        contact_of = OrganisationMembership.objects.approved().filter(
            user=user, role=OrganisationMembership.Role.CONTACT
        )
        visible = Q(user=user) | Q(organisation__in=contact_of.values("organisation"))
        for path in managed_page_paths(user):
            visible |= Q(module__path__startswith=path)
        return self.filter(visible)

    def valid_on(self, day):
        """Certificates not revoked and not expired on ``day`` (a date)."""
        return self.filter(revoked_at__isnull=True).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )


class Certificate(models.Model):
    """A certificate with a public verification code; its PDF is a private file."""

    #: What the public verification page reads and shows, nothing more; the holder's own data
    #: export lists the same fields (with the issue date).
    VERIFIED_FIELDS = (
        "code",
        "holder_name",
        "module_title",
        "institution_name",
        "completion_date",
        "valid_until",
        "revoked_at",
    )

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
    organisation = organisation_link(
        "certificates",
        help_text=_("The organisation that enrolled or paid for the holder; its contacts see it."),
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
    signatory_name = models.CharField(_("signatory"), max_length=200, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=200, blank=True)
    template = models.ForeignKey(
        "certificates.CertificateTemplate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("template"),
    )
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    corrected_on = models.DateField(_("name corrected on"), null=True, blank=True)
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

    def status_on(self, day) -> str:
        """``"revoked"``, ``"expired"`` or ``"valid"`` on ``day`` (a date, Europe/Amsterdam)."""
        if self.revoked_at:
            return "revoked"
        if self.valid_until and self.valid_until < day:
            return "expired"
        return "valid"


class CertificateRegisterLine(models.Model):
    """One professional register on a certificate, frozen at issue: the register's name, the
    module's accreditation number there, the PE points it awards and the holder's number."""

    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="register_lines"
    )
    register = models.ForeignKey(
        "certificates.ProfessionalRegister", on_delete=models.PROTECT, related_name="+"
    )
    register_name = models.CharField(_("register"), max_length=200)
    accreditation_number = models.CharField(_("accreditation number"), max_length=100, blank=True)
    points = models.DecimalField(_("PE points"), max_digits=5, decimal_places=1)
    registration_number = models.CharField(_("registration number"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("register on a certificate")
        verbose_name_plural = _("registers on certificates")
        ordering = ["register_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["certificate", "register"], name="certificate_register_once"
            )
        ]

    def __str__(self):
        return f"{self.register_name}: {self.points}"
