"""Changing one's e-mail address: the new address is used only after its owner opens the link
sent to it; the old address is told. Membership of an organisation by e-mail domain follows the
address (it is derived from it, see ``lms.billing.pricing.is_member``), so it is re-evaluated
by the change itself.

The link carries a signed token with the account, the old and the new address: it works once
(afterwards the account's address no longer equals the old one) and for
:data:`LINK_VALID_SECONDS`."""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import record
from .exceptions import AccountError
from .models import User, normalise_email
from .tasks import send_email_on_commit

LINK_VALID_SECONDS = 3 * 24 * 3600  # three days, like the sign-up verification link
_SALT = "accounts.email_change"


def _taken(email: str, user: User) -> bool:
    return User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists()


def request_email_change(user: User, new_email: str) -> str:
    """Mail a confirmation link to ``new_email``; nothing changes until it is opened.

    Returns the normalised new address. Raises:
        AccountError: the address is the current one or belongs to another account.
    """
    new_email = normalise_email(new_email)
    if new_email == user.email:
        raise AccountError(_("This is already your e-mail address."))
    if _taken(new_email, user):
        raise AccountError(_("An account with this e-mail address already exists."))
    token = signing.dumps({"u": user.pk, "old": user.email, "new": new_email}, salt=_SALT)
    url = settings.SITE_URL.rstrip("/") + reverse("accounts:confirm_email_change", args=[token])
    with transaction.atomic():
        record(user, "accounts.email_change.request", user=user, new_email=new_email)
        send_email_on_commit(
            [new_email],
            "accounts/email/email_change_confirm",
            {"name": user.get_short_name() or user.email, "url": url},
            user.language,
        )
    return new_email


def confirm_email_change(token: str) -> User:
    """Switch the account to the new address of a valid ``token``, mark it verified, log it
    and tell the old address.

    Raises:
        AccountError: the link is invalid, expired, already used, or the address was taken in
            the meantime.
    """
    try:
        data = signing.loads(token, salt=_SALT, max_age=LINK_VALID_SECONDS)
    except signing.BadSignature as error:  # includes SignatureExpired
        raise AccountError(_("This link is invalid or has expired.")) from error
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=data["u"]).first()
        if user is None or user.email != data["old"]:
            raise AccountError(_("This link has already been used."))
        if _taken(data["new"], user):
            raise AccountError(_("An account with this e-mail address already exists."))
        user.email = data["new"]
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email", "email_verified_at"])
        record(
            user, "accounts.email_change", user=user, from_state=data["old"], to_state=user.email
        )
        send_email_on_commit(
            [data["old"]],
            "accounts/email/email_changed_notice",
            {"name": user.get_short_name() or data["old"], "new_email": user.email},
            user.language,
        )
    return user
