"""Calibration of the confidence threshold (calibration.py), on hand-made page and review events."""

from datetime import timedelta

import pytest
from django.utils import timezone

from demo_idp import pipeline, review
from demo_idp.monitoring import calibration, events, rollups
from demo_idp.views import documents as views
from demo_idp.models import Page, StageEvent, ThresholdChange
from tests.demo_idp.event_scenes import calibrated_history, reviewed, routed
from tests.demo_idp.helpers import blank_png, upload

pytestmark = pytest.mark.django_db


def row(table, threshold):
    return next(r for r in table if r["threshold"] == threshold)


# reliability


def test_reliability_gives_the_mean_error_of_reviewed_pages_in_each_confidence_bin():
    reviewed(42.0, 0.30)
    reviewed(44.0, 0.10)
    reviewed(91.0, 0.02, audit=True)
    routed(60.0, 5)  # routed but never reviewed: no bin in the reliability chart
    bins = calibration.reliability()
    assert [(b["low"], b["high"], b["pages"]) for b in bins] == [(40, 45, 2), (90, 95, 1)]
    assert bins[0]["mean_error"] == pytest.approx(0.20)
    assert bins[0]["mean_confidence"] == pytest.approx(43.0)
    assert bins[1]["mean_error"] == pytest.approx(0.02)


def test_a_page_at_full_confidence_falls_in_the_top_bin_not_one_of_its_own():
    reviewed(100.0, 0.0, audit=True)
    reviewed(95.0, 0.02, audit=True)
    assert [(b["low"], b["high"], b["pages"]) for b in calibration.reliability()] == [(95, 100, 2)]


def test_the_bin_width_sets_the_bins_and_must_divide_100():
    reviewed(42.0, 0.30)
    reviewed(48.0, 0.10)
    assert [(b["low"], b["high"]) for b in calibration.reliability(bin_width=10)] == [(40, 50)]
    with pytest.raises(ValueError):
        calibration.reliability(bin_width=7)
    with pytest.raises(ValueError):
        calibration.candidates(bin_width=0)


def test_events_before_the_period_are_left_out():
    reviewed(50.0, 0.5, ago=timedelta(days=31))
    routed(50.0, ago=timedelta(days=31))
    reviewed(50.0, 0.1, ago=timedelta(days=2))
    assert calibration.reliability()[0]["pages"] == 1
    assert calibration.reliability(since=timezone.now() - timedelta(days=1)) == []
    assert calibration.candidates(since=timezone.now() - timedelta(days=40))[0]["accepted_pages"] == 1


def test_without_events_there_is_nothing_to_chart():
    assert calibration.reliability() == []
    assert calibration.candidates() == []


def test_each_chart_takes_the_same_queries_however_many_events(django_assert_num_queries):
    for count in (1, 300):
        routed(50.0, count)
        reviewed(50.0, 0.1, count)
        rollups.roll_up()
        # The rollups' reach, the rollups, the events of the open edge and of the period's first minute.
        with django_assert_num_queries(3):
            calibration.reliability()
        with django_assert_num_queries(3):
            calibration.candidates()


# candidates


def test_the_review_rate_of_a_threshold_is_the_share_of_routed_pages_below_it():
    routed(30.0, 2, route="review")
    routed(70.0, 3, route="review")
    routed(90.0, 5)
    table = calibration.candidates()
    assert [r["threshold"] for r in table] == [float(t) for t in range(0, 101, 5)]
    assert row(table, 0)["review_rate"] == 0
    assert row(table, 30)["review_rate"] == 0
    assert row(table, 35)["review_rate"] == pytest.approx(0.2)
    assert row(table, 75)["review_rate"] == pytest.approx(0.5)
    assert row(table, 100)["review_rate"] == 1


