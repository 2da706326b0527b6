"""The second factor for every account that can open the Wagtail admin (django-otp).

A staff member proves a second factor once per session: a TOTP code from an authenticator
app (RFC 6238, 30-second steps, 6 digits) or one of ten single-use recovery codes. The
admin enforces it (:class:`lms.accounts.middleware.AdminSecondFactorMiddleware`); the
programme team resets the devices of a colleague who lost theirs.
"""

import base64

import segno
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user, user_has_device
from django_otp import verify_token as otp_verify_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import audit
from .exceptions import AccountError

RECOVERY_CODES = 10


def can_open_admin(user) -> bool:
    """True when ``user`` may open the Wagtail admin (and so needs a second factor)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or user.has_perm("wagtailadmin.access_admin")


def has_second_factor(user) -> bool:
    """True when ``user`` has a confirmed authenticator app."""
    return user_has_device(user, confirmed=True)


def pending_device(user) -> TOTPDevice:
    """The unconfirmed authenticator device of ``user`` being set up (made on first call)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=False)
    return device


def setup_details(device: TOTPDevice) -> dict:
    """What a person needs to add ``device`` to an app: ``secret`` (base32, grouped by four)
    and ``qr_svg`` (an inline SVG of the otpauth:// URL)."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    qr = segno.make(device.config_url, error="m")
    svg = qr.svg_inline(scale=4, title="QR code", dark="#000", light="#fff")
    return {"secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)), "qr_svg": svg}


@transaction.atomic
def confirm_setup(request, device: TOTPDevice, token: str) -> list[str]:
    """Confirm ``device`` with the first ``token`` from the app, replace the recovery codes
    and mark the session as verified.

    Returns: the new recovery codes (shown once; only their use is checked later).
    Raises: AccountError when the code is wrong.
    """
    if device.user_id != request.user.pk or not device.verify_token(_clean(token)):
        raise AccountError(_("That code is not right. Check the time on your phone and try again."))
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
    codes = _new_recovery_codes(request.user)
    _mark_verified(request, device)
    audit.record(request.user, "accounts.second_factor.setup", user=request.user)
    return codes


def verify(request, token: str) -> bool:
    """Check ``token`` (an app code or a recovery code) against the confirmed devices of the
    logged-in person; on success mark the session as verified. Wrong codes are throttled
    per device by django-otp (growing delays).

    Returns: True when a device accepted the code.
    """
    token = _clean(token)
    if not token:
        return False
    for device in devices_for_user(request.user, confirmed=True):
        if otp_verify_token(request.user, device.persistent_id, token):
            _mark_verified(request, device)
            return True
    return False


def is_verified(request) -> bool:
    """True when this session passed the second factor with a confirmed device of its user.

    (django-otp's own middleware is not used: it sets ``user.is_verified``, which on our
    user model already means "e-mail address verified".)
    """
    cached = getattr(request, "_second_factor_verified", None)
    if cached is None:
        persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
        device = Device.from_persistent_id(persistent_id) if persistent_id else None
        cached = bool(device is not None and device.confirmed and device.user_id == request.user.pk)
        request._second_factor_verified = cached
    return cached


@transaction.atomic
def reset(person, *, by) -> None:
    """Remove every second-factor device of ``person`` (lost phone); they set up a new one
    at their next admin visit.

    Raises: AccountError unless ``by`` is in the programme team.
    """
    if not by.is_programme_team:
        raise AccountError(_("Only the programme team can reset a second factor."))
    for device in devices_for_user(person, confirmed=None):
        device.delete()
    audit.record(person, "accounts.second_factor.reset", user=by)


def _mark_verified(request, device) -> None:
    request.session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    request._second_factor_verified = True


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _clean(token) -> str:
    return "".join(str(token or "").split())[:16]


__all__ = [
    "DEVICE_ID_SESSION_KEY",
    "can_open_admin",
    "confirm_setup",
    "has_second_factor",
    "is_verified",
    "pending_device",
    "reset",
    "setup_details",
    "verify",
]
