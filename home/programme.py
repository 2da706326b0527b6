"""Loads the programme's content from ``home/data/programme.toml`` into the page tree.

Idempotent: what exists (matched by slug under its parent, runs by code) is kept as it is, so
editors' changes survive and nothing is duplicated. Run dates are counted from the day of the
first load, stored in ``ProgrammeSettings.content_loaded_on``, so loading again never moves them.
"""

import datetime as dt
import tomllib
import zoneinfo
from decimal import Decimal
from pathlib import Path

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from wagtail.models import GroupPagePermission, Page, Site

from courses import statements
from courses.institutions import ensure_collection, setup_institution
from courses.models import (
    AudienceLevel,
    CourseIndexPage,
    CourseModulePage,
    FindingIndexPage,
    FindingPage,
    InstitutionPage,
    PilotProjectPage,
    TrainingFormatIndexPage,
    TrainingFormatPage,
)
from lms.accounts.models import (
    COACHES_GROUP,
    KENNISBANK_GROUP,
    PROGRAMME_TEAM_GROUP,
    STEERING_GROUP,
)
from lms.enrolment.models import CourseRun
from lms.enrolment.runs import confirm_example_places, create_run

from .models import HomePage, ProgrammeSettings, StandardPage
from .programme_lessons import load_lessons
from .programme_texts import ACCESSIBILITY_STATEMENT, rich_text

DATA_FILE = Path(__file__).resolve().parent / "data" / "programme.toml"
AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


