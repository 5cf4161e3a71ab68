"""A learner's certification records: the catalog, the rules of a record, the tracker.

Plain functions; the pages (views.py), the API (api.py) and the dashboard panel stay
thin on top of them. Expiry dates live in expiry.py, the reminder e-mails in reminders.py.

Retired exams: a retired certification can still be recorded as passed, failed or
expired (it is part of the learner's history, and holders stay certified until it
runs out), but it cannot be planned, prepared for or booked, and no exam can be
dated after its retirement day. The error names the replacement to take instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import groupby

from django.core.exceptions import ValidationError
from django.db.models import Case, When
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _, ngettext

from roadmap.calendar_feed import FeedExam
from roadmap.models import Certification, Step

from .expiry import REMINDER_DAYS, days_left, expires_on, next_reminder_on
from .models import CertificationRecord

Status = CertificationRecord.Status
# Statuses that look ahead to an exam not yet taken: impossible for a retired exam.
AHEAD = {Status.PLANNED, Status.PREPARING, Status.BOOKED}
HELD = {Status.PASSED, Status.EXPIRED}  # effective_status is the one rule for these two
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


def problems(*, certification, status, exam_date, passed_on, today) -> dict[str, list[str]]:
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


def effective_status(status: str, expires: date | None, today: date) -> str:
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
    errors = problems(certification=certification, status=status, exam_date=exam_date, passed_on=passed_on, today=today)
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
    record.status = effective_status(status, expires, today)
    record.exam_date, record.passed_on, record.expires_on = exam_date, passed_on, expires
    record.credential_id, record.credential_url = credential_id.strip(), credential_url.strip()
    # Field checks (URL, lengths) on the way in, whatever the caller validated already.
    record.full_clean(exclude=["user", "reminders_sent"], validate_constraints=False)
    record.save()
    return record


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
        return effective_status(self.record.status, self.record.expires_on, self.today)

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def days_ago(self) -> int:
        """Days since an expiry that has gone by (0 while still valid)."""
        return max(0, -(self.days_left or 0))

    @property
    def exam_ahead(self) -> bool:
        """An exam still to take, dated today or later."""
        return self.status in AHEAD and self.record.exam_date is not None and self.record.exam_date >= self.today

    @property
    def expiring(self) -> bool:
        """Held, and expiring within the first reminder's days (90)."""
        return self.status == Status.PASSED and self.days_left is not None and self.days_left <= REMINDER_DAYS[0]

    @property
    def needs_attention(self) -> bool:
        """What the roadmap's panel and the mentor's dashboard show: expired, expiring within 90 days, exam ahead."""
        return self.status == Status.EXPIRED or self.expiring or self.exam_ahead

    @property
    def advice(self) -> str:
        """What to do about an expired or expiring certification ('' otherwise): recertify (the catalog's
        renewal rules), or, when the catalog has retired it, take its replacement, since it cannot be renewed."""
        return advice(self)

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


def advice(row: TrackedCertification) -> str:
    """The advice for one tracker row; see TrackedCertification.advice."""
    if not (row.status == Status.EXPIRED or row.expiring):
        return ""
    certification = row.record.certification
    if certification.status == Certification.Status.RETIRED:
        replacement = certification.replaced_by
        if replacement is None:
            return _("%(name)s is retired: it cannot be renewed.") % {"name": certification}
        if row.status == Status.EXPIRED:
            return _("%(name)s is retired, so it cannot be renewed: take its replacement, %(new)s.") % {
                "name": certification, "new": replacement}
        return _("%(name)s is retired, so it cannot be renewed: take its replacement, %(new)s, "
                 "before this one expires.") % {"name": certification, "new": replacement}
    how = certification.renewal.strip() or _("take the exam again.")
    if row.status == Status.EXPIRED:
        return _("Recertify to hold it again: %(how)s") % {"how": how}
    return _("Renew before it expires: %(how)s") % {"how": how}


