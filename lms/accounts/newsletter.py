"""Newsletter services: sign-up with double opt-in, confirmation, unsubscription, export.

Each transition is one transaction that locks the subscriber row, checks, writes and records an
action-log entry. The confirmation link is signed and expires after
``CONFIRMATION_MAX_AGE`` seconds; the unsubscribe link in every mail never expires. A sign-up
for an address that is already confirmed sends nothing and reveals nothing (the answer is the
same as for a new address), so the form cannot be used to probe who subscribes.
"""

import secrets

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import record
from .exceptions import AccountError
from .models import Subscriber, normalise_email
from .tasks import send_email_on_commit

CONFIRMATION_MAX_AGE = 7 * 24 * 3600  # seconds: a week to open the confirmation mail
_SALT = "lms.accounts.newsletter.confirm"


class NewsletterError(AccountError):
    """A newsletter link or sign-up is refused; ``str(error)`` says why."""


def confirmation_url(subscriber: Subscriber) -> str:
    """Absolute, signed, time-limited URL that confirms ``subscriber``."""
    signed = signing.dumps({"t": subscriber.token}, salt=_SALT)
    return settings.SITE_URL.rstrip("/") + reverse("accounts:newsletter_confirm", args=[signed])


def unsubscribe_url(subscriber: Subscriber) -> str:
    """Absolute URL that ends ``subscriber``'s subscription (put in every newsletter mail)."""
    path = reverse("accounts:newsletter_unsubscribe", args=[subscriber.token])
    return settings.SITE_URL.rstrip("/") + path


def subscribe(email: str, language: str) -> Subscriber:
    """Sign ``email`` up: create or renew a pending subscription and mail the confirmation link.

    An address that is already confirmed stays as it is and gets no mail. An address that
    unsubscribed earlier becomes pending again and must confirm again.

    Raises:
        NewsletterError: ``email`` is empty.
    """
    email = normalise_email(email)
    if not email:
        raise NewsletterError(_("Please enter an e-mail address."))
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
        if subscriber is None:
            try:
                with transaction.atomic():
                    subscriber = Subscriber.objects.create(
                        email=email, language=language, token=secrets.token_urlsafe(32)
                    )
            except IntegrityError:  # a parallel sign-up for the same address won
                subscriber = Subscriber.objects.select_for_update().get(email=email)
        if subscriber.state == Subscriber.State.CONFIRMED:
            return subscriber
        before = subscriber.state
        subscriber.state = Subscriber.State.PENDING
        subscriber.language = language
        subscriber.requested_at = timezone.now()
        subscriber.unsubscribed_at = None
        subscriber.save()
        record(subscriber, "accounts.newsletter.subscribe", from_state=before, to_state="pending")
        send_email_on_commit(
            [email],
            "accounts/newsletter/confirm",
            {
                "confirm_url": confirmation_url(subscriber),
                "unsubscribe_url": unsubscribe_url(subscriber),
            },
            language,
        )
    return subscriber


def confirm(signed_token: str) -> Subscriber:
    """Confirm the subscription named by a confirmation link.

    Raises:
        NewsletterError: the link is malformed, expired, already used, or the address has
            unsubscribed since; nothing changes.
    """
    try:
        token = signing.loads(signed_token, salt=_SALT, max_age=CONFIRMATION_MAX_AGE)["t"]
    except signing.SignatureExpired as exc:
        raise NewsletterError(
            _("This confirmation link has expired. Please sign up again for a new link.")
        ) from exc
    except (signing.BadSignature, KeyError, TypeError) as exc:
        raise NewsletterError(_("This confirmation link is not valid.")) from exc
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(token=token).first()
        if subscriber is None:
            raise NewsletterError(_("This confirmation link is not valid."))
        if subscriber.state == Subscriber.State.CONFIRMED:
            raise NewsletterError(_("This subscription has already been confirmed."))
        if subscriber.state == Subscriber.State.UNSUBSCRIBED:
            raise NewsletterError(
                _("This address has unsubscribed. Please sign up again for a new link.")
            )
        subscriber.state = Subscriber.State.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["state", "confirmed_at"])
        record(
            subscriber, "accounts.newsletter.confirm", from_state="pending", to_state="confirmed"
        )
    return subscriber


def unsubscribe(token: str) -> Subscriber:
    """End the subscription named by an unsubscribe link.

    Raises:
        NewsletterError: the link is unknown, or the address has already unsubscribed.
    """
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(token=token).first()
        if subscriber is None:
            raise NewsletterError(_("This unsubscribe link is not valid."))
        if subscriber.state == Subscriber.State.UNSUBSCRIBED:
            raise NewsletterError(_("This address has already been unsubscribed."))
        before = subscriber.state
        subscriber.state = Subscriber.State.UNSUBSCRIBED
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["state", "unsubscribed_at"])
        record(
            subscriber,
            "accounts.newsletter.unsubscribe",
            from_state=before,
            to_state="unsubscribed",
        )
    return subscriber


def export_rows(user) -> list[list]:
    """The confirmed subscribers ``user`` may see, header first, for the mailing tool.

    Columns: ``email``, ``language``, ``confirmed_at`` (local time), ``unsubscribe_url``:
    the mailing tool puts the last one in every mail. Written by the one CSV writer
    (:mod:`lms.accounts.spreadsheet`).
    """
    rows = [["email", "language", "confirmed_at", "unsubscribe_url"]]
    for subscriber in Subscriber.objects.for_user(user).confirmed().order_by("email"):
        rows.append(
            [
                subscriber.email,
                subscriber.language,
                subscriber.confirmed_at,
                unsubscribe_url(subscriber),
            ]
        )
    return rows
