"""Issue 24: the invitation pages in the admin (list, form, withdraw) and the invitee's
accept page (new person, existing account, wrong account, closed links)."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils.http import urlencode

from courses.institutions import group_names, setup_institution
from lms.accounts import staff_invitations as invitations
from lms.accounts.models import StaffInvitation, User

pytestmark = pytest.mark.django_db

EDITOR, MANAGER = StaffInvitation.Role.EDITOR, StaffInvitation.Role.MANAGER
INDEX = reverse("accounts_staff_invitations")
NEW = reverse("accounts_staff_invitation_new")
NEW_PASSWORD = "zonnige-gebiedsontwikkeling-42"


@pytest.fixture
def tud(make_institution):
    page = make_institution("TU Delft", "TUD")
    setup_institution(page)
    return page


@pytest.fixture
def other(make_institution):
    page = make_institution("Hogeschool Rotterdam", "HRO")
    setup_institution(page)
    return page


def _member(make_user, email, institution, manager: bool):
    person = make_user(email=email)
    person.groups.add(Group.objects.get(name=group_names(institution)[int(manager)]))
    return person


@pytest.fixture
def manager(make_user, tud):
    return _member(make_user, "beheerder@tudelft.example", tud, manager=True)


@pytest.fixture
def editor(make_user, tud):
    return _member(make_user, "redacteur@tudelft.example", tud, manager=False)


def accept_path(invitation):
    url = invitations.accept_url(invitation)
    return url[url.index("/account/") :]


# -- admin -------------------------------------------------------------------------------


def test_editors_cannot_open_the_invitation_pages(client, editor):
    client.force_login(editor)
    assert client.get(INDEX).status_code in (302, 403)
    assert client.get(NEW).status_code in (302, 403)
    assert reverse("accounts_staff_invitations").encode() not in client.get("/beheer/").content


def test_a_manager_sees_the_menu_item_and_a_form_for_their_own_editors(client, manager, tud, other):
    client.force_login(manager)
    assert INDEX.encode() in client.get("/beheer/").content
    response = client.get(NEW + f"?institution={tud.pk}")
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.fields["institution"].queryset) == [tud]
    assert [value for value, _label in form.fields["role"].choices] == [EDITOR]
    assert form["institution"].value() == str(tud.pk)


def test_a_manager_invites_an_editor_and_sees_it_in_the_list(
    client, manager, tud, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            NEW, {"email": "nieuw@tudelft.example", "role": EDITOR, "institution": tud.pk}
        )
    assert response.status_code == 302 and response.url == INDEX
    assert mail.outbox[0].to == ["nieuw@tudelft.example"]
    listing = client.get(INDEX)
    assert b"nieuw@tudelft.example" in listing.content
    assert reverse("accounts_staff_invitation_revoke", args=[StaffInvitation.objects.get().pk])


def test_a_manager_cannot_post_another_institution_or_the_manager_role(client, manager, tud, other):
    client.force_login(manager)
    for data in (
        {"email": "x@example.org", "role": EDITOR, "institution": other.pk},
        {"email": "x@example.org", "role": MANAGER, "institution": tud.pk},
    ):
        response = client.post(NEW, data)
        assert response.status_code == 200
        assert response.context["form"].errors
    assert not StaffInvitation.objects.exists()


def test_withdrawing_from_the_list(client, manager, programme_team_user, tud, other):
    mine = invitations.invite(by=manager, institution=tud, role=EDITOR, email="r@b.nl")
    elsewhere = invitations.invite(
        by=programme_team_user, institution=other, role=EDITOR, email="s@b.nl"
    )
    client.force_login(manager)
    listing = client.get(INDEX).content.decode()
    assert "<td>r@b.nl</td>" in listing and "s@b.nl" not in listing
    revoke = reverse("accounts_staff_invitation_revoke", args=[elsewhere.pk])
    assert client.post(revoke).status_code == 404
    assert (
        client.get(reverse("accounts_staff_invitation_revoke", args=[mine.pk])).status_code == 405
    )
    response = client.post(reverse("accounts_staff_invitation_revoke", args=[mine.pk]))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.revoked_at is not None
    assert "<td>r@b.nl</td>" not in client.get(INDEX).content.decode()


def test_the_institution_page_has_an_invite_button_for_who_may_invite(client, manager, editor, tud):
    url = reverse("wagtailadmin_explore", args=[tud.pk])
    client.force_login(manager)
    assert f"{NEW}?institution={tud.pk}".encode() in client.get(url).content
    client.force_login(editor)
    assert NEW.encode() not in client.get(url).content


# -- the accept page ---------------------------------------------------------------------


def test_a_new_person_chooses_a_password_then_the_admin_asks_for_the_second_factor(
    client, programme_team_user, tud
):
    invitation = invitations.invite(
        by=programme_team_user, institution=tud, role=EDITOR, email="nieuw@tudelft.example"
    )
    path = accept_path(invitation)
    page = client.get(path)
    assert page.status_code == 200 and b"nieuw@tudelft.example" in page.content
    assert page["Cache-Control"].startswith("private")
    weak = {"first_name": "Rita", "last_name": "R", "password1": "wachtwoord1", "password2": ""}
    weak["password2"] = weak["password1"]
    response = client.post(path, weak)
    assert response.status_code == 200 and response.context["form"].errors["password1"]
    good = {**weak, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    response = client.post(path, good)
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    person = User.objects.get(email="nieuw@tudelft.example")
    assert person.groups.get().name == "TU Delft – redacteuren"
    admin = client.get(reverse("wagtailadmin_home"))
    assert admin.status_code == 302
    assert admin.url.startswith(reverse("accounts:second_factor_setup"))
    assert client.get(path).status_code == 410  # used up


def test_an_existing_account_logs_in_and_accepts(client, programme_team_user, tud, user):
    invitation = invitations.invite(
        by=programme_team_user, institution=tud, role=EDITOR, email=user.email
    )
    path = accept_path(invitation)
    page = client.get(path)
    assert page.status_code == 200 and "form" not in page.context
    assert page.context["login_url"] == reverse("accounts:login") + "?" + urlencode({"next": path})
    assert client.post(path, {"password1": "x"}).status_code == 200  # nothing made
    assert User.objects.filter(email=user.email).count() == 1 and not user.groups.exists()
    client.force_login(user)
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    assert user.groups.filter(name="TU Delft – redacteuren").exists()


def test_someone_logged_in_with_another_address_is_told_to_log_out(
    client, programme_team_user, tud, other_user
):
    invitation = invitations.invite(
        by=programme_team_user, institution=tud, role=EDITOR, email="nieuw@tudelft.example"
    )
    client.force_login(other_user)
    response = client.post(accept_path(invitation), {"password1": NEW_PASSWORD})
    assert response.status_code == 403
    assert b"nieuw@tudelft.example" in response.content
    assert not other_user.groups.exists()
    assert not User.objects.filter(email="nieuw@tudelft.example").exists()


def test_closed_links_get_a_friendly_page(client, programme_team_user, tud):
    start = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        expired = invitations.invite(
            by=programme_team_user, institution=tud, role=EDITOR, email="laat@b.nl"
        )
        withdrawn = invitations.invite(
            by=programme_team_user, institution=tud, role=EDITOR, email="weg@b.nl"
        )
        invitations.revoke(withdrawn, by=programme_team_user)
    with time_machine.travel(start + dt.timedelta(days=8)):
        response = client.get(accept_path(expired))
    assert response.status_code == 410
    assert "verlopen" in response.content.decode()
    assert programme_team_user.email in response.content.decode()  # whom to ask
    response = client.get(accept_path(withdrawn))
    assert response.status_code == 410 and "ingetrokken" in response.content.decode()
    response = client.get(reverse("accounts:staff_invitation", args=["rommel"]))
    assert response.status_code == 404 and "niet geldig" in response.content.decode()
