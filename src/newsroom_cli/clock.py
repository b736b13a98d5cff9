"""The one clock: what time it is for publishing, scheduling and embargoes.

Everything that asks "has this time come?" asks here, in Python and in SQL
(the store registers ``newsroom_now()`` on every connection), so a test can
move time by replacing ``now`` instead of sleeping.
"""

from __future__ import annotations

from datetime import datetime, timezone


def now() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(timezone.utc)


def julian_now() -> float:
    """``now`` as SQLite's julian day number, for ``newsroom_now()`` in queries."""
    return now().timestamp() / 86400.0 + 2440587.5
