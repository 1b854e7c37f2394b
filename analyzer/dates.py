"""Dates as mail archives write them: RFC 2822, asctime, dotted times, zone names, broken offsets.

A parsed date keeps both the UTC instant and the writer's offset from UTC, so that a researcher
can ask at what local hour people wrote as well as in which order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from email.utils import parsedate_tz

MONTH_NUMBERS: dict[str, int] = {
    name: number
    for number, name in enumerate(
        (
            "january", "february", "march", "april", "may", "june",
            "july", "august", "september", "october", "november", "december",
        ),
        start=1,
    )
}  # fmt: skip
"""Month names in lower case and their numbers (Pipermail's ``2016-April``, a file's ``2019-july``)."""
_MONTHS = {name[:3]: number for name, number in MONTH_NUMBERS.items()}

# Zone abbreviations seen in mail and on Pipermail pages, in minutes east of UTC. Ambiguous ones
# (IST, for instance) are left out on purpose: an unknown zone is recorded as a defect.
ZONE_OFFSETS: dict[str, int] = {
    "UT": 0,
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "WET": 0,
    "EST": -300,
    "EDT": -240,
    "CST": -360,
    "CDT": -300,
    "MST": -420,
    "MDT": -360,
    "PST": -480,
    "PDT": -420,
    "AKST": -540,
    "AKDT": -480,
    "HST": -600,
    "NST": -210,
    "NDT": -150,
    "AST": -240,
    "ADT": -180,
    "BRT": -180,
    "BRST": -120,
    "ART": -180,
    "BST": 60,
    "CET": 60,
    "MET": 60,
    "WEST": 60,
    "CEST": 120,
    "MEST": 120,
    "MESZ": 120,
    "MEZ": 60,
    "EET": 120,
    "EEST": 180,
    "MSK": 180,
    "MSD": 240,
    "SAST": 120,
    "CAT": 120,
    "EAT": 180,
    "IRST": 210,
    "PKT": 300,
    "ICT": 420,
    "WIB": 420,
    "HKT": 480,
    "SGT": 480,
    "AWST": 480,
    "PHT": 480,
    "JST": 540,
    "KST": 540,
    "ACST": 570,
    "AEST": 600,
    "AEDT": 660,
    "NZST": 720,
    "NZDT": 780,
}

_RFC2822 = re.compile(
    r"^\s*(?:[A-Za-z]{3,9},?\s+)?(?P<day>\d{1,2})[\s-]+(?P<month>[A-Za-z]{3})[a-z]*[\s-]+"
    r"(?P<year>\d{2,4})\s+(?P<hour>\d{1,2})[:.](?P<minute>\d\d)(?:[:.](?P<second>\d\d))?"
    r"(?:\.\d+)?\s*(?P<zone>[+-]\d{3,}|[A-Za-z]{1,5})?"
)
_ASCTIME = re.compile(
    r"^\s*(?:[A-Za-z]{3},?\s+)?(?P<month>[A-Za-z]{3})[a-z]*\s+(?P<day>\d{1,2})\s+"
    r"(?P<hour>\d{1,2})[:.](?P<minute>\d\d)(?:[:.](?P<second>\d\d))?\s+"
    r"(?:(?P<zone>[+-]\d{4}|[A-Za-z]{1,5})\s+)?(?P<year>\d{4})"
)

EARLIEST_PLAUSIBLE_YEAR = 1971


@dataclass(frozen=True, slots=True)
class ParsedDate:
    utc: datetime
    offset_minutes: int
    defect: str | None = None
    """Set when the date was read but something in it was wrong (unknown zone, bad offset)."""
    reliable: bool = True
    """False when the instant itself is unknown (a broken offset): prefer another date if any."""
    zone_missing: bool = False
    """True when the text gave no zone at all: the time is some local time, read as UTC until a
    known zone (the list server's) says better."""


def _year(text: str) -> int:
    year = int(text)
    if len(text) <= 2:
        year += 2000 if year < 50 else 1900
    elif len(text) == 3:
        year += 1900
    return year


NO_ZONE_DEFECT = "date has no time zone; taken as UTC"


def _zone_minutes(zone: str | None) -> tuple[int, str | None]:
    if not zone:
        return 0, NO_ZONE_DEFECT
    if zone[0] in "+-":
        digits = zone[1:]
        if len(digits) != 4 or not digits.isdigit():
            return 0, f"date has a broken offset {zone!r}"
        minutes = int(digits[:2]) * 60 + int(digits[2:])
        if minutes > 14 * 60 or int(digits[2:]) >= 60:
            return 0, f"date has a broken offset {zone!r}"
        return (-minutes if zone[0] == "-" else minutes), None
    upper = zone.upper()
    if upper in ZONE_OFFSETS:
        return ZONE_OFFSETS[upper], None
    if len(upper) == 1:  # military zones are unreliable in practice (RFC 5322, 4.3)
        return 0, f"date has a military zone {zone!r}; taken as UTC"
    return 0, f"date has an unknown zone {zone!r}; taken as UTC"


def _build(match: re.Match[str]) -> ParsedDate | None:
    day, month_name, year_text, hour, minute, second, zone = match.group(
        "day", "month", "year", "hour", "minute", "second", "zone"
    )
    month = _MONTHS.get(month_name[:3].lower())
    if month is None:
        return None
    try:
        local = datetime(
            _year(year_text), month, int(day), int(hour), int(minute), int(second or 0), tzinfo=UTC
        )  # the local time, labelled UTC until the offset is taken off
    except ValueError:
        return None
    offset, defect = _zone_minutes(zone)
    reliable = defect is None or "broken offset" not in defect
    try:
        utc = local - timedelta(minutes=offset) if offset else local
    except OverflowError:  # year 1 east of UTC, year 9999 west of it
        return ParsedDate(
            local, 0, f"date with its offset {zone!r} falls outside years 1-9999", False
        )
    return ParsedDate(utc, offset, defect, reliable, zone_missing=not zone)


def parse_date(text: str | None) -> ParsedDate | None:
    """Parse a mail date; None when no date can be read from ``text`` at all."""
    if not text:
        return None
    for pattern in (_RFC2822, _ASCTIME):
        match = pattern.match(text)
        if match:
            parsed = _build(match)
            if parsed is not None:
                return parsed
            if len(match["year"]) == 4 and int(match["year"]) == 0:
                return None  # the fallback would read year 0000 as 2000
    fields = parsedate_tz(text)
    if fields is None:
        return None
    try:
        local = datetime(*fields[:6])
        offset = (fields[9] or 0) // 60
        if abs(offset) > 14 * 60:
            return ParsedDate(local.replace(tzinfo=UTC), 0, "date has a broken offset", False)
        return ParsedDate((local - timedelta(minutes=offset)).replace(tzinfo=UTC), offset)
    except (ValueError, OverflowError):
        return None


def in_zone(parsed: ParsedDate, zone: tzinfo) -> ParsedDate:
    """A zone-less date read in ``zone`` (the list server's), not as UTC.

    Pipermail and many list servers write local time without a zone; the configured zone is the
    best knowledge of which one. Dates that carry a zone, even an unknown one, are left alone:
    that zone is the writer's, not the server's.
    """
    if not parsed.zone_missing:
        return parsed
    local = parsed.utc.replace(tzinfo=None)
    try:
        aware = local.replace(tzinfo=zone)
        offset = aware.utcoffset()
        utc = aware.astimezone(UTC)
    except (ValueError, OverflowError):  # year 1 east of UTC, year 9999 west of it
        return parsed
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    return ParsedDate(
        utc, minutes, f"date has no time zone; read in the list's time zone {zone}", parsed.reliable
    )


def parse_local_date(text: str | None, zone: tzinfo | None) -> ParsedDate | None:
    """Parse a date written in server-local time without offset (a ``From_`` line)."""
    parsed = parse_date(text)
    if parsed is None or zone is None:
        return parsed
    return in_zone(parsed, zone)


_ID_TIME = re.compile(r"(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)?(?![\d])")


def message_id_time(message_id: str | None) -> ParsedDate | None:
    """The time at the start of a Message-ID such as ``200210211856.g9LIulJ67077@host`` or
    ``20040404063306.24283.…@host`` (sendmail and many other mailers write it, in UTC); None
    when the ID does not start so or the time is not plausible.

    A last resort for a message whose own dates are all wrong: the ID was made when it was sent.
    """
    match = _ID_TIME.match(message_id or "")
    if match is None:
        return None
    year, month, day, hour, minute = (int(match[i]) for i in range(1, 6))
    try:
        utc = datetime(year, month, day, hour, minute, int(match[6] or 0), tzinfo=UTC)
    except ValueError:
        return None
    if not is_plausible(utc):
        return None
    return ParsedDate(utc, 0, None, reliable=False)


MAILMAN_ID = re.compile(r"^mailman\.\d+\.(\d{9,10})\.\d+\.")
"""A Message-ID Mailman made up for a message that had none (``mailman.5.1342121646.5868.list@
host``): a counter, the time it archived the message (seconds since 1970), its process id."""


def mailman_archive_time(message_id: str | None) -> datetime | None:
    """The time (UTC) Mailman archived a message whose Message-ID it made up, else None."""
    match = MAILMAN_ID.match(message_id or "")
    if match is None:
        return None
    return datetime.fromtimestamp(int(match[1]), tz=UTC)


def is_plausible(utc: datetime, *, now: datetime | None = None) -> bool:
    latest = (now or datetime.now(UTC)) + timedelta(days=366)
    return utc.year >= EARLIEST_PLAUSIBLE_YEAR and utc <= latest
