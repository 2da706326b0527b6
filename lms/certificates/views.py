"""Public verification and the private PDF download."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from .codes import normalise_code
from .models import Certificate


def verify(request, code: str):
    """Public: confirm that a certificate exists; 404 for an unknown code.

    Shows the holder's name, module, institution and date, and nothing more.
    """
    certificate = get_object_or_404(Certificate, code=normalise_code(code))
    response = render(request, "certificates/verify.html", {"certificate": certificate})
    response["Cache-Control"] = "no-cache"
    return response


def download(request, pk: int):
    """The certificate PDF, only for its holder and staff (404 for anyone else)."""
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    certificate = get_object_or_404(Certificate.objects.for_user(request.user), pk=pk)
    if not certificate.pdf:
        raise Http404
    response = FileResponse(
        certificate.pdf.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"certificaat-{certificate.formatted_code}.pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response
