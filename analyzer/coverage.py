"""Which months an archive covers: a month whose messages all sit in files named for other
months holds only part of what the list received then, and its bar must not read as a rise or a
fall of the debate.

The rule: sources named for a period (Pipermail's ``2016-April.txt[.gz]``, its HTML month folder
``2016-April/``, quarters ``2016q2``, years, weeks and days; any file whose name holds ``YYYY-MM``
or ``YYYY-Month``, such as ``openbmc-2019-07.mbox.gz``) say which months the archive holds. A month
is then

- ``own source``: a source is named for it (the first and last of a monthly archive too: a list
  that began mid-month is whole there);
- ``filed elsewhere``: it has messages, all filed in sources named for other months (a mirror that
  backfilled its first months into its first file; late arrivals, bad clocks): partly covered;
- ``not named``: some of its messages come from sources named for no month (one big mbox): the
  tool cannot tell, and says nothing.

A month with no message and no source of its own is not listed: inside the archive it is a real
zero. Months are calendar months of the dates in UTC or in the zone the timelines are read in.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

from analyzer.dateranges import UTC
from analyzer.dates import MONTH_NUMBERS
from analyzer.readers import period_start
from analyzer.schema import COVERAGE_COLUMNS
from analyzer.timelines import to_periods

OWN: Final = "own source"
ELSEWHERE: Final = "filed elsewhere"
NOT_NAMED: Final = "not named"

_NAMED_MONTH = re.compile(
    rf"(?<![0-9])((?:19|20)[0-9]{{2}})[-_.]({'|'.join(MONTH_NUMBERS)})(?![a-z])", re.IGNORECASE
)
"""``YYYY-Month`` inside a longer name (``list-2016-April.mbox``)."""
_NUMBERED_MONTH = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})-(0[1-9]|1[0-2])(?![0-9]|-[0-9])")
"""``YYYY-MM`` inside a name, not a day's ``YYYY-MM-DD``."""
_PAGE = re.compile(r"[0-9]{6}\.html?")


def unit_name(source: str) -> str:
    """The name a message's ``source`` was filed under: its file's name, or for a Pipermail
    page (``2016-April/000123.html``) its month folder's."""
    parts = [part for part in re.split(r"[/\\]", source) if part]
    if not parts:
        return source
    if len(parts) > 1 and _PAGE.fullmatch(parts[-1]):
        return parts[-2]
    return parts[-1]


def named_months(name: str) -> list[pd.Period]:
    """The months a source's name says it holds (none when it names no period)."""
    start = period_start(name)
    if start is not None:
        return _period_months(name, start)
    found = _NAMED_MONTH.search(name)
    if found:
        return [pd.Period(year=int(found[1]), month=MONTH_NUMBERS[found[2].lower()], freq="M")]
    found = _NUMBERED_MONTH.search(name)
    if found:
        return [pd.Period(year=int(found[1]), month=int(found[2]), freq="M")]
    return []


def _period_months(name: str, start: tuple[int, int, int]) -> list[pd.Period]:
    """The months of one of Pipermail's periods (month, quarter, year, week, day), from the
    day it starts on (``period_start``) and the kind its name says."""
    year, month, day = start
    first = pd.Period(year=year, month=month, freq="M")
    period = name.split(".", 1)[0]
    if "q" in period:
        return [first + i for i in range(3)]
    if len(period) == 4:
        return [first + i for i in range(12)]
    if period.startswith("Week"):
        last = (pd.Timestamp(year=year, month=month, day=day) + pd.Timedelta(days=6)).to_period("M")
        return list(pd.period_range(first, last, freq="M"))
    return [first]


