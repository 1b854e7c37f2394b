"""Every word counted once: a message that says again what its sender said earlier under the
same subject counts only the words it adds.

People send again what got no answer, was cut short or went out from the wrong address
("sorry, resending"); a new version of a patch series repeats its commit messages; a
reminder repeats its announcement; a bug tracker's notice repeats the bug's header table
above a new comment. Counted in full, each copy adds its words to its author's totals again
(the six test archives: 426 such messages, 35,773 words; openbmc's patch versions 6% of its
words). Such a message keeps its text in ``authored``, names the earlier message in
``repeat_of`` and counts in ``n_words_authored`` only the words not said there: none for a
resend, the rest of a message whose first copy went out too soon, the new comment under a
tracker's header table.

A message repeats an earlier one when the two have one sender (a distinctive full name, else
the address, as threading tells them: `analyzer.threads.core.sender_codes`) and one subject,
and the shorter of the two texts is nearly all in the other (`copies.repeats`: 80% of its
pairs of consecutive words, those of its first half too). A word is said again when it stands
in a run of three words as in the earlier text.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from itertools import pairwise

import numpy as np
import pandas as pd

from analyzer.quotes.prose import may_hold_output, prose_words
from analyzer.threads.copies import MIN_PAIRS, Pairs, repeats_paired
from analyzer.threads.core import sender_codes

REPEAT_OF = "repeat_of"
LOOK_BACK = 20
"""Earlier messages of the sender under the subject that each message is compared with, the
latest first: a patch series' new version comes after its author's answers to the reviews of
the last (six of them, on openbmc), a ticket's notice after a dozen others."""
WINDOW_ROWS = 10_000
"""Texts are read a stretch of the archive at a time (a quote chunk's at most: one or two of
their files each) and held until the last message of their sender's subject has been read."""

AuthoredTexts = Callable[[np.ndarray], list[str]]
"""The ``authored`` texts of the rows asked for, for a table that does not hold them."""


def count_words_once(messages: pd.DataFrame, authored_of: AuthoredTexts | None = None) -> None:
    """Set ``repeat_of`` and lower ``n_words_authored`` of the messages that repeat an earlier
    one of their sender's (in place). Reads ``message_id``, ``date``, ``from_email``,
    ``from_name``, ``subject_norm``, ``n_words_authored`` and ``authored`` (else asks
    ``authored_of``)."""
    repeat_row, new_words = words_said_again(messages, authored_of)
    ids = messages["message_id"].to_numpy(dtype=object)
    found = repeat_row >= 0
    named = np.full(len(messages), None, dtype=object)
    named[found] = ids[repeat_row[found]]
    messages[REPEAT_OF] = named
    if found.any():
        counts = messages["n_words_authored"].to_numpy(dtype=np.int64, copy=True)
        counts[found] = new_words[found]
        messages["n_words_authored"] = counts


