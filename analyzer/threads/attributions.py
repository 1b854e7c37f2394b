"""A reply names the message it answers above what it quotes: "Moshe Zadka wrote:", "On Tue,
1 Jan 2013, Chris wrote:", or the header block its client put over the copy ("From: Matthew
Glubb …", "Sent: Saturday, April 12, 2008 1:53:32 PM"; "De : Thomas Jacob", "Envoyé le : …").
Among the messages the fallbacks may choose, that person's (sent when the attribution says,
if it says) is the parent, not merely the latest one of the subject, nor the oldest one whose
words the quote repeats.

Only the reply's first attribution counts (the nearer one to its own words: further down, a
quote holds older messages' attributions too), and only an unmarked one: a quoted digest's
"> From:" names the digest's first item, not what its reader answers. An attribution of the
sender's own words names no parent, and a dated one whose date fits no candidate none either
(the message it names is not in the archive: a private reply, another list's).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import pandas as pd

from analyzer.dates import MONTH_NUMBERS
from analyzer.quotes import patterns as p
from analyzer.quotes.structures import classify_attribution, header_family

ATTRIBUTION_LINES = 150
"""Lines of a body searched for an attribution: a top-posted reply puts it under its text."""
HEADER_LINES = 4  # how far from "From:" the other fields of its block may be
SAME_MINUTE = pd.Timedelta(seconds=60).value
"""How far a message's date may be from the time a header shows without its seconds (clients
drop them or round them)."""
SAME_SECOND = pd.Timedelta(seconds=2).value
ONE_DAY = pd.Timedelta(days=1).value
FARTHEST_ZONE = pd.Timedelta(hours=14).value
ZONE_STEP = pd.Timedelta(minutes=15).value  # time zones are whole quarter hours from UTC

_NAME_WORD = re.compile(r"[^\W\d_]{2,}")
_DIGEST_ITEM = re.compile(r"^message:\s*\d+$", re.IGNORECASE)
# A header field, its name perhaps garbled ("Envoy? le :").
_FIELD = re.compile(r"^[^:：]{1,25}[:：]")
_ADDRESSES = re.compile(r"<[^<>]*>|\([^()]*\)|\[[^\[\]]*\]|\S+@\S+|\S+ at \S+\.\w+")
_ON_BEHALF = re.compile(r"\bon behalf of\b|\bim auftrag von\b|\bde la part de\b", re.IGNORECASE)
# Outlook's and Gmail's "Monday, August 5, 2019 5:07 PM", "Mon, Jan 18, 2010 at 7:19 PM",
# mutt's "Mon, Mar 22, 2004 at 04:33:59PM -0700", Zimbra's "4:01:14 PM GMT -05:00", Gmail's
# "Wed, 3 Apr 2019 at 03:49".
_TIME = (
    r",?\s+(?:at\s+)?(?P<hour>\d{1,2}):(?P<minute>\d\d)(?::(?P<second>\d\d))?"
    r"\s*(?P<half>[ap]\.?m\b\.?)?(?:\s*(?:gmt|utc)?\s*(?P<zone>[+-]\d\d:?\d\d)\b)?"
)
_MONTH_FIRST = re.compile(
    r"(?P<month>[a-z]{3})[a-z]*\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})" + _TIME,
    re.IGNORECASE,
)
_DAY_FIRST = re.compile(
    r"(?P<day>\d{1,2})\.?\s+(?P<month>[a-z]{3})[a-z]*\.?,?\s+(?P<year>\d{4})" + _TIME,
    re.IGNORECASE,
)
_MONTH_DAY = re.compile(
    r"(?P<month>[a-z]{3})[a-z]*\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})\b", re.IGNORECASE
)
_DAY_MONTH = re.compile(
    r"(?P<day>\d{1,2})\.?\s+(?P<month>[a-z]{3})[a-z]*\.?,?\s+(?P<year>\d{4})\b", re.IGNORECASE
)
# Numeric dates: Thunderbird's "3/2/16 9:32 AM", "08/24/2010 04:37 PM", "24.08.2010 16:37",
# "2011/10/19", "2006-11-02 at 20:57 +0000".
_NUMERIC = re.compile(
    r"(?<![\d/.-])(?P<first>\d{1,4})(?P<sep>[/.-])(?P<middle>\d{1,2})(?P=sep)(?P<third>\d{2,4})"
    r"(?![\d/.-])(?:" + _TIME + r")?",
    re.IGNORECASE,
)
_MONTHS = {name[:3]: number for name, number in MONTH_NUMBERS.items()}


SECOND, MINUTE, DAY = "second", "minute", "day"
"""How precisely an attribution dates the message: "On Tue, 1 Jan 2013, Chris wrote:" only
names the day."""


@dataclass(frozen=True, slots=True)
class Attribution:
    """Whom a reply says it answers: the words of their name, in lower case, and when the
    message was sent (int64 nanoseconds; local time when ``zoned`` is False, the offset being
    unknown), to the ``precision`` the attribution shows, if it says."""

    names: frozenset[str]
    sent: int | None = None
    zoned: bool = False
    precision: str = MINUTE

    def names_sender(self, name: object) -> bool:
        """Whether a sender's name is the one named: two words in common ("Dr. David Mertz"
        and "David Mertz"), or every word of the shorter name ("Glyph")."""
        words = _name_words(str(name))
        shared = len(self.names & words)
        return shared > 0 and shared >= min(2, len(self.names), len(words))

    def sent_at(self, date: int) -> bool:
        """Whether a message of that date (UTC) is the one the attribution dates."""
        if self.sent is None:
            return True
        gap = date - self.sent
        if self.precision == DAY:
            return -FARTHEST_ZONE <= gap < ONE_DAY + FARTHEST_ZONE
        near = SAME_SECOND if self.precision == SECOND else SAME_MINUTE
        if self.zoned:
            return abs(gap) <= near
        off = gap % ZONE_STEP
        return abs(gap) <= FARTHEST_ZONE + near and min(off, ZONE_STEP - off) <= near

    @property
    def exact(self) -> bool:
        """Whether the date tells one message of a person from their others, whatever the
        subject: with its zone or to the second."""
        return (
            self.sent is not None
            and self.precision != DAY
            and (self.zoned or self.precision == SECOND)
        )


def _name_words(text: str) -> frozenset[str]:
    return frozenset(word.casefold() for word in _NAME_WORD.findall(text))


_NO_DATE: tuple[int | None, bool, str] = (None, False, MINUTE)


def _sent(text: str) -> tuple[int | None, bool, str]:
    """When a header or an attribution says a message was sent, whether with its zone, and
    to what precision."""
    match = _MONTH_FIRST.search(text) or _DAY_FIRST.search(text)
    if match is None and (numeric := _NUMERIC.search(text)) is not None:
        return _numeric_sent(numeric)
    if match is None:
        day = _MONTH_DAY.search(text) or _DAY_MONTH.search(text)
        month = _MONTHS.get(day["month"][:3].lower()) if day else None
        if day is None or month is None:
            return _NO_DATE
        try:
            midnight = datetime(int(day["year"]), month, int(day["day"]), tzinfo=UTC)
        except ValueError:
            return _NO_DATE
        return int(pd.Timestamp(midnight).value), False, DAY
    month = _MONTHS.get(match["month"][:3].lower())
    if month is None:
        return _NO_DATE
    return _timed(match, int(match["year"]), month, int(match["day"]))


def _numeric_sent(match: re.Match[str]) -> tuple[int | None, bool, str]:
    """The date of a numeric date ("3/2/16 9:32 AM" is March 2: month first, as the clients
    that write it do, unless the first number cannot be a month; "24.08.2010" day first), to
    the day without a time."""
    first, second, third = match["first"], int(match["middle"]), match["third"]
    if len(first) == 4:
        year, month, day = int(first), second, int(third)
    elif len(first) <= 2:
        month, day = (second, int(first)) if match["sep"] == "." else (int(first), second)
        if month > 12:
            month, day = day, month
        year = int(third) + (2000 if len(third) == 2 else 0)
    else:
        return _NO_DATE
    if match["hour"] is not None:
        return _timed(match, year, month, day)
    try:
        midnight = datetime(year, month, day, tzinfo=UTC)
    except ValueError:
        return _NO_DATE
    return int(pd.Timestamp(midnight).value), False, DAY


def _timed(match: re.Match[str], year: int, month: int, day: int) -> tuple[int | None, bool, str]:
    """The time a date pattern's ``_TIME`` part shows, on that day, and its zone."""
    hour = int(match["hour"]) % 12 if match["half"] else int(match["hour"])
    if match["half"] and match["half"][0] in "pP":
        hour += 12
    try:
        local = datetime(
            year,
            month,
            day,
            hour,
            int(match["minute"]),
            int(match["second"] or 0),
            tzinfo=UTC,
        )
    except ValueError:
        return _NO_DATE
    sent = int(pd.Timestamp(local).value)
    zone = match["zone"]
    if zone:
        digits = zone[1:].replace(":", "")
        minutes = int(digits[:2]) * 60 + int(digits[2:])
        sent -= (minutes if zone[0] == "+" else -minutes) * 60 * 10**9
    return sent, bool(zone), SECOND if match["second"] is not None else MINUTE


