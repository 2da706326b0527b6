"""The enrol page of a run, drawn the same for a free run (``enrolment.views``) and for
billing's checkout (``lms.billing.views.checkout``)."""

from django.shortcuts import render

from . import seats


def render_enrol_page(request, run, answer, **context):
    """Render ``enrolment/enrol.html`` for ``run`` (a :class:`CourseRun`) and ``answer`` (its
    :class:`~lms.enrolment.eligibility.Eligibility` for the visitor): the run, its module and
    sessions, the free seats, whether a place joins the waiting list and what stands in the
    way (``problem``). ``context`` adds to or replaces these (checkout: the price quote, the
    form, the terms). The answer is private to the visitor: ``Cache-Control: private,
    no-store``."""
    response = render(
        request,
        "enrolment/enrol.html",
        {
            "run": run,
            "module": run.module,
            "sessions": run.sessions.all(),
            "seats_left": seats.seats_left(run),
            "waiting_list": answer.waiting_list,
            "problem": answer.problem or None,
            **context,
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response
