"""Pieces of a message that Pipermail cut off and filed as messages of their own.

When Pipermail (re)builds an archive from its mbox, a body line that begins with "From " ends the
message; the rest becomes a new entry with the placeholder sender ``bogus@does.not.exist.com``,
the placeholder date of the rebuild, no subject, and a Message-ID that Mailman makes up from the
time it archived the message: ``mailman.3.1247782916.23371.twisted-python@twistedmatrix.com``.
That time is the head's: the message the piece was cut from arrived seconds before it (on
twisted-python, 47 pieces with text, each 2 to 122 s after one message, the only one within
two minutes but for one). Such a piece is part of that message, not the start of a thread: it
hangs under it. A piece whose time names no message (five bodiless ones) stays where it is.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analyzer.model import PLACEHOLDER_ADDRESSES
from analyzer.threads.quoted_links import NO_DATE

_MAILMAN_ID = re.compile(r"^mailman\.\d+\.(\d{9,10})\.\d+\.")
HEAD_WINDOW = pd.Timedelta(minutes=5)
"""How long before a piece's archive time its head may be dated (the archiver runs as the
message arrives; a head dated earlier than this is too uncertain to name)."""


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
    rows = np.flatnonzero(placeholder)
    times = message_ids.iloc[rows].astype(str).str.extract(_MAILMAN_ID, expand=False)
    known = times.notna().to_numpy()
    rows = rows[known]
    archived = pd.to_numeric(times[known]).to_numpy(dtype=np.int64) * 1_000_000_000
    pool = np.flatnonzero(candidates & ~placeholder & (dates != NO_DATE))
    pool = pool[np.argsort(dates[pool], kind="stable")]
    last = np.searchsorted(dates[pool], archived, side="right") - 1
    found = last >= 0
    head = np.where(found, pool[np.maximum(last, 0)], -1)
    found &= archived - dates[np.maximum(head, 0)] <= HEAD_WINDOW.value
    return rows[found], head[found]
