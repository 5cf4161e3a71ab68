"""Putting the demo's history at the right moments.

The services stamp what they write with the present (auto_now_add, timezone.now()), which is
right for the product and wrong for a history replayed in one go: `happened` re-dates the rows
a block of service calls created, so a comment written "three weeks ago" says so on the page.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

from django.db.models import Max
from django.utils import timezone

from mentoring.models import Mentorship, MilestoneEvent, MilestoneReview, Notification, StepComment

# The rows the mentoring services stamp with the present in their "created" field.
STAMPED = (Mentorship, StepComment, MilestoneEvent, Notification)
# Notifications older than this were seen by the time a newcomer signs in.
READ_AFTER = timedelta(days=7)


def evening(day: date, *, hour: int = 20, minute: int = 0) -> datetime:
    """An aware datetime on ``day`` in the site's time zone: study nights happen in the evening."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@contextmanager
def happened(when: datetime, *, now: datetime):
    """Re-date every stamped row created inside the block to ``when`` (``now``: the seed's present)."""
    before = {model: model.objects.aggregate(top=Max("pk"))["top"] or 0 for model in STAMPED}
    yield
    for model in STAMPED:
        model.objects.filter(pk__gt=before[model]).update(created=when)
    Mentorship.objects.filter(pk__gt=before[Mentorship], responded_at__isnull=False).update(responded_at=when)
    if now - when > READ_AFTER:
        Notification.objects.filter(pk__gt=before[Notification]).update(read_at=when + timedelta(hours=10))
    # A review's "updated" is the moment of its last event.
    touched = MilestoneEvent.objects.filter(pk__gt=before[MilestoneEvent]).values("review")
    MilestoneReview.objects.filter(pk__in=touched).update(updated=when)
