"""Staff corrections (issue 13 item 7): a credit note for any line or amount with a reason, a
corrected invoice that refers to the credited one, the invoice's admin page and its scope."""

from decimal import Decimal

import pytest
from django.urls import reverse
from lxml import etree

from courses.institutions import ensure_institution_groups
from lms.billing import corrections, services, ubl
from lms.billing.exceptions import BillingError
from lms.billing.models import CreditNote, Invoice

UBL = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}


def manager_of(institution, make_user, email):
    _, managers = ensure_institution_groups(institution)
    manager = make_user(email=email)
    manager.groups.add(managers)
    return manager


@pytest.fixture
def org_invoice(civil_servant, run, seller, organisation):
    enrolment = services.checkout(
        civil_servant, run, accept_terms=True, payer="organisation", organisation=organisation
    )
    return enrolment.invoice_lines.get().invoice


def test_credit_any_line_or_amount_with_a_reason(org_invoice, programme_team_user):
    line = org_invoice.lines.get()
    with pytest.raises(BillingError, match="reason"):
        corrections.credit(org_invoice, user=programme_team_user, reason=" ", lines={line: 10})
    note = corrections.credit(
        org_invoice, user=programme_team_user, reason="Lunch not served", lines={line: 45}
    )
    assert note.net_total == Decimal("45.00") and note.reason == "Lunch not served"
    note = corrections.credit(
        org_invoice, user=programme_team_user, reason="Goodwill", amount=Decimal("50.00")
    )
    assert note.total == Decimal("50.00")
    with pytest.raises(BillingError, match="exceed"):
        corrections.credit(
            org_invoice, user=programme_team_user, reason="Too much", lines={line: 401}
        )


def test_corrected_invoice_refers_to_the_credited_one_in_one_call(org_invoice, programme_team_user):
    line = org_invoice.lines.get()
    note, new = corrections.correct_invoice(
        org_invoice,
        user=programme_team_user,
        reason="Wrong department",
        buyer={"name": "Gemeente Utrecht, afdeling Ruimte"},
        prices={line.pk: Decimal("445.50")},
        po_number="PO-77",
    )
    assert note.invoice == org_invoice and note.total == org_invoice.total
    assert new.corrects == org_invoice and new.net_total == Decimal("445.50")
    assert new.buyer_data["name"] == "Gemeente Utrecht, afdeling Ruimte"
    assert new.buyer_data["city"] == "Utrecht" and new.po_number == "PO-77"
    assert new.lines.get().enrolment == line.enrolment
    root = etree.fromstring(ubl.build(new))
    ref = root.find("cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID", UBL)
    assert ref.text == org_invoice.number
    with pytest.raises(BillingError, match="nothing left"):
        corrections.correct_invoice(org_invoice, user=programme_team_user, reason="Again")


def test_a_failed_correction_changes_nothing(org_invoice, programme_team_user):
    line = org_invoice.lines.get()
    with pytest.raises(BillingError):
        corrections.correct_invoice(
            org_invoice,
            user=programme_team_user,
            reason="Zero",
            prices={line.pk: Decimal("0")},
        )
    assert CreditNote.objects.count() == 0 and Invoice.objects.count() == 1


def test_invoice_admin_page_actions_documents_and_prefilled_bank_form(
    client, org_invoice, programme_team_user
):
    client.force_login(programme_team_user)
    page = reverse("billing_invoice", args=[org_invoice.pk])
    body = client.get(page).content.decode()
    assert reverse("billing:pdf", args=["invoice", org_invoice.pk]) in body
    assert reverse("billing:ubl", args=["invoice", org_invoice.pk]) in body
    bank = reverse("billing_bank_payment") + f"?reference={org_invoice.payment_reference}"
    assert bank in body
    form = client.get(bank).content.decode()
    assert f'value="{org_invoice.payment_reference}"' in form
    line = org_invoice.lines.get()
    response = client.post(
        page, {"action": "credit", "cr-reason": "Room change", f"cr-line_{line.pk}": "95.00"}
    )
    assert response.status_code == 302
    note = org_invoice.credit_notes.get()
    assert note.net_total == Decimal("95.00")
    body = client.get(page).content.decode()
    assert reverse("billing:pdf", args=["credit_note", note.pk]) in body
    assert reverse("billing:ubl", args=["credit_note", note.pk]) in body
    response = client.post(page, {"action": "credit", "cr-reason": ""})
    assert response.status_code == 200 and org_invoice.credit_notes.count() == 1
    response = client.post(
        page,
        {
            "action": "correct",
            "co-reason": "New address",
            "co-buyer_name": "Gemeente Utrecht",
            "co-buyer_street": "Stadsplateau 2",
            "co-buyer_city": "Utrecht",
            "co-buyer_postcode": "3521 AZ",
            f"co-price_{line.pk}": "400.00",
        },
    )
    assert response.status_code == 302
    new = Invoice.objects.get(corrects=org_invoice)
    assert new.buyer_data["street"] == "Stadsplateau 2"


def test_institution_manager_corrects_only_their_own_sellers_invoices(
    client, org_invoice, institution, make_institution, make_seller, make_user
):
    own = manager_of(institution, make_user, "beheer@tud.example")
    other_institution = make_institution(title="MCD", code="MCD")
    make_seller(other_institution, prefix="MCD")
    foreign = manager_of(other_institution, make_user, "beheer@mcd.example")
    assert corrections.may_correct(own, org_invoice)
    assert not corrections.may_correct(foreign, org_invoice)
    with pytest.raises(BillingError, match="may not"):
        corrections.credit(org_invoice, user=foreign, reason="x", amount=Decimal("1"))
    page = reverse("billing_invoice", args=[org_invoice.pk])
    client.force_login(foreign)
    assert client.get(page).status_code == 404
    client.force_login(own)
    assert client.get(page).status_code == 200
    line = org_invoice.lines.get()
    client.post(page, {"action": "credit", "cr-reason": "Own", f"cr-line_{line.pk}": "5"})
    assert org_invoice.credit_notes.count() == 1
