"""What a certificate says: the :class:`CertificateContent` value a caller fills in, the product
text per language (:data:`STRINGS`, not gettext messages: the caller decides the language) and
the locale-independent date and number formats used on the page."""

from __future__ import annotations

import datetime
import decimal
import unicodedata
from dataclasses import dataclass

# --------------------------------------------------------------------------------------------
# Product text, one dict per language. Placeholders are filled with str.format().
# --------------------------------------------------------------------------------------------

STRINGS: dict[str, dict[str, str]] = {
    "nl": {
        "site_name": "Gebiedsschool",
        "heading": "Certificaat",
        "intro": "Hierbij verklaren wij dat",
        "completed": "met goed gevolg de module heeft afgerond",
        "offered_by": "aangeboden door {institution}",
        "date_label": "Datum van afronding",
        "study_load_label": "Studiebelasting",
        "hours_one": "{hours} uur",
        "hours_other": "{hours} uur",
        "pe_points_label": "PE-punten",
        "code_label": "Verificatiecode:",
        "verify": "Controleer dit certificaat op {verify_url}",
        "document_title": "Certificaat \u2013 {module_title}",
        "valid_until_label": "Geldig tot",
        "register_line": "{register}: {points} PE-punten",
        "accreditation": "accreditatienummer {number}",
        "registration": "registratienummer {number}",
        "corrected": "Naam gecorrigeerd op {date}",
    },
    "en": {
        "site_name": "Gebiedsschool",
        "heading": "Certificate",
        "intro": "This is to certify that",
        "completed": "has successfully completed the module",
        "offered_by": "offered by {institution}",
        "date_label": "Date of completion",
        "study_load_label": "Study load",
        "hours_one": "{hours} hour",
        "hours_other": "{hours} hours",
        "pe_points_label": "PE points",
        "code_label": "Verification code:",
        "verify": "Verify this certificate at {verify_url}",
        "document_title": "Certificate \u2013 {module_title}",
        "valid_until_label": "Valid until",
        "register_line": "{register}: {points} PE points",
        "accreditation": "accreditation number {number}",
        "registration": "registration number {number}",
        "corrected": "Name corrected on {date}",
    },
}

MONTH_NAMES: dict[str, tuple[str, ...]] = {
    "nl": (
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}

DECIMAL_SEPARATOR: dict[str, str] = {"nl": ",", "en": "."}


@dataclass(frozen=True)
class RegisterLine:
    """One professional register on the certificate: its name, the PE points (``Decimal``) it
    awards, the module's accreditation number there and the holder's registration number."""

    register: str
    points: decimal.Decimal
    accreditation_number: str = ""
    registration_number: str = ""


@dataclass(frozen=True)
class CertificateContent:
    """Everything printed on a certificate.

    ``pe_points`` and ``study_load_hours`` are optional; when ``None`` they are left
    out. ``study_load_hours`` is in hours. ``code`` is printed as given (already
    grouped, e.g. ``"7KQ2-M9XP-4TRD-HW3C"``). ``language`` is a key of
    :data:`STRINGS` (``"nl"`` or ``"en"``; a region suffix such as ``"en-GB"`` is
    accepted). ``registers`` lists the registers with their points and numbers;
    ``valid_until`` is printed when the certificate expires; ``corrected_on`` adds a note of a
    name correction. ``logo`` and ``signature`` are image file bytes (PNG or JPEG) or ``None``;
    colours are ``"#rrggbb"`` or ``None`` for the house style. ``qr`` draws a QR code of
    ``verify_url``.
    """

    holder_name: str
    module_title: str
    institution_name: str
    completion_date: datetime.date
    pe_points: decimal.Decimal | None
    study_load_hours: decimal.Decimal | None
    code: str
    verify_url: str
    language: str = "nl"
    registers: tuple[RegisterLine, ...] = ()
    valid_until: datetime.date | None = None
    corrected_on: datetime.date | None = None
    signatory_name: str = ""
    signatory_title: str = ""
    logo: bytes | None = None
    signature: bytes | None = None
    primary_colour: str | None = None
    accent_colour: str | None = None
    qr: bool = True


# --------------------------------------------------------------------------------------------
# Formatting helpers
# --------------------------------------------------------------------------------------------


def language_key(language: str) -> str:
    """``"nl"``, ``"en-GB"``, ``"EN_us"`` → the :data:`STRINGS` key (``"nl"``, ``"en"``).

    Raises:
        ValueError: for a language without product text.
    """
    key = (language or "").strip().lower().replace("_", "-").split("-")[0]
    if key not in STRINGS:
        supported = ", ".join(sorted(STRINGS))
        raise ValueError(f"Unsupported certificate language {language!r} (supported: {supported})")
    return key


def clean(text: str) -> str:
    """NFC-normalise and collapse all whitespace (incl. newlines/tabs) to single spaces."""
    return " ".join(unicodedata.normalize("NFC", str(text)).split())


def format_date(value: datetime.date, language: str = "nl") -> str:
    """Format a date as "29 november 2026" (nl) or "29 November 2026" (en).

    Args:
        value: the date (a ``datetime`` is accepted; only its date part is used).
        language: ``"nl"`` or ``"en"``.

    Returns:
        Day without leading zero, full month name, four-digit year. Locale-independent.
    """
    months = MONTH_NAMES[language_key(language)]
    return f"{value.day} {months[value.month - 1]} {value.year}"


def format_decimal(value: decimal.Decimal | int | float | str, language: str = "nl") -> str:
    """Format a number without trailing zeros, with the language's decimal separator.

    Args:
        value: the number, normally a ``Decimal`` (``Decimal("12.0")``, ``Decimal("4.50")``).
        language: ``"nl"`` (decimal comma) or ``"en"`` (decimal point).

    Returns:
        ``"12"`` for 12.0, ``"4,5"`` (nl) / ``"4.5"`` (en) for 4.50. No thousands
        separators and never exponent notation.

    Raises:
        ValueError: if ``value`` is not a finite number.
    """
    number = value if isinstance(value, decimal.Decimal) else decimal.Decimal(str(value))
    if not number.is_finite():
        raise ValueError(f"Cannot format non-finite number {value!r}")
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text.replace(".", DECIMAL_SEPARATOR[language_key(language)])
