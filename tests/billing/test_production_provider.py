"""Issue 15: production refuses the fake payment provider (system check) unless a demo allows
it; fake ids unique across processes; the Mollie webhook checks the id's shape before any API
call and treats a non-JSON answer as a provider error."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from lms.billing.checks import payment_provider_check
from lms.billing.exceptions import BillingError
from lms.billing.providers import FakeProvider, MollieProvider

ROOT = Path(__file__).resolve().parents[2]


@override_settings(BILLING_REFUSE_FAKE_PROVIDER=True, BILLING_PAYMENT_PROVIDER="fake")
def test_production_with_the_fake_provider_is_an_error():
    assert [e.id for e in payment_provider_check()] == ["billing.E001"]


@override_settings(
    BILLING_REFUSE_FAKE_PROVIDER=True,
    BILLING_PAYMENT_PROVIDER="fake",
    BILLING_ALLOW_FAKE_PROVIDER=True,
)
def test_a_demo_may_allow_the_fake_provider():
    assert payment_provider_check() == []


@override_settings(
    BILLING_REFUSE_FAKE_PROVIDER=True, BILLING_PAYMENT_PROVIDER="mollie", MOLLIE_API_KEY=""
)
def test_mollie_without_a_key_is_an_error():
    assert [e.id for e in payment_provider_check()] == ["billing.E002"]


def test_the_production_settings_refuse_to_start_with_the_fake_provider(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("BILLING_", "MOLLIE_"))},
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "gebiedsschool.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    default = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    fake = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**env, "BILLING_PAYMENT_PROVIDER": "fake"},
        capture_output=True,
        text=True,
    )

    assert default.returncode != 0 and "billing.E002" in default.stderr  # Mollie, no key
    assert fake.returncode != 0 and "billing.E001" in fake.stderr


def test_fake_ids_are_unique_across_processes():
    """Each process used to count from 1, so two app servers handed out the same ids."""
    code = (
        "import os, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'lms.settings.test'); "
        "django.setup(); "
        "from lms.billing.providers import FakeProvider as F; "
        "print(F().create_payment(amount=1, description='', redirect_url='/', "
        "webhook_url='/', metadata={}).id)"
    )
    ids = {
        subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        for _ in range(2)
    }
    here = FakeProvider().create_payment(
        amount=1, description="", redirect_url="/", webhook_url="/", metadata={}
    )

    assert len(ids | {here.id}) == 3
    assert all(FakeProvider().is_payment_id(i) for i in ids)


class ExplodingSession:
    def request(self, *args, **kwargs):
        raise AssertionError("the API must not be called")


class HtmlSession:
    def request(self, *args, **kwargs):
        class Answer:
            status_code = 502
            content = b"<html>Bad gateway</html>"

            def json(self):
                raise ValueError("not JSON")

        return Answer()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "bad", ["", "../../v2/refunds", "tr_" + "a" * 200, "tr_abc\x00", "1 OR 1=1"]
)
def test_the_webhook_refuses_ids_of_the_wrong_shape_before_calling_mollie(client, monkeypatch, bad):
    monkeypatch.setattr(
        "lms.billing.views.get_provider", lambda: MollieProvider("key", session=ExplodingSession())
    )

    response = client.post(reverse("billing:webhook"), {"id": bad})

    assert response.status_code == 400


def test_a_non_json_answer_is_a_provider_error():
    with pytest.raises(BillingError):
        MollieProvider("key", session=HtmlSession()).get_payment("tr_WDqYK6vllg")


@pytest.mark.django_db
def test_the_return_page_for_a_payment_the_provider_does_not_know_is_no_500(
    client, user, run, seller, paid_invoice_for, settings
):
    """Issue 15 (seen: 500): e.g. the fake provider restarted and forgot the payment."""
    from lms.billing.models import OnlinePayment

    settings.BILLING_PAYMENT_PROVIDER = "fake"
    invoice = paid_invoice_for(user, run)
    client.force_login(user)
    client.post(reverse("billing:pay", args=[invoice.pk]))
    FakeProvider.payments.clear()
    assert OnlinePayment.objects.count() == 1

    response = client.get(reverse("billing:paid", args=[invoice.pk]), follow=True)

    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
