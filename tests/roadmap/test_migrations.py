"""Moving certification records and mentoring out of roadmap keeps every row, id and value.

The database is migrated back to the schema before the move (the last migration of each
app at the time), filled through the historical models, then migrated forward; every row
is then read through the new models. The content types follow the models too.
"""

from datetime import date, datetime, timezone

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from certifications.models import CertificationRecord
from mentoring.models import MilestoneEvent, MilestoneReview, Mentorship, Notification, StepComment
from roadmap.models import LearnerRoadmap, RoadmapStep, StudySession

# The last migration of every app before the move (issue 11).
BEFORE = [
    ("roadmap", "0004_mentoring"),
    ("assessments", "0001_initial"),
    ("demo_idp", "0004_covering_event_index"),
    ("certifications", None),
    ("mentoring", None),
]
WHEN = datetime(2026, 11, 20, 19, 0, tzinfo=timezone.utc)


def migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection)


def state_before(executor: MigrationExecutor):
    """The historical models: BEFORE for the apps it names, the latest for every other app (auth, contenttypes)."""
    named = {app for app, _name in BEFORE}
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] not in named]
    return executor.loader.project_state(others + [node for node in BEFORE if node[1]]).apps


def latest() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def fill(apps) -> dict:
    """A learner with a roadmap, sessions, records, a mentorship with comments and sign-offs, and an IDP document."""
    User = apps.get_model("auth", "User")
    get = apps.get_model
    alice = User.objects.create(username="alice", email="alice@example.com")
    maya = User.objects.create(username="maya")
    phase = get("roadmap", "Phase").objects.create(slug="moved-phase", source="000", name="Foundations",
                                                   min_months=3, max_months=6)
    step = get("roadmap", "Step").objects.create(slug="moved-step", source="000", phase=phase, title="Python",
                                                 summary="Learn Python.", estimated_hours=20)
    background = get("roadmap", "Background").objects.create(slug="moved-background", source="000", name="Developer")
    role = get("roadmap", "TargetRole").objects.create(slug="moved-role", source="000", name="Architect")
    cert = get("roadmap", "Certification").objects.create(slug="moved-cert", source="000", vendor="aws", code="SAA-C03",
                                                          name="Solutions Architect", level="associate")
    roadmap = get("roadmap", "LearnerRoadmap").objects.create(
        user=alice, background=background, target_role=role, hours_per_week=5, study_days=[0, 2],
        start_date=date(2026, 11, 2), calendar_token="token-1")
    row = get("roadmap", "RoadmapStep").objects.create(roadmap=roadmap, step=step, status="in_progress", note="mine")
    session = get("roadmap", "StudySession").objects.create(roadmap=roadmap, step=row, date=date(2026, 11, 3),
                                                            minutes=90, note="loops")
    record = get("roadmap", "CertificationRecord").objects.create(
        user=alice, certification=cert, status="passed", exam_date=date(2026, 4, 20), passed_on=date(2026, 4, 20),
        credential_id="ABC", expires_on=date(2029, 4, 20), reminders_sent=[90])
    mentorship = get("roadmap", "Mentorship").objects.create(learner=alice, mentor=maya, status="active")
    opener = get("roadmap", "StepComment").objects.create(row=row, author=maya, body="How is it going?")
    reply = get("roadmap", "StepComment").objects.create(row=row, author=alice, body="Fine", parent=opener)
    review = get("roadmap", "MilestoneReview").objects.create(roadmap=roadmap, phase=phase, status="approved",
                                                              reviewer=maya)
    event = get("roadmap", "MilestoneEvent").objects.create(review=review, actor=maya, action="approved",
                                                            comment="Well done")
    note = get("roadmap", "Notification").objects.create(user=alice, text="maya signed off", url="/roadmap/")
    document = get("demo_idp", "Document").objects.create(owner=alice, original_name="scan.pdf", sha256="0" * 64,
                                                          storage_key="k", content_type="pdf", size=10)
    page = get("demo_idp", "Page").objects.create(document=document, number=1, text="hello")
    idp_review = get("demo_idp", "Review").objects.create(page=page, status="submitted", corrected_text="hello!")
    return {"alice": alice.pk, "maya": maya.pk, "roadmap": roadmap.pk, "row": row.pk, "session": session.pk,
            "record": record.pk, "mentorship": mentorship.pk, "opener": opener.pk, "reply": reply.pk,
            "review": review.pk, "event": event.pk, "note": note.pk, "document": document.pk, "page": page.pk,
            "idp_review": idp_review.pk}


@pytest.mark.django_db(transaction=True)
def test_moving_the_models_to_their_apps_keeps_every_row_and_permission():
    forward = latest()
    try:
        old = state_before(migrate(BEFORE))
        ids = fill(old)
        # Content types and permissions as a site that ran the old code has them (migrating back renamed them).
        old_type, _ = old.get_model("contenttypes", "ContentType").objects.get_or_create(
            app_label="roadmap", model="mentorship")
        permission, _ = old.get_model("auth", "Permission").objects.get_or_create(
            content_type=old_type, codename="view_mentorship", defaults={"name": "Can view mentorship"})
        migrate(forward)
    finally:
        migrate(forward)  # leave the database at the latest migration whatever happened

    alice = get_user_model().objects.get(pk=ids["alice"])
    roadmap = LearnerRoadmap.objects.get(pk=ids["roadmap"], user=alice, calendar_token="token-1")
    assert RoadmapStep.objects.get(pk=ids["row"], roadmap=roadmap).note == "mine"
    assert StudySession.objects.get(pk=ids["session"]).minutes == 90
    record = CertificationRecord.objects.get(pk=ids["record"])
    assert (record.user, record.certification.slug, record.status, record.expires_on, record.reminders_sent) == (
        alice, "moved-cert", "passed", date(2029, 4, 20), [90])
    mentorship = Mentorship.objects.get(pk=ids["mentorship"])
    assert (mentorship.learner, mentorship.mentor_id, mentorship.status) == (alice, ids["maya"], "active")
    reply = StepComment.objects.get(pk=ids["reply"])
    assert (reply.parent_id, reply.row_id, reply.body) == (ids["opener"], ids["row"], "Fine")
    review = MilestoneReview.objects.get(pk=ids["review"])
    assert (review.roadmap, review.status, review.reviewer_id) == (roadmap, "approved", ids["maya"])
    assert list(review.events.values_list("pk", "comment")) == [(ids["event"], "Well done")]
    assert Notification.objects.get(pk=ids["note"]).text == "maya signed off"
    assert MilestoneEvent.objects.filter(review=review).count() == 1
    page = alice.idp_documents.get(pk=ids["document"]).pages.get(pk=ids["page"])
    assert (page.text, page.review.pk, page.review.corrected_text) == ("hello", ids["idp_review"], "hello!")
    # The permission kept its row and now belongs to the mentoring app.
    moved = ContentType.objects.get_for_model(Mentorship)
    assert moved.app_label == "mentoring"
    assert Permission.objects.get(content_type=moved, codename="view_mentorship").pk == permission.pk
    assert not ContentType.objects.filter(app_label="roadmap", model="mentorship").exists()
