"""Large-dataset generator for the benchmarks.

    DJANGO_SETTINGS_MODULE=lms.settings.dev DATABASE_URL=postgres://... \\
        .venv/bin/python bench/generate_data.py --scale 1 [--seed 42]

Builds N × (20 institutions, 200 modules, 1,000 runs, 25,000 users, 50,000 enrolments,
20,000 certificate records) with theme tags and audience levels, on top of the programme
content, on a fresh migrated database (PostgreSQL; SQLite works for small sizes).

The page tree is built in bulk (``bench/bulk.py``): materialised paths computed as treebeard
would, page and specific rows inserted per batch, one published revision per page, tags,
audience levels, search index and reference index written as Wagtail's signals would have, and
at the end treebeard's ``find_problems`` (what ``manage.py fixtree`` reports) must find nothing.
Other rows go in with PostgreSQL COPY, with the states, prices and snapshots the services write
(no PDFs) and their reference index rows. Scale 10 takes a few minutes on two cores.

Deterministic for a seed and a day: names, codes, states and offsets come from the seed, dates
are counted from midnight today (Europe/Amsterdam). Also creates the benchmark's fixed subjects
(``bench/subjects.py``). Running it twice refuses (use a fresh database).
"""

import argparse
import datetime as dt
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from taggit.models import Tag  # noqa: E402
from wagtail.models import Page  # noqa: E402

from bench import bulk, subjects  # noqa: E402
from courses.institutions import setup_institution  # noqa: E402
from courses.models import (  # noqa: E402
    AudienceLevel,
    CourseIndexPage,
    CourseModulePage,
    InstitutionPage,
    ModuleTag,
)
from home.programme import ProgrammeLoader  # noqa: E402
from lms.accounts.models import User  # noqa: E402
from lms.certificates.codes import ALPHABET, CODE_LENGTH  # noqa: E402
from lms.certificates.models import Certificate  # noqa: E402
from lms.enrolment.models import CourseRun, Enrolment, Session  # noqa: E402

PER_SCALE = {
    "institutions": 20,
    "modules": 200,
    "runs": 1_000,
    "users": 25_000,
    "enrolments": 50_000,
    "certificates": 20_000,
}
THEMES = [
    "gebiedstransformatie",
    "financiering",
    "grondbeleid",
    "omgevingswet",
    "procesmanagement",
    "publiek-private samenwerking",
    "participatie",
    "bestuur",
    "binnenstedelijk bouwen",
    "transformatie kantoren",
    "pilotprojecten",
    "marktpartijen",
]
WORDS = [
    "Gebiedsontwikkeling",
    "Transformatie",
    "Stedelijke vernieuwing",
    "Grondexploitatie",
    "Samenwerking",
    "Participatie",
    "Omgevingsvisie",
    "Businesscase",
    "Procesregie",
    "Binnenstedelijk bouwen",
    "Kostenverhaal",
    "Leegstand",
    "Herontwikkeling",
]
FIRST = ["Anneke", "Bram", "Zoë", "Łukasz", "Fatima", "Jeroen", "Sanne", "Mehmet", "Eva", "Daan"]
LAST = ["de Vries", "Jansen", "Çelik", "Nowak-Ørsted", "Bakker", "Visser", "El Amrani", "Smit"]
PASSWORD = "bench-password"


