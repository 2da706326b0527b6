"""Pages with runs cannot be deleted or moved through the admin; unpublish instead."""

from django.urls import reverse
from wagtail.models import Page

from courses.models import CourseModulePage


def test_module_with_runs_cannot_be_deleted(client, run, make_user):
    admin = make_user(is_superuser=True, is_staff=True)
    client.force_login(admin)
    module = run.module
    response = client.post(reverse("wagtailadmin_pages:delete", args=[module.pk]))
    assert response.status_code == 302
    assert CourseModulePage.objects.filter(pk=module.pk).exists()


def test_institution_above_runs_cannot_be_deleted_or_moved(
    client, run, make_user, make_institution
):
    admin = make_user(is_superuser=True, is_staff=True)
    client.force_login(admin)
    institution = run.module.get_parent()
    client.post(reverse("wagtailadmin_pages:delete", args=[institution.pk]))
    assert Page.objects.filter(pk=institution.pk).exists()
    other = make_institution(title="Platform31", code="PLF")
    client.post(reverse("wagtailadmin_pages:move_confirm", args=[run.module.pk, other.pk]))
    assert Page.objects.get(pk=run.module.pk).get_parent().pk == institution.pk


def test_bulk_delete_is_refused(client, run, make_user):
    admin = make_user(is_superuser=True, is_staff=True)
    client.force_login(admin)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
    client.post(f"{url}?id={run.module.pk}")
    assert CourseModulePage.objects.filter(pk=run.module.pk).exists()


def test_module_without_runs_can_be_deleted(client, make_module, make_user):
    admin = make_user(is_superuser=True, is_staff=True)
    client.force_login(admin)
    module = make_module("Weg ermee")
    client.post(reverse("wagtailadmin_pages:delete", args=[module.pk]))
    assert not CourseModulePage.objects.filter(pk=module.pk).exists()


def test_bulk_delete_of_a_module_without_runs_works(client, make_module, make_user):
    admin = make_user(is_superuser=True, is_staff=True)
    client.force_login(admin)
    module = make_module("Weg ermee")
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
    client.post(f"{url}?id={module.pk}")
    assert not CourseModulePage.objects.filter(pk=module.pk).exists()
