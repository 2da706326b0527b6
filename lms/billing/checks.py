"""System checks for payments: a production deployment never runs on the fake provider."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security)
def payment_provider_check(app_configs=None, **kwargs):
    """Errors under settings with ``BILLING_REFUSE_FAKE_PROVIDER`` (production): the fake
    provider without ``BILLING_ALLOW_FAKE_PROVIDER`` (a demo), or Mollie without an API key."""
    if not getattr(settings, "BILLING_REFUSE_FAKE_PROVIDER", False):
        return []
    provider = settings.BILLING_PAYMENT_PROVIDER
    if provider == "fake" and not getattr(settings, "BILLING_ALLOW_FAKE_PROVIDER", False):
        return [
            checks.Error(
                "The fake payment provider is configured in production.",
                hint="Set BILLING_PAYMENT_PROVIDER=mollie and MOLLIE_API_KEY, or "
                "BILLING_ALLOW_FAKE_PROVIDER=1 for a demo that takes no real money.",
                id="billing.E001",
            )
        ]
    if provider == "mollie" and not settings.MOLLIE_API_KEY:
        return [checks.Error("MOLLIE_API_KEY is empty.", id="billing.E002")]
    if provider not in ("fake", "mollie"):
        return [checks.Error(f"Unknown BILLING_PAYMENT_PROVIDER {provider!r}.", id="billing.E003")]
    return []
