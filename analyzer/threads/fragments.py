"""Pieces of a message that Pipermail cut off and filed as messages of their own.

When Pipermail (re)builds an archive from its mbox, a body line that begins with "From " ends the
message; the rest becomes a new entry with the placeholder sender ``bogus@does.not.exist.com``,
the placeholder date of the rebuild, no subject, and a Message-ID that Mailman makes up from the
time it archived the message: ``mailman.3.1247782916.23371.twisted-python@twistedmatrix.com``.
That time is the head's: the message the piece was cut from arrived seconds before it (on
twisted-python, 47 pieces with text, each 2 to 122 s after one message, the only one within
two minutes but for one). Such a piece is part of that message, not the start of a thread: it
hangs under it, and its words are its head's sender's (``piece_heads``: the identity stage
keys it as its head). A piece whose time names no message (five bodiless ones) stays where it
is; one with no text at all is no thread (``is_empty_piece``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analyzer.dates import MAILMAN_ID
from analyzer.model import PLACEHOLDER_ADDRESSES
from analyzer.threads.quoted_links import NO_DATE

HEAD_WINDOW = pd.Timedelta(minutes=5)
"""How long before a piece's archive time its head may be dated (the archiver runs as the
message arrives; a head dated earlier than this is too uncertain to name)."""


def _archive_times(message_ids: pd.Series, emails: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Rows from the placeholder sender whose Message-ID Mailman made, and the time it holds
    (nanoseconds since 1970)."""
    placeholder = emails.isin(PLACEHOLDER_ADDRESSES).to_numpy()
    rows = np.flatnonzero(placeholder)
    if not len(rows):
        return rows, np.zeros(0, dtype=np.int64)
    times = message_ids.iloc[rows].astype(str).str.extract(MAILMAN_ID, expand=False)
    known = times.notna().to_numpy()
    archived = pd.to_numeric(times[known]).to_numpy(dtype=np.int64) * 1_000_000_000
    return rows[known], archived


def fragment_heads(
    message_ids: pd.Series, emails: pd.Series, dates: np.ndarray, candidates: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Rows that are pieces of a message, and the rows of their heads: the latest of the
    ``candidates`` rows (dated, not pieces) dated within ``HEAD_WINDOW`` before the archive
    time the piece's Message-ID holds."""
    placeholder = emails.isin(PLACEHOLDER_ADDRESSES).to_numpy()
    empty = np.zeros(0, dtype=np.int64)
    if not placeholder.any():
        return empty, empty
    rows, archived = _archive_times(message_ids, emails)
    pool = np.flatnonzero(candidates & ~placeholder & (dates != NO_DATE))
    pool = pool[np.argsort(dates[pool], kind="stable")]
    last = np.searchsorted(dates[pool], archived, side="right") - 1
    found = last >= 0
    head = np.where(found, pool[np.maximum(last, 0)], -1)
    found &= archived - dates[np.maximum(head, 0)] <= HEAD_WINDOW.value
    return rows[found], head[found]


def piece_heads(
    message_ids: pd.Series, emails: pd.Series, dates: np.ndarray, parent_ids: pd.Series
) -> tuple[np.ndarray, np.ndarray]:
    """Of a threaded table, the rows that are pieces hung under their head (``fragment_heads``)
    and the rows of those heads: pieces whose parent is dated within ``HEAD_WINDOW`` before the
    time their Message-ID holds (``dates`` in nanoseconds since 1970; a missing one is never
    within it)."""
    rows, archived = _archive_times(message_ids, emails)
    empty = np.zeros(0, dtype=np.int64)
    if not len(rows):
        return empty, empty
    wanted = parent_ids.iloc[rows].to_numpy(dtype=object)
    named = np.flatnonzero(message_ids.isin(pd.unique(wanted[pd.notna(wanted)])).to_numpy())
    row_of: dict[object, int] = {}
    for row, message_id in zip(named.tolist(), message_ids.iloc[named].tolist(), strict=True):
        row_of.setdefault(message_id, row)  # the first copy, as the tables count it
    heads = np.array([row_of.get(parent, -1) for parent in wanted.tolist()], dtype=np.int64)
    before = archived - dates[np.maximum(heads, 0)]
    found = (heads >= 0) & (before >= 0) & (before <= HEAD_WINDOW.value)
    return rows[found], heads[found]


def is_empty_piece(emails: pd.Series, bodies: list[object]) -> np.ndarray:
    """Per row of ``bodies``: whether the placeholder sender sent it with no text at all."""
    blank = np.array([not (isinstance(b, str) and b.strip()) for b in bodies], dtype=bool)
    return emails.isin(PLACEHOLDER_ADDRESSES).to_numpy() & blank
