"""The organisation portal: an approved contact enrols colleagues as a batch and sees and
manages the organisation's enrolments, and nobody else's.

The enrolments table, the private runs and the batch form's suggested runs are kept in the
cache per contact and organisation (``panels.entries``); whether the visitor is
an approved contact is asked on every visit.
"""

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.accounts.models import Organisation, User, normalise_email
from lms.accounts.redirects import safe_next
from lms.billing import batch_checkout
from lms.billing.exceptions import BillingError
from lms.billing.shown_prices import annotate_shown_prices
from lms.bookings.models import BookingRequest
from lms.enrolment import batches, services
from lms.enrolment.eligibility import RunState, annotate_run_states
from lms.enrolment.exceptions import EnrolmentError
from lms.enrolment.models import CourseRun, Enrolment

from . import panels

#: At most this many runs are offered in the batch form's list; any other run is typed by code.
SUGGESTED_RUNS = 20
#: The longest the suggested runs are kept (seconds): a run of another organisation's
#: module that fills up or closes sends this organisation no new version, and may stay listed
#: that long (choosing it is refused: the form checks the run itself).
SUGGESTIONS_SECONDS = 60


class BatchForm(forms.Form):
    """The batch enrolment form. The run is picked from a short list (the open runs of modules
    the organisation booked before, see :func:`batch_runs`) or typed by its code, so the page
    does not grow with the catalogue. Either way the run must be open (``run_state``)."""

    run = forms.ModelChoiceField(
        label=gettext_lazy("Run"),
        queryset=CourseRun.objects.none(),
        required=False,
        empty_label=gettext_lazy("— another run: type its code below —"),
    )
    run_code = forms.CharField(
        label=gettext_lazy("Or the code of the run"),
        max_length=40,
        required=False,
        help_text=gettext_lazy("The code is on the module page, next to the run's dates."),
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

    def __init__(self, *args, organisation=None, suggestions=None, **kwargs):
        """``suggestions``: the listed runs as (id, label) pairs; by default those of
        :func:`batch_runs` for ``organisation`` (none without one)."""
        super().__init__(*args, **kwargs)
        field = self.fields["run"]
        # validation looks the chosen id up among all public runs (one query) ...
        field.queryset = CourseRun.objects.filter(is_private=False).select_related("module")
        # ... while the list shows only the suggestions
        if suggestions is None:
            suggestions = suggested_choices(organisation) if organisation is not None else []
        field.widget.choices = [("", field.empty_label)] + list(suggestions)

    def clean(self):
        """The run from the list or, when none was chosen, by its code; it must be open."""
        data = super().clean()
        run, code = data.get("run"), data.get("run_code", "").strip()
        if run is None and code:
            run = CourseRun.objects.filter(code__iexact=code, is_private=False).first()
            if run is None:
                self.add_error("run_code", _("There is no run with this code."))
                return data
        if run is None:
            if "run" not in self.errors:
                self.add_error("run", _("Choose a run, or type its code."))
            return data
        if not is_batch_bookable(run):
            self.add_error("run" if data.get("run") else "run_code", _("This run is not open."))
        data["run"] = run
        return data


def is_batch_bookable(run: CourseRun, now=None) -> bool:
    """True when a contact can book colleagues into ``run`` at ``now`` (UTC): an upcoming
    public run whose public state (``eligibility.run_state``) is open, so never a full, closed
    or unsellable run."""
    now = now or timezone.now()
    upcoming = CourseRun.objects.upcoming(now).filter(pk=run.pk).select_related("module")
    found = annotate_run_states(list(upcoming), now)
    return bool(found) and found[0].public_state.code == RunState.OPEN


def batch_runs(now=None, *, organisation, limit: int = SUGGESTED_RUNS) -> list[CourseRun]:
    """The runs the batch form lists for ``organisation``: the upcoming open public runs
    (see :func:`is_batch_bookable`) of modules the organisation enrolled colleagues in before,
    soonest first, at most ``limit``. It depends on the organisation's history, not on the size
    of the catalogue; other runs are typed by code."""
    now = now or timezone.now()
    used = Enrolment.objects.filter(organisation=organisation).values("run__module_id")
    candidates = CourseRun.objects.upcoming(now).filter(module_id__in=used).select_related("module")
    # the sale check answered for all candidates at once (sellers in bulk), not per module
    candidates = annotate_shown_prices(candidates[: limit * 2])
    runs = annotate_run_states(candidates, now)
    return [run for run in runs if run.public_state.code == RunState.OPEN][:limit]


def suggested_choices(organisation, now=None) -> list[tuple[int, str]]:
    """:func:`batch_runs` of ``organisation`` as the form's (id, label) pairs."""
    return [(run.pk, str(run)) for run in batch_runs(now, organisation=organisation)]


def _organisation(request, organisation_id):
    organisation = Organisation.objects.contact_of(request.user).filter(pk=organisation_id).first()
    if organisation is None:
        raise Http404
    return organisation


def _attach_module_titles(runs) -> None:
    """Give each of ``runs`` its module with only the title loaded: one query for all runs,
    no full page objects, for ``display_title`` in the table."""
    module_model = CourseRun._meta.get_field("module").related_model  # no CMS import
    ids = {run.module_id for run in runs if not run.title}
    titles = module_model.objects.filter(pk__in=ids).only("title") if ids else []
    by_id = {module.pk: module for module in titles}
    for run in runs:
        if run.module_id in by_id:
            run.module = by_id[run.module_id]


@login_required
def organisation(request, organisation_id: int):
    """GET: the organisation's enrolments and the batch form. POST: enrol a batch."""
    org = _organisation(request, organisation_id)
    cached = _cached(request, org)
    form = BatchForm(request.POST or None, organisation=org, suggestions=cached["choices"])
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
    parts = ("private_runs", "enrolments")
    response = render(
        request,
        "portal/organisation.html",
        {
            "organisation": org,
            "form": form,
            # an empty form is the same for every visit: kept with its suggestions
            "form_html": None if form.is_bound else cached.get("form"),  # none kept for a POST
            **{part: panels.with_csrf(cached[part], request) for part in parts},
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _cached(request, org) -> dict:
    """What the page shows ``request.user`` of ``org``, from the cache while nothing changed:
    ``choices`` (the batch form's suggested runs) and, for a GET, ``form`` (the empty form's
    fields, HTML), kept at most :data:`SUGGESTIONS_SECONDS`; ``private_runs`` and
    ``enrolments`` (HTML, with ``panels.CSRF_MARK`` for the forms)."""
    now = timezone.now()
    empty_form = request.method != "POST"  # a POST renders its own, bound form

    def suggestions():
        found = {"choices": suggested_choices(org, now)}
        if empty_form:
            form = BatchForm(organisation=org, suggestions=found["choices"])
            found["form"] = render_to_string("includes/form_fields.html", {"form": form})
        return found, now + dt.timedelta(seconds=SUGGESTIONS_SECONDS)

    def tables():
        enrolments = list(
            Enrolment.objects.for_user(request.user)
            .filter(organisation=org)
            .select_related("user", "run")
            .order_by("-created_at")
        )
        _attach_module_titles([enrolment.run for enrolment in enrolments])
        private_runs = (
            BookingRequest.objects.for_user(request.user)
            .filter(organisation=org, run__isnull=False)
            .select_related("run")
            .order_by("-created_at")
        )
        context = {
            "enrolments": enrolments,
            "private_runs": private_runs,
            "path": request.path,
            "csrf_field": panels.CSRF_MARK,
        }
        html = {
            part: render_to_string(f"portal/organisation_{part}.html", context)
            for part in ("private_runs", "enrolments")
        }
        return html, None

    builds = {("suggestions", empty_form): suggestions, ("tables", request.path): tables}
    found = panels.entries(request.user, builds, organisation_id=org.pk, now=now)
    return {**found[("suggestions", empty_form)], **found[("tables", request.path)]}


@login_required
def substitute(request, enrolment_id: int):
    """POST ``email``: hand the place to a colleague with a verified account."""
    enrolment = get_object_or_404(Enrolment.objects.for_user(request.user), pk=enrolment_id)
    if request.method != "POST":
        raise Http404
    colleague = User.objects.filter(email=normalise_email(request.POST.get("email", ""))).first()
    try:
        if colleague is None:
            raise EnrolmentError(str(services.COLLEAGUE_REFUSED))
        services.substitute(enrolment, colleague, user=request.user)
    except EnrolmentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The place has been handed to %(name)s.") % {"name": colleague})
    return redirect(safe_next(request, "portal:dashboard"))
