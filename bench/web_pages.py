"""The public pages that the web checks measure, and the Nu HTML Checker (vnu) run on them.

Used by ``bench/web_checks.py`` (vnu and Lighthouse against a live server) and by
``tests/home/test_html_validity.py`` (vnu on the pages the test client renders). Run as a script
(with DJANGO_SETTINGS_MODULE and DATABASE_URL set, on a database loaded by ``load_programme``),
it adds the example news item (:func:`ensure_news`) and prints the pages as JSON.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
MODULE = "/opleidingen/tu-delft/financien-en-businesscases-in-gebiedsontwikkeling/"
NEWS_SLUG = "nieuws"

#: (name, path) of every public page with a fixed address; :func:`public_pages` adds the
#: module, finding and news pages, whose addresses come from the content.
FIXED_PAGES = [
    ("home", "/"),
    ("catalogue", "/opleidingen/"),
    ("module", MODULE),
    ("kennisbank", "/kennisbank/"),
    ("search", "/zoeken/?q=gebiedstransformatie"),
    ("certificate form", "/certificaat/"),
    ("privacy", "/privacy/"),
    ("terms", "/voorwaarden/"),
    ("contact", "/contact/"),
    ("sign-up", "/account/aanmelden/"),
    ("login", "/account/inloggen/"),
    ("password reset", "/account/wachtwoord/vergeten/"),
]


def ensure_news() -> None:
    """Give the site a news overview with one item when it has none (``load_programme`` loads
    no news). Idempotent; needs the programme's home page."""
    import datetime as dt

    from home.models import HomePage, NewsIndexPage, NewsPage

    if NewsPage.objects.live().exists():
        return
    index = NewsIndexPage.objects.first()
    if index is None:
        index = NewsIndexPage(title="Nieuws", slug=NEWS_SLUG, intro="Nieuws van het programma.")
        HomePage.objects.first().add_child(instance=index)
        index.save_revision().publish()
    item = NewsPage(
        title="Eerste uitvoeringen gestart",
        slug="eerste-uitvoeringen-gestart",
        date=dt.date(2026, 11, 20),
        intro="De eerste modules van het programma zijn begonnen.",
        body="<p>Meer dan honderd professionals volgen de eerste uitvoeringen.</p>",
    )
    index.add_child(instance=item)
    item.save_revision().publish()


def public_pages() -> list[tuple[str, str]]:
    """(name, path) of every public page, in the order of the report: the fixed pages with the
    first live finding, the news overview and its newest item inserted. Raises LookupError when
    the content lacks a finding or news (load ``load_programme`` and :func:`ensure_news`)."""
    from courses.knowledge import FindingPage
    from home.models import NewsIndexPage

    finding = FindingPage.objects.live().order_by("path").first()
    news = NewsIndexPage.objects.live().first()
    if finding is None or news is None or not news.news_items().exists():
        raise LookupError("no finding or no news: run load_programme and ensure_news() first")
    pages = list(FIXED_PAGES)
    at = pages.index(("kennisbank", "/kennisbank/")) + 1
    pages[at:at] = [
        ("finding", finding.url),
        ("news", news.url),
        ("news item", news.news_items().first().url),
    ]
    return pages


def vnu_missing() -> str | None:
    """Why vnu cannot run here (no ``java`` on the PATH, or ``npm ci`` not run), or None."""
    if not shutil.which("java"):
        return "needs Java for the Nu HTML Checker (apt-get install default-jre-headless)"
    if not VNU_JAR.exists():
        return "needs node_modules/vnu-jar (run `npm ci --ignore-scripts` or `make install`)"
    return None


def vnu_errors(documents: dict[str, str]) -> dict[str, list[str]]:
    """Check HTML documents with the Nu HTML Checker in one Java run.

    ``documents`` maps a name to a complete HTML document. Returns, for every name, the errors
    as "line N: message" (warnings and info are ignored; an empty list means valid). Raises
    RuntimeError when vnu is missing (:func:`vnu_missing`) or its output cannot be read."""
    missing = vnu_missing()
    if missing:
        raise RuntimeError(missing)
    with tempfile.TemporaryDirectory(prefix="gs-vnu-") as folder:
        files = {}
        for number, (name, html) in enumerate(documents.items()):
            path = Path(folder) / f"page-{number}.html"
            path.write_text(html, encoding="utf-8")
            files[path.name] = name
        paths = [str(Path(folder) / file) for file in files]
        cmd = ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *paths]
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    try:
        messages = json.loads(out.stderr or out.stdout)["messages"]
    except (ValueError, KeyError) as exc:
        raise RuntimeError(f"vnu gave no JSON report: {out.stderr[-2000:]}") from exc
    errors: dict[str, list[str]] = {name: [] for name in documents}
    for message in messages:
        if message.get("type") != "error":
            continue
        name = files.get(message.get("url", "").rsplit("/", 1)[-1])
        if name is None:  # a message about the run itself (e.g. an unreadable file)
            raise RuntimeError(f"vnu: {message.get('message')}")
        errors[name].append(f"line {message.get('lastLine', '?')}: {message['message']}")
    return errors


def main() -> None:
    """Prepare the database named by the environment and print the pages as JSON."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")
    import django

    django.setup()
    ensure_news()
    json.dump(public_pages(), sys.stdout)


if __name__ == "__main__":
    main()