class Generator:
    """Writes the dataset; call :meth:`run`. ``sizes`` overrides ``PER_SCALE × scale`` (tests)."""

    def __init__(self, scale: float, seed: int, sizes: dict | None = None, log=print):
        self.sizes = sizes or {key: int(n * scale) for key, n in PER_SCALE.items()}
        self.rng = random.Random(seed)
        today = timezone.localdate()
        self.now = dt.datetime.combine(today, dt.time(0), tzinfo=timezone.get_default_timezone())
        self.started = time.monotonic()
        self._print = log
        self.pairs: set[tuple[int, int]] = set()  # (run id, user id) of every enrolment

    def log(self, text: str) -> None:
        self._print(f"[{time.monotonic() - self.started:7.1f}s] {text}", flush=True)

    def n(self, key: str) -> int:
        return self.sizes[key]

    def run(self) -> None:
        if User.objects.filter(email=subjects.LEARNER).exists():
            sys.exit("Generated data already exists; use a fresh database.")
        ProgrammeLoader(log=lambda line: None).load()
        self.log("programme content present")
        with transaction.atomic():
            modules = self.pages()
            runs = self.runs(modules)
            users = self.users()
            enrolments = self.enrolments(runs, users)
            self.certificates(enrolments, runs, modules)
            subjects.create(self, runs, modules)
            self.check_tree()
        self.analyse()
        self.log("done")

    def check_tree(self) -> None:
        """Treebeard's own check, the one ``manage.py fixtree`` runs: no problems allowed."""
        problems = Page.find_problems()
        if any(problems):
            raise SystemExit(f"page tree problems (fixtree would report them): {problems}")
        self.log("page tree sound (fixtree finds no problems)")

    def analyse(self) -> None:
        """Refresh the planner's statistics after bulk inserts (PostgreSQL), as autovacuum
        would later: without them the first benchmark runs measure bad query plans. (ANALYZE
        samples; a full VACUUM would take longer than writing the data.)"""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            self.log("statistics refreshed (ANALYZE)")

    # -- pages -------------------------------------------------------------------------------

    def pages(self) -> list:
        catalogue = CourseIndexPage.objects.get()
        institutions = [
            InstitutionPage(
                title=f"Kennisinstelling {i + 1:04d}",
                slug=f"bench-instelling-{i + 1:04d}",
                code=f"B{i + 1:04d}"[:8],
                intro="Een kennisinstelling in de benchmarkdataset.",
            )
            for i in range(self.n("institutions"))
        ]
        bulk.add_children(catalogue, institutions, self.rng, self.now)
        for page in institutions:
            setup_institution(page)  # what the after_create_page hook does in the admin
        bulk.index_pages(InstitutionPage, [p.pk for p in institutions], self.now)
        self.log(f"{len(institutions)} institutions (groups, collections, workflows)")
        levels = list(AudienceLevel.objects.all())
        tags = {
            name: Tag.objects.get_or_create(name=name, slug=name.replace(" ", "-"))[0]
            for name in THEMES
        }
        per_parent = {}
        for i in range(self.n("modules")):
            words = self.rng.sample(WORDS, 2)
            module = CourseModulePage(
                title=f"{words[0]} en {words[1].lower()} {i + 1:05d}",
                slug=f"bench-module-{i + 1:05d}",
                summary="Een module over " + words[0].lower() + " in binnenstedelijke gebieden.",
                delivery_format=self.rng.choice(["classroom", "online", "blended"]),
                study_load_hours=Decimal(self.rng.choice([8, 16, 24, 32])),
                pe_points=Decimal(self.rng.choice([4, 8, 12, 16])),
            )
            module.tagged_items = [ModuleTag(tag=tags[t]) for t in self.rng.sample(THEMES, 3)]
            module.audience_levels = self.rng.sample(levels, min(2, len(levels)))
            per_parent.setdefault(i % len(institutions), []).append(module)
        modules = []
        for index, children in sorted(per_parent.items()):
            bulk.add_children(institutions[index], children, self.rng, self.now)
            modules.extend(children)
        modules.sort(key=lambda m: m.slug)
        self._module_relations(modules)
        bulk.index_pages(CourseModulePage, [m.pk for m in modules], self.now)
        self.log(f"{len(modules)} modules (revisions, tags, levels, search and reference index)")
        return modules

    def _module_relations(self, modules) -> None:
        through = CourseModulePage.audience_levels.through
        bulk.copy_insert(
            through,
            ["coursemodulepage_id", "audiencelevel_id"],
            ((m.pk, level.pk) for m in modules for level in m.audience_levels.all()),
            self.now,
        )
        bulk.copy_insert(
            ModuleTag,
            ["tag_id", "content_object_id"],
            ((item.tag_id, m.pk) for m in modules for item in m.tagged_items.all()),
            self.now,
        )

    # -- plain rows --------------------------------------------------------------------------

    def _code(self) -> str:
        return "".join(self.rng.choice(ALPHABET) for _ in range(CODE_LENGTH))

    def runs(self, modules) -> list:
        runs = []
        for i, pk in enumerate(bulk.reserve_ids(CourseRun, self.n("runs"))):
            past = i % 5 < 3  # 60 % of runs lie in the past, 40 % are upcoming
            offset = -self.rng.randint(10, 700) if past else self.rng.randint(7, 300)
            run = CourseRun(
                pk=pk,
                module=modules[i % len(modules)],
                code=f"BENCH-{i + 1:06d}",
                place=self.rng.choice(["Delft", "Utrecht", "Den Haag", "Online"]),
                capacity=60,
                price=Decimal(self.rng.choice(["0.00", "395.00", "795.00", "1250.00"])),
                status=CourseRun.Status.PUBLISHED,
                invite_code=f"bench{self._code()}",
                created_at=self.now,
            )
            run.offset = offset
            runs.append(run)
        fields = ["id", "module_id", "code", "place", "capacity", "price", "status", "invite_code"]
        bulk.copy_insert(CourseRun, fields, (self._row(r, fields) for r in runs), self.now)
        bulk.index_references(runs, self.now)
        sessions = self.sessions(runs, days=2)
        self.log(f"{len(runs)} runs, {sessions} sessions")
        return runs

    def sessions(self, runs, days: int) -> int:
        rows = []
        for run in runs:
            for day in range(days):
                start = self.now + dt.timedelta(days=run.offset + 7 * day)
                rows.append((run.pk, f"Dag {day + 1}", start, start + dt.timedelta(hours=6)))
        fields = ["run_id", "title", "starts_at", "ends_at"]
        return bulk.copy_insert(Session, fields, rows, self.now)

    @staticmethod
    def _row(obj, fields) -> tuple:
        return tuple(getattr(obj, name) for name in fields)

    def users(self) -> list[int]:
        password = make_password(PASSWORD, salt="benchsalt")
        ids = bulk.reserve_ids(User, self.n("users"))
        rows = (
            (
                pk,
                f"deelnemer{i + 1:07d}@example.org",
                password,
                self.rng.choice(FIRST),
                self.rng.choice(LAST),
                self.now,
                "nl",
            )
            for i, pk in enumerate(ids)
        )
        fields = ["id", "email", "password", "first_name", "last_name", "email_verified_at"]
        bulk.copy_insert(User, [*fields, "language"], rows, self.now)
        self.log(f"{len(ids)} users")
        return list(ids)

    def enrolments(self, runs, users) -> list[Enrolment]:
        """50 places per run on average, one per person per run, never above capacity."""
        enrolments, pairs = [], self.pairs
        target = self.n("enrolments")
        ids = iter(bulk.reserve_ids(Enrolment, target))
        while len(enrolments) < target:
            run = runs[len(enrolments) % len(runs)]
            user = users[self.rng.randrange(len(users))]
            if (run.pk, user) in pairs:
                continue
            pairs.add((run.pk, user))
            if run.offset < 0:
                state = self.rng.choices(
                    ["completed", "not_passed", "no_show", "cancelled"], [8, 1, 1, 1]
                )[0]
            else:
                state = self.rng.choices(["confirmed", "cancelled"], [9, 1])[0]
            enrolments.append(
                bulk.Row(
                    pk=next(ids),
                    run=run,
                    run_id=run.pk,
                    user_id=user,
                    state=state,
                    price=run.price,
                    payer="participant",
                    organisation_id=None,
                    enrolled_by_id=None,
                    created_at=self.now + dt.timedelta(days=min(run.offset, 0) - 30),
                    cancelled_at=self.now if state == "cancelled" else None,
                    completed_at=self.now + dt.timedelta(days=run.offset + 8)
                    if state == "completed"
                    else None,
                )
            )
        self.write_enrolments(enrolments)
        self.log(f"{len(enrolments)} enrolments")
        return enrolments

    def write_enrolments(self, enrolments) -> None:
        fields = [
            "id",
            "run_id",
            "user_id",
            "state",
            "price",
            "payer",
            "organisation_id",
            "enrolled_by_id",
            "created_at",
            "cancelled_at",
            "completed_at",
        ]
        for enrolment in enrolments:
            enrolment.id = enrolment.pk
        bulk.copy_insert(Enrolment, fields, (self._row(e, fields) for e in enrolments), self.now)
        bulk.index_references(enrolments, self.now, model=Enrolment)

    def certificates(self, enrolments, runs, modules) -> None:
        completed = [e for e in enrolments if e.state == "completed"][: self.n("certificates")]
        people = User.objects.filter(pk__in={e.user_id for e in completed})
        names = {
            pk: f"{first} {last}"
            for pk, first, last in people.values_list("pk", "first_name", "last_name")
        }
        titles = dict(InstitutionPage.objects.values_list("path", "title"))
        certificates = [self.certificate(e, names[e.user_id], titles) for e in completed]
        self.write_certificates(certificates)
        self.log(f"{len(certificates)} certificates")

    def certificate(self, enrolment, holder_name, institution_titles) -> Certificate:
        module = enrolment.run.module
        return bulk.Row(
            code=self._code(),
            user_id=enrolment.user_id,
            enrolment_id=enrolment.pk,
            module_id=module.pk,
            organisation_id=enrolment.organisation_id,
            holder_name=holder_name,
            module_title=module.title,
            institution_name=institution_titles.get(module.path[: -Page.steplen], ""),
            completion_date=timezone.localdate(enrolment.completed_at),
            study_load_hours=module.study_load_hours,
            pe_points=module.pe_points,
            language="nl",
            issued_at=enrolment.completed_at,
        )

    def write_certificates(self, certificates) -> None:
        ids = iter(bulk.reserve_ids(Certificate, len(certificates)))
        for certificate in certificates:
            certificate.pk = certificate.id = next(ids)
        fields = [
            "id",
            "code",
            "user_id",
            "enrolment_id",
            "module_id",
            "organisation_id",
            "holder_name",
            "module_title",
            "institution_name",
            "completion_date",
            "study_load_hours",
            "pe_points",
            "language",
            "issued_at",
        ]
        rows = (self._row(c, fields) for c in certificates)
        bulk.copy_insert(Certificate, fields, rows, self.now)
        bulk.index_references(certificates, self.now, model=Certificate)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    Generator(args.scale, args.seed).run()


if __name__ == "__main__":
    main()
