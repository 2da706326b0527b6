"""Institution authoring in the admin: setup on creation, the permission matrix over pages,
runs and enrolments for two institutions and the programme team, place choosers, crafted URLs."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import GroupPagePermission

from courses.institutions import group_names, setup_institution
from lms.accounts.models import PROGRAMME_TEAM_GROUP
from lms.enrolment import services
from lms.enrolment.models import CourseRun, Enrolment

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(
    institution, make_institution, make_module, make_run, make_user, programme_team_user, home_page
):
    """Two institutions with a module with a run and an enrolment each, a spare module each,
    their staff, and the programme team with page permissions on the whole site."""
    team_group = Group.objects.get(name=PROGRAMME_TEAM_GROUP)
    team_group.permissions.add(*Permission.objects.filter(content_type__app_label="courses"))
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=team_group,
            page=home_page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    w = {"team": programme_team_user}
    for key, title, code in (("tud", "TU Delft", "TUD"), ("mcd", "MCD", "MCD")):
        if code != institution.code:
            institution = make_institution(title, code)
        editors, managers = setup_institution(institution)
        module = make_module(f"Module {code}", parent=institution)
        spare = make_module(f"Reserve {code}", parent=institution)
        run = make_run(for_module=module, code=f"{code}-01")
        participant = make_user(email=f"deelnemer-{key}@example.org")
        enrolment = services.enrol(participant, run)
        editor = make_user(email=f"redacteur@{key}.example", is_staff=False)
        editor.groups.add(editors)
        manager = make_user(email=f"beheerder@{key}.example")
        manager.groups.add(managers)
        w[key] = {
            "institution": institution,
            "module": module,
            "spare": spare,
            "run": run,
            "enrolment": enrolment,
            "editor": editor,
            "manager": manager,
        }
    return w


def status(client, user, url):
    client.force_login(user)
    return client.get(url).status_code


def page_urls(page):
    return {
        "edit": reverse("wagtailadmin_pages:edit", args=[page.pk]),
        "delete": reverse("wagtailadmin_pages:delete", args=[page.pk]),
    }


def run_urls(run):
    return {
        "edit": reverse("wagtailsnippets_enrolment_courserun:edit", args=[run.pk]),
        "delete": reverse("wagtailsnippets_enrolment_courserun:delete", args=[run.pk]),
        "participants": reverse("enrolment_run_participants", args=[run.pk]),
    }


def enrolment_urls(enrolment):
    return {
        "inspect": reverse("wagtailsnippets_enrolment_enrolment:inspect", args=[enrolment.pk]),
        "edit": reverse("wagtailsnippets_enrolment_enrolment:edit", args=[enrolment.pk]),
        "delete": reverse("wagtailsnippets_enrolment_enrolment:delete", args=[enrolment.pk]),
    }


ALLOWED = {
    # (who, whose object, what) that answer 200; every other combination must be refused.
    "tud_editor": {("tud", "page-edit")},
    "tud_manager": {
        ("tud", "page-edit"),
        ("tud", "page-delete"),
        ("tud", "run-edit"),
        ("tud", "run-participants"),
        ("tud", "enrolment-inspect"),
        ("-", "courserun-list"),
        ("-", "enrolment-list"),
    },
    "mcd_manager": {
        ("mcd", "page-edit"),
        ("mcd", "page-delete"),
        ("mcd", "run-edit"),
        ("mcd", "run-participants"),
        ("mcd", "enrolment-inspect"),
        ("-", "courserun-list"),
        ("-", "enrolment-list"),
    },
    "team": {
        (inst, what)
        for inst in ("tud", "mcd")
        for what in (
            "page-edit",
            "page-delete",
            "run-edit",
            "run-delete",
            "run-participants",
            "enrolment-inspect",
        )
    }
    | {("-", "courserun-list"), ("-", "enrolment-list")},
}


def who_is(world, who):
    return world["team"] if who == "team" else world[who[:3]][who[4:]]


def test_permission_matrix(client, world):
    """Every admin list, edit and delete URL of pages, runs and enrolments, for the staff of two
    institutions and the programme team. Enrolments are changed only through services, so
    their edit and delete URLs are refused to everyone."""
    wrong = []
    for who, allowed in ALLOWED.items():
        client.force_login(who_is(world, who))
        cases = []
        for inst in ("tud", "mcd"):
            objects = world[inst]
            urls = {f"page-{k}": v for k, v in page_urls(objects["spare"]).items()}
            urls |= {f"run-{k}": v for k, v in run_urls(objects["run"]).items()}
            urls |= {f"enrolment-{k}": v for k, v in enrolment_urls(objects["enrolment"]).items()}
            cases += [(inst, what, url) for what, url in urls.items()]
        for name in ("courserun", "enrolment"):
            cases.append(("-", f"{name}-list", reverse(f"wagtailsnippets_enrolment_{name}:list")))
        for inst, what, url in cases:
            code = client.get(url).status_code
            expected_ok = (inst, what) in allowed
            if (code == 200) != expected_ok:
                wrong.append((who, inst, what, code))
    assert wrong == []


def test_listings_show_only_the_own_institution(client, world):
    client.force_login(world["tud"]["manager"])
    runs = client.get(reverse("wagtailsnippets_enrolment_courserun:list")).content.decode()
    assert "TUD-01" in runs and "MCD-01" not in runs
    enrolments = client.get(reverse("wagtailsnippets_enrolment_enrolment:list"))
    body = enrolments.content.decode()
    assert "deelnemer-tud@example.org" in body or "Person" in body
    assert set(enrolments.context["object_list"]) == {world["tud"]["enrolment"]}
    client.force_login(world["team"])
    everything = client.get(reverse("wagtailsnippets_enrolment_enrolment:list"))
    assert set(everything.context["object_list"]) == {
        world["tud"]["enrolment"],
        world["mcd"]["enrolment"],
    }


def test_for_user_follows_the_tree(world, make_user):
    tud, mcd = world["tud"], world["mcd"]
    assert set(CourseRun.objects.for_user(tud["manager"])) == {tud["run"]}
    assert set(CourseRun.objects.for_user(mcd["manager"])) == {mcd["run"]}
    assert not CourseRun.objects.for_user(tud["editor"]).exists()
    assert set(CourseRun.objects.for_user(world["team"])) == {tud["run"], mcd["run"]}
    assert set(Enrolment.objects.for_user(tud["manager"])) == {tud["enrolment"]}
    assert set(Enrolment.objects.for_user(tud["enrolment"].user)) == {tud["enrolment"]}
    assert not Enrolment.objects.for_user(make_user()).exists()


def test_crafted_posts_change_nothing(client, world):
    tud, mcd = world["tud"], world["mcd"]
    client.force_login(tud["manager"])
    client.post(run_urls(mcd["run"])["edit"], {"code": "GEKAAPT", "capacity": 1})
    mcd["run"].refresh_from_db()
    assert mcd["run"].code == "MCD-01" and mcd["run"].capacity == 10
    client.post(run_urls(mcd["run"])["delete"])
    client.post(enrolment_urls(mcd["enrolment"])["delete"])
    client.post(page_urls(mcd["spare"])["delete"])
    assert CourseRun.objects.filter(pk=mcd["run"].pk).exists()
    assert Enrolment.objects.filter(pk=mcd["enrolment"].pk).exists()
    assert type(mcd["spare"]).objects.filter(pk=mcd["spare"].pk).exists()

    client.force_login(tud["editor"])
    client.post(page_urls(mcd["module"])["edit"], {"title": "Gekaapt", "slug": "gekaapt"})
    mcd["module"].refresh_from_db()
    assert mcd["module"].title == "Module MCD"
    assert not mcd["module"].revisions.filter(content__title="Gekaapt").exists()


def run_form(module, code):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    return nested_form_data(
        {
            "module": module.pk,
            "code": code,
            "title": "",
            "place": "Delft",
            "capacity": 12,
            "price": "100.00",
            "status": "draft",
            "free_cancellation_days": 14,
            "min_participants": 0,
            "waitlist_mode": "offer",
            "offer_hours": 48,
            "hold_days": 7,
            "sessions": inline_formset(
                [
                    {
                        "title": "Dag 1",
                        "starts_at": "2030-03-04 10:00",
                        "ends_at": "2030-03-04 16:00",
                        "location": "",
                        "online_url": "",
                    }
                ]
            ),
        }
    )


def test_manager_adds_runs_only_for_own_modules(client, world):
    tud, mcd = world["tud"], world["mcd"]
    client.force_login(tud["manager"])
    add = reverse("wagtailsnippets_enrolment_courserun:add")
    refused = client.post(add, run_form(mcd["module"], "TUD-KAPING"))
    assert refused.status_code == 200  # the form again, with an error on "module"
    assert "module" in refused.context["form"].errors
    assert not CourseRun.objects.filter(code="TUD-KAPING").exists()
    client.post(add, run_form(tud["spare"], "TUD-NIEUW"))
    assert CourseRun.objects.get(code="TUD-NIEUW").module_id == tud["spare"].pk


def test_module_outside_an_institution_is_refused(client, world, catalogue):
    client.force_login(world["team"])
    for parent in (catalogue, world["tud"]["module"]):
        url = reverse("wagtailadmin_pages:add", args=["courses", "coursemodulepage", parent.pk])
        response = client.post(url, {"title": "Los", "slug": "los", "summary": "x"})
        assert response.status_code in (302, 403)
    from courses.models import CourseModulePage

    assert not CourseModulePage.objects.filter(slug="los").exists()


def test_editor_cannot_add_a_module_to_another_institution(client, world):
    client.force_login(world["tud"]["editor"])
    url = reverse(
        "wagtailadmin_pages:add",
        args=["courses", "coursemodulepage", world["mcd"]["institution"].pk],
    )
    assert client.get(url).status_code in (302, 403)
    assert (
        client.get(
            reverse(
                "wagtailadmin_pages:add",
                args=["courses", "coursemodulepage", world["tud"]["institution"].pk],
            )
        ).status_code
        == 200
    )


def children(chooser_response):
    rows = chooser_response.context["table"].data
    return {p.title for p in rows if not getattr(p, "is_parent_page", False)}


def test_place_chooser_shows_only_the_own_section_but_link_choosers_show_all(
    client, world, catalogue
):
    client.force_login(world["tud"]["editor"])
    browse = reverse("wagtailadmin_choose_page_child", args=[catalogue.pk])
    place = client.get(browse, {"user_perms": "move_to"})
    assert children(place) == {"TU Delft"}
    assert children(client.get(browse)) == {"TU Delft", "MCD"}


def test_creating_an_institution_in_the_admin_sets_it_up(client, catalogue, make_user):
    from wagtail.models import Collection, GroupCollectionPermission, WorkflowPage
    from wagtail.test.utils.form_data import rich_text

    from courses.models import InstitutionPage

    admin = make_user(email="admin@example.org", is_superuser=True, is_staff=True)
    client.force_login(admin)
    url = reverse("wagtailadmin_pages:add", args=["courses", "institutionpage", catalogue.pk])
    response = client.post(
        url,
        {
            "title": "NEPROM",
            "slug": "neprom",
            "code": "NEP",
            "full_name": "",
            "website": "",
            "intro": "",
            "body": rich_text("<p>Vereniging van ontwikkelaars.</p>"),
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
            "comments-MIN_NUM_FORMS": "0",
            "comments-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    page = InstitutionPage.objects.get(code="NEP")
    editors, managers = (Group.objects.get(name=name) for name in group_names(page))
    perms = set(
        GroupPagePermission.objects.filter(page=page).values_list(
            "group__name", "permission__codename"
        )
    )
    assert (editors.name, "change_page") in perms and (editors.name, "publish_page") not in perms
    assert (managers.name, "publish_page") in perms
    collection = Collection.objects.get(name="NEPROM")
    codenames = set(
        GroupCollectionPermission.objects.filter(collection=collection, group=editors).values_list(
            "permission__codename", flat=True
        )
    )
    assert {"add_image", "choose_image", "add_document", "choose_document"} <= codenames
    workflow = WorkflowPage.objects.get(page=page).workflow
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == [PROGRAMME_TEAM_GROUP]
    # Running the setup again (as load_programme does) adds nothing.
    before = (
        Group.objects.count(),
        GroupPagePermission.objects.count(),
        Collection.objects.count(),
    )
    setup_institution(page)
    after = (Group.objects.count(), GroupPagePermission.objects.count(), Collection.objects.count())
    assert before == after
