"""Web basics: a meta description on every page (page, intro, site default), robots.txt and
Wagtail's sitemap, canonical link and Open Graph tags, a favicon, the home title, autocomplete
tokens on personal data, no autocomplete on the hidden honeypot, compressed HTML, no Gravatar."""

import gzip
import re

import brotli
import pytest
from django.conf import settings
from django.urls import reverse

from home.templatetags.seo_tags import page_description

pytestmark = pytest.mark.django_db


def head(response) -> str:
    return response.content.decode().split("</head>")[0]


def meta(response, attribute: str, name: str) -> str | None:
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', head(response))
    return match.group(1) if match else None


def test_home_title_and_description_from_intro(client, home_page):
    response = client.get("/")
    title = re.search(r"<title>(.*?)</title>", response.content.decode()).group(1)
    assert title == "Gebiedsschool – leerplatform voor gebiedstransformatie"
    assert "Gebiedsschool – Gebiedsschool" not in title
    assert meta(response, "name", "description") == "Het leerplatform."


def test_search_description_wins_and_is_used_for_open_graph(client, module):
    module.search_description = "Alles over businesscases."
    module.save_revision().publish()
    response = client.get(module.url)
    assert meta(response, "name", "description") == "Alles over businesscases."
    assert meta(response, "property", "og:description") == "Alles over businesscases."
    assert meta(response, "property", "og:title") == module.title
    canonical = settings.SITE_URL.rstrip("/") + module.url
    assert f'<link rel="canonical" href="{canonical}">' in head(response)
    assert meta(response, "property", "og:url") == canonical


def test_non_cms_view_gets_the_site_default(client, home_page):
    response = client.get(reverse("accounts:login"))
    description = meta(response, "name", "description")
    assert description and description.startswith("De Gebiedsschool is het leerplatform")
    assert meta(response, "property", "og:site_name") == "Gebiedsschool"


def test_long_intro_is_cut_to_160_characters(home_page):
    home_page.intro = "woord " * 100
    assert len(page_description(home_page)) <= 160


def test_favicon_linked_and_served(client, home_page):
    response = client.get("/")
    assert 'rel="icon"' in head(response)
    redirect = client.get("/favicon.ico")
    assert redirect.status_code == 301 and redirect["Location"].endswith("favicon.svg")


def test_robots_txt_disallows_private_parts_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    for path in ("/account/", "/beheer/", "/zoeken/"):
        assert f"Disallow: {path}\n" in body
    assert f"Sitemap: {settings.SITE_URL.rstrip('/')}/sitemap.xml" in body


def test_sitemap_lists_live_pages(client, module):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<urlset" in body and module.url in body


def test_html_is_compressed_with_brotli_or_gzip(client, home_page):
    plain = client.get("/").content
    br = client.get("/", HTTP_ACCEPT_ENCODING="br")
    assert br["Content-Encoding"] == "br"
    assert brotli.decompress(br.content) == plain
    gz = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert gz["Content-Encoding"] == "gzip"
    assert gzip.decompress(gz.content) == plain
    assert "Accept-Encoding" in br["Vary"]


def test_personal_data_fields_carry_autocomplete_tokens(client, catalogue):
    signup = client.get(reverse("accounts:signup")).content.decode()
    for name, token in (
        ("first_name", "given-name"),
        ("last_name", "family-name"),
        ("email", "email"),
    ):
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', signup).group(0)
        assert f'autocomplete="{token}"' in tag, tag


def test_booking_form_phone_is_tel_and_honeypot_has_no_autocomplete():
    from lms.bookings.forms import BookingRequestForm

    form = BookingRequestForm()
    phone = str(form["contact_phone"])
    assert 'type="tel"' in phone and 'autocomplete="tel"' in phone
    assert 'autocomplete="organization"' in str(form["organisation_name"])
    assert 'autocomplete="email"' in str(form["contact_email"])
    honeypot = str(form["website"])
    assert 'type="hidden"' in honeypot and "autocomplete" not in honeypot


def test_no_gravatar(admin_client):
    from wagtail.users.utils import get_gravatar_url

    assert get_gravatar_url("iemand@example.com") is None
    response = admin_client.get("/beheer/")
    assert "gravatar" not in response.content.decode().lower()
