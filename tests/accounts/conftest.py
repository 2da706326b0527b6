"""Fixtures for the account tests: an organisation, sign-up form data, links out of e-mails,
and the admin matrix's shared dataset (``world``)."""

import re

import pytest
from django.core import mail
from django.db import transaction

from tests.accounts.matrix_world import build_world


@pytest.fixture
def password():
    """The password of every account made by ``make_user`` (``PASSWORD`` in tests/conftest.py)."""
    return "correct-horse-battery-staple"


@pytest.fixture
def organisation(db):
    from lms.accounts.models import Organisation

    return Organisation.objects.create(name="Gemeente Utrecht", kind="municipality")


@pytest.fixture
def signup_data():
    """A factory for a valid sign-up form submission; keyword arguments override fields."""

    def make(**overrides):
        data = {
            "first_name": "Anneke",
            "last_name": "de Vries",
            "email": "anneke@example.org",
            "certificate_name": "",
            "language": "nl",
            "password1": "zonnige-gebiedsontwikkeling-42",
            "password2": "zonnige-gebiedsontwikkeling-42",
        }
        data.update(overrides)
        return data

    return make


@pytest.fixture
def link_in_mail():
    """Return a function that finds the first path matching ``pattern`` in the only e-mail."""

    def find(pattern: str) -> re.Match:
        assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]
        match = re.search(pattern, mail.outbox[0].body)
        assert match, mail.outbox[0].body
        return match

    return find


@pytest.fixture(scope="module")
def world(request, django_db_blocker):
    """One dataset for the whole matrix, inside a transaction rolled back after the module."""
    request.getfixturevalue("django_db_setup")
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        built = build_world()
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
