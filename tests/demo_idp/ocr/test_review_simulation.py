"""The simulated reviewer of the evaluation: aligning OCR lines to ground truth, what page and line
review read and leave wrong, and the OCR cache that lets a threshold sweep skip the OCR."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from demo_idp.intake import samples
from demo_idp.ocr import evaluation, review_simulation
from demo_idp.ocr.page import Word
from demo_idp.routing import RoutingRules

REFERENCE = "Invoice 42\nTotal 10\nThank you"
RULES = RoutingRules(audit_share=0)


def words(*lines: tuple[str, float]) -> list[Word]:
    """One word per token of each line, every word of a line at the line's confidence."""
    return [Word(token, confidence, (0, 10 * n, 10, 10), n)
            for n, (text, confidence) in enumerate(lines) for token in text.split()]


def test_each_ocr_line_aligns_to_its_stretch_of_the_ground_truth():
    assert review_simulation.line_spans(["Invoice 42", "Tota1 1O", "Thank you"], REFERENCE) == [
        "invoice42", "total10", "thankyou"]


def test_text_the_ocr_missed_goes_to_a_neighbouring_line_and_none_is_lost():
    first, second = review_simulation.line_spans(["Invoice 42", "Thank you"], REFERENCE)
    assert first.startswith("invoice42") and second.endswith("thankyou")
    assert first + second == "invoice42total10thankyou"


def test_correcting_every_line_gives_the_ground_truth_and_correcting_none_the_ocr():
    texts = ["Invoce 42", "Tota1 1O", "Thank yuo"]
    assert review_simulation.corrected_text(texts, [True] * 3, REFERENCE) == "invoice42total10thankyou"
    assert review_simulation.corrected_text(texts, [False] * 3, REFERENCE) == "invoce42tota11othankyuo"
    assert review_simulation.corrected_text(texts, [False, True, False], REFERENCE) == "invoce42total10thankyuo"


def test_line_review_reads_the_doubtful_line_only_and_leaves_the_rest_as_read():
    page = words(("Invoice 42", 95.0), ("Tota1 1O", 40.0), ("Thank yuo", 90.0))
    result = review_simulation.simulate_page(page, REFERENCE, rules=RULES, rng_seed="x")
    read, total, residual = result["line"]
    assert (read, total) == (2, 6)
    assert residual == evaluation.cer("Invoice 42 Total 10 Thank yuo", REFERENCE) > 0
    assert result["page"] == (6, 6, 0.0)  # page review: the page's mean is below 80, a person reads all of it


def test_a_page_with_most_lines_doubtful_is_read_whole_under_line_review_too():
    page = words(("Invoce 42", 40.0), ("Tota1 1O", 40.0), ("Thank you", 95.0))
    assert review_simulation.simulate_page(page, REFERENCE, rules=RULES, rng_seed="x")["line"] == (6, 6, 0.0)


def test_the_summary_pools_words_and_takes_the_median_residual():
    pages = [{"page": (10, 10, 0.0), "line": (2, 10, 0.1)}, {"page": (0, 30, 0.3), "line": (3, 30, 0.0)},
             {"page": (20, 20, 0.0), "line": (5, 20, 0.02)}]
    assert review_simulation.summarise_review(pages) == {
        "page": {"reviewed_word_share": 0.5, "residual_median_cer": 0.0, "pages_touched": 2},
        "line": {"reviewed_word_share": 0.1667, "residual_median_cer": 0.02, "pages_touched": 3},
    }


def test_the_curves_sweep_both_thresholds_and_reading_more_never_leaves_more_wrong():
    items = [("a.png", words(("Invoce 42", 75.0), ("Tota1 1O", 55.0), ("Thank you", 96.0)), REFERENCE, "", 99.0)]
    curves = review_simulation.review_curves(items, rules=RULES, thresholds=(0, 60, 80, 100))
    line = [(row["line"]["reviewed_word_share"], row["line"]["residual_median_cer"]) for row in curves]
    assert line[0][0] == 0 and line[-1] == (1.0, 0.0)
    assert [share for share, _cer in line] == sorted(share for share, _cer in line)
    assert [cer for _share, cer in line] == sorted((cer for _share, cer in line), reverse=True)


@pytest.mark.django_db
def test_the_evaluation_reads_a_page_once_and_then_from_its_cache(tmp_path):
    (image,) = samples.write_samples(tmp_path / "scans", pages=1, variants=("clean",))
    cache = tmp_path / "cache"
    first = evaluation.read_page(image, variant="upright", config=evaluation.OcrConfig(), cache_dir=cache)
    (stored,) = cache.iterdir()
    kept = json.loads(stored.read_text())
    assert kept["text"] == first.text and len(kept["words"]) == len(first.words) > 0
    # Marked in the cache: a second reading that comes back marked came from the cache, not the OCR.
    stored.write_text(json.dumps(kept | {"text": "from the cache"}))
    again = evaluation.read_page(image, variant="upright", config=evaluation.OcrConfig(), cache_dir=cache)
    assert (again.text, again.words, again.mean_confidence) == ("from the cache", first.words, first.mean_confidence)
    other = evaluation.read_page(image, variant="invert", config=evaluation.OcrConfig(), cache_dir=cache)
    assert other.text != "from the cache" and len(list(cache.iterdir())) == 2  # another variant, another entry


@pytest.mark.django_db
def test_idp_evaluate_reports_page_and_line_review_with_their_curves(tmp_path):
    samples.write_samples(tmp_path, pages=1, variants=("clean",))
    out = StringIO()
    call_command("idp_evaluate", str(tmp_path), "--json", "--jobs", "1", "--cache", str(tmp_path / "cache"), stdout=out)
    review = json.loads(out.getvalue())["summary"]["review"]
    for policy in ("page", "line"):
        assert set(review[policy]) == {"reviewed_word_share", "residual_median_cer", "pages_touched"}
        assert 0 <= review[policy]["reviewed_word_share"] <= 1
    assert [row["threshold"] for row in review["curves"]] == list(review_simulation.THRESHOLDS)
    assert review["curves"][-1]["line"]["residual_median_cer"] == 0.0  # everything read: nothing left wrong
    assert "words" not in json.loads(out.getvalue())["rows"][0]


def test_a_cache_that_is_a_file_is_a_clear_error(tmp_path):
    samples.write_samples(tmp_path, pages=1, variants=("clean",))
    (tmp_path / "cache").write_text("not a directory")
    with pytest.raises(CommandError, match="is not a directory"):
        call_command("idp_evaluate", str(tmp_path), "--cache", str(tmp_path / "cache"))
