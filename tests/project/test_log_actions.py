"""Issue 16: every action-log name starts with the label of the app that logs it, and every
name the code logs is registered (``register_log_actions``) by that same app's hooks.

The names logged are read from the source: each string literal passed as the action to
``lms.accounts.audit.record`` (its second argument) or to Wagtail's ``log``; a name built at
run time (an f-string) is checked by its literal prefix. The registered names come from
Wagtail's log action registry, with the module of the hook that registered each.
"""

import ast

import pytest
from wagtail import hooks

from tests.project.module_graph import ROOT, project_modules

# A literal action passed through a conditional (``"a" if x else "b"``) counts too.


def _literals(node) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    if isinstance(node, ast.JoinedStr) and node.values:
        first = node.values[0]
        if isinstance(first, ast.Constant):
            return [first.value]
    return []


def app_label(module: str) -> str:
    parts = module.split(".")
    return parts[1] if parts[0] == "lms" else parts[0]


def logged_names() -> list[tuple[str, str, str]]:
    """(app label, action name, file:line) of every action the code logs."""
    found = []
    for module, path in project_modules().items():
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name not in ("record", "log") or len(node.args) < 2:
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            for action in _literals(node.args[1]):
                if "." in action:
                    found.append((app_label(module), action, where))
    return found


class Recorder:
    def __init__(self):
        self.names = []

    def register_action(self, name, *args, **kwargs):
        self.names.append(name)


def registered_names() -> list[tuple[str, str]]:
    """(app label of the hook's module, action name) of every project registration."""
    found = []
    for hook in hooks.get_hooks("register_log_actions"):
        module = hook.__module__
        if not module.startswith(("lms.", "courses.", "home.")):
            continue
        recorder = Recorder()
        hook(recorder)
        found += [(app_label(module), name) for name in recorder.names]
    return found


def test_the_walk_finds_what_the_code_logs():
    names = {action for _, action, _ in logged_names()}
    assert {"certificates.issue", "bookings.quote_send", "enrolment.run_capacity"} <= names


def test_every_logged_action_starts_with_its_app_label():
    wrong = [
        f"{where}: {action} (app {app})"
        for app, action, where in logged_names()
        if not action.startswith(f"{app}.")
    ]
    assert not wrong, "action names outside their app's namespace:\n" + "\n".join(wrong)


@pytest.mark.django_db
def test_every_registered_action_starts_with_the_label_of_the_app_registering_it():
    wrong = [
        f"{action} (registered by {app})"
        for app, action in registered_names()
        if not action.startswith(f"{app}.")
    ]
    assert not wrong, "\n".join(wrong)


def test_every_logged_action_is_registered_by_its_own_app():
    registered = set(registered_names())
    missing = [
        f"{where}: {action}"
        for app, action, where in logged_names()
        if not any(
            app == r_app and (r_name == action or r_name.startswith(action))
            for r_app, r_name in registered
        )
    ]
    assert not missing, "logged but not registered:\n" + "\n".join(missing)
