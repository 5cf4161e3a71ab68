"""A learner's certification records: validation, expiry, reminders and retired-exam warnings.

Plain functions; the pages (cert_views.py), the API (cert_api.py) and the beat task
(tasks.py) stay thin on top of them.

Retired exams: a retired certification can still be recorded as passed, failed or
expired (it is part of the learner's history, and holders stay certified until it
runs out), but it cannot be planned, prepared for or booked, and no exam can be
dated after its retirement day. The error names the replacement to take instead.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import groupby

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db.models import Case, When
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _, ngettext

from .calendar_feed import FeedExam
from .expiry import REMINDER_DAYS, expires_on
from .models import Certification, CertificationRecord, Step

logger = logging.getLogger(__name__)

Status = CertificationRecord.Status
# Statuses that look ahead to an exam not yet taken: impossible for a retired exam.
AHEAD = {Status.PLANNED, Status.PREPARING, Status.BOOKED}
HELD = {Status.PASSED, Status.EXPIRED}
# Days left at or under which the tracker shows an expiry as urgent rather than soon.
URGENT_DAYS = REMINDER_DAYS[-2]


def retired_warning(certification: Certification) -> str:
    """'X was retired on D; take Y instead.' for a retired certification, '' for an active one."""
    if certification.status != Certification.Status.RETIRED:
        return ""
    if certification.retired_on:
        text = _("%(name)s was retired on %(day)s") % {
            "name": certification,
            "day": date_format(certification.retired_on, "DATE_FORMAT"),
        }
    else:
        text = _("%(name)s is retired") % {"name": certification}
    replacement = certification.replaced_by
    if replacement is None:
        return text + "."
    return text + "; " + _("take %(name)s instead.") % {"name": replacement}


def catalog():
    """Certifications a learner may track: every one still in the content, retired ones included.

    Vendors come in the order of their choices (AWS, Google Cloud, Azure), as the content files have them.
    """
    vendor_order = Case(*(When(vendor=v, then=i) for i, v in enumerate(Certification.Vendor.values)))
    return Certification.objects.active().select_related("replaced_by").order_by(vendor_order, "order", "slug")


def preparing_steps(certification: Certification) -> list[Step]:
    """The roadmap steps that prepare for a certification (prefetch `steps` to save queries)."""
    return [step for step in certification.steps.all() if not step.archived]


def validity_text(months: int | None) -> str:
    """'Valid for 3 years', 'Valid for 18 months' or 'Does not expire'."""
    if not months:
        return _("Does not expire")
    if months % 12 == 0:
        return ngettext("Valid for %(n)d year", "Valid for %(n)d years", months // 12) % {"n": months // 12}
    return ngettext("Valid for %(n)d month", "Valid for %(n)d months", months) % {"n": months}


@dataclass
class CatalogEntry:
    certification: Certification
    warning: str
    steps: list[Step]

    @property
    def validity(self) -> str:
        return validity_text(self.certification.validity_months)


def catalog_by_vendor() -> list[tuple[str, list[CatalogEntry]]]:
    """The catalog grouped by vendor: (vendor name, entries with retired warning and preparing steps)."""
    entries = [
        CatalogEntry(certification=cert, warning=retired_warning(cert), steps=preparing_steps(cert))
        for cert in catalog().prefetch_related("steps")
    ]
    return [
        (Certification.Vendor(vendor).label, list(group))
        for vendor, group in groupby(entries, key=lambda entry: entry.certification.vendor)
    ]


def _check(*, certification, status, exam_date, passed_on, today) -> dict[str, list[str]]:
    """Every rule a record breaks, by field: an empty dict when the record is sound."""
    errors: dict[str, list[str]] = {}

    def add(name, message):
        errors.setdefault(name, []).append(message)

    if status in HELD and passed_on is None:
        add("passed_on", _("A passed certification needs its pass date."))
    if passed_on and status not in HELD:
        add("passed_on", _("Only a passed or expired certification has a pass date."))
    if passed_on and passed_on > today:
        add("passed_on", _("The pass date cannot be in the future."))
    if passed_on and exam_date and passed_on < exam_date:
        add("passed_on", _("The pass date cannot be before the exam date."))
    if status == Status.BOOKED and exam_date is None:
        add("exam_date", _("A booked exam needs its date."))
    warning = retired_warning(certification)
    if warning and status in AHEAD:
        add("status", warning + " " + _("A retired exam can only be recorded as passed, failed or expired."))
    retired_on = certification.retired_on
    if warning and retired_on and exam_date and exam_date > retired_on:
        add("exam_date", warning)
    return errors


def _effective_status(status: str, expires: date | None, today: date) -> str:
    """Passed and expired follow the expiry date, so a stale choice never contradicts it."""
    if status in HELD:
        return Status.EXPIRED if expires and expires < today else Status.PASSED
    return status


def save_record(
    *,
    user,
    certification: Certification,
    status: str,
    exam_date: date | None,
    passed_on: date | None,
    credential_id: str,
    credential_url: str,
    record: CertificationRecord | None = None,
    today: date | None = None,
) -> CertificationRecord:
    """Create (record=None) or update the learner's record for a certification.

    Raises ValidationError (a dict by field) and changes nothing when the input is bad.
    The expiry comes from the certification's validity; a new expiry clears the reminders sent.
    """
    today = today or timezone.localdate()
    if record is not None and record.user_id != user.pk:
        raise ValueError("a learner can only change their own records")
    errors = _check(certification=certification, status=status, exam_date=exam_date, passed_on=passed_on, today=today)
    taken = CertificationRecord.objects.filter(user=user, certification=certification)
    if record is not None:
        taken = taken.exclude(pk=record.pk)
    if taken.exists():
        errors.setdefault("certification", []).append(
            _("You already track %(name)s; edit that record instead.") % {"name": certification}
        )
    if errors:
        raise ValidationError(errors)

    record = record or CertificationRecord(user=user)
    expires = expires_on(passed_on=passed_on, validity_months=certification.validity_months)
    if expires != record.expires_on:
        record.reminders_sent = []
    record.certification = certification
    record.status = _effective_status(status, expires, today)
    record.exam_date, record.passed_on, record.expires_on = exam_date, passed_on, expires
    record.credential_id, record.credential_url = credential_id.strip(), credential_url.strip()
    # Field checks (URL, lengths) on the way in, whatever the caller validated already.
    record.full_clean(exclude=["user", "reminders_sent"], validate_constraints=False)
    record.save()
    return record


def expire_records(today: date) -> int:
    """Mark passed records whose expiry date has gone by as expired; returns how many."""
    stale = CertificationRecord.objects.filter(status=Status.PASSED, expires_on__lt=today)
    return stale.update(status=Status.EXPIRED, updated=timezone.now())


def days_left(record: CertificationRecord, today: date) -> int | None:
    return None if record.expires_on is None else (record.expires_on - today).days


def due_threshold(left: int | None) -> int | None:
    """The most urgent reminder threshold (90, 30, 7) that `left` days have reached, if any.

    A beat that missed the day of a threshold still finds it due on the days after.
    """
    if left is None or left < 0:
        return None
    reached = [days for days in REMINDER_DAYS if left <= days]
    return min(reached) if reached else None


def next_reminder_on(record: CertificationRecord, today: date) -> date | None:
    """The day the next reminder e-mail goes out: today if one is due and not yet sent."""
    if record.status != Status.PASSED or record.expires_on is None:
        return None
    left = days_left(record, today)
    due = due_threshold(left)
    if due is not None and due not in record.reminders_sent:
        return today
    later = [days for days in REMINDER_DAYS if days < left and days not in record.reminders_sent]
    return record.expires_on - timedelta(days=max(later)) if later else None


@dataclass
class TrackedCertification:
    """One row of the tracker (and of the dashboard's upcoming expiries)."""

    record: CertificationRecord
    today: date
    days_left: int | None
    next_reminder_on: date | None
    warning: str
    steps: list[Step] = field(default_factory=list)

    @property
    def status(self) -> str:
        """The status to show: a passed record past its expiry reads expired even before the beat runs."""
        return _effective_status(self.record.status, self.record.expires_on, self.today)

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def days_ago(self) -> int:
        """Days since an expiry that has gone by (0 while still valid)."""
        return max(0, -(self.days_left or 0))

    @property
    def urgency(self) -> str:
        """'expired', 'urgent', 'soon' or '' (CSS hook; the page also says it in words)."""
        if self.days_left is None:
            return ""
        if self.days_left < 0:
            return "expired"
        if self.days_left <= URGENT_DAYS:
            return "urgent"
        return "soon" if self.days_left <= REMINDER_DAYS[0] else ""


def _tracked(records, today: date) -> list[TrackedCertification]:
    return [
        TrackedCertification(
            record=record,
            today=today,
            days_left=days_left(record, today),
            next_reminder_on=next_reminder_on(record, today),
            warning=retired_warning(record.certification),
            steps=preparing_steps(record.certification),
        )
        for record in records
    ]


def _records(user):
    return CertificationRecord.objects.filter(user=user).select_related(
        "certification", "certification__replaced_by"
    ).prefetch_related("certification__steps")


def tracker(*, user, today: date) -> list[TrackedCertification]:
    """Every record of the learner, with days left, next reminder, retired warning and preparing steps."""
    return _tracked(_records(user), today)


def upcoming_expiries(*, user, today: date, within_days: int = REMINDER_DAYS[0]) -> list[TrackedCertification]:
    """Held certifications that expire between today and `within_days` from now, soonest first."""
    until = today + timedelta(days=within_days)
    records = _records(user).filter(status=Status.PASSED, expires_on__gte=today, expires_on__lte=until)
    return _tracked(records.order_by("expires_on"), today)


def scheduled_exams(*, user) -> list[FeedExam]:
    """Exam dates of the certifications the learner is working towards, for the schedule and calendar."""
    records = _records(user).filter(status__in=AHEAD, exam_date__isnull=False).order_by("exam_date")
    return [FeedExam(day=r.exam_date, title=str(r.certification), key=r.certification.slug) for r in records]


def _claim(record: CertificationRecord, sent: list[int]) -> bool:
    """Take the right to send, so two beats running at once never send the same reminder twice."""
    claimed = CertificationRecord.objects.filter(pk=record.pk, reminders_sent=record.reminders_sent).update(
        reminders_sent=sent
    )
    return claimed == 1


def _send_reminder(record: CertificationRecord, left: int) -> None:
    certification = record.certification
    context = {
        "user": record.user,
        "certification": certification,
        "record": record,
        "days_left": left,
        "tracker_url": settings.SITE_URL.rstrip("/") + reverse("roadmap:certifications"),
        "warning": retired_warning(certification),
    }
    subject = render_to_string("emails/certification_reminder_subject.txt", context).strip()
    body = render_to_string("emails/certification_reminder.txt", context)
    send_mail(subject, body, None, [record.user.email])


def send_due_reminders(*, today: date) -> int:
    """E-mail each learner whose certification reaches 90, 30 or 7 days before expiry; returns how many.

    A reminder is recorded in `reminders_sent` with every less urgent one, so running
    twice sends nothing new and a missed day sends only its most urgent reminder, once.
    """
    sent = 0
    latest = today + timedelta(days=REMINDER_DAYS[0])
    candidates = CertificationRecord.objects.filter(
        status=Status.PASSED, expires_on__gte=today, expires_on__lte=latest
    ).select_related("user", "certification", "certification__replaced_by")
    for record in candidates.exclude(user__email=""):
        left = days_left(record, today)
        due = due_threshold(left)
        if due is None or due in record.reminders_sent:
            continue
        covered = sorted({*record.reminders_sent, *(days for days in REMINDER_DAYS if days >= due)}, reverse=True)
        if not _claim(record, covered):
            continue
        try:
            _send_reminder(record, left)
        except Exception:
            # Give the claim back so tomorrow's beat tries again; other learners still get theirs.
            logger.exception("certification reminder for record %s failed", record.pk)
            CertificationRecord.objects.filter(pk=record.pk).update(reminders_sent=record.reminders_sent)
            continue
        sent += 1
    return sent
