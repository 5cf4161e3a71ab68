"""The one small helper every app builds its Plotly charts from.

A chart is a plain dict that the page hands to ``Plotly.newPlot`` (templates/partials/charts.html),
with a sentence saying what it shows, for screen readers and for anyone who would rather read
than look. Each app keeps its own figures in one ``charts.py`` built on these pieces, so the
site's charts share one look.
"""

from __future__ import annotations

from dataclasses import dataclass

LAYOUT = {
    "margin": {"l": 48, "r": 16, "t": 32, "b": 40},
    "height": 300,
    "paper_bgcolor": "rgba(0,0,0,0)",
    "plot_bgcolor": "rgba(0,0,0,0)",
    "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
    "font": {"family": "system-ui, sans-serif", "size": 12},
}
COLOURS = {"done": "#1a7f5a", "in_progress": "#c77700", "todo": "#8a94a6", "planned": "#3557c4", "target": "#b3261e"}


@dataclass
class Chart:
    id: str
    title: str
    summary: str
    figure: dict


def layout(**extra) -> dict:
    """The site's layout, with ``extra`` keys replacing the defaults."""
    return LAYOUT | extra
