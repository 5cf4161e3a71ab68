"""Export and import all of a learner's data as one JSON document.

The document names content by slug, never by database id, so a file written on one
site imports on another that loaded the same content. Import checks the whole
document first and writes nothing unless every item is valid; then it replaces the
learner's data in one transaction.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from certifications.expiry import expires_on
from certifications.models import CertificationRecord
# The tracker's rules for a record, so an imported record is one the tracker could have saved.
from certifications.records import problems as record_problems
from roadmap.models import MAX_SESSION_MINUTES, Background, Certification, Cloud, LearnerRoadmap, RoadmapStep, Step, StudySession, TargetRole
from roadmap import rules
from roadmap.planning import Answers, plan_roadmap, schedule_roadmap, steps_for_role

FORMAT = "archpath-learner"
VERSION = 1
MAX_FILE_BYTES = 5 * 1024 * 1024
# date.fromisoformat also takes "20261123" and week dates; the document has one spelling.
DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")
STEP_FIELDS = ["status", "skip_source", "skip_reason", "keep", "note", "completed_on"]


class PortabilityError(Exception):
    """The document cannot be imported; ``errors`` names every problem, item by item."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = list(errors)


@dataclass(frozen=True)
class ImportSummary:
    roadmap: bool
    steps: int
    sessions: int
    certifications: int

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        return _("Imported %(steps)s, %(sessions)s and %(certifications)s.") % {
            "steps": ngettext("%d roadmap step", "%d roadmap steps", self.steps) % self.steps,
            "sessions": ngettext("%d study session", "%d study sessions", self.sessions) % self.sessions,
            "certifications": ngettext("%d certification record", "%d certification records", self.certifications)
            % self.certifications,
        }


# Export


def export_learner(*, user) -> dict:
    """The learner's roadmap answers, steps, study log and certification records as one document."""
    roadmap = LearnerRoadmap.objects.filter(user=user).select_related("background", "target_role").first()
    records = user.certifications.select_related("certification").order_by(
        "certification__vendor", "certification__order", "certification__slug"
    )
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "username": user.get_username(),
        "roadmap": export_answers(roadmap) if roadmap else None,
        "steps": [export_step(row) for row in roadmap.steps.select_related("step")] if roadmap else [],
        "sessions": [
            {
                "date": session.date.isoformat(),
                "minutes": session.minutes,
                "step": session.step.step.slug if session.step else None,
                "note": session.note,
            }
            for session in roadmap.sessions.select_related("step__step").order_by("date", "id")
        ]
        if roadmap
        else [],
        "certifications": [export_record(record) for record in records],
    }


def export_answers(roadmap: LearnerRoadmap) -> dict:
    return {
        "background": roadmap.background.slug,
        "target_role": roadmap.target_role.slug,
        "hours_per_week": float(roadmap.hours_per_week),
        "study_days": sorted(roadmap.study_days),
        "start_date": roadmap.start_date.isoformat(),
        "cloud": roadmap.cloud,
    }


def export_step(row: RoadmapStep) -> dict:
    return {
        "step": row.step.slug,
        "status": row.status,
        "skip_source": row.skip_source,
        "skip_reason": row.skip_reason,
        "keep": row.keep,
        "note": row.note,
        "completed_on": iso(row.completed_on),
    }


def export_record(record: CertificationRecord) -> dict:
    return {
        "certification": record.certification.slug,
        "status": record.status,
        "exam_date": iso(record.exam_date),
        "passed_on": iso(record.passed_on),
        "credential_id": record.credential_id,
        "credential_url": record.credential_url,
    }


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


# Import


def parse_document(raw: bytes) -> Any:
    """The JSON value in an uploaded file or request body, or PortabilityError."""
    if len(raw) > MAX_FILE_BYTES:
        raise PortabilityError([_("The file is larger than 5 MB.")])
    try:
        return json.loads(raw)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise PortabilityError([_("The file is not valid JSON (%(reason)s).") % {"reason": exc}]) from exc


