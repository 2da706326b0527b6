"""Becoming an organisation's contact: asked on the profile, decided by the programme team."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.models import ModelLogEntry

from lms.accounts import services
from lms.accounts.exceptions import AccountError
from lms.accounts.models import OrganisationMembership

pytestmark = pytest.mark.django_db

Status = OrganisationMembership.Status
LISTING = "wagtailsnippets_accounts_organisationmembership:list"


def message_levels(response) -> list[str]:
    return [m.level_tag for m in response.context["messages"]]


def ask_to_be_contact(client, organisation, job_title="Beleidsadviseur"):
    return client.post(
        reverse("accounts:request_contact"),
        {"contact-organisation": organisation.pk, "contact-job_title": job_title},
        follow=True,
    )


def decide_url(membership):
    return reverse("accounts_decide_membership", args=[membership.pk])


def decide_log_entries(membership):
    return ModelLogEntry.objects.filter(
        action="accounts.membership.decide", object_id=str(membership.pk)
    )


@pytest.fixture
def contact_request(user, organisation):
    """A pending contact request of ``user`` for ``organisation``."""
    return services.request_contact_role(user, organisation, "Beleidsadviseur")


@pytest.fixture
def admin_user_not_on_team(make_user):
    """Staff with access to the Wagtail admin (and view rights on memberships), not on the team."""
    staff = make_user(email="redacteur@tudelft.example", is_staff=True)
    group, _ = Group.objects.get_or_create(name="Redacteuren")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(codename="view_organisationmembership"),
    )
    staff.groups.add(group)
    return staff


# --- asking ------------------------------------------------------------------------------


def test_verified_user_asks_to_become_a_contact(client, user, organisation):
    client.force_login(user)

    response = ask_to_be_contact(client, organisation)

    assert response.redirect_chain == [(reverse("accounts:profile"), 302)]
    assert message_levels(response) == ["success"]
    membership = OrganisationMembership.objects.get(user=user)
    assert membership.organisation == organisation
    assert membership.role == OrganisationMembership.Role.CONTACT
    assert membership.status == Status.REQUESTED
    assert membership.job_title == "Beleidsadviseur"
    assert membership.verified_by is None
    assert "Gemeente Utrecht" in response.content.decode()
    assert ModelLogEntry.objects.filter(
        action="accounts.membership.request", object_id=str(membership.pk), user=user
    ).exists()


def test_asking_twice_gives_an_error_and_keeps_one_request(client, user, organisation):
    client.force_login(user)
    ask_to_be_contact(client, organisation)

    response = ask_to_be_contact(client, organisation, job_title="Wethouder")

    assert message_levels(response) == ["error"]
    membership = OrganisationMembership.objects.get(user=user)
    assert membership.job_title == "Beleidsadviseur"


def test_asking_again_after_approval_gives_an_error(
    client, user, organisation, contact_request, programme_team_user
):
    services.decide_membership(contact_request, approve=True, by=programme_team_user)
    client.force_login(user)

    response = ask_to_be_contact(client, organisation)

    assert message_levels(response) == ["error"]
    assert OrganisationMembership.objects.get(user=user).status == Status.APPROVED


def test_asking_again_after_rejection_makes_a_new_request(
    client, user, organisation, contact_request, programme_team_user
):
    services.decide_membership(contact_request, approve=False, by=programme_team_user)
    client.force_login(user)

    response = ask_to_be_contact(client, organisation)

    assert message_levels(response) == ["success"]
    membership = OrganisationMembership.objects.get(user=user)
    assert membership.status == Status.REQUESTED
    assert membership.verified_by is None


def test_unverified_user_is_refused(client, make_user, organisation):
    person = make_user(email="cas@example.org", verified=False)
    client.force_login(person)

    response = ask_to_be_contact(client, organisation)

    assert message_levels(response) == ["error"]
    assert not OrganisationMembership.objects.exists()


def test_asking_without_an_organisation_gives_an_error(client, user, organisation):
    client.force_login(user)
    response = client.post(
        reverse("accounts:request_contact"), {"contact-organisation": ""}, follow=True
    )
    assert message_levels(response) == ["error"]
    assert not OrganisationMembership.objects.exists()


def test_asking_requires_login_and_post(client, user, organisation):
    anonymous = client.post(
        reverse("accounts:request_contact"), {"contact-organisation": organisation.pk}
    )
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login"))

    client.force_login(user)
    assert client.get(reverse("accounts:request_contact")).status_code == 405
    assert not OrganisationMembership.objects.exists()


# --- deciding ------------------------------------------------------------------------------


def test_programme_team_sees_the_request_in_the_admin_listing(
    client, contact_request, programme_team_user
):
    client.force_login(programme_team_user)

    response = client.get(reverse(LISTING))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Anneke de Vries" in content
    assert "Gemeente Utrecht" in content
    assert decide_url(contact_request) in content


def test_programme_team_sees_the_decision_page(client, contact_request, programme_team_user):
    client.force_login(programme_team_user)

    response = client.get(decide_url(contact_request))

    assert response.status_code == 200
    content = response.content.decode()
    assert "anneke@example.org" in content
    assert "Beleidsadviseur" in content
    assert 'value="approve"' in content


def test_programme_team_approves_a_request(client, contact_request, programme_team_user):
    client.force_login(programme_team_user)

    response = client.post(decide_url(contact_request), {"decision": "approve"})

    assert response.status_code == 302
    assert response["Location"] == reverse(LISTING)
    contact_request.refresh_from_db()
    assert contact_request.status == Status.APPROVED
    assert contact_request.verified_by == programme_team_user
    assert contact_request.verified_at is not None
    entry = decide_log_entries(contact_request).get()
    assert entry.user_id == programme_team_user.pk
    assert entry.data["from"] == "requested"
    assert entry.data["to"] == "approved"


def test_programme_team_rejects_a_request(client, contact_request, programme_team_user):
    client.force_login(programme_team_user)

    client.post(decide_url(contact_request), {"decision": "reject"})

    contact_request.refresh_from_db()
    assert contact_request.status == Status.REJECTED
    assert contact_request.verified_by == programme_team_user
    assert decide_log_entries(contact_request).get().data["to"] == "rejected"


def test_approved_contact_sees_it_on_the_profile(
    client, user, contact_request, programme_team_user
):
    services.decide_membership(contact_request, approve=True, by=programme_team_user)
    client.force_login(user)
    content = client.get(reverse("accounts:profile")).content.decode()
    assert "Gemeente Utrecht" in content


def test_deciding_twice_gives_an_error_and_changes_nothing(
    client, contact_request, programme_team_user, make_user
):
    client.force_login(programme_team_user)
    client.post(decide_url(contact_request), {"decision": "approve"})
    contact_request.refresh_from_db()
    first_decided_at = contact_request.verified_at

    response = client.post(decide_url(contact_request), {"decision": "reject"}, follow=True)

    assert response.redirect_chain == [(decide_url(contact_request), 302)]
    assert "error" in message_levels(response)
    contact_request.refresh_from_db()
    assert contact_request.status == Status.APPROVED
    assert contact_request.verified_by == programme_team_user
    assert contact_request.verified_at == first_decided_at
    assert decide_log_entries(contact_request).count() == 1


def test_decision_must_be_approve_or_reject(client, contact_request, programme_team_user):
    client.force_login(programme_team_user)

    response = client.post(decide_url(contact_request), {"decision": "maybe"}, follow=True)

    assert "error" in message_levels(response)
    contact_request.refresh_from_db()
    assert contact_request.status == Status.REQUESTED
    assert not decide_log_entries(contact_request).exists()


def test_unknown_request_is_not_found(client, programme_team_user):
    client.force_login(programme_team_user)
    response = client.post(
        reverse("accounts_decide_membership", args=[999999]), {"decision": "approve"}
    )
    assert response.status_code == 404


def test_anonymous_visitor_cannot_decide(client, contact_request):
    response = client.post(decide_url(contact_request), {"decision": "approve"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    contact_request.refresh_from_db()
    assert contact_request.status == Status.REQUESTED


def test_normal_user_cannot_decide(client, contact_request, other_user):
    """Without admin access Wagtail sends the person to the admin login page."""
    client.force_login(other_user)

    response = client.post(decide_url(contact_request), {"decision": "approve"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    contact_request.refresh_from_db()
    assert contact_request.status == Status.REQUESTED
    assert contact_request.verified_by is None
    assert not decide_log_entries(contact_request).exists()


def test_requester_cannot_approve_their_own_request(client, user, contact_request):
    client.force_login(user)
    client.post(decide_url(contact_request), {"decision": "approve"})
    contact_request.refresh_from_db()
    assert contact_request.status == Status.REQUESTED


@pytest.mark.parametrize("method", ["get", "post"])
def test_admin_user_not_on_programme_team_is_refused(
    client, contact_request, admin_user_not_on_team, method
):
    """The view raises PermissionDenied; Wagtail's admin turns that into a redirect to the
    admin home page with an error message (a 403 only for XMLHttpRequest)."""
    client.force_login(admin_user_not_on_team)

    response = getattr(client, method)(decide_url(contact_request), {"decision": "approve"})

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["error"]
    contact_request.refresh_from_db()
    assert contact_request.status == Status.REQUESTED
    assert contact_request.verified_by is None
    assert not decide_log_entries(contact_request).exists()


def test_admin_user_not_on_programme_team_gets_403_on_xhr(
    client, contact_request, admin_user_not_on_team
):
    client.force_login(admin_user_not_on_team)

    response = client.post(
        decide_url(contact_request),
        {"decision": "approve"},
        headers={"x-requested-with": "XMLHttpRequest"},
    )

    assert response.status_code == 403
    contact_request.refresh_from_db()
    assert contact_request.status == Status.REQUESTED


def test_admin_user_not_on_programme_team_sees_no_one_elses_requests(
    client, contact_request, admin_user_not_on_team
):
    client.force_login(admin_user_not_on_team)
    response = client.get(reverse(LISTING))
    assert response.status_code == 200
    assert "Gemeente Utrecht" not in response.content.decode()


def test_service_refuses_decision_by_someone_not_on_the_team(contact_request, other_user):
    with pytest.raises(AccountError):
        services.decide_membership(contact_request, approve=True, by=other_user)
    contact_request.refresh_from_db()
    assert contact_request.status == Status.REQUESTED
