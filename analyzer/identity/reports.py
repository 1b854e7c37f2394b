"""Periodic reports: a script's output sent from a person's address is not that person's words.

A tracker's "Weekly Bug Summary" was posted for years from a developer's own address, a new
thread every week under one subject. Counted as the developer's, it made them the list's most
prolific writer of bug tables and gave topic discovery a topic of ticket numbers under their
name. A *periodic report* is told from a person's habits by its shape alone: many threads
(``_MIN_REPORTS``) started from one address under one base subject (``subject_norm``), spread
over a long time (``_MIN_SPAN``) at a steady pace (a median gap of ``_MIN_MEDIAN_GAP`` or more
between consecutive ones). A person who starts ten threads of one subject does so in a burst
(resends, a patch series' versions, a week's questions), or a few times in all (a meeting
reminder for a season); a script keeps its pace for months.

The messages of a report become a sender of their own, automated: ``<address>/<subject-slug>``
when the address also sends other messages (its owner keeps those), the address itself when
every message from it is a report. The slug is the base subject's, so the id stays as the
archive grows; a first message of the owner's own turns the second case into the first.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analyzer.subjects import display_subject, is_reply_subject

if TYPE_CHECKING:
    from analyzer.identity.linking import SenderKeys

_MIN_REPORTS = 10
_MIN_SPAN = pd.Timedelta(weeks=10)
_MIN_MEDIAN_GAP = pd.Timedelta(days=5)
# What clients write for a missing subject: it names no series.
_NO_SUBJECT = re.compile(r"[(\[<]?\s*(?:no subject|none|untitled)?\s*[)\]>]?")


@dataclass(frozen=True)
class PeriodicReport:
    """One series of reports: its subject as written, its messages and its pace."""

    name: str
    message_ids: frozenset[str]
    weeks: float
    median_gap_days: float

    def reason(self, address: str, apart: bool) -> str:
        """Why the series' messages are an automated sender's, for ``merge_reasons``."""
        whose = (
            "kept apart from the address's other messages"
            if apart
            else "as is every message of the address"
        )
        return (
            f"periodic report {self.name!r}: {len(self.message_ids)} threads started from"
            f" {address} under this subject over {self.weeks:.0f} weeks, one every"
            f" {self.median_gap_days:.1f} days (median): a script's output, automated, {whose}"
        )


PeriodicReports = Mapping[tuple[str, str], PeriodicReport]
"""The reports of a list by (address, ``subject_norm``)."""


def periodic_reports(messages: pd.DataFrame) -> dict[tuple[str, str], PeriodicReport]:
    """The periodic reports among ``messages`` (see the module's docstring).

    Reads ``message_id``, ``from_email``, ``subject_norm``, ``parent_id`` and ``date``, and
    ``subject`` when present (a message without a parent whose subject says it replies starts
    no series, and the report is named as its subject was written). Without the others, none.
    """
    needed = {"message_id", "from_email", "subject_norm", "parent_id", "date"}
    if not needed.issubset(messages.columns) or not len(messages):
        return {}
    roots = np.flatnonzero(messages["parent_id"].isna().to_numpy())
    frame = pd.DataFrame(
        {
            "address": messages["from_email"].iloc[roots].fillna("").astype(str).to_numpy(),
            "subject": messages["subject_norm"].iloc[roots].fillna("").astype(str).to_numpy(),
        },
        index=roots,
    )
    frame["address"] = frame["address"].str.strip().str.lower().to_numpy()
    frame = frame[(frame["address"] != "") & ~frame["subject"].str.fullmatch(_NO_SUBJECT.pattern)]
    sizes = frame.groupby(["address", "subject"], sort=True).size()
    candidates = sizes[sizes >= _MIN_REPORTS].index
    if not len(candidates):
        return {}
    in_candidate = pd.MultiIndex.from_frame(frame[["address", "subject"]]).isin(candidates)
    rows = frame.index[in_candidate].to_numpy()
    columns = ["message_id", "date", *(["subject"] if "subject" in messages else [])]
    picked = messages[columns].iloc[rows].reset_index(drop=True)
    picked = picked.assign(
        address=frame.loc[rows, "address"].to_numpy(),
        subject_norm=frame.loc[rows, "subject"].to_numpy(),
        written=picked["subject"].fillna("").astype(str) if "subject" in picked else "",
        day=pd.to_datetime(picked["date"], utc=True, errors="coerce"),
    )
    if "subject" in messages:
        replies = {s: is_reply_subject(s) for s in picked["written"].unique()}
        picked = picked[~picked["written"].map(replies).astype(bool)]
    found: dict[tuple[str, str], PeriodicReport] = {}
    for (address, subject), series in picked.groupby(["address", "subject_norm"], sort=True):
        report = _report(series, str(subject))
        if report is not None:
            found[str(address), str(subject)] = report
    return found


def _report(series: pd.DataFrame, subject: str) -> PeriodicReport | None:
    """The series as a report when it is many, long and steady enough; else None. Copies of
    one Message-ID (an archive that holds a month twice) count once."""
    series = series.drop_duplicates("message_id")
    days = series["day"].dropna().sort_values()
    if len(days) < _MIN_REPORTS:
        return None
    ns = days.dt.tz_localize(None).to_numpy(dtype="datetime64[ns]").astype(np.int64)
    span = int(ns[-1] - ns[0])
    gap = float(np.median(np.diff(ns)))
    if span < _MIN_SPAN.value or gap < _MIN_MEDIAN_GAP.value:
        return None
    written = series["written"].map(display_subject)
    counts = written[written != ""].value_counts()
    # (the most used spelling, ties broken by the spelling)
    name = min(counts.index[counts == counts.max()]) if len(counts) else subject
    return PeriodicReport(
        name=str(name),
        message_ids=frozenset(series["message_id"].astype(str)),
        weeks=span / pd.Timedelta(weeks=1).value,
        median_gap_days=gap / pd.Timedelta(days=1).value,
    )


def report_of_messages(messages: pd.DataFrame, reports: PeriodicReports) -> np.ndarray:
    """Per message, the ``subject_norm`` of the report it belongs to, "" for the others."""
    out = np.full(len(messages), "", dtype=object)
    if not reports or "message_id" not in messages or "from_email" not in messages:
        return out
    series_of = {i: key for key, report in reports.items() for i in report.message_ids}
    ids = messages["message_id"].astype(str).to_numpy()
    addresses = messages["from_email"].fillna("").astype(str).str.strip().str.lower().to_numpy()
    for row in np.flatnonzero(pd.Series(ids).isin(series_of.keys()).to_numpy()):
        address, subject = series_of[ids[row]]
        if addresses[row] == address:  # (a copy of the Message-ID from elsewhere is not it)
            out[row] = subject
    return out


def report_keys(
    keys: SenderKeys, reports: PeriodicReports
) -> tuple[dict[int, str], dict[int, str]]:
    """The sender keys that hold a report's messages, each with the reason, and of those the
    ones kept apart from a person (their address sends other messages too), each with the
    report's name."""
    if not keys.series:
        return {}, {}
    personal = {a for i, a in enumerate(keys.address) if not keys.series[i]}
    reasons: dict[int, str] = {}
    apart: dict[int, str] = {}
    for i, series in enumerate(keys.series):
        report = reports.get((keys.address[i], series)) if series else None
        if report is None:
            continue
        reasons[i] = report.reason(keys.address[i], keys.address[i] in personal)
        if keys.address[i] in personal:
            apart[i] = report.name
    return reasons, apart
