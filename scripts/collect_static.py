"""`make run`'s static files: collectstatic into STATIC_ROOT, skipped when no source file changed.

Collecting hashes and compresses every file with gzip and Brotli (about 35 CPU seconds here, mostly
the API docs' bundles and the charts' Plotly), so a fingerprint of the source files (name, size, modification time) is kept beside STATIC_ROOT and a
second start with the same files collects nothing. Two stacks starting at once take turns (a lock
file), so neither serves a half-written folder.
"""

import fcntl
import hashlib
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.staticfiles.finders import get_finders  # noqa: E402
from django.contrib.staticfiles.storage import staticfiles_storage  # noqa: E402
from django.core.management import call_command  # noqa: E402


def fingerprint() -> str:
    """What collectstatic would read: every file the finders list, and the storage writing them."""
    ignore = apps.get_app_config("staticfiles").ignore_patterns
    found = sorted(
        (path, os.stat(storage.path(path)))
        for finder in get_finders()
        for path, storage in finder.list(ignore)
    )
    digest = hashlib.sha256(settings.STORAGES["staticfiles"]["BACKEND"].encode())
    for path, stat in found:
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def main() -> int:
    if not settings.STATIC_ROOT:
        raise SystemExit("STATIC_ROOT is not set: there is nowhere to collect the static files to")
    root = Path(settings.STATIC_ROOT)
    root.parent.mkdir(parents=True, exist_ok=True)
    stamp = root.with_name(root.name + ".fingerprint")
    with open(root.with_name(root.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        current = fingerprint()
        collected = (root / getattr(staticfiles_storage, "manifest_name", ".")).exists()
        if collected and stamp.exists() and stamp.read_text() == current:
            return 0
        started = time.monotonic()
        call_command("collectstatic", interactive=False, verbosity=0)
        stamp.write_text(current)
        print(f"  collected the static files into {root} in {time.monotonic() - started:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
