"""What the platform keeps about one person, for the download "my data" (AVG art. 15 right of
access, art. 20 right to data portability).

Each app describes its own data in a ``personal_data.py`` module with
:func:`personal_data_section`; :meth:`AccountsConfig.ready` imports those modules of every
installed app, so data that a later app adds is part of the download without editing the view.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    """One part of the download: a stable key (JSON), a title (PDF) and the rows' source."""

    key: str
    title: str
    rows: Callable  # (user) -> list[dict] of JSON-serialisable values


_SECTIONS: dict[str, Section] = {}


def personal_data_section(key: str, title) -> Callable:
    """Decorator: register ``func(user) -> list[dict]`` as the section ``key`` of the download.

    Registering a key twice replaces the earlier one (module reloads in development)."""

    def register(func):
        _SECTIONS[key] = Section(key, title, func)
        return func

    return register


def rows(queryset, *fields: str) -> list[dict]:
    """The ``fields`` of each row of ``queryset`` as plain JSON values (dates as ISO 8601 in
    UTC, amounts as strings in euros)."""
    encoder = DjangoJSONEncoder()
    return [
        {k: json.loads(encoder.encode(v)) for k, v in row.items()}
        for row in queryset.values(*fields)
    ]


def collect(user) -> dict:
    """Everything registered about ``user``: ``{"generated_at": ..., "sections": {key: rows}}``
    with the sections in registration order."""
    return {
        "generated_at": timezone.now().isoformat(),
        "sections": {s.key: s.rows(user) for s in _SECTIONS.values()},
    }


def sections() -> list[Section]:
    """The registered sections, in registration order (for titles in the PDF)."""
    return list(_SECTIONS.values())


@personal_data_section("account", _("Account"))
def _account(user) -> list[dict]:
    from .models import User

    return rows(
        User.objects.filter(pk=user.pk),
        "email",
        "first_name",
        "last_name",
        "certificate_name",
        "language",
        "date_joined",
        "last_login",
        "email_verified_at",
    )


@personal_data_section("organisation_memberships", _("Organisation memberships"))
def _memberships(user) -> list[dict]:
    from .models import OrganisationMembership

    return rows(
        OrganisationMembership.objects.filter(user=user),
        "organisation__name",
        "role",
        "status",
        "job_title",
        "requested_at",
        "verified_at",
    )


@personal_data_section("newsletter", _("Newsletter"))
def _newsletter(user) -> list[dict]:
    from .models import Subscriber

    return rows(
        Subscriber.objects.filter(email__iexact=user.email),
        "email",
        "state",
        "language",
        "requested_at",
        "confirmed_at",
        "unsubscribed_at",
    )
