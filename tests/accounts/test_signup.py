"""Signing up: an unverified account, one verification e-mail, a link that works exactly once."""

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlsafe_base64_encode

from lms.accounts import services
from lms.accounts.exceptions import AccountError
from lms.accounts.models import User

pytestmark = pytest.mark.django_db

VERIFY_LINK = r"http://testserver(/account/verifieer/(?P<uid>[^/\s]+)/(?P<token>[^/\s]+)/)"


def template_names(response):
    return [t.name for t in response.templates]


@pytest.fixture
def signed_up(client, signup_data, django_capture_on_commit_callbacks):
    """Sign up through the form; return the response."""
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("accounts:signup"), signup_data())


def test_signup_page_shows_the_form(client, db):
    response = client.get(reverse("accounts:signup"))
    assert response.status_code == 200
    assert 'name="password1"' in response.content.decode()


def test_signup_creates_an_unverified_user_and_sends_one_verification_mail(signed_up, link_in_mail):
    assert signed_up.status_code == 200
    assert "accounts/signup_done.html" in template_names(signed_up)
    user = User.objects.get(email="anneke@example.org")
    assert user.email_verified_at is None
    assert not user.is_verified
    assert user.first_name == "Anneke"
    assert user.check_password("zonnige-gebiedsontwikkeling-42")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["anneke@example.org"]
    link_in_mail(VERIFY_LINK)


def test_verification_link_verifies_once(client, signed_up, link_in_mail):
    path = link_in_mail(VERIFY_LINK).group(1)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    user = User.objects.get(email="anneke@example.org")
    assert user.email_verified_at is not None
    assert user.email_verified_at <= timezone.now()

    again = client.get(path)

    assert again.status_code == 400
    assert "accounts/verify_failed.html" in template_names(again)
    user.refresh_from_db()
    assert user.is_verified


def test_tampered_verification_token_is_refused(client, signed_up, link_in_mail):
    match = link_in_mail(VERIFY_LINK)
    token = match.group("token")
    tampered = token[:-1] + ("a" if token[-1] != "a" else "b")

    response = client.get(reverse("accounts:verify", args=[match.group("uid"), tampered]))

    assert response.status_code == 400
    assert "accounts/verify_failed.html" in template_names(response)
    assert not User.objects.get(email="anneke@example.org").is_verified


def test_verification_link_for_an_unknown_user_is_refused(client, db):
    response = client.get(reverse("accounts:verify", args=["OTk5OTk", "abc-123"]))
    assert response.status_code == 400
    assert "accounts/verify_failed.html" in template_names(response)


def test_verification_link_of_one_user_does_not_verify_another(
    client, signed_up, link_in_mail, make_user
):
    other = make_user(email="bram@example.org", verified=False)
    match = link_in_mail(VERIFY_LINK)
    uid_of_other = urlsafe_base64_encode(str(other.pk).encode())

    response = client.get(reverse("accounts:verify", args=[uid_of_other, match.group("token")]))

    assert response.status_code == 400
    other.refresh_from_db()
    assert not other.is_verified


def test_email_is_stored_lower_case(client, signup_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:signup"), signup_data(email="  Anneke@Example.ORG "))
    user = User.objects.get()
    assert user.email == "anneke@example.org"
    assert mail.outbox[0].to == ["anneke@example.org"]


def test_signup_with_existing_email_does_not_reveal_the_account(
    client, user, signup_data, django_capture_on_commit_callbacks
):
    """Issue 15: the page answers as for a new address; the owner gets a mail instead."""
    assert user.email == "anneke@example.org"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:signup"), signup_data(email="Anneke@Example.org"))
        fresh = client.post(reverse("accounts:signup"), signup_data(email="nieuw@example.org"))

    assert response.status_code == fresh.status_code == 200
    assert template_names(response) == template_names(fresh)
    assert User.objects.count() == 2
    owner_mail, verification = mail.outbox
    assert owner_mail.to == ["anneke@example.org"] and "/account/wachtwoord/" in owner_mail.body
    assert verification.to == ["nieuw@example.org"]


def test_database_refuses_second_user_with_other_case(user):
    """The case-insensitive unique constraint holds even when nothing normalises the address."""
    with pytest.raises(IntegrityError), transaction.atomic():
        # bulk_create skips User.save(), which would lower-case the address.
        User.objects.bulk_create([User(email="Anneke@Example.org", password="!")])
    assert User.objects.count() == 1


def test_database_refuses_changing_an_email_into_an_existing_one(user, other_user):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=other_user.pk).update(email="ANNEKE@example.org")
    other_user.refresh_from_db()
    assert other_user.email == "bram@example.org"


