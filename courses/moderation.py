"""Moderation mails: the editor who submitted a page hears of approval or rejection, with the
reviewers' comments.

Wagtail's own approval and rejection mails leave the comment out, so these receivers take their
place: :func:`connect` registers them under Wagtail's ``dispatch_uid``s for
``workflow_approved`` / ``workflow_rejected``. It runs in ``CoursesConfig.ready``, before
``wagtail.admin``'s ready, and Django ignores a second receiver with the same uid, so the editor
gets exactly one mail (tests/courses/test_moderation.py checks it). The signals are sent inside
the review's transaction, so the mail goes out only when it commits.
"""

from django.conf import settings
from django.urls import reverse
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import workflow_approved, workflow_rejected

from lms.accounts.tasks import send_email_on_commit

# Wagtail's uids (wagtail/admin/signal_handlers.py), taken over on purpose.
APPROVED_UID = "workflow_state_approved_email_notification"
REJECTED_UID = "workflow_state_rejected_email_notification"


def _notify(workflow_state, user, outcome: str) -> None:
    editor = workflow_state.requested_by
    if editor is None or not editor.email:
        return
    page = workflow_state.content_object
    comments = [
        text
        for text in workflow_state.task_states.exclude(status=TaskState.STATUS_IN_PROGRESS)
        .order_by("finished_at", "pk")
        .values_list("comment", flat=True)
        if text
    ]
    edit_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "wagtailadmin_pages:edit", args=[page.pk]
    )
    send_email_on_commit(
        [editor.email],
        f"courses/email/moderation_{outcome}",
        {
            "name": editor.get_full_name() or editor.email,
            "title": page.title,
            "reviewer": str(user) if user else "",
            "comment": "\n\n".join(comments),
            "edit_url": edit_url,
        },
        getattr(editor, "language", settings.LANGUAGE_CODE),
    )


def mail_editor_on_approval(sender, instance, user=None, **kwargs):
    """Tell the submitting editor that the page was approved, with the comments."""
    _notify(instance, user, "approved")


def mail_editor_on_rejection(sender, instance, user=None, **kwargs):
    """Tell the submitting editor that changes were requested, with the comments."""
    _notify(instance, user, "rejected")


def connect() -> None:
    """Register the receivers in place of Wagtail's comment-less mails (see module doc)."""
    workflow_approved.connect(
        mail_editor_on_approval, sender=WorkflowState, dispatch_uid=APPROVED_UID
    )
    workflow_rejected.connect(
        mail_editor_on_rejection, sender=WorkflowState, dispatch_uid=REJECTED_UID
    )
