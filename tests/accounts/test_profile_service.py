"""Issue 16: the profile page saves through ``services.update_profile`` (one writer, one log
entry that names the fields changed, never their values), and "whose contact is this person?"
has one answer (``Organisation.objects.contact_of``) for the portal, batches and bookings."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from wagtail.models import ModelLogEntry

from lms.accounts import services
from lms.accounts.exceptions import AccountError
from lms.accounts.models import Organisation, OrganisationMembership
from lms.bookings import visibility

pytestmark = pytest.mark.django_db

PROFILE = {
    "first_name": "Anneke",
    "last_name": "de Vries",
    "certificate_name": "",
    "language": "nl",
}


def profile_entries(person):
    return list(ModelLogEntry.objects.for_instance(person).filter(action="accounts.profile"))


def test_saving_the_profile_logs_which_fields_changed_not_their_values(client, user):
    client.force_login(user)

    response = client.post(
        reverse("accounts:profile"), {**PROFILE, "certificate_name": "dr. A. de Vries"}
    )

    assert response.status_code == 302
    (entry,) = profile_entries(user)
    assert entry.user_id == user.pk
    assert entry.data["fields"] == ["certificate_name"]
    assert "dr. A. de Vries" not in str(entry.data)
    user.refresh_from_db()
    assert user.certificate_name == "dr. A. de Vries"


def test_saving_an_unchanged_profile_writes_nothing(client, user):
    user.first_name, user.last_name = PROFILE["first_name"], PROFILE["last_name"]
    user.save()
    client.force_login(user)

    client.post(reverse("accounts:profile"), PROFILE)

    assert profile_entries(user) == []


@pytest.mark.parametrize(
    "fields", [{"email": "ander@example.org"}, {"is_staff": True}, {"language": "de"}]
)
def test_the_service_refuses_what_is_not_a_profile_field_and_changes_nothing(user, fields):
    with pytest.raises(AccountError):
        services.update_profile(user, first_name="Iemand", **fields)
    user.refresh_from_db()
    assert user.first_name != "Iemand"
    assert not user.is_staff
    assert profile_entries(user) == []


@pytest.mark.parametrize(
    "role, status, counts",
    [
        ("contact", "approved", True),
        ("contact", "requested", False),
        ("contact", "rejected", False),
        ("member", "approved", False),
    ],
)
def test_contact_of_is_approved_contacts_only(user, organisation, role, status, counts):
    OrganisationMembership.objects.create(
        user=user, organisation=organisation, role=role, status=status
    )
    expected = [organisation] if counts else []
    assert list(Organisation.objects.contact_of(user)) == expected
    # bookings' visibility rule asks the same question in the same place
    assert list(visibility.contact_organisations(user)) == expected


def test_contact_of_an_anonymous_visitor_is_nothing(organisation):
    assert list(Organisation.objects.contact_of(AnonymousUser())) == []


def test_contact_of_lists_an_organisation_once(user, organisation, make_user):
    OrganisationMembership.objects.create(
        user=user, organisation=organisation, role="contact", status="approved"
    )
    OrganisationMembership.objects.create(
        user=user, organisation=organisation, role="member", status="approved"
    )
    assert Organisation.objects.contact_of(user).count() == 1
