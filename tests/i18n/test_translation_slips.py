"""Translation slips: our catalogue never overrides Wagtail's own strings, words with two Dutch
meanings carry a pgettext context, and the Dutch addresses the reader with "je"."""

import gettext
import re
from pathlib import Path

import pytest
import wagtail
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

ROOT = Path(settings.BASE_DIR)
OUR_MO = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.mo"
WAGTAIL_DIR = Path(wagtail.__file__).parent
FORMAL = re.compile(r"\b(u|uw|uzelf)\b", re.IGNORECASE)


def wagtail_catalogue() -> dict[str, str]:
    catalogue: dict[str, str] = {}
    for mo in WAGTAIL_DIR.glob("**/locale/nl/LC_MESSAGES/django.mo"):
        with mo.open("rb") as handle:
            for key, value in gettext.GNUTranslations(handle)._catalog.items():
                catalogue.setdefault(key, value)
    return catalogue


def test_no_entry_overrides_a_wagtail_string():
    with OUR_MO.open("rb") as handle:
        ours = gettext.GNUTranslations(handle)._catalog
    theirs = wagtail_catalogue()
    clashes = {k: (v, theirs[k]) for k, v in ours.items() if k and k in theirs and theirs[k] != v}
    assert clashes == {}, "give these a pgettext context instead"


def test_admin_menu_pages_is_wagtails_word_and_pagination_is_ours():
    with translation.override("nl"):
        assert _("Pages") == "Pagina's"
        assert pgettext("pagination", "Pages") == "Paginering"


def test_failed_has_two_meanings():
    with translation.override("nl"):
        assert pgettext("payment status", "Failed") == "Mislukt"
        assert pgettext("assessment result", "Failed") == "Niet geslaagd"
        assert pgettext("assessment result", "Passed") == "Geslaagd"


@pytest.mark.django_db
def test_newsletter_button_is_not_account_creation(client):
    response = client.get(reverse("home:newsletter_signup"))
    body = response.content.decode()
    assert ">Aanmelden</button>" in body
    assert "Account aanmaken</button>" not in body


def test_catalogue_uses_je():
    with OUR_MO.open("rb") as handle:
        ours = gettext.GNUTranslations(handle)._catalog
    formal = [v for v in ours.values() if isinstance(v, str) and FORMAL.search(v)]
    assert formal == []


def test_programme_content_uses_je():
    for path in (
        ROOT / "home" / "data" / "programme.toml",
        ROOT / "home" / "programme.py",
        ROOT / "home" / "programme_texts.py",
    ):
        hits = [line for line in path.read_text().splitlines() if FORMAL.search(line)]
        assert hits == [], path
