import os

from django.core.management.base import BaseCommand, CommandError

from demo_data.seed import seed_demo


class Command(BaseCommand):
    help = (
        "Create the demo accounts (learner, learner2, mentor, reviewer, curator) with months of history "
        "and print their passwords. A second run changes nothing; --reset builds the history again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=os.environ.get("DEMO_PASSWORD", "archpath-demo"),
            help="password for every demo account (default: $DEMO_PASSWORD or archpath-demo)",
        )
        parser.add_argument(
            "--reset", action="store_true",
            help="delete the demo accounts' history and build it again; set their passwords back",
        )
        parser.add_argument("--no-scans", action="store_true", help="leave the reviewer's queue alone (no OCR)")

    def handle(self, *args, password, reset, no_scans, **options):
        try:
            report = seed_demo(password=password, reset=reset, with_scans=not no_scans)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write("Demo accounts (username / password):")
        for username, role, state in report.accounts:
            shown = password if state != "password changed" else "(changed since; seed_demo --reset sets it back)"
            self.stdout.write(f"  {username:<9} / {shown}   role: {role} ({state})")
        for username, history in report.learners.items():
            self.stdout.write(f"  history of {username}: {history}")
        if report.scans is not None:
            state = "filled" if report.scans.created else "kept"
            self.stdout.write(f"  review queue: {report.scans.in_review} pages waiting ({state})")
        if report.problem:
            self.stderr.write(f"  note: {report.problem}")
        self.stdout.write(f"seed_demo took {report.seconds:.1f} s")
