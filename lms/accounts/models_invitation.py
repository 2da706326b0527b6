"""``StaffInvitation``: an e-mail invitation to become editor or manager of an institution.

Kept apart from ``models.py`` (imported there) so that module stays within bounds. The rules
(who may invite whom, single use, bound to the address, expiry) live in
``lms.accounts.staff_invitations``; the institution is referred to by string, so the domain
never imports the CMS.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .model_fields import person_link
from .querysets import ScopedQuerySet


class StaffInvitationQuerySet(ScopedQuerySet):
    require_active = True

    def visible_to(self, user):
        """Invitations ``user`` may see: all for the programme team; for an institution
        manager those to the institutions they manage; none otherwise (nor for an inactive
        account)."""
        from .institutions import managed_page_paths, under_paths

        return self.filter(under_paths("institution__path", managed_page_paths(user)))

    def open(self, now=None):
        """Invitations that can still be accepted at ``now``: not accepted, not revoked,
        not expired."""
        now = now or timezone.now()
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)


class StaffInvitation(models.Model):
    """An invitation, sent to ``email``, to join ``institution`` in ``role``.

    Accepted once (``accepted_at``, ``accepted_by``) by the account with exactly that address
    before ``expires_at``; ``revoked_at`` ends it early. The link in the mail is a signed token
    of the id (``lms.accounts.signed_links``); nothing secret is stored.
    """

    class Role(models.TextChoices):
        EDITOR = "editor", pgettext_lazy("institution role", "Editor")
        MANAGER = "manager", pgettext_lazy("institution role", "Manager")

    institution = models.ForeignKey(
        "courses.InstitutionPage",
        on_delete=models.CASCADE,
        related_name="staff_invitations",
        verbose_name=_("institution"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    email = models.EmailField(_("e-mail address"))
    invited_by = person_link(_("invited by"), blank=False)
    created_at = models.DateTimeField(_("invited at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = person_link(_("accepted by"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = StaffInvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff invitation")
        verbose_name_plural = _("staff invitations")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.email} – {self.institution} ({self.get_role_display()})"
