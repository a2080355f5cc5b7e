"""Publication dates as feeds and page metadata write them."""
from __future__ import annotations

from datetime import date, datetime, timezone


def parse_datetime(value: object) -> datetime | None:
    """An ISO 8601 date or date-time as the table stores it (naive, whole seconds, UTC
    when a zone was given), or None when ``value`` is not one.

    "2026-03-10" -> 2026-03-10 00:00; "2026-03-10T09:15:00+05:00" -> 2026-03-10 04:15;
    "2026-03-10 09:15" and a trailing "Z" are read too.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        try:
            parsed = datetime.combine(date.fromisoformat(text[:10]), datetime.min.time())
        except ValueError:
            return None
        if text[10:].strip():  # a date followed by something else: not ISO
            return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(timezone.utc).replace(tzinfo=None)
    return parsed.replace(microsecond=0)


def midnight(day: date | None) -> datetime | None:
    return None if day is None else datetime(day.year, day.month, day.day)
