"""Account and membership transitions, each one transaction with an action-log entry."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from .audit import record
from .exceptions import AccountError, EmailTaken
from .models import Organisation, OrganisationMembership, User
from .tasks import send_email_on_commit
from .tokens import email_verification_token


def verification_url(user: User) -> str:
    """The absolute URL that verifies ``user``'s current e-mail address."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = email_verification_token.make_token(user)
    path = reverse("accounts:verify", args=[uid, token])
    return settings.SITE_URL.rstrip("/") + path


def register(
    *,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    language: str,
    certificate_name: str = "",
):
    """Create an unverified account and send the verification e-mail after commit.

    Raises:
        AccountError: an account with this address (in any letter case) already exists.
    """
    with transaction.atomic():
        if User.objects.filter(email__iexact=email.strip()).exists():
            raise EmailTaken(_("An account with this e-mail address already exists."))
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    email=email,
                    password=password,
                    first_name=first_name,
                    last_name=last_name,
                    language=language,
                    certificate_name=certificate_name,
                )
        except IntegrityError as exc:  # a parallel sign-up with the same address won
            raise EmailTaken(_("An account with this e-mail address already exists.")) from exc
        record(user, "accounts.register", user=None, to_state="unverified")
        send_verification_email(user)
    return user


def notify_signup_for_existing_account(email: str) -> None:
    """Mail the owner of ``email`` (after commit) that someone tried to sign up with it, with
    the ways in. The sign-up page itself answers as for a new address, so it never tells a
    visitor whether an address has an account. Nothing is sent for an unknown address."""
    user = User.objects.filter(email__iexact=(email or "").strip(), is_active=True).first()
    if user is None:
        return
    send_email_on_commit(
        [user.email],
        "accounts/email/signup_existing",
        {
            "name": user.get_short_name() or user.email,
            "login_url": settings.SITE_URL.rstrip("/") + reverse("accounts:login"),
            "reset_url": settings.SITE_URL.rstrip("/") + reverse("accounts:password_reset"),
        },
        user.language,
    )


def send_verification_email(user: User) -> None:
    """Send (after commit) the e-mail with the link that verifies ``user``'s address."""
    send_email_on_commit(
        [user.email],
        "accounts/email/verify",
        {"name": user.get_short_name() or user.email, "url": verification_url(user)},
        user.language,
    )


