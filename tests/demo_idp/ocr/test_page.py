"""Each preprocessing step, and the whole page pipeline, on small generated pages."""

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont, ImageOps

from demo_idp.ocr import orientation, preprocess
from demo_idp.ocr.evaluation import cer
from demo_idp.ocr.page import OcrConfig, Word, as_bmp, confidence_stats, ocr_words, process_page
from demo_idp.intake.samples import font_path, form_page, variant


@pytest.fixture(scope="module")
def page():
    return form_page(seed=3, lines=6, width=1000, font_size=26)


class RecordingReader:
    """The pipeline's own OCR of a page turned by each rotation asked for, noting the rotations."""

    def __init__(self, image):
        self.image, self.rotations = image, []

    def __call__(self, rotation):
        self.rotations.append(rotation)
        return ocr_words(preprocess.rotate(self.image, -rotation))


@pytest.mark.parametrize("turned", [90, 180, 270])
def test_a_turned_generated_page_is_turned_upright_and_read(page, turned):
    result = process_page(preprocess.rotate(page.image, turned))
    assert result.rotation == turned
    assert cer(result.text, page.text) < 0.03
    # Words keep their meaning on a turned page: lines numbered in reading order, boxes in the
    # upright page's pixels.
    assert [w.line for w in result.words] == sorted(w.line for w in result.words)
    assert max(w.line for w in result.words) == len(page.text.splitlines()) - 1
    width, height = result.image.size
    assert all(w.box[0] + w.box[2] <= width and w.box[1] + w.box[3] <= height for w in result.words)


def test_a_confident_first_reading_is_trusted_and_the_page_read_once(page):
    reader = RecordingReader(page.image)
    found, words = orientation.read_upright(page.image, reader, trust_score=60, retry_below=45)
    assert reader.rotations == [0]
    assert (found.rotation, found.method) == (0, orientation.READ)
    assert found.confidence == round(orientation.reading_score(words), 2) >= 60


def test_a_doubtful_first_reading_is_followed_by_one_turned_half_way_and_the_better_kept(page):
    reader = RecordingReader(preprocess.rotate(page.image, 180))
    found, words = orientation.read_upright(reader.image, reader, trust_score=60, retry_below=45)
    assert reader.rotations == [0, 180]
    assert (found.rotation, found.method) == (180, orientation.COMPARED)
    assert found.confidence > 30  # margin between the two readings' scores
    assert cer(" ".join(w.text for w in words), page.text) < 0.03


def test_an_upright_page_read_both_ways_keeps_the_upright_reading(page):
    reader = RecordingReader(page.image)
    found, _words = orientation.read_upright(page.image, reader, trust_score=101, retry_below=45)  # never trusted at once
    assert reader.rotations == [0, 180]
    assert (found.rotation, found.method) == (0, orientation.COMPARED)


def test_a_page_turned_a_quarter_is_first_read_along_its_text_lines(page):
    reader = RecordingReader(preprocess.rotate(page.image, 270))
    found, _words = orientation.read_upright(reader.image, reader, trust_score=60, retry_below=45)
    assert reader.rotations == [90, 270] and found.rotation == 270


def test_a_page_where_nothing_reads_like_text_is_read_all_four_ways():
    blank = Image.new("L", (800, 600), 255)
    reader = RecordingReader(blank)
    found, words = orientation.read_upright(blank, reader, trust_score=60, retry_below=45)
    assert sorted(reader.rotations) == [0, 90, 180, 270]
    assert words == [] and (found.rotation, found.method, found.confidence) == (0, orientation.COMPARED, 0.0)


def test_the_reading_score_weights_words_by_length():
    words = [Word("a", 10, (0, 0, 1, 1), 0), Word("words", 90, (0, 0, 1, 1), 0)]
    assert orientation.reading_score(words) == pytest.approx((10 + 90 * 5) / 6)


def test_the_text_line_axis_is_found_from_projection_profiles(page):
    assert orientation.lines_are_horizontal(page.image)
    assert not orientation.lines_are_horizontal(preprocess.rotate(page.image, 90))


