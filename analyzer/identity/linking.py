"""The rules that say two sender keys are one person, each recorded with its reason.

A sender key is one (address, name) pair as the archive spells it. Rules run in a fixed order
(forced merges, same address, same mailbox, truncated address, same local part, same name), each
over keys sorted by (address, name), so the result depends only on the set of keys, never on the
order of ingest.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from analyzer.errors import ConfigError
from analyzer.identity.addresses import (
    is_distinctive_local_part,
    is_role_address,
    is_truncated,
    local_part_key,
    mailbox_key,
    name_from_local_part,
)
from analyzer.identity.names import (
    is_distinctive,
    name_match_keys,
    names_compatible,
    names_disjoint,
)
from analyzer.identity.overrides import IdentityOverrides, canonical_item
from analyzer.identity.unionfind import UnionFind

# A local part shared by more addresses than this is a common word, not one person's handle.
_MAX_ADDRESSES_PER_LOCAL_PART = 12

Join = Callable[[int, int, str], None]
"""Merge two keys, recording why (refused silently when a forced split forbids it)."""


@dataclass(frozen=True)
class SenderKeys:
    """Distinct (address, name) pairs, sorted by address then raw name."""

    address: Sequence[str]
    raw_name: Sequence[str]
    normalized: Sequence[str]
    via_rewritten: Sequence[bool]
    """The name carried ``X via ListName``: the address is the list's, not the sender's."""

    def __len__(self) -> int:
        return len(self.address)


@dataclass
class Linking:
    """The union-find after every rule, the merges it made and the addresses found shared."""

    sets: UnionFind
    merges: list[tuple[int, int, str]] = field(default_factory=list)
    shared: dict[str, str] = field(default_factory=dict)


def shared_addresses(keys: SenderKeys, overrides: IdentityOverrides) -> dict[str, str]:
    """Addresses that do not identify one person, each with the reason."""
    names_by_address: dict[str, set[str]] = defaultdict(set)
    shared: dict[str, str] = {}
    for i, address in enumerate(keys.address):
        if not address:
            continue
        if keys.via_rewritten[i]:
            shared.setdefault(address, f"list rewrites senders ({keys.raw_name[i]!r})")
        if is_distinctive(keys.normalized[i]):
            names_by_address[address].add(keys.normalized[i])
    for address in overrides.shared_addresses:
        shared[address] = "declared shared in the list configuration"
    for address in sorted(set(keys.address)):
        if address and address not in shared and is_role_address(address):
            shared[address] = "role address"
    for address, names in names_by_address.items():
        if address in shared or len(names) < 2:
            continue
        ordered = sorted(names)
        pair = next(
            (
                (a, b)
                for k, a in enumerate(ordered)
                for b in ordered[k + 1 :]
                if names_disjoint(a, b)
            ),
            None,
        )
        if pair:
            shared[address] = f"used by different names ({pair[0]!r}, {pair[1]!r})"
    return shared


class _ItemLookup:
    """Finds the keys that an address or a name of the list configuration stands for."""

    def __init__(self, keys: SenderKeys) -> None:
        self._by_address: dict[str, list[int]] = defaultdict(list)
        self._by_name: dict[str, list[int]] = defaultdict(list)
        for i in range(len(keys)):
            self._by_address[keys.address[i]].append(i)
            self._by_name[keys.normalized[i]].append(i)

    def targets(self, items: Sequence[str]) -> list[list[int]]:
        """For each item of a configured group, the keys it stands for."""
        found = []
        for item in items:
            kind, _, value = canonical_item(item).partition(":")
            table = self._by_address if kind == "address" else self._by_name
            found.append(table.get(value, []))
        return found


def link_sender_keys(keys: SenderKeys, overrides: IdentityOverrides) -> Linking:
    """Apply every rule; forced splits veto any merge, forced merges win over everything else."""
    sets = UnionFind(len(keys))
    linking = Linking(sets=sets, shared=shared_addresses(keys, overrides))
    shared = linking.shared
    isolated_addresses: set[str] = set()
    isolated_names: set[str] = set()
    lookup = _ItemLookup(keys)

    for group_index, group in enumerate(overrides.force_split):
        if len(group) == 1:
            kind, _, value = canonical_item(group[0]).partition(":")
            (isolated_addresses if kind == "address" else isolated_names).add(value)
            continue
        for member, found in enumerate(lookup.targets(group)):
            for i in found:
                sets.keep_apart(i, group_index, member)

    def join(i: int, j: int, reason: str) -> None:
        if sets.union(i, j):
            linking.merges.append((i, j, reason))

    for group in overrides.force_merge:
        members = [i for found in lookup.targets(group) for i in found]
        for i in members[1:]:
            if sets.conflicts(members[0], i):
                raise ConfigError(f"[authors] merge {group!r} contradicts a split")
            join(i, members[0], "merged in the list configuration")

    def isolated(i: int) -> bool:
        return keys.address[i] in isolated_addresses or keys.normalized[i] in isolated_names

    # One address, one person, unless the address is shared.
    first_of_address: dict[str, int] = {}
    for i, address in enumerate(keys.address):
        if not address or address in shared:
            continue
        if address in first_of_address:
            join(i, first_of_address[address], f"same address {address}")
        else:
            first_of_address[address] = i
    own = sorted(a for a in first_of_address if a not in isolated_addresses)

    # Spellings of one mailbox: plus tags, Gmail dots, googlemail.com.
    first_of_mailbox: dict[str, str] = {}
    for address in own:
        box = mailbox_key(address)
        if box in first_of_mailbox:
            other = first_of_mailbox[box]
            join(first_of_address[address], first_of_address[other], f"same mailbox {box}")
        else:
            first_of_mailbox[box] = address

    # Addresses that Pipermail cut short ("joe@exam....") belong to the one address they begin.
    complete = [a for a in own if not is_truncated(a)]
    for address in own:
        if not is_truncated(address):
            continue
        prefix = address.rstrip(".")
        start = bisect.bisect_left(complete, prefix)
        end = bisect.bisect_right(complete, prefix + "\uffff")
        if end - start == 1:
            join(
                first_of_address[address],
                first_of_address[complete[start]],
                f"truncated address {address} is {complete[start]}",
            )

    _link_by_local_part(keys, own, first_of_address, join)
    _link_by_name(keys, shared, isolated, join)
    return linking


def _link_by_local_part(
    keys: SenderKeys,
    own: Sequence[str],
    first_of_address: dict[str, int],
    join: Join,
) -> None:
    """``jpoczatek@partners.org`` and ``jpoczatek@rics.bwh.harvard.edu`` under compatible names."""
    names_of: dict[str, set[str]] = defaultdict(set)
    for i, address in enumerate(keys.address):
        if address in first_of_address and keys.normalized[i]:
            names_of[address].add(keys.normalized[i])
    by_local: dict[str, list[str]] = defaultdict(list)
    for address in own:
        local = local_part_key(address)
        if "@" in address and not is_truncated(address) and is_distinctive_local_part(local):
            by_local[local].append(address)
    for local, addresses in sorted(by_local.items()):
        if len(addresses) < 2 or len(addresses) > _MAX_ADDRESSES_PER_LOCAL_PART:
            continue
        for k, a in enumerate(addresses):
            for b in addresses[k + 1 :]:
                if _local_part_names_agree(names_of[a], names_of[b]):
                    join(
                        first_of_address[b],
                        first_of_address[a],
                        f"same local part {local!r} with compatible names",
                    )


def _local_part_names_agree(first: set[str], second: set[str]) -> bool:
    if not first or not second:
        return True
    distinct_a = [n for n in first if is_distinctive(n)]
    distinct_b = [n for n in second if is_distinctive(n)]
    if any(names_disjoint(a, b) for a in distinct_a for b in distinct_b):
        return False
    return any(names_compatible(a, b) for a in first for b in second)


def _link_by_name(
    keys: SenderKeys,
    shared: dict[str, str],
    isolated: Callable[[int], bool],
    join: Join,
) -> None:
    """The same distinctive name under several addresses, and names spelled by a local part."""
    index: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for i in range(len(keys)):
        if isolated(i):
            continue
        normalized = keys.normalized[i]
        match_keys = name_match_keys(normalized)
        if match_keys:
            index[match_keys[0]].append((i, f"same name {normalized!r}"))
            for extra in match_keys[1:]:
                index[extra].append((i, f"same first and last name {extra!r}"))
            continue
        address = keys.address[i]
        if not address or address in shared:
            continue
        derived = name_from_local_part(address)
        if derived and (not normalized or names_compatible(normalized, derived)):
            derived_keys = name_match_keys(derived)
            if derived_keys:
                index[derived_keys[0]].append((i, f"name {derived!r} spelled by {address}"))
    for match_key in sorted(index):
        entries = index[match_key]
        first, _ = entries[0]
        for i, reason in entries[1:]:
            join(i, first, reason)
