"""Issue 15: the dashboard's period filter never answers 500 (a leap day, dates far out)."""

import datetime as dt

import pytest

from lms.accounts.dates import add_years

URL = "/beheer/resultaten/"


def test_add_years_moves_a_leap_day_to_28_february():
    assert add_years(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
    assert add_years(dt.date(2024, 2, 29), 4) == dt.date(2028, 2, 29)
    assert add_years(dt.date(2024, 2, 29), -1) == dt.date(2023, 2, 28)
    assert add_years(dt.date(2023, 3, 1), 2) == dt.date(2025, 3, 1)
    with pytest.raises(OverflowError):
        add_years(dt.date(9999, 1, 1), 1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, error",
    [
        ("end=2024-02-29", False),
        ("start=2024-02-29&end=2024-02-29", False),
        ("end=9999-12-31", True),
        ("start=0001-01-01", True),
        ("start=1999-12-31", True),
        ("end=2100-01-01", True),
    ],
)
def test_dashboard_period_is_a_field_error_not_a_500(client, programme_team_user, query, error):
    client.force_login(programme_team_user)
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert ("2000-01-01 en 2099-12-31" in response.content.decode()) == error
