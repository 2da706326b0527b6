"""Password rules beyond Django's own validators (``AUTH_PASSWORD_VALIDATORS``): a shipped
list of common Dutch passwords, a Dutch season, month or weekday followed by a year
("Zomer2026!", "januari-24"), and the names of the site and the programme.

Each class follows Django's validator protocol: ``validate(password, user=None)`` raises
``ValidationError``; ``get_help_text()`` says the rule.
"""

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DUTCH_LIST = Path(__file__).resolve().parent / "data" / "common-passwords-nl.txt"

SEASONS = ["lente", "zomer", "herfst", "winter", "voorjaar", "najaar"]
MONTHS = [
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
    "september", "oktober", "november", "december",
]  # fmt: skip
WEEKDAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
_NAMES = "|".join(SEASONS + MONTHS + WEEKDAYS)
_CALENDAR_YEAR = re.compile(rf"^\W*(?:{_NAMES})\W*(?:\d{{2}}|\d{{4}})\W*$", re.IGNORECASE)


def _plain(text: str) -> str:
    """Lower case, accents dropped, only letters and digits (so "Gebieds-School!" matches)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))


@lru_cache(maxsize=2)
def _load(path: str) -> frozenset[str]:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


class DutchCommonPasswordValidator:
    """Rejects a password on the shipped list of common Dutch passwords (at least 1,000;
    compared in lower case and with the spaces around it removed)."""

    def __init__(self, password_list_path=DUTCH_LIST):
        self.path = str(password_list_path)

    def validate(self, password, user=None):
        if password.lower().strip() in _load(self.path):
            raise ValidationError(_("This password is too common."), code="password_too_common")

    def get_help_text(self):
        return _("Your password can't be a commonly used password.")


class CalendarYearPasswordValidator:
    """Rejects a Dutch season, month or weekday name followed by a year ("Zomer2026!")."""

    def validate(self, password, user=None):
        if _CALENDAR_YEAR.match(password):
            raise ValidationError(
                _("A season, month or day followed by a year is too easy to guess."),
                code="password_calendar_year",
            )

    def get_help_text(self):
        return _("Your password can't be a season, month or day followed by a year.")


class SiteNamePasswordValidator:
    """Rejects a password containing the site's or the programme's name (settings
    ``PASSWORD_FORBIDDEN_NAMES``), ignoring case, accents and punctuation."""

    def validate(self, password, user=None):
        plain = _plain(password)
        for name in getattr(settings, "PASSWORD_FORBIDDEN_NAMES", ()):
            if _plain(name) and _plain(name) in plain:
                raise ValidationError(
                    _("Your password can't contain the name of this site or programme."),
                    code="password_site_name",
                )

    def get_help_text(self):
        return _("Your password can't contain the name of this site or programme.")
