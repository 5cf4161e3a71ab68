"""Database functions for the metrics that work the same on PostgreSQL and on SQLite.

Percentile: PostgreSQL has the SQL-standard `percentile_cont(f) WITHIN GROUP (ORDER BY x)`; SQLite
has no percentile unless it was compiled with its percentile extension, so every SQLite connection
gets an aggregate of the same name and arithmetic. Both interpolate linearly between the two
nearest values and answer NULL for an empty group.

TimeBucket: the start of the fixed-width time bucket an instant falls in (any width, aligned to
the Unix epoch, so UTC), for grouping events by minute, quarter-hour or hour. PostgreSQL's
date_bin is plain arithmetic and much faster per row than date_trunc with a time zone; SQLite gets
a function with the same result (its own date functions round to milliseconds, which would move
an event at 10:14:59.9999 into the next bucket).

The SQLite stand-ins are registered on every new connection by register_sqlite_functions,
connected to connection_created in apps.py.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from django.db.models import Aggregate, DateTimeField, FloatField, Func

_EPOCH = datetime(1970, 1, 1)  # naive: SQLite holds datetimes as UTC text without an offset


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


class TimeBucket(Func):
    """`TimeBucket("finished", seconds=900)`: the start of the quarter-hour `finished` falls in."""

    output_field = DateTimeField()
    arity = 1

    def __init__(self, expression, *, seconds: int):
        if int(seconds) != seconds or seconds < 1:
            raise ValueError(f"a time bucket is a whole number of seconds, not {seconds}")
        self.seconds = int(seconds)  # an int: safe to write into the SQL
        super().__init__(expression)

    def as_sql(self, compiler, connection, **extra_context):
        template = f"date_bin('{self.seconds} seconds', %(expressions)s, TIMESTAMPTZ '1970-01-01 00:00:00+00')"
        return super().as_sql(compiler, connection, template=template, **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        template = f"metrics_time_bucket(%(expressions)s, {self.seconds})"
        return super().as_sql(compiler, connection, template=template, **extra_context)


def _sqlite_time_bucket(value: str | None, seconds: int) -> str | None:
    if value is None:
        return None
    width = timedelta(seconds=seconds)
    moment = datetime.fromisoformat(value)
    return (_EPOCH + (moment - _EPOCH) // width * width).isoformat(" ")


def add_sqlite_functions(dbapi_connection) -> None:
    """Add percentile_cont(value, fraction) and metrics_time_bucket(value, seconds) to a sqlite3 connection."""
    dbapi_connection.create_aggregate("percentile_cont", 2, _SqlitePercentile)
    dbapi_connection.create_function("metrics_time_bucket", 2, _sqlite_time_bucket, deterministic=True)


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """connection_created receiver: every new SQLite connection learns the functions above."""
    if connection.vendor == "sqlite":
        add_sqlite_functions(connection.connection)
