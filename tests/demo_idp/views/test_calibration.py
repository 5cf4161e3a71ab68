"""The calibration page: everyone sees the aggregates, only holders of add_thresholdchange apply."""


import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import CURATOR, REVIEWER, ensure_roles
from demo_idp import pipeline
from demo_idp.monitoring import calibration
from demo_idp.models import ThresholdChange
from tests.demo_idp.event_scenes import (
    calibrated_history, calibrated_lines, lines_read, lines_reviewed, reviewed, routed,
)
from tests.demo_idp.helpers import chart_figure
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("demo_idp:calibration")


@pytest.fixture
def admin_user(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def apply(client, **data):
    return client.post(URL, {"target": "3", "threshold": "70", **data})


def test_the_page_at_demo_calibration_shows_the_thresholds_the_pipeline_uses(client, settings):
    settings.IDP_MIN_MEAN_CONFIDENCE, settings.IDP_MIN_LINE_CONFIDENCE = 72.5, 65.0
    html = client.get("/demo/calibration/").content.decode()
    assert 'data-testid="current-threshold">72.5<' in html
    assert 'data-testid="current-line-threshold">65<' in html
    assert calibration.current_threshold() == pipeline.routing_rules().min_mean_confidence == 72.5
    assert calibration.current_line_threshold() == pipeline.routing_rules().min_line_confidence == 65


def test_before_any_review_the_page_says_what_calibration_needs(client):
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "No reviews yet" in body and "line queue" in body and "review queue" in body
    assert 'href="/demo/review/lines/"' in body
    assert "No line reviewed yet" not in body and "No page reviewed yet" not in body
    assert "data-plotly" not in body
    assert "No page read in the period" in body and "No line of a stored scan to count" in body
    assert 'name="threshold"' not in body


def test_with_reviews_the_page_charts_reliability_and_candidates_and_recommends(client):
    calibrated_history()
    response = client.get(URL, {"target": "3"})
    assert response.status_code == 200
    assert response.context["pages"]["recommendation"]["threshold"] == 70
    reliability = chart_figure(response, "chart-reliability")
    assert [len(trace["y"]) for trace in reliability["data"]] == [4, 4]
    assert reliability["data"][1]["y"] == [20.0, 8.0, 3.0, 1.0]
    candidates = chart_figure(response, "chart-candidates")
    assert [len(trace["x"]) for trace in candidates["data"]] == [21, 21]
    assert {shape["y0"] for shape in candidates["layout"]["shapes"] if shape["xref"] == "paper"} == {3.0}
    body = response.content.decode()
    assert "Threshold 70" in body
    assert ("Measured error by confidence, from 60 reviewed pages; around the current threshold 80: below it, 14.0% "
            "error over 40 pages; at or above it, 2.0% error over 20 pages. Step by step: 60–65: 20.0% error (20 pages)"
            in body)
    rows = response.context["pages"]["rows"]
    assert [r["threshold"] for r in rows if r["is_recommended"]] == [70]
    assert [r["threshold"] for r in rows if r["is_current"]] == [80]
    assert "there is nothing to apply" in body  # pages are for comparison: nothing routes by T


def test_with_line_reviews_the_page_charts_lines_and_recommends_the_line_threshold(client):
    calibrated_history()
    response = client.get(URL, {"target": "3"})
    reliability = chart_figure(response, "chart-reliability-lines")
    assert reliability["data"][1]["y"] == [30.0, 12.0, 4.0, 1.0]
    assert reliability["data"][0]["y"] == [30, 60, 10, 20]
    candidates = chart_figure(response, "chart-candidates-lines")
    assert candidates["data"][0]["y"][14] == round(90 / 690 * 100, 1)  # at 70, the current T_L
    assert {shape["x0"] for shape in candidates["layout"]["shapes"] if shape["xref"] == "x"} == {70, 60}
    assert response.context["recommendation"]["threshold"] == 60
    rows = response.context["lines"]["rows"]
    assert [r["threshold"] for r in rows if r["is_recommended"]] == [60]
    assert [r["threshold"] for r in rows if r["is_current"]] == [70]
    body = response.content.decode()
    assert ("from 120 reviewed lines; around the current threshold 70: below it, 18.0% error over 90 lines; at or "
            "above it, 2.0% error over 30 lines. Step by step: 45–50: 30.0% error (30 lines)" in body)
    assert 'data-testid="recommended-threshold">Threshold 60<' in body
    assert "lines of scans read from then on are accepted as read at 60 or above" in body


def test_with_page_reviews_only_the_page_says_how_to_get_line_figures(client):
    calibrated_history(lines=False)
    lines_read(75.0, 40)
    body = client.get(URL, {"target": "3"}).content.decode()
    assert "No line reviewed yet" in body and 'href="/demo/review/lines/"' in body
    assert "No page reviewed yet" not in body
    assert "chart-reliability-lines" not in body and "chart-reliability" in body
    assert "Too little data: the estimates rest on 0 reviewed lines" in body


def test_with_line_reviews_only_the_page_says_how_to_get_page_figures(client):
    calibrated_lines()
    body = client.get(URL, {"target": "3"}).content.decode()
    assert "No page reviewed yet" in body and 'href="/demo/review/"' in body
    assert "more than 50% of their lines doubtful" in body and "once their last doubtful line is decided" in body
    assert "No line reviewed yet" not in body
    assert "chart-reliability-lines" in body and 'data-plotly="chart-reliability"' not in body
    assert 'data-testid="recommended-threshold">Threshold 60<' in body


def test_line_reviews_without_a_stored_scan_say_the_shares_need_new_uploads(client):
    lines_reviewed(62.0, 0.1, 30)
    body = client.get(URL, {"target": "3"}).content.decode()
    assert "No stored scan to count lines on" in body and "kept 24 hours" in body
    assert "No line of a stored scan to count" in body and "Too little data" not in body
    assert "chart-reliability-lines" in body and "chart-candidates-lines" not in body


def test_a_visitor_a_learner_and_a_reviewer_see_the_page_but_no_apply_button(client, alice, reviewer):
    calibrated_history()
    for user in (None, alice, reviewer):
        client.logout()
        if user:
            client.force_login(user)
        response = client.get(URL, {"target": "3"})
        assert response.status_code == 200
        assert 'name="threshold"' not in response.content.decode()
        assert "Only a curator can apply a threshold." in response.content.decode()


def test_a_visitor_a_learner_and_a_plain_reviewer_may_not_apply(client, alice, reviewer):
    calibrated_history()
    for user in (None, alice, reviewer):
        client.logout()
        if user:
            client.force_login(user)
        assert apply(client).status_code == 403
    assert not ThresholdChange.objects.exists()
    assert pipeline.routing_rules().min_mean_confidence == 80


def test_a_curator_sees_the_apply_button_and_applies_the_threshold(client, curator):
    calibrated_history()
    client.force_login(curator)
    assert 'name="threshold" value="60"' in client.get(URL, {"target": "3"}).content.decode()
    assert apply(client, threshold="60").status_code == 302
    assert (ThresholdChange.objects.get().applied_by, pipeline.routing_rules().min_line_confidence) == (curator, 60)


def test_the_curator_role_carries_the_permission_to_apply_and_the_reviewer_role_does_not():
    groups = ensure_roles()
    assert groups[CURATOR].permissions.filter(codename="add_thresholdchange").exists()
    assert not groups[REVIEWER].permissions.filter(codename="add_thresholdchange").exists()


def test_after_a_database_flush_the_curators_get_the_permission_back(curator):
    from django.core.management.sql import emit_post_migrate_signal

    ensure_roles()[CURATOR].permissions.clear()  # as a flush between tests leaves it
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    curator = type(curator).objects.get(pk=curator.pk)  # no cached permissions
    assert curator.has_perm("demo_idp.add_thresholdchange")


def test_a_superuser_applies_the_recommendation_with_one_click_and_it_is_recorded(client, admin_user):
    calibrated_history()
    client.force_login(admin_user)
    page = client.get(URL, {"target": "3"}).content.decode()
    assert 'name="threshold" value="60"' in page and 'name="target" value="3"' in page
    assert "Apply: change the line threshold from 70 to 60" in page
    response = apply(client, threshold="60")
    assert response.status_code == 302 and response["Location"] == f"{URL}?target=3"
    change = ThresholdChange.objects.get()
    assert (change.threshold, change.previous, change.target_error, change.applied_by) == (60, 70, 0.03, admin_user)
    assert change.estimated_error == pytest.approx(19.2 / 660)
    rules = pipeline.routing_rules()
    assert (rules.min_line_confidence, rules.min_mean_confidence) == (60, 60)
    after = client.get(response["Location"])
    body = after.content.decode()
    assert "Line threshold changed from 70 to 60" in body
    assert "This is the line threshold in use." in body
    assert "root" in body and "70 → 60" in body and "4.3% reviewed, 2.91% error" in body


def test_a_user_granted_the_permission_may_apply(client, alice):
    alice.user_permissions.add(Permission.objects.get(codename="add_thresholdchange"))
    client.force_login(alice)
    assert apply(client, threshold="65").status_code == 302
    assert calibration.current_threshold() == 65


@pytest.mark.parametrize("data", [
    {"target": "abc"}, {"target": "0"}, {"target": "100"}, {"target": "-5"}, {"target": "nan"}, {"target": ""},
    {"threshold": "101"}, {"threshold": "-1"}, {"threshold": "x"}, {"threshold": ""}, {"threshold": "inf"},
])
def test_bad_input_to_apply_answers_400_with_the_error_and_records_nothing(client, admin_user, data):
    calibrated_history()
    client.force_login(admin_user)
    response = apply(client, **data)
    assert response.status_code == 400
    assert "Nothing was applied" in response.content.decode()
    assert not ThresholdChange.objects.exists()


def test_a_post_without_fields_answers_400(client, admin_user):
    client.force_login(admin_user)
    assert client.post(URL, {}).status_code == 400
    assert not ThresholdChange.objects.exists()


@pytest.mark.parametrize("target", ["abc", "0", "100", "150", ""])
def test_a_bad_target_on_the_form_answers_400_with_the_error_and_no_recommendation(client, target):
    calibrated_history()
    response = client.get(URL, {"target": target})
    assert response.status_code == 400
    assert response.context["recommendation"] is None
    assert response.context["target_form"].errors["target"]


def test_the_page_answers_only_get_and_post(client, admin_user):
    client.force_login(admin_user)
    for method in (client.put, client.delete, client.patch):
        assert method(URL).status_code == 405
    assert not ThresholdChange.objects.exists()


def test_the_last_applied_target_is_the_default_next_time(client, admin_user):
    calibrated_history()
    calibration.apply_threshold(threshold=80, target_error=0.02, user=admin_user)
    response = client.get(URL)
    assert response.context["target"] == 2
    assert response.context["recommendation"]["threshold"] == 70


def test_the_page_makes_the_same_few_queries_however_many_events(client, admin_user):
    calibrated_history()
    calibration.apply_threshold(threshold=70, target_error=0.03, user=admin_user)
    client.force_login(admin_user)
    client.get(URL)  # warm up: content types and other caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    routed(55.0, 500)
    reviewed(55.0, 0.3, 500)
    lines_read(55.0, 500)
    lines_reviewed(55.0, 0.3, 500)
    with CaptureQueriesContext(connection) as many:
        assert client.get(URL).status_code == 200
    assert len(many) == len(few)
    # The history, the applied threshold (T and T_L, one query), and one reading for every figure and
    # chart: the rollups' reach, the events (nothing is rolled up here) and the stored lines; the rest
    # is the session and the nav.
    assert len([q for q in many if "demo_idp_" in q["sql"]]) == 1 + 1 + 3


def test_the_page_names_the_reliability_charts_step_from_calibration_bin_width(client, monkeypatch):
    assert "by their confidence in steps of 5 and" in client.get(URL).content.decode()
    monkeypatch.setattr(calibration, "BIN_WIDTH", 10)
    assert "by their confidence in steps of 10 and" in client.get(URL).content.decode()
