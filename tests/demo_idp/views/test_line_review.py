"""The reviewers' line pages: the queue of doubtful lines, one line beside its image crop, and the crop."""

import io
from datetime import timedelta

import pytest
from PIL import Image

from accounts.roles import REVIEWER, grant_role
from demo_idp.intake import storage
from demo_idp.models import Line, Page
from tests.demo_idp.helpers import logged_in, page_in_review, png_bytes

pytestmark = pytest.mark.django_db


def _lines(texts=("Invoce 42", "Total 10"), *, name="scan.png") -> list[Line]:
    """A page in review with its image stored and one doubtful line per text, 40 px apart."""
    page = page_in_review(name=name, text="\n".join(texts))
    image = Image.new("L", (300, 40 * len(texts) + 40), 255)
    for number in range(len(texts)):
        image.paste(number * 60, (30, 30 + 40 * number, 130, 50 + 40 * number))  # a grey bar per line
    page.image_key = storage.page_image_key(page.document_id, 1)
    storage.put(page.image_key, png_bytes(image))
    page.width, page.height = image.size
    page.save()
    return [Line.objects.create(page=page, number=n, text=text, confidence=50.0, min_confidence=20.0, word_count=2,
                                box=[30, 30 + 40 * (n - 1), 100, 20], route="review", reason="mean confidence 50",
                                status="open") for n, text in enumerate(texts, 1)]


def _url(line, suffix=""):
    return f"/demo/review/lines/{line.pk}/{suffix}"


def test_the_line_pages_are_for_reviewers_only(client, alice):
    line = _lines()[0]
    for url in ("/demo/review/lines/", _url(line), _url(line, "image.png")):
        assert client.get(url).status_code == 302, url  # to the login page
        assert logged_in(alice).get(url).status_code == 403, url
    assert logged_in(alice).post(_url(line), {"action": "claim"}).status_code == 403
    assert Line.objects.get(pk=line.pk).status == "open"


def test_the_crop_is_the_lines_box_with_a_margin_of_the_page(reviewer):
    first, second = _lines()
    browser = logged_in(reviewer)
    for line, shade in ((first, 0), (second, 60)):
        response = browser.get(_url(line, "image.png"))
        assert response["Content-Type"] == "image/png" and "private" in response["Cache-Control"]
        crop = Image.open(io.BytesIO(response.content))
        assert crop.size == (100 + 2 * 12, 20 + 2 * 12)
        assert crop.getpixel((12 + 50, 12 + 10)) == shade and crop.getpixel((2, 2)) == 255


def test_no_crop_for_a_line_without_a_box_an_accepted_line_or_no_line(reviewer):
    line = _lines()[0]
    browser = logged_in(reviewer)
    Line.objects.filter(pk=line.pk).update(box=[])
    assert browser.get(_url(line, "image.png")).status_code == 404
    Line.objects.filter(pk=line.pk).update(box=[5000, 5000, 10, 10])  # outside the page
    assert browser.get(_url(line, "image.png")).status_code == 404
    Line.objects.filter(pk=line.pk).update(box=[30, 30, 100, 20], status="accepted")
    assert browser.get(_url(line, "image.png")).status_code == 404
    assert browser.get("/demo/review/lines/999999/image.png").status_code == 404


def test_start_claims_the_first_line_and_save_opens_the_next(reviewer):
    first, second = _lines()
    browser = logged_in(reviewer)
    queue = browser.get("/demo/review/lines/").content.decode()
    assert "1 to 2 of 2 lines" in queue and "Invoce 42" in queue
    started = browser.post("/demo/review/lines/")
    assert started["Location"] == _url(first)
    html = browser.get(_url(first)).content.decode()
    assert f'src="/demo/review/lines/{first.pk}/image.png"' in html and 'value="Invoce 42"' in html
    assert "idp_line_review.js" in html and "The page around it" in html
    saved = browser.post(_url(first), {"action": "accept", "text": "Invoice  42 "})
    assert saved["Location"] == _url(second)
    first.refresh_from_db()
    assert (first.status, first.final_text) == ("corrected", "Invoice 42")
    confirmed = browser.post(_url(second), {"action": "accept", "text": "Total 10"}, follow=True)
    assert "No line waits for a person" in confirmed.content.decode()
    second.refresh_from_db()
    page = Page.objects.get()
    assert (second.status, page.status, page.final_text, page.document.status) == (
        "confirmed", "reviewed", "Invoice 42\nTotal 10", "done")
    assert "Final text" in browser.get(_url(second)).content.decode()


def test_unreadable_and_release(reviewer):
    first, second = _lines()
    browser = logged_in(reviewer)
    browser.post(_url(first), {"action": "claim"})
    assert browser.post(_url(first), {"action": "unreadable"}).status_code == 302
    assert Line.objects.get(pk=first.pk).status == "unreadable"
    browser.post(_url(second), {"action": "claim"})
    released = browser.post(_url(second), {"action": "release"})
    assert released["Location"] == "/demo/review/lines/"
    assert (Line.objects.get(pk=second.pk).status, Line.objects.get(pk=second.pk).reviewer) == ("open", None)