def _named(text: str) -> frozenset[str]:
    """The words of the name an attribution line or a "From:" value holds."""
    behalf = _ON_BEHALF.search(text)
    if behalf is not None:
        text = text[behalf.end() :]
    return _name_words(_ADDRESSES.sub(" ", text))


def _from_attribution(text: str) -> Attribution | None:
    """ "On Thu, 2006-11-02 at 20:57 +0000, Ann Lee <ann at x.org> wrote:" → Ann Lee, dated
    when the opening is a date; "Am 6. März 2012 schrieb Bob:" → Bob."""
    lowered = _ADDRESSES.sub(" ", text).lower()
    verb = p.ATTRIBUTION_VERB_END.search(lowered)
    if verb is not None:
        before = lowered[: verb.start()]
        sent = _sent(before[3:]) if before.startswith("on ") else _NO_DATE
        names = _named(before.rsplit(",", 1)[-1])
    else:
        after = p.ATTRIBUTION_VERB_NAME.search(lowered) or p.ATTRIBUTION_QUOTING.match(lowered)
        if after is None:
            return None
        names, sent = _named(after.group(0).split(None, 1)[-1]), _NO_DATE
    return Attribution(names, *sent) if names else None


def _fields_around(content: list[str], index: int) -> dict[str, int]:
    """The header fields (family: line) within ``HEADER_LINES`` of line ``index``."""
    families: dict[str, int] = {}
    for at in range(max(0, index - HEADER_LINES), min(len(content), index + HEADER_LINES + 1)):
        family = header_family(content[at]) if content[at] else None
        if family is not None and family not in families:
            families[family] = at
    return families


