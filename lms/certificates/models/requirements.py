"""What completes a module: its completion rule and the participants' assessment results."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lms.accounts.institutions import managed_page_paths
from lms.accounts.model_fields import person_link
from lms.accounts.querysets import ScopedQuerySet


class CompletionRule(models.Model):
    """What a participant must do to complete a module's runs.

    ``min_attendance_percent`` is the share of a run's sessions (0–100) a participant must
    attend; compulsory sessions must be attended whatever the share. An assessment is either
    pass/fail or a grade that must reach ``pass_mark``. ``requires_lessons`` asks that every
    required lesson of the module is marked done (``lms.learning``). ``validity_years`` makes
    certificates expire that many years after completion.
    """

    class Assessment(models.TextChoices):
        NONE = "none", _("No assessment")
        PASS_FAIL = "pass_fail", _("Pass or fail")
        GRADE = "grade", _("Grade with a pass mark")

    module = models.OneToOneField(
        "courses.CourseModulePage",
        on_delete=models.CASCADE,
        related_name="completion_rule",
        verbose_name=_("module"),
    )
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("minimum attendance (%)"),
        default=100,
        validators=[MaxValueValidator(100)],
    )
    assessment = models.CharField(
        _("assessment"), max_length=10, choices=Assessment.choices, default=Assessment.NONE
    )
    pass_mark = models.DecimalField(
        _("pass mark"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    requires_evaluation = models.BooleanField(_("requires a submitted evaluation"), default=False)
    requires_lessons = models.BooleanField(
        _("requires all required lessons done"),
        default=False,
        help_text=_("Participants must mark every required lesson of the module done."),
    )
    validity_years = models.PositiveSmallIntegerField(
        _("validity (years)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: certificates do not expire."),
    )

    class Meta:
        verbose_name = _("completion rule")
        verbose_name_plural = _("completion rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_attendance_percent__lte=100), name="rule_attendance_percent"
            ),
            models.CheckConstraint(
                condition=~Q(assessment="grade") | Q(pass_mark__isnull=False),
                name="rule_grade_needs_pass_mark",
            ),
        ]

    def __str__(self):
        return str(self.module)

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.assessment == self.Assessment.GRADE and self.pass_mark is None:
            raise ValidationError({"pass_mark": _("A graded assessment needs a pass mark.")})


class AssessmentResultQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Results ``user`` may see: all for the programme team, their institutions' for
        managers, else their own."""
        visible = Q(enrolment__user=user)
        for path in managed_page_paths(user):
            visible |= Q(enrolment__run__module__path__startswith=path)
        return self.filter(visible)


class AssessmentResult(models.Model):
    """A participant's assessment result, recorded by staff: passed or not, or a grade."""

    enrolment = models.OneToOneField(
        "enrolment.Enrolment", on_delete=models.CASCADE, related_name="assessment_result"
    )
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    grade = models.DecimalField(_("grade"), max_digits=4, decimal_places=1, null=True, blank=True)
    recorded_by = person_link(blank=False)
    recorded_at = models.DateTimeField(_("recorded at"))

    objects = AssessmentResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment result")
        verbose_name_plural = _("assessment results")

    def __str__(self):
        return f"{self.enrolment}: {self.grade if self.grade is not None else self.passed}"
