"""A reply that greets someone by name ("Hi Curtis,", "Congratulations Curtis.") answers that
person's message, not merely the latest one of its subject.

Only for the messages placed by their subject alone (no reply headers, no quote): the subject
says which discussion, the greeting whom in it. The greeted name must be a word of the sender's
name of an earlier message of the same subject, among the few before it.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

_GREETING = re.compile(
    r"^[ \t]*(?i:hi|hello|hey|dear|thanks|thank\s+you|many\s+thanks|congratulations|congrats"
    r"|hallo|hola|bonjour|ciao)[ \t,!]+([A-Z][^\W\d_]{1,30}"
    r"(?:(?:[ \t]*,[ \t]*|[ \t]+(?:and|&)[ \t]+)[A-Z][^\W\d_]{1,30})*)\b"
)
# A name alone on the first line, as a greeting ("Cory" / "Thanks for the detailed reply").
_NAME_ALONE = re.compile(r"^[ \t]*([A-Z][^\W\d_]{1,30})[ \t]*[,:!]?[ \t]*$")
_BETWEEN_NAMES = re.compile(r"\s*,\s*|\s+(?:and|&)\s+")
# Words that follow a greeting and name no one ("Hi All", "Thanks Again", "Dear Sir").
_NOBODY = frozenset(
    {
        "all", "everyone", "everybody", "there", "guys", "folks", "team", "again", "for", "so",
        "in", "to", "list", "sir", "madam", "friends", "experts", "devs", "developers", "people",
        "very", "much", "lot", "both",
    }
)  # fmt: skip
LINES_SEARCHED = 3  # a greeting opens the text: the first non-blank lines only
CANDIDATES = 20  # how many earlier messages of the subject may be the one greeted


def greeted_name(text: str) -> tuple[str, ...] | None:
    """The names a message's first lines greet ("Hi Thorsten and Alfonso"; a name alone on
    the first line, "Cory"), in lower case. A lone word that is no one's name greets no one:
    only a sender's name is looked for (`greeted_links`)."""
    seen = 0
    for line in text.split("\n", 12)[:12]:
        if not line.strip():
            continue
        match = _GREETING.match(line) or (_NAME_ALONE.match(line) if seen == 0 else None)
        if match is not None:
            names = tuple(
                name.casefold()
                for name in _BETWEEN_NAMES.split(match.group(1))
                if name.casefold() not in _NOBODY
            )
            return names or None
        seen += 1
        if seen >= LINES_SEARCHED:
            return None
    return None


def greeted_links(
    greeted: dict[int, tuple[str, ...]],
    rows: np.ndarray,
    group_start: np.ndarray,
    dates: np.ndarray,
    sender_names: np.ndarray,
    window: pd.Timedelta,
) -> pd.Series:
    """Parents of the ``greeted`` rows (row -> names): the latest earlier message of their
    subject group (``rows`` sorted by subject then time, ``group_start`` marking each group's
    first) within ``window`` whose sender's name holds a greeted name."""
    if not greeted:
        return pd.Series([], dtype=np.int64)
    position_of = {int(row): k for k, row in enumerate(rows.tolist()) if int(row) in greeted}
    first_of_group = np.maximum.accumulate(np.where(group_start, np.arange(len(rows)), 0))
    children: list[int] = []
    parents: list[int] = []
    for row, greeted_names in greeted.items():
        names = frozenset(greeted_names)
        position = position_of.get(row)
        if position is None:
            continue
        start = max(int(first_of_group[position]), position - CANDIDATES)
        for k in range(position - 1, start - 1, -1):
            candidate = int(rows[k])
            if dates[row] - dates[candidate] > window.value:
                break
            if not names.isdisjoint(name_words(sender_names[candidate])):
                children.append(row)
                parents.append(candidate)
                break
    return pd.Series(parents, index=children, dtype=np.int64)


def name_words(name: object) -> list[str]:
    """The words of a sender's name, in lower case, as a greeting would use them."""
    return str(name).replace(",", " ").replace(".", " ").casefold().split()
