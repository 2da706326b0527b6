"""Web checks: the Nu HTML Checker and Lighthouse 12 on every public page (issue 24).

    .venv/bin/python bench/web_checks.py [--settings production|dev] [--details] [--no-lighthouse]

Builds a throw-away SQLite database in a temporary folder (migrate, ``load_programme`` and one
news item, ``bench/web_pages.py``), serves it on a free port and, for every public page
(``bench.web_pages.public_pages``), counts the Nu HTML Checker's errors (warnings ignored) and
takes Lighthouse's accessibility, best-practices and SEO scores (0-100). It prints one table;
``--details`` adds the HTML errors and the Lighthouse audits that failed.

``--settings production`` (the default) serves the production settings with gunicorn and
WhiteNoise, as deployed; requests carry ``X-Forwarded-Proto: https`` (the proxy's header), so
the site answers as behind the proxy (``bench/web_settings.py``: only the redirect to HTTPS is
off, because Lighthouse asks for robots.txt without that header). ``--settings dev`` serves
``manage.py runserver`` with the development settings (DEBUG off, static files served by
runserver).

Needs Java, ``npm ci`` (node_modules/vnu-jar and node_modules/lighthouse) and Chromium
(CHROME_PATH, default /usr/bin/chromium). Exits 1 when a page has an HTML error or an
accessibility score below 100, 2 when a tool is missing or the site does not start.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.pages import free_port  # noqa: E402
from bench.web_pages import vnu_errors, vnu_missing  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("accessibility", "best-practices", "seo")
HEADERS = {"X-Forwarded-Proto": "https"}
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking"


def site_env(folder: str, settings: str, port: int) -> dict:
    """The environment of the throw-away site: its database, media and static folders."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.web_settings"
        if settings == "production"
        else "lms.settings.dev",
        "DATABASE_URL": f"sqlite:///{folder}/db.sqlite3",
        "PRIVATE_MEDIA_ROOT": f"{folder}/private",
        "MEDIA_ROOT": f"{folder}/media",
        "STATIC_ROOT": f"{folder}/static",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
    }
    if settings == "production":
        env |= {
            "SECRET_KEY": "web-checks-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "BILLING_PAYMENT_PROVIDER": "fake",
            "BILLING_ALLOW_FAKE_PROVIDER": "1",
        }
    env.pop("REDIS_URL", None)
    return env


def prepare(env: dict, settings: str) -> list[tuple[str, str]]:
    """Migrate, load the programme and the news item; returns the pages to check."""
    commands = [["migrate", "--noinput"], ["load_programme"]]
    if settings == "production":
        commands.insert(0, ["collectstatic", "--noinput"])
    for command in commands:
        subprocess.run(
            [PYTHON, "manage.py", *command, "-v0"], env=env, cwd=ROOT, check=True, stdout=-3
        )
    out = subprocess.run(
        [PYTHON, ROOT / "bench" / "web_pages.py"], env=env, cwd=ROOT, check=True, stdout=-1
    )
    return [tuple(page) for page in json.loads(out.stdout)]


def serve(env: dict, settings: str, port: int) -> subprocess.Popen:
    """Start the site on 127.0.0.1:``port`` (gunicorn for production, runserver for dev)."""
    if settings == "production":
        cmd = [ROOT / ".venv/bin/gunicorn", "lms.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2"]
    else:
        cmd = [PYTHON, "manage.py", "runserver", "--noreload", "--insecure", f"127.0.0.1:{port}"]
    return subprocess.Popen(cmd, env=env, cwd=ROOT, start_new_session=True, stdout=-3, stderr=-3)


def fetch(url: str) -> str:
    """The page's HTML as a visitor behind the proxy gets it; raises on anything but 200."""
    with urllib.request.urlopen(urllib.request.Request(url, headers=HEADERS), timeout=60) as r:
        return r.read().decode("utf-8")


def wait_for(base: str) -> None:
    """Wait up to a minute for the site to answer; raises RuntimeError if it does not."""
    for _ in range(120):
        try:
            fetch(base + "/robots.txt")
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"the site did not start on {base}")


def lighthouse(url: str, folder: str) -> tuple[dict[str, int], list[str]]:
    """Lighthouse's scores (0-100 per category) for ``url`` and its failed audits."""
    report = Path(folder) / "lighthouse.json"
    cmd = [LIGHTHOUSE, url, "--only-categories=" + ",".join(CATEGORIES), "--output=json"]
    cmd += [f"--output-path={report}", f"--chrome-flags={CHROME_FLAGS}", "--quiet"]
    cmd += ["--extra-headers=" + json.dumps(HEADERS)]
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    subprocess.run(cmd, env=env, check=True, timeout=300, stdout=-3, stderr=-3)
    result = json.loads(report.read_text(encoding="utf-8"))
    if "runtimeError" in result:
        raise RuntimeError(f"Lighthouse on {url}: {result['runtimeError']['message']}")
    scores = {c: round(result["categories"][c]["score"] * 100) for c in CATEGORIES}
    failed = []
    for category in CATEGORIES:
        for ref in result["categories"][category]["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                failed.append(f"{category}: {ref['id']} ({audit['title']})")
    return scores, failed


def check(base: str, pages: list, folder: str, with_lighthouse: bool) -> list[dict]:
    """One row per page: HTML errors (with their messages) and the Lighthouse scores."""
    documents = {name: fetch(base + path) for name, path in pages}
    errors = vnu_errors(documents)
    rows = []
    for name, path in pages:
        row = {"page": name, "path": path, "html_errors": errors[name], "scores": {}}
        if with_lighthouse:
            row["scores"], row["failed"] = lighthouse(base + path, folder)
        rows.append(row)
    return rows


def report(rows: list[dict], details: bool) -> bool:
    """Print the table (and with ``details`` what failed); True when every page passes."""
    print(f"| page | path | HTML errors | {' | '.join(CATEGORIES)} |")
    print("|---|---|---:|" + "---:|" * len(CATEGORIES))
    passed = True
    for row in rows:
        scores = [str(row["scores"].get(c, "–")) for c in CATEGORIES]
        cells = [row["page"], f"`{row['path']}`", str(len(row["html_errors"])), *scores]
        print(f"| {' | '.join(cells)} |")
        passed &= not row["html_errors"] and row["scores"].get("accessibility", 100) == 100
    if details:
        for row in rows:
            for line in row["html_errors"] + row.get("failed", []):
                print(f"{row['page']}: {line}")
    return passed


def main(argv=None) -> int:
    """Parse the arguments, build and serve the site, check it; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--settings", choices=("production", "dev"), default="production")
    parser.add_argument("--details", action="store_true", help="list the errors and audits")
    parser.add_argument("--no-lighthouse", action="store_true", help="only the HTML checker")
    args = parser.parse_args(argv)
    missing = vnu_missing() or (None if LIGHTHOUSE.exists() else "needs npm ci (lighthouse)")
    if missing:
        print(missing, file=sys.stderr)
        return 2
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="gs-web-checks-") as folder:
        env = site_env(folder, args.settings, port)
        pages = prepare(env, args.settings)
        server = serve(env, args.settings, port)
        try:
            wait_for(base)
            rows = check(base, pages, folder, not args.no_lighthouse)
        except RuntimeError as exc:
            print(exc, file=sys.stderr)
            return 2
        finally:
            os.killpg(server.pid, 15)
            server.wait()
    return 0 if report(rows, args.details) else 1


if __name__ == "__main__":
    sys.exit(main())
