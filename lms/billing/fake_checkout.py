"""The fake provider's test checkout page, like Mollie's test mode.

Mounted by ``lms/urls.py`` only while ``BILLING_PAYMENT_PROVIDER`` is ``"fake"`` (never with
the Mollie provider, so never in production), and the view refuses to answer otherwise. The
payer chooses paid, failed, canceled or expired; the page then delivers the webhook to the URL
the payment was created with and sends the payer to its redirect URL, so the fake payment
travels the same redirect-and-webhook path as a real one.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404, HttpRequest, QueryDict
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import pgettext_lazy

from .providers import FakeProvider

OPEN_LABEL = pgettext_lazy("payment state", "Open")
STATE_LABELS = {
    "paid": pgettext_lazy("payment state", "Paid"),
    "failed": pgettext_lazy("payment state", "Failed"),
    "canceled": pgettext_lazy("payment state", "Cancelled by the payer"),
    "expired": pgettext_lazy("payment state", "Expired"),
}


def deliver_webhook(webhook_url: str, payment_id: str) -> None:
    """POST ``id=<payment_id>`` to the webhook view behind ``webhook_url`` (this site only),
    as the provider would. Unknown URLs are ignored: the return redirect syncs anyway."""
    try:
        match = resolve(urlsplit(webhook_url).path)
    except Resolver404:
        return
    hook = HttpRequest()
    hook.method = "POST"
    hook.POST = QueryDict(f"id={payment_id}")
    hook.META["REMOTE_ADDR"] = "127.0.0.1"
    match.func(hook, *match.args, **match.kwargs)


def fake_checkout(request, payment_id: str):
    """GET: the test checkout page for one fake payment. POST ``state``: set that state,
    deliver the webhook, redirect to the payment's redirect URL. 404 for unknown payments or
    when the fake provider is not the configured one."""
    if settings.BILLING_PAYMENT_PROVIDER != "fake":
        raise Http404
    provider = FakeProvider()
    payment = provider.payments.get(payment_id)
    target = provider.checkouts.get(payment_id)
    if payment is None or target is None:
        raise Http404
    if request.method == "POST" and payment.status == "open":
        state = request.POST.get("state", "")
        if state in FakeProvider.FINAL_STATES:
            provider.set(payment_id, status=state)
            deliver_webhook(target.webhook_url, payment_id)
            back = target.redirect_url
            if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
                back = urlsplit(back).path or "/"
            return redirect(back)
    response = render(
        request,
        "billing/fake_checkout.html",
        {
            "payment": payment,
            "description": target.description,
            "states": [(key, STATE_LABELS[key]) for key in FakeProvider.FINAL_STATES],
            "status_label": STATE_LABELS.get(payment.status, OPEN_LABEL),
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response
