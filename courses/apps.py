from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page, PageViewRestriction
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from .page_cache import bump_content_version

        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(bump_content_version, dispatch_uid=f"pagecache-{id(signal)}")
        post_delete.connect(bump_content_version, sender=Page, dispatch_uid="pagecache-delete")
        # A new or changed view restriction must not be bypassed by a cached copy.
        for signal in (post_save, post_delete):
            signal.connect(
                bump_content_version,
                sender=PageViewRestriction,
                dispatch_uid=f"pagecache-restriction-{id(signal)}",
            )

        from . import moderation

        moderation.connect()
