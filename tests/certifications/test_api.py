"""The certification API: a public catalog, and records that only their learner can see or change."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from certifications.models import CertificationRecord
from tests.certifications.helpers import track

Status = CertificationRecord.Status
RECORDS = "/api/certifications/"


@pytest.fixture
def api(alice):
    client = APIClient()
    client.force_authenticate(alice)
    return client


def payload(**values):
    return {
        "certification": "gcp-professional-ml-engineer",
        "status": "passed",
        "exam_date": "2026-04-20",
        "passed_on": "2026-04-20",
        "credential_id": "GCP-77",
        "credential_url": "https://google.accredible.com/77",
    } | values


def test_anyone_may_read_the_catalog_with_slugs_validity_and_replacements(content):
    response = APIClient().get("/api/certification-catalog/")
    assert response.status_code == 200
    by_slug = {item["slug"]: item for item in response.json()}
    assert {k: by_slug["aws-ml-specialty"][k] for k in ("vendor", "validity_months", "retired", "replaced_by")} == {
        "vendor": "aws",
        "validity_months": 36,
        "retired": True,
        "replaced_by": "aws-ml-engineer-associate",
    }
    assert by_slug["azure-fundamentals"]["validity_months"] is None
    assert by_slug["gcp-professional-ml-engineer"]["retired"] is False
    assert {"slug", "vendor", "name", "validity_months", "retired", "replaced_by"} <= set(by_slug["azure-fundamentals"])


def test_a_learner_creates_a_record_and_the_response_adds_its_expiry(api, alice, content):
    response = api.post(RECORDS, payload(), format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["certification"] == "gcp-professional-ml-engineer"
    assert body["expires_on"] == "2028-04-20"  # Google Cloud professional: two years
    assert CertificationRecord.objects.get(user=alice).credential_id == "GCP-77"


def test_a_new_record_needs_only_its_certification(api, content):
    response = api.post(RECORDS, {"certification": "aws-cloud-practitioner"}, format="json")
    assert response.status_code == 201
    assert response.json()["status"] == "planned" and response.json()["expires_on"] is None


@pytest.mark.parametrize(
    "values, field",
    [
        ({"passed_on": "2026-04-19"}, "passed_on"),
        ({"passed_on": None}, "passed_on"),
        ({"passed_on": "2999-01-01", "exam_date": None}, "passed_on"),
        ({"certification": "no-such-exam"}, "certification"),
        ({"credential_url": "not a url"}, "credential_url"),
        ({"status": "booked", "passed_on": None, "exam_date": None}, "exam_date"),
        ({"status": "planned", "passed_on": None, "exam_date": None, "certification": "aws-ml-specialty"}, "status"),
    ],
    ids=["pass-before-exam", "passed-without-date", "future-pass", "unknown-slug", "bad-url", "booked-no-date", "retired"],
)
def test_bad_input_is_a_400_naming_the_field_and_nothing_is_saved(api, content, values, field):
    response = api.post(RECORDS, payload(**values), format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert not CertificationRecord.objects.exists()


def test_tracking_the_same_certification_twice_is_a_400(api, alice, content):
    track(alice, "gcp-professional-ml-engineer")
    response = api.post(RECORDS, payload(), format="json")
    assert response.status_code == 400 and "You already track" in response.json()["certification"][0]
    assert CertificationRecord.objects.get().status == Status.PLANNED


def test_the_list_holds_only_the_learners_own_records(api, alice, bob, content):
    mine = track(alice, "aws-cloud-practitioner")
    track(bob, "gcp-cloud-digital-leader")
    assert [item["id"] for item in api.get(RECORDS).json()] == [mine.pk]


def test_patch_changes_only_the_fields_sent_and_recomputes_the_expiry(api, alice, content):
    record = track(alice, "azure-ai-engineer-associate", status=Status.BOOKED, exam_date=date(2026, 3, 1),
                   credential_id="keep-me")
    response = api.patch(f"{RECORDS}{record.pk}/", {"status": "passed", "passed_on": "2026-03-01"}, format="json")
    assert response.status_code == 200
    assert response.json()["expires_on"] == "2027-03-01"
    record.refresh_from_db()
    assert (record.status, record.exam_date, record.credential_id) == (Status.PASSED, date(2026, 3, 1), "keep-me")


def test_a_bad_patch_is_a_400_and_leaves_the_record_unchanged(api, alice, content):
    record = track(alice, "azure-ai-engineer-associate", status=Status.BOOKED, exam_date=date(2026, 3, 1))
    response = api.patch(f"{RECORDS}{record.pk}/", {"status": "passed", "passed_on": "2026-02-01"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"passed_on": ["The pass date cannot be before the exam date."]}
    record.refresh_from_db()
    assert (record.status, record.passed_on) == (Status.BOOKED, None)


def test_another_learners_record_is_a_404_for_every_method_and_stays_unchanged(api, bob, content):
    record = track(bob, "aws-cloud-practitioner")
    url = f"{RECORDS}{record.pk}/"
    assert api.get(url).status_code == 404
    assert api.patch(url, {"status": "failed"}, format="json").status_code == 404
    assert api.delete(url).status_code == 404
    record.refresh_from_db()
    assert record.status == Status.PLANNED


def test_a_learner_deletes_their_own_record(api, alice, content):
    record = track(alice, "aws-cloud-practitioner")
    assert api.delete(f"{RECORDS}{record.pk}/").status_code == 204
    assert not CertificationRecord.objects.exists()


def test_put_is_not_offered(api, alice, content):
    record = track(alice, "aws-cloud-practitioner")
    assert api.put(f"{RECORDS}{record.pk}/", payload(), format="json").status_code == 405


def test_records_need_an_account(db):
    assert APIClient().get(RECORDS).status_code == 401


def test_the_schema_documents_both_paths(client, db):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert set(schema["paths"]["/api/certification-catalog/"]) == {"get"}
    assert set(schema["paths"]["/api/certifications/"]) == {"get", "post"}
    assert set(schema["paths"]["/api/certifications/{id}/"]) == {"get", "patch", "delete"}
    record = schema["components"]["schemas"]["CertificationRecord"]
    assert record["properties"]["certification"]["type"] == "string"
    assert record["properties"]["expires_on"]["readOnly"] is True
