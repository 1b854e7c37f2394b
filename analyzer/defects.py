"""What a message's ``defects`` say, sorted for the counts: damage (a date without a zone, a
broken charset, a Message-ID made up) or a repair that worked (a sender's address that the list
had put in place of theirs, taken back from Reply-To; the placeholder date of a piece Pipermail
split off a message, replaced by the time Mailman archived it). A DMARC list rewrites every From: on
usrp-users all 634 messages carry that note, and counting them "with defects" alarmed for
nothing."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

_REPAIRS = (
    re.compile(r"from: list address \S+ replaced by Reply-To\b"),
    re.compile(r"date: Pipermail's placeholder Date .* replaced by the time Mailman archived it\b"),
)
"""Notes of a repair that worked: kept in ``defects`` (what was done), counted apart."""

_DETAIL = re.compile(
    r"(?<!\w)'[^']*'(?!\w)|(?<!\w)\"[^\"]*\"(?!\w)|\S+@\S+|(?<![\w.-])[+-]?\d+(?:\.\d+)?(?![\w-])"
)
"""A message's own details in a defect: a quoted value, an address, a number (not the 8 of
"UTF-8" or "8-bit")."""


def is_repair(defect: str) -> bool:
    """Whether the defect notes a repair that worked rather than damage."""
    return any(pattern.match(defect) for pattern in _REPAIRS)


def damaged(defects: Iterable[str]) -> bool:
    """Whether any of a message's defects is damage (not a repair's note)."""
    return any(not is_repair(defect) for defect in defects)


def defect_kind(defect: str) -> str:
    """The kind of a defect: its text without the message's own details (addresses, quoted
    names, numbers), so that the 634 notes of one list address are one kind."""
    return _DETAIL.sub("…", defect)


def defect_kinds(defects: Iterable[Iterable[str]]) -> list[tuple[str, int]]:
    """Each kind of defect of these messages and how many messages have it, commonest first."""
    counts = Counter(kind for one in defects for kind in {defect_kind(d) for d in one})
    return counts.most_common()