class ProgrammeLoader:
    """Builds the programme content; call :meth:`load`. ``log`` receives progress lines."""

    def __init__(self, data: dict | None = None, log=None, today: dt.date | None = None):
        self.data = data or tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))
        self.log = log or (lambda line: None)
        self.today = today
        self.created = 0

    @transaction.atomic
    def load(self) -> int:
        """Load everything; returns the number of objects created (0 on a second run)."""
        anchor = self._anchor_date()
        home = self._home()
        self._groups(home)
        levels = self._audience_levels()
        catalogue = self._child(
            home,
            CourseIndexPage,
            "opleidingen",
            title="Opleidingen",
            intro="Alle modules van de kennisinstellingen in één catalogus.",
        )
        formats_index = self._child(
            home,
            TrainingFormatIndexPage,
            "maatwerk",
            title="Maatwerk",
            intro="Trainingen, begeleiding en advies op maat voor gemeenten, regio’s en bedrijven.",
        )
        for item in self.data["formats"]:
            self._child(
                formats_index,
                TrainingFormatPage,
                item["slug"],
                title=item["title"],
                kind=item["kind"],
                intro=item["intro"],
                body=rich_text(item["body"]),
            )
        institutions = {}
        for item in self.data["institutions"]:
            page = self._child(
                catalogue,
                InstitutionPage,
                item["slug"],
                title=item["title"],
                full_name=item.get("full_name", ""),
                code=item["code"],
                website=item.get("website", ""),
                intro=item["intro"],
                body=rich_text(item["body"]),
                is_coordinator=item.get("is_coordinator", False),
            )
            setup_institution(page)
            institutions[item["slug"]] = page
        for item in self.data["modules"]:
            self._module(item, institutions[item["institution"]], levels, anchor)
        self._kennisbank(home)
        self.created += load_lessons(self.data.get("lessons", []), self.log)
        self._child(
            home,
            StandardPage,
            "toegankelijkheid",
            title="Toegankelijkheidsverklaring",
            intro="De Gebiedsschool wil voor iedereen bruikbaar zijn.",
            body=ACCESSIBILITY_STATEMENT,
        )
        self._standing_pages(home)
        return self.created

    # -- pieces -------------------------------------------------------------------------

    def _standing_pages(self, home):
        """Privacy statement, terms (the version accepted at checkout) and contact."""
        from django.conf import settings

        for slug, title, intro, body in (
            (
                statements.PRIVACY_SLUG,
                "Privacyverklaring",
                "Welke gegevens de Gebiedsschool verwerkt, waarom en hoe lang, en wat je rechten "
                "zijn.",
                statements.PRIVACY_STATEMENT,
            ),
            (
                statements.TERMS_SLUG,
                "Algemene voorwaarden",
                f"Versie {settings.BILLING_TERMS_VERSION}: de voorwaarden die je bij het "
                "inschrijven voor een betaalde opleiding accepteert.",
                statements.TERMS.format(version=settings.BILLING_TERMS_VERSION),
            ),
            (
                statements.CONTACT_SLUG,
                "Contact",
                "Vragen over opleidingen, inschrijvingen, facturen of maatwerk.",
                statements.CONTACT,
            ),
        ):
            self._child(home, StandardPage, slug, title=title, intro=intro, body=body)

    def _anchor_date(self) -> dt.date:
        programme = ProgrammeSettings.load()
        if programme.content_loaded_on is None:
            programme.content_loaded_on = self.today or timezone.localdate()
            programme.save()
        return programme.content_loaded_on

    def _home(self) -> HomePage:
        home = HomePage.objects.first()
        root = Page.get_first_root_node()
        if home is None:
            item = self.data["home"]
            # Wagtail's migrations leave a placeholder "Welcome" page at slug "home"; the
            # programme's home page takes its place as the site root.
            placeholder = root.get_children().filter(slug="home").exact_type(Page).first()
            if placeholder:
                placeholder.slug = "welkom-oud"
                placeholder.save()
            home = HomePage(
                title=item["title"],
                slug="home",
                intro=item["intro"],
                body=rich_text(item["body"]),
                aims=[("aim", aim) for aim in item["aims"]],
            )
            root.add_child(instance=home)
            home.save_revision().publish()
            self.created += 1
            site = Site.objects.filter(is_default_site=True).first()
            if site:
                site.root_page = home
                site.site_name = "Gebiedsschool"
                site.save()
            else:
                Site.objects.create(
                    hostname="localhost",
                    port=80,
                    root_page=home,
                    is_default_site=True,
                    site_name="Gebiedsschool",
                )
            if placeholder:
                placeholder.delete()
            self.log(f"created home page {home.title}")
        return home

    def _child(self, parent, model, slug, **fields):
        existing = model.objects.child_of(parent).filter(slug=slug).first()
        if existing:
            return existing
        taken = set(parent.get_children().values_list("slug", flat=True))
        unique, n = slug, 2
        while unique in taken:
            unique, n = f"{slug}-{n}", n + 1
        page = model(slug=unique, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.created += 1
        self.log(f"created {model._meta.verbose_name} {page.title}")
        return page

    def _audience_levels(self) -> dict[str, AudienceLevel]:
        levels = {}
        for order, item in enumerate(self.data["audience_levels"]):
            level, created = AudienceLevel.objects.get_or_create(
                slug=item["slug"], defaults={**item, "sort_order": order}
            )
            self.created += int(created)
            levels[level.slug] = level
        return levels

    def _module(self, item, institution, levels, anchor):
        module = CourseModulePage.objects.child_of(institution).filter(slug=item["slug"]).first()
        if module is None:
            module = CourseModulePage(
                slug=item["slug"],
                title=item["title"],
                summary=item["summary"],
                body=rich_text(item["body"]),
                learning_outcomes=[("outcome", text) for text in item["learning_outcomes"]],
                audience=item["audience"],
                delivery_format=item["format"],
                study_load_hours=Decimal(item["study_load_hours"]),
                pe_points=Decimal(item["pe_points"]),
            )
            module.audience_levels = [levels[slug] for slug in item["audience_levels"]]
            module.tags.add(*item["themes"])
            institution.add_child(instance=module)
            module.save_revision().publish()
            self.created += 1
            self.log(f"created module {module.title}")
        for run in item.get("runs", []):
            self._run(module, run, anchor)

    def _run(self, module, item, anchor):
        """A published run with its sessions, made by enrolment's run service as in the admin
        (the same checks, an ``enrolment.run_create`` entry); a run whose code exists is kept."""
        if CourseRun.objects.filter(code=item["code"]).exists():
            return
        start = anchor + dt.timedelta(days=item["start_in_days"])
        sessions = []
        for session in item["sessions"]:
            day = _weekday(start + dt.timedelta(days=session["day_offset"]))
            sessions.append(
                (
                    _local(day, session["start"]),
                    _local(day, session["end"]),
                    session.get("title", ""),
                )
            )
        run = create_run(
            user=None,
            system=True,
            module=module,
            code=item["code"],
            sessions=sessions,
            capacity=item["seats"],
            place=item["place"],
            price=Decimal(item["price"]),
            status=CourseRun.Status.PUBLISHED,
        )
        if item.get("full"):
            self._fill(run)
        self.created += 1
        self.log(f"created run {run.code}")

    def _fill(self, run):
        """Take every seat of a new run with example participants (no e-mail, no invoice), so
        the README's walk-through can try the waiting list at once. The accounts and places
        are made by the account and enrolment services (verified, confirmed, logged)."""
        from django.conf import settings

        from lms.accounts.models import User
        from lms.accounts.services import create_invited_account, verify_email

        people = []
        for n in range(1, run.capacity + 1):
            email = f"voorbeeld-deelnemer-{n}@gebiedsschool.invalid"
            person = User.objects.filter(email=email).first() or create_invited_account(
                email,
                language=settings.LANGUAGE_CODE,
                by=None,
                first_name="Voorbeeld",
                last_name=f"Deelnemer {n}",
            )
            people.append(verify_email(person))
        confirm_example_places(run, people)

    def _kennisbank(self, home):
        """The Kennisbank with its pilot projects and findings; findings are linked to their
        projects and to the modules built from them only when the finding is created, so an
        editor's later changes to those links survive a reload."""
        item = self.data["kennisbank"]
        index = self._child(
            home, FindingIndexPage, item["slug"], title=item["title"], intro=item["intro"]
        )
        self._kennisbank_permissions(index)
        projects = {}
        for item in self.data["pilot_projects"]:
            projects[item["slug"]] = self._child(
                index,
                PilotProjectPage,
                item["slug"],
                title=item["title"],
                municipality=item["municipality"],
                province=item["province"],
                location=item.get("location", ""),
                latitude=Decimal(item["latitude"]),
                longitude=Decimal(item["longitude"]),
                phase=item["phase"],
                start_year=item["start_year"],
                partners="\n".join(item["partners"]),
                monitoring_status=item["monitoring_status"],
                summary=item["summary"],
                body=rich_text(item["body"]),
            )
        for item in self.data["findings"]:
            if FindingPage.objects.child_of(index).filter(slug=item["slug"]).exists():
                continue
            finding = FindingPage(
                slug=item["slug"],
                title=item["title"],
                summary=item["summary"],
                evidence=rich_text(item["evidence"]),
                source_title=item.get("source_title", ""),
            )
            finding.tags.add(*item["themes"])
            finding.pilot_projects = [projects[slug] for slug in item["pilot_projects"]]
            index.add_child(instance=finding)
            finding.save_revision().publish()
            self.created += 1
            self.log(f"created finding {finding.title}")
            for module in CourseModulePage.objects.filter(slug__in=item["modules"]):
                module.findings.add(finding)
                module.save()
                revision = module.save_revision()
                if module.live:
                    revision.publish()

    def _kennisbank_permissions(self, index):
        group = Group.objects.get(name=KENNISBANK_GROUP)
        ensure_collection(index.title, (group,))
        for codename in ("add_page", "change_page", "publish_page"):
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=index,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )

    def _groups(self, home):
        access = Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
        team, _ = Group.objects.get_or_create(name=PROGRAMME_TEAM_GROUP)
        team.permissions.add(access)
        for app_label in ("enrolment", "certificates", "accounts", "courses", "home", "bookings"):
            team.permissions.add(*Permission.objects.filter(content_type__app_label=app_label))
        for codename in ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"):
            GroupPagePermission.objects.get_or_create(
                group=team,
                page=home,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
        for name in (KENNISBANK_GROUP, COACHES_GROUP, STEERING_GROUP):
            group, _ = Group.objects.get_or_create(name=name)
            if name != COACHES_GROUP:
                group.permissions.add(access)


def _weekday(day: dt.date) -> dt.date:
    """Move a Saturday or Sunday to the following Monday: courses meet on working days."""
    return day + dt.timedelta(days=(7 - day.weekday()) % 7) if day.weekday() >= 5 else day


def _local(day: dt.date, hhmm: str) -> dt.datetime:
    hour, minute = (int(part) for part in hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=AMSTERDAM)
