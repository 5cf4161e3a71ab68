import os

from django.core.management.base import BaseCommand, CommandError

from accounts.demo import seed_demo_accounts


class Command(BaseCommand):
    help = "Create one demo account per role (learner, mentor, reviewer, curator) and print their passwords."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=os.environ.get("DEMO_PASSWORD", "archpath-demo"),
            help="password for every demo account (default: $DEMO_PASSWORD or archpath-demo)",
        )

    def handle(self, *args, password, **options):
        try:
            accounts = seed_demo_accounts(password=password)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write("Demo accounts (username / password):")
        for username, role, created in accounts:
            note = "created" if created else "exists"
            self.stdout.write(f"  {username:<9} / {password}   role: {role} ({note})")
