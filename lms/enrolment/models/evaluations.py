"""Evaluations: a participant's scores and comments for a run, one per enrolment."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lms.accounts.querysets import OwnRowsQuerySet

from .enrolments import Enrolment

#: Scores run from 1 to 10; would-recommend from 0 to 10 (the usual NPS scale).
SCORE_FIELDS = ("content_score", "trainer_score", "organisation_score", "applicability_score")


class EvaluationQuerySet(OwnRowsQuerySet):
    """Evaluations ``user`` may read with names (``for_user``): all for the programme team, else
    their own.

    Institutions read evaluations only as anonymous figures (``lms.reports``), and only for
    runs with enough responses; they never get the rows.
    """

    owner_lookup = "enrolment__user"

    def submitted(self):
        return self.filter(submitted_at__isnull=False)


class Evaluation(models.Model):
    """A participant's evaluation of a run: one per enrolment (enforced by the database).

    The row is made, empty, when the participant is invited (``invited_at``), so the response
    rate is ``submitted / invited`` from the rows. Scores are integers 1–10; ``would_recommend``
    is 0–10. The participant may change a submitted evaluation until the closing time (see
    ``lms.enrolment.evaluations.closes_at``).
    """

    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.PROTECT, related_name="evaluation", verbose_name=_("enrolment")
    )
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    content_score = models.PositiveSmallIntegerField(_("content"), null=True, blank=True)
    trainer_score = models.PositiveSmallIntegerField(_("trainer"), null=True, blank=True)
    organisation_score = models.PositiveSmallIntegerField(_("organisation"), null=True, blank=True)
    applicability_score = models.PositiveSmallIntegerField(
        _("applicability in own work"), null=True, blank=True
    )
    would_recommend = models.PositiveSmallIntegerField(
        _("would recommend (0–10)"), null=True, blank=True
    )
    comments = models.TextField(_("comments"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-submitted_at", "pk"]
        constraints = [
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__isnull": True})
                    | Q(**{f"{name}__gte": 1, f"{name}__lte": 10}),
                    name=f"evaluation_{name}_1_to_10",
                )
                for name in SCORE_FIELDS
            ),
            models.CheckConstraint(
                condition=Q(would_recommend__isnull=True) | Q(would_recommend__lte=10),
                name="evaluation_recommend_0_to_10",
            ),
            # A submitted evaluation has every score.
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True)
                | Q(
                    content_score__isnull=False,
                    trainer_score__isnull=False,
                    organisation_score__isnull=False,
                    applicability_score__isnull=False,
                    would_recommend__isnull=False,
                ),
                name="evaluation_submitted_is_complete",
            ),
        ]

    def __str__(self):
        return f"{self.enrolment} – {_('evaluation')}"
