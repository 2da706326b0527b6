"""Inviting institution staff by e-mail: who may invite whom, and accepting an invitation.

- The programme team invites managers and editors of any institution; an institution's
  manager invites editors of the institutions they manage (``managed_page_paths``); nobody
  else invites (issue 24).
- An invitation is accepted once, only by the account whose e-mail address equals the invited
  one, before it expires (``STAFF_INVITATION_DAYS``, default 7) and unless it was revoked.
  The link carries a signed token of the invitation's id (``lms.accounts.signed_links``, the
  mechanism of the claim links); the expiry is the invitation's ``expires_at``.
- Accepting puts the account in the institution's editor or manager group, the groups the CMS
  makes for every institution (``courses.institutions.ensure_institution_groups``), reached
  through the Wagtail hook ``institution_staff_groups`` so the domain never imports the CMS.

Every transition is one transaction with an action-log entry on the invitation.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks

from . import signed_links
from .audit import record
from .exceptions import AccountError
from .institutions import managed_page_paths, under_paths
from .models import StaffInvitation, User, normalise_email
from .tasks import send_email_on_commit

Role = StaffInvitation.Role
TOKEN_SALT = "lms.accounts.staff_invitation"
GROUPS_HOOK = "institution_staff_groups"


class InvitationError(AccountError):
    """The invitation cannot be sent, revoked or accepted; ``str(error)`` says why."""


class InvitationUnknown(InvitationError):
    """The link names no invitation (forged, mistyped, or the invitation was deleted)."""


class InvitationClosed(InvitationError):
    """The invitation was accepted, revoked or has expired; ``reason`` is ``"accepted"``,
    ``"revoked"`` or ``"expired"``."""

    def __init__(self, message, reason: str, invitation=None):
        super().__init__(message)
        self.reason = reason
        self.invitation = invitation


def lifetime() -> dt.timedelta:
    """How long an invitation can be accepted (settings ``STAFF_INVITATION_DAYS``)."""
    return dt.timedelta(days=getattr(settings, "STAFF_INVITATION_DAYS", 7))


def _institutions():
    # The model the invitation's foreign key names ("courses.InstitutionPage", a lazy label):
    # the domain reads the rows without importing the CMS.
    model = StaffInvitation._meta.get_field("institution").related_model
    return model.objects.order_by("title")


def invitable_institutions(user):
    """The institution pages ``user`` may invite staff to: all for the programme team, those
    they manage for an institution manager, none otherwise (a QuerySet)."""
    if not (user.is_authenticated and user.is_active):
        return _institutions().none()
    if user.is_programme_team:
        return _institutions()
    return _institutions().filter(under_paths("path", managed_page_paths(user)))


def invitable_roles(user) -> list[str]:
    """The roles ``user`` may invite to (some of) their institutions: manager and editor for
    the programme team, editor for a manager, none otherwise."""
    if getattr(user, "is_programme_team", False):
        return [Role.MANAGER, Role.EDITOR]
    return [Role.EDITOR] if invitable_institutions(user).exists() else []


def may_invite(user, institution, role: str) -> bool:
    """Whether ``user`` may invite someone into ``role`` at ``institution``."""
    if role not in invitable_roles(user):
        return False
    return invitable_institutions(user).filter(pk=institution.pk).exists()


def role_group(institution, role: str):
    """The Wagtail group of ``role`` at ``institution``, as the CMS makes it for every
    institution (hook ``institution_staff_groups``: ``page -> (editors, managers)``)."""
    (groups_for,) = hooks.get_hooks(GROUPS_HOOK)
    editors, managers = groups_for(institution)
    return managers if role == Role.MANAGER else editors


def accept_url(invitation: StaffInvitation) -> str:
    """The absolute URL of the page where the invitee accepts ``invitation``."""
    token = signed_links.sign_id(invitation.pk, salt=TOKEN_SALT)
    return settings.SITE_URL.rstrip("/") + reverse("accounts:staff_invitation", args=[token])


@transaction.atomic
def invite(*, by, institution, role: str, email: str) -> StaffInvitation:
    """Invite ``email`` into ``role`` at ``institution`` and mail the link (after commit).
    An open invitation of the same address to the same institution is revoked first, so
    inviting again resends.

    Raises:
        InvitationError: ``by`` may not invite into this role here, or the address already
            holds the role there.
    """
    email = normalise_email(email)
    if role not in Role.values or not may_invite(by, institution, role):
        raise InvitationError(_("You cannot invite someone into this role at this institution."))
    existing = User.objects.filter(email__iexact=email).first()
    group = role_group(institution, role)
    if existing is not None and existing.groups.filter(pk=group.pk).exists():
        raise InvitationError(_("%(email)s already has this role here.") % {"email": email})
    earlier = StaffInvitation.objects.open().filter(institution=institution, email=email)
    for old in earlier.select_for_update():
        _close(old, by, "revoked", reason="invited again")
    now = timezone.now()
    invitation = StaffInvitation.objects.create(
        institution=institution,
        role=role,
        email=email,
        invited_by=by,
        created_at=now,
        expires_at=now + lifetime(),
    )
    record(invitation, "accounts.staff_invitation.send", user=by, to_state="open", role=role)
    _send_mail(invitation, existing)
    return invitation


def _send_mail(invitation: StaffInvitation, existing) -> None:
    inviter = invitation.invited_by
    send_email_on_commit(
        [invitation.email],
        "accounts/email/staff_invitation",
        {
            "inviter": inviter.get_full_name() or inviter.email,
            "institution": invitation.institution.title,
            "role": str(invitation.get_role_display()).lower(),
            "url": accept_url(invitation),
            "expires": timezone.localtime(invitation.expires_at).strftime("%d-%m-%Y %H:%M"),
            "has_account": existing is not None and existing.has_usable_password(),
        },
        existing.language if existing is not None else settings.LANGUAGE_CODE,
    )


@transaction.atomic
def revoke(invitation: StaffInvitation, *, by) -> StaffInvitation:
    """Withdraw an open invitation; its link stops working.

    Raises:
        InvitationError: ``by`` could not have sent it, or it is no longer open.
    """
    invitation = StaffInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not may_invite(by, invitation.institution, invitation.role):
        raise InvitationError(_("You cannot withdraw this invitation."))
    check_open(invitation)
    return _close(invitation, by, "revoked")


def _close(invitation, by, state: str, reason: str = "") -> StaffInvitation:
    now = timezone.now()
    if state == "revoked":
        invitation.revoked_at = now
    else:
        invitation.accepted_at, invitation.accepted_by = now, by
    invitation.save(update_fields=["revoked_at", "accepted_at", "accepted_by"])
    action = "revoke" if state == "revoked" else "accept"
    record(
        invitation,
        f"accounts.staff_invitation.{action}",
        user=by,
        from_state="open",
        to_state=state,
        reason=reason,
    )
    return invitation


def check_open(invitation: StaffInvitation, now=None) -> StaffInvitation:
    """``invitation`` itself when it can still be accepted.

    Raises:
        InvitationClosed: it was accepted or revoked, or it expired.
    """
    now = now or timezone.now()
    if invitation.accepted_at is not None:
        raise InvitationClosed(_("This invitation has been used already."), "accepted", invitation)
    if invitation.revoked_at is not None:
        raise InvitationClosed(_("This invitation was withdrawn."), "revoked", invitation)
    if invitation.expires_at <= now:
        raise InvitationClosed(_("This invitation has expired."), "expired", invitation)
    return invitation


def from_token(token: str) -> StaffInvitation:
    """The open invitation named by the link ``token``.

    Raises:
        InvitationUnknown: forged or unknown token.
        InvitationClosed: accepted, revoked or expired.
    """
    # The signature proves the link is ours; expiry is the invitation's own ``expires_at``
    # (checked by check_open), so an expired link still names who to ask for a new one.
    pk = signed_links.read_id(token, salt=TOKEN_SALT, max_age=None)
    found = StaffInvitation.objects.select_related("institution", "invited_by").filter(pk=pk)
    invitation = found.first() if pk is not None else None
    if invitation is None:
        raise InvitationUnknown(_("This invitation link is not valid."))
    return check_open(invitation)


def account_for(invitation: StaffInvitation) -> User | None:
    """The existing account with the invited address, or ``None``."""
    return User.objects.filter(email__iexact=invitation.email).first()


@transaction.atomic
def accept(invitation: StaffInvitation, *, user: User) -> User:
    """``user`` (whose address must equal the invited one) takes the role: they join the
    institution's role group, their address counts as verified (the link reached it) and the
    invitation is used up.

    Raises:
        InvitationError: another address, an inactive account, or the invitation is closed.
    """
    invitation = StaffInvitation.objects.select_for_update().get(pk=invitation.pk)
    check_open(invitation)
    if normalise_email(user.email) != invitation.email:
        raise InvitationError(
            _("This invitation is for %(email)s. Log in with that address to accept it.")
            % {"email": invitation.email}
        )
    if not user.is_active:
        raise InvitationError(_("This account is closed. Ask the programme team for help."))
    user.groups.add(role_group(invitation.institution, invitation.role))
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    _close(invitation, user, "accepted")
    return user


@transaction.atomic
def accept_with_new_password(
    invitation: StaffInvitation, *, first_name: str, last_name: str, password: str
) -> User:
    """Accept for a person without a password yet: the account with the invited address is
    made (or, when it exists without a usable password, completed) with this name and
    password, then :func:`accept` runs. The caller validated the password.

    Raises:
        InvitationError: the address has an account with a password (log in instead), or as
            :func:`accept`.
    """
    user = account_for(invitation)
    if user is not None and user.has_usable_password():
        raise InvitationError(_("You have an account already: log in to accept."))
    if user is None:
        user = User.objects.create_user(email=invitation.email, password=None)
        record(user, "accounts.register", user=None, to_state="verified", reason="invitation")
    user.first_name, user.last_name = first_name, last_name
    user.set_password(password)
    user.save()
    return accept(invitation, user=user)
