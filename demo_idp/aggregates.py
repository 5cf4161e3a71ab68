"""An exact percentile aggregate for the metrics, the same on PostgreSQL and on SQLite.

PostgreSQL has the SQL-standard `percentile_cont(f) WITHIN GROUP (ORDER BY x)`; SQLite has no
percentile unless it was compiled with its percentile extension, so every SQLite connection gets an
aggregate of the same name and arithmetic (register_sqlite_functions, connected in apps.py). Both
interpolate linearly between the two nearest values and answer NULL for an empty group.
"""

from __future__ import annotations

import math

from django.db.models import Aggregate, FloatField


class Percentile(Aggregate):
    """`Percentile("duration", 0.95)`: the 95th percentile of a column, in .aggregate() or .annotate()."""

    function = "percentile_cont"
    name = "Percentile"
    output_field = FloatField()
    arity = 1

    def __init__(self, expression, fraction: float, **extra):
        fraction = float(fraction)
        if not 0 <= fraction <= 1:
            raise ValueError(f"a percentile's fraction is between 0 and 1, not {fraction}")
        # Written into the SQL rather than bound: PostgreSQL cannot tell which percentile_cont
        # (one fraction or an array of them) an untyped parameter means. A float is safe inline.
        self.fraction = fraction
        super().__init__(expression, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        template = f"%(function)s({self.fraction!r}) WITHIN GROUP (ORDER BY %(expressions)s)%(filter)s"
        return super().as_sql(compiler, connection, template=template, **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        template = f"%(function)s(%(expressions)s, {self.fraction!r})%(filter)s"
        return super().as_sql(compiler, connection, template=template, **extra_context)


def interpolated(ordered: list[float], fraction: float) -> float | None:
    """PostgreSQL's percentile_cont over values already sorted: None for none."""
    if not ordered:
        return None
    position = fraction * (len(ordered) - 1)
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


class _SqlitePercentile:
    """The SQLite side of Percentile: step() per row, finalize() once per group."""

    def __init__(self):
        self.values: list[float] = []
        self.fraction = 0.5

    def step(self, value, fraction):
        self.fraction = fraction
        if value is not None:
            self.values.append(value)

    def finalize(self):
        return interpolated(sorted(self.values), self.fraction)


def register_sqlite_percentile(dbapi_connection) -> None:
    """Add percentile_cont(value, fraction) to a sqlite3 connection."""
    dbapi_connection.create_aggregate("percentile_cont", 2, _SqlitePercentile)


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """connection_created receiver: every new SQLite connection learns percentile_cont."""
    if connection.vendor == "sqlite":
        register_sqlite_percentile(connection.connection)
