"""What the portal's pages show of a person or an organisation, kept in the cache so that a
repeat visit costs (almost) no queries when nothing changed: the side panels of "Mijn
leeromgeving" (invoices, open evaluations), its body (:func:`dashboard`: enrolments,
certificates, calendar link, organisations) and the organisation portal's enrolments table
and suggested runs (:func:`entries` with an organisation).

Each person and each organisation has a panel *version* (a random token in the cache).
Saving or deleting a row a page shows (invoice, credit note, payment, evaluation, enrolment,
offer, session, run, certificate, lesson progress, checkout record, calendar feed, booking request,
organisation, organisation membership, participant's name) gives the people and
organisations it concerns a new version, at once and again once the transaction commits
(``lms/portal/receivers.py``), so their next visit computes the entries afresh. Every key holds
the person's id (and the organisation's), so an entry is never served to someone else.
Besides that:

- the invoices' key holds today's date (Europe/Amsterdam): an invoice turns overdue at midnight;
- the evaluations' entry lives no longer than the first of them stays open;
- a fragment lives no longer than the first moment at which time alone changes it (a session
  starts or ends, an offer or the right of withdrawal expires), as its builder says;
- every entry lives at most :data:`PANEL_SECONDS` (so a change that sends no signal, such as
  ``QuerySet.update``, shows within that time); every key holds the language.

Fragments are HTML rendered without the request: a form in them carries :data:`CSRF_MARK`,
which :func:`with_csrf` replaces with the visitor's own token on every visit.

The panels' contents are what ``lms.billing.selectors.invoices_of`` and
``lms.enrolment.evaluations.open_evaluations`` return: this module only stores them.
"""

import datetime as dt
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from lms.billing.selectors import invoices_of
from lms.enrolment.evaluations import open_evaluations

#: The longest an entry lives, in seconds, also when nothing was saved (a safety net for
#: changes that send no signal, such as ``QuerySet.update``).
PANEL_SECONDS = 600
#: Stands for the CSRF field in a cached fragment (escaped text can hold no ``<!--``).
CSRF_MARK = mark_safe("<!--csrf-->")
_VERSION = "portal:panels:version:{}"
_ORG_VERSION = "portal:panels:orgversion:{}"


def _versions(*keys: str) -> list[str]:
    """The version tokens under ``keys`` (one cache round trip), made where missing."""
    found = cache.get_many(keys)
    versions = []
    for key in keys:
        version = found.get(key)
        if version is None:
            version = uuid.uuid4().hex
            if not cache.add(key, version, timeout=None):
                version = cache.get(key) or version
        versions.append(version)
    return versions


def bump(user_ids) -> None:
    """Give each of ``user_ids`` (ints; ``None`` entries are skipped) a new panel version, so
    their panels are computed afresh on their next visit."""
    keys = {_VERSION.format(pk): uuid.uuid4().hex for pk in set(user_ids) if pk is not None}
    if keys:
        cache.set_many(keys, timeout=None)


def bump_organisations(organisation_ids) -> None:
    """Give each of ``organisation_ids`` (ints; ``None`` skipped) a new version, so what the
    organisation portal shows of them is computed afresh on its next visit."""
    ids = {pk for pk in set(organisation_ids) if pk is not None}
    if ids:
        cache.set_many({_ORG_VERSION.format(pk): uuid.uuid4().hex for pk in ids}, timeout=None)


def _prefix(user, organisation_id=None) -> list[str]:
    """The start of ``user``'s keys: their id and version, the language and, for the
    organisation portal, the organisation's id and version."""
    keys = [_VERSION.format(user.pk)]
    if organisation_id is not None:
        keys.append(_ORG_VERSION.format(organisation_id))
    versions = _versions(*keys)
    prefix = ["portal:panel", str(user.pk), versions[0], translation.get_language() or ""]
    if organisation_id is not None:
        prefix += ["org", str(organisation_id), versions[1]]
    return prefix


def _store(key: str, build: Callable, now: dt.datetime):
    """``build()``'s value, stored under ``key`` until the moment ``build`` gives (``None``:
    :data:`PANEL_SECONDS`), at most :data:`PANEL_SECONDS`."""
    value, until = build()
    latest = now + dt.timedelta(seconds=PANEL_SECONDS)
    until = latest if until is None else min(until, latest)
    seconds = int((until - now).total_seconds())
    if seconds > 0:
        cache.set(key, (until, value), seconds)
    return value


def entries(user, builds: dict, organisation_id=None, now=None) -> dict:
    """The entries of ``builds`` for ``user``, from the cache when kept (one round trip for
    the versions, one for the entries), else built and stored.

    Args:
        user: the visitor; every key holds their id and version.
        builds: ``(name, *parts)`` → a callable returning ``(value, until)``: ``until`` is
            the moment (UTC) at which time alone changes the value, or ``None``; ``parts``
            (strings) are whatever else decides the value (a host, a path, a day).
        organisation_id: for the organisation portal: the keys also hold the organisation's
            id and version. The caller checks on every visit that ``user`` is its contact.
        now: the visit's moment (UTC), default now.

    Returns:
        ``(name, *parts)`` → value, in the order of ``builds``.
    """
    now = now or timezone.now()
    prefix = _prefix(user, organisation_id)
    keys = {entry: ":".join([*prefix, *map(str, entry)]) for entry in builds}
    stored = cache.get_many(list(keys.values()))
    found = {}
    for entry, build in builds.items():
        hit = stored.get(keys[entry])
        if hit is not None and hit[0] > now:
            found[entry] = hit[1]
        else:
            found[entry] = _store(keys[entry], build, now)
    return found


def with_csrf(html: str, request) -> SafeString:
    """``html`` (a fragment) with each :data:`CSRF_MARK` replaced by the CSRF field of
    ``request``'s visitor."""
    field = format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
    )
    return mark_safe(html.replace(CSRF_MARK, field))


def _invoices(user):
    return invoices_of(user), None


def _evaluations(user, now):
    found = open_evaluations(user, now)
    return found, min([e.closes_at for e in found], default=None)


def dashboard(user, body: Callable, *parts, now=None) -> tuple:
    """What "Mijn leeromgeving" shows ``user``: ``(body(), invoices, evaluations)`` (see
    :func:`entries` for ``body``, ``parts``; :func:`invoices`, :func:`evaluations`), read from
    the cache in two round trips when nothing changed."""
    now = now or timezone.now()
    builds = {
        ("dashboard", *parts): body,
        ("invoices", timezone.localdate().isoformat()): lambda: _invoices(user),
        ("evaluations",): lambda: _evaluations(user, now),
    }
    return tuple(entries(user, builds, now=now).values())


def invoices(user) -> list:
    """``invoices_of(user)`` (their invoices with state, refund and pay flags), from the cache
    when nothing changed today."""
    entry = ("invoices", timezone.localdate().isoformat())
    return entries(user, {entry: lambda: _invoices(user)})[entry]


def evaluations(user, now=None) -> list:
    """``open_evaluations(user, now)`` (the evaluations still open to them, with
    ``closes_at``), from the cache until the first of them closes or something changes."""
    now = now or timezone.now()
    return entries(user, {("evaluations",): lambda: _evaluations(user, now)}, now=now)[
        ("evaluations",)
    ]
