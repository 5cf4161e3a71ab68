"""Export and import of all of a learner's data as one JSON file: functions, page and API."""

import copy
import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import include, path
from django.utils import timezone
from django.utils.html import escape

from config.urls import urlpatterns as site_urlpatterns
from certifications.expiry import add_months
from certifications.models import CertificationRecord
from roadmap.models import Certification, LearnerRoadmap, RoadmapStep, Step, StudySession, TargetRole
from roadmap.planning import schedule_roadmap
from portability.documents import MAX_FILE_BYTES, PortabilityError, export_learner, import_learner
from tests.factories import make_roadmap

# The API is mounted under /api/ by the site; this URLconf mounts it too, so these tests do not depend on it.
urlpatterns = [path("api/", include("portability.api")), *site_urlpatterns]
uses_api_urls = pytest.mark.urls(__name__)

Status = RoadmapStep.Status
SkipSource = RoadmapStep.SkipSource
PERSONAL_MODELS = (LearnerRoadmap, RoadmapStep, StudySession, CertificationRecord)


def today():
    return timezone.localdate()


def days_ago(days):
    return today() - timedelta(days=days)


def give_a_history(user):
    """A roadmap with every kind of step change, sessions with and without a step, and two certifications."""
    roadmap = make_roadmap(user, today=today(), start_date=days_ago(60))
    done, doing, dropped = roadmap.steps.filter(status=Status.TODO)[:3]
    done.status, done.completed_on, done.note = Status.DONE, days_ago(10), "Finished with the book"
    doing.status, doing.note = Status.IN_PROGRESS, "Chapter 3"
    dropped.status, dropped.skip_source, dropped.skip_reason = Status.SKIPPED, SkipSource.LEARNER, "Done at work"
    dropped.skipped_on = days_ago(5)  # the day is part of how the skip reads: it must survive a round trip
    taken_back = roadmap.steps.filter(skip_source=SkipSource.BACKGROUND).first()
    taken_back.status, taken_back.skip_source, taken_back.skip_reason, taken_back.keep = Status.TODO, "", "", True
    for row in (done, doing, dropped, taken_back):
        row.save()
    StudySession.objects.create(roadmap=roadmap, step=done, date=days_ago(10), minutes=120, note="evening")
    StudySession.objects.create(roadmap=roadmap, step=doing, date=days_ago(3), minutes=45)
    StudySession.objects.create(roadmap=roadmap, step=None, date=days_ago(1), minutes=30, note="papers")
    CertificationRecord.objects.create(
        user=user,
        certification=Certification.objects.get(slug="aws-cloud-practitioner"),
        status=CertificationRecord.Status.PASSED,
        exam_date=days_ago(20),
        passed_on=days_ago(20),
        credential_id="ABC-123",
        credential_url="https://www.credly.com/badges/abc-123",
    )
    CertificationRecord.objects.create(
        user=user,
        certification=Certification.objects.get(slug="aws-solutions-architect-associate"),
        status=CertificationRecord.Status.BOOKED,
        exam_date=today() + timedelta(days=30),
    )
    schedule_roadmap(roadmap, today=today())
    return roadmap


def without_stamp(document):
    return {key: value for key, value in document.items() if key not in ("exported_at", "username")}


def snapshot(user):
    """Every personal row of the learner, every field."""
    return {
        "roadmap": list(LearnerRoadmap.objects.filter(user=user).values()),
        "steps": list(RoadmapStep.objects.filter(roadmap__user=user).order_by("id").values()),
        "sessions": list(StudySession.objects.filter(roadmap__user=user).order_by("id").values()),
        "certifications": list(CertificationRecord.objects.filter(user=user).order_by("id").values()),
    }


def counts():
    """How many personal rows the whole site holds."""
    return [model.objects.count() for model in PERSONAL_MODELS]


@pytest.fixture
def history(alice, content):  # noqa: F811
    give_a_history(alice)
    return export_learner(user=alice)


# The document and the round trip


def test_the_export_names_content_by_slug_and_holds_every_kind_of_data(alice, history):
    assert (history["format"], history["version"], history["username"]) == ("archpath-learner", 1, "alice")
    assert history["roadmap"] == {
        "background": "software-developer",
        "target_role": "ml-architect",
        "hours_per_week": 5.5,
        "study_days": [0, 1, 2, 3],
        "start_date": days_ago(60).isoformat(),
        "cloud": "aws",
    }
    assert {row["status"] for row in history["steps"]} == set(Status.values)
    assert any(row["keep"] for row in history["steps"])
    assert [s["minutes"] for s in history["sessions"]] == [120, 45, 30]
    assert history["sessions"][2]["step"] is None
    assert [c["certification"] for c in history["certifications"]] == [
        "aws-cloud-practitioner",
        "aws-solutions-architect-associate",
    ]
    assert all(isinstance(row["step"], str) for row in history["steps"])
    json.dumps(history)  # plain JSON throughout


