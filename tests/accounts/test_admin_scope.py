"""Issue 14, one test per numbered item: the admin's doors of domain models go through one
scoping layer (``lms.accounts.admin_scope``). Two institutions (TUD, MCD) with their staff and a
participant each; every assertion looks for a value of the other party's object."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from courses.institutions import setup_institution
from lms.accounts.models import Organisation, OrganisationMembership
from lms.billing.models import BillingProfile, DiscountCode, ModuleBudget, RunPricing
from lms.certificates import services as certificates
from lms.enrolment import services

pytestmark = pytest.mark.django_db


def _certificate(enrolment, holder, organisation=None):
    module = enrolment.run.module
    institution = module.get_parent()
    return certificates.issue_certificate(
        certificates.CertificateSubject(
            user=enrolment.user,
            module=module,
            institution=institution,
            module_title=module.title,
            institution_name=institution.title,
            completion_date=dt.date(2026, 11, 1),
            enrolment=enrolment,
            organisation=organisation,
            holder_name=holder,
        )
    )


@pytest.fixture
def world(
    institution,
    make_institution,
    make_module,
    make_run,
    make_user,
    programme_team_user,
    make_seller,
):
    """Two institutions with a module, a run, a seller, a participant with an enrolment and a
    certificate each; their editor and manager; one organisation with an admin-access contact."""
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    w = {"team": programme_team_user}
    org = Organisation.objects.create(name="Gemeente Zwolle", kind="municipality")
    for key, title, code in (("tud", "TU Delft", "TUD"), ("mcd", "MCD", "MCD")):
        if code != institution.code:
            institution = make_institution(title, code)
        editors, managers = setup_institution(institution)
        module = make_module(f"Module {code}", parent=institution)
        run = make_run(for_module=module, code=f"{code}-01")
        participant = make_user(email=f"deelnemer-{key}@example.org", last_name=f"Zeldzaam{code}")
        enrolment = services.enrol(participant, run)
        enrolment.organisation = org
        enrolment.save(update_fields=["organisation"])
        editor = make_user(email=f"redacteur@{key}.example")
        editor.groups.add(editors)
        manager = make_user(email=f"beheerder@{key}.example")
        manager.groups.add(managers)
        w[key] = {
            "institution": institution,
            "module": module,
            "run": run,
            "participant": participant,
            "enrolment": enrolment,
            "certificate": _certificate(enrolment, f"Houder {code} Uniek", org),
            "seller": make_seller(institution, prefix=code, legal_name=f"Verkoper {code} BV"),
            "editor": editor,
            "manager": manager,
        }
    contact = make_user(email="contact@zwolle.example")
    OrganisationMembership.objects.create(
        user=contact,
        organisation=org,
        role=OrganisationMembership.Role.CONTACT,
        status=OrganisationMembership.Status.APPROVED,
    )
    contact_group, _ = Group.objects.get_or_create(name="Contacten met beheertoegang")
    contact_group.permissions.add(access)
    contact.groups.add(contact_group)
    w["contact"] = contact
    return w


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


# -- item 6: the broken doors answer ----------------------------------------------------------


@pytest.mark.parametrize(
    "url_name, key",
    [
        ("wagtailsnippets_enrolment_courserun:history", "run"),
        ("wagtailsnippets_enrolment_courserun:usage", "run"),
        ("wagtailsnippets_enrolment_enrolment:usage", "enrolment"),
        ("wagtailsnippets_enrolment_enrolment:history", "enrolment"),
    ],
)
def test_item6_run_history_and_usage_pages_answer(client, world, url_name, key):
    url = reverse(url_name, args=[world["tud"][key].pk])
    assert get(client, world["team"], url).status_code == 200
    assert get(client, world["tud"]["manager"], url).status_code == 200
    assert get(client, world["mcd"]["manager"], url).status_code in (302, 403, 404)


# -- item 1: choosers and bulk-action pages are scoped ----------------------------------------


@pytest.mark.parametrize(
    "app_model",
    ["enrolment/enrolment", "certificates/certificate", "billing/sellerprofile"],
)
def test_item1_no_chooser_lists_another_institutions_rows(client, world, app_model):
    response = get(client, world["tud"]["manager"], f"/beheer/snippets/choose/{app_model}/")
    body = response.content.decode()
    for marker in ("ZeldzaamMCD", "Houder MCD Uniek", "Verkoper MCD BV"):
        assert marker not in body


def test_item1_chosen_view_refuses_another_institutions_row(client, world):
    pk = world["mcd"]["certificate"].pk
    response = get(
        client,
        world["tud"]["editor"],
        f"/beheer/snippets/choose/certificates/certificate/chosen/{pk}/",
    )
    assert "Houder MCD Uniek" not in response.content.decode()


@pytest.mark.parametrize(
    "app_model, key, marker",
    [
        ("enrolment/enrolment", "enrolment", "ZeldzaamMCD"),
        ("certificates/certificate", "certificate", "Houder MCD Uniek"),
        ("billing/sellerprofile", "seller", "Verkoper MCD BV"),
    ],
)
def test_item1_bulk_delete_page_shows_nothing_of_another_institution(
    client, world, app_model, key, marker
):
    pk = world["mcd"][key].pk
    for user in (world["tud"]["manager"], world["tud"]["editor"]):
        response = get(client, user, f"/beheer/bulk/{app_model}/delete/?id={pk}")
        assert marker not in response.content.decode()
    response = get(client, world["tud"]["manager"], f"/beheer/bulk/{app_model}/delete/?id=all")
    assert marker not in response.content.decode()


# -- item 2: who may act on a certificate is not who may see it -------------------------------


def _post(client, user, certificate, data):
    client.force_login(user)
    return client.post(reverse("certificates_certificate_actions", args=[certificate.pk]), data)


def test_item2_editor_cannot_rename_own_certificate_of_another_institution(client, world):
    editor = world["tud"]["editor"]
    enrolment = services.enrol(editor, world["mcd"]["run"])
    certificate = _certificate(enrolment, "Redacteur Echt")
    _post(client, editor, certificate, {"correct": "1", "name": "Iemand Anders"})
    certificate.refresh_from_db()
    assert certificate.holder_name == "Redacteur Echt"


def test_item2_contact_cannot_revoke_a_colleagues_certificate(client, world):
    certificate = world["tud"]["certificate"]
    _post(client, world["contact"], certificate, {"revoke": "1", "reason": "Zomaar"})
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_item2_only_the_issuing_institutions_manager_or_the_team_acts(client, world):
    certificate = world["mcd"]["certificate"]
    _post(client, world["tud"]["manager"], certificate, {"correct": "1", "name": "Fout Naam"})
    certificate.refresh_from_db()
    assert certificate.holder_name == "Houder MCD Uniek"
    _post(client, world["mcd"]["manager"], certificate, {"correct": "1", "name": "Goede Naam"})
    certificate.refresh_from_db()
    assert certificate.holder_name == "Goede Naam"
    _post(client, world["team"], certificate, {"revoke": "1", "reason": "Fraude"})
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None


# -- item 3: inspect views ---------------------------------------------------------------------


@pytest.fixture
def invoices(world, make_user):
    from lms.billing import services as billing

    made = {}
    for key in ("tud", "mcd"):
        buyer = make_user(email=f"koper-{key}@example.org", last_name=f"Koper{key.upper()}")
        enrolment = billing.checkout(buyer, world[key]["run"], accept_terms=True)
        made[key] = enrolment.invoice_lines.get().invoice
    return made


def test_item3_manager_cannot_inspect_another_institutions_invoice(client, world, invoices):
    mcd_invoice = invoices["mcd"]
    url = reverse("wagtailsnippets_billing_invoice:inspect", args=[mcd_invoice.pk])
    response = get(client, world["tud"]["manager"], url)
    assert "KoperMCD" not in response.content.decode()
    assert response.status_code in (302, 403, 404)
    own = reverse("wagtailsnippets_billing_invoice:inspect", args=[invoices["tud"].pk])
    assert get(client, world["tud"]["manager"], own).status_code == 200


# -- item 4: history -----------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "?export=csv", "?export=xlsx"])
def test_item4_site_history_shows_only_own_institutions_log(client, world, query):
    response = get(client, world["tud"]["manager"], f"/beheer/reports/site-history/{query}")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if query != "?export=xlsx":
        assert "ZeldzaamMCD" not in body.decode()
        assert "ZeldzaamTUD" in body.decode()
    else:
        assert b"ZeldzaamMCD" not in _xlsx_text(body)


def _xlsx_text(data: bytes) -> bytes:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return b"".join(archive.read(name) for name in archive.namelist())


def test_item4_enrolment_history_of_another_institution_is_refused(client, world):
    pk = world["mcd"]["enrolment"].pk
    url = reverse("wagtailsnippets_enrolment_enrolment:history", args=[pk])
    response = get(client, world["tud"]["manager"], url)
    assert response.status_code in (302, 403, 404)
    assert "ZeldzaamMCD" not in response.content.decode()


# -- item 5: finance configuration and the seller filter ---------------------------------------


def test_item5_finance_configuration_is_scoped(client, world, invoices):
    org = world["tud"]["enrolment"].organisation
    BillingProfile.objects.create(
        organisation=org, street="Straat 1", postcode="8000 AA", city="Geheimstad"
    )
    ModuleBudget.objects.create(module=world["mcd"]["module"], development_cost=7310042)
    RunPricing.objects.create(run=world["mcd"]["run"], member_price=7320042)
    code = DiscountCode.objects.create(code="MCDKORTING", value=10)
    code.runs.add(world["mcd"]["run"])
    manager = world["tud"]["manager"]
    for model, marker in (
        ("billingprofile", "Geheimstad"),
        ("modulebudget", "Module MCD"),
        ("runpricing", "MCD-01"),
        ("discountcode", "MCDKORTING"),
    ):
        url = reverse(f"wagtailsnippets_billing_{model}:list")
        assert marker not in get(client, manager, url).content.decode(), model
        assert marker in get(client, world["team"], url).content.decode(), model
    listing = get(client, manager, reverse("wagtailsnippets_billing_invoice:list"))
    assert "Verkoper MCD BV" not in listing.content.decode()
    assert "Verkoper TUD BV" in listing.content.decode()


def test_acting_by_post_on_another_institutions_run_changes_nothing(client, world):
    run = world["mcd"]["run"]
    client.force_login(world["tud"]["manager"])
    edit = reverse("wagtailsnippets_enrolment_courserun:edit", args=[run.pk])
    response = client.post(edit, {"code": "OVERGENOMEN", "capacity": 99})
    assert response.status_code in (302, 403, 404)
    bulk = f"/beheer/bulk/enrolment/courserun/delete/?id={run.pk}"
    client.post(bulk)
    run.refresh_from_db()
    assert run.code == "MCD-01" and run.capacity == 10
