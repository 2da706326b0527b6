"""Who may see the finance configuration in the admin (the view rules of the scoping layer,
``lms.accounts.admin_scope``); changing it is the programme team's alone
(``ProgrammeTeamWritesPolicy``).

The programme team sees every row; an institution manager sees the rows of their own
institution's modules and runs; anyone else sees none.
"""

from django.db.models import Exists, OuterRef

from lms.accounts.institutions import managed_page_paths, under_paths
from lms.enrolment.models import CourseRun

from .models import BillingProfile, DiscountCode, ModuleBudget, RunPricing, VatRate


def module_budgets(user):
    """Budgets of the modules under the institutions ``user`` manages (all for the team)."""
    if user.is_programme_team:
        return ModuleBudget.objects.all()
    return ModuleBudget.objects.filter(under_paths("module__path", managed_page_paths(user)))


def billing_profiles(user):
    """Organisations' billing data: the programme team's only."""
    if user.is_programme_team:
        return BillingProfile.objects.all()
    return BillingProfile.objects.none()


def vat_rates(user):
    """VAT rates are the law, not anybody's data: every row for anyone."""
    return VatRate.objects.all()


def run_pricing(user):
    """Pricing of the runs ``user`` may manage (``CourseRun.objects.for_user``)."""
    return RunPricing.objects.filter(run__in=CourseRun.objects.for_user(user))


def discount_codes(user):
    """Codes for the team; for a manager the codes that apply only to their own runs and
    modules (a code with no run or module, or with another institution's, stays hidden)."""
    if user.is_programme_team:
        return DiscountCode.objects.all()
    paths = managed_page_paths(user)
    own_runs = CourseRun.objects.for_user(user)
    runs = DiscountCode.runs.through.objects.filter(discountcode=OuterRef("pk"))
    modules = DiscountCode.modules.through.objects.filter(discountcode=OuterRef("pk"))
    foreign_run = Exists(runs.exclude(courserun__in=own_runs))
    foreign_module = Exists(
        modules.exclude(under_paths("coursemodulepage__path", paths)) if paths else modules
    )
    any_own = Exists(runs) | Exists(modules)
    return DiscountCode.objects.filter(any_own).exclude(foreign_run).exclude(foreign_module)
