"""Issue 24: the staff invitation service. Who may invite whom, single use, bound to the
address, expiry, revocation, and the role's group as the CMS makes it."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from courses.institutions import group_names, setup_institution
from lms.accounts import staff_invitations as invitations
from lms.accounts.models import StaffInvitation, User
from lms.accounts.staff_invitations import InvitationClosed, InvitationError, InvitationUnknown

pytestmark = pytest.mark.django_db

EDITOR, MANAGER = StaffInvitation.Role.EDITOR, StaffInvitation.Role.MANAGER
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


@pytest.fixture
def manager(make_user, tud):
    from django.contrib.auth.models import Group

    person = make_user(email="beheerder@tudelft.example")
    person.groups.add(Group.objects.get(name=group_names(tud)[1]))
    return person


@pytest.fixture
def editor(make_user, tud):
    from django.contrib.auth.models import Group

    person = make_user(email="redacteur@tudelft.example")
    person.groups.add(Group.objects.get(name=group_names(tud)[0]))
    return person


def _token(invitation):
    url = invitations.accept_url(invitation)
    return url.rstrip("/").rsplit("/", 1)[1]


# -- who may invite ----------------------------------------------------------------------


def test_the_programme_team_invites_managers_and_editors_of_any_institution(
    programme_team_user, tud, other
):
    assert invitations.invitable_roles(programme_team_user) == [MANAGER, EDITOR]
    assert set(invitations.invitable_institutions(programme_team_user)) == {tud, other}
    for institution in (tud, other):
        for role in (MANAGER, EDITOR):
            assert invitations.may_invite(programme_team_user, institution, role)


def test_a_manager_invites_editors_of_their_own_institution_only(manager, tud, other):
    assert invitations.invitable_roles(manager) == [EDITOR]
    assert list(invitations.invitable_institutions(manager)) == [tud]
    assert invitations.may_invite(manager, tud, EDITOR)
    assert not invitations.may_invite(manager, tud, MANAGER)
    assert not invitations.may_invite(manager, other, EDITOR)
    with pytest.raises(InvitationError):
        invitations.invite(by=manager, institution=tud, role=MANAGER, email="x@example.org")
    with pytest.raises(InvitationError):
        invitations.invite(by=manager, institution=other, role=EDITOR, email="x@example.org")
    assert not StaffInvitation.objects.exists()


def test_editors_and_everyone_else_invite_nobody(editor, user, tud):
    for person in (editor, user):
        assert invitations.invitable_roles(person) == []
        assert not invitations.invitable_institutions(person).exists()
        with pytest.raises(InvitationError):
            invitations.invite(by=person, institution=tud, role=EDITOR, email="x@example.org")


def test_an_unknown_role_is_a_domain_error(programme_team_user, tud):
    with pytest.raises(InvitationError):
        invitations.invite(by=programme_team_user, institution=tud, role="owner", email="x@y.nl")


# -- sending -----------------------------------------------------------------------------


def test_inviting_mails_the_link_and_logs_it(
    django_capture_on_commit_callbacks, manager, tud, settings
):
    settings.SITE_URL = "https://gebiedsschool.example"
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitations.invite(
            by=manager, institution=tud, role=EDITOR, email="  Nieuw@TUDelft.example "
        )
    assert invitation.email == "nieuw@tudelft.example"
    assert invitation.expires_at - invitation.created_at == dt.timedelta(days=7)
    (message,) = mail.outbox
    assert message.to == ["nieuw@tudelft.example"]
    assert "TU Delft" in message.subject
    assert invitations.accept_url(invitation).split("/uitnodiging/")[0] in message.body
    assert "https://gebiedsschool.example/account/uitnodiging/" in message.body
    from wagtail.models import ModelLogEntry

    entry = ModelLogEntry.objects.get(action="accounts.staff_invitation.send")
    assert entry.user == manager and entry.object_id == str(invitation.pk)


def test_inviting_again_withdraws_the_earlier_link(programme_team_user, tud):
    first = invitations.invite(by=programme_team_user, institution=tud, role=EDITOR, email="a@b.nl")
    token = _token(first)
    second = invitations.invite(
        by=programme_team_user, institution=tud, role=MANAGER, email="a@b.nl"
    )
    first.refresh_from_db()
    assert first.revoked_at is not None and second.revoked_at is None
    with pytest.raises(InvitationClosed) as closed:
        invitations.from_token(token)
    assert closed.value.reason == "revoked"


def test_someone_who_has_the_role_already_is_not_invited(programme_team_user, editor, tud):
    with pytest.raises(InvitationError):
        invitations.invite(
            by=programme_team_user, institution=tud, role=EDITOR, email=editor.email.upper()
        )


# -- accepting ---------------------------------------------------------------------------


def test_a_new_person_accepts_once_and_gets_exactly_the_role_group(programme_team_user, tud):
    invitation = invitations.invite(
        by=programme_team_user, institution=tud, role=EDITOR, email="nieuw@tudelft.example"
    )
    found = invitations.from_token(_token(invitation))
    person = invitations.accept_with_new_password(
        found, first_name="Rita", last_name="Redacteur", password=NEW_PASSWORD
    )
    assert list(person.groups.values_list("name", flat=True)) == ["TU Delft – redacteuren"]
    assert person.check_password(NEW_PASSWORD) and person.is_verified
    assert person.has_perm("wagtailadmin.access_admin")
    invitation.refresh_from_db()
    assert invitation.accepted_by == person and invitation.accepted_at is not None
    with pytest.raises(InvitationClosed) as closed:
        invitations.from_token(_token(invitation))
    assert closed.value.reason == "accepted"
    with pytest.raises(InvitationClosed):
        invitations.accept(invitation, user=person)
    assert User.objects.filter(email="nieuw@tudelft.example").count() == 1


def test_a_manager_invitation_gives_the_manager_group(programme_team_user, tud, make_user):
    person = make_user(email="chef@tudelft.example")
    invitation = invitations.invite(
        by=programme_team_user, institution=tud, role=MANAGER, email=person.email
    )
    invitations.accept(invitation, user=person)
    assert list(person.groups.values_list("name", flat=True)) == ["TU Delft – beheerders"]
    assert list(invitations.invitable_institutions(User.objects.get(pk=person.pk))) == [tud]


def test_the_invitation_is_bound_to_its_address(programme_team_user, tud, user):
    invitation = invitations.invite(
        by=programme_team_user, institution=tud, role=EDITOR, email="iemand@tudelft.example"
    )
    with pytest.raises(InvitationError):
        invitations.accept(invitation, user=user)
    assert not user.groups.exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_an_existing_account_logs_in_instead_of_getting_a_second_one(
    programme_team_user, tud, user
):
    invitation = invitations.invite(
        by=programme_team_user, institution=tud, role=EDITOR, email=user.email
    )
    with pytest.raises(InvitationError):
        invitations.accept_with_new_password(
            invitation, first_name="X", last_name="Y", password=NEW_PASSWORD
        )
    invitations.accept(invitation, user=user)
    assert user.groups.filter(name="TU Delft – redacteuren").exists()
    assert User.objects.filter(email=user.email).count() == 1


def test_an_account_without_a_password_is_completed_not_duplicated(programme_team_user, tud):
    invited = User.objects.create_user(email="collega@tudelft.example", password=None)
    invitation = invitations.invite(
        by=programme_team_user, institution=tud, role=EDITOR, email=invited.email
    )
    person = invitations.accept_with_new_password(
        invitation, first_name="Kees", last_name="Bos", password=NEW_PASSWORD
    )
    assert person.pk == invited.pk and person.check_password(NEW_PASSWORD)


def test_the_invitation_expires_after_seven_days(programme_team_user, tud):
    start = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        invitation = invitations.invite(
            by=programme_team_user, institution=tud, role=EDITOR, email="laat@tudelft.example"
        )
        token = _token(invitation)
    with time_machine.travel(start + dt.timedelta(days=7) - dt.timedelta(minutes=1)):
        assert invitations.from_token(token) == invitation
    with time_machine.travel(start + dt.timedelta(days=7, minutes=1)):
        with pytest.raises(InvitationClosed) as closed:
            invitations.from_token(token)
        assert closed.value.reason == "expired"
        with pytest.raises(InvitationClosed):
            invitations.accept_with_new_password(
                invitation, first_name="L", last_name="Aat", password=NEW_PASSWORD
            )
        assert not StaffInvitation.objects.open().exists()


def test_a_forged_token_names_no_invitation(programme_team_user, tud):
    invitation = invitations.invite(
        by=programme_team_user, institution=tud, role=EDITOR, email="a@b.nl"
    )
    from lms.accounts.signed_links import sign_id
    from lms.enrolment.links import CLAIM_SALT

    for token in ("rommel", _token(invitation) + "x", sign_id(invitation.pk, salt=CLAIM_SALT)):
        with pytest.raises(InvitationUnknown):
            invitations.from_token(token)


# -- revoking ----------------------------------------------------------------------------


def test_revoking_closes_the_link_and_only_inviters_may(programme_team_user, manager, tud):
    by_team = invitations.invite(
        by=programme_team_user, institution=tud, role=MANAGER, email="chef@b.nl"
    )
    with pytest.raises(InvitationError):
        invitations.revoke(by_team, by=manager)  # a manager cannot invite managers
    by_manager = invitations.invite(by=manager, institution=tud, role=EDITOR, email="r@b.nl")
    invitations.revoke(by_manager, by=manager)
    with pytest.raises(InvitationClosed) as closed:
        invitations.from_token(_token(by_manager))
    assert closed.value.reason == "revoked"
    with pytest.raises(InvitationClosed):
        invitations.revoke(by_manager, by=manager)


def test_who_sees_which_invitations(programme_team_user, manager, editor, tud, other):
    mine = invitations.invite(by=manager, institution=tud, role=EDITOR, email="r@b.nl")
    theirs = invitations.invite(
        by=programme_team_user, institution=other, role=EDITOR, email="s@b.nl"
    )
    assert set(StaffInvitation.objects.for_user(programme_team_user)) == {mine, theirs}
    assert list(StaffInvitation.objects.for_user(manager)) == [mine]
    assert not StaffInvitation.objects.for_user(editor).exists()
