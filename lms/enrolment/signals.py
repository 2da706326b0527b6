"""What the enrolment layer announces. Sent inside the service's transaction, so a receiver
that fails (e.g. an invoice that cannot be written) rolls the whole step back.

Every signal is sent with ``enrolment`` and ``user`` (the actor, may be ``None``).
"""

from django.dispatch import Signal

enrolment_confirmed = Signal()
enrolment_cancelled = Signal()
enrolment_completed = Signal()

#: Sent when an organisation contact enrols a batch of colleagues in one run, with
#: ``enrolments`` (the new places), ``organisation`` (who pays) and ``user`` (the contact).
enrolment_batch_created = Signal()