def test_bad_input_and_refused_actions_say_why_keep_the_typed_text_and_change_nothing(reviewer, curator):
    grant_role(curator, REVIEWER)
    line = _lines()[0]
    browser, other = logged_in(reviewer), logged_in(curator)
    unclaimed = browser.post(_url(line), {"action": "accept", "text": "Invoice 42"})
    assert unclaimed.status_code == 409 and "claim the line before reviewing it" in unclaimed.content.decode()
    browser.post(_url(line), {"action": "claim"})
    cases = [
        (browser, {"action": "accept", "text": "   "}, 400, "the corrected text is empty"),
        (browser, {"action": "accept", "text": "x" * 2001}, 400, "The text is longer than 2000 characters."),
        (browser, {"action": "jump"}, 400, "Unknown action."),
        (other, {"action": "claim"}, 409, "another reviewer is working on this line"),
        (other, {"action": "release"}, 409, "another reviewer is working on this line"),
        (other, {"action": "accept", "text": "Mine 42"}, 409, "another reviewer is working on this line"),
    ]
    for who, data, status, reason in cases:
        response = who.post(_url(line), data)
        assert (response.status_code, reason in response.content.decode()) == (status, True), data
    typed = browser.post(_url(line), {"action": "accept", "text": "   "}).content.decode()
    assert 'value="   "' in typed  # the text as typed is in the box again
    line.refresh_from_db()
    assert (line.status, line.reviewer, line.final_text) == ("claimed", reviewer, "")
    assert browser.post("/demo/review/lines/999999/", {"action": "claim"}).status_code == 404


def test_a_decided_line_cannot_be_decided_again(reviewer):
    line = _lines(("Total 10",))[0]
    browser = logged_in(reviewer)
    browser.post(_url(line), {"action": "claim"})
    browser.post(_url(line), {"action": "accept", "text": "Total 10"})
    again = browser.post(_url(line), {"action": "accept", "text": "Total 11"})
    assert again.status_code == 409 and "already been reviewed" in again.content.decode()
    assert Line.objects.get().final_text == "Total 10"


def test_moving_on_without_deciding_opens_the_next_line_and_leaves_this_one_to_anyone(reviewer):
    first, second = _lines()
    browser = logged_in(reviewer)
    browser.post(_url(first), {"action": "claim"})
    moved = browser.post(_url(first), {"action": "next"})
    assert moved["Location"] == _url(second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.reviewer, second.status, second.reviewer) == ("open", None, "claimed", reviewer)
    # From the last line, the next is the one left undecided before.
    assert browser.post(_url(second), {"action": "next"})["Location"] == _url(first)
    refused = browser.post(_url(second), {"action": "next"})  # no longer theirs
    assert refused.status_code == 409 and "this line is not claimed" in refused.content.decode()


def test_moving_on_from_the_only_line_goes_back_to_the_queue(reviewer):
    line = _lines(("Total 10",))[0]
    browser = logged_in(reviewer)
    browser.post(_url(line), {"action": "claim"})
    assert browser.post(_url(line), {"action": "next"})["Location"] == "/demo/review/lines/"
    assert Line.objects.get().status == "open"


def test_the_line_queue_filters_by_type_and_deadline_and_starts_with_the_first_it_shows(reviewer):
    from demo_idp.models import Document

    late = _lines(("Late 1",), name="late.png")[0]
    Document.objects.filter(pk=late.page.document_id).update(sla_deadline=late.page.document.sla_deadline
                                                                - timedelta(days=3))
    pdf = _lines(("Pdf 2",), name="b.pdf")[0]
    Document.objects.filter(pk=pdf.page.document_id).update(content_type="pdf")
    browser = logged_in(reviewer)
    every = browser.get("/demo/review/lines/").content.decode()
    assert "Late 1" in every and "Pdf 2" in every
    assert "1 to 2 of 2 lines; <strong>1 overdue</strong>" in every
    pdfs = browser.get("/demo/review/lines/?type=pdf").content.decode()
    assert "Pdf 2" in pdfs and "Late 1" not in pdfs and 'action="?type=pdf"' in pdfs
    assert browser.post("/demo/review/lines/?type=pdf")["Location"] == _url(pdf)  # not the earlier deadline
    overdue = browser.get("/demo/review/lines/?overdue=on").content.decode()
    assert "Late 1" in overdue and "Pdf 2" not in overdue
    assert "overdue</strong>" not in pdfs  # none of the PDFs' lines is late
    none = browser.get("/demo/review/lines/?type=tiff").content.decode()
    assert "No line in the queue matches these filters." in none
    bad = browser.get("/demo/review/lines/?type=exe")
    assert bad.status_code == 400 and "exe is not one of the available choices" in bad.content.decode()
