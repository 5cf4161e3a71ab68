"""Line-level routing and review: pages read by the FakeEngine through the real pipeline, doubtful
lines worked by reviewers through demo_idp/lines.py, down to the document's final text."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image

from accounts.roles import REVIEWER, grant_role
from demo_idp import lines, pipeline, routing
from demo_idp.models import Document, Line, Page, Review, StageEvent
from demo_idp.monitoring import calibration, events, metrics
from demo_idp.ocr.page import Word
from tests.demo_idp.conftest import use_engine
from tests.demo_idp.fakes import FakeEngine
from tests.demo_idp.helpers import blank_png, upload

pytestmark = pytest.mark.django_db

# Four OCR lines; the third is doubtful (mean 45 against the line threshold of 70).
FORM = (
    ("Invoice", (10, 10, 60, 20), 96.0, 0), ("42", (80, 10, 20, 20), 94.0, 0),
    ("Date", (10, 40, 40, 20), 91.0, 1), ("12/10/98", (60, 40, 70, 20), 88.0, 1),
    ("Tota1", (10, 70, 50, 20), 40.0, 2), ("1O", (70, 70, 20, 20), 50.0, 2),
    ("Thank", (10, 100, 50, 20), 93.0, 3), ("you", (70, 100, 30, 20), 95.0, 3),
)


@pytest.fixture
def form_ocr(monkeypatch, settings):
    engine = FakeEngine(words=FORM)
    use_engine(monkeypatch, settings, engine)
    return engine


def processed(name="form.png", shade=255) -> Document:
    document = upload(blank_png(shade=shade), name=name, visitor=f"v-{name}")
    pipeline.process_document(document_id=document.pk)
    document.refresh_from_db()
    return document


def doubtful_line(document: Document) -> Line:
    return Line.objects.get(page__document=document, route=Line.Route.REVIEW)


def test_every_line_gets_a_route_and_a_reason_and_only_the_doubtful_one_waits(form_ocr):
    document = processed()
    page = document.pages.get()
    assert (document.status, page.status, page.route) == ("needs_review", "needs_review", "review")
    assert page.route_reason == "1 of 4 lines doubtful: it goes to line review"
    assert not Review.objects.exists()  # no page review: a person reads one line, not the page
    stored = list(page.lines.values_list("number", "text", "route", "status", "final_text", "box"))
    assert stored == [
        (1, "Invoice 42", "accepted", "accepted", "Invoice 42", [10, 10, 90, 20]),
        (2, "Date 12/10/98", "accepted", "accepted", "Date 12/10/98", [10, 40, 120, 20]),
        (3, "Tota1 1O", "review", "open", "", [10, 70, 80, 20]),
        (4, "Thank you", "accepted", "accepted", "Thank you", [10, 100, 90, 20]),
    ]
    line = page.lines.get(number=3)
    assert (line.confidence, line.min_confidence, line.word_count) == (45.0, 40.0, 2)
    assert line.reason == "mean confidence 45.0 below threshold 70"
    assert page.lines.get(number=1).reason == "mean confidence 95.0 at least 70"
    assert page.final_text == ""


def test_a_page_with_most_lines_doubtful_goes_whole_to_review(form_ocr):
    form_ocr.confidence = 30.0
    form_ocr.words = tuple((text, box, 30.0, line) for text, box, _c, line in FORM)
    page = processed().pages.get()
    assert page.route_reason == "4 of 4 lines doubtful (limit 50%); mean confidence 30.0"
    assert Review.objects.get(page=page).status == Review.Status.OPEN
    assert set(page.lines.values_list("status", flat=True)) == {Line.Status.WITH_PAGE}
    assert page.lines.first().reason.startswith("read with its page: 4 of 4 lines doubtful")
    assert not lines.line_queue().exists()


def test_a_page_of_sure_lines_is_accepted_with_its_text_from_the_lines(form_ocr):
    form_ocr.words = tuple((text, box, 90.0, line) for text, box, _c, line in FORM)
    document = processed()
    page = document.pages.get()
    assert (document.status, page.route) == ("done", "auto_accepted")
    assert page.route_reason == "mean confidence 90.0; all 4 lines at least 70"
    assert page.final_text == "Invoice 42\nDate 12/10/98\nTota1 1O\nThank you" == lines.page_final_text(page)


def test_a_redelivered_page_keeps_one_set_of_lines(form_ocr):
    document = processed()
    page = document.pages.get()
    pipeline.process_page(page, Image.new("L", (200, 100), 255), engine=form_ocr)
    assert page.lines.count() == 4 and Line.objects.count() == 4


def test_orientation_guessed_or_no_text_where_there_is_ink_sends_the_whole_page():
    rules = routing.RoutingRules()
    words = [Word(text, conf, box, line) for text, box, conf, line in FORM]
    guessed = routing.route_lines(words, rules=rules, rng=random.Random(1), orientation_method="confidence",
                                  orientation_confidence=1.2)
    assert (guessed.whole_page, guessed.reason) == (
        True, "orientation uncertain: the page read almost as well turned round (margin 1.2 points)")
    # A first reading that scored the trust score is trusted, whatever its number.
    trusted = routing.route_lines(words, rules=rules, rng=random.Random(1), orientation_method="reading",
                                  orientation_confidence=1.2)
    assert not trusted.whole_page
    sure = routing.route_lines(words, rules=rules, rng=random.Random(1), orientation_method="confidence",
                               orientation_confidence=12.0)
    assert not sure.whole_page and sure.review_word_share == 0.25
    inked = routing.route_lines([], rules=rules, rng=random.Random(1), ink_share=0.08)
    assert (inked.route, inked.whole_page) == ("review", True)
    assert inked.reason == "no text found where there is ink (8.0% of the page)"
    blank = routing.route_lines([], rules=rules, rng=random.Random(1), ink_share=0.0)
    assert (blank.route, blank.whole_page) == ("auto_accepted", False)


def test_ink_share_counts_dark_pixels():
    page = Image.new("L", (100, 100), 255)
    page.paste(0, (0, 0, 10, 10))
    assert routing.ink_share(page) == 0.01


def test_the_audit_sends_every_line_of_a_picked_page_to_review(form_ocr, settings):
    settings.IDP_AUDIT_SHARE = 1.0
    page = processed().pages.get()
    assert page.route_reason == "1 of 4 lines doubtful: it goes to line review; picked for the 100% quality audit"
    reasons = dict(page.lines.values_list("number", "reason"))
    assert reasons[1] == reasons[2] == reasons[4] == "picked for the 100% quality audit"
    assert reasons[3] == "mean confidence 45.0 below threshold 70"
    assert page.lines.filter(status=Line.Status.OPEN).count() == 4


def test_the_queue_puts_the_earliest_deadline_first_and_hides_claimed_lines(form_ocr, reviewer, curator):
    late, early = processed("late.png"), processed("early.png")
    Document.objects.filter(pk=late.pk).update(sla_deadline=timezone.now() + timedelta(hours=40))
    Document.objects.filter(pk=early.pk).update(sla_deadline=timezone.now() + timedelta(hours=2))
    assert [line.page.document_id for line in lines.line_queue()] == [early.pk, late.pk]
    first = lines.claim_next(reviewer=reviewer)
    assert first.page.document_id == early.pk and first.status == Line.Status.CLAIMED
    grant_role(curator, REVIEWER)
    assert [line.page.document_id for line in lines.line_queue(reviewer=curator)] == [late.pk]
    assert [line.pk for line in lines.line_queue(reviewer=reviewer)] == [first.pk, doubtful_line(late).pk]
    with pytest.raises(lines.LineError, match="another reviewer is working on this line") as taken:
        lines.claim_line(line=first, reviewer=curator)
    assert taken.value.status == 409
    Line.objects.filter(pk=first.pk).update(claim_expires=timezone.now() - timedelta(seconds=1))
    assert lines.claim_line(line=first, reviewer=curator).reviewer == curator  # a lapsed claim is free


def test_correcting_the_last_doubtful_line_completes_the_page_and_the_document(form_ocr, reviewer):
    document = processed()
    line = lines.claim_line(line=doubtful_line(document), reviewer=reviewer)
    corrected = lines.correct_line(line=line, reviewer=reviewer, text="  Total\n10 ")
    assert (corrected.status, corrected.corrected_text, corrected.final_text) == ("corrected", "Total 10", "Total 10")
    assert corrected.reviewer == reviewer and corrected.reviewed_at is not None
    document.refresh_from_db()
    page = document.pages.get()
    assert (document.status, page.status) == ("done", "reviewed")
    assert page.final_text == "Invoice 42\nDate 12/10/98\nTotal 10\nThank you"
    assert lines.document_final_text(document) == page.final_text
    event = StageEvent.objects.get(stage=events.LINE_REVIEW)
    assert (event.line_id, event.confidence, event.reviewer, event.label) == (line.pk, 45.0, reviewer, "rules")
    assert event.error == pytest.approx(2 / 8)  # "Tota1 1O" -> "Total 10": two characters of eight
    page_event = StageEvent.objects.get(stage=events.REVIEW, page=page)
    assert page_event.error == pytest.approx(2 / len(page.final_text))
    assert page_event.label == events.RULES_BY_LINES  # its seconds are the line's, not a whole page's reading
    assert StageEvent.objects.filter(stage=events.FINAL, document=document).exists()


def test_a_noisy_reading_corrected_to_one_character_counts_as_entirely_wrong_not_more(form_ocr, reviewer):
    document = processed()
    line = lines.claim_line(line=doubtful_line(document), reviewer=reviewer)
    lines.correct_line(line=line, reviewer=reviewer, text="D")  # "Tota1 1O" -> "D": eight edits for one character
    assert StageEvent.objects.get(stage=events.LINE_REVIEW).error == 1.0
    assert events.measured_error(3, "abcdef") == pytest.approx(0.5)
    assert events.measured_error(0, "") == 0.0


def test_confirming_and_unreadable_lines_finish_a_page_too(form_ocr, reviewer, settings):
    settings.IDP_AUDIT_SHARE = 1.0  # every line waits: four decisions to make
    document = processed()
    page = document.pages.get()
    for number in (1, 2):
        lines.confirm_line(line=lines.claim_line(line=page.lines.get(number=number), reviewer=reviewer),
                           reviewer=reviewer)
    lines.mark_unreadable(line=lines.claim_line(line=page.lines.get(number=3), reviewer=reviewer), reviewer=reviewer)
    assert Document.objects.get(pk=document.pk).status == "needs_review"  # line 4 still waits
    lines.confirm_line(line=lines.claim_line(line=page.lines.get(number=4), reviewer=reviewer), reviewer=reviewer)
    page.refresh_from_db()
    assert page.final_text == "Invoice 42\nDate 12/10/98\nThank you"
    assert Document.objects.get(pk=document.pk).status == "done"
    errors = dict(StageEvent.objects.filter(stage=events.LINE_REVIEW).values_list("line__number", "error"))
    assert errors == {1: 0.0, 2: 0.0, 3: None, 4: 0.0}
    assert StageEvent.objects.get(stage=events.REVIEW, page=page).label == events.RULES_BY_LINES  # doubtful lines too


def test_bad_actions_are_refused_and_change_nothing(form_ocr, reviewer, curator):
    document = processed()
    line = doubtful_line(document)
    with pytest.raises(lines.LineError, match="claim the line before reviewing it"):
        lines.correct_line(line=line, reviewer=reviewer, text="Total 10")
    lines.claim_line(line=line, reviewer=reviewer)
    for text, message in (("", "empty"), (" \n ", "empty"), ("x" * (lines.MAX_LINE_TEXT + 1), "longer than")):
        with pytest.raises(lines.LineError, match=message) as refused:
            lines.correct_line(line=line, reviewer=reviewer, text=text)
        assert refused.value.status == 400
    with pytest.raises(lines.LineError, match="another reviewer"):
        lines.confirm_line(line=line, reviewer=curator)
    with pytest.raises(lines.LineError, match="another reviewer"):
        lines.release_line(line=line, reviewer=curator)
    accepted = Line.objects.get(page__document=document, number=1)
    with pytest.raises(lines.LineError, match="accepted automatically"):
        lines.claim_line(line=accepted, reviewer=reviewer)
    line.refresh_from_db()
    assert (line.status, line.reviewer, line.final_text) == ("claimed", reviewer, "")
    assert not StageEvent.objects.filter(stage=events.LINE_REVIEW).exists()
    released = lines.release_line(line=line, reviewer=reviewer)
    assert (released.status, released.reviewer) == ("open", None)
    with pytest.raises(lines.LineError, match="not claimed"):
        lines.release_line(line=line, reviewer=reviewer)
    lines.claim_line(line=line, reviewer=reviewer)
    lines.confirm_line(line=line, reviewer=reviewer)
    with pytest.raises(lines.LineError, match="already been reviewed"):
        lines.claim_line(line=line, reviewer=reviewer)


def test_calibration_measures_error_per_line(form_ocr, reviewer):
    for name in ("a.png", "b.png"):
        line = lines.claim_line(line=doubtful_line(processed(name)), reviewer=reviewer)
        lines.correct_line(line=line, reviewer=reviewer, text="Total 10")
    assert calibration.line_reliability() == [
        {"low": 45, "high": 50, "lines": 2, "mean_error": pytest.approx(0.25), "mean_confidence": 45.0}]
    with pytest.raises(ValueError):
        calibration.line_reliability(bin_width=7)


def test_a_page_waiting_by_its_doubtful_line_is_waiting_for_a_reviewer_on_the_dashboard_api_and_metrics(
        form_ocr, reviewer, client):
    document = processed()
    now = {"waiting_for_worker": 0, "waiting_for_reviewer": 1, "lines_for_reviewer": 1}
    assert metrics.queue_now() == now  # it used to count whole-page reviews only: 0
    win = metrics.window("1h")
    assert metrics.queue_depth(win)["now"] == now
    assert metrics.queue_depth(win)["waiting_for_reviewer"][-1] == 1  # the series ends where "now" is
    assert client.get("/api/idp/metrics/?window=1h").json()["queue_depth"] == now
    assert 'idp_queue_depth{queue="reviewer_lines"} 1.0' in client.get("/metrics").content.decode()
    assert "pages for a reviewer (1 doubtful line)" in client.get("/demo/dashboard/?window=1h").content.decode()
    lines.correct_line(line=lines.claim_line(line=doubtful_line(document), reviewer=reviewer), reviewer=reviewer,
                       text="Total 10")
    assert metrics.queue_now() == {"waiting_for_worker": 0, "waiting_for_reviewer": 0, "lines_for_reviewer": 0}
    # Every line is decided or waiting, never both: the count of waiting ones names its statuses.
    assert set(Line.WAITING) | set(Line.DECIDED) == set(Line.Status) and not set(Line.WAITING) & set(Line.DECIDED)
