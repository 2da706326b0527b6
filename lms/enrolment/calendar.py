"""iCalendar output: one event per session, in Europe/Amsterdam with a proper VTIMEZONE.

Used for the ``.ics`` attached to confirmations and for each person's private feed.
"""

import zoneinfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, Timezone

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def sessions_calendar(sessions, *, name: str, link_runs=None) -> bytes:
    """Return an iCalendar document (bytes) with one VEVENT per session.

    Args:
        sessions: ``Session`` objects with their ``run`` (and its module) loaded.
        name: the calendar's display name.
        link_runs: ids of the runs whose online links may be shown (the person is a confirmed
            participant); ``None`` shows every session's link.

    Times are written as local Europe/Amsterdam times with a ``TZID`` and the matching
    VTIMEZONE, so calendars show them right across daylight-saving changes.
    """
    calendar = Calendar()
    calendar.add("prodid", "-//Gebiedsschool//enrolment//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add_component(Timezone.from_tzid("Europe/Amsterdam"))
    site = settings.SITE_URL.rstrip("/").split("//")[-1]
    for session in sessions:
        event = Event()
        event.add("uid", f"session-{session.pk}@{site}")
        event.add("dtstamp", timezone.now())
        event.add("dtstart", session.starts_at.astimezone(AMSTERDAM))
        event.add("dtend", session.ends_at.astimezone(AMSTERDAM))
        title = session.run.display_title
        event.add("summary", f"{title} – {session.title}" if session.title else title)
        if session.where:
            event.add("location", session.where)
        if session.online_url and (link_runs is None or session.run_id in link_runs):
            event.add("url", session.online_url)
        calendar.add_component(event)
    return calendar.to_ical()
