"""The dashboard's chart texts and axes (demo_idp/charts.py) as a person reads them."""

import math

import pytest

from demo_idp import charts


def test_log_ticks_are_one_two_five_written_whole_and_never_missing():
    # Latencies all between 0.1 and 1 s: a tick at each power of ten alone would leave the axis bare.
    narrow = charts.log_ticks([0.3, 0.6])
    assert (narrow["tickvals"], narrow["ticktext"]) == ([0.2, 0.5, 1.0], ["0.2", "0.5", "1"])
    assert narrow["range"] == [pytest.approx(math.log10(0.2)), 0.0]  # the axis shows the ticks around them all
    wide = charts.log_ticks([2.0, 7200.0])  # seconds to two hours: powers of ten only, or they crowd
    assert wide["ticktext"] == ["1", "10", "100", "1k", "10k"]
    assert charts.log_ticks([5.0])["ticktext"] == ["5", "10"]  # one value: still two ticks
    assert charts.log_ticks([]) == {}


def test_one_reviewer_is_not_the_busiest_of_one():
    rows = [{"name": "Reviewer 1", "pages": 1200, "pages_per_hour": 40.0}]
    assert charts.reviewers(rows).summary == "Reviewer 1 corrected 1,200 pages."
    two = charts.reviewers([*rows, {"name": "Reviewer 2", "pages": 3, "pages_per_hour": None}]).summary
    assert two == "2 reviewers corrected 1,203 pages; the busiest, Reviewer 1, 1,200."
