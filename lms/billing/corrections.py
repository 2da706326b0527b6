"""Staff corrections of issued invoices: credit any line or amount, or replace an invoice by a
corrected one. An issued invoice is never edited (art. 52 AWR): it is credited and, where
needed, followed by a new invoice that refers to it.
"""

from lms.accounts.institutions import managed_page_paths

from .models import Invoice, SellerProfile


def may_correct(user, invoice: Invoice) -> bool:
    """Who may act on ``invoice`` (credit, correct, record refunds): the programme team, or a
    manager of the seller's institution. Seeing it is ``Invoice.objects.for_user``."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_programme_team:
        return True
    return (
        bool(managed_page_paths(user))
        and SellerProfile.objects.for_user(user).filter(pk=invoice.seller_id).exists()
    )
