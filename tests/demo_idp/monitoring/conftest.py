"""Fixtures of the monitoring tests (metrics, calibration, capacity, Prometheus); the events they
are built from are in tests/demo_idp/event_scenes.py."""

import pytest

from demo_idp.monitoring import metrics


@pytest.fixture
def win():
    """The last hour: 60 buckets of a minute."""
    return metrics.window("1h")