def _from_header_block(content: list[str], index: int) -> Attribution | None:
    """The sender and date of a header block whose "From:" is line ``index`` ("De : Ann",
    then "Envoyé :", "Objet :"…; a field name charset damage garbled may be among them), the
    value of "From:" perhaps wrapped onto the next lines ("… On Behalf Of Andrew" /
    "Bennetts")."""
    families = _fields_around(content, index)
    match = p.HEADER_LINE.match(content[index])
    value = match.group(2) if match else ""
    for text in content[index + 1 : index + 3]:
        if not text or (text[0] not in "[<" and _FIELD.match(text)):
            break
        value += " " + text
    names = _named(value)
    if not names:
        return None
    sent = _NO_DATE
    if "sent" in families:
        field = p.HEADER_LINE.match(content[families["sent"]])
        sent = _sent(field.group(2)) if field else sent
    return Attribution(names, *sent)


def _may_attribute(last_line: str) -> bool:
    """Whether a line ending with a colon may end an attribution: it holds a verb of writing
    ("wrote:") or closes an address ("<bob at x.org>:"). Plain tests: most such lines introduce
    code or a list."""
    return last_line[-2:-1] in ">)]" or p.may_name_writing(last_line.lower())


def attribution(body: str) -> Attribution | None:
    """The first unmarked attribution or quoted header block of a body, if it names someone.

    A forwarded message's header names no one answered, and neither does a digest's: what
    follows "Message: 1" is only the digest's first item."""
    lines = body.split("\n", ATTRIBUTION_LINES)[:ATTRIBUTION_LINES]
    for index, line in enumerate(lines):
        text = line.strip()
        if not text or text[0] == ">":
            continue
        if text[0] in "-_=" and p.FORWARD_BANNER.match(text.lower()):
            return None
        if text[-1] in ":：" and _may_attribute(text):
            above = [piece.strip() for piece in lines[max(0, index - 2) : index]]
            classified = False
            for first in range(len(above), -1, -1):  # Gmail wraps "…<bob at x.org>" / "wrote:"
                if first < len(above) and (not above[first] or above[first][0] == ">"):
                    break
                joined = " ".join([*above[first:], text])
                if classify_attribution(joined) is not None:
                    classified = True
                    found = _from_attribution(joined)
                    if found is not None:
                        return found
            if classified:
                return None
        if ":" in text[:20]:
            family = header_family(text)
            if family == "from":
                start = max(0, index - HEADER_LINES)
                around = [piece.strip() for piece in lines[start : index + HEADER_LINES + 1]]
                if len(_fields_around(around, index - start)) > 1:
                    return _from_header_block(around, index - start)
            elif _DIGEST_ITEM.match(text):
                return None
    return None


