"""The action log: who did what, when, from which state to which.

Entries are Wagtail ``ModelLogEntry`` rows, so staff see them in the admin's history of each
object. Every service records one entry per transition, inside its transaction.
"""

from wagtail.log_actions import log


def record(instance, action: str, *, user=None, from_state="", to_state="", reason="", **data):
    """Write one action-log entry for ``instance``.

    Args:
        instance: the saved model instance the action concerns.
        action: a registered action name such as ``"enrolment.confirm"``.
        user: the person who acted (``None`` for the system, e.g. a scheduled job).
        from_state, to_state: the lifecycle states before and after, where relevant.
        reason: a human-readable reason, kept for auditors.
        **data: further JSON-serialisable facts worth keeping.

    Returns:
        The created log entry.
    """
    payload = {"from": from_state, "to": to_state, "reason": reason, **data}
    actor = user if getattr(user, "is_authenticated", False) else None
    return log(instance, action, user=actor, data=payload)
