"""bench/generate_data.py at a tiny size: the bulk-built page tree is sound (what ``manage.py
fixtree`` checks), Wagtail and the site work on it, and a seed always gives the same data."""

import pytest
from django.db import transaction
from wagtail.models import Page

from bench import subjects
from bench.generate_data import Generator
from courses.models import CourseModulePage, InstitutionPage
from lms.accounts.models import User
from lms.certificates.models import Certificate
from lms.enrolment.models import CourseRun, Enrolment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_programme")]
SIZES = {
    "institutions": 3,
    "modules": 9,
    "runs": 130,
    "users": 420,
    "enrolments": 600,
    "certificates": 40,
}


def generate(seed=7):
    Generator(0, seed, sizes=SIZES, log=lambda *a, **k: None).run()


def snapshot() -> dict:
    """What the seed decides, without database ids."""
    bench = CourseModulePage.objects.filter(slug__startswith="bench-module-")
    return {
        "modules": sorted(bench.values_list("path", "title", "delivery_format", "pe_points")),
        "tags": sorted(bench.values_list("slug", "tagged_items__tag__name")),
        "runs": sorted(
            CourseRun.objects.filter(code__startswith="BENCH-").values_list(
                "code", "module__slug", "price", "sessions__starts_at"
            )
        ),
        "enrolments": sorted(
            Enrolment.objects.values_list("run__code", "user__email", "state", "created_at")
        ),
        "certificates": sorted(Certificate.objects.values_list("code", "holder_name")),
    }


def check_tree_and_wagtail(client) -> None:
    assert not any(Page.find_problems())  # what `manage.py fixtree` reports
    modules = CourseModulePage.objects.live().filter(slug__startswith="bench-module-")
    assert modules.count() == SIZES["modules"]
    module = modules.order_by("path").first()
    assert module.live_revision_id == module.latest_revision_id
    assert module.live_revision.as_object().title == module.title
    assert module.tags.count() == 3 and module.audience_levels.count() == 2
    institution = module.get_parent().specific
    assert isinstance(institution, InstitutionPage)
    assert institution.numchild == SIZES["modules"] // SIZES["institutions"]

    assert module.title in client.get(module.url).content.decode()
    assert module.title in client.get(institution.url).content.decode()
    catalogue = client.get("/opleidingen/", {"q": module.title.split()[0]}).content.decode()
    assert module.title in catalogue  # the search index has the bulk-built pages

    client.force_login(User.objects.get(email=subjects.ADMIN))
    explorer = client.get(f"/beheer/pages/{institution.pk}/")
    assert explorer.status_code == 200 and module.title in explorer.content.decode()
    assert client.get(f"/beheer/pages/{module.pk}/edit/").status_code == 200

    # Editors carry on as usual: a new revision, and a new page after the bulk-built ones.
    module.title = "Na de bulk bewerkt"
    module.save_revision().publish()
    added = CourseModulePage(title="Nieuw", slug="nieuw", summary="Nieuw.")
    institution.add_child(instance=added)
    added.save_revision().publish()
    assert not any(Page.find_problems())
    assert client.get(added.url).status_code == 200


def check_subjects() -> None:
    learner = User.objects.get(email=subjects.LEARNER)
    assert Enrolment.objects.filter(user=learner, state="confirmed").count() == 50
    assert Certificate.objects.filter(user=learner).count() == 1
    assert Enrolment.objects.filter(run__code=subjects.RUN_200).count() == 200
    assert Enrolment.objects.filter(organisation__name=subjects.ORGANISATION).count() == 200
    assert User.objects.get(email=subjects.TEAM).is_programme_team
    assert subjects.login_session(subjects.LEARNER)


def test_sound_tree_working_pages_subjects_and_the_same_data_for_a_seed(client):
    """Two generations with one seed (the first rolled back): the same data; on the second,
    the tree, Wagtail, the site and the benchmark's subjects are checked."""
    with transaction.atomic():
        generate(seed=3)
        first = snapshot()
        transaction.set_rollback(True)
    generate(seed=3)
    assert snapshot() == first
    assert first["modules"] and first["enrolments"] and first["certificates"]
    check_subjects()
    check_tree_and_wagtail(client)
