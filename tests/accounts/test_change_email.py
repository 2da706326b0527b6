"""Changing one's e-mail address: the new address is used only after the link sent to it is
opened; the old address is told; the link works once and is bound to both addresses; taken
addresses are refused; membership by e-mail domain follows the new address."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry

from lms.accounts.models import Organisation, OrganisationDomain
from lms.billing import pricing
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

URL = "/account/e-mail/wijzigen/"
LINK = r"http://testserver(/account/e-mail/bevestigen/[^/\s]+/)"


def ask(client, new_email, password=PASSWORD, capture=None):
    with capture(execute=True):
        return client.post(URL, {"new_email": new_email, "password": password})


def test_profile_links_to_it_and_it_needs_login(client, user):
    assert client.get(URL).status_code == 302
    client.force_login(user)
    assert f'href="{URL}"' in client.get(reverse("accounts:profile")).content.decode()


def test_new_address_is_used_only_after_the_link_and_the_old_one_is_told(
    client, user, django_capture_on_commit_callbacks
):
    old = user.email
    client.force_login(user)
    response = ask(client, "Anneke@Utrecht.nl", capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == old  # nothing changes yet
    assert [m.to for m in mail.outbox] == [["anneke@utrecht.nl"]]
    path = re.search(LINK, mail.outbox[0].body).group(1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(path)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == "anneke@utrecht.nl" and user.is_verified
    assert [m.to for m in mail.outbox] == [[old]]
    assert "anneke@utrecht.nl" in mail.outbox[0].body
    assert ModelLogEntry.objects.filter(action="accounts.email_change").count() == 1
    again = client.get(path)  # single use
    assert again.status_code == 400
    assert "Deze link is al gebruikt" in again.content.decode()


def test_membership_by_domain_follows_the_new_address(
    client, user, django_capture_on_commit_callbacks
):
    utrecht = Organisation.objects.create(name="Gemeente Utrecht", kind="municipality")
    OrganisationDomain.objects.create(organisation=utrecht, domain="utrecht.nl")
    assert not pricing.is_member(user, utrecht)
    client.force_login(user)
    ask(client, "anneke@utrecht.nl", capture=django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(re.search(LINK, mail.outbox[0].body).group(1))
    user.refresh_from_db()
    assert pricing.is_member(user, utrecht)


def test_wrong_password_taken_address_and_own_address_are_field_errors(
    client, user, make_user, django_capture_on_commit_callbacks
):
    make_user(email="bezet@example.org")
    client.force_login(user)
    cases = [
        ("nieuw@example.org", "fout", "password"),
        ("BEZET@example.org", PASSWORD, "new_email"),
        (user.email, PASSWORD, "new_email"),
    ]
    for address, password, field in cases:
        response = ask(client, address, password, capture=django_capture_on_commit_callbacks)
        assert response.status_code == 200
        assert response.context["form"].errors[field], (address, field)
    assert mail.outbox == []


def test_tampered_link_changes_nothing(client, user):
    response = client.get("/account/e-mail/bevestigen/niet-echt/")
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.email == "anneke@example.org"
