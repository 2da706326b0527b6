"""A small world for the fuzz test: an institution with a module page and a published run, a
participant enrolled in it, and the programme team (tests/conftest.py's fixtures)."""

import pytest


@pytest.fixture
def fuzz_world(run, user, make_user, programme_team_user, catalogue, kennisbank):
    """The objects whose ids fill the URL patterns' keyword arguments: ``run``, ``enrolment``
    (``user`` on ``run``), ``participant``, ``team`` and ``contact`` (the approved contact of
    ``organisation``, whose portal page is fuzzed); and the CMS pages whose filters are
    fuzzed (``pages``: the catalogue, the Kennisbank and the run's module page). A dict."""
    from lms.accounts.models import Organisation, OrganisationMembership
    from lms.enrolment.models import Enrolment

    organisation = Organisation.objects.create(name="Gemeente Fuzz", kind="municipality")
    contact = make_user(email="contact@fuzz.example")
    OrganisationMembership.objects.create(
        user=contact,
        organisation=organisation,
        role=OrganisationMembership.Role.CONTACT,
        status=OrganisationMembership.Status.APPROVED,
    )
    enrolment = Enrolment.objects.create(run=run, user=user, state="confirmed", price=run.price)
    pages = {
        "catalogue": catalogue.url,
        "kennisbank": kennisbank.url,
        "module": run.module.url,
    }
    return {
        "run": run,
        "enrolment": enrolment,
        "participant": user,
        "team": programme_team_user,
        "contact": contact,
        "organisation": organisation,
        "pages": pages,
    }


def url_kwargs(world) -> dict:
    """A value per URL keyword argument name the site's patterns use."""
    run, enrolment = world["run"], world["enrolment"]
    return {
        "run_id": run.pk,
        "enrolment_id": enrolment.pk,
        "pk": enrolment.pk,
        "organisation_id": world["organisation"].pk,
        "kind": "factuur",
        "code": run.invite_code or "onbekend",
        "token": "onbekend-token",
        "signed": "onbekend:handtekening",
        "uidb64": "MQ",
        "payment_id": "tr_onbekend",
    }
