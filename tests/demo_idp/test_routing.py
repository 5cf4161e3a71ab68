import random

import pytest

from demo_idp.routing import AUTO_ACCEPTED, REVIEW, RoutingRules, route_page

RULES = RoutingRules(min_mean_confidence=80, low_word_confidence=60, max_low_share=0.10, audit_share=0.05)


def route(mean: float, low: float, *, rules: RoutingRules = RULES, seed: int = 1) -> tuple[str, str]:
    return route_page(mean_confidence=mean, low_confidence_share=low, rules=rules, rng=random.Random(seed))


def test_a_confident_page_is_auto_accepted_with_its_reason():
    result, reason = route(91.0, 0.02, rules=RoutingRules(audit_share=0))
    assert result == AUTO_ACCEPTED
    assert "mean confidence 91.0 at least 80" in reason


def test_a_page_below_the_mean_confidence_threshold_goes_to_review():
    assert route(71.2, 0.0) == (REVIEW, "mean confidence 71.2 below threshold 80")


def test_a_page_with_too_many_low_confidence_words_goes_to_review():
    assert route(85.0, 0.12) == (REVIEW, "12% of words below 60 (limit 10%)")


def test_both_reasons_are_given_when_both_rules_fail():
    result, reason = route(50.0, 0.5)
    assert result == REVIEW
    assert reason == "mean confidence 50.0 below threshold 80; 50% of words below 60 (limit 10%)"


def test_the_audit_picks_about_its_share_of_accepted_pages_reproducibly_with_a_seeded_rng():
    def picks(seed: int) -> list[str]:
        rng = random.Random(seed)
        return [route_page(mean_confidence=95, low_confidence_share=0, rules=RULES, rng=rng)[1] for _ in range(2000)]

    audited = [reason for reason in picks(7) if reason == "picked for the 5% quality audit"]
    assert 60 <= len(audited) <= 140
    assert picks(7) == picks(7)


def test_pages_sent_to_review_by_the_rules_are_never_counted_as_audit():
    assert all(route(10.0, 0.9, seed=seed)[1].startswith("mean confidence") for seed in range(50))


def test_shares_given_as_percentages_are_refused():
    with pytest.raises(ValueError, match="0.05 means 5%"):
        RoutingRules(audit_share=5)
