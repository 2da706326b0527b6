"""The `browser` marker: skipped without Chromium; a failure with REQUIRE_BROWSER=1."""

import pytest

from tests import conftest


def test_reason_when_chromium_is_missing(monkeypatch):
    monkeypatch.delenv("CHROMIUM", raising=False)
    monkeypatch.setattr(conftest.shutil, "which", lambda name: None)
    assert "Chromium" in conftest.browser_missing()


def test_chromium_env_overrides_path(monkeypatch):
    monkeypatch.setenv("CHROMIUM", "/bin/sh")
    assert conftest.chromium_path() == "/bin/sh"
    monkeypatch.setenv("CHROMIUM", "/nonexistent/chromium")
    assert conftest.chromium_path() is None


def test_marker_skips_or_fails():
    class Item:
        def __init__(self):
            self.markers, self.stash = [], pytest.Stash()

        def add_marker(self, marker):
            self.markers.append(marker)

    skipped, required = Item(), Item()
    conftest._require_or_skip(skipped, False, "needs Chromium", "REQUIRE_BROWSER")
    conftest._require_or_skip(required, True, "needs Chromium", "REQUIRE_BROWSER")
    assert skipped.markers[0].name == "skip"
    assert required.markers == []
    assert "REQUIRE_BROWSER=1" in required.stash[conftest.MISSING_REQUIREMENT]
    with pytest.raises(pytest.fail.Exception):
        conftest.pytest_runtest_setup(required)