def words_said_again(
    messages: pd.DataFrame, authored_of: AuthoredTexts | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """For each row, the row of the earlier message it repeats (-1 for none) and how many of
    its words that message did not say."""
    n = len(messages)
    repeat_row = np.full(n, -1, dtype=np.int64)
    new_words = np.zeros(n, dtype=np.int64)
    groups = _candidate_groups(messages)
    if groups is None:
        return repeat_row, new_words
    if authored_of is None:
        column = messages["authored"]

        def authored_of(rows: np.ndarray) -> list[str]:
            return column.iloc[rows].tolist()

    rows, starts = groups
    ends = np.r_[starts[1:], len(rows)]
    last_row = np.maximum.reduceat(rows, starts)
    by_last_row = np.argsort(last_row, kind="stable")
    wanted = np.sort(rows)
    held: dict[int, str] = {}
    done = 0
    for window in range(0, n, WINDOW_ROWS):
        # the texts of this stretch of the archive, kept until their groups have been compared
        fetched = wanted[(wanted >= window) & (wanted < window + WINDOW_ROWS)]
        held.update(zip(fetched.tolist(), authored_of(fetched), strict=True))
        while done < len(by_last_row) and last_row[by_last_row[done]] < window + WINDOW_ROWS:
            g = by_last_row[done]
            members = rows[starts[g] : ends[g]].tolist()
            _compare_group(members, [held.pop(row) or "" for row in members], repeat_row, new_words)
            done += 1
    return repeat_row, new_words


def _candidate_groups(messages: pd.DataFrame) -> tuple[np.ndarray, np.ndarray] | None:
    """The rows that may repeat one another, by sender and subject, each group in date order
    (archive order among equal dates), and where each group starts."""
    words = pd.to_numeric(messages["n_words_authored"], errors="coerce").fillna(0).to_numpy()
    senders = sender_codes(messages)
    subjects, _ = pd.factorize(messages["subject_norm"].where(messages["subject_norm"] != ""))
    # a text of fewer words than MIN_PAIRS + 1 is no copy (`copies.repeats`)
    rows = np.flatnonzero((senders >= 0) & (subjects >= 0) & (words > MIN_PAIRS))
    key = senders[rows].astype(np.int64) * (int(subjects.max(initial=0)) + 1) + subjects[rows]
    shared = pd.Series(key).duplicated(keep=False).to_numpy()
    rows, key = rows[shared], key[shared]
    if not len(rows):
        return None
    dates = pd.to_datetime(messages["date"], utc=True).to_numpy(dtype="datetime64[ns]")
    moments = dates[rows].view(np.int64)  # NaT (no date) sorts first: earliest
    order = np.lexsort((rows, moments, key))
    rows, key = rows[order], key[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    return rows, starts


def _compare_group(
    rows: list[int], texts: list[str], repeat_row: np.ndarray, new_words: np.ndarray
) -> None:
    """Each message of one sender under one subject against those before it, the latest first.

    Two texts are compared whole (a resent patch is a copy), then, when they differ, by their
    prose, the words counted (a new version of a patch series says its description again
    over a changed diff)."""
    flat = [" ".join(text.lower().split()) for text in texts]
    whole: dict[int, Words] = {}
    prose: dict[int, Words] = {}

    def words_of(k: int, kind: dict[int, Words], split: Callable[[str], list[bytes]]) -> Words:
        if k not in kind:
            tokens = split(texts[k])
            kind[k] = tokens, set(pairwise(tokens))
        return kind[k]

    for i in range(1, len(rows)):
        for j in range(i - 1, max(-1, i - 1 - LOOK_BACK), -1):
            if flat[i] != flat[j]:
                if not _may_repeat(flat[i], flat[j]):
                    continue
                if repeats_paired(*words_of(i, whole, _tokens), *words_of(j, whole, _tokens)):
                    pass
                elif not (may_hold_output(texts[i]) or may_hold_output(texts[j])) or not (
                    repeats_paired(
                        *words_of(i, prose, prose_words), *words_of(j, prose, prose_words)
                    )
                ):
                    continue  # (texts all prose were compared whole)
            repeat_row[rows[i]] = rows[j]
            new_words[rows[i]] = _unsaid(
                words_of(i, prose, prose_words)[0], words_of(j, prose, prose_words)[0]
            )
            break


def _tokens(text: str) -> list[bytes]:
    """The words of a whole text in lower case, its patches and logs too."""
    return text.lower().encode("utf-8", "surrogatepass").translate(None, _PUNCTUATION).split()


_PUNCTUATION = string.punctuation.encode("ascii")
Words = tuple[list[bytes], Pairs]
"""A text's words and its pairs of consecutive words."""


_WINDOW = 24
"""Characters of the shorter text looked for in the longer before their words are compared."""


def _may_repeat(a: str, b: str) -> bool:
    """Whether a piece of the first half of the shorter text is in the other (a copy holds
    most of it): most messages of one sender under one subject share no such piece, and are
    not compared word by word."""
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    half = len(shorter) // 2
    if half < _WINDOW:
        return True
    return any(
        shorter[at : at + _WINDOW] in longer for at in (0, (half - _WINDOW) // 2, half - _WINDOW)
    )


def _unsaid(words: list[bytes], earlier: list[bytes]) -> int:
    """How many of ``words`` stand in no run of three words as in ``earlier``: two words side
    by side are often common to any two texts ("of the", "as the"), three much less."""
    said_runs = set(zip(earlier, earlier[1:], earlier[2:], strict=False))
    said = [False] * len(words)
    for k, run in enumerate(zip(words, words[1:], words[2:], strict=False)):
        if run in said_runs:
            said[k] = said[k + 1] = said[k + 2] = True
    return said.count(False)