def urgency_key(row: TrackedCertification) -> tuple:
    """The tracker's order: expired and expiring (within 90 days) first, the soonest expiry first; then booked
    exams by date; then planned and preparing ones (dated first, by date); then the rest (held ones by expiry,
    then failed); ties by name."""
    record, name = row.record, str(row.record.certification).lower()
    if row.status == Status.EXPIRED or row.expiring:
        return (0, record.expires_on or date.min, name)
    if row.status == Status.BOOKED:
        return (1, record.exam_date or date.max, name)
    if row.status in AHEAD:
        return (2, record.exam_date or date.max, name)
    return (3, record.expires_on or date.max, name)


def by_urgency(rows: list[TrackedCertification]) -> list[TrackedCertification]:
    """Tracker rows in urgency order (urgency_key): the one order of the tracker, the panel and the mentor's pages."""
    return sorted(rows, key=urgency_key)


def _track(record: CertificationRecord, today: date) -> TrackedCertification:
    return TrackedCertification(
        record=record,
        today=today,
        days_left=days_left(record, today),
        next_reminder_on=next_reminder_on(record, today),
        warning=retired_warning(record.certification),
        steps=preparing_steps(record.certification),
    )


def _records(users):
    return CertificationRecord.objects.filter(user__in=users).select_related(
        "certification", "certification__replaced_by"
    ).prefetch_related("certification__steps")


def _by_user(users, records, make) -> dict[int, list]:
    """make(record) for each record, in their order, grouped by learner id (every learner, none left out)."""
    grouped: dict[int, list] = {user.pk: [] for user in users}
    for record in records:
        grouped[record.user_id].append(make(record))
    return grouped


def tracker(*, user, today: date) -> list[TrackedCertification]:
    """Every record of the learner, most urgent first (by_urgency), with days left, next reminder, retired
    warning, advice and preparing steps. The learner's tracker page and their mentor's copy of it read this."""
    return by_urgency([_track(record, today) for record in _records([user])])


def attention_by_user(*, users, today: date) -> dict[int, list[TrackedCertification]]:
    """Per learner id, the rows that need attention (expired, expiring within 90 days, exams ahead), most urgent
    first: the roadmap's panel (one learner) and the mentor's dashboard (every mentee, same fixed queries)."""
    grouped = _by_user(users, _records(users), lambda record: _track(record, today))
    return {pk: by_urgency([row for row in rows if row.needs_attention]) for pk, rows in grouped.items()}


def upcoming_expiries(*, user, today: date, within_days: int = REMINDER_DAYS[0]) -> list[TrackedCertification]:
    """Held certifications that expire between today and `within_days` from now, soonest first."""
    return upcoming_expiries_by_user(users=[user], today=today, within_days=within_days)[user.pk]


def upcoming_expiries_by_user(*, users, today: date, within_days: int = REMINDER_DAYS[0]) -> dict[int, list]:
    """upcoming_expiries of many learners by learner id, in the same fixed number of queries as for one."""
    until = today + timedelta(days=within_days)
    records = _records(users).filter(status=Status.PASSED, expires_on__gte=today, expires_on__lte=until)
    return _by_user(users, records.order_by("expires_on"), lambda record: _track(record, today))


def scheduled_exams(*, user, from_day: date | None = None) -> list[FeedExam]:
    """Exam dates of the certifications the learner is working towards (from `from_day` on, if given)."""
    return scheduled_exams_by_user(users=[user], from_day=from_day)[user.pk]


def scheduled_exams_by_user(*, users, from_day: date | None = None) -> dict[int, list[FeedExam]]:
    """scheduled_exams of many learners by learner id, in the same fixed number of queries as for one."""
    records = _records(users).filter(status__in=AHEAD, exam_date__isnull=False).order_by("exam_date")
    if from_day is not None:
        records = records.filter(exam_date__gte=from_day)
    return _by_user(users, records, lambda r: FeedExam(day=r.exam_date, title=str(r.certification),
                                                        key=r.certification.slug))


def dashboard_panel(*, request, today: date) -> str:
    """The roadmap dashboard's certifications panel: expired and expiring certifications with their advice,
    then exams ahead, most urgent first (attention_by_user)."""
    rows = attention_by_user(users=[request.user], today=today)[request.user.pk]
    if not rows:
        return ""
    return render_to_string("certifications/dashboard_panel.html", {"rows": rows}, request)