def import_learner(*, user, data: Any, today: date | None = None) -> ImportSummary:
    """Replace the learner's data with the document's, after checking all of it.

    The roadmap is planned again from the answers, so steps new in this site's content
    join it; the document's steps keep its order, those new steps follow them.
    """
    today = today or timezone.localdate()
    document = DocumentReader(today=today).read(data)
    with transaction.atomic():
        CertificationRecord.objects.filter(user=user).delete()
        if document["answers"] is None:
            LearnerRoadmap.objects.filter(user=user).delete()
        else:
            write_roadmap(user, document, today=today)
        CertificationRecord.objects.bulk_create(
            CertificationRecord(
                user=user,
                expires_on=expires_on(passed_on=fields["passed_on"], validity_months=certification.validity_months),
                certification=certification,
                **fields,
            )
            for certification, fields in document["certifications"]
        )
    return ImportSummary(
        roadmap=document["answers"] is not None,
        steps=len(document["steps"]),
        sessions=len(document["sessions"]),
        certifications=len(document["certifications"]),
    )


def write_roadmap(user, document: dict, *, today: date) -> None:
    # The roadmap row itself stays, so the learner's calendar feed URL keeps working.
    for roadmap in LearnerRoadmap.objects.filter(user=user):
        roadmap.sessions.all().delete()
        roadmap.steps.all().delete()
    answers = document["answers"]
    roadmap = plan_roadmap(user=user, answers=answers, today=today)
    planned = {row.step_id: row for row in roadmap.steps.all()}
    rows = []
    for step, fields in document["steps"]:
        row = planned.pop(step.id, None) or RoadmapStep(
            roadmap=roadmap, step=step, optional=bool(step.cloud and answers.cloud and step.cloud != answers.cloud)
        )
        for name, value in fields.items():
            setattr(row, name, value)
        rows.append(row)
    rows.extend(sorted(planned.values(), key=lambda row: row.position))
    for position, row in enumerate(rows):
        row.position = position
    planned_rows = [row for row in rows if row.pk]
    RoadmapStep.objects.bulk_create([row for row in rows if row.pk is None])
    RoadmapStep.objects.bulk_update(planned_rows, ["position", *STEP_FIELDS])
    row_of = {row.step.slug: row for row in rows}
    StudySession.objects.bulk_create(
        StudySession(roadmap=roadmap, step=row_of.get(slug), **fields) for slug, fields in document["sessions"]
    )
    schedule_roadmap(roadmap, today=today)


