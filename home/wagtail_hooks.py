"""The admin's look: the site's colours for the Wagtail admin (static/css/admin.css)."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_css")
def admin_colours() -> str:
    """The ``<link>`` to static/css/admin.css, loaded on every admin page after Wagtail's own
    CSS (so its custom properties win)."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))
