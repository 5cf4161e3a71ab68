"""Calibration of the confidence thresholds (calibration.py), on hand-made page, line and review events."""

from datetime import timedelta

import pytest
from django.utils import timezone

from demo_idp import pipeline, review
from demo_idp.monitoring import calibration, events, rollups
from demo_idp.views import documents as views
from demo_idp.models import Page, StageEvent, ThresholdChange
from tests.demo_idp.event_scenes import (
    calibrated_history, calibrated_lines, lines_read, lines_reviewed, reviewed, routed,
)
from tests.demo_idp.helpers import blank_png, upload

pytestmark = pytest.mark.django_db


def row(table, threshold):
    return next(r for r in table if r["threshold"] == threshold)


# reliability


@pytest.mark.parametrize("unit, review, read, measure", [
    ("pages", reviewed, routed, calibration.reliability),
    ("lines", lines_reviewed, lines_read, calibration.line_reliability),
])
def test_reliability_gives_the_mean_error_of_what_was_reviewed_in_each_confidence_bin(unit, review, read, measure):
    review(42.0, 0.30)
    review(44.0, 0.10)
    review(91.0, 0.02, audit=True)
    read(60.0, 5)  # read and routed but never reviewed: no bin in the reliability chart
    bins = measure()
    assert [(b["low"], b["high"], b[unit]) for b in bins] == [(40, 45, 2), (90, 95, 1)]
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
    assert calibration.candidates(since=timezone.now() - timedelta(days=40))[0]["accepted"] == 1


def test_without_events_there_is_nothing_to_chart():
    assert calibration.reliability() == []
    assert calibration.candidates() == []


def test_each_chart_takes_the_same_queries_however_many_events(django_assert_num_queries):
    for count in (1, 300):
        routed(50.0, count)
        reviewed(50.0, 0.1, count)
        rollups.roll_up()
        # The rollups' reach, the rollups, the events of the open edge and of the period's first minute,
        # and the stored lines.
        with django_assert_num_queries(4):
            bins = calibration.measure()
        with django_assert_num_queries(0):
            calibration.reliability(bins=bins)
            calibration.candidates(bins=bins)
            calibration.line_reliability(bins=bins)
            calibration.line_candidates(bins=bins)


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
    assert (estimate["sample"], estimate["accepted"], estimate["unmeasured"]) == (20, 100, 0)
    assert row(calibration.candidates(), 90)["accepted_error"] == pytest.approx(0.01)


def test_audit_reviews_measure_a_bin_in_preference_to_pages_the_word_rule_sent():
    routed(92.0, 100)
    reviewed(92.0, 0.01, 4, audit=True)
    reviewed(92.0, 0.40, 6)  # too many unsure words: reviewed whatever the threshold, and worse than most
    estimate = row(calibration.candidates(), 90)
    assert estimate["accepted_error"] == pytest.approx(0.01)
    assert estimate["sample"] == 4


def test_a_threshold_that_would_accept_pages_no_review_measured_has_no_estimate():
    routed(92.0, 50)
    reviewed(92.0, 0.01, 5, audit=True)
    routed(86.0, 3)  # accepted, and the audit happened to pick none of them
    table = calibration.candidates()
    assert row(table, 90)["accepted_error"] == pytest.approx(0.01)
    assert row(table, 85)["accepted_error"] is None
    assert row(table, 85)["unmeasured"] == 3
    assert row(table, 50)["accepted_error"] is None


def test_a_threshold_that_accepts_no_page_has_no_estimate():
    routed(92.0, 5)
    reviewed(92.0, 0.01, 5, audit=True)
    top = row(calibration.candidates(), 100)
    assert (top["accepted_error"], top["accepted"], top["review_rate"]) == (None, 0, 1)


# recommend