class DocumentReader:
    """Checks a whole document, collecting every problem before giving up.

    ``read`` returns clean values (content rows instead of slugs, dates instead of
    strings) or raises PortabilityError listing each problem with where it is.
    """

    def __init__(self, *, today: date):
        self.today = today
        self.errors: list[str] = []

    def read(self, data: Any) -> dict:
        if not isinstance(data, dict):
            raise PortabilityError([_("The file must hold one JSON object, not a %s.") % json_type(data)])
        if data.get("format") != FORMAT:
            raise PortabilityError([_("This is not an ArchPath learner export (format must be “%s”).") % FORMAT])
        version = data.get("version")
        if type(version) is not int or version != VERSION:
            message = _("Version %(found)s is not supported; this site reads version %(version)s.")
            raise PortabilityError([message % {"found": json.dumps(version), "version": VERSION}])
        answers = self.answers(data.get("roadmap"))
        steps = self.unique(self.items(data, "steps", self.step), "step")
        sessions = self.items(data, "sessions", self.session)
        certifications = self.unique(self.items(data, "certifications", self.record), "certification")
        if data.get("roadmap") is None and (steps or sessions):
            self.errors.append(_("roadmap: steps and study sessions need a roadmap, which is missing"))
        document = {
            "answers": answers,
            "steps": self.resolve(steps, "step", Step),
            "certifications": self.records(certifications),
            "sessions": self.session_steps(sessions, answers, steps),
        }
        if self.errors:
            raise PortabilityError(self.errors)
        return document

    # Sections

    def answers(self, value) -> Answers | None:
        if value is None:
            return None
        if not self.is_object(value, "roadmap"):
            return None
        where = "roadmap"
        background = self.content(Background, self.text(value, "background", where, required=True), where)
        role = self.content(TargetRole, self.text(value, "target_role", where, required=True), where)
        fields = {
            "hours_per_week": self.hours(value.get("hours_per_week"), where),
            "study_days": self.study_days(value.get("study_days"), where),
            "start_date": self.date(value, "start_date", where, required=True),
            "cloud": self.choice(value, "cloud", where, Cloud, default=""),
        }
        if None in (background, role, *fields.values()):
            return None
        return Answers(background=background, target_role=role, **fields)

    def step(self, item: dict, where: str) -> dict:
        return {
            "step": self.text(item, "step", where, required=True),
            "status": self.choice(item, "status", where, RoadmapStep.Status),
            "skip_source": self.choice(item, "skip_source", where, RoadmapStep.SkipSource, default=""),
            "skip_reason": self.text(item, "skip_reason", where),
            "keep": self.boolean(item, "keep", where),
            "note": self.text(item, "note", where),
            "completed_on": self.date(item, "completed_on", where),
        }

    def session(self, item: dict, where: str) -> dict:
        day = self.date(item, "date", where, required=True)
        if day and day > self.today:
            self.errors.append(_("%(where)s: date %(date)s is in the future") % {"where": where, "date": day})
        minutes = item.get("minutes")
        if type(minutes) is not int or not 1 <= minutes <= MAX_SESSION_MINUTES:
            self.errors.append(
                _("%(where)s: minutes must be between 1 and %(max)s") % {"where": where, "max": MAX_SESSION_MINUTES}
            )
        return {
            "step": self.text(item, "step", where, default=None),
            "date": day,
            "minutes": minutes,
            "note": self.text(item, "note", where, max_length=max_length(StudySession, "note")),
        }

    def record(self, item: dict, where: str) -> dict:
        url = self.text(item, "credential_url", where, max_length=max_length(CertificationRecord, "credential_url"))
        if url:
            try:
                URLValidator()(url)
            except ValidationError:
                self.errors.append(_("%(where)s: credential_url is not a valid URL") % {"where": where})
        return {
            "certification": self.text(item, "certification", where, required=True),
            "status": self.choice(item, "status", where, CertificationRecord.Status),
            "exam_date": self.date(item, "exam_date", where),
            "passed_on": self.date(item, "passed_on", where),
            "credential_id": self.text(
                item, "credential_id", where, max_length=max_length(CertificationRecord, "credential_id")
            ),
            "credential_url": url,
        }

    # Lists, slugs and duplicates

    def items(self, data: dict, key: str, read_item) -> list[tuple[str, dict]]:
        value = data.get(key, [])
        if not isinstance(value, list):
            self.errors.append(_("%(where)s: must be a list") % {"where": key})
            return []
        places = ((f"{key}[{index}]", item) for index, item in enumerate(value))
        return [(where, read_item(item, where)) for where, item in places if self.is_object(item, where)]

    def unique(self, items: list[tuple[str, dict]], key: str) -> list[tuple[str, dict]]:
        first_place: dict[str, str] = {}
        for where, fields in items:
            slug = fields[key]
            if slug and slug in first_place:
                self.errors.append(
                    _("%(where)s: %(key)s “%(slug)s” is already listed at %(first)s")
                    % {"where": where, "key": key, "slug": slug, "first": first_place[slug]}
                )
            first_place.setdefault(slug, where)
        return items

    def resolve(self, items: list[tuple[str, dict]], key: str, model) -> list[tuple[Any, dict]]:
        """Swap each item's slug for its content row (archived rows too: they are never deleted)."""
        rows = model.objects.in_bulk([fields[key] for _where, fields in items if fields[key]], field_name="slug")
        resolved = []
        for where, fields in items:
            slug = fields[key]
            if slug and slug not in rows:
                self.unknown(model, slug, where)
            resolved.append((rows.get(slug), {name: value for name, value in fields.items() if name != key}))
        return resolved

    def records(self, items: list[tuple[str, dict]]) -> list[tuple[Certification, dict]]:
        """Resolve certification slugs, then apply the tracker's own rules (pass date, retired exams)."""
        resolved = self.resolve(items, "certification", Certification)
        for (where, _fields), (certification, fields) in zip(items, resolved, strict=True):
            if certification is not None:
                problems = record_problems(
                    certification=certification,
                    status=fields["status"],
                    exam_date=fields["exam_date"],
                    passed_on=fields["passed_on"],
                    today=self.today,
                )
                self.errors.extend(f"{where}: {message}" for messages in problems.values() for message in messages)
        return resolved

    def session_steps(self, sessions, answers: Answers | None, steps) -> list[tuple[str | None, dict]]:
        """A session's step must be in the roadmap: listed in the document or planned for the role."""
        in_roadmap = {fields["step"] for _where, fields in steps}
        if answers is not None:
            in_roadmap |= set(steps_for_role(answers.target_role).values_list("slug", flat=True))
        resolved = self.resolve(sessions, "step", Step)
        for (where, _fields), (step, _rest) in zip(sessions, resolved, strict=True):
            if step is not None and step.slug not in in_roadmap:
                self.errors.append(
                    _("%(where)s: step “%(slug)s” is not in the roadmap") % {"where": where, "slug": step.slug}
                )
        return [(step.slug if step else None, rest) for step, rest in resolved]

    def unknown(self, model, slug: str, where: str) -> None:
        kind = model._meta.verbose_name
        self.errors.append(_("%(where)s: unknown %(kind)s “%(slug)s”") % {"where": where, "kind": kind, "slug": slug})

    # Fields

    def is_object(self, value, where: str) -> bool:
        if isinstance(value, dict):
            return True
        message = _("%(where)s: must be an object, not a %(type)s")
        self.errors.append(message % {"where": where, "type": json_type(value)})
        return False

    def text(self, item: dict, key: str, where: str, *, required=False, max_length=None, default=""):
        value = item.get(key)
        if value is None or (required and value == ""):
            if required:
                self.errors.append(_("%(where)s: %(field)s is required") % {"where": where, "field": key})
            return default
        if not isinstance(value, str):
            self.errors.append(_("%(where)s: %(field)s must be text") % {"where": where, "field": key})
            return default
        if max_length and len(value) > max_length:
            self.errors.append(
                _("%(where)s: %(field)s must be at most %(max)s characters")
                % {"where": where, "field": key, "max": max_length}
            )
        return value

    def choice(self, item: dict, key: str, where: str, choices, *, default=None):
        value = item.get(key)
        if value is None and default is not None:
            return default
        if value not in choices.values:
            allowed = ", ".join(f"“{choice}”" for choice in choices.values)
            self.errors.append(
                _("%(where)s: %(field)s must be one of %(allowed)s, not %(value)s")
                % {"where": where, "field": key, "allowed": allowed, "value": json.dumps(value)}
            )
        return value

    def boolean(self, item: dict, key: str, where: str) -> bool:
        value = item.get(key, False)
        if not isinstance(value, bool):
            self.errors.append(_("%(where)s: %(field)s must be true or false") % {"where": where, "field": key})
        return value is True

    def date(self, item: dict, key: str, where: str, *, required=False) -> date | None:
        value = item.get(key)
        if value is None:
            if required:
                self.errors.append(_("%(where)s: %(field)s is required") % {"where": where, "field": key})
            return None
        try:
            if not isinstance(value, str) or not DATE_PATTERN.fullmatch(value):
                raise ValueError
            return date.fromisoformat(value)
        except ValueError:
            self.errors.append(
                _("%(where)s: %(field)s must be a date written YYYY-MM-DD, not %(value)s")
                % {"where": where, "field": key, "value": json.dumps(value)}
            )
            return None

    def hours(self, value, where: str) -> Decimal | None:
        try:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise InvalidOperation
            hours = Decimal(str(value))
            if hours != hours.quantize(Decimal("0.1")):
                raise InvalidOperation
        except InvalidOperation:
            self.errors.append(_("%(where)s: hours_per_week must be a number with at most one decimal") % {
                "where": where})
            return None
        return self.valid(hours, rules.hours_per_week_validators, "hours_per_week", where)

    def study_days(self, value, where: str) -> tuple[int, ...] | None:
        days = self.valid(value, [rules.validate_study_days], "study_days", where)
        return None if days is None else tuple(sorted(days))

    def valid(self, value, validators, field: str, where: str):
        """The value if it passes the shared rules (roadmap/rules.py), else None with their messages."""
        try:
            for validate in validators:
                validate(value)
        except ValidationError as error:
            self.errors.extend(f"{where}: {field}: {message}" for message in error.messages)
            return None
        return value

    def content(self, model, slug: str, where: str):
        row = model.objects.filter(slug=slug).first() if slug else None
        if slug and row is None:
            self.unknown(model, slug, where)
        return row


def max_length(model, field_name: str) -> int:
    return model._meta.get_field(field_name).max_length


def json_type(value) -> str:
    """The JSON name of a parsed value's type, for messages."""
    if isinstance(value, bool):
        return "boolean"
    names = {dict: "object", list: "list", str: "string", int: "number", float: "number", type(None): "null"}
    return names.get(type(value), type(value).__name__)
