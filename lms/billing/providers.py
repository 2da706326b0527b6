"""Payment providers: one interface, a Mollie implementation and a fake one for tests.

The provider in use is chosen by ``settings.BILLING_PAYMENT_PROVIDER`` ("fake" or "mollie").
Amounts are ``Decimal`` euros; Mollie wants them as strings with two decimals
(docs.mollie.com, Payments API v2: ``amount = {"currency": "EUR", "value": "10.00"}``).
"""

import re
import uuid
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.utils.translation import gettext as _

from .exceptions import BillingError


@dataclass(frozen=True)
class ProviderPayment:
    """A payment as the provider reports it."""

    id: str
    status: str  # open, pending, authorized, paid, canceled, expired, failed
    amount: Decimal
    amount_refunded: Decimal = Decimal("0.00")
    checkout_url: str = ""


class PaymentProvider:
    """Interface: create a payment, read its state, refund part of it."""

    name = "base"
    ID_PATTERN = re.compile(r"tr_[A-Za-z0-9]{1,64}")

    def is_payment_id(self, value: str) -> bool:
        """True when ``value`` has the shape of this provider's payment ids (checked before
        any API call, so a webhook with garbage never reaches the provider)."""
        return isinstance(value, str) and self.ID_PATTERN.fullmatch(value) is not None

    def create_payment(self, *, amount, description, redirect_url, webhook_url, metadata):
        raise NotImplementedError

    def get_payment(self, payment_id: str) -> ProviderPayment:
        raise NotImplementedError

    def create_refund(self, payment_id: str, amount: Decimal) -> str:
        raise NotImplementedError


def _money(amount: Decimal) -> dict:
    return {"currency": "EUR", "value": f"{Decimal(amount):.2f}"}


class MollieProvider(PaymentProvider):
    """Mollie Payments API v2 over HTTPS with ``requests`` (iDEAL; payments and refunds)."""

    name = "mollie"
    #: Mollie payment ids: "tr_" and letters/digits (docs.mollie.com, Payments API v2).
    ID_PATTERN = re.compile(r"tr_[A-Za-z0-9]{4,64}")
    BASE_URL = "https://api.mollie.com/v2"
    TIMEOUT_SECONDS = 10  # a checkout must not hang the request for long

    def __init__(self, api_key: str | None = None, session=None):
        self.api_key = api_key or settings.MOLLIE_API_KEY
        self.session = session or requests.Session()

    def _call(self, method: str, path: str, json=None) -> dict:
        """One API call; any answer that is not a JSON object (an error page from a proxy,
        a timeout) is a provider error (BillingError), never a crash."""
        try:
            response = self.session.request(
                method,
                f"{self.BASE_URL}{path}",
                json=json,
                headers={"Authorization": f"Bearer {self.api_key}"},
                timeout=self.TIMEOUT_SECONDS,
            )
            data = response.json() if response.content else {}
        except (requests.RequestException, ValueError) as error:
            raise BillingError(_("The payment provider did not answer properly.")) from error
        if not isinstance(data, dict):
            raise BillingError(_("The payment provider did not answer properly."))
        if response.status_code >= 400:
            detail = str(data.get("detail", ""))
            raise BillingError(_("The payment provider refused: %(detail)s") % {"detail": detail})
        return data

    @staticmethod
    def _parse(data: dict) -> ProviderPayment:
        refunded = data.get("amountRefunded") or {"value": "0.00"}
        return ProviderPayment(
            id=data["id"],
            status=data["status"],
            amount=Decimal(data["amount"]["value"]),
            amount_refunded=Decimal(refunded["value"]),
            checkout_url=data.get("_links", {}).get("checkout", {}).get("href", ""),
        )

    def create_payment(self, *, amount, description, redirect_url, webhook_url, metadata):
        data = self._call(
            "POST",
            "/payments",
            json={
                "amount": _money(amount),
                "description": description,
                "redirectUrl": redirect_url,
                "webhookUrl": webhook_url,
                "method": "ideal",
                "metadata": metadata,
            },
        )
        return self._parse(data)

    def get_payment(self, payment_id: str) -> ProviderPayment:
        return self._parse(self._call("GET", f"/payments/{payment_id}"))

    def create_refund(self, payment_id: str, amount: Decimal) -> str:
        data = self._call(
            "POST", f"/payments/{payment_id}/refunds", json={"amount": _money(amount)}
        )
        return data["id"]


@dataclass(frozen=True)
class FakeCheckout:
    """What the fake provider keeps of a created payment for its test checkout page."""

    description: str
    redirect_url: str
    webhook_url: str


class FakeProvider(PaymentProvider):
    """In-memory provider for tests and development (one process: ``runserver``, the live test
    server). Like Mollie's test mode, each payment gets a checkout page
    (``billing_fake_checkout``, lms/billing/fake_checkout.py) where the payer picks paid, failed,
    canceled or expired; the page then calls the webhook and follows the redirect URL, the same
    path the real provider takes. Tests may also set the status directly with :meth:`set`."""

    name = "fake"
    payments: dict = {}

    @staticmethod
    def _new_id(prefix: str) -> str:
        """An id unique across processes and restarts (random, not a per-process counter)."""
        return f"{prefix}{uuid.uuid4().hex[:20]}"

    checkouts: dict = {}
    # Mollie's final states a test payer can choose (docs.mollie.com, "Payment status changes").
    FINAL_STATES = ("paid", "failed", "canceled", "expired")

    def create_payment(self, *, amount, description, redirect_url, webhook_url, metadata):
        from django.urls import NoReverseMatch, reverse

        payment_id = self._new_id("tr_fake")
        origin = urlsplit(redirect_url)
        try:
            page = reverse("billing_fake_checkout", args=[payment_id])
        except NoReverseMatch:  # the page is not mounted: straight back, as before
            page = origin.path or redirect_url
        payment = ProviderPayment(
            id=payment_id,
            status="open",
            amount=Decimal(amount),
            checkout_url=f"{origin.scheme}://{origin.netloc}{page}" if origin.netloc else page,
        )
        self.payments[payment.id] = payment
        self.checkouts[payment.id] = FakeCheckout(description, redirect_url, webhook_url)
        return payment

    def get_payment(self, payment_id: str) -> ProviderPayment:
        if payment_id not in self.payments:
            raise BillingError(_("Unknown payment."))
        return self.payments[payment_id]

    def set(self, payment_id: str, **changes) -> None:
        """Change what the fake provider reports (status, amount_refunded)."""
        current = self.payments[payment_id]
        self.payments[payment_id] = ProviderPayment(**{**current.__dict__, **changes})

    def create_refund(self, payment_id: str, amount: Decimal) -> str:
        current = self.get_payment(payment_id)
        self.set(payment_id, amount_refunded=current.amount_refunded + Decimal(amount))
        return self._new_id("re_fake")


def get_provider() -> PaymentProvider:
    """The configured provider."""
    if settings.BILLING_PAYMENT_PROVIDER == "mollie":
        return MollieProvider()
    return FakeProvider()
