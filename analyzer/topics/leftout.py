"""Messages and lines that discovered topics leave out: they name no subject of debate.

Robots (``is_automated`` authors) say nothing of their own, and among them are the periodic
reports a script posts from a person's address (``analyzer.identity.reports``: on
twisted-python ~800 "Weekly Bug Summary" mails made two of eight topics, "weekly / summary /
bug" and "opened / closed / exarkun"). A message that repeats its sender's earlier one
(``repeat_of``) has its words counted in that one already. A patch's trailers
(``Signed-off-by:``, ``Reviewed-by:``...) gave topics the words ``signed reviewed``.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Final

import numpy as np
import pandas as pd

from analyzer.model import PLACEHOLDER_ADDRESSES

KEPT: Final = 0
TEXT_LEFT_OUT: Final = 1
"""A repeat: its subject still names its thread, its text was counted in the earlier copy."""
LEFT_OUT: Final = 2
"""A robot's message (a report too): neither its subject nor its text is read; a thread it
opens is named by no subject (its replies' subject is the report's), only its replies' words."""

# Trailer lines of patches and change reviews: people's names and addresses, not subjects.
_TRAILER: Final = (
    r"[a-z]+(?:-[a-z]+)*-by:.*"  # Signed-off-by, Reviewed-by, Acked-by, Reported-and-tested-by
    r"|cc:.*(?:@| at |<).*"
    r"|change-id: *i[0-9a-f]{8,}.*"
    r"|fixes: *[0-9a-f]{7,}\b.*"
)
TRAILER_LINE: Final = re.compile(rf"^[ \t]*(?:{_TRAILER})$", re.IGNORECASE | re.MULTILINE)


def left_out(messages: pd.DataFrame, automated: Collection[str] = ()) -> np.ndarray:
    """What discovery reads of each table position (``KEPT``, ``TEXT_LEFT_OUT`` or
    ``LEFT_OUT``): the rules that need a column the table lacks (``repeat_of``, ``author_id``)
    leave nothing out."""
    leave = np.zeros(len(messages), dtype=np.int8)
    if "repeat_of" in messages:
        leave[messages["repeat_of"].notna().to_numpy(dtype=bool)] = TEXT_LEFT_OUT
    if automated and "author_id" in messages:
        robots = messages["author_id"].isin(set(automated))
        if "from_email" in messages:  # people whose address the archiver lost are no robots
            robots &= ~messages["from_email"].str.casefold().isin(PLACEHOLDER_ADDRESSES)
        leave[robots.to_numpy(dtype=bool)] = LEFT_OUT
    return leave
