"""Issue 15: a shipped list of common Dutch passwords, the season/month/weekday + year rule,
and the site's and programme's names."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from lms.accounts.password_rules import DUTCH_LIST


def test_the_dutch_list_has_at_least_a_thousand_passwords():
    lines = [line for line in DUTCH_LIST.read_text().splitlines() if not line.startswith("#")]

    assert len(set(lines)) >= 1000


@pytest.mark.parametrize(
    "password",
    [
        "wachtwoord123",  # the Dutch list
        "Feyenoord2024",
        "Welkom01!",
        "Zomer2026!",  # season + year
        "januari-2025",
        "Vrijdag26",
        "voorjaar 2027",
        "MijnGebiedsschool-2026",  # the site's name
        "ik-werk-bij-platform31",  # the programme's organiser
    ],
)
def test_easy_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize(
    "password",
    ["zonnige-gebiedsontwikkeling-42", "Zomerse-binnenstad-fietspad-7", "mei-tram-kaart"],
)
def test_good_passwords_pass(password):
    validate_password(password)
