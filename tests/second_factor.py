"""The one helper that gives a test's session a verified second factor (django-otp), used by
the ``client.force_login`` of tests/conftest.py, the browser tests and bench/subjects.py."""

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from lms.accounts.second_factor import DEVICE_ID_SESSION_KEY, can_open_admin


def device_for(user) -> TOTPDevice:
    """The person's confirmed authenticator device (made when they have none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    """The six digits the authenticator app of ``device`` shows now."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def verify_session(session, user) -> None:
    """Mark ``session`` (a SessionStore of ``user``) as having passed the second factor,
    when ``user`` can open the admin. The caller saves the session."""
    if can_open_admin(user):
        session[DEVICE_ID_SESSION_KEY] = device_for(user).persistent_id


def verify_client(client, user) -> None:
    """Give the logged-in test ``client`` of ``user`` a verified second factor."""
    session = client.session
    verify_session(session, user)
    session.save()


def pass_in_browser(browser, user, next_path: str = "/beheer/") -> None:
    """After a password login in the browser tests' ``browser`` (tests/e2e/conftest.py), pass
    the second-factor step with the current code of ``user``'s app (made when missing)."""
    device = device_for(user)
    # django-otp refuses a code of a time step it has already accepted (replay guard); a
    # second login within the same 30 s would wait for the app's next code. The test
    # forgets the accepted step instead of sleeping.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    browser.goto(f"/account/tweestaps/?next={next_path}", name="second-factor")
    browser.page.fill("#id_code", current_code(device))
    browser.page.get_by_role("button", name="Controleren").click()
    browser.page.wait_for_load_state()
