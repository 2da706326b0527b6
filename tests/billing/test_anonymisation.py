"""Anonymising a person erases their account data and keeps their invoices intact."""

import pytest
from django.core.management import call_command
from django.http import HttpRequest  # django-axes needs a request in authenticate()
from wagtail.models import ModelLogEntry

from lms.accounts.exceptions import AccountError
from lms.accounts.models import User
from lms.accounts.services import anonymise_user
from lms.billing import services
from lms.billing.models import Invoice


def test_invoice_survives_anonymisation(user, run, seller, programme_team_user, client):
    services.checkout(user, run, accept_terms=True)
    invoice = Invoice.objects.get()
    before = (invoice.number, invoice.buyer_data, invoice.total)
    anonymise_user(user, by=programme_team_user, reason="verzoek AVG")
    user.refresh_from_db()
    assert user.email.endswith("@anoniem.invalid") and not user.get_full_name()
    assert not user.is_active and not user.has_usable_password()
    invoice.refresh_from_db()
    assert (invoice.number, invoice.buyer_data, invoice.total) == before
    assert "Anneke de Vries" in str(invoice.buyer_data)  # the copy on the invoice stays
    assert not client.login(
        request=HttpRequest(),
        username="anneke@example.org",
        password="correct-horse-battery-staple",
    )
    assert ModelLogEntry.objects.filter(action="accounts.anonymise").count() == 1


def test_only_the_programme_team_may_anonymise_and_only_once(user, other_user, programme_team_user):
    with pytest.raises(AccountError):
        anonymise_user(user, by=other_user)
    assert User.objects.get(pk=user.pk).is_active
    anonymise_user(user, by=programme_team_user)
    with pytest.raises(AccountError):
        anonymise_user(User.objects.get(pk=user.pk), by=programme_team_user)


def test_command(user, programme_team_user):
    call_command("anonymise_user", "ANNEKE@example.org", "--by", programme_team_user.email)
    assert User.objects.get(pk=user.pk).email.endswith("@anoniem.invalid")
