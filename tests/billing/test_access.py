"""Who sees which invoices: participants, organisation contacts, institution managers, staff."""

from decimal import Decimal

from django.urls import reverse

from courses.institutions import ensure_institution_groups
from lms.accounts.models import OrganisationMembership
from lms.billing import services
from lms.billing.models import Invoice, ModuleBudget, SellerProfile


def _manager_of(institution, make_user):
    _, managers = ensure_institution_groups(institution)
    manager = make_user(email=f"beheer@{institution.code.lower()}.example")
    manager.groups.add(managers)
    return manager


def _two_sellers(make_user, run, make_institution, make_seller, make_module, make_run):
    other = make_institution(title="MCD", code="MCD")
    make_seller(other, prefix="MCD")
    other_run = make_run(for_module=make_module(title="Proces", parent=other))
    own = services.checkout(make_user(), run, accept_terms=True).invoice_lines.get().invoice
    foreign = services.checkout(make_user(), other_run, accept_terms=True)
    return other, own, foreign.invoice_lines.get().invoice


def test_participant_sees_only_their_own_invoice(
    client, user, other_user, run, seller, paid_invoice_for
):
    invoice = paid_invoice_for(user, run)
    assert list(Invoice.objects.for_user(user)) == [invoice]
    assert not Invoice.objects.for_user(other_user).exists()
    client.force_login(other_user)
    assert client.get(reverse("billing:pdf", args=["invoice", invoice.pk])).status_code == 404
    client.force_login(user)
    response = client.get(reverse("billing:pdf", args=["invoice", invoice.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    client.logout()
    assert client.get(reverse("billing:pdf", args=["invoice", invoice.pk])).status_code == 302


def test_portal_lists_own_invoices_and_credit_notes(
    client, user, other_user, run, seller, paid_invoice_for, django_assert_max_num_queries
):
    from lms.enrolment import services as enrolment_services

    invoice = paid_invoice_for(user, run)
    enrolment_services.cancel_enrolment(invoice.lines.get().enrolment, user=user)
    paid_invoice_for(other_user, run)
    client.force_login(user)
    body = client.get(reverse("portal:dashboard")).content.decode()
    assert invoice.number in body and invoice.credit_notes.get().number in body
    assert Invoice.objects.exclude(pk=invoice.pk).get().number not in body
    from lms.billing.selectors import invoices_of

    with django_assert_max_num_queries(4):
        invoices_of(user)


def test_organisation_contact_sees_the_organisations_invoices(
    civil_servant, make_user, run, seller, organisation
):
    services.checkout(
        civil_servant, run, accept_terms=True, payer="organisation", organisation=organisation
    )
    contact = make_user(email="inkoop@utrecht.nl")
    assert not Invoice.objects.for_user(contact).exists()
    OrganisationMembership.objects.create(
        user=contact, organisation=organisation, role="contact", status="approved"
    )
    assert Invoice.objects.for_user(contact).count() == 1
    # The colleague who enrolled does not see the organisation's invoice.
    assert not Invoice.objects.for_user(civil_servant).exists()


def test_institution_manager_sees_only_their_institutions_invoices(
    client,
    make_user,
    run,
    institution,
    seller,
    make_institution,
    make_seller,
    make_module,
    make_run,
):
    other, own, foreign = _two_sellers(
        make_user, run, make_institution, make_seller, make_module, make_run
    )
    manager = _manager_of(institution, make_user)
    assert list(Invoice.objects.for_user(manager)) == [own]
    assert list(SellerProfile.objects.for_user(manager)) == [seller]
    client.force_login(manager)
    assert client.get(reverse("billing:pdf", args=["invoice", foreign.pk])).status_code == 404
    assert client.get(reverse("billing:pdf", args=["invoice", own.pk])).status_code == 200
    listing = client.get(reverse("wagtailsnippets_billing_invoice:list")).content.decode()
    assert own.number in listing and foreign.number not in listing
    overview = client.get(reverse("billing_overview"))
    assert overview.status_code == 200
    sellers = overview.context["sellers"]
    assert [row.seller for row in sellers] == [seller]


def test_programme_team_sees_all_and_exports_csv(
    client,
    make_user,
    run,
    seller,
    make_institution,
    make_seller,
    make_module,
    make_run,
    programme_team_user,
):
    _, own, foreign = _two_sellers(
        make_user, run, make_institution, make_seller, make_module, make_run
    )
    client.force_login(programme_team_user)
    listing = client.get(reverse("wagtailsnippets_billing_invoice:list"))
    assert listing.status_code == 200
    body = listing.content.decode()
    assert own.number in body and foreign.number in body
    export = client.get(reverse("wagtailsnippets_billing_invoice:list") + "?export=csv")
    assert export.status_code == 200
    csv = (
        b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
    )
    assert own.number in csv and "495,00" in csv  # Dutch Excel: decimal comma


def test_only_programme_team_may_edit_seller_and_budget(
    client, make_user, institution, seller, module, programme_team_user
):
    manager = _manager_of(institution, make_user)
    client.force_login(manager)
    edit = reverse("wagtailsnippets_billing_sellerprofile:edit", args=[seller.pk])
    assert client.get(edit).status_code in (302, 403)
    client.post(edit, {"legal_name": "Gekaapt"})
    seller.refresh_from_db()
    assert seller.legal_name == "Technische Universiteit Delft"
    client.force_login(programme_team_user)
    assert client.get(edit).status_code == 200
    add = reverse("wagtailsnippets_billing_modulebudget:add")
    assert client.get(add).status_code == 200


def test_run_admin_page_says_why_it_cannot_be_sold(client, run, institution, programme_team_user):
    SellerProfile.objects.create(institution=institution, legal_name="TU Delft")
    client.force_login(programme_team_user)
    client.cookies["gs_language"] = "en"
    response = client.get(reverse("wagtailsnippets_enrolment_courserun:edit", args=[run.pk]))
    assert response.status_code == 200
    assert "IBAN" in response.content.decode()


def test_cost_recovery_per_module(client, make_user, run, module, seller, programme_team_user):
    ModuleBudget.objects.create(
        module=module, development_cost=Decimal("1000.00"), programme_contribution=Decimal("400.00")
    )
    services.checkout(make_user(), run, accept_terms=True)
    from lms.billing.reports import cost_recovery

    (row,) = cost_recovery(programme_team_user)
    assert row.revenue == Decimal("495.00") and not row.pays_for_itself
    services.checkout(make_user(), run, accept_terms=True)
    (row,) = cost_recovery(programme_team_user)
    assert row.revenue == Decimal("990.00") and row.pays_for_itself
    client.force_login(programme_team_user)
    assert "990" in client.get(reverse("billing_overview")).content.decode()


def test_anonymising_a_person_keeps_their_invoice_intact(user, run, seller, paid_invoice_for):
    invoice = paid_invoice_for(user, run)
    user.first_name, user.last_name, user.email = "", "", "verwijderd-1@invalid"
    user.save()
    invoice.refresh_from_db()
    assert invoice.buyer_data["name"] == "Anneke de Vries"
    assert invoice.buyer_data["email"] == "anneke@example.org"
    assert "Anneke de Vries" in invoice.lines.get().description


def test_invoice_listing_keeps_a_constant_number_of_queries(
    client, make_user, run, seller, programme_team_user
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(programme_team_user)
    url = reverse("wagtailsnippets_billing_invoice:list")
    services.checkout(make_user(), run, accept_terms=True)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(4):
        services.checkout(make_user(), run, accept_terms=True)
    with CaptureQueriesContext(connection) as five:
        client.get(url)
    assert len(five) == len(one)
