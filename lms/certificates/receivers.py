"""Reactions of the certificates app.

- To the enrolment layer: a completed enrolment earns its certificate, in the same
  transaction, so a certificate that cannot be written rolls the completion back.
- To its own ``certificate_issued``: the PDF is rendered in the background once the issuing
  transaction commits (nothing is rendered for an issue that rolled back).
"""

from functools import partial

from django.db import transaction
from django.dispatch import receiver

from lms.enrolment.signals import enrolment_completed

from .issuing import issue_for_enrolment
from .signals import certificate_issued
from .tasks import render_certificate_pdf


@receiver(enrolment_completed)
def issue_certificate_on_completion(sender, enrolment, user=None, **kwargs):
    """Issue the certificate of ``enrolment`` (once; see :func:`issue_for_enrolment`)."""
    issue_for_enrolment(enrolment, user=user)


@receiver(certificate_issued)
def render_pdf_after_commit(sender, certificate, **kwargs):
    """Enqueue the PDF of a newly issued ``certificate`` when the transaction commits."""
    transaction.on_commit(partial(render_certificate_pdf.enqueue, certificate.pk))
