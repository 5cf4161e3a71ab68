from hypothesis import given
from hypothesis import strategies as st

from demo_idp.ocr.evaluation import Row, cer, summarise


def test_cer_counts_edits_per_reference_character():
    assert cer("hella world", "hello world") == 0.1


def test_cer_of_an_empty_reading_is_one():
    assert cer("", "abc") == 1.0


@given(st.text())
def test_cer_of_identical_strings_is_zero(text):
    assert cer(text, text) == 0.0


# ASCII only: Unicode case mapping is not round-trip (upper("ı") is "I", which folds to "i").
@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), min_size=1))
def test_cer_ignores_whitespace_and_case(text):
    assert cer(" ".join(text.upper()) + "\n\t", text.lower()) == 0.0


@given(st.text(min_size=1), st.text())
def test_cer_is_never_negative(reference, hypothesis):
    assert cer(hypothesis, reference) >= 0


def row(name: str, error: float, route: str) -> Row:
    return Row(name, error, 90, 0, route, "", 0, 0.0, False, "osd", 1.0)


def test_routing_quality_is_precision_of_accepts_and_recall_of_bad_pages():
    rows = [
        row("a", 0.02, "auto_accepted"),
        row("b", 0.30, "auto_accepted"),  # a bad page that slipped through
        row("c", 0.40, "review"),
        row("d", 0.05, "review"),
    ]
    summary = summarise(rows)
    assert summary["accepted_precision"] == 0.5
    assert summary["bad_pages_caught"] == 0.5
    assert summary["median_cer"] == 0.175
