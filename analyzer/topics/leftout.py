"""Messages and lines that discovered topics leave out: they name no subject of debate.

A sender who opens thread after thread under one subject ("Weekly Bug Summary", a monthly
digest, a build report) is reporting, not debating: on twisted-python ~800 such reports made
two of eight topics ("weekly / summary / bug", "opened / closed / exarkun"). Robots
(``is_automated`` authors) say nothing of their own either, and a message that repeats its
sender's earlier one (``repeat_of``) has its words counted in that one already. A patch's
trailers (``Signed-off-by:``, ``Reviewed-by:``...) gave topics the words ``signed reviewed``.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Final

import numpy as np
import pandas as pd

from analyzer.model import PLACEHOLDER_ADDRESSES

RECURRING_THREADS: Final = 10
"""A sender who opens this many threads under one subject posts reports or announcements.
On the six test archives the discussions that come closest are patch series posted again
version after version (8 threads of one patch on openbmc) and a spam run (7); the reports
open 66 to 377 (twisted-python's weekly bug summaries, from three senders)."""

KEPT: Final = 0
TEXT_LEFT_OUT: Final = 1
"""A repeat: its subject still names its thread, its text was counted in the earlier copy."""
LEFT_OUT: Final = 2
"""A report or a robot's message: neither its subject nor its text is read; a thread it opens
is named by no subject (its replies' subject is the report's), only its replies' words."""

# Trailer lines of patches and change reviews: people's names and addresses, not subjects.
_TRAILER: Final = (
    r"[a-z]+(?:-[a-z]+)*-by:.*"  # Signed-off-by, Reviewed-by, Acked-by, Reported-and-tested-by
    r"|cc:.*(?:@| at |<).*"
    r"|change-id: *i[0-9a-f]{8,}.*"
    r"|fixes: *[0-9a-f]{7,}\b.*"
)
TRAILER_LINE: Final = re.compile(rf"^[ \t]*(?:{_TRAILER})$", re.IGNORECASE | re.MULTILINE)


def sender_subject_keys(messages: pd.DataFrame, rows: np.ndarray) -> pd.Series | None:
    """``sender\\0subject`` of the messages at ``rows`` (None when the table cannot tell a
    sender or a subject); missing when the subject is empty (a message without subject is no
    report) or the sender is Pipermail's placeholder (everyone whose address it lost)."""
    sender_column = next((c for c in ("from_email", "author_id") if c in messages), None)
    subject_column = next((c for c in ("subject_norm", "subject") if c in messages), None)
    if sender_column is None or subject_column is None:
        return None
    senders = messages[sender_column].take(rows).astype("string").str.casefold()
    senders = senders.where(~senders.isin(PLACEHOLDER_ADDRESSES))  # anyone the archive lost
    subjects = messages[subject_column].take(rows).astype("string").str.casefold().str.strip()
    keys = (senders + "\0" + subjects).where(subjects.str.len() > 0)
    return keys.reset_index(drop=True)


def recurring_openers(messages: pd.DataFrame, rows: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Which of the table positions ``rows`` (by thread ``codes``, each thread by date) open
    their thread as one of ``RECURRING_THREADS`` or more threads of one sender and subject."""
    openers = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]]) if len(codes) else codes
    recurring = np.zeros(len(rows), dtype=bool)
    keys = sender_subject_keys(messages, rows[openers])
    if keys is None:
        return recurring
    counts = keys.map(keys.value_counts())
    recurring[openers[(counts >= RECURRING_THREADS).fillna(False).to_numpy(dtype=bool)]] = True
    return recurring


def left_out(
    messages: pd.DataFrame, rows: np.ndarray, codes: np.ndarray, automated: Collection[str] = ()
) -> np.ndarray:
    """What discovery reads of each table position (``KEPT``, ``TEXT_LEFT_OUT`` or
    ``LEFT_OUT``), for the messages at ``rows`` in thread order (``codes``): the rules that
    need a column the table lacks (``repeat_of``, ``author_id``, a sender) leave nothing out."""
    leave = np.zeros(len(messages), dtype=np.int8)
    if "repeat_of" in messages:
        leave[messages["repeat_of"].notna().to_numpy(dtype=bool)] = TEXT_LEFT_OUT
    if automated and "author_id" in messages:
        robots = messages["author_id"].isin(set(automated))
        if "from_email" in messages:  # people whose address the archiver lost are no robots
            robots &= ~messages["from_email"].str.casefold().isin(PLACEHOLDER_ADDRESSES)
        leave[robots.to_numpy(dtype=bool)] = LEFT_OUT
    leave[rows[recurring_openers(messages, rows, codes)]] = LEFT_OUT
    return leave