def test_the_recommendation_is_the_lowest_threshold_within_the_target():
    calibrated_history()
    # At 70: (20x8% + 100x3% + 100x1%) / 220 = 2.545%; at 60: (20x20% + ...) / 240 = 4%. 65 splits
    # the pages as 70 does (nobody was seen between them): the higher one wins the tie.
    result = calibration.recommend(target_error=0.03)
    assert result["threshold"] == 70
    assert result["accepted_error"] == pytest.approx(5.6 / 220)
    assert result["review_rate"] == pytest.approx(20 / 240)
    assert result["sample"] == 40
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
    assert result["threshold"] is None and "No page read in the period" in result["reason"]


def test_line_reviews_without_a_stored_line_say_there_is_nothing_to_weigh_them_by():
    lines_reviewed(62.0, 0.1, 30)
    result = calibration.recommend(target_error=0.05, table=calibration.line_candidates(), unit=calibration.LINES)
    assert result["threshold"] is None and "No line of a stored scan to count" in result["reason"]


# apply


def test_the_threshold_is_the_setting_until_one_is_applied(settings):
    settings.IDP_MIN_MEAN_CONFIDENCE = 77.0
    assert calibration.current_threshold() == 77.0
    assert pipeline.routing_rules().min_mean_confidence == 77.0


def test_applying_a_threshold_records_who_the_line_threshold_before_the_target_and_the_line_estimates(
        alice, settings):
    settings.IDP_MIN_MEAN_CONFIDENCE, settings.IDP_MIN_LINE_CONFIDENCE = 80.0, 70.0
    calibrated_history()
    change = calibration.apply_threshold(threshold=60.0, target_error=0.03, user=alice)
    assert (change.threshold, change.previous, change.target_error, change.applied_by) == (60.0, 70.0, 0.03, alice)
    assert change.estimated_review_rate == pytest.approx(30 / 690)
    assert change.estimated_error == pytest.approx(19.2 / 660)
    assert timezone.now() - change.applied_at < timedelta(seconds=5)
    second = calibration.apply_threshold(threshold=72.5, target_error=0.03, user=None)
    assert (second.previous, second.estimated_error, second.applied_by) == (60.0, None, None)  # not a bin edge
    assert list(ThresholdChange.objects.values_list("threshold", flat=True)) == [72.5, 60.0]


def test_one_applied_threshold_is_both_the_line_threshold_and_the_page_threshold(alice, settings):
    settings.IDP_MIN_MEAN_CONFIDENCE, settings.IDP_MIN_LINE_CONFIDENCE = 80.0, 70.0
    assert (calibration.current_threshold(), calibration.current_line_threshold()) == (80.0, 70.0)
    calibration.apply_threshold(threshold=65.0, target_error=0.05, user=alice)
    assert (calibration.current_threshold(), calibration.current_line_threshold()) == (65.0, 65.0)
    rules = pipeline.routing_rules()
    assert (rules.min_mean_confidence, rules.min_line_confidence) == (65.0, 65.0)


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


# lines


def test_an_unreadable_line_measures_nothing():
    lines_reviewed(30.0, None)
    lines_reviewed(30.0, 0.5)
    assert [(b["lines"], b["mean_error"]) for b in calibration.line_reliability()] == [(1, 0.5)]


def test_page_and_line_figures_stay_apart():
    reviewed(62.0, 0.20)
    routed(62.0, 3)
    lines_reviewed(88.0, 0.01, audit=True)
    lines_read(88.0, 4)
    bins = calibration.measure()
    assert [b["low"] for b in calibration.reliability(bins=bins)] == [60]
    assert [b["low"] for b in calibration.line_reliability(bins=bins)] == [85]
    assert row(calibration.candidates(bins=bins), 70)["accepted"] == 0
    assert row(calibration.line_candidates(bins=bins), 70)["accepted"] == 4


