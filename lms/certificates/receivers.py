"""Reactions of the certificates app.

- To the enrolment layer: a completed enrolment earns its certificate, in the same
  transaction, so a certificate that cannot be written rolls the completion back.
- To its own ``certificate_issued``: the PDF is rendered in the background once the issuing
  transaction commits (nothing is rendered for an issue that rolled back).
- To any saved or deleted certificate: the cached verification pages are forgotten, now and
  again after the commit (a page rendered in between from the old row is not kept).
"""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from lms.enrolment.signals import enrolment_completed

from . import verify_cache
from .issuing import issue_for_enrolment
from .models import Certificate
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


@receiver(post_save, sender=Certificate, dispatch_uid="certificates.verify_cache.save")
@receiver(post_delete, sender=Certificate, dispatch_uid="certificates.verify_cache.delete")
def forget_verification_pages(sender, **kwargs):
    """Drop the cached verification pages when a certificate changes (see ``verify_cache``)."""
    verify_cache.bump_version()
    transaction.on_commit(verify_cache.bump_version)
