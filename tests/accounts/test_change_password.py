"""Changing one's password: the current one is asked, the new one validated, the owner is told by
e-mail, the change is logged, other sessions end and this one stays signed in."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

URL = "/account/wachtwoord/wijzigen/"
NEW = "Nieuw-en-lang-genoeg-2026"


def test_needs_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/account/inloggen/" in response["Location"]


def test_profile_links_to_it(client, user):
    client.force_login(user)
    assert f'href="{URL}"' in client.get(reverse("accounts:profile")).content.decode()


def test_wrong_current_password_is_a_field_error(client, user):
    client.force_login(user)
    response = client.post(
        URL, {"old_password": "fout", "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_change_keeps_this_session_ends_others_mails_and_logs(
    client, user, django_capture_on_commit_callbacks
):
    other = Client()
    other.force_login(user)
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            URL, {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}
        )
    assert response.status_code == 302 and response["Location"] == reverse("accounts:profile")
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert other.get(reverse("accounts:profile")).status_code == 302
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert "wachtwoord" in mail.outbox[0].subject.lower()
    assert ModelLogEntry.objects.filter(action="accounts.password_change").count() == 1
    assert "no-store" in client.get(URL)["Cache-Control"]
