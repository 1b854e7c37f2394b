"""Names forged onto a person's address: spam that borrows a known sender, not that sender.

Spammers harvest addresses from archives and send from them under names of their own ("Hope
Rios" at the address Tommi Virtanen wrote 207 messages from, years after his last one). Counting
such a message as the person's gives them a thread they never started, and a topic they never
touched. A name is taken for a stray only when every sign agrees: the address has one owner
(its most used name, a full name, and the names that fit it), the stray name is used at most
``_MAX_STRAY_MESSAGES`` times there against at least ``_MIN_OWNER_MESSAGES`` of the owner's,
shares no word with the owner's names (not even the beginning of one: "Burus" and "Alexander
Burtsev" may be one man) nor with the address, comes after the owner's last message (a person
who changes name keeps writing; a forged sender appears once the address is known), and only
starts threads (spam answers no one). Anything else, a nickname, a company name, a name changed
for good, stays with the address.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TYPE_CHECKING

from analyzer.identity.names import is_distinctive, names_compatible

if TYPE_CHECKING:
    from analyzer.identity.linking import SenderKeys

_MAX_STRAY_MESSAGES = 2
_MIN_OWNER_MESSAGES = 10
# Tokens that begin with this many letters alike may be one name (a nickname, a spelling).
_SHARED_BEGINNING = 3


def _related(first: str, second: str) -> bool:
    """Whether two normalised names may be one person's: they fit one another, share a word or
    the beginning of one, or one is the initials of the other (``tv``, Tommi Virtanen)."""
    if names_compatible(first, second):
        return True
    a, b = first.split(), second.split()
    for x in a:
        for y in b:
            if x == y or (min(len(x), len(y)) >= _SHARED_BEGINNING and x[:3] == y[:3]):
                return True
    return any(
        len(name) == 1 and len(name[0]) >= 2 and name[0] == "".join(t[0] for t in other)
        for name, other in ((a, b), (b, a))
    )


def _in_address(normalized: str, address: str) -> bool:
    """A word of the name (three letters or more) in the address: ``lvh`` at ``_@lvh.io``."""
    letters = re.sub(r"[^a-z]", "", address.lower())
    return any(len(t) >= 3 and t in letters for t in normalized.split())


def stray_keys(keys: SenderKeys, shared: dict[str, str]) -> dict[int, str]:
    """The keys whose name is forged onto another person's address, each with the reason.

    Needs the keys' message counts, dates and thread starts; without them nothing is a stray.
    Shared addresses are left out: there every name is its own sender already.
    """
    n = len(keys)
    if not (len(keys.n_messages) == len(keys.first_ns) == len(keys.starts) == n) or not n:
        return {}
    at_address: dict[str, list[int]] = defaultdict(list)
    for i, address in enumerate(keys.address):
        if address and address not in shared:
            at_address[address].append(i)
    strays: dict[int, str] = {}
    for address, indices in at_address.items():
        if len(indices) > 1:
            strays.update(_strays_at(keys, address, indices))
    return strays


def _strays_at(keys: SenderKeys, address: str, indices: list[int]) -> dict[int, str]:
    """The strays among the keys of one address (see the module's docstring)."""
    count: dict[str, int] = defaultdict(int)
    for i in indices:
        count[keys.normalized[i]] += keys.n_messages[i]
    named = sorted((name for name in count if name), key=lambda name: (-count[name], name))
    if len(named) < 2 or not is_distinctive(named[0]):
        return {}
    owner = named[0]
    owners = {name for name in named if _related(name, owner)}
    others = [name for name in named if name not in owners]
    owner_messages = sum(count[name] for name in owners)
    if (
        not others
        or owner_messages < _MIN_OWNER_MESSAGES
        or any(count[name] > _MAX_STRAY_MESSAGES for name in others)
    ):
        return {}
    # the owner's span, with the messages sent without a name
    last = max(keys.last_ns[i] for i in indices if keys.normalized[i] not in others)
    found: dict[int, str] = {}
    for i in indices:
        name = keys.normalized[i]
        if name not in others or _in_address(name, address):
            continue
        if any(_related(name, known) for known in owners):
            continue
        if keys.first_ns[i] <= last or keys.starts[i] < keys.n_messages[i]:
            continue
        found[i] = (
            f"name {keys.raw_name[i]!r} used {count[name]} time(s) at {address}, after the last"
            f" of its {owner_messages} messages as {owner!r} and without a word in common:"
            " a forged sender, kept apart"
        )
    return found