def test_export_then_import_into_another_learner_gives_the_same_document(alice, bob, history):
    import_learner(user=bob, data=json.loads(json.dumps(history)))
    again = export_learner(user=bob)
    assert again["username"] == "bob"
    assert without_stamp(again) == without_stamp(history)
    assert [step["skipped_on"] for step in again["steps"] if step["skip_source"] == "learner"] == [
        days_ago(5).isoformat()]


def test_import_replaces_the_learners_previous_data_and_leaves_other_learners_untouched(alice, bob, history):
    make_roadmap(bob, today=today(), target_role=TargetRole.objects.get(slug="ai-architect"))
    bob_roadmap = bob.roadmap
    StudySession.objects.create(roadmap=bob_roadmap, date=days_ago(2), minutes=200, note="old")
    CertificationRecord.objects.create(
        user=bob, certification=Certification.objects.get(slug="aws-ml-engineer-associate"), status="planned"
    )
    alice_before = snapshot(alice)

    summary = import_learner(user=bob, data=history)

    assert (summary.steps, summary.sessions, summary.certifications) == (len(history["steps"]), 3, 2)
    assert not StudySession.objects.filter(note="old").exists()
    assert not bob.certifications.filter(certification__slug="aws-ml-engineer-associate").exists()
    assert LearnerRoadmap.objects.get(user=bob).target_role.slug == "ml-architect"
    # The roadmap row stays, so the learner's calendar subscription keeps working.
    assert LearnerRoadmap.objects.get(user=bob).calendar_token == bob_roadmap.calendar_token
    assert snapshot(alice) == alice_before


def test_import_computes_expiry_from_the_validity_and_reschedules_the_plan(alice, bob, history):
    import_learner(user=bob, data=history)
    record = bob.certifications.get(certification__slug="aws-cloud-practitioner")
    assert record.expires_on == add_months(days_ago(20), 36)
    roadmap = LearnerRoadmap.objects.get(user=bob)
    assert roadmap.planned_finish == LearnerRoadmap.objects.get(user=alice).planned_finish
    assert not roadmap.steps.filter(status=Status.TODO, planned_start__isnull=True).exists()


def test_archived_steps_referenced_by_slug_still_import(alice, bob, history):
    archived = history["steps"][0]["step"]
    Step.objects.filter(slug=archived).update(archived=True)
    import_learner(user=bob, data=history)
    row = bob.roadmap.steps.get(step__slug=archived)
    assert row.status == history["steps"][0]["status"] and row.step.archived


def test_a_document_without_a_roadmap_keeps_only_the_certifications(alice, history):
    document = history | {"roadmap": None, "steps": [], "sessions": []}
    import_learner(user=alice, data=document)
    assert not LearnerRoadmap.objects.filter(user=alice).exists()
    assert alice.certifications.count() == 2
    assert export_learner(user=alice)["roadmap"] is None


def test_every_problem_is_listed_at_once_naming_its_item(alice, history):
    document = copy.deepcopy(history)
    document["sessions"][1]["minutes"] = 0
    document["sessions"][2]["date"] = "yesterday"
    document["steps"][3]["keep"] = "perhaps"
    document["steps"].append(dict(document["steps"][0]))
    document["certifications"][0]["credential_url"] = "not a url"
    with pytest.raises(PortabilityError) as raised:
        import_learner(user=alice, data=document)
    assert raised.value.errors == [
        "steps[3]: keep: Must be a valid boolean.",
        f"steps[{len(history['steps'])}]: step “{history['steps'][0]['step']}” is already listed at steps[0]",
        "sessions[1]: minutes: Ensure this value is greater than or equal to 1.",
        "sessions[2]: date: Date has wrong format. Use one of these formats instead: YYYY-MM-DD.",
        "certifications[0]: credential_url: Enter a valid URL.",
    ]


def test_bad_roadmap_answers_are_each_named(alice, history):
    document = copy.deepcopy(history)
    document["roadmap"] |= {"background": "astronaut", "hours_per_week": 0, "study_days": [1, 7], "cloud": "ibm"}
    with pytest.raises(PortabilityError) as raised:
        import_learner(user=alice, data=document)
    assert raised.value.errors == [
        "roadmap: background: unknown career path (by background) “astronaut”",
        "roadmap: hours_per_week: Hours per week must be between 1 and 60.",
        "roadmap: study_days[1]: Ensure this value is less than or equal to 6.",
        'roadmap: cloud: "ibm" is not a valid choice.',
    ]


def test_a_passed_certification_without_its_pass_date_is_refused_as_the_tracker_would(alice, history):
    document = copy.deepcopy(history)
    document["certifications"][0]["passed_on"] = None
    with pytest.raises(PortabilityError) as raised:
        import_learner(user=alice, data=document)
    assert raised.value.errors == ["certifications[0]: passed_on: A passed certification needs its pass date."]