def test_password_mismatch_is_a_field_error(client, signup_data):
    response = client.post(
        reverse("accounts:signup"), signup_data(password2="een-heel-ander-wachtwoord-7")
    )
    assert response.status_code == 200
    assert "password2" in response.context["form"].errors
    assert not User.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize("weak", ["12345678", "password", "kort"])
def test_weak_password_is_a_field_error(client, signup_data, weak):
    response = client.post(reverse("accounts:signup"), signup_data(password1=weak, password2=weak))
    assert response.status_code == 200
    assert "password1" in response.context["form"].errors
    assert not User.objects.exists()


def test_password_like_the_email_address_is_refused(client, signup_data):
    response = client.post(
        reverse("accounts:signup"),
        signup_data(
            email="gebiedsschool@example.org", password1="gebiedsschool", password2="gebiedsschool"
        ),
    )
    assert "password1" in response.context["form"].errors
    assert not User.objects.exists()


def test_missing_fields_are_field_errors(client, signup_data):
    empty = {name: "" for name in signup_data()} | {"language": "nl"}
    response = client.post(reverse("accounts:signup"), empty)
    errors = response.context["form"].errors
    assert {"first_name", "last_name", "email", "password1", "password2"} <= set(errors)
    assert not User.objects.exists()


def test_certificate_name_given_at_signup_is_stored(
    client, signup_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:signup"),
            signup_data(certificate_name="drs. A.M. de Vries-Bakker"),
        )
    user = User.objects.get()
    assert user.certificate_name == "drs. A.M. de Vries-Bakker"
    assert user.printed_name == "drs. A.M. de Vries-Bakker"


def test_language_chosen_at_signup_is_stored(
    client, signup_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:signup"), signup_data(language="en"))
    assert User.objects.get().language == "en"
    assert len(mail.outbox) == 1


def test_logged_in_user_is_sent_to_dashboard_from_signup(client, user):
    client.force_login(user)
    response = client.get(reverse("accounts:signup"))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:dashboard")


def test_register_refuses_duplicate_email(user):
    with pytest.raises(AccountError):
        services.register(
            email="ANNEKE@example.org",
            password="zonnige-gebiedsontwikkeling-42",
            first_name="Anneke",
            last_name="Tweede",
            language="nl",
        )
    assert User.objects.count() == 1


def test_register_creates_unverified_user_and_mails_after_commit(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = services.register(
            email="Nieuw@Example.org",
            password="zonnige-gebiedsontwikkeling-42",
            first_name="Nina",
            last_name="Nieuw",
            language="nl",
        )
    assert user.email == "nieuw@example.org"
    assert not user.is_verified
    assert [m.to for m in mail.outbox] == [["nieuw@example.org"]]


def test_an_over_long_email_is_a_field_error_not_a_write(client, signup_data):
    """Issue 15 (seen: DataError on PostgreSQL): 255 characters, one more than the column."""
    address = "a" * 64 + "@" + ("b" * 63 + ".") * 2 + "c" * 59 + ".nl"
    assert len(address) == 255

    response = client.post(reverse("accounts:signup"), signup_data(email=address))

    assert response.status_code == 200 and "email" in response.context["form"].errors
    assert not User.objects.exists()
