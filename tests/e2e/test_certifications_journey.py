"""The certification tracker in a real browser: add one through the form, read it back on a phone."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_learner_tracks_a_certification_from_the_catalog_and_sees_it_on_a_phone(page, alice, content, log_in):
    log_in(page, "alice")
    page.goto("/roadmap/certifications/")
    expect(page.get_by_role("heading", name="No certifications yet")).to_be_visible()
    page.get_by_role("link", name="Browse the catalog").first.click()
    expect(page.get_by_text(re.compile("was retired on 31 Mar 2026; take AWS Certified Machine"))).to_be_visible()
    page.get_by_role("link", name="Track it AWS Certified Cloud Practitioner").click()

    expect(page.get_by_label("Certification:")).to_have_value("aws-cloud-practitioner")
    page.get_by_label("Status").select_option("passed")
    page.get_by_label("Exam date").fill("2026-05-02")
    page.get_by_label("Pass date").fill("2026-05-01")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The pass date cannot be before the exam date.")).to_be_visible()
    expect(page.get_by_label("Pass date")).to_have_attribute("aria-invalid", "true")

    page.get_by_label("Pass date").fill("2026-05-02")
    page.get_by_label("Credential ID").fill("AWS-123")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("added to your certifications")
    card = page.get_by_role("article", name="AWS Certified Cloud Practitioner")
    expect(card).to_contain_text("2 May 2029")
    expect(card).to_contain_text("passed")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
