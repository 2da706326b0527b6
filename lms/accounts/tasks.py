"""Background e-mail. Enqueue with :func:`send_email_on_commit` so nothing is sent for a step
that rolled back."""

from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task


@task()
def send_email(to: list[str], template: str, context: dict, language: str) -> int:
    """Render ``<template>_subject.txt`` and ``<template>_body.txt`` in ``language`` and send.

    Args:
        to: recipient addresses.
        template: template path prefix, e.g. ``"accounts/email/verify"``.
        context: JSON-serialisable template context.
        language: "nl" or "en".

    Returns:
        The number of messages sent (0 or 1).
    """
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    return message.send()


def send_email_on_commit(to: list[str], template: str, context: dict, language: str) -> None:
    """Enqueue :func:`send_email` when the current transaction commits."""
    transaction.on_commit(partial(send_email.enqueue, to, template, context, language))
