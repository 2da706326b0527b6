"""The newsletter sign-up form (the Subscriber and its services live in lms.accounts)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class NewsletterSignupForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
