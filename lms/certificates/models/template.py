"""An institution's certificate design."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

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
