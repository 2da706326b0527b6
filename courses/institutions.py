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


# -- everything an institution gets when its page is created --------------------------------

COLLECTION_PERMISSIONS = (
    ("wagtailimages", ("add_image", "change_image", "choose_image")),
    ("wagtaildocs", ("add_document", "change_document", "choose_document")),
)
APPROVAL_TASK_NAME = "Goedkeuring programmateam"


def ensure_collection(name: str, groups):
    """Create (or complete) the image and document collection ``name`` under the root
    collection, in which ``groups`` may add, change and choose images and documents;
    idempotent. Used for each institution and for the Kennisbank."""
    from wagtail.models import Collection, GroupCollectionPermission

    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=name).first()
    if collection is None:
        collection = root.add_child(name=name)
    for group in groups:
        for app_label, codenames in COLLECTION_PERMISSIONS:
            for codename in codenames:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=collection, permission=_permission(app_label, codename)
                )
    return collection


def ensure_institution_workflow(page):
    """Assign the moderation workflow "<institution> – publicatie" to ``page``'s subtree;
    idempotent. Its one task is approval by the programme team group."""
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    from lms.accounts.models import PROGRAMME_TEAM_GROUP

    team, _ = Group.objects.get_or_create(name=PROGRAMME_TEAM_GROUP)
    task = GroupApprovalTask.objects.filter(name=APPROVAL_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=APPROVAL_TASK_NAME)
    task.groups.add(team)
    workflow, _ = Workflow.objects.get_or_create(name=f"{page.title} – publicatie")
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return workflow


def setup_institution(page):
    """Groups, page permissions, collection and moderation workflow of an institution page.

    Called by the ``after_create_page`` hook and by ``load_programme``; idempotent.
    """
    editors, managers = ensure_institution_groups(page)
    ensure_collection(page.title, (editors, managers))
    ensure_institution_workflow(page)
    return editors, managers


def own_section_paths(user) -> list[str]:
    """Tree paths of the pages on which one of ``user``'s groups holds any page permission."""
    return sorted(
        set(
            GroupPagePermission.objects.filter(group__user=user).values_list(
                "page__path", flat=True
            )
        )
    )
