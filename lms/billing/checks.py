"""System checks of billing.

``billing.E001``: settings that refuse example sellers (production) while an example seller
profile exists. Tagged ``database``, so ``migrate`` and ``check --database default`` run it
(a deployment migrates, so it cannot start unnoticed with demo sellers).
"""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.database)
def example_sellers_in_production(app_configs=None, databases=None, **kwargs):
    """An error per database that holds an example seller while
    ``BILLING_REFUSE_EXAMPLE_SELLERS`` is on (production settings)."""
    if not databases or not getattr(settings, "BILLING_REFUSE_EXAMPLE_SELLERS", False):
        return []
    from django.db.utils import DatabaseError

    from .models import SellerProfile

    errors = []
    for alias in databases:
        try:
            names = list(
                SellerProfile.objects.using(alias)
                .filter(is_example=True)
                .values_list("legal_name", flat=True)
            )
        except DatabaseError:  # not migrated yet: nothing to check
            continue
        if names:
            errors.append(
                Error(
                    f"Example seller profiles exist: {', '.join(names)}.",
                    hint="Enter the institutions' real legal and bank data (Finance → Sellers) "
                    "and remove the example profiles; their invoices are not valid.",
                    id="billing.E001",
                )
            )
    return errors
