"""Groups and page permissions that come with an institution.

Each InstitutionPage gets an editor group (writes modules, publication is moderated) and a
manager group (also publishes and runs the institution's runs and enrolments), both with page
permissions on the institution's own subtree only.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
MANAGER_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
MANAGER_MODEL_PERMISSIONS = (
    ("enrolment", "view_courserun"),
    ("enrolment", "add_courserun"),
    ("enrolment", "change_courserun"),
    ("enrolment", "view_enrolment"),
    ("enrolment", "change_enrolment"),
)


def group_names(page) -> tuple[str, str]:
    """The editor and manager group names of an institution page."""
    return (f"{page.title} – redacteuren", f"{page.title} – beheerders")


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def ensure_institution_groups(page) -> tuple[Group, Group]:
    """Create (or complete) the editor and manager groups of ``page``; idempotent.

    Returns:
        ``(editors, managers)``.
    """
    admin_access = _permission("wagtailadmin", "access_admin")
    editor_name, manager_name = group_names(page)
    editors, _ = Group.objects.get_or_create(name=editor_name)
    managers, _ = Group.objects.get_or_create(name=manager_name)
    for group, codenames in (
        (editors, EDITOR_PAGE_PERMISSIONS),
        (managers, MANAGER_PAGE_PERMISSIONS),
    ):
        group.permissions.add(admin_access)
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group, page=page, permission=_permission("wagtailcore", codename)
            )
    managers.permissions.add(*[_permission(app, code) for app, code in MANAGER_MODEL_PERMISSIONS])
    return editors, managers
