from django.core.management.base import BaseCommand, CommandError

from lms.accounts.exceptions import AccountError
from lms.accounts.models import User
from lms.accounts.services import anonymise_user


class Command(BaseCommand):
    help = "Anonymise a person on request (invoices keep their copied buyer data)."

    def add_arguments(self, parser):
        parser.add_argument("email", help="the person's e-mail address")
        parser.add_argument("--by", required=True, help="e-mail address of the team member")
        parser.add_argument("--reason", default="", help="kept in the action log")

    def handle(self, *args, email, by, reason, **options):
        try:
            person = User.objects.get(email__iexact=email)
            staff = User.objects.get(email__iexact=by)
            anonymise_user(person, by=staff, reason=reason)
        except (User.DoesNotExist, AccountError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Anonymised account {person.pk}."))
