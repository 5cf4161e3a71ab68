"""Export and import all of a learner's data as one JSON document.

The document names content by slug, never by database id, so a file written on one
site imports on another that loaded the same content. Import checks the whole
document first and writes nothing unless every item is valid; then it replaces the
learner's data in one transaction.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import serializers

from certifications.api import NEW_RECORD, CertificationRecordSerializer
from certifications.expiry import expires_on
from certifications.models import CertificationRecord
# The tracker's rules for a record, so an imported record is one the tracker could have saved.
from certifications.records import problems as record_problems
from roadmap.api import AnswersSerializer, StudySessionSerializer
from roadmap.models import Background, Certification, Cloud, LearnerRoadmap, RoadmapStep, Step, StudySession, TargetRole
from roadmap.planning import Answers, plan_roadmap, schedule_roadmap, steps_for_role

from . import learning
from .fields import by_slug, error_lines

FORMAT = "archpath-learner"
VERSION = 1
MAX_FILE_BYTES = 5 * 1024 * 1024
STEP_FIELDS = ["status", "skip_source", "skip_reason", "skipped_on", "keep", "note", "completed_on"]


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
    attempts: int = 0
    self_ratings: int = 0
    comments: int = 0

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        return _("Imported %(steps)s, %(sessions)s, %(certifications)s, %(attempts)s, %(ratings)s and %(comments)s.") % {
            "attempts": ngettext("%d assessment attempt", "%d assessment attempts", self.attempts) % self.attempts,
            "ratings": ngettext("%d self-rating", "%d self-ratings", self.self_ratings) % self.self_ratings,
            "comments": ngettext("%d comment of yours", "%d comments of yours", self.comments) % self.comments,
            "steps": ngettext("%d roadmap step", "%d roadmap steps", self.steps) % self.steps,
            "sessions": ngettext("%d study session", "%d study sessions", self.sessions) % self.sessions,
            "certifications": ngettext("%d certification record", "%d certification records", self.certifications)
            % self.certifications,
        }


# Export


def export_learner(*, user) -> dict:
    """The learner's roadmap answers, steps, study log, certification records, assessment attempts, self-ratings
    and step comments as one document (the last three: portability/learning.py)."""
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
        **learning.export_learning(user=user, roadmap=roadmap),
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
        "skipped_on": iso(row.skipped_on),
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


# Import: the document's items go through the API's own serializers (roadmap/api.py,
# certifications/api.py), so a value the API refuses is refused here with the same message.


class ImportedAnswers(AnswersSerializer):
    # "" is a roadmap with no preferred cloud.
    background = by_slug(Background)
    target_role = by_slug(TargetRole)
    cloud = serializers.ChoiceField(choices=Cloud.choices, required=False, default="")


class ImportedStep(serializers.ModelSerializer):
    step = by_slug(Step)

    class Meta:
        model = RoadmapStep
        fields = ["step", *STEP_FIELDS]
        # A field the file leaves out takes the model's default, not the value the planner chose.
        extra_kwargs = {"status": {"required": True}, "skip_source": {"default": ""}, "skip_reason": {"default": ""},
                        "keep": {"default": False}, "note": {"default": ""}, "completed_on": {"default": None},
                        "skipped_on": {"default": None}}
        validators: list = []


class ImportedSession(StudySessionSerializer):
    # A step by slug; DocumentReader.check_session_steps checks it is in the roadmap.
    step = serializers.CharField(allow_null=True, required=False, default=None)


class ImportedRecord(CertificationRecordSerializer):
    certification = by_slug(Certification)


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
        learning.write_learning(user, document, roadmap=LearnerRoadmap.objects.filter(user=user).first())
        CertificationRecord.objects.bulk_create(
            CertificationRecord(
                user=user,
                expires_on=expires_on(passed_on=fields["passed_on"], validity_months=fields["certification"].validity_months),
                **fields,
            )
            for fields in document["certifications"]
        )
    return ImportSummary(
        roadmap=document["answers"] is not None,
        steps=len(document["steps"]),
        sessions=len(document["sessions"]),
        certifications=len(document["certifications"]),
        attempts=len(document["attempts"]),
        self_ratings=len(document["self_ratings"]),
        comments=sum(1 for comment in document["comments"] if comment["mine"]),
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
    for fields in document["steps"]:
        step = fields["step"]
        row = planned.pop(step.id, None) or RoadmapStep(
            roadmap=roadmap, step=step, optional=bool(step.cloud and answers.cloud and step.cloud != answers.cloud)
        )
        for name in STEP_FIELDS:
            setattr(row, name, fields[name])
        rows.append(row)
    rows.extend(sorted(planned.values(), key=lambda row: row.position))
    for position, row in enumerate(rows):
        row.position = position
    planned_rows = [row for row in rows if row.pk]
    RoadmapStep.objects.bulk_create([row for row in rows if row.pk is None])
    RoadmapStep.objects.bulk_update(planned_rows, ["position", *STEP_FIELDS])
    row_of = {row.step.slug: row for row in rows}
    StudySession.objects.bulk_create(
        StudySession(roadmap=roadmap, **fields | {"step": row_of.get(fields["step"])}) for fields in document["sessions"]
    )
    schedule_roadmap(roadmap, today=today)


class DocumentReader:
    """Checks a whole document, collecting every problem before giving up.

    ``read`` returns each section's validated data (content rows instead of slugs, dates
    instead of strings) or raises PortabilityError listing each problem with its place in
    the file: ``steps[3]: keep: Must be a valid boolean.``
    """

    def __init__(self, *, today: date):
        self.today = today
        self.errors: list[str] = []
        self.slugs: dict = {}  # each kind of content read once for the whole document (fields.SlugMapField)

    def read(self, data: Any) -> dict:
        if not isinstance(data, dict):
            raise PortabilityError([_("The file must hold one JSON object, not a %s.") % json_type(data)])
        if data.get("format") != FORMAT:
            raise PortabilityError([_("This is not an ArchPath learner export (format must be “%s”).") % FORMAT])
        version = data.get("version")
        if type(version) is not int or version != VERSION:
            message = _("Version %(found)s is not supported; this site reads version %(version)s.")
            raise PortabilityError([message % {"found": json.dumps(version), "version": VERSION}])
        roadmap = None if data.get("roadmap") is None else self.valid(ImportedAnswers, data["roadmap"], "roadmap")
        answers = roadmap.to_answers() if roadmap else None
        steps = self.items(data, "steps", ImportedStep, unique="step")
        sessions = self.items(data, "sessions", ImportedSession)
        records = self.items(data, "certifications", ImportedRecord, unique="certification")
        attempts = self.items(data, "attempts", learning.ImportedAttempt)
        ratings = self.items(data, "self_ratings", learning.ImportedRating, unique="skill")
        comments = self.items(data, "comments", learning.ImportedComment, unique="id")
        if data.get("roadmap") is None and (steps or sessions or comments):
            self.errors.append(_("roadmap: steps, study sessions and comments need a roadmap, which is missing"))
        self.check_records(records)
        self.check_session_steps([*sessions, *comments], answers, steps)
        self.check_comment_threads(comments)
        if self.errors:
            raise PortabilityError(self.errors)
        return {
            "answers": answers,
            "steps": [fields for _where, fields in steps],
            "sessions": [fields for _where, fields in sessions],
            "certifications": [fields for _where, fields in records],
            "attempts": [fields for _where, fields in attempts],
            "self_ratings": [fields for _where, fields in ratings],
            "comments": [fields for _where, fields in comments],
        }

    def valid(self, serializer_class, item, where: str):
        """The serializer itself when the item is valid, else None with its errors, each named by place."""
        serializer = serializer_class(data=item, context={"today": self.today, "slugs": self.slugs})
        if serializer.is_valid():
            return serializer
        self.errors.extend(error_lines(serializer.errors, where))
        return None

    def items(self, data: dict, key: str, serializer_class, *, unique: str = "") -> list[tuple[str, dict]]:
        """The section's valid items as (place, validated data); a slug listed twice is an error."""
        value = data.get(key, [])
        if not isinstance(value, list):
            self.errors.append(_("%(where)s: must be a list") % {"where": key})
            return []
        first_place: dict[str, str] = {}
        valid = []
        for index, item in enumerate(value):
            where = f"{key}[{index}]"
            serializer = self.valid(serializer_class, item, where)
            slug = item.get(unique) if unique and isinstance(item, dict) else None
            if isinstance(slug, str) and slug in first_place:
                self.errors.append(
                    _("%(where)s: %(key)s “%(slug)s” is already listed at %(first)s")
                    % {"where": where, "key": unique, "slug": slug, "first": first_place[slug]}
                )
            elif serializer is not None:
                valid.append((where, serializer.validated_data))
            first_place.setdefault(slug, where)
        return valid

    def check_records(self, records: list[tuple[str, dict]]) -> None:
        """The tracker's own rules for a record (pass date, retired exams), as the API applies them."""
        for where, fields in records:
            for name, value in NEW_RECORD.items():  # what the file leaves out, as for a POST to the API
                fields.setdefault(name, value)
            found = record_problems(
                certification=fields["certification"],
                status=fields["status"],
                exam_date=fields["exam_date"],
                passed_on=fields["passed_on"],
                today=self.today,
            )
            self.errors.extend(error_lines(found, where))

    def check_comment_threads(self, comments) -> None:
        """A comment's parent must be a comment listed before it in the file."""
        seen: set[int] = set()
        for where, fields in comments:
            if fields["parent"] is not None and fields["parent"] not in seen:
                self.errors.append(_("%(where)s: parent %(parent)s is not a comment listed before it")
                                   % {"where": where, "parent": fields["parent"]})
            seen.add(fields["id"])

    def check_session_steps(self, sessions, answers: Answers | None, steps) -> None:
        """A session's step must be in the roadmap: listed in the document or planned for the role."""
        in_roadmap = {fields["step"].slug for _where, fields in steps}
        if answers is not None:
            in_roadmap |= set(steps_for_role(answers.target_role).values_list("slug", flat=True))
        for where, fields in sessions:
            if fields["step"] is not None and fields["step"] not in in_roadmap:
                self.errors.append(
                    _("%(where)s: step “%(slug)s” is not in the roadmap") % {"where": where, "slug": fields["step"]}
                )


def json_type(value) -> str:
    """The JSON name of a parsed value's type, for messages."""
    if isinstance(value, bool):
        return "boolean"
    names = {dict: "object", list: "list", str: "string", int: "number", float: "number", type(None): "null"}
    return names.get(type(value), type(value).__name__)
