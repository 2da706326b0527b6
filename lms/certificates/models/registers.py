"""Professional registers: the registers, the modules' accreditations by them and the
participants' registration numbers."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lms.accounts.querysets import OwnRowsQuerySet


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


class RegisterNumberQuerySet(OwnRowsQuerySet):
    """Registration numbers: all for the programme team, else a person's own (``for_user``)."""

    owner_lookup = "user"


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
