"""Time of day, time zones and the next delivery instant: plain functions, no Telegram, no database."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?\s*$", re.IGNORECASE)
_OFFSET = re.compile(r"^(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$")
_DURATION = re.compile(r"^(\d{1,3})\s*(d|day|days|w|wk|week|weeks|h|hr|hour|hours)$")
MAX_PAUSE = timedelta(days=365)


class InputError(ValueError):
    """User input that cannot be understood; the message is safe to show to the user."""


def parse_time(text: str) -> time:
    """Parse a time of day such as ``08:30``, ``8.30``, ``21h00``, ``7`` or ``9:15 pm``."""
    match = _TIME.match(text)
    if not match:
        raise InputError(f"“{text.strip()[:20]}” is not a time of day. Please use HH:MM, for example 08:30.")
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), (match.group(3) or "").lower()
    if half and not 1 <= hour <= 12:
        raise InputError(f"“{text.strip()[:20]}” is not a valid time: with am/pm, hours go 1–12.")
    if half:
        hour = hour % 12 + (12 if half.startswith("p") else 0)
    if hour > 23 or minute > 59:
        raise InputError(f"“{text.strip()[:20]}” is not a valid time: hours go 00–23, minutes 00–59.")
    return time(hour, minute)


@lru_cache(maxsize=1)
def _zone_names() -> dict[str, str]:
    names = {name.lower(): name for name in available_timezones()}
    names.pop("localtime", None)
    return names


def parse_timezone(text: str) -> str:
    """Return the canonical form of an IANA zone name or a UTC offset (``UTC+05:30``)."""
    raw = text.strip()
    lowered = raw.lower().replace(" ", "_")
    if lowered in {"utc", "gmt", "z", "etc/utc", "universal", "zulu"}:
        return "UTC"
    match = _OFFSET.match(raw.lower().replace(" ", ""))
    if match:
        sign, hours, minutes = match.group(1), int(match.group(2)), int(match.group(3) or 0)
        total = hours * 60 + minutes
        if minutes > 59 or (sign == "+" and total > 14 * 60) or (sign == "-" and total > 12 * 60):
            raise InputError(f"“{raw[:20]}” is outside the real range of UTC offsets (−12:00 to +14:00).")
        if total == 0:
            return "UTC"
        return f"UTC{sign}{hours:02d}:{minutes:02d}"
    name = _zone_names().get(lowered)
    if name is None:
        raise InputError(
            f"I don't know the time zone “{raw[:40]}”. Try a name like Europe/Berlin or "
            "America/New_York, or an offset like UTC+2."
        )
    return name


def zone(name: str) -> tzinfo:
    """Turn a canonical zone name from :func:`parse_timezone` into a tzinfo."""
    if name.startswith(("UTC+", "UTC-")):
        sign = 1 if name[3] == "+" else -1
        hours, minutes = int(name[4:6]), int(name[7:9])
        return timezone(sign * timedelta(hours=hours, minutes=minutes))
    return ZoneInfo(name)


def parse_duration(text: str) -> timedelta:
    """Parse a pause length such as ``3d``, ``2w`` or ``12h``."""
    match = _DURATION.match(text.strip().lower())
    if not match:
        raise InputError(
            f"“{text.strip()[:20]}” is not a duration. Try 3d for three days or 2w for two weeks."
        )
    amount, unit = int(match.group(1)), match.group(2)[0]
    span = {"d": timedelta(days=amount), "w": timedelta(weeks=amount), "h": timedelta(hours=amount)}[unit]
    if span <= timedelta(0):
        raise InputError("A pause needs to last at least an hour.")
    if span > MAX_PAUSE:
        raise InputError("The longest pause is a year. Use /stop if you'd rather unsubscribe.")
    return span


def local_date(instant: datetime, zone_name: str) -> date:
    """Return the calendar date of a UTC instant in the given zone."""
    return instant.astimezone(zone(zone_name)).date()


def next_delivery(
    *,
    now: datetime,
    at: time,
    zone_name: str,
    not_before: datetime | None = None,
    last_lesson_date: date | None = None,
) -> datetime:
    """Return the next UTC instant at local time ``at`` after ``now`` (and ``not_before``).

    A local day that already had its scheduled lesson is skipped, so a late catch-up lesson
    counts as that day's lesson rather than being followed by a second one at the usual time.
    """
    tz = zone(zone_name)
    start = max(now, not_before) if not_before is not None else now
    day = start.astimezone(tz).date()
    if last_lesson_date is not None and day <= last_lesson_date:
        day = last_lesson_date + timedelta(days=1)
    while True:
        # A wall time inside a DST gap resolves to the instant just after the gap (zoneinfo, fold=0).
        candidate = datetime.combine(day, at, tzinfo=tz).astimezone(UTC)
        if candidate > start:
            return candidate
        day += timedelta(days=1)


def describe_local(instant: datetime, zone_name: str, *, now: datetime) -> str:
    """Render an instant for the user: ``today at 09:00``, ``tomorrow at 09:00`` or ``Mon 3 Mar at 09:00``."""
    tz = zone(zone_name)
    local = instant.astimezone(tz)
    today = now.astimezone(tz).date()
    clock = local.strftime("%H:%M")
    if local.date() == today:
        return f"today at {clock}"
    if local.date() == today + timedelta(days=1):
        return f"tomorrow at {clock}"
    return f"{local.strftime('%a')} {local.day} {local.strftime('%b')} at {clock}"
