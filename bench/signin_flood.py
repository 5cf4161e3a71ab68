"""A flood of wrong passwords against one account, on the login page and the token endpoint.

    .venv/bin/python bench/signin_flood.py [--attempts 30]

Builds a throwaway SQLite database in a temporary folder, one account with the site's real password
hasher, and sends --attempts wrong passwords then the right one, through Django's test client, from
one address; then the right password from another address, and another account from the first.
Prints, per endpoint, the answers by status and the wall and CPU time per attempt before and after
the lock (the locking attempt counts as before; a refused attempt hashes no password).
"""

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "a-long-and-real-passphrase-42"
FLOOD, OTHER = "203.0.113.7", "198.51.100.20"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--attempts", type=int, default=30, help="wrong passwords per endpoint (default 30)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
        from django.conf import settings
        from django.contrib.auth import get_user_model
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        settings.ALLOWED_HOSTS = ["testserver"]
        User = get_user_model()
        for name in ("victim", "neighbour"):
            User.objects.create_user(name, f"{name}@example.com", PASSWORD)
        print(f"hasher: {settings.PASSWORD_HASHERS[0].rsplit('.', 1)[1]}; limits: {settings.AXES_FAILURE_LIMIT} "
              f"per account and address, cool-off {settings.AXES_COOLOFF_TIME}")
        print(f"{'endpoint':<8} {'answers to the flood':<26} {'before lock ms (cpu)':>22} {'refused ms (cpu)':>18} "
              f"{'owner, same address':>20} {'owner elsewhere':>16} {'other account':>14}")
        for name, post in (("page", _page_post), ("token", _token_post)):
            from axes.models import AccessAttempt

            AccessAttempt.objects.all().delete()
            print(_run(post, name, args.attempts))


def _page_post(username, password, address):
    from django.test import Client

    return Client().post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def _token_post(username, password, address):
    from rest_framework.test import APIClient

    return APIClient().post("/api/auth/token/", {"username": username, "password": password}, format="json",
                            REMOTE_ADDR=address)


def _run(post, name, attempts) -> str:
    statuses: Counter = Counter()
    before, refused = [], []
    locked = False  # the attempt that sets the lock is answered 429 but still checked its password
    for _ in range(attempts):
        wall, cpu = time.perf_counter(), time.process_time()
        response = post("victim", "wrong-password", FLOOD)
        spent = (time.perf_counter() - wall, time.process_time() - cpu)
        (refused if locked else before).append(spent)
        locked = locked or response.status_code == 429
        statuses[response.status_code] += 1
    owner_here = post("victim", PASSWORD, FLOOD).status_code
    owner_elsewhere = post("victim", PASSWORD, OTHER).status_code
    neighbour = post("neighbour", PASSWORD, FLOOD).status_code
    answers = ", ".join(f"{count} x {code}" for code, count in sorted(statuses.items()))
    return (f"{name:<8} {answers:<26} {_ms(before):>22} {_ms(refused):>18} {owner_here:>20} {owner_elsewhere:>16} "
            f"{neighbour:>14}")


def _ms(times) -> str:
    if not times:
        return "-"
    wall = sum(t[0] for t in times) / len(times) * 1000
    cpu = sum(t[1] for t in times) / len(times) * 1000
    return f"{wall:.1f} ({cpu:.1f})"


if __name__ == "__main__":
    main()
