from django.core.management.base import BaseCommand

from home.programme import ProgrammeLoader


class Command(BaseCommand):
    help = "Load the programme's content (idempotent: existing pages and runs are kept)."

    def handle(self, *args, **options):
        loader = ProgrammeLoader(log=lambda line: self.stdout.write(f"  {line}"))
        created = loader.load()
        self.stdout.write(self.style.SUCCESS(f"Programme content loaded ({created} new objects)."))
