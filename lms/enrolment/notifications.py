"""Which e-mail a transition sends. Services call these inside their transaction; the mail
itself is a background task enqueued on commit (nothing goes out for a rolled-back step)."""

from .models import Enrolment, Offer
from .tasks import email_on_commit

#: The e-mail sent on entering each state (a pending place of an invited colleague differs).
KIND_FOR_STATE = {
    Enrolment.State.CONFIRMED: "confirmed",
    Enrolment.State.WAITLISTED: "waitlisted",
    Enrolment.State.PENDING: "pending",
    Enrolment.State.CANCELLED: "cancelled",
}


def notify_state(enrolment: Enrolment, kind: str | None = None) -> None:
    """Queue the e-mail for the state ``enrolment`` just entered (or ``kind``), if any."""
    kind = kind or KIND_FOR_STATE.get(enrolment.state)
    invited = enrolment.enrolled_by_id not in (None, enrolment.user_id)
    if kind == "pending" and (
        not enrolment.user.has_usable_password() or (enrolment.organisation_id and invited)
    ):
        kind = "invitation"  # the invitee confirms the place with the claim link
    if kind:
        email_on_commit(enrolment, kind)


def notify_offer(offer: Offer) -> None:
    """Queue the offer e-mail, with its accept/decline link and expiry time."""
    email_on_commit(offer.enrolment, "offer", offer)


def notify_reminder(enrolment: Enrolment) -> None:
    """Queue the reminder sent two days before the first session."""
    email_on_commit(enrolment, "reminder")


def notify_run_changed(enrolment: Enrolment) -> None:
    """Queue the e-mail about a change of date or place."""
    email_on_commit(enrolment, "run_changed")


def notify_evaluation(enrolment: Enrolment) -> None:
    """Queue the invitation to evaluate the run that just ended."""
    email_on_commit(enrolment, "evaluation")
