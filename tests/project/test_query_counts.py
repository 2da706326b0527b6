"""Pages that list things keep a constant number of queries as the data grows: each test counts
the queries of one page, adds ten times the rows, and counts again."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lms.enrolment import services


def queries(client, url) -> int:
    client.get(url)  # warm per-process caches (site root, content types)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_module_page_with_many_runs(client, module, make_run, django_assert_max_num_queries):
    make_run(starts=timezone.now() + dt.timedelta(days=10), sessions=3)
    few = queries(client, module.url)
    for i in range(10):
        make_run(starts=timezone.now() + dt.timedelta(days=11 + i), sessions=3)
    assert queries(client, module.url) == few
    # page, runs, sessions, seats, findings, tags, …; the runs' public state adds three, once
    # for all runs: waiting lists, the module's institution and its seller profile; the price
    # incl. VAT one more (the seller).
    with django_assert_max_num_queries(22):
        client.get(module.url)


def test_home_page(client, home_page, make_module, make_run):
    make_run(for_module=make_module("Module eerst"))
    few = queries(client, "/")
    for i in range(10):
        make_run(for_module=make_module(f"Module {i}"))
    assert queries(client, "/") == few


def test_admin_participants_list(client, programme_team_user, make_run, make_user):
    run = make_run(capacity=40, sessions=3)
    services.enrol(make_user(), run)
    client.force_login(programme_team_user)
    url = reverse("enrolment_run_participants", args=[run.pk])
    few = queries(client, url)
    for _ in range(20):
        services.enrol(make_user(), run)
    assert queries(client, url) == few


def test_admin_run_and_enrolment_listings(client, programme_team_user, make_run, make_user):
    services.enrol(make_user(), make_run())
    client.force_login(programme_team_user)
    urls = [reverse(f"wagtailsnippets_enrolment_{m}:list") for m in ("courserun", "enrolment")]
    few = [queries(client, url) for url in urls]
    for _ in range(15):
        services.enrol(make_user(), make_run())
    assert [queries(client, url) for url in urls] == few


def test_portal(client, user, make_run, make_module):
    services.enrol(user, make_run(for_module=make_module("Module eerst")))
    client.force_login(user)
    few = queries(client, reverse("portal:dashboard"))
    for i in range(10):
        services.enrol(user, make_run(for_module=make_module(f"Module {i}")))
    assert queries(client, reverse("portal:dashboard")) == few
