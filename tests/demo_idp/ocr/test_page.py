"""Each preprocessing step, and the whole page pipeline, on small generated pages."""

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageOps

from demo_idp.ocr import orientation, preprocess
from demo_idp.ocr.evaluation import cer
from demo_idp.ocr.page import OcrConfig, confidence_stats, process_page, Word
from demo_idp.intake.samples import form_page, variant


@pytest.fixture(scope="module")
def page():
    return form_page(seed=3, lines=6, width=1000, font_size=26)


@pytest.mark.parametrize("turned", [90, 180, 270])
def test_a_turned_generated_page_is_detected_by_how_far_it_was_turned(page, turned):
    assert orientation.detect_orientation(preprocess.rotate(page.image, turned)).rotation == turned


def test_an_upside_down_page_is_read_both_ways_when_osd_is_not_trusted(page):
    found = orientation.detect_orientation(preprocess.rotate(page.image, 180), min_osd_confidence=1000)
    assert (found.rotation, found.method) == (180, "confidence")


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


def test_a_poorly_read_page_gets_a_second_opinion_when_osd_was_confidently_wrong(page, monkeypatch):
    monkeypatch.setattr(orientation, "osd", lambda image: (0, 99.0))  # OSD insists it is upright
    result = process_page(preprocess.rotate(page.image, 180))
    assert (result.rotation, result.orientation_method) == (180, "recheck")
    assert cer(result.text, page.text) < 0.03