def verify_email(user: User) -> User:
    """Mark ``user``'s e-mail address as verified (idempotent)."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.email_verified_at is None:
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email_verified_at"])
            record(
                user,
                "accounts.verify_email",
                user=user,
                from_state="unverified",
                to_state="verified",
            )
    return user


def request_contact_role(user: User, organisation: Organisation, job_title: str = ""):
    """Ask to become a contact of ``organisation``; the programme team approves.

    Raises:
        AccountError: the address is not verified, or a request or role already exists.
    """
    if not user.is_verified:
        raise AccountError(_("Please verify your e-mail address first."))
    with transaction.atomic():
        existing = OrganisationMembership.objects.filter(
            user=user, organisation=organisation, role=OrganisationMembership.Role.CONTACT
        ).first()
        if existing and existing.status != OrganisationMembership.Status.REJECTED:
            raise AccountError(_("You have already asked to be a contact of this organisation."))
        if existing:
            existing.delete()
        membership = OrganisationMembership.objects.create(
            user=user,
            organisation=organisation,
            role=OrganisationMembership.Role.CONTACT,
            job_title=job_title,
        )
        record(membership, "accounts.membership.request", user=user, to_state=membership.status)
    return membership


def decide_membership(membership: OrganisationMembership, *, approve: bool, by: User, reason=""):
    """Approve or reject a requested membership.

    Raises:
        AccountError: ``by`` is not on the programme team, or the request was already decided.
    """
    if not by.is_programme_team:
        raise AccountError(_("Only the programme team can decide on contact requests."))
    with transaction.atomic():
        membership = OrganisationMembership.objects.select_for_update().get(pk=membership.pk)
        if membership.status != OrganisationMembership.Status.REQUESTED:
            raise AccountError(_("This request has already been decided."))
        previous = membership.status
        membership.status = (
            OrganisationMembership.Status.APPROVED
            if approve
            else OrganisationMembership.Status.REJECTED
        )
        membership.verified_by = by
        membership.verified_at = timezone.now()
        membership.save(update_fields=["status", "verified_by", "verified_at"])
        record(
            membership,
            "accounts.membership.decide",
            user=by,
            from_state=previous,
            to_state=membership.status,
            reason=reason,
        )
    return membership


PROFILE_FIELDS = ("first_name", "last_name", "certificate_name", "language")


def update_profile(user: User, **fields) -> User:
    """Keep what a person says about themselves (the profile page's fields: first and last
    name, name on certificates, interface language), validated by the form. Logs
    ``accounts.profile`` with the names of the fields that changed, not their values (a name
    is personal data; the log outlives an erasure). Updates ``user`` in place.

    Raises:
        AccountError: a field outside :data:`PROFILE_FIELDS`, or an unknown language.
    """
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise AccountError(_("These fields are not part of the profile: %s") % sorted(unknown))
    if "language" in fields and fields["language"] not in dict(settings.LANGUAGES):
        raise AccountError(_("Unknown language."))
    changed = [name for name, value in fields.items() if getattr(user, name) != value]
    if not changed:
        return user
    with transaction.atomic():
        for name in changed:
            setattr(user, name, fields[name])
        user.save(update_fields=changed)
        record(user, "accounts.profile", user=user, fields=changed)
    return user


def set_language(user: User, language: str) -> None:
    """Keep ``user``'s interface language ("nl" or "en") on their account."""
    if language not in dict(settings.LANGUAGES):
        raise AccountError(_("Unknown language."))
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def anonymise_user(user: User, *, by: User, reason: str = "") -> User:
    """Erase a person's identifying data on request (AVG art. 17), keeping what the law makes
    us keep.

    The account gets a placeholder address, loses its names, password and memberships, is
    deactivated, and its newsletter subscription is removed. Invoices and credit notes keep the
    buyer data copied onto them when they were issued (fiscal retention, art. 52 AWR: seven
    years); enrolments keep their prices; certificates keep the name printed on them, so an
    employer can still verify them.

    Raises:
        AccountError: ``by`` is not on the programme team, or the account was anonymised before.
    """
    from .models import Subscriber

    if not by.is_programme_team:
        raise AccountError(_("Only the programme team can anonymise a person."))
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        placeholder = f"geanonimiseerd-{user.pk}@anoniem.invalid"
        if user.email == placeholder:
            raise AccountError(_("This person has already been anonymised."))
        Subscriber.objects.filter(email__iexact=user.email).delete()
        user.memberships.all().delete()
        user.email = placeholder
        user.first_name = user.last_name = user.certificate_name = ""
        user.is_active = False
        user.email_verified_at = None
        user.set_unusable_password()
        user.save()
        record(user, "accounts.anonymise", user=by, to_state="anonymised", reason=reason)
    return user


def change_password(user: User, new_password: str) -> User:
    """Set ``user``'s new password (already validated by the form), log it and tell the owner
    by e-mail, so a change they did not make does not go unnoticed. Other sessions of the
    account end; the caller keeps the current one (``update_session_auth_hash``)."""
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        record(user, "accounts.password_change", user=user)
        send_email_on_commit(
            [user.email],
            "accounts/email/password_changed",
            {"name": user.get_short_name() or user.email},
            user.language,
        )
    return user


def complete_account(user: User, *, first_name: str, last_name: str, password: str) -> User:
    """Give an account made for an invitation (no usable password yet) its name and password
    (validated by the form); logs ``accounts.complete_account``. Updates ``user`` in place.

    Raises:
        AccountError: the account has a usable password already (it logs in instead).
    """
    with transaction.atomic():
        stored = User.objects.select_for_update().get(pk=user.pk)
        if stored.has_usable_password():
            raise AccountError(_("You have an account already: log in instead."))
        user.first_name, user.last_name = first_name, last_name
        user.set_password(password)
        user.save(update_fields=["first_name", "last_name", "password"])
        record(user, "accounts.complete_account", user=user, to_state="complete")
    return user


def create_invited_account(
    email: str, *, language: str, by: User | None, first_name: str = "", last_name: str = ""
) -> User:
    """An account without a password for someone ``by`` invited (an organisation's batch;
    ``None``: the system, e.g. the content loader's example participants, with their names);
    claiming the place sets name and password (:func:`complete_account`). Logs
    ``accounts.register``."""
    user = User.objects.create_user(
        email=email, password=None, language=language, first_name=first_name, last_name=last_name
    )
    record(user, "accounts.register", user=by, to_state="invited")
    return user
