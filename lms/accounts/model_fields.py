"""Fields every app declares alike.

Model fields: :func:`person_link` (the person who acted, kept as NULL when their account goes)
and :func:`organisation_link` (the optional organisation behind a row). Each returns the same
field a hand-written declaration gives, so using them makes no migration.

Form fields that choose rows by id and check the ids before any query: an id that is no
whole number or lies outside the database's 64-bit range is a field error, not an
``OverflowError`` or ``DataError`` (a 500)."""

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

BIGINT_MAX = 2**63 - 1


def person_link(verbose_name=None, *, blank: bool = True) -> models.ForeignKey:
    """A foreign key to the user who did something (verified, recorded, decided, …): NULL when
    that account is deleted, no reverse accessor (``related_name="+"``).

    ``verbose_name`` is the label (Django's default from the field name when ``None``);
    ``blank=False`` makes the admin form ask for it.
    """
    options = {"verbose_name": verbose_name} if verbose_name is not None else {}
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=blank,
        related_name="+",
        **options,
    )


def organisation_link(related_name: str, **options) -> models.ForeignKey:
    """An optional foreign key to the ``accounts.Organisation`` that enrolled, paid or asked
    (``PROTECT``: an organisation with rows is never deleted), labelled "organisation";
    ``options`` adds e.g. ``help_text``."""
    return models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=_("organisation"),
        **options,
    )


def is_row_id(value) -> bool:
    """True when ``value`` (str or int) is a whole number from 1 to 2**63 - 1."""
    text = str(value).strip()
    return text.isdigit() and 1 <= int(text) <= BIGINT_MAX


class ModelIdsField(forms.ModelMultipleChoiceField):
    """``ModelMultipleChoiceField`` whose ids are checked with ``is_row_id`` first; a bad id
    raises the field's ``invalid_pk_value`` error."""

    def _check_values(self, value):
        for pk in value if isinstance(value, (list, tuple)) else [value]:
            if not is_row_id(pk):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)
