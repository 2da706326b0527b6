"""Site-wide views: the newsletter sign-up and the site search."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from lms.accounts import newsletter
from lms.accounts.mail_limits import LIMITED_MESSAGE, mail_limited

from .forms import NewsletterSignupForm
from .search import site_search


def newsletter_signup(request):
    """GET: the form. POST: sign up (double opt-in); the answer never says whether the
    address was already subscribed."""
    form = NewsletterSignupForm(request.POST or None)
    done = False
    limited = False
    if request.method == "POST" and form.is_valid():
        limited = mail_limited(request, "newsletter", form.cleaned_data["email"])
    if limited:
        form.add_error(None, LIMITED_MESSAGE)
    elif request.method == "POST" and form.is_valid():
        try:
            newsletter.subscribe(form.cleaned_data["email"], request.LANGUAGE_CODE)
        except newsletter.NewsletterError as error:
            form.add_error("email", str(error))
        else:
            done = True
    status = 429 if limited else 400 if request.method == "POST" and not done else 200
    return render(
        request, "home/newsletter_signup.html", {"form": form, "done": done}, status=status
    )


def search(request):
    """Site search over modules, findings, pilot projects and other pages, grouped by type."""
    query = request.GET.get("q", "").strip()[:200]
    groups = site_search(query) if query else []
    return render(
        request,
        "home/search.html",
        {"query": query, "groups": groups, "title": _("Search")},
    )
