"""Issue 24: nobody sees admin menu items they cannot open. For every role of the admin
matrix that can open the admin, every item of the admin menu (and of its submenus) shown to
that role answers 200 when that role opens it, not 403 or a redirect."""

import pytest
from django.test import Client, RequestFactory
from wagtail.admin.menu import SubmenuMenuItem, admin_menu

from lms.accounts.models import User
from lms.accounts.second_factor import can_open_admin
from tests.accounts.test_admin_matrix import ROLES

pytestmark = pytest.mark.django_db


def menu_urls(user) -> list[tuple[str, str]]:
    """(label path, url) of every admin menu item shown to ``user``, submenus flattened."""
    request = RequestFactory().get("/beheer/")
    request.user = user
    found = []

    def walk(items, prefix):
        for item in items:
            label = f"{prefix}{item.label}"
            if isinstance(item, SubmenuMenuItem):
                walk(item.menu.menu_items_for_request(request), f"{label} › ")
            else:
                found.append((label, item.url))

    walk(admin_menu.menu_items_for_request(request), "")
    return found


def test_every_menu_item_a_role_sees_opens(world):
    problems, checked = [], 0
    for role in ROLES:
        if role == "visitor":
            continue
        user = User.objects.get(pk=world.users[role].pk)
        if not can_open_admin(user):
            continue
        client = Client(raise_request_exception=False)
        client.force_login(user)
        for label, url in menu_urls(user):
            if not url.startswith("/"):
                continue  # Wagtail's help links to its guide on the web
            checked += 1
            response = client.get(url, follow=True)
            landed = response.request["PATH_INFO"]
            # A redirect deeper into the same item is fine (Pages opens the explorer of the
            # person's own start page); one elsewhere (the login, the admin home with
            # "no permission") means the item does not open.
            if response.status_code != 200 or not landed.startswith(url):
                problems.append(
                    f"{role}: {label} ({url}) answers {response.status_code} at {landed}"
                )
    print(f"\nadmin menus: {checked} items checked")
    assert checked
    assert not problems, "menu items that do not open:\n" + "\n".join(problems)


def test_the_invitations_item_is_shown_only_to_who_may_invite(world):
    from django.urls import reverse

    url = reverse("accounts_staff_invitations")
    shown = {
        role
        for role in ROLES
        if role != "visitor"
        and url in {u for _label, u in menu_urls(User.objects.get(pk=world.users[role].pk))}
    }
    assert shown == {"programme_team", "tud_manager", "mcd_manager"}
