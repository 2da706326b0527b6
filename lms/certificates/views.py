"""Public verification, the private PDF download, and the participant's own registers and
points."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from . import selectors, services, verify_cache
from .codes import normalise_code
from .exceptions import CertificateError
from .forms import CertificateLookupForm
from .models import Certificate, ProfessionalRegister, RegisterNumber

#: Verification lookups allowed per client address (django-ratelimit rate syntax).
DEFAULT_VERIFY_RATE = "30/m"


def _client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _verify_rate(group, request):
    if _client_ip(request) in getattr(settings, "CERTIFICATE_VERIFY_EXEMPT_IPS", ()):
        return None  # e.g. the benchmark client: never limited
    return getattr(settings, "CERTIFICATE_VERIFY_RATE", DEFAULT_VERIFY_RATE)


def verify(request, code: str):
    """Public: say whether a certificate is valid, expired or revoked; 404 for an unknown code.

    Shows the holder's name, module, institution and date, and nothing more. Lookups are
    rate-limited per client address (``CERTIFICATE_VERIFY_RATE``; addresses in
    ``CERTIFICATE_VERIFY_EXEMPT_IPS`` are exempt); over the limit answers 429. An anonymous
    visitor's page comes from :mod:`.verify_cache` when it was rendered moments ago.
    """
    if is_ratelimited(
        request, group="certificates.verify", key="ip", rate=_verify_rate, increment=True
    ):
        response = render(request, "certificates/rate_limited.html", status=429)
        response["Retry-After"] = "60"
        return response
    normalised = normalise_code(code)[:32]
    cached = verify_cache.cached_response(request, normalised)
    if cached is not None:
        return cached
    certificate = (
        Certificate.objects.only(*Certificate.VERIFIED_FIELDS).filter(code=normalised).first()
    )
    if certificate is None:
        form = CertificateLookupForm(initial={"code": code[:40]})
        return render(request, "certificates/not_found.html", {"form": form}, status=404)
    response = render(
        request,
        "certificates/verify.html",
        {"certificate": certificate, "status": certificate.status_on(timezone.localdate())},
    )
    response["Cache-Control"] = "no-cache"
    verify_cache.store(request, normalised, response)
    return response


def lookup(request):
    """Public: the form at /certificaat/ where an employer types a code; a filled-in code goes
    to its verification page (:func:`verify` answers, rate limit included)."""
    form = CertificateLookupForm(request.GET or None)
    if form.is_valid():
        return redirect("certificates:verify", code=form.cleaned_data["code"])
    return render(request, "certificates/lookup.html", {"form": form})


def download(request, pk: int):
    """The certificate PDF for its holder, the contacts of the organisation that enrolled or
    paid for them, the institution's managers and the programme team (404 for anyone else).
    The PDF is rendered once, on first need, and then served from private storage."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    certificate = get_object_or_404(Certificate.objects.for_user(request.user), pk=pk)
    certificate = services.ensure_pdf(certificate)
    response = FileResponse(
        certificate.pdf.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"certificaat-{certificate.formatted_code}.pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def my_registers(request):
    """The participant's registration numbers (editable) and PE points per register per year."""
    registers = list(ProfessionalRegister.objects.all())
    if request.method == "POST":
        numbers = {r.pk: request.POST.get(f"register-{r.pk}", "") for r in registers}
        try:
            for register in registers:
                services.set_register_number(request.user, register, numbers[register.pk])
        except CertificateError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your registration numbers have been saved."))
        return redirect(request.path)
    current = dict(
        RegisterNumber.objects.for_user(request.user)
        .filter(user=request.user)
        .values_list("register_id", "number")
    )
    rows = [(register, current.get(register.pk, "")) for register in registers]
    response = render(
        request,
        "certificates/my_registers.html",
        {"rows": rows, "points": selectors.points_per_register_year(request.user)},
    )
    response["Cache-Control"] = "private, no-store"
    return response
