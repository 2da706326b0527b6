"""The benchmark's fixed subjects, created by ``bench/generate_data.py`` and looked up by
``bench/pages.py``; and the ONE place that logs a benchmark person in (:func:`login_session`).

- ``LEARNER``: 50 upcoming enrolments (Mijn leeromgeving) and one completed run with a
  certificate (``BENCH-CERT`` run) whose PDF the benchmark stores and downloads;
- ``RUN_200``: a run with three sessions and 200 participants (admin participants list);
- ``CONTACT``: approved contact of ``ORGANISATION``, which has 200 enrolments (organisation
  portal);
- ``TEAM``: a programme team member (results dashboard); ``ADMIN``: a superuser.
"""

import datetime as dt
from decimal import Decimal

LEARNER = "bench-user@example.org"
ADMIN = "bench-admin@example.org"
TEAM = "bench-team@example.org"
CONTACT = "bench-contact@example.org"
ORGANISATION = "Gemeente Benchstad"
RUN_200 = "BENCH-200"
CERTIFICATE_RUN = "BENCH-CERT"


def create(gen, runs, modules) -> None:
    """Write the subjects with ``gen`` (a ``generate_data.Generator``: its rng, clock and
    writers), using the generated ``runs`` and ``modules``."""
    from django.contrib.auth.models import Group

    from courses.models import InstitutionPage
    from lms.accounts.models import (
        PROGRAMME_TEAM_GROUP,
        Organisation,
        OrganisationMembership,
        User,
    )
    from lms.enrolment.models import CourseRun, Enrolment

    password = "bench-password"
    learner = User.objects.create_user(
        email=LEARNER,
        password=password,
        first_name="Bench",
        last_name="Gebruiker",
        email_verified_at=gen.now,
    )
    upcoming = [r for r in runs if r.offset > 0]
    _enrol(
        gen,
        [(run, learner.pk) for run in gen.rng.sample(upcoming, min(50, len(upcoming)))],
        "confirmed",
    )

    big = _run(gen, modules[0], RUN_200, offset=20, sessions=3, capacity=220)
    people = list(User.objects.filter(email__startswith="deelnemer").order_by("pk")[:400])
    _enrol(gen, [(big, p.pk) for p in people[:200]], "confirmed")

    done = _run(gen, modules[1], CERTIFICATE_RUN, offset=-40, sessions=2, capacity=20)
    (enrolment,) = _enrol(gen, [(done, learner.pk)], "completed")
    titles = dict(InstitutionPage.objects.values_list("path", "title"))
    gen.write_certificates([gen.certificate(enrolment, learner.get_full_name(), titles)])

    User.objects.create_superuser(email=ADMIN, password=password)
    team = User.objects.create_user(
        email=TEAM, password=password, first_name="Team", last_name="Bench", is_staff=True
    )
    team.groups.add(Group.objects.get(name=PROGRAMME_TEAM_GROUP))

    contact = User.objects.create_user(
        email=CONTACT, password=password, first_name="Contact", last_name="Benchstad"
    )
    organisation = Organisation.objects.create(name=ORGANISATION)
    OrganisationMembership.objects.create(
        user=contact,
        organisation=organisation,
        role=OrganisationMembership.Role.CONTACT,
        status=OrganisationMembership.Status.APPROVED,
        verified_at=gen.now,
    )
    colleagues = people[200:400]
    pairs = []
    for person in colleagues:
        run = gen.rng.choice(runs)
        while (run.pk, person.pk) in gen.pairs:
            run = gen.rng.choice(runs)
        pairs.append((run, person.pk))
    _enrol(
        gen,
        pairs,
        None,
        organisation=organisation,
        enrolled_by=contact,
    )
    assert CourseRun.objects.filter(code=RUN_200).exists()
    assert Enrolment.objects.filter(organisation=organisation).count() == len(colleagues)
    gen.log(
        "subjects: learner with 50 enrolments and a certificate, run BENCH-200 with 200 "
        "participants, organisation contact with 200 enrolments, programme team, admin"
    )


def _run(gen, module, code, offset, sessions, capacity):
    from lms.enrolment.models import CourseRun

    run = CourseRun.objects.create(
        module=module,
        code=code,
        place="Utrecht",
        capacity=capacity,
        price=Decimal("495.00"),
        status=CourseRun.Status.PUBLISHED,
    )
    run.offset = offset
    gen.sessions([run], days=sessions)
    return run


def _enrol(gen, pairs, state, organisation=None, enrolled_by=None):
    """Enrolments for ``(run, user_id)`` pairs; ``state`` None picks one fitting the run's
    dates (completed for past runs, confirmed for upcoming ones)."""
    from lms.enrolment.models import Enrolment

    from . import bulk

    ids = iter(bulk.reserve_ids(Enrolment, len(pairs)))
    enrolments = []
    for run, user_id in pairs:
        chosen = state or ("completed" if run.offset < 0 else "confirmed")
        enrolments.append(
            bulk.Row(
                pk=next(ids),
                run=run,
                run_id=run.pk,
                user_id=user_id,
                state=chosen,
                price=run.price,
                payer="organisation" if organisation else "participant",
                organisation_id=organisation.pk if organisation else None,
                enrolled_by_id=enrolled_by.pk if enrolled_by else None,
                cancelled_at=None,
                created_at=gen.now + dt.timedelta(days=min(run.offset, 0) - 30),
                completed_at=gen.now + dt.timedelta(days=run.offset + 8)
                if chosen == "completed"
                else None,
            )
        )
    gen.write_enrolments(enrolments)
    return enrolments


def login_session(email: str) -> str:
    """Log ``email`` in without a request, as ``django.contrib.auth.login`` would, and return
    the session key for the ``sessionid`` cookie. Uses the configured ``SESSION_ENGINE``.

    People who can open the admin also get a verified second factor (a confirmed
    authenticator device, made when they have none), as after entering their app's code.
    """
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from lms.accounts.models import User
    from lms.accounts.second_factor import DEVICE_ID_SESSION_KEY, can_open_admin

    user = User.objects.get(email=email)
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]  # not axes' guard
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if can_open_admin(user):  # the admin's second factor, passed with the person's app
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        device = device or TOTPDevice.objects.create(user=user, name="Bench", confirmed=True)
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return session.session_key
