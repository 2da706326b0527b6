"""Who may download a certificate: the holder, the verified contacts of the organisation that
enrolled or paid, the institution's managers and the programme team; nobody else."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group

from courses.institutions import ensure_institution_groups, group_names
from lms.accounts.institutions import managed_page_paths
from lms.accounts.models import Organisation, OrganisationMembership
from lms.certificates.models import Certificate
from lms.enrolment import services
from lms.enrolment.models import Enrolment


@pytest.fixture
def municipality(db):
    return Organisation.objects.create(name="Gemeente Utrecht")


@pytest.fixture
def paid_certificate(user, run, municipality, programme_team_user, time_machine, attend):
    OrganisationMembership.objects.create(
        user=user, organisation=municipality, status="approved", role="member"
    )
    enrolment = services.enrol(user, run, payer=Enrolment.Payer.ORGANISATION)
    time_machine.move_to(run.sessions.last().ends_at + dt.timedelta(hours=1))
    attend(enrolment, *run.sessions.all())
    services.complete_enrolment(enrolment, user=programme_team_user)
    return Certificate.objects.get(enrolment=enrolment)


def contact(make_user, organisation, status="approved"):
    person = make_user()
    OrganisationMembership.objects.create(
        user=person, organisation=organisation, role="contact", status=status
    )
    return person


def get(client, person, certificate):
    client.force_login(person)
    return client.get(certificate.get_download_url())


def test_organisation_is_copied_at_issue(paid_certificate, municipality):
    assert paid_certificate.organisation == municipality


def test_holder_downloads(client, user, paid_certificate):
    response = get(client, user, paid_certificate)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_verified_contact_of_the_paying_organisation_downloads(
    client, make_user, paid_certificate, municipality
):
    assert get(client, contact(make_user, municipality), paid_certificate).status_code == 200


def test_unverified_contact_is_refused(client, make_user, paid_certificate, municipality):
    person = contact(make_user, municipality, status="requested")
    assert get(client, person, paid_certificate).status_code == 404


def test_contact_of_another_organisation_is_refused(client, make_user, paid_certificate, db):
    other = Organisation.objects.create(name="Gemeente Zwolle")
    assert get(client, contact(make_user, other), paid_certificate).status_code == 404


def test_another_participant_is_refused(client, other_user, paid_certificate):
    assert get(client, other_user, paid_certificate).status_code == 404


def test_anonymous_is_sent_to_login(client, paid_certificate):
    assert client.get(paid_certificate.get_download_url()).status_code == 302


def manager_of(make_user, institution):
    ensure_institution_groups(institution)
    person = make_user()
    person.groups.add(Group.objects.get(name=group_names(institution)[1]))
    return person


def test_manager_of_the_institution_downloads(client, make_user, institution, paid_certificate):
    manager = manager_of(make_user, institution)
    assert managed_page_paths(manager) == (institution.path,)
    assert get(client, manager, paid_certificate).status_code == 200


def test_editor_of_the_institution_is_refused(client, make_user, institution, paid_certificate):
    ensure_institution_groups(institution)
    editor = make_user()
    editor.groups.add(Group.objects.get(name=group_names(institution)[0]))
    assert get(client, editor, paid_certificate).status_code == 404


def test_manager_of_another_institution_is_refused(
    client, make_user, make_institution, paid_certificate
):
    other = make_institution(title="Platform31", code="P31")
    assert get(client, manager_of(make_user, other), paid_certificate).status_code == 404


def test_participant_pays_so_no_organisation_sees_it(client, make_user, completed_by_self):
    assert completed_by_self.organisation is None


@pytest.fixture
def completed_by_self(user, run, programme_team_user, time_machine, attend):
    enrolment = services.enrol(user, run)
    time_machine.move_to(run.sessions.last().ends_at + dt.timedelta(hours=1))
    attend(enrolment, *run.sessions.all())
    services.complete_enrolment(enrolment, user=programme_team_user)
    return Certificate.objects.get(enrolment=enrolment)
