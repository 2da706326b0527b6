"""The Kennisbank: pilot projects and findings, filters, and the trace to modules."""

import pytest

pytestmark = pytest.mark.django_db


def titles(items):
    return {item.title for item in items}


def test_finding_traces_projects_and_modules(client, make_project, make_finding, make_module):
    project = make_project()
    module = make_module("Financiën en businesscases")
    finding = make_finding(projects=[project], tags=["financiering"], modules=[module])

    body = client.get(finding.url).content.decode()
    assert "Stationskwartier" in body and "Financiën en businesscases" in body
    assert titles(client.get(finding.url).context["modules"]) == {module.title}

    context = client.get(project.url).context
    assert titles(context["findings"]) == {finding.title}
    assert titles(context["modules"]) == {module.title}
    project_body = client.get(project.url).content.decode()
    assert "52.15340" in project_body and "Amersfoort" in project_body

    module_body = client.get(module.url).content.decode()
    assert finding.title in module_body


def test_unpublished_finding_is_not_shown_on_the_module(client, make_finding, make_module):
    module = make_module()
    finding = make_finding(modules=[module])
    finding.unpublish()
    assert finding.title not in client.get(module.url).content.decode()


def test_filters_by_theme_province_and_phase(client, kennisbank, make_project, make_finding):
    utrecht = make_project("Stationskwartier", province="UT", phase="realisation")
    limburg = make_project("Winkelcentrum", province="LI", phase="completed")
    money = make_finding("Geld", projects=[utrecht], tags=["financiering"])
    people = make_finding("Mensen", projects=[limburg], tags=["participatie"])

    def get(**params):
        return client.get(kennisbank.url, params).context

    everything = get()
    assert titles(everything["findings"]) == {money.title, people.title}
    assert titles(everything["projects"]) == {utrecht.title, limburg.title}
    assert titles(get(thema="financiering")["findings"]) == {money.title}
    by_province = get(provincie="LI")
    assert titles(by_province["projects"]) == {limburg.title}
    assert titles(by_province["findings"]) == {people.title}
    assert titles(get(fase="realisation")["projects"]) == {utrecht.title}
    assert titles(get(fase="realisation", thema="participatie")["findings"]) == set()
    # Unknown values are ignored rather than failing.
    response = client.get(kennisbank.url, {"provincie": "XX", "fase": "<b>"})
    assert response.status_code == 200
    assert titles(response.context["projects"]) == {utrecht.title, limburg.title}


def test_kennisbank_listing_keeps_a_constant_number_of_queries(
    client, kennisbank, make_project, make_finding, django_assert_max_num_queries
):
    project = make_project()
    for n in range(3):
        make_finding(f"Les {n}", projects=[project], tags=["financiering", "bestuur"])
    with django_assert_max_num_queries(40) as few:
        client.get(kennisbank.url)
    for n in range(3, 12):
        make_finding(f"Les {n}", projects=[project], tags=["financiering", "bestuur"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(kennisbank.url)


def test_load_programme_links_findings_to_projects_and_modules():
    from io import StringIO

    from django.core.management import call_command

    from courses.models import CourseModulePage, FindingIndexPage, FindingPage, PilotProjectPage

    call_command("load_programme", stdout=StringIO())
    index = FindingIndexPage.objects.live().get()
    assert index.slug == "kennisbank"
    assert PilotProjectPage.objects.live().count() >= 3
    findings = FindingPage.objects.live()
    assert findings.count() >= 4
    for finding in findings:
        assert finding.pilot_projects.exists(), finding.title
        assert finding.tags.exists(), finding.title
        assert finding.modules.live().exists(), finding.title
    module = CourseModulePage.objects.get(slug="financien-en-businesscases-in-gebiedsontwikkeling")
    assert module.findings.exists()
    # The latest revision carries the links too, so editing the module keeps them.
    assert module.get_latest_revision_as_object().findings.exists()
    # The Kennisbank group writes the Kennisbank (and only it) and has a document collection.
    from wagtail.models import GroupCollectionPermission, GroupPagePermission

    perms = GroupPagePermission.objects.filter(group__name="Kennisbank")
    assert {p.page_id for p in perms} == {index.pk}
    assert {"add_page", "change_page", "publish_page"} <= {p.permission.codename for p in perms}
    assert GroupCollectionPermission.objects.filter(
        group__name="Kennisbank", collection__name="Kennisbank", permission__codename="add_document"
    ).exists()
    # Idempotent: a second load creates nothing and links nothing twice.
    before = sorted(CourseModulePage.findings.through.objects.values_list("pk", flat=True))
    call_command("load_programme", stdout=StringIO())
    after = sorted(CourseModulePage.findings.through.objects.values_list("pk", flat=True))
    assert before == after
