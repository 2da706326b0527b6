"""Admin for organisations and memberships, beside their models."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.admin.widgets import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from .admin_policies import ServiceOnlyPermissionPolicy
from .admin_scope import register_scope
from .admin_scope_views import ScopedDeleteBulkAction, ScopedSnippetViewSet
from .admin_views import DecideMembershipView
from .erasure_admin import ErasureRequestsPanel, carry_out_erasure
from .models import Organisation, OrganisationMembership, StaffInvitation, Subscriber
from .newsletter_admin import export_subscribers
from .second_factor_views import AccountSecurityView
from .staff_invitation_admin import (
    InvitationCreateView,
    InvitationIndexView,
    InvitationsMenuItem,
    revoke_invitation,
)


class OrganisationViewSet(ScopedSnippetViewSet):
    """Organisations with their e-mail domains (membership by domain), scoped by
    organisations_for."""

    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    list_display = ["name", "kind", "province"]
    list_filter = ["kind"]
    search_fields = ["name"]
    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("kvk_number"),
        FieldPanel("oin"),
        FieldPanel("province"),
        InlinePanel("domains", heading=_("E-mail domains"), label=_("Domain")),
    ]


class MembershipViewSet(ScopedSnippetViewSet):
    """Organisation memberships, view only: the programme team approves or rejects contact requests
    on their own page."""

    model = OrganisationMembership
    icon = "user"
    menu_label = _("Memberships")
    inspect_view_enabled = True
    list_display = ["user", "organisation", "role", "status", "requested_at"]
    list_filter = ["status", "role"]
    search_fields = ["user__email", "organisation__name"]

    def get_queryset(self, request):
        """The visible memberships with person and organisation in the same query."""
        return super().get_queryset(request).select_related("user", "organisation")


class SubscriberViewSet(ScopedSnippetViewSet):
    """Newsletter subscribers, view only (double opt-in through the newsletter service)."""

    model = Subscriber
    icon = "mail"
    menu_label = _("Newsletter subscribers")
    inspect_view_enabled = True
    list_display = ["email", "state", "language", "requested_at", "confirmed_at"]
    list_filter = ["state", "language"]
    search_fields = ["email"]


class AccountsGroup(SnippetViewSetGroup):
    """The admin menu group "Organisations": organisations, memberships, subscribers."""

    menu_label = _("Organisations")
    menu_icon = "group"
    menu_order = 220
    items = (OrganisationViewSet, MembershipViewSet, SubscriberViewSet)


def organisations_for(user):
    """Organisations ``user`` may see in the admin: all for the programme team, else those
    they are an approved member or contact of."""
    if user.is_programme_team:
        return Organisation.objects.all()
    return Organisation.objects.filter(
        memberships__user=user, memberships__status=OrganisationMembership.Status.APPROVED
    ).distinct()


register_scope(Organisation, ModelPermissionPolicy(Organisation), view=organisations_for)
register_scope(OrganisationMembership, ServiceOnlyPermissionPolicy(OrganisationMembership))
register_scope(Subscriber, ServiceOnlyPermissionPolicy(Subscriber))
register_scope(StaffInvitation, ServiceOnlyPermissionPolicy(StaffInvitation))
register_snippet(AccountsGroup)


@hooks.register("register_admin_urls")
def register_membership_urls():
    """Admin pages of accounts: decide a membership, login security of a person (second factor,
    lock-outs), carry out an erasure, staff invitations, newsletter CSV."""
    return [
        path(
            "lidmaatschappen/<int:pk>/beslissen/",
            DecideMembershipView.as_view(),
            name="accounts_decide_membership",
        ),
        path(
            "inlogbeveiliging/<int:pk>/",
            AccountSecurityView.as_view(),
            name="accounts_login_security",
        ),
        path(
            "verwijderverzoeken/<int:pk>/uitvoeren/",
            carry_out_erasure,
            name="accounts_carry_out_erasure",
        ),
        path("uitnodigingen/", InvitationIndexView.as_view(), name="accounts_staff_invitations"),
        path(
            "uitnodigingen/nieuw/",
            InvitationCreateView.as_view(),
            name="accounts_staff_invitation_new",
        ),
        path(
            "uitnodigingen/<int:pk>/intrekken/",
            revoke_invitation,
            name="accounts_staff_invitation_revoke",
        ),
        path(
            "nieuwsbrief/export.csv",
            export_subscribers,
            name="accounts_newsletter_export",
        ),
    ]


@hooks.register("register_snippet_listing_buttons")
def decide_membership_button(snippet, user, next_url=None):
    """ "Approve or reject" on a requested membership's row, for the programme team only."""
    if (
        isinstance(snippet, OrganisationMembership)
        and snippet.status == OrganisationMembership.Status.REQUESTED
        and user.is_programme_team
    ):
        yield ListingButton(
            _("Approve or reject"),
            reverse("accounts_decide_membership", args=[snippet.pk]),
            icon_name="tick",
            priority=10,
        )


