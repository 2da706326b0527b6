"""Background work for certificates: render one PDF, or issue a whole run's certificates.

Both are idempotent, so a retried or repeated task issues and renders nothing twice.
"""

from django.contrib.auth import get_user_model
from django_tasks import task

from lms.enrolment.models import CourseRun

from .issuing import issue_for_run
from .models import Certificate
from .stored_pdf import ensure_pdf


@task()
def render_certificate_pdf(certificate_id: int) -> bool:
    """Render and store the PDF of certificate ``certificate_id`` unless it exists.

    Returns:
        True (the PDF is stored).
    """
    ensure_pdf(Certificate.objects.get(pk=certificate_id))
    return True


@task()
def issue_run_certificates(run_id: int, user_id: int | None = None) -> int:
    """Issue the certificates of every completed enrolment of run ``run_id`` and render the
    missing PDFs.

    Returns:
        The number of certificates newly issued (0 when run again).
    """
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return issue_for_run(CourseRun.objects.get(pk=run_id), user=user)
