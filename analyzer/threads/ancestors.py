"""Replies whose In-Reply-To names a message the archive lacks while their References name an
archived ancestor: most answer the missing message (a private mail, a post the archive lost),
and their headers keep them under it; some quote the ancestor's own text and answer it.

Apart from `quoted_links`, which searches many candidates: here each reply is compared with one
message, the nearest archived ancestor its References name, so that the few such replies cost
two bodies each.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analyzer.quotes import patterns as p
from analyzer.threads.attributions import attribution
from analyzer.threads.quoted_links import (
    MAX_QUOTED,
    BodyLookup,
    looked_up,
    lookup_of,
)
from analyzer.threads.quoting import LETTER_WORD, is_prose, own_text, quoted_lines

_HELD_LINES = 2  # sentences of the ancestor's own text the quote must hold, as a wide search


def _says_something(line: str) -> bool:
    """Whether a quoted line is words someone wrote: not a list footer, a link or a rule."""
    return (
        len(LETTER_WORD.findall(line)) >= 2
        and "://" not in line
        and p.LIST_FOOTER_LINE.search(line) is None
        and p.FOOTER_FILLER.match(line) is None
    )


def answers_ancestor(quoted: list[str], ancestor: str) -> bool:
    """Whether a reply that quotes these lines quotes the ancestor itself: sentences of its
    own text, and no line it lacks. A reply to the missing message quotes that message's words
    (an answer, an "Ann wrote:" over the ancestor's words), which the ancestor never wrote."""
    own = own_text(ancestor)
    held = sum(1 for line in quoted if is_prose(line) and line in own)
    if held < _HELD_LINES:
        return False
    whole = " ".join(ancestor.split()).lower()
    return all(line in whole for line in quoted if _says_something(line))


def ancestor_links(
    children: np.ndarray,
    ancestors: np.ndarray,
    bodies: pd.Series | BodyLookup,
    sender_names: np.ndarray | None = None,
    dates: np.ndarray | None = None,
) -> np.ndarray:
    """Which of the ``children`` (rows) answer their ``ancestors`` (rows), by `answers_ancestor`
    or, given the ``sender_names`` and ``dates``, by their attribution: one naming the
    ancestor's sender (not the child's own) and dating it names the ancestor even when its
    text was lost (an HTML part scrubbed) and the quote matches nothing. An undated one may
    name that person's later message, the one missing ("Tim Allen wrote:").

    The children's bodies are read first; only the ancestors of those that quote are read.
    """
    lookup = lookup_of(bodies)
    quoted_of: dict[int, list[str]] = {}
    answers = np.zeros(len(children), dtype=bool)
    position = {int(row): k for k, row in enumerate(children.tolist())}
    for row, text in looked_up(lookup, children):
        lines = quoted_lines(text, limit=MAX_QUOTED) if isinstance(text, str) else []
        if len(lines) >= _HELD_LINES:
            quoted_of[row] = lines
        if sender_names is not None and dates is not None and lines:
            named = attribution(str(text))
            k = position[row]
            answers[k] = (
                named is not None
                and named.sent is not None
                and not named.names_sender(sender_names[row])
                and named.names_sender(sender_names[ancestors[k]])
                and named.sent_at(int(dates[ancestors[k]]))
            )
    wanted = np.isin(children, np.fromiter(quoted_of, np.int64, len(quoted_of))) & ~answers
    ancestor_texts = dict(looked_up(lookup, ancestors[wanted]))
    for k in np.flatnonzero(wanted).tolist():
        ancestor = ancestor_texts.get(int(ancestors[k]))
        if isinstance(ancestor, str):
            answers[k] = answers_ancestor(quoted_of[int(children[k])], ancestor)
    return answers
