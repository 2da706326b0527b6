"""The visible title of the project's own admin pages (issue 24)."""

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin


class TitledAdminMixin(WagtailAdminTemplateMixin):
    """An admin page whose header names it. Wagtail's slim header shows the last breadcrumb as
    the page's visible title, and its default breadcrumbs stop at "Home", so a custom page that
    only sets ``page_title`` read "Home" in its header. Views with a parent page (a run, a
    listing) give their own ``get_breadcrumbs_items`` instead."""

    def get_breadcrumbs_items(self):
        """Wagtail's breadcrumbs (Home) and then this page's title, without a link: a list of
        ``{"url": str, "label": str}`` dicts."""
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]
