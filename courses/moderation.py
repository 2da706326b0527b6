"""Moderation mails: the editor who submitted a page hears of approval or rejection, with the
reviewer's comment. Connected to Wagtail's ``task_approved`` / ``task_rejected`` signals, which
are sent inside the transaction of the review, so the mail goes out only when it commits."""

from django.conf import settings
from django.dispatch import receiver
from django.urls import reverse
from wagtail.signals import task_approved, task_rejected

from lms.accounts.tasks import send_email_on_commit


def _notify(task_state, user, outcome: str) -> None:
    workflow_state = task_state.workflow_state
    editor = workflow_state.requested_by
    if editor is None or not editor.email or (user is not None and editor.pk == user.pk):
        return
    page = workflow_state.content_object
    edit_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "wagtailadmin_pages:edit", args=[page.pk]
    )
    send_email_on_commit(
        [editor.email],
        f"courses/email/moderation_{outcome}",
        {
            "name": editor.get_full_name() or editor.email,
            "title": page.title,
            "task": task_state.task.name,
            "reviewer": str(user) if user else "",
            "comment": task_state.comment,
            "edit_url": edit_url,
        },
        getattr(editor, "language", settings.LANGUAGE_CODE),
    )


@receiver(task_approved)
def mail_editor_on_approval(sender, instance, user=None, **kwargs):
    """Tell the submitting editor that the page was approved, with the comment."""
    _notify(instance, user, "approved")


@receiver(task_rejected)
def mail_editor_on_rejection(sender, instance, user=None, **kwargs):
    """Tell the submitting editor that changes were requested, with the comment."""
    _notify(instance, user, "rejected")
