"""RSS and Atom feeds of the news items under a NewsIndexPage."""

import datetime as dt
import zoneinfo

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
FEED_LENGTH = 20  # items; readers poll often, older news stays on the site


class NewsRssFeed(Feed):
    """RSS 2.0 feed of the newest news items of ``index_page``."""

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def title(self):
        return self.index_page.title

    def link(self):
        return self.index_page.url

    def description(self):
        return self.index_page.specific.intro

    def items(self):
        return self.index_page.specific.news_items()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        # A news item has a date only; publish it at noon Amsterdam time.
        return dt.datetime.combine(item.date, dt.time(12), tzinfo=AMSTERDAM)


class NewsAtomFeed(NewsRssFeed):
    """The same items as an Atom 1.0 feed."""

    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()
