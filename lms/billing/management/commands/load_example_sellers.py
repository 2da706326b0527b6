"""``manage.py load_example_sellers``: demo seller profiles, so paid runs can be tried at once.

For every institution without a seller profile, a profile marked ``is_example`` with
placeholder legal and bank data (the documented test VAT id and IBAN). Every invoice of such a
seller says "VOORBEELD – geen geldige factuur", none is exported as UBL, and the system check
``billing.E004`` fails production settings while one exists. ``make run`` calls this; never
run it on a real deployment. Running it again creates nothing new. A seller profile has no
service (staff edit it in the admin's form); each profile is checked with ``full_clean`` as
that form checks it.
"""

import datetime as dt

from django.core.management.base import BaseCommand
from django.db import transaction

from lms.billing.models import SellerProfile

#: Placeholder data: the Belastingdienst's documented test VAT id and a test IBAN.
EXAMPLE = {
    "street": "Voorbeeldstraat 1",
    "postcode": "1234 AB",
    "city": "Voorbeeldstad",
    "kvk_number": "00000000",
    "vat_id": "NL000099998B57",
    "iban": "NL91ABNA0417164300",
    "email": "facturen@voorbeeld.invalid",
    "crkbo_registered_from": dt.date(2020, 1, 1),
}


class Command(BaseCommand):
    help = "Create example (VOORBEELD) seller profiles for institutions that have none."

    @transaction.atomic
    def handle(self, *args, **options):
        institutions = SellerProfile.institution.field.related_model.objects.filter(
            seller_profile__isnull=True
        )
        created = 0
        for institution in institutions:
            code = (getattr(institution, "code", "") or "VB")[:6].upper()
            profile = SellerProfile(
                institution=institution,
                legal_name=f"{institution.title} (VOORBEELD)",
                invoice_prefix=f"V{code}",
                credit_note_prefix=f"V{code}C",
                quote_prefix=f"V{code}O",
                is_example=True,
                **EXAMPLE,
            )
            # The rules the admin's form applies (field validators, the prefix rules).
            profile.full_clean()
            profile.save()
            created += 1
        if created:
            self.stdout.write(
                f"{created} example seller profiles (VOORBEELD – not valid for real invoices)"
            )
