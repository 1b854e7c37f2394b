"""A second copy of a message is no answer to the first: the subject and the quote fallbacks must
not link a resend, a repost or a new version of a patch series to its sender's earlier message.

People send again what got no answer, was cut short, lost its attachment, or went out from the
wrong address ("sorry, resending", "[whoops, sorry about the previous incomplete message]"); a
spam run or an invitation arrives twice. Such a copy has the earlier one's subject and often
its words, so the fallbacks took it for a reply to it (twisted-python: 47 of 904 inferred
links). A copy says what the earlier message said, where a follow-up says something new and
quotes (or forwards) the earlier text below: only the sender's own words above any quote,
separator or header block are compared, so a follow-up that quotes itself unmarked keeps its
link. A new version of a patch series ("[PATCH v4 …]" after "[PATCH …]") replaces the old
one; a reply keeps the version of what it answers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Mapping, Sequence
from itertools import pairwise

import numpy as np

MIN_PAIRS = 8
"""Fewest pairs of consecutive words the shorter text must hold to be judged: "Thanks!" or
"Any news?" twice is no copy."""
SHARED = 0.8
"""Share of the shorter text's word pairs (and of those of its first half) that the other holds
in a copy. Copies that were re-wrapped, corrected in a word or two, or given a line of excuse
share 0.8 to 1; on the six test lists a sender's other messages under one subject share at
most 0.78, a long disclaimer that closes both (their first halves then share 0.57)."""

_PATCH_TAG = re.compile(r"\[([^\[\]]*\bpatch[^\[\]]*)\]", re.IGNORECASE)
_VERSION = re.compile(r"(?:^|[\s,]|patch)v(\d{1,3})\b", re.IGNORECASE)


def patch_version(subject: str) -> int:
    """The version of the patch series a subject names: "[PATCH v4 linux 00/10]" is 4, a
    first version names none ("[PATCH 0/3]": 1); 0 for a subject without a patch tag."""
    tag = _PATCH_TAG.search(subject)
    if tag is None:
        return 0
    version = _VERSION.search(tag.group(1))
    return int(version.group(1)) if version else 1


Pairs = set[tuple[Hashable, Hashable]]


def _pairs(words: Sequence[Hashable]) -> Pairs:
    return set(pairwise(words))


def repeats(later: Sequence[Hashable], earlier: Sequence[Hashable]) -> bool:
    """Whether one text is a copy of the other: nearly all the word pairs of the shorter are in
    the longer (a copy may add a line of excuse, or the rest of a message sent too soon), those
    of its first half too (a disclaimer that closes both messages is no copy of the words)."""
    return repeats_paired(later, _pairs(later), earlier, _pairs(earlier))


def repeats_paired(
    later: Sequence[Hashable], later_pairs: Pairs, earlier: Sequence[Hashable], earlier_pairs: Pairs
) -> bool:
    """`repeats`, given the texts' pairs of consecutive words (made once for a text compared
    with several others)."""
    shorter, whole, found = later, later_pairs, earlier_pairs
    if len(later) > len(earlier):
        shorter, whole, found = earlier, earlier_pairs, later_pairs
    if len(whole) < MIN_PAIRS or len(whole & found) < SHARED * len(whole):
        return False
    head = _pairs(shorter[: len(shorter) // 2 + 1])
    return len(head & found) >= SHARED * len(head)


def second_copies(
    children: np.ndarray,
    parents: np.ndarray,
    senders: np.ndarray,
    versions: np.ndarray,
    words: Callable[[np.ndarray], Mapping[int, list[str] | None]] | None,
) -> np.ndarray:
    """Which links (``children[k]`` to ``parents[k]``) join a copy to an earlier copy: the
    same patch series in another version (``versions``: `patch_version` per row), or the same
    sender (``senders``: codes, -1 unknown) saying again what the earlier message said
    (``words`` gives the `own_words` of the rows asked for: those of the few such links; None
    for a body without any text, only the archive's notices of what it scrubbed). Two such
    bodies of one sender are copies too: a worm's or a spam run's posts, an attachment sent
    again; nothing in them says they answer anything."""
    copy = (versions[children] > 0) & (versions[parents] > 0)
    copy &= versions[children] != versions[parents]
    same = (senders[children] >= 0) & (senders[children] == senders[parents]) & ~copy
    if words is None or not same.any():
        return copy
    asked = np.flatnonzero(same)
    words_of = words(np.concatenate([children[asked], parents[asked]]))
    for k in asked.tolist():
        later, earlier = words_of[int(children[k])], words_of[int(parents[k])]
        if later is None or earlier is None:
            copy[k] = later is None and earlier is None
        else:
            copy[k] = repeats(later, earlier)
    return copy