def test_the_share_of_lines_a_threshold_sends_to_a_person_counts_the_stored_lines():
    calibrated_lines()
    table = calibration.line_candidates()
    assert row(table, 70)["review_rate"] == pytest.approx(90 / 690)
    assert row(table, 60)["review_rate"] == pytest.approx(30 / 690)
    assert row(table, 100)["review_rate"] == 1


def test_the_error_of_accepted_lines_weights_each_bin_by_its_lines_and_prefers_the_audit():
    calibrated_lines()
    lines_reviewed(88.0, 0.50, 5)  # sent by another rule: the audit measures the bin instead
    estimate = row(calibration.line_candidates(), 70)
    # (200 x 4% + 400 x 1%) / 600 lines; the 30 audited lines behind it.
    assert estimate["accepted_error"] == pytest.approx(0.02)
    assert (estimate["sample"], estimate["accepted"], estimate["unmeasured"]) == (30, 600, 0)


def test_lines_of_scans_no_longer_stored_or_read_before_the_period_are_not_counted():
    lines_read(80.0, 3)
    lines_read(40.0, 7, finished=timezone.now() - timedelta(days=31))
    assert row(calibration.line_candidates(), 50)["review_rate"] == 0
    assert calibration.line_candidates(since=timezone.now() - timedelta(days=40))[10]["accepted"] == 3
    assert calibration.line_candidates(since=timezone.now() - timedelta(minutes=5)) == []


def test_a_line_at_full_confidence_falls_in_the_top_bin():
    lines_read(100.0, 2)
    lines_reviewed(100.0, 0.0, audit=True)
    assert row(calibration.line_candidates(), 95)["accepted"] == 2
    assert [b["low"] for b in calibration.line_reliability()] == [95]


def test_the_line_recommendation_is_the_lowest_line_threshold_within_the_target():
    calibrated_lines()
    # At 60: (60 x 12% + 200 x 4% + 400 x 1%) / 660 = 2.9%, 30 of 690 lines to a person; 50 and 55
    # split the lines as 60 does: the highest wins. At 45 every line is accepted at 4.1%.
    result = calibration.recommend(target_error=0.03, table=calibration.line_candidates(), unit=calibration.LINES)
    assert result["threshold"] == 60
    assert result["review_rate"] == pytest.approx(30 / 690)
    assert result["sample"] == 90
    assert "4% of lines to a reviewer" in result["reason"] and "90 reviewed lines" in result["reason"]
    strict = calibration.recommend(target_error=0.02, table=calibration.line_candidates(), unit=calibration.LINES)
    assert strict["threshold"] == 70


def test_no_line_recommendation_from_too_few_reviewed_lines():
    lines_read(90.0, 100)
    lines_reviewed(90.0, 0.001, calibration.MIN_SAMPLE - 1, audit=True)
    result = calibration.recommend(target_error=0.05, table=calibration.line_candidates(), unit=calibration.LINES)
    assert result["threshold"] is None
    assert "19 reviewed lines" in result["reason"]


def test_the_overview_reads_once_and_gives_both_units_and_both_thresholds(settings, django_assert_num_queries):
    settings.IDP_MIN_MEAN_CONFIDENCE, settings.IDP_MIN_LINE_CONFIDENCE = 80.0, 70.0
    calibrated_history()
    # The rollups' reach and the events (nothing is rolled up), the stored lines, the applied threshold (T and T_L).
    with django_assert_num_queries(4):
        found = calibration.overview(target_error=0.03)
    assert (found["current"], found["current_line"], found["bin_width"]) == (80.0, 70.0, 5)
    assert found[calibration.PAGES]["recommendation"]["threshold"] == 70
    assert found[calibration.LINES]["recommendation"]["threshold"] == 60
    assert (found[calibration.LINES]["reviewed"], found[calibration.LINES]["routed"]) == (120, 690)
    assert (found[calibration.PAGES]["reviewed"], found[calibration.PAGES]["routed"]) == (60, 240)
    assert calibration.overview(target_error=None)[calibration.LINES]["recommendation"] is None