@pytest.mark.parametrize("angle", [5.0, -3.0, 1.5])
def test_a_skewed_page_has_its_skew_angle_found_within_one_degree(page, angle):
    assert abs(preprocess.find_skew(preprocess.rotate(page.image, angle)) - angle) <= 1.0


def test_deskewing_leaves_a_straight_page_alone(page):
    straightened, angle = preprocess.deskew(page.image)
    assert straightened is page.image and abs(angle) < 0.2


def test_an_inverted_page_is_inverted_back(page):
    restored, was_inverted = preprocess.uninvert(ImageOps.invert(page.image))
    assert was_inverted
    assert np.array_equal(np.asarray(restored), np.asarray(page.image))


def test_a_normal_page_is_not_inverted(page):
    assert preprocess.uninvert(page.image) == (page.image, False)


def test_long_rules_are_removed_and_letters_kept():
    image = Image.new("L", (600, 600), 255)
    draw = ImageDraw.Draw(image)
    draw.line((20, 150, 580, 150), fill=0, width=3)
    draw.rectangle((100, 60, 110, 85), fill=0)  # a letter-sized blob
    cleaned = np.asarray(preprocess.remove_lines(image))
    assert cleaned[150, 300] == 255
    assert cleaned[75, 105] == 0


def test_low_resolution_pages_are_upscaled_and_300_dpi_pages_are_not():
    assert preprocess.upscale_factor((754, 1000), target_long_side=2000, max_factor=3) == 2.0
    assert preprocess.upscale_factor((2480, 3508), target_long_side=2000, max_factor=3) == 1.0
    assert preprocess.upscale_factor((300, 400), target_long_side=2000, max_factor=3) == 3.0


def test_ocr_of_a_generated_page_is_nearly_exact_with_boxes_inside_the_page(page):
    result = process_page(page.image, config=OcrConfig())
    assert cer(result.text, page.text) < 0.03
    assert result.mean_confidence > 85
    width, height = result.image.size
    assert all(0 <= w.box[0] and w.box[0] + w.box[2] <= width and w.box[1] + w.box[3] <= height for w in result.words)
    assert set(result.timings) == {"clean", "orientation", "deskew", "ocr"}
    assert result.orientation_method == orientation.READ  # read once, trusted: no second reading


def test_an_inverted_upside_down_page_comes_back_upright_and_readable(page):
    result = process_page(variant(variant(page, "rot180"), "inverted").image)
    assert (result.rotation, result.inverted) == (180, True)
    assert cer(result.text, page.text) < 0.03


def test_a_page_without_words_counts_as_all_low_confidence():
    assert confidence_stats([], low_word_confidence=60) == (0.0, 1.0)
    words = [Word("a", 90, (0, 0, 1, 1), 0), Word("b", 30, (0, 0, 1, 1), 0)]
    assert confidence_stats(words, low_word_confidence=60) == (60.0, 0.5)


def test_a_page_turned_a_quarter_and_skewed_is_straightened_then_turned_upright(page):
    result = process_page(preprocess.rotate(preprocess.rotate(page.image, 90), 4))
    assert result.rotation == 90 and abs(result.skew_angle - 4) <= 1
    assert cer(result.text, page.text) < 0.05


def test_tesseract_gets_the_pageas_bmp_and_the_callers_image_is_left_as_it_was(page):
    marked = as_bmp(page.image)
    assert marked.format == "BMP" and page.image.format != "BMP"
    assert np.array_equal(np.asarray(marked), np.asarray(page.image))


def test_white_on_black_words_inside_a_normal_page_are_read(page):
    framed = Image.new("L", (page.image.width, page.image.height + 80), 255)
    framed.paste(page.image, (0, 80))
    draw = ImageDraw.Draw(framed)
    draw.rectangle((20, 10, 980, 60), fill=0)
    draw.text((40, 18), "SECTION A APPLICANT DETAILS", fill=255, font=ImageFont.truetype(font_path(), 26))
    result = process_page(framed)
    assert not result.inverted
    assert result.text.splitlines()[0] == "SECTION A APPLICANT DETAILS"