def coverage_table(
    source_names: Iterable[str], messages: pd.DataFrame, tz: str = UTC
) -> pd.DataFrame:
    """One row per month with messages or a source of its own, in time order: ``month``
    (``2019-03``), ``messages`` (dated in it, each Message-ID once), ``covered`` (``OWN``,
    ``ELSEWHERE`` or ``NOT_NAMED``) and ``sources`` (the names of its own sources, else those
    its messages were filed in).

    ``source_names``: the store's sources (paths); ``messages``: ``date`` and ``source`` of
    each message once.
    """
    own: dict[str, set[str]] = {}  # (months as labels, 2019-03: they sort as the months do)
    units = {unit_name(str(s)) for s in source_names}
    units |= {unit_name(str(s)) for s in messages["source"].dropna().unique()}
    for unit in units:
        for month in named_months(unit):
            own.setdefault(str(month), set()).add(unit)
    dated = messages[messages["date"].notna()]
    # (each source's unit and whether it names a month worked out once, not per message)
    codes, filed_in_sources = pd.factorize(dated["source"].astype(object).astype(str))
    unit_of = np.array([unit_name(s) for s in filed_in_sources], dtype=object)
    named_of = np.array([bool(named_months(u)) for u in unit_of], dtype=bool)
    frame = pd.DataFrame(
        {
            "month": to_periods(dated["date"], "M", tz).astype(str).to_numpy(),
            "unit": unit_of[codes],
            "named": named_of[codes],
        }
    )
    grouped = frame.groupby("month", sort=True)
    counts = {str(m): int(n) for m, n in grouped.size().items()}
    all_named = {str(m): bool(v) for m, v in grouped["named"].all().items()}
    filed_in = {str(m): sorted(set(units)) for m, units in grouped["unit"].agg(list).items()}
    rows = []
    for label in sorted(set(own) | set(counts)):
        if label in own:
            covered, sources = OWN, sorted(own[label])
        elif all_named[label] and own:
            covered, sources = ELSEWHERE, filed_in[label]
        else:
            covered, sources = NOT_NAMED, filed_in[label]
        rows.append((label, counts.get(label, 0), covered, sources))
    return pd.DataFrame(rows, columns=list(COVERAGE_COLUMNS)).astype(
        {"month": object, "messages": "int64", "covered": object, "sources": object}
    )


@dataclass(frozen=True, slots=True)
class PartialRun:
    """Consecutive months covered only by messages filed elsewhere."""

    first: str
    last: str
    messages: int
    sources: tuple[str, ...]

    def filed(self) -> str:
        """``2019-03 to 2019-06: 805 messages filed in openbmc-2019-07.mbox.gz``."""
        months = self.first if self.first == self.last else f"{self.first} to {self.last}"
        noun = "message" if self.messages == 1 else "messages"
        return f"{months}: {self.messages:,} {noun} filed in {', '.join(self.sources)}"

    def __str__(self) -> str:
        their = "its" if self.messages == 1 else "their"
        these = "this month is" if self.first == self.last else "these months are"
        return f"{self.filed()}, no source of {their} own: {these} partly covered"


def partial_runs(coverage: pd.DataFrame) -> list[PartialRun]:
    """The runs of consecutive ``filed elsewhere`` months of a coverage table."""
    runs: list[PartialRun] = []
    months: list[pd.Period] = []
    count = 0
    sources: set[str] = set()

    def close() -> None:
        if months:
            runs.append(PartialRun(str(months[0]), str(months[-1]), count, tuple(sorted(sources))))

    for label, messages, covered, filed in zip(
        coverage["month"],
        coverage["messages"],
        coverage["covered"],
        coverage["sources"],
        strict=True,
    ):
        if covered != ELSEWHERE:
            continue
        month = pd.Period(str(label), freq="M")
        if months and month != months[-1] + 1:
            close()
            months, count, sources = [], 0, set()
        months.append(month)
        count += int(messages)
        sources.update(filed)
    close()
    return runs


def partly_covered(coverage: pd.DataFrame) -> set[pd.Period]:
    """The months of a coverage table filed elsewhere."""
    rows = coverage[coverage["covered"] == ELSEWHERE]
    return {pd.Period(month, freq="M") for month in rows["month"]}


def partial_periods(periods: pd.PeriodIndex, months: Collection[pd.Period]) -> list[bool]:
    """Which of ``periods`` (any frequency) overlap one of the partly covered ``months``."""
    if not months:
        return [False] * len(periods)
    return [
        any(
            month in months
            for month in pd.period_range(
                period.start_time.to_period("M"), period.end_time.to_period("M"), freq="M"
            )
        )
        for period in periods
    ]
