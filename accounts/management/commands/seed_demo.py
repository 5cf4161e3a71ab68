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
        parser.add_argument("--reset", action="store_true", help="set the password of existing demo accounts too")

    def handle(self, *args, password, reset, **options):
        try:
            accounts = seed_demo_accounts(password=password, reset=reset)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write("Demo accounts (username / password):")
        for username, role, state in accounts:
            shown = password if state != "password changed" else "(changed since; seed_demo --reset sets it back)"
            self.stdout.write(f"  {username:<9} / {shown}   role: {role} ({state})")
