"""News items and their RSS and Atom feeds."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(home_page):
    from home.models import NewsIndexPage, NewsPage

    index = NewsIndexPage(title="Nieuws", slug="nieuws", intro="Nieuws van het programma.")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    for day, title in ((1, "Oud bericht"), (20, "Nieuw bericht")):
        item = NewsPage(
            title=title,
            slug=title.lower().replace(" ", "-"),
            date=dt.date(2026, 11, day),
            intro=f"Samenvatting van {title.lower()}.",
        )
        index.add_child(instance=item)
        item.save_revision().publish()
    draft = NewsPage(title="Concept", slug="concept", date=dt.date(2026, 11, 25), intro="Nog niet.")
    index.add_child(instance=draft)
    draft.save_revision()
    NewsPage.objects.filter(pk=draft.pk).update(live=False)
    return index


def test_news_index_lists_live_items_newest_first(client, news):
    response = client.get(news.url)
    assert response.status_code == 200
    assert [p.title for p in response.context["news_items"]] == ["Nieuw bericht", "Oud bericht"]


def test_rss_feed(client, news):
    response = client.get(news.url + "feed/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    items = root.findall("./channel/item")
    assert [i.findtext("title") for i in items] == ["Nieuw bericht", "Oud bericht"]
    assert items[0].findtext("link").endswith("/nieuws/nieuw-bericht/")
    assert "Concept" not in response.content.decode()


def test_atom_feed(client, news):
    response = client.get(news.url + "feed/atom/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.fromstring(response.content)
    assert [e.findtext("a:title", namespaces=ns) for e in root.findall("a:entry", ns)] == [
        "Nieuw bericht",
        "Oud bericht",
    ]
