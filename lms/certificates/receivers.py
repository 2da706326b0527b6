"""Reacts to the enrolment layer: a completed enrolment earns its certificate, in the same
transaction, so a certificate that cannot be written rolls the completion back."""

from django.dispatch import receiver

from lms.enrolment.signals import enrolment_completed

from .services import issue_for_enrolment


@receiver(enrolment_completed)
def issue_certificate_on_completion(sender, enrolment, user=None, **kwargs):
    issue_for_enrolment(enrolment, user=user)