def test_the_accepted_error_weights_each_bin_by_its_routed_pages_not_its_reviewed_ones():
    # 90 pages at 92 of which the 5% audit reviewed 10; all 10 pages at 82 were reviewed.
    routed(92.0, 90)
    reviewed(92.0, 0.01, 10, audit=True)
    routed(82.0, 10, route="review")
    reviewed(82.0, 0.10, 10)
    estimate = row(calibration.candidates(), 80)
    # (90 x 1% + 10 x 10%) / 100 pages; the plain mean of the 20 reviews would say 5.5%.
    assert estimate["accepted_error"] == pytest.approx(0.019)
    assert (estimate["sample_pages"], estimate["accepted_pages"], estimate["unmeasured_pages"]) == (20, 100, 0)
    assert row(calibration.candidates(), 90)["accepted_error"] == pytest.approx(0.01)


def test_audit_reviews_measure_a_bin_in_preference_to_pages_the_word_rule_sent():
    routed(92.0, 100)
    reviewed(92.0, 0.01, 4, audit=True)
    reviewed(92.0, 0.40, 6)  # too many unsure words: reviewed whatever the threshold, and worse than most
    estimate = row(calibration.candidates(), 90)
    assert estimate["accepted_error"] == pytest.approx(0.01)
    assert estimate["sample_pages"] == 4


def test_a_threshold_that_would_accept_pages_no_review_measured_has_no_estimate():
    routed(92.0, 50)
    reviewed(92.0, 0.01, 5, audit=True)
    routed(86.0, 3)  # accepted, and the audit happened to pick none of them
    table = calibration.candidates()
    assert row(table, 90)["accepted_error"] == pytest.approx(0.01)
    assert row(table, 85)["accepted_error"] is None
    assert row(table, 85)["unmeasured_pages"] == 3
    assert row(table, 50)["accepted_error"] is None


def test_a_threshold_that_accepts_no_page_has_no_estimate():
    routed(92.0, 5)
    reviewed(92.0, 0.01, 5, audit=True)
    top = row(calibration.candidates(), 100)
    assert (top["accepted_error"], top["accepted_pages"], top["review_rate"]) == (None, 0, 1)


# recommend


def test_the_recommendation_is_the_lowest_threshold_within_the_target():
    calibrated_history()
    # At 70: (20x8% + 100x3% + 100x1%) / 220 = 2.545%; at 60: (20x20% + ...) / 240 = 4%. 65 splits
    # the pages as 70 does (nobody was seen between them): the higher one wins the tie.
    result = calibration.recommend(target_error=0.03)
    assert result["threshold"] == 70
    assert result["accepted_error"] == pytest.approx(5.6 / 220)
    assert result["review_rate"] == pytest.approx(20 / 240)
    assert result["sample_pages"] == 40
    assert "2.5%" in result["reason"]


def test_an_estimate_exactly_at_the_target_meets_it():
    calibrated_history()
    at_80 = row(calibration.candidates(), 80)["accepted_error"]  # (100x3% + 100x1%) / 200 = 2%
    assert at_80 == pytest.approx(0.02)
    assert calibration.recommend(target_error=0.02)["threshold"] == 80
    assert calibration.recommend(target_error=0.0199)["threshold"] is None  # 90 alone rests on 10 reviews


def test_no_recommendation_when_no_threshold_meets_the_target():
    calibrated_history()
    result = calibration.recommend(target_error=0.005)
    assert result["threshold"] is None
    assert "2.0%" in result["reason"] and "threshold 80" in result["reason"]


def test_no_recommendation_from_too_few_reviewed_pages():
    routed(92.0, 100)
    reviewed(92.0, 0.001, calibration.MIN_SAMPLE - 1, audit=True)
    result = calibration.recommend(target_error=0.05)
    assert result["threshold"] is None
    assert "Too little data" in result["reason"]
    reviewed(92.0, 0.001, audit=True)
    assert calibration.recommend(target_error=0.05)["threshold"] == 90


def test_a_threshold_resting_on_too_few_reviews_is_not_recommended_even_when_it_looks_better():
    calibrated_history()
    routed(97.0, 10)
    reviewed(97.0, 0.0, 5, audit=True)
    # 95 accepts only the 97s: 0% error, but from 5 reviews. 90 rests on 15 reviews; 80 on 25.
    result = calibration.recommend(target_error=0.001)
    assert result["threshold"] is None
    assert calibration.recommend(target_error=0.02)["threshold"] == 80