def attributed_links(
    attributed: dict[int, Attribution],
    rows: np.ndarray,
    group_start: np.ndarray,
    dates: np.ndarray,
    sender_names: np.ndarray,
    eligible: np.ndarray,
    window: pd.Timedelta,
    candidates: int,
) -> pd.Series:
    """Parents of the ``attributed`` rows (row -> `Attribution`): the latest of the
    ``candidates`` earlier messages of their subject group (``rows`` sorted by subject then
    time, ``group_start`` marking each group's first) within ``window`` from the person named,
    sent when the attribution says; failing that, for an attribution dated to the second or
    with its zone, the message of any subject from that person sent then (a reply may change
    the subject; a name and an exact time tell the message apart). An attribution of the sender's own words names no
    parent: a reply quotes them as the message it answers quoted them."""
    children: list[int] = []
    parents: list[int] = []
    if not attributed:
        return pd.Series(parents, index=children, dtype=np.int64)
    position_of = {int(row): k for k, row in enumerate(rows.tolist()) if int(row) in attributed}
    first_of_group = np.maximum.accumulate(np.where(group_start, np.arange(len(rows)), 0))
    pool = np.flatnonzero(eligible)
    pool = pool[np.argsort(dates[pool], kind="stable")]
    pool_dates = dates[pool]
    for row, named in attributed.items():
        if named.names_sender(sender_names[row]):
            continue  # (a sender's own words, quoted back to them in the message answered)
        found = None
        by_name: list[int] = []
        position = position_of.get(row)
        if position is not None:
            start = max(int(first_of_group[position]), position - candidates)
            earlier = rows[start:position][::-1]  # latest first
            earlier = earlier[dates[row] - dates[earlier] <= window.value]
            by_name = [int(c) for c in earlier if named.names_sender(sender_names[c])]
            dated = [c for c in by_name if named.sent_at(int(dates[c]))]
            found = dated[0] if dated else None
        if found is None and named.exact and named.sent is not None:
            reach = SAME_MINUTE if named.zoned else FARTHEST_ZONE + SAME_MINUTE
            low = int(np.searchsorted(pool_dates, named.sent - reach))
            high = int(np.searchsorted(pool_dates, min(named.sent + reach, dates[row]), "right"))
            sent_then = [
                int(c)
                for c in pool[low:high][::-1]
                if c != row and named.names_sender(sender_names[c]) and named.sent_at(int(dates[c]))
            ]
            found = sent_then[0] if sent_then else None
        if found is None and by_name and named.sent is None:
            found = by_name[0]
        if found is not None:
            children.append(row)
            parents.append(found)
    return pd.Series(parents, index=children, dtype=np.int64)
