"""The (URL, parameter) list of the fuzz test, derived from the URL resolver and the views'
forms: every pattern outside the Wagtail admin (/beheer/), documents and static files, with
the fields of the form classes its view (or the helpers it calls) names, plus ``DECLARED``
for views that read ``request.GET``/``request.POST`` directly."""

import inspect
import types
from dataclasses import dataclass, field

from django import forms
from django.urls import URLPattern, URLResolver, get_resolver

SKIPPED_PREFIXES = ("beheer/", "documenten/", "static/", "media/", "jsi18n/", "bench/")

# Read by middleware or the login/redirect helpers on every request.
EVERYWHERE = {"csrfmiddlewaretoken", "next", "language"}

# Parameters views read from request.GET/POST without a form (url name -> names).
DECLARED = {
    "home:search": {"q", "page"},
    "billing:checkout": {"code"},
    "billing:webhook": {"id"},
    "accounts:my_data": {"format"},
    "accounts:signup": {"email"},
    "accounts:request_contact": {
        f"contact-{n}" for n in ("name", "email", "organisation", "message", "phone", "job_title")
    },
    "accounts:second_factor_setup": {"action"},
    "accounts:login": {"username"},
    "enrolment:cancel": {"confirm"},
    "enrolment:evaluation": {"answer"},
    "portal:booking": {"action"},
    "portal:booking_withdraw": {"reason"},
    "portal:substitute": {"email"},
    "billing_fake_checkout": {"state"},
    "accounts:logout": {"username"},  # the login throttle's signal handler reads it
    "sitemap": {"p"},
}


@dataclass
class Route:
    """One URL pattern: its full regex-free route, its name, its view and its parameters."""

    route: str
    name: str
    callback: object
    params: set = field(default_factory=set)
    page: str = ""  # a CMS page (served by Wagtail, no URL name): the world's ``pages`` key


#: The CMS pages' query parameters (Wagtail serves them through one unnamed catch-all
#: pattern, so the resolver cannot name them): the catalogue's filters
#: (courses/catalogue.py, CatalogueQuery), the Kennisbank's (courses/knowledge.py,
#: KnowledgeFilter) and a module page (none of its own).
PAGES = {
    "catalogue": {"q", "theme", "level", "institution", "format", "sort", "page"},
    "kennisbank": {"thema", "provincie", "fase"},
    "module": set(),
}


def _walk(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        text = prefix + str(entry.pattern)
        if text.startswith(SKIPPED_PREFIXES) or text.startswith("^"):
            continue
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            yield from _walk(entry, text, f"{ns}:" if entry.namespace else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield Route(text, f"{namespace}{entry.name}", entry.callback)


def _form_fields(form_class) -> set:
    names = set()
    for name, form_field in form_class.base_fields.items():
        widget = form_field.widget
        if isinstance(widget, forms.MultiWidget):
            names |= {f"{name}{suffix}" for suffix in widget.widgets_names}
        else:
            names.add(name)
    return names


def _forms_named(func, depth=2) -> set:
    """The Form classes ``func`` names, directly or in the same module's helpers it calls."""
    func = inspect.unwrap(func)
    code, scope = getattr(func, "__code__", None), getattr(func, "__globals__", {})
    if code is None:
        return set()
    return _forms_in_code(code, scope, depth)


def _forms_in_code(code, scope, depth) -> set:
    found = set()
    for name in code.co_names:
        targets = [scope.get(name)] + [
            getattr(m, name, None) for m in scope.values() if isinstance(m, types.ModuleType)
        ]
        for target in targets:
            if isinstance(target, type) and issubclass(target, forms.BaseForm):
                found.add(target)
            elif depth and isinstance(target, types.FunctionType):
                found |= _forms_named(target, depth - 1)
    for const in code.co_consts:  # nested functions (the view's inner helpers)
        if isinstance(const, types.CodeType):
            found |= _forms_in_code(const, scope, depth)
    return found


def _view_forms(callback) -> set:
    view_class = getattr(callback, "view_class", None)
    if view_class is None:
        return _forms_named(callback)
    initkwargs = getattr(callback, "view_initkwargs", {})
    found = set()
    for attr in ("form_class", "authentication_form"):
        form_class = initkwargs.get(attr) or getattr(view_class, attr, None)
        if form_class:
            found.add(form_class)
    for attr in ("get", "post", "dispatch", "form_valid", "get_form_class"):
        method = view_class.__dict__.get(attr)
        if method:
            found |= _forms_named(method)
    return found


def routes() -> list[Route]:
    """Every fuzzed pattern with its parameters (form fields, DECLARED, EVERYWHERE)."""
    found = []
    for route in _walk(get_resolver()):
        for form_class in _view_forms(route.callback):
            route.params |= _form_fields(form_class)
        route.params |= DECLARED.get(route.name, set()) | EVERYWHERE
        found.append(route)
    for page, params in PAGES.items():
        found.append(Route(page, f"page:{page}", None, params | EVERYWHERE, page=page))
    return found
