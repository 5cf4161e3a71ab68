"""Builders shared by the certification tests: records saved through the service, as a learner would."""

from datetime import date

from certifications.models import CertificationRecord
from certifications.records import save_record
from roadmap.models import Certification

TODAY = date(2026, 11, 23)
Status = CertificationRecord.Status


def cert(slug: str) -> Certification:
    return Certification.objects.get(slug=slug)


def track(user, slug, *, today=TODAY, **values) -> CertificationRecord:
    """Save a record through the service, with the fields a test does not care about left empty."""
    values = {
        "status": Status.PLANNED,
        "exam_date": None,
        "passed_on": None,
        "credential_id": "",
        "credential_url": "",
    } | values
    return save_record(user=user, certification=cert(slug), today=today, **values)


def change(record, *, user=None, today=TODAY, **values) -> CertificationRecord:
    """Save a record again through the service with some of its values changed."""
    fields = ("certification", "status", "exam_date", "passed_on", "credential_id", "credential_url")
    current = {name: getattr(record, name) for name in fields}
    return save_record(user=user or record.user, record=record, today=today, **(current | values))


def passed(user, slug, passed_on, **values) -> CertificationRecord:
    return track(user, slug, status=Status.PASSED, passed_on=passed_on, **values)
