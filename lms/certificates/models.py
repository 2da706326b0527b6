"""Certificates. A certificate copies its subject (holder, module, institution, dates, points)
when it is issued, so later page edits never change it and it can also come from a coaching
engagement rather than an enrolment.
"""

from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lms.accounts.institutions import managed_page_paths

from .codes import format_code


def private_storage():
    return storages["private"]


class CertificateQuerySet(models.QuerySet):
    def for_user(self, user):
        """Certificates ``user`` may see.

        The programme team sees all; anyone else sees their own, those of the organisations
        they are an approved contact of (the organisation that enrolled or paid for the
        holder), and those of modules under the institutions they manage.
        """
        if not user.is_authenticated:
            return self.none()
        if user.is_programme_team:
            return self
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
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("organisation"),
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


class ProfessionalRegister(models.Model):
    """A professional register that accredits modules with PE points (e.g. a quality register
    of urban planners or of lawyers)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    code = models.CharField(_("short code"), max_length=20, unique=True)
    number_label = models.CharField(
        _("name of the registration number"), max_length=100, blank=True
    )

    class Meta:
        verbose_name = _("professional register")
        verbose_name_plural = _("professional registers")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Accreditation(models.Model):
    """A module's accreditation by one register: its points, number and validity dates."""

    module = models.ForeignKey(
        "courses.CourseModulePage",
        on_delete=models.CASCADE,
        related_name="accreditations",
        verbose_name=_("module"),
    )
    register = models.ForeignKey(
        ProfessionalRegister,
        on_delete=models.PROTECT,
        related_name="accreditations",
        verbose_name=_("register"),
    )
    points = models.DecimalField(
        _("PE points"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0)],
    )
    number = models.CharField(_("accreditation number"), max_length=100, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("accreditation")
        verbose_name_plural = _("accreditations")
        ordering = ["register__name", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="accreditation_dates_in_order",
            )
        ]

    def __str__(self):
        return f"{self.register} – {self.points}"

    def covers(self, day) -> bool:
        """True when the accreditation is valid on ``day`` (a date)."""
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class RegisterNumberQuerySet(models.QuerySet):
    def for_user(self, user):
        """Registration numbers ``user`` may see: all for the programme team, else their own."""
        if not user.is_authenticated:
            return self.none()
        if user.is_programme_team:
            return self
        return self.filter(user=user)


class RegisterNumber(models.Model):
    """A participant's registration number in a professional register."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="register_numbers"
    )
    register = models.ForeignKey(
        ProfessionalRegister, on_delete=models.PROTECT, related_name="numbers"
    )
    number = models.CharField(_("registration number"), max_length=100)

    objects = RegisterNumberQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration number")
        verbose_name_plural = _("registration numbers")
        constraints = [
            models.UniqueConstraint(fields=["user", "register"], name="register_number_once")
        ]

    def __str__(self):
        return f"{self.register}: {self.number}"


class CompletionRule(models.Model):
    """What a participant must do to complete a module's runs.

    ``min_attendance_percent`` is the share of a run's sessions (0–100) a participant must
    attend; compulsory sessions must be attended whatever the share. An assessment is either
    pass/fail or a grade that must reach ``pass_mark``. ``validity_years`` makes certificates
    expire that many years after completion.
    """

    class Assessment(models.TextChoices):
        NONE = "none", _("No assessment")
        PASS_FAIL = "pass_fail", _("Pass or fail")
        GRADE = "grade", _("Grade with a pass mark")

    module = models.OneToOneField(
        "courses.CourseModulePage",
        on_delete=models.CASCADE,
        related_name="completion_rule",
        verbose_name=_("module"),
    )
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("minimum attendance (%)"),
        default=100,
        validators=[MaxValueValidator(100)],
    )
    assessment = models.CharField(
        _("assessment"), max_length=10, choices=Assessment.choices, default=Assessment.NONE
    )
    pass_mark = models.DecimalField(
        _("pass mark"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    requires_evaluation = models.BooleanField(_("requires a submitted evaluation"), default=False)
    validity_years = models.PositiveSmallIntegerField(
        _("validity (years)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: certificates do not expire."),
    )

    class Meta:
        verbose_name = _("completion rule")
        verbose_name_plural = _("completion rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_attendance_percent__lte=100), name="rule_attendance_percent"
            ),
            models.CheckConstraint(
                condition=~Q(assessment="grade") | Q(pass_mark__isnull=False),
                name="rule_grade_needs_pass_mark",
            ),
        ]

    def __str__(self):
        return str(self.module)

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.assessment == self.Assessment.GRADE and self.pass_mark is None:
            raise ValidationError({"pass_mark": _("A graded assessment needs a pass mark.")})


class AssessmentResultQuerySet(models.QuerySet):
    def for_user(self, user):
        """Results ``user`` may see: all for the programme team, their institutions' for
        managers, else their own."""
        if not user.is_authenticated:
            return self.none()
        if user.is_programme_team:
            return self
        visible = Q(enrolment__user=user)
        for path in managed_page_paths(user):
            visible |= Q(enrolment__run__module__path__startswith=path)
        return self.filter(visible)


class AssessmentResult(models.Model):
    """A participant's assessment result, recorded by staff: passed or not, or a grade."""

    enrolment = models.OneToOneField(
        "enrolment.Enrolment", on_delete=models.CASCADE, related_name="assessment_result"
    )
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    grade = models.DecimalField(_("grade"), max_digits=4, decimal_places=1, null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    objects = AssessmentResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment result")
        verbose_name_plural = _("assessment results")

    def __str__(self):
        return f"{self.enrolment}: {self.grade if self.grade is not None else self.passed}"


colour_validator = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour such as #154273."))


class CertificateTemplate(models.Model):
    """An institution's certificate design: logo, colours and signatory.

    Logo and signature are optional; a certificate without them still renders cleanly.
    """

    institution = models.OneToOneField(
        "courses.InstitutionPage",
        on_delete=models.CASCADE,
        related_name="certificate_template",
        verbose_name=_("institution"),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logo"),
    )
    primary_colour = models.CharField(
        _("primary colour"), max_length=7, default="#154273", validators=[colour_validator]
    )
    accent_colour = models.CharField(
        _("accent colour"), max_length=7, default="#b6c4d4", validators=[colour_validator]
    )
    signatory_name = models.CharField(_("signatory"), max_length=200, blank=True)
    signatory_title = models.CharField(_("signatory's title"), max_length=200, blank=True)
    signature = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signature image"),
    )

    class Meta:
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")

    def __str__(self):
        return str(self.institution)
