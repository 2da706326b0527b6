"""The organisation portal: an approved contact enrols colleagues as a batch and sees and
manages the organisation's enrolments, and nobody else's."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.accounts.models import User, normalise_email
from lms.accounts.redirects import safe_next
from lms.billing import batch_checkout
from lms.billing.exceptions import BillingError
from lms.bookings.models import BookingRequest
from lms.enrolment import batches, seats, services
from lms.enrolment.eligibility import RunState, run_state
from lms.enrolment.exceptions import EnrolmentError
from lms.enrolment.models import CourseRun, Enrolment


class BatchForm(forms.Form):
    run = forms.ModelChoiceField(
        label=gettext_lazy("Run"), queryset=CourseRun.objects.none(), empty_label=None
    )
    emails = forms.CharField(
        label=gettext_lazy("E-mail addresses of your colleagues"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("One per line, or separated by commas."),
    )
    po_number = forms.CharField(
        label=gettext_lazy("Purchase-order number"), max_length=50, required=False
    )
    cost_centre = forms.CharField(label=gettext_lazy("Cost centre"), max_length=50, required=False)
    reference = forms.CharField(
        label=gettext_lazy("Your reference"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("Printed on the invoice; without it, your name is."),
    )
    discount_code = forms.CharField(
        label=gettext_lazy("Discount code"), max_length=40, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["run"].queryset = CourseRun.objects.filter(pk__in=batch_runs())


def batch_runs(now=None) -> list[int]:
    """Ids of the upcoming public runs a contact can book colleagues into: those whose public
    state (``eligibility.run_state``) is open, so never a full, closed or unsellable run."""
    now = now or timezone.now()
    runs = seats.with_waiting_flag(CourseRun.objects.upcoming(now).select_related("module"))
    runs = seats.annotate_seats_left(runs, now)
    return [
        run.pk
        for run in runs
        if run_state(run, now, seats_left=run.seats_left, waiting=run.waiting).code == RunState.OPEN
    ]


def _organisation(request, organisation_id):
    organisation = batches.contact_organisations(request.user).filter(pk=organisation_id).first()
    if organisation is None:
        raise Http404
    return organisation


@login_required
def organisation(request, organisation_id: int):
    """GET: the organisation's enrolments and the batch form. POST: enrol a batch."""
    org = _organisation(request, organisation_id)
    form = BatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            created = batch_checkout.checkout_batch(
                request.user,
                org,
                data["run"],
                batches.parse_emails(data["emails"]),
                po_number=data["po_number"],
                cost_centre=data["cost_centre"],
                reference=data["reference"],
                discount_code=data["discount_code"],
            )
        except (BillingError, EnrolmentError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(n)s colleagues enrolled.") % {"n": len(created)})
            return redirect(request.path)
    enrolments = (
        Enrolment.objects.for_user(request.user)
        .filter(organisation=org)
        .select_related("user", "run__module")
        .order_by("-created_at")
    )
    private_runs = (
        BookingRequest.objects.for_user(request.user)
        .filter(organisation=org, run__isnull=False)
        .select_related("run")
        .order_by("-created_at")
    )
    response = render(
        request,
        "portal/organisation.html",
        {
            "organisation": org,
            "form": form,
            "enrolments": enrolments,
            "private_runs": private_runs,
            "now": timezone.now(),
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def substitute(request, enrolment_id: int):
    """POST ``email``: hand the place to a colleague with a verified account."""
    enrolment = get_object_or_404(Enrolment.objects.for_user(request.user), pk=enrolment_id)
    if request.method != "POST":
        raise Http404
    colleague = User.objects.filter(email=normalise_email(request.POST.get("email", ""))).first()
    try:
        if colleague is None:
            raise EnrolmentError(_("There is no account with this e-mail address."))
        services.substitute(enrolment, colleague, user=request.user)
    except EnrolmentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The place has been handed to %(name)s.") % {"name": colleague})
    return redirect(safe_next(request, "portal:dashboard"))
