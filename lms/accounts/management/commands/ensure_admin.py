import os
import secrets

from django.core.management.base import BaseCommand
from django.db import transaction

from lms.accounts.models import User

DEFAULT_EMAIL = "admin@gebiedsschool.local"


class Command(BaseCommand):
    help = (
        "Create the administrator account once (password from ADMIN_PASSWORD, or generated and "
        "printed once) and print the admin login."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", default=os.environ.get("ADMIN_EMAIL", DEFAULT_EMAIL))

    @transaction.atomic
    def handle(self, *args, email, **options):
        user = User.objects.filter(email__iexact=email).first()
        if user:
            self.stdout.write(f"Admin login: {user.email} (password as set before) at /beheer/")
            return
        password = os.environ.get("ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        User.objects.create_superuser(
            email=email, password=password, first_name="Beheerder", last_name="Gebiedsschool"
        )
        shown = "(from ADMIN_PASSWORD)" if os.environ.get("ADMIN_PASSWORD") else password
        self.stdout.write(
            self.style.SUCCESS(f"Admin login: {email}  password: {shown}  at /beheer/")
        )
