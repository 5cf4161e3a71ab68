"""The Celery app: configured from Django settings (CELERY_* names), tasks found in each app."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Tesseract scales by worker processes, not threads: one thread each avoids
# oversubscribing the cores when several pages are processed at once.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

app = Celery("archpath")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
