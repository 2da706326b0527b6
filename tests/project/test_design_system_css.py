"""Issue 24 item 4: the served design-system CSS (static/vendor/nlds/nlds.css, built by
`make assets`) holds only the rules we use, minified, under a size bound, and still holds what
the templates need."""

from django.contrib.staticfiles import finders

#: The whole Utrecht bundle was 243 kB; purged and minified it is about 80 kB.
MAX_BYTES = 100_000


def served_css() -> str:
    path = finders.find("vendor/nlds/nlds.css")
    assert path, "nlds.css is not among the static files"
    with open(path, encoding="utf-8") as file:
        return file.read()


def test_design_system_css_is_purged_and_minified():
    css = served_css()
    assert len(css.encode()) < MAX_BYTES
    body = css.split("*/", 1)[1]  # after the licence header
    assert body.count("\n") <= 2 and "  " not in body and "/*" not in body
    # components no template uses are gone
    assert ".utrecht-page-header" not in body and ".utrecht-status-badge" not in body


def test_design_system_css_keeps_what_the_templates_use():
    body = served_css()
    for selector in (
        ".utrecht-theme{",
        ".utrecht-skip-link--visible-on-focus",
        ".utrecht-alert--error",
        ".utrecht-alert--ok",
        ".utrecht-breadcrumb-nav__link--current",
        ".utrecht-html h1",
        ".utrecht-html blockquote",  # rich text can hold it
        ".utrecht-html input[type=radio i]",
    ):
        assert selector in body, selector
