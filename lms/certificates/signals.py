"""What the certificates app announces.

``certificate_issued(sender=Certificate, certificate=…)`` is sent inside the issuing
transaction; :mod:`lms.certificates.receivers` renders the PDF once the transaction commits.
"""

from django.dispatch import Signal

certificate_issued = Signal()
