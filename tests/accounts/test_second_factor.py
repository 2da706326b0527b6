"""Issue 15: a second factor (TOTP app + recovery codes) for every account that can open the
Wagtail admin, enforced; the programme team resets a lost device."""

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from tests.conftest import PASSWORD
from tests.second_factor import current_code, device_for

pytestmark = pytest.mark.django_db

ADMIN = "/beheer/"


def password_login(client, email):
    """The password step only, through the site's login form."""
    response = client.post(reverse("accounts:login"), {"username": email, "password": PASSWORD})
    assert response.status_code == 302
    return response


def test_admin_demands_setup_after_the_password_alone(client, programme_team_user):
    password_login(client, programme_team_user.email)

    response = client.get(ADMIN)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:second_factor_setup"))
    assert "next=%2Fbeheer%2F" in response["Location"]


def test_admin_demands_a_code_from_someone_with_an_app(client, programme_team_user):
    device_for(programme_team_user)
    client.force_login(programme_team_user, second_factor=False)

    response = client.get(reverse("wagtailusers_users:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:second_factor"))


def test_setup_with_the_app_shows_recovery_codes_and_opens_the_admin(client, programme_team_user):
    password_login(client, programme_team_user.email)
    page = client.get(reverse("accounts:second_factor_setup") + "?next=/beheer/")
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=programme_team_user, confirmed=False)

    wrong = client.post(reverse("accounts:second_factor_setup"), {"code": "000000"})
    assert wrong.status_code == 200 and "klopt niet" in wrong.content.decode()
    done = client.post(
        reverse("accounts:second_factor_setup"), {"code": current_code(device), "next": ADMIN}
    )

    assert done.status_code == 200
    codes = re.findall(r"<code>([a-z0-9]+)</code>", done.content.decode())
    assert len(codes) == 10
    assert StaticToken.objects.filter(device__user=programme_team_user).count() == 10
    assert client.get(ADMIN).status_code == 200
    assert ModelLogEntry.objects.filter(action="accounts.second_factor.setup").count() == 1


def test_a_code_from_the_app_opens_the_admin_and_goes_to_next(client, programme_team_user):
    device = device_for(programme_team_user)
    password_login(client, programme_team_user.email)

    response = client.post(
        reverse("accounts:second_factor"), {"code": current_code(device), "next": "/beheer/users/"}
    )

    assert response.status_code == 302 and response["Location"] == "/beheer/users/"
    assert client.get(ADMIN).status_code == 200


def test_a_wrong_code_is_refused_with_a_message(client, programme_team_user):
    device_for(programme_team_user)
    password_login(client, programme_team_user.email)

    bad = client.post(reverse("accounts:second_factor"), {"code": "12345x"})

    assert bad.status_code == 200 and "klopt niet" in bad.content.decode()
    assert client.get(ADMIN).status_code == 302


def test_next_off_site_after_the_code_goes_to_the_admin(client, programme_team_user):
    device = device_for(programme_team_user)
    password_login(client, programme_team_user.email)

    response = client.post(
        reverse("accounts:second_factor"),
        {"code": current_code(device), "next": "https://evil.example/"},
    )

    assert response["Location"] == ADMIN


def test_a_recovery_code_works_once(client, programme_team_user):
    from django_otp.plugins.otp_static.models import StaticDevice

    device_for(programme_team_user)
    static = StaticDevice.objects.create(user=programme_team_user, name="Recovery")
    static.token_set.create(token="abcd1234")

    password_login(client, programme_team_user.email)
    first = client.post(reverse("accounts:second_factor"), {"code": "abcd 1234"})
    assert first.status_code == 302
    client.logout()
    password_login(client, programme_team_user.email)
    again = client.post(reverse("accounts:second_factor"), {"code": "abcd1234"})

    assert again.status_code == 200
    assert client.get(ADMIN).status_code == 302


def test_people_without_admin_access_need_no_second_factor(client, user):
    password_login(client, user.email)

    assert client.get(reverse("portal:dashboard")).status_code == 200
    assert client.get(reverse("accounts:second_factor_setup")).status_code == 403


def test_programme_team_resets_a_lost_device(client, programme_team_user, make_user):
    from django.contrib.auth.models import Group

    from lms.accounts.models import PROGRAMME_TEAM_GROUP

    colleague = make_user(email="coach@platform31.example")
    colleague.groups.add(Group.objects.get(name=PROGRAMME_TEAM_GROUP))
    device_for(colleague)
    client.force_login(programme_team_user)
    url = reverse("accounts_login_security", args=[colleague.pk])

    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "reset"})

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=colleague).exists()
    assert ModelLogEntry.objects.filter(action="accounts.second_factor.reset").count() == 1
    other = client.__class__()
    password_login(other, colleague.email)
    location = other.get(ADMIN)["Location"]
    assert location.startswith(reverse("accounts:second_factor_setup"))


def test_only_the_programme_team_resets(client, make_user, programme_team_user):
    from django.contrib.auth.models import Permission

    editor = make_user(email="editor@tudelft.example")
    editor.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    device_for(programme_team_user)
    client.force_login(editor)

    url = reverse("accounts_login_security", args=[programme_team_user.pk])
    response = client.post(url, {"action": "reset"})

    assert response.status_code in (302, 403)  # Wagtail answers "no permission" on /beheer/
    assert TOTPDevice.objects.filter(user=programme_team_user).exists()


def test_the_benchmark_session_of_staff_passes_the_second_factor(client, programme_team_user):
    from django.conf import settings

    from bench.subjects import login_session

    client.cookies[settings.SESSION_COOKIE_NAME] = login_session(programme_team_user.email)

    assert client.get(ADMIN).status_code == 200