# Registered after Wagtail's own snippet bulk delete, which it replaces for domain models.
hooks.register("register_bulk_action", ScopedDeleteBulkAction, order=100)


@hooks.register("register_user_listing_buttons")
def login_security_button(user, request_user):
    """ "Login security" on each row of Wagtail's user listing, for the programme team only."""
    if request_user.is_programme_team:
        yield ListingButton(
            _("Login security"),
            reverse("accounts_login_security", args=[user.pk]),
            icon_name="key",
            priority=50,
        )


@hooks.register("register_log_actions")
def register_account_actions(actions):
    """The account actions of the action log, with their Dutch labels."""
    for name, label in (
        ("accounts.second_factor.setup", _("Second factor set up")),
        ("accounts.second_factor.reset", _("Second factor reset")),
        ("accounts.login.unlock", _("Login unlocked")),
        ("accounts.register", _("Account created")),
        ("accounts.complete_account", _("Name and password chosen")),
        ("accounts.profile", _("Profile changed")),
        ("accounts.verify_email", _("E-mail address verified")),
        ("accounts.membership.request", _("Contact role requested")),
        ("accounts.anonymise", _("Person anonymised")),
        ("accounts.password_change", _("Password changed")),
        ("accounts.erasure.request", _("Erasure requested")),
        ("accounts.erasure.carry_out", _("Erasure carried out")),
        ("accounts.email_change.request", _("E-mail change requested")),
        ("accounts.email_change", _("E-mail address changed")),
        ("accounts.membership.decide", _("Contact request decided")),
        ("accounts.newsletter.subscribe", _("Newsletter sign-up requested")),
        ("accounts.newsletter.confirm", _("Newsletter subscription confirmed")),
        ("accounts.newsletter.unsubscribe", _("Unsubscribed from the newsletter")),
    ):
        actions.register_action(name, label, label)


@hooks.register("register_log_actions")
def register_staff_invitation_actions(actions):
    """The staff invitation actions of the action log."""
    for name, label in (
        ("send", _("Staff invitation sent")),
        ("revoke", _("Staff invitation withdrawn")),
        ("accept", _("Staff invitation accepted")),
    ):
        actions.register_action(f"accounts.staff_invitation.{name}", label, label)


class ProgrammeTeamMenuItem(MenuItem):
    """A menu item only the programme team sees (the view checks again)."""

    def is_shown(self, request):
        """True for the programme team."""
        return request.user.is_programme_team


@hooks.register("register_admin_menu_item")
def newsletter_export_menu_item():
    """The programme team's menu item for the newsletter CSV export."""
    return ProgrammeTeamMenuItem(
        _("Newsletter export (CSV)"),
        reverse("accounts_newsletter_export"),
        icon_name="download",
        order=230,
    )


@hooks.register("register_admin_menu_item")
def staff_invitations_menu_item():
    """The "Invitations" menu item (shown to whoever may invite institution staff)."""
    return InvitationsMenuItem(
        _("Invitations"), reverse("accounts_staff_invitations"), icon_name="mail", order=215
    )


@hooks.register("construct_homepage_panels")
def add_erasure_panel(request, panels):
    """The open erasure requests with their deadlines on the programme team's admin home."""
    if request.user.is_programme_team:
        panels.append(ErasureRequestsPanel())