def api_errors(client, user, url, data):
    client.force_login(user)
    response = client.post(url, data, content_type="application/json")
    assert response.status_code == 400
    return response.json()


def test_a_bad_session_is_refused_with_the_message_the_study_log_api_gives(client, alice, history):
    # One rule, one place: the import validates with the API's own serializers.
    bad = history["sessions"][0] | {"minutes": 961, "date": (today() + timedelta(days=1)).isoformat(), "step": None}
    errors = api_errors(client, alice, "/api/study-sessions/", bad)
    with pytest.raises(PortabilityError) as raised:
        import_learner(user=alice, data=history | {"sessions": [bad]})
    assert raised.value.errors == [f"sessions[0]: {field}: {message}" for field in ("date", "minutes")
                                   for message in errors[field]]


@pytest.mark.parametrize("change", [
    {"credential_url": "ftp//nowhere", "credential_id": "x" * 121},  # the model's fields
    {"passed_on": (today() + timedelta(days=2)).isoformat()},  # a rule of the tracker (records.problems)
], ids=["fields", "tracker rule"])
def test_a_bad_record_is_refused_with_the_message_the_tracker_api_gives(client, bob, history, change):
    bad = history["certifications"][0] | change
    errors = api_errors(client, bob, "/api/certifications/", bad)
    with pytest.raises(PortabilityError) as raised:
        import_learner(user=bob, data=history | {"certifications": [bad]})
    assert raised.value.errors == [f"certifications[0]: {field}: {message}" for field in sorted(change)
                                   for message in errors[field]]


# Bad input, through the page and the API: 400, every problem listed, nothing changed


def mutated(change):
    def build(document):
        document = copy.deepcopy(document)
        change(document)
        return json.dumps(document).encode()

    return build


def set_in(section, index, key, value):
    return mutated(lambda document: document[section][index].__setitem__(key, value))


BAD_INPUTS = {
    "not JSON": (lambda document: b'{"format": "archpath-learner", ', "The file is not valid JSON"),
    "wrong format": (mutated(lambda d: d.__setitem__("format", "trello-board")), "not an ArchPath learner export"),
    "wrong version": (mutated(lambda d: d.__setitem__("version", 2)), "Version 2 is not supported"),
    "unknown step slug": (set_in("steps", 0, "step", "no-such-step"), "steps[0]: step: unknown step “no-such-step”"),
    "unknown certification": (
        set_in("certifications", 1, "certification", "no-such-exam"),
        "certifications[1]: certification: unknown certification “no-such-exam”",
    ),
    "session in the future": (
        set_in("sessions", 0, "date", (timezone.localdate() + timedelta(days=1)).isoformat()),
        "sessions[0]: date: A study session cannot be in the future.",
    ),
    "0 minutes": (set_in("sessions", 1, "minutes", 0), "sessions[1]: minutes: Ensure this value is greater than or equal to 1."),
    "961 minutes": (set_in("sessions", 2, "minutes", 961), "sessions[2]: minutes: Ensure this value is less than or equal to 960."),
    "bad date string": (set_in("sessions", 0, "date", "23/11/2026"), "sessions[0]: date: Date has wrong format."),
    "bad status": (set_in("steps", 1, "status", "finished"), 'steps[1]: status: "finished" is not a valid choice.'),
    "a note longer than the model allows": (
        set_in("sessions", 0, "note", "x" * 501),
        "sessions[0]: note: Ensure this field has no more than 500 characters.",
    ),
    "a session on a step outside the roadmap": (
        set_in("sessions", 0, "step", "no-such-step"),
        "sessions[0]: step “no-such-step” is not in the roadmap",
    ),
    "an item that is not an object": (
        mutated(lambda d: d["certifications"].__setitem__(0, "aws-cloud-practitioner")),
        "certifications[0]: Invalid data. Expected a dictionary, but got str.",
    ),
    "a section that is not a list": (mutated(lambda d: d.__setitem__("sessions", {})), "sessions: must be a list"),
    "steps without a roadmap": (
        mutated(lambda d: d.__setitem__("roadmap", None)),
        "roadmap: steps, study sessions and comments need a roadmap, which is missing",
    ),
    "a list instead of an object": (
        lambda document: json.dumps([document]).encode(),
        "The file must hold one JSON object, not a list.",
    ),
    "file too large": (
        lambda document: json.dumps(document).encode() + b" " * MAX_FILE_BYTES,
        "The file is larger than 5 MB.",
    ),
}


