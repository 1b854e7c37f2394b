"""Two rules that join addresses the name rules cannot: an initialled name whose addresses spell
it, and a robot that moved from one host to another.

Both need more than a shared name, which is not distinctive here ("R. Church", an empty name):
the addresses must say the same thing as the names (the local part spells the initials and the
surname), or the times must (one robot stops the day the other starts).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

from analyzer.identity.addresses import (
    is_automated_sender,
    is_role_address,
    is_truncated,
    local_part_key,
)
from analyzer.identity.names import GENERIC_NAME_TOKENS, names_compatible

if TYPE_CHECKING:
    from analyzer.identity.linking import SenderKeys

Join = Callable[[int, int, str], None]
# Initials written as letters ("m j", "mj"): at most this many.
_MAX_INITIALS = 3
_Member = tuple[int, str, str, bool]
"""A key of a group: its index, initials, given names, whether written as initials."""
# More keys than this of one surname and initial are a common name, not one person's spellings.
_MAX_GROUP = 12


def _initials_and_surname(normalized: str) -> tuple[str, str, str, bool] | None:
    """(initials, surname, given names, written as initials) of a name of two or more words:
    ``m j stahl`` and ``mj stahl`` give ``mj``; ``robert church`` gives ``r``."""
    tokens = normalized.split()
    if len(tokens) < 2 or not all(t.isalpha() for t in tokens):
        return None
    surname, given = tokens[-1], tokens[:-1]
    if len(surname) < 3 or surname in GENERIC_NAME_TOKENS:
        return None
    letters = "".join(given)
    if all(len(t) <= 2 for t in given) and len(letters) <= _MAX_INITIALS:
        return letters, surname, letters, True
    return "".join(t[0] for t in given), surname, " ".join(given), False


def _spells(local: str, initials: str, surname: str, given: str) -> bool:
    """Whether a local part spells the name: ``mjstahl``, ``mjmstahl`` (one more initial),
    ``churchr``, ``rc`` (the initials of every word), ``robertchurch``."""
    letters = "".join(c for c in local if c.isalpha())
    if letters in {
        initials + surname,
        surname + initials,
        initials + surname[0],
        given.replace(" ", "") + surname,
    }:
        return True
    head = letters.removesuffix(surname)
    return head != letters and 1 <= len(head) <= _MAX_INITIALS and head.startswith(initials)


def link_by_spelled_initials(
    keys: SenderKeys, own: Sequence[str], isolated: Callable[[int], bool], join: Join
) -> None:
    """``M.J. Stahl`` at ``mjmstahl@one.net`` and ``MJ Stahl`` at ``mjstahl@mac.com``; ``R. Church``
    at ``rc@ghostbitch.org`` and ``Robert Church`` at ``rc@pgdn.org``.

    An initialled name joins another of the same surname and initials (or a full name they are the
    initials of) when every address spells its key's name. Any two full first names in the group
    that do not fit one another (Robert and Richard) leave the whole group apart.
    """
    own_set = set(own)
    groups: dict[tuple[str, str], list[_Member]] = defaultdict(list)
    for i, address in enumerate(keys.address):
        if address not in own_set or is_truncated(address) or isolated(i):
            continue
        parts = _initials_and_surname(keys.normalized[i])
        if parts is None:
            continue
        initials, surname, given, initialled = parts
        if _spells(local_part_key(address), initials, surname, given):
            groups[surname, initials[0]].append((i, initials, given, initialled))
    for (surname, _), members in sorted(groups.items()):
        if not any(m[3] for m in members) or len(members) > _MAX_GROUP:
            continue
        spelled = sorted({m[1] for m in members}, key=len)
        if not all(longer.startswith(spelled[0]) for longer in spelled):
            continue
        full = sorted({m[2] for m in members if not m[3]})
        if not all(names_compatible(full[0], other) for other in full[1:]):
            continue
        for k, first in enumerate(members):
            for second in members[k + 1 :]:
                if _evidence(keys.address, first, second):
                    join(
                        second[0],
                        first[0],
                        f"initials and surname {surname!r} spelled by both addresses",
                    )


def _evidence(addresses: Sequence[str], first: _Member, second: _Member) -> bool:
    """Two initials at least on both sides (``M.J.``), or one local part (``rc``) beside a full
    first name: ``J. Smith`` at ``jsmith@`` and ``js@`` may be two of the many J. Smiths."""
    (i, initials_i, _, initialled_i), (j, initials_j, _, initialled_j) = first, second
    if addresses[i] == addresses[j] or not (initialled_i or initialled_j):
        return False
    if min(len(initials_i), len(initials_j)) >= 2:
        return True
    same_local = local_part_key(addresses[i]) == local_part_key(addresses[j])
    return same_local and not (initialled_i and initialled_j)


def link_robot_handover(keys: SenderKeys, own: Sequence[str], join: Join) -> None:
    """A robot (the Jenkins of a project) that moved host: automated senders of one local part and
    one name at several addresses, each starting after the one before stopped."""
    if len(keys.first_ns) != len(keys) or len(keys.last_ns) != len(keys):
        return
    own_set = set(own)
    span: dict[str, list[int]] = {}
    key_of: dict[str, int] = {}
    names: dict[str, set[str]] = defaultdict(set)
    with_people: set[str] = set()  # a person writes from it too
    for i, address in enumerate(keys.address):
        if address not in own_set or is_role_address(address):
            continue
        names[address].add(keys.normalized[i])
        if not is_automated_sender(address, keys.normalized[i]):
            with_people.add(address)
        first, last = keys.first_ns[i], keys.last_ns[i]
        if address in span:
            span[address] = [min(span[address][0], first), max(span[address][1], last)]
        else:
            span[address], key_of[address] = [first, last], i
    by_robot: dict[tuple[str, str], list[str]] = defaultdict(list)
    for address, used in names.items():
        if len(used) == 1 and address not in with_people:
            by_robot[local_part_key(address), next(iter(used))].append(address)
    for (local, _), addresses in sorted(by_robot.items()):
        if len(addresses) < 2:
            continue
        ordered = sorted(addresses, key=lambda a: (span[a][0], a))
        if any(span[a][1] > span[b][0] for a, b in pairwise(ordered)):
            continue
        for before, after in pairwise(ordered):
            join(
                key_of[after],
                key_of[before],
                f"robot {local!r} moved from {before} to {after}",
            )
