"""Fixtures of the demo data's tests: the demo seeded (without the OCR of the sample scans) on a fixed day."""

from datetime import date

import pytest

from demo_data.seed import seed_demo

# A Tuesday; the tests that move the day use others.
TODAY = date(2026, 3, 17)
PASSWORD = "demo-pass-123"


@pytest.fixture
def seeded(content):
    """The demo's people and their history as of TODAY; the report seed_demo returned."""
    return seed_demo(password=PASSWORD, today=TODAY, with_scans=False)
