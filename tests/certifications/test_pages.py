"""The certification pages: a public catalog, and a tracker that is the learner's alone."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from certifications.models import CertificationRecord
from tests.certifications.helpers import passed, track

Status = CertificationRecord.Status
TRACKER = reverse("certifications:tracker")
CATALOG = reverse("certifications:catalog")
ADD = reverse("certifications:add")


def form_data(**values):
    return {
        "certification": "aws-cloud-practitioner",
        "status": Status.PASSED,
        "exam_date": "2026-05-02",
        "passed_on": "2026-05-02",
        "credential_id": "AWS-123",
        "credential_url": "https://www.credly.com/badges/abc",
    } | values


def test_anyone_may_browse_the_catalog_grouped_by_vendor(client, content):
    html = client.get(CATALOG).content.decode()
    assert re.findall(r'<h2 id="vendor-\d">([^<]+)</h2>', html) == ["Amazon Web Services", "Google Cloud", "Microsoft Azure"]
    assert "AWS Certified Cloud Practitioner" in html and "Valid for 3 years" in html and "Does not expire" in html
    assert "Pass the free online renewal assessment" in html
    assert "AWS foundations: the Cloud Practitioner certification" in html  # the step that prepares for it
    assert "Track it" not in html and "Log in" in html


def test_the_catalog_warns_of_a_retired_exam_with_its_replacement(client, content):
    html = client.get(CATALOG).content.decode()
    assert "Retired exam:" in html
    assert (
        "AWS Certified Machine Learning – Specialty (MLS-C01) was retired on 31 Mar 2026; "
        "take AWS Certified Machine Learning Engineer – Associate (MLA-C01) instead." in html
    )


def test_a_learner_sees_track_links_and_what_they_already_track(alice_client, alice, content):
    track(alice, "aws-cloud-practitioner")
    html = alice_client.get(CATALOG).content.decode()
    assert "In your tracker" in html
    assert f"{ADD}?certification=gcp-cloud-digital-leader" in html


def test_the_tracker_requires_login(client, db):
    response = client.get(TRACKER)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={TRACKER}"


def test_an_empty_tracker_points_to_the_catalog(alice_client, content):
    html = alice_client.get(TRACKER).content.decode()
    assert "No certifications yet" in html and CATALOG in html


def test_the_tracker_shows_dates_days_left_in_words_credential_and_reminders(alice_client, alice, content):
    today = timezone.localdate()
    record = passed(alice, "azure-ai-engineer-associate", today, credential_id="AI102-9", today=today)
    CertificationRecord.objects.filter(pk=record.pk).update(expires_on=today + timedelta(days=20), reminders_sent=[90])
    track(alice, "aws-cloud-practitioner", status=Status.BOOKED, exam_date=today + timedelta(days=10))
    html = alice_client.get(TRACKER).content.decode()
    assert "20 days left: renew now" in html and "cert-expiry-urgent" in html
    assert "exam booked" in html and "AI102-9" in html
    assert "Next reminder" in html and "today" in html  # the 30-day one was missed
    assert "What to do:</strong> Renew before it expires: " in html


def test_the_tracker_warns_of_a_retired_exam_and_shows_only_the_learners_own(alice_client, alice, bob, content):
    passed(alice, "aws-ml-specialty", date(2025, 6, 1))
    passed(bob, "gcp-professional-cloud-architect", date(2026, 1, 1), credential_id="BOBS-SECRET")
    html = alice_client.get(TRACKER).content.decode()
    assert "was retired on 31 Mar 2026; take AWS Certified Machine Learning Engineer" in html
    assert "BOBS-SECRET" not in html and "Professional Cloud Architect" not in html


def test_the_add_page_preselects_the_certification_from_the_catalog(alice_client, content):
    html = alice_client.get(ADD, {"certification": "gcp-cloud-digital-leader"}).content.decode()
    assert '<option value="gcp-cloud-digital-leader" selected>' in html
    assert '<label for="id_passed_on">Pass date:</label>' in html


def test_adding_a_passed_certification_computes_its_expiry(alice_client, alice, content):
    response = alice_client.post(ADD, form_data())
    assert response.status_code == 302 and response["Location"] == TRACKER
    record = CertificationRecord.objects.get(user=alice)
    assert (record.status, record.expires_on, record.credential_id) == (Status.PASSED, date(2029, 5, 2), "AWS-123")


@pytest.mark.parametrize(
    "values, field, message",
    [
        ({"passed_on": "2026-05-01"}, "passed_on", "The pass date cannot be before the exam date."),
        ({"passed_on": ""}, "passed_on", "A passed certification needs its pass date."),
        ({"passed_on": "2999-01-01", "exam_date": ""}, "passed_on", "The pass date cannot be in the future."),
        ({"certification": "no-such-exam"}, "certification", "Select a valid choice."),
        ({"credential_url": "not a url"}, "credential_url", "Enter a valid URL."),
        ({"status": "planned", "passed_on": "", "certification": "aws-ml-specialty"}, "status", "was retired on"),
    ],
    ids=["pass-before-exam", "passed-without-date", "future-pass", "unknown-certification", "bad-url", "retired"],
)
def test_bad_input_is_shown_beside_its_field_and_nothing_is_saved(alice_client, content, values, field, message):
    response = alice_client.post(ADD, form_data(**values))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert message in " ".join(errors[field])
    assert 'aria-invalid="true"' in response.content.decode()
    assert not CertificationRecord.objects.exists()


def test_editing_a_record_saves_through_the_same_rules(alice_client, alice, content):
    record = track(alice, "aws-cloud-practitioner", status=Status.BOOKED, exam_date=date(2026, 5, 2))
    url = reverse("certifications:edit", args=[record.pk])
    assert 'value="2026-05-02"' in alice_client.get(url).content.decode()
    assert alice_client.post(url, form_data(passed_on="2026-04-01")).status_code == 400
    record.refresh_from_db()
    assert record.status == Status.BOOKED
    assert alice_client.post(url, form_data()).status_code == 302
    record.refresh_from_db()
    assert (record.status, record.expires_on) == (Status.PASSED, date(2029, 5, 2))


def test_removing_asks_first_then_deletes_on_post(alice_client, alice, content):
    record = track(alice, "aws-cloud-practitioner")
    url = reverse("certifications:delete", args=[record.pk])
    assert "Remove this certification?" in alice_client.get(url).content.decode()
    assert CertificationRecord.objects.filter(pk=record.pk).exists()
    assert alice_client.post(url).status_code == 302
    assert not CertificationRecord.objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("name", ["certifications:edit", "certifications:delete"])
def test_another_learners_record_is_a_404_and_stays_unchanged(alice_client, bob, content, name):
    record = track(bob, "aws-cloud-practitioner")
    url = reverse(name, args=[record.pk])
    assert alice_client.get(url).status_code == 404
    assert alice_client.post(url, form_data()).status_code == 404
    record.refresh_from_db()
    assert (record.user, record.status, record.passed_on) == (bob, Status.PLANNED, None)
