"""What the enrolment layer announces. Sent inside the service's transaction, so a receiver
that fails (e.g. an invoice that cannot be written) rolls the whole step back.

Every signal is sent with ``enrolment`` and ``user`` (the actor, may be ``None``).
"""

from django.dispatch import Signal

enrolment_confirmed = Signal()
#: Also sent with ``handed_over`` (bool): True when the place went to a colleague or another run.
enrolment_cancelled = Signal()
enrolment_completed = Signal()

#: A place was handed to a colleague: ``enrolment`` is the new one, ``previous`` the old one.
enrolment_substituted = Signal()
#: Staff moved a participant: ``enrolment`` is the new place, ``previous`` the old one.
enrolment_transferred = Signal()
#: An organisation contact enrolled colleagues as one batch. Sent with ``enrolments`` (list),
#: ``organisation``, ``run`` and ``user`` (the contact), inside the transaction, so billing
#: can invoice every place of the batch or roll the batch back.
enrolment_batch_created = Signal()
