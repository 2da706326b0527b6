"""The certificates app's part of "download my data" (see lms.accounts.personal_data)."""

from django.utils.translation import gettext_lazy as _

from lms.accounts.personal_data import personal_data_section, rows

from .models import Certificate, RegisterNumber


@personal_data_section("certificates", _("Certificates"))
def _certificates(user) -> list[dict]:
    return rows(
        Certificate.objects.filter(user=user).order_by("issued_at"),
        *Certificate.VERIFIED_FIELDS,
        "issued_at",
    )


@personal_data_section("register_numbers", _("Professional register numbers"))
def _register_numbers(user) -> list[dict]:
    return rows(RegisterNumber.objects.filter(user=user), "register__name", "number")
