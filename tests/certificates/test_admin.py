"""The certificates admin: every listing loads for the programme team, and the configuration
snippets can be added there while certificates and assessment results cannot."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from lms.certificates.models import Accreditation, CompletionRule, ProfessionalRegister

LISTINGS = [
    "certificate",
    "assessmentresult",
    "completionrule",
    "professionalregister",
    "accreditation",
    "certificatetemplate",
]


@pytest.mark.parametrize("model", LISTINGS)
def test_listing_loads(client, programme_team_user, module, model):
    register = ProfessionalRegister.objects.create(name="PE-online", code="PEO")
    Accreditation.objects.create(
        module=module, register=register, points=Decimal("4"), valid_from=dt.date(2026, 1, 1)
    )
    CompletionRule.objects.create(module=module, min_attendance_percent=80)
    client.force_login(programme_team_user)
    response = client.get(reverse(f"wagtailsnippets_certificates_{model}:list"))
    assert response.status_code == 200


@pytest.mark.parametrize("model", ["certificate", "assessmentresult"])
def test_service_only_models_cannot_be_added(client, programme_team_user, model):
    client.force_login(programme_team_user)
    response = client.get(reverse(f"wagtailsnippets_certificates_{model}:add"))
    assert response.status_code in (302, 403)


def test_participant_cannot_open_the_admin_listing(client, user):
    client.force_login(user)
    response = client.get(reverse("wagtailsnippets_certificates_certificate:list"))
    assert response.status_code in (302, 403)
