"""Certificate transitions, one import for callers: issue (:mod:`.issuing`), render the PDF
once (:mod:`.stored_pdf`), complete a run and record an assessment (:mod:`.completion`),
revoke, correct a name and keep registration numbers (:mod:`.corrections`).

Each service is one transaction that locks what it decides on, writes and records an
action-log entry; refusals raise :class:`~lms.certificates.exceptions.CertificateError` and
change nothing.
"""

from .completion import RunCompletion, complete_run, enqueue_run_issue, record_assessment
from .corrections import correct_name, revoke_certificate, set_register_number
from .issuing import (
    CertificateSubject,
    issue_certificate,
    issue_for_enrolment,
    issue_for_run,
)
from .stored_pdf import ensure_pdf

__all__ = [
    "CertificateSubject",
    "RunCompletion",
    "complete_run",
    "correct_name",
    "enqueue_run_issue",
    "ensure_pdf",
    "issue_certificate",
    "issue_for_enrolment",
    "issue_for_run",
    "record_assessment",
    "revoke_certificate",
    "set_register_number",
]
