"""Example seller profiles for the demo (issue 24, Broken 6): `make run` loads them; every
invoice says VOORBEELD, none is exported as UBL, production refuses to run with one."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.core.management import call_command
from pypdf import PdfReader

from lms.billing import pdf, services, ubl
from lms.billing.exceptions import BillingError
from lms.billing.models import SellerProfile

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def example_seller(institution):
    call_command("load_example_sellers", stdout=io.StringIO())
    return SellerProfile.objects.get(institution=institution)


def test_command_creates_complete_example_profiles_once(example_seller, institution):
    assert example_seller.is_example and example_seller.missing_fields() == []
    assert "VOORBEELD" in example_seller.legal_name
    call_command("load_example_sellers", stdout=io.StringIO())
    assert SellerProfile.objects.count() == 1


def test_command_leaves_real_profiles_alone(institution, make_seller):
    real = make_seller(institution)
    call_command("load_example_sellers", stdout=io.StringIO())
    real.refresh_from_db()
    assert not real.is_example and SellerProfile.objects.count() == 1


def test_every_invoice_of_an_example_seller_says_voorbeeld(user, run, example_seller):
    invoice = services.checkout(user, run, accept_terms=True).invoice_lines.get().invoice
    assert invoice.seller_data["example"] is True
    text = PdfReader(io.BytesIO(pdf.render(invoice))).pages[0].extract_text()
    assert "VOORBEELD – geen geldige factuur" in text


def test_a_real_sellers_invoice_carries_no_mark(user, run, institution, make_seller):
    make_seller(institution)
    invoice = services.checkout(user, run, accept_terms=True).invoice_lines.get().invoice
    assert "example" not in invoice.seller_data
    assert "VOORBEELD" not in PdfReader(io.BytesIO(pdf.render(invoice))).pages[0].extract_text()


def test_no_ubl_for_an_example_seller(user, run, example_seller, organisation):
    invoice = services.checkout(user, run, accept_terms=True).invoice_lines.get().invoice
    invoice.organisation = organisation  # even an organisation's invoice is refused
    with pytest.raises(BillingError, match="example seller"):
        ubl.build(invoice)


def test_system_check_fails_production_with_an_example_seller(settings, example_seller):
    settings.BILLING_REFUSE_EXAMPLE_SELLERS = False
    assert not [e for e in run_checks(databases=["default"]) if e.id == "billing.E004"]
    settings.BILLING_REFUSE_EXAMPLE_SELLERS = True
    errors = [e for e in run_checks(databases=["default"]) if e.id == "billing.E004"]
    assert len(errors) == 1 and errors[0].is_serious()
    SellerProfile.objects.filter(is_example=True).update(is_example=False)
    assert not [e for e in run_checks(databases=["default"]) if e.id == "billing.E004"]


def test_production_settings_refuse_example_sellers(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "gebiedsschool.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SITE_URL": "https://gebiedsschool.example",
    }
    code = "import django; django.setup(); from django.conf import settings as s; "
    code += "print(s.BILLING_REFUSE_EXAMPLE_SELLERS)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.stdout.strip() == "True", out.stderr