@pytest.fixture(params=BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def bad_input(request, history):
    build, message = request.param
    return build(history), message


def test_a_bad_file_on_the_import_page_is_refused_with_its_problems_and_nothing_changes(client, alice, bad_input):
    raw, message = bad_input
    before = snapshot(alice), counts()
    client.force_login(alice)
    response = client.post("/roadmap/import/", {"file": SimpleUploadedFile("mine.json", raw, "application/json")})
    assert response.status_code == 400
    assert any(message in error for error in response.context["errors"])
    assert escape(response.context["errors"][0]) in response.content.decode()
    assert "nothing changed" in response.content.decode()
    assert (snapshot(alice), counts()) == before


@uses_api_urls
def test_a_bad_document_sent_to_the_api_is_refused_with_its_problems_and_nothing_changes(client, alice, bad_input):
    raw, message = bad_input
    before = snapshot(alice), counts()
    client.force_login(alice)
    response = client.post("/api/me/import/", raw, content_type="application/json")
    assert response.status_code == 400
    assert any(message in error for error in response.json()["errors"])
    assert (snapshot(alice), counts()) == before


# The page


def test_the_import_page_explains_export_and_import_with_a_labelled_file_field(client, alice):
    client.force_login(alice)
    response = client.get("/roadmap/import/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/roadmap/export/"' in html and 'enctype="multipart/form-data"' in html
    assert '<label for="id_file">' in html and "replaces" in html


def test_the_export_page_downloads_the_learners_own_file(client, alice, history):
    client.force_login(alice)
    response = client.get("/roadmap/export/")
    assert response["Content-Type"] == "application/json"
    name = f"archpath-alice-{today().isoformat()}.json"
    assert response["Content-Disposition"] == f"attachment; filename=\"{name}\"; filename*=UTF-8''{name}"
    assert without_stamp(json.loads(response.content)) == without_stamp(history)


def test_a_good_file_replaces_the_data_and_goes_to_the_roadmap_with_a_message(client, bob, history):
    client.force_login(bob)
    upload = SimpleUploadedFile("alice.json", json.dumps(history).encode(), "application/json")
    response = client.post("/roadmap/import/", {"file": upload}, follow=True)
    assert response.redirect_chain == [("/roadmap/", 302)]
    assert "Your data was imported." in response.content.decode()
    assert without_stamp(export_learner(user=bob)) == without_stamp(history)


def test_posting_without_a_file_is_a_form_error(client, alice, history):
    before = snapshot(alice)
    client.force_login(alice)
    response = client.post("/roadmap/import/", {})
    assert response.status_code == 400 and "file" in response.context["form"].errors
    assert snapshot(alice) == before


@pytest.mark.parametrize("url", ["/roadmap/export/", "/roadmap/import/"])
def test_anonymous_visitors_are_sent_to_log_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302 and response.url == f"/accounts/login/?next={url}"


def test_an_anonymous_upload_changes_nothing(client, alice, history):
    before = snapshot(alice)
    upload = SimpleUploadedFile("alice.json", json.dumps(history).encode(), "application/json")
    assert client.post("/roadmap/import/", {"file": upload}).status_code == 302
    assert snapshot(alice) == before


@pytest.mark.parametrize("query", ["?username=alice", "?user=1&user_id=1&pk=1"])
def test_a_learner_can_only_export_their_own_data(client, alice, bob, history, query):
    client.force_login(bob)
    document = client.get(f"/roadmap/export/{query}").json()
    assert document["username"] == "bob" and document["roadmap"] is None and document["certifications"] == []


# The API


@uses_api_urls
def test_the_api_exports_the_authenticated_learners_own_document(client, alice, bob, history):
    client.force_login(alice)
    assert without_stamp(client.get("/api/me/export/").json()) == without_stamp(history)
    client.force_login(bob)
    assert client.get("/api/me/export/?username=alice").json()["username"] == "bob"


@uses_api_urls
def test_the_api_imports_a_document_and_answers_with_the_summary(client, bob, history):
    client.force_login(bob)
    response = client.post("/api/me/import/", history, content_type="application/json")
    assert response.status_code == 200
    assert response.json() == {"roadmap": True, "steps": len(history["steps"]), "sessions": 3, "certifications": 2,
                               "attempts": 0, "self_ratings": 0, "comments": 0}
    assert without_stamp(export_learner(user=bob)) == without_stamp(history)


@uses_api_urls
def test_the_api_takes_only_json(client, alice, history):
    client.force_login(alice)
    response = client.post("/api/me/import/", {"document": json.dumps(history)})
    assert response.status_code == 415


@uses_api_urls
@pytest.mark.parametrize("method, url", [("get", "/api/me/export/"), ("post", "/api/me/import/")])
def test_anonymous_api_clients_are_refused(client, alice, history, method, url):
    before = snapshot(alice)
    if method == "get":
        response = client.get(url)
    else:
        response = client.post(url, history, content_type="application/json")
    assert response.status_code in (401, 403)
    assert snapshot(alice) == before
