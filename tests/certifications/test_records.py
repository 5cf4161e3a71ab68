"""Certification records as plain functions: validation, vendor expiry, expiring, the dashboard list."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from certifications import records, reminders
from certifications.models import CertificationRecord
from roadmap.models import Certification
from tests.certifications.helpers import TODAY, Status, cert, change, passed, track

@pytest.mark.parametrize(
    "slug, expiry",
    [
        ("aws-solutions-architect-associate", date(2028, 3, 15)),  # AWS: 36 months
        ("gcp-professional-ml-engineer", date(2027, 3, 15)),  # Google Cloud professional: 24 months
        ("azure-ai-engineer-associate", date(2026, 3, 15)),  # Azure role-based: 12 months, renewed online
    ],
    ids=["aws-3-years", "gcp-2-years", "azure-1-year"],
)
def test_the_expiry_follows_the_vendor_validity(alice, content, slug, expiry):
    record = passed(alice, slug, date(2025, 3, 15))
    assert record.expires_on == expiry


@pytest.mark.parametrize("slug", ["azure-fundamentals", "azure-ai-fundamentals"])
def test_foundational_azure_exams_never_expire(alice, content, slug):
    record = passed(alice, slug, date(2020, 1, 10))
    assert record.expires_on is None and record.status == Status.PASSED


def test_a_record_without_a_pass_has_no_expiry(alice, content):
    record = track(alice, "aws-cloud-practitioner", status=Status.BOOKED, exam_date=TODAY + timedelta(days=20))
    assert record.expires_on is None


@pytest.mark.parametrize(
    "values, field, message",
    [
        ({"status": Status.PASSED, "exam_date": date(2026, 5, 2), "passed_on": date(2026, 5, 1)},
         "passed_on", "The pass date cannot be before the exam date."),
        ({"status": Status.PASSED}, "passed_on", "A passed certification needs its pass date."),
        ({"status": Status.PASSED, "passed_on": TODAY + timedelta(days=1)},
         "passed_on", "The pass date cannot be in the future."),
        ({"status": Status.PREPARING, "passed_on": TODAY},
         "passed_on", "Only a passed or expired certification has a pass date."),
        ({"status": Status.BOOKED}, "exam_date", "A booked exam needs its date."),
        ({"credential_url": "javascript:alert(1)"}, "credential_url", "Enter a valid URL."),
    ],
    ids=["pass-before-exam", "passed-without-date", "future-pass", "pass-date-not-passed", "booked-no-date", "bad-url"],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(alice, content, values, field, message):
    with pytest.raises(ValidationError) as excinfo:
        track(alice, "aws-cloud-practitioner", **values)
    assert excinfo.value.message_dict == {field: [message]}
    assert not CertificationRecord.objects.exists()


def test_a_bad_update_leaves_the_record_as_it_was(alice, content):
    record = track(alice, "aws-cloud-practitioner", status=Status.BOOKED, exam_date=date(2026, 12, 1))
    with pytest.raises(ValidationError):
        change(record, status=Status.PASSED, exam_date=date(2026, 11, 1), passed_on=date(2026, 10, 1))
    record.refresh_from_db()
    assert (record.status, record.exam_date, record.passed_on) == (Status.BOOKED, date(2026, 12, 1), None)


def test_the_same_certification_cannot_be_tracked_twice(alice, bob, content):
    track(alice, "aws-cloud-practitioner")
    track(bob, "aws-cloud-practitioner")  # another learner may
    with pytest.raises(ValidationError) as excinfo:
        track(alice, "aws-cloud-practitioner", status=Status.PREPARING)
    assert "You already track" in excinfo.value.message_dict["certification"][0]
    assert CertificationRecord.objects.get(user=alice).status == Status.PLANNED


def test_a_retired_exam_cannot_be_planned_and_the_error_names_its_replacement(alice, content):
    with pytest.raises(ValidationError) as excinfo:
        track(alice, "aws-ml-specialty", status=Status.PLANNED)
    message = excinfo.value.message_dict["status"][0]
    assert "was retired on" in message and "take AWS Certified Machine Learning Engineer" in message


def test_a_pass_of_a_retired_exam_can_still_be_recorded_until_it_runs_out(alice, content):
    record = passed(alice, "aws-ml-specialty", date(2025, 6, 1), exam_date=date(2025, 6, 1))
    assert (record.status, record.expires_on) == (Status.PASSED, date(2028, 6, 1))


def test_an_exam_dated_after_the_retirement_is_refused(alice, content):
    with pytest.raises(ValidationError) as excinfo:
        track(alice, "aws-ml-specialty", status=Status.FAILED, exam_date=date(2026, 4, 1))
    assert "exam_date" in excinfo.value.message_dict


def test_another_learners_record_cannot_be_saved_through_the_service(alice, bob, content):
    record = track(alice, "aws-cloud-practitioner")
    with pytest.raises(ValueError):
        change(record, user=bob, status=Status.FAILED)
    record.refresh_from_db()
    assert record.status == Status.PLANNED


def test_a_new_expiry_clears_the_reminders_sent_and_an_unchanged_one_keeps_them(alice, content):
    record = passed(alice, "azure-ai-engineer-associate", date(2026, 1, 10))
    CertificationRecord.objects.filter(pk=record.pk).update(reminders_sent=[90])
    record.refresh_from_db()

    assert change(record, credential_id="ABC-1").reminders_sent == [90]
    renewed = change(record, passed_on=date(2026, 11, 1))  # renewed online: a new year counts from today
    assert (renewed.expires_on, renewed.reminders_sent) == (date(2027, 11, 1), [])


def test_a_pass_recorded_after_its_expiry_is_saved_as_expired_and_a_valid_one_as_passed(alice, content):
    old = passed(alice, "azure-ai-engineer-associate", date(2024, 1, 10))
    assert old.status == Status.EXPIRED
    valid = track(alice, "azure-data-scientist-associate", status=Status.EXPIRED, passed_on=date(2026, 6, 1))
    assert valid.status == Status.PASSED


def test_expire_records_marks_only_passes_whose_expiry_has_gone_by(alice, bob, content):
    before = TODAY - timedelta(days=10)  # saved while both were still valid
    lapsing = passed(alice, "azure-ai-engineer-associate", date(2025, 11, 20), today=before)  # expired 20 Nov
    last_day = passed(alice, "azure-data-scientist-associate", date(2025, 11, 23), today=before)  # expires today
    forever = passed(bob, "azure-fundamentals", date(2015, 1, 1))
    planned = track(bob, "aws-cloud-practitioner")
    assert reminders.expire_records(TODAY) == 1
    assert reminders.expire_records(TODAY) == 0
    statuses = {r.pk: r.status for r in CertificationRecord.objects.all()}
    assert statuses == {
        lapsing.pk: Status.EXPIRED,
        last_day.pk: Status.PASSED,
        forever.pk: Status.PASSED,
        planned.pk: Status.PLANNED,
    }


def test_upcoming_expiries_list_the_learners_next_90_days_soonest_first_with_days_left(alice, bob, content):
    passed(alice, "azure-ai-engineer-associate", date(2026, 1, 10))  # expires 10 Jan 2027: 48 days
    soonest = passed(alice, "azure-data-scientist-associate", date(2025, 12, 1))  # expires 1 Dec 2026: 8 days
    CertificationRecord.objects.filter(pk=soonest.pk).update(reminders_sent=[90, 30])
    passed(alice, "aws-cloud-practitioner", date(2026, 1, 10))  # 2029: not yet
    passed(bob, "azure-administrator-associate", date(2025, 12, 1))  # bob's
    rows = records.upcoming_expiries(user=alice, today=TODAY)
    assert [(r.record.certification.slug, r.days_left, r.urgency) for r in rows] == [
        ("azure-data-scientist-associate", 8, "urgent"),
        ("azure-ai-engineer-associate", 48, "soon"),
    ]
    assert rows[0].next_reminder_on == date(2026, 11, 24)  # the 7-day reminder, tomorrow
    assert rows[1].next_reminder_on == TODAY  # the 90-day one was never sent: due now


def test_the_tracker_rows_carry_the_preparing_steps_and_the_retired_warning(alice, content):
    passed(alice, "aws-ml-specialty", date(2025, 6, 1))
    track(alice, "aws-cloud-practitioner")
    rows = {r.record.certification.slug: r for r in records.tracker(user=alice, today=TODAY)}
    assert rows["aws-ml-specialty"].warning.startswith("AWS Certified Machine Learning – Specialty (MLS-C01) was retired")
    assert rows["aws-cloud-practitioner"].warning == ""
    assert [s.slug for s in rows["aws-cloud-practitioner"].steps] == list(
        cert("aws-cloud-practitioner").steps.values_list("slug", flat=True)
    )
    assert rows["aws-cloud-practitioner"].steps


def test_the_retired_warning_names_the_day_and_the_replacement(content):
    assert records.retired_warning(cert("azure-data-engineer-associate")) == (
        "Microsoft Certified: Azure Data Engineer Associate (DP-203) was retired on 31 Mar 2025; "
        "take Microsoft Certified: Fabric Data Engineer Associate (DP-700) instead."
    )
    assert records.retired_warning(cert("aws-cloud-practitioner")) == ""


def test_a_retired_exam_without_a_replacement_or_day_still_gets_a_warning(content):
    certification = cert("aws-data-analytics-specialty")
    certification.replaced_by, certification.retired_on = None, None
    assert records.retired_warning(certification) == "AWS Certified Data Analytics – Specialty (DAS-C01) is retired."


def test_exam_dates_of_certifications_in_preparation_go_on_the_schedule(alice, bob, content):
    track(alice, "aws-cloud-practitioner", status=Status.BOOKED, exam_date=date(2027, 1, 15))
    track(alice, "gcp-cloud-digital-leader", status=Status.PREPARING, exam_date=date(2026, 12, 20))
    track(alice, "azure-fundamentals", status=Status.FAILED, exam_date=date(2026, 10, 1))
    track(bob, "aws-ai-practitioner", status=Status.BOOKED, exam_date=date(2026, 12, 1))
    exams = records.scheduled_exams(user=alice)
    assert [(e.day, e.key) for e in exams] == [
        (date(2026, 12, 20), "gcp-cloud-digital-leader"),
        (date(2027, 1, 15), "aws-cloud-practitioner"),
    ]


def test_the_validity_reads_in_years_months_or_never():
    assert records.validity_text(36) == "Valid for 3 years"
    assert records.validity_text(12) == "Valid for 1 year"
    assert records.validity_text(18) == "Valid for 18 months"
    assert records.validity_text(None) == "Does not expire"
