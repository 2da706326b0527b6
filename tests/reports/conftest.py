"""Fixtures of the report tests: tailored-format pages for booking requests."""

import pytest


@pytest.fixture
def make_format(home_page):
    from courses.models import TrainingFormatIndexPage, TrainingFormatPage

    index = TrainingFormatIndexPage(title="Maatwerk", slug="maatwerk")
    home_page.add_child(instance=index)
    index.save_revision().publish()

    def make(kind):
        page = TrainingFormatPage(title=kind, slug=kind.replace("_", "-"), kind=kind)
        index.add_child(instance=page)
        page.save_revision().publish()
        return page

    return make
