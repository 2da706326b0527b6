"""Issue 24 item 1: the checkout asks "Who pays?" in a fieldset with a legend; the
organisation's fields sit in their own group, shown to every visitor without JavaScript (the
script hides them unless the organisation pays), and are only required when it pays (the
checkout service decides, not the browser)."""

import re

import pytest
from django.urls import reverse

from lms.enrolment.models import Enrolment

pytestmark = pytest.mark.django_db


def group(body: str, marker: str) -> str:
    start = body.index(marker)
    return body[start : body.index("</fieldset>", body.index("<legend", start))]


def test_payer_question_is_a_fieldset_with_a_legend(client, user, run, seller):
    client.force_login(user)
    body = client.get(reverse("billing:checkout", args=[run.pk])).content.decode()
    payer = group(body, '<fieldset class="checkout-group checkout-payer">')
    assert "<legend>Wie betaalt?</legend>" in payer
    assert 'name="payer" value="participant"' in payer and 'value="organisation"' in payer
    organisation = body[body.index('data-show-when="payer=organisation"') :]
    organisation = organisation[: organisation.index("</fieldset>")]
    assert "<legend>Als je organisatie betaalt</legend>" in organisation
    for name in ("organisation", "po_number", "cost_centre"):
        assert f'name="{name}"' in organisation
    assert "hidden" not in re.search(r"<fieldset[^>]*payer=organisation[^>]*>", body).group(0)
    assert 'data-show-when="payer=participant"' in body
    assert 'data-show-when="buyer_kind=business"' in body
    assert not re.search(r'name="(organisation|po_number|cost_centre)"[^>]*required', body)
    assert "Kortingscode:" not in body  # labels without a colon, like the legends


def test_organisation_fields_are_not_required_when_the_participant_pays(client, user, run, seller):
    client.force_login(user)
    client.post(
        reverse("billing:checkout", args=[run.pk]),
        {"payer": "participant", "accept_terms": "on", "organisation": "", "po_number": ""},
    )
    assert Enrolment.objects.get(user=user).payer == "participant"


def test_the_server_asks_for_the_organisation_when_it_pays(client, user, run, seller):
    client.force_login(user)
    response = client.post(
        reverse("billing:checkout", args=[run.pk]),
        {"payer": "organisation", "accept_terms": "on"},
        follow=True,
    )
    assert "Kies de organisatie die betaalt." in response.content.decode()
    assert not Enrolment.objects.exists()
