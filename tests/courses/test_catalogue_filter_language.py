"""Issue 24 item 3: in English the audience filter speaks English (each level's English name;
the Dutch one, marked lang="nl", where none is filled in) and the theme filter's Dutch tag
names are marked lang="nl" with a short note; in Dutch nothing is marked."""

import re

import pytest

from courses.models import AudienceLevel

pytestmark = pytest.mark.django_db


@pytest.fixture
def levelled_module(make_module, catalogue):
    civil = AudienceLevel.objects.create(
        slug="ambtenaren", name="Ambtenaren", name_en="Civil servants"
    )
    council = AudienceLevel.objects.create(slug="raad", name="Raadsleden", sort_order=1)
    return make_module(tags=["financiering"], levels=[civil, council])


def test_english_catalogue_filters_are_in_one_language(client, levelled_module, catalogue):
    client.cookies["gs_language"] = "en"
    body = client.get(catalogue.url).content.decode()
    assert '<option value="ambtenaren">Civil servants</option>' in body
    assert '<option value="raad" lang="nl">Raadsleden</option>' in body
    assert re.search(r'<option value="financiering" lang="nl">financiering</option>', body)
    assert 'aria-describedby="id_theme_helptext"' in body
    assert "Themes are named in Dutch." in body
    assert re.search(r'<ul class="tags" aria-label="Themes" lang="nl">', body)


def test_dutch_catalogue_filters_carry_no_marks(client, levelled_module, catalogue):
    body = client.get(catalogue.url).content.decode()
    assert '<option value="ambtenaren">Ambtenaren</option>' in body
    assert '<option value="financiering">financiering</option>' in body
    assert "Thema's hebben" not in body and 'lang="nl"' not in body.split("<body", 1)[1]


def test_module_page_names_its_audience_in_the_interface_language(client, levelled_module):
    client.cookies["gs_language"] = "en"
    body = client.get(levelled_module.url).content.decode()
    assert 'Civil servants, <span lang="nl">Raadsleden</span>' in body
    assert '<dd lang="nl">financiering</dd>' in body
