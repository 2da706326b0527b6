"""Private calendar feeds: create, renew (which revokes the old link)."""

from django.db import transaction

from lms.accounts.audit import record

from .models import CalendarFeed, new_invite_code


def feed_for(user) -> CalendarFeed:
    """The person's calendar feed, created on first use."""
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return feed


def renew_feed(user) -> CalendarFeed:
    """Give ``user`` a new feed token; the old feed URL answers 404 from now on."""
    with transaction.atomic():
        feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
        if not created:
            feed.token = new_invite_code()
            feed.save(update_fields=["token"])
        record(feed, "enrolment.feed_renew", user=user, to_state="renewed")
    return feed