def test_no_recommendation_while_accepted_pages_sit_in_unmeasured_bins():
    routed(92.0, 100)
    routed(82.0, 5)
    reviewed(92.0, 0.01, 30)  # rules reviews only, and nothing at 82
    routed(52.0, 100)
    result = calibration.recommend(target_error=0.05)
    assert row(calibration.candidates(), 90)["accepted_error"] == pytest.approx(0.01)
    assert result["threshold"] == 90
    StageEvent.objects.filter(confidence=92.0, stage=events.REVIEW).delete()
    reviewed(52.0, 0.01, 30)
    result = calibration.recommend(target_error=0.05)
    assert result["threshold"] is None and "No threshold has an estimate" in result["reason"]


def test_no_recommendation_without_any_data():
    result = calibration.recommend(target_error=0.05)
    assert result["threshold"] is None and "Too little data" in result["reason"]


# apply


def test_the_threshold_is_the_setting_until_one_is_applied(settings):
    settings.IDP_MIN_MEAN_CONFIDENCE = 77.0
    assert calibration.current_threshold() == 77.0
    assert pipeline.routing_rules().min_mean_confidence == 77.0


def test_applying_a_threshold_records_who_the_previous_one_the_target_and_the_estimates(alice, settings):
    settings.IDP_MIN_MEAN_CONFIDENCE = 80.0
    calibrated_history()
    change = calibration.apply_threshold(threshold=70.0, target_error=0.03, user=alice)
    assert (change.threshold, change.previous, change.target_error, change.applied_by) == (70.0, 80.0, 0.03, alice)
    assert change.estimated_review_rate == pytest.approx(20 / 240)
    assert change.estimated_error == pytest.approx(5.6 / 220)
    assert timezone.now() - change.applied_at < timedelta(seconds=5)
    second = calibration.apply_threshold(threshold=72.5, target_error=0.03, user=None)
    assert (second.previous, second.estimated_error, second.applied_by) == (70.0, None, None)  # not a bin edge
    assert list(ThresholdChange.objects.values_list("threshold", flat=True)) == [72.5, 70.0]


def test_an_applied_threshold_changes_routing_and_the_colour_of_words(alice):
    calibration.apply_threshold(threshold=60.0, target_error=0.05, user=alice)
    assert calibration.current_threshold() == 60.0
    assert pipeline.routing_rules().min_mean_confidence == 60.0
    assert views.confidence_band(65.0) == "high"
    assert views.confidence_band(65.0, threshold=70.0) == "medium"


def test_a_page_is_routed_by_the_applied_threshold(fake_ocr, settings, alice):
    settings.IDP_LOW_WORD_CONFIDENCE = 30.0
    fake_ocr.confidence = 65.0
    first = upload(blank_png())
    pipeline.process_document(document_id=first.pk)
    assert Page.objects.get(document=first).route == "review"
    calibration.apply_threshold(threshold=60.0, target_error=0.05, user=alice)
    second = upload(blank_png(shade=250))
    pipeline.process_document(document_id=second.pk)
    assert Page.objects.get(document=second).route == "auto_accepted"


@pytest.mark.parametrize("threshold, target", [(-1, 0.05), (100.5, 0.05), (50, 0), (50, 1), (50, -0.1)])
def test_a_threshold_or_target_out_of_range_is_refused_and_nothing_recorded(alice, threshold, target):
    with pytest.raises(ValueError):
        calibration.apply_threshold(threshold=threshold, target_error=target, user=alice)
    assert not ThresholdChange.objects.exists()


def test_a_review_from_the_real_pipeline_is_measured_in_its_bin(fake_ocr, reviewer):
    fake_ocr.confidence = 41.0
    document = upload(blank_png())
    pipeline.process_document(document_id=document.pk)
    page = Page.objects.get(document=document)
    review.claim_page(page=page, reviewer=reviewer)
    review.submit_review(page=page, reviewer=reviewer, text="Invoice 42!")
    (measured,) = calibration.reliability()
    assert (measured["low"], measured["pages"]) == (40, 1)
    assert measured["mean_error"] == pytest.approx(1 / 11)
    assert row(calibration.candidates(), 45)["review_rate"] == 1
