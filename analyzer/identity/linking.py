"""The rules that say two sender keys are one person, each recorded with its reason.

A sender key is one (address, name) pair as the archive spells it. Rules run in a fixed order
(forced merges, same address, same mailbox, truncated address, same local part, same name), each
over keys sorted by (address, name), so the result depends only on the set of keys, never on the
order of ingest.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from analyzer.errors import ConfigError
from analyzer.identity.addresses import (
    affiliation_for_address,
    is_distinctive_local_part,
    is_list_address,
    is_notification_address,
    is_role_address,
    is_truncated,
    local_part_key,
    mailbox_key,
    name_from_local_part,
)
from analyzer.identity.handovers import link_by_spelled_initials, link_robot_handover
from analyzer.identity.names import (
    GENERIC_NAME_TOKENS,
    first_names_akin,
    is_distinctive,
    name_match_keys,
    name_tokens,
    names_compatible,
    names_disjoint,
)
from analyzer.identity.overrides import IdentityOverrides, canonical_item
from analyzer.identity.reports import PeriodicReports, report_keys
from analyzer.identity.strays import stray_keys
from analyzer.identity.unionfind import UnionFind

# A domain with more addresses than this in the archive may have two people of one initial and
# surname.
_SMALL_DOMAIN = 5
# A local part shared by more addresses than this is a common word, not one person's handle.
_MAX_ADDRESSES_PER_LOCAL_PART = 12
# Two unrelated names on one address are often one person (a transliteration, a joke name, a
# forged spam sender); three are a shared mailbox.
_MIN_PEOPLE_FOR_SHARED = 3

Join = Callable[[int, int, str], None]
"""Merge two keys, recording why (refused silently when a forced split forbids it)."""


@dataclass(frozen=True)
class SenderKeys:
    """Distinct (address, name) pairs, sorted by address then raw name."""

    address: Sequence[str]
    raw_name: Sequence[str]
    normalized: Sequence[str]
    match_keys: Sequence[tuple[str, ...]]
    """``name_match_keys`` of each normalised name; empty when the name is not distinctive."""
    via_rewritten: Sequence[bool]
    """The name carried ``X via ListName``: the address is the list's, not the sender's."""
    signed_as: Mapping[int, Sequence[str]] = field(default_factory=dict)
    """Full names that a key without one signs its messages with (``signatures.signed_names``)."""
    signed_first: Mapping[int, Sequence[str]] = field(default_factory=dict)
    """First names that a key of a full name signs with (``signatures.signed_first_names``), for
    the keys of ``surname_kin``."""
    n_messages: Sequence[int] = ()
    """Messages per key; this and the three below are empty when not known."""
    first_ns: Sequence[int] = ()
    """Earliest date per key in nanoseconds (dateless keys: the largest int64)."""
    last_ns: Sequence[int] = ()
    """Latest date per key in nanoseconds (dateless keys: the smallest int64)."""
    starts: Sequence[int] = ()
    """Messages per key that start a thread."""
    series: Sequence[str] = ()
    """The ``subject_norm`` of the periodic report (``reports``) whose messages a key holds, ""
    for a person's own messages; empty when no report is known."""

    def __len__(self) -> int:
        return len(self.address)

    def series_of(self, i: int) -> str:
        """The periodic report key ``i`` holds, "" for none."""
        return self.series[i] if self.series else ""


@dataclass
class Linking:
    """The union-find after every rule, the merges it made and the addresses found shared."""

    sets: UnionFind
    merges: list[tuple[int, int, str]] = field(default_factory=list)
    shared: dict[str, str] = field(default_factory=dict)
    strays: dict[int, str] = field(default_factory=dict)
    """Keys whose name is forged onto someone else's address (``strays``), with the reason:
    they join no one."""
    reports: dict[int, str] = field(default_factory=dict)
    """Keys that hold a periodic report's messages (``reports``), with the reason: automated,
    and joined by no rule on names or local parts."""
    report_names: dict[int, str] = field(default_factory=dict)
    """Of those, the keys kept apart from the person of their address, with the report's name:
    they join only the other keys of their report."""


def shared_addresses(
    keys: SenderKeys, overrides: IdentityOverrides, list_names: frozenset[str] = frozenset()
) -> dict[str, str]:
    """Addresses that do not identify one person, each with the reason; ``list_names`` are the
    names the list goes by (``addresses.list_names``), whose address is the list's own."""
    names_by_address: dict[str, set[str]] = defaultdict(set)
    every_name: dict[str, set[str]] = defaultdict(set)
    shared: dict[str, str] = {}
    for i, address in enumerate(keys.address):
        if not address:
            continue
        if keys.via_rewritten[i]:
            shared.setdefault(address, f"list rewrites senders ({keys.raw_name[i]!r})")
        if keys.match_keys[i]:
            names_by_address[address].add(keys.normalized[i])
        every_name[address].add(keys.normalized[i])
    for address in overrides.shared_addresses:
        shared[address] = "declared shared in the list configuration"
    named_after_list = [
        a for a in sorted(every_name) if a not in shared and is_list_address(a, list_names)
    ]
    personal = _personal_list_named(named_after_list, every_name, names_by_address, shared)
    for address in sorted(set(keys.address)):
        if address and address not in shared and is_role_address(address):
            shared[address] = "role address"
        elif address in named_after_list and address not in personal:
            shared[address] = "the list's own address"
    for address, names in names_by_address.items():
        if address in shared or len(names) < 2:
            continue
        people = _disjoint_names(sorted(names), _MIN_PEOPLE_FOR_SHARED)
        if len(people) >= _MIN_PEOPLE_FOR_SHARED:
            shared[address] = "used by different names (" + ", ".join(map(repr, people)) + ")"
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


def link_sender_keys(
    keys: SenderKeys,
    overrides: IdentityOverrides,
    list_names: frozenset[str] = frozenset(),
    reports: PeriodicReports | None = None,
) -> Linking:
    """Apply every rule; forced splits veto any merge, forced merges win over everything else.
    ``reports`` are the list's periodic reports, whose keys (``keys.series``) are no person's."""
    sets = UnionFind(len(keys))
    linking = Linking(sets=sets, shared=shared_addresses(keys, overrides, list_names))
    shared = linking.shared
    linking.reports, apart = report_keys(keys, reports or {})
    linking.report_names = apart
    strays = linking.strays = {
        i: why for i, why in stray_keys(keys, shared).items() if i not in linking.reports
    }
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
        return (
            i in strays
            or i in linking.reports
            or keys.address[i] in isolated_addresses
            or keys.normalized[i] in isolated_names
            or is_notification_address(keys.address[i])
        )

    # One address, one person, unless the address is shared; there, one spelling of a name (even a
    # first name: "Chris via USRP-users", "chris via USRP-users") is one person.
    first_of_address: dict[str, int] = {}
    first_of_shared_name: dict[tuple[str, str], int] = {}
    first_of_report: dict[tuple[str, str], int] = {}
    for i, address in enumerate(keys.address):
        if i in apart:  # a report beside a person's messages: its keys join one another alone
            report = (address, keys.series[i])
            if report in first_of_report:
                join(
                    i, first_of_report[report], f"same periodic report {apart[i]!r} from {address}"
                )
            else:
                first_of_report[report] = i
            continue
        if address in shared or not address:
            name = keys.normalized[i]
            if not name:
                continue
            if (address, name) in first_of_shared_name:
                where = f"at shared address {address}" if address else "without address"
                join(i, first_of_shared_name[address, name], f"same name {name!r} {where}")
            else:
                first_of_shared_name[address, name] = i
            continue
        if i in strays:
            continue
        if address in first_of_address:
            join(i, first_of_address[address], f"same address {address}")
        else:
            first_of_address[address] = i
    own = sorted(a for a in first_of_address if a not in isolated_addresses)
    # (an address that sends reports alone is a robot's: no person's handle is joined to it,
    # nor their name (``isolated``), though a robot that moved host still is)
    reporting = {keys.address[i] for i in linking.reports}
    people = [a for a in own if a not in reporting]

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

    _link_by_local_part(keys, people, first_of_address, join)
    _link_by_name(keys, shared, isolated, join)
    _link_by_signed_first_name(keys, isolated, join)
    _link_by_initialled_name(keys, own, first_of_address, isolated, join)
    link_by_spelled_initials(keys, own, isolated, join)
    link_robot_handover(keys, own, join)
    return linking


def _initialled_surname(normalized: str) -> bool:
    """``r church``, ``j r smith``: initials, then a surname (not a role word)."""
    tokens = normalized.split()
    return (
        len(tokens) >= 2
        and all(len(t) == 1 for t in tokens[:-1])
        and len(tokens[-1]) >= 3
        and tokens[-1] not in GENERIC_NAME_TOKENS
    )


def _link_by_initialled_name(
    keys: SenderKeys,
    own: Sequence[str],
    first_of_address: dict[str, int],
    isolated: Callable[[int], bool],
    join: Join,
) -> None:
    """``R. Church`` at ``rc@ghostbitch.org`` and at ``churchr@ghostbitch.org``.

    An initial and a surname are no distinctive name across the Internet, but at one small
    organisation's domain (at most ``_SMALL_DOMAIN`` addresses of it in the archive, free mail
    excluded) two people of one initial and surname are unlikely: the addresses are one person's.
    """
    domain_of = {address: affiliation_for_address(address, {}) for address in own}
    addresses_at: Counter[str] = Counter(d for d in domain_of.values() if d)
    by_name: dict[tuple[str, str], list[str]] = defaultdict(list)
    for i, address in enumerate(keys.address):
        domain = domain_of.get(address)
        name = keys.normalized[i]
        if not domain or addresses_at[domain] > _SMALL_DOMAIN or not _initialled_surname(name):
            continue
        if isolated(i):
            continue
        if first_of_address.get(address) is not None and address not in by_name[name, domain]:
            by_name[name, domain].append(address)
    for (name, domain), addresses in sorted(by_name.items()):
        for address in addresses[1:]:
            join(
                first_of_address[address],
                first_of_address[addresses[0]],
                f"same initials and surname {name!r} at {domain}",
            )


def _one_person(names: set[str], full_names: set[str]) -> bool:
    """Whether the names used at one address are one person's: full names that fit one
    another, and short names (a first name, "Jonathan") that are words of them."""
    if not full_names:
        return False
    ordered = sorted(full_names)
    if not all(names_compatible(ordered[0], other) for other in ordered[1:]):
        return False
    words = {word for name in full_names for word in name_tokens(name)}
    return all(set(name_tokens(name)) <= words for name in names if name not in full_names)


def _personal_list_named(
    addresses: Sequence[str],
    every_name: Mapping[str, set[str]],
    full_names: Mapping[str, set[str]],
    shared: Mapping[str, str],
) -> set[str]:
    """Addresses named after the list at a person's own domain ("twisted-python@2xlp.com",
    one person's address for that list) rather than the list's own.

    Told apart only when the list's own address shows itself: another address named after
    the list, or one the list rewrites senders to, that several people (or no one by name)
    send from. Where none does, every address named after the list stays the list's.
    """
    ones = {a for a in addresses if _one_person(every_name[a], full_names.get(a, set()))}
    lists_own = [a for a in addresses if a not in ones]
    lists_own += [a for a in shared if shared[a].startswith("list rewrites")]
    if not lists_own:
        return set()
    return ones


def _disjoint_names(names: Sequence[str], enough: int) -> list[str]:
    """Up to ``enough`` names that pairwise share no word: people who at least use them."""
    chosen: list[str] = []
    for name in names:
        if all(names_disjoint(name, other) for other in chosen):
            chosen.append(name)
            if len(chosen) == enough:
                break
    return chosen


def _link_by_local_part(
    keys: SenderKeys,
    own: Sequence[str],
    first_of_address: dict[str, int],
    join: Join,
) -> None:
    """``jpoczatek@partners.org`` and ``jpoczatek@rics.bwh.harvard.edu`` under compatible names.

    A local part is one person's handle only when every name used with it fits one person: when
    ``martin@…`` is Martin Evans at one domain and Martin Waite at another, no address of that local
    part is merged on it. Without any full name, the local part must be long or in several words.
    """
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
        names = sorted(set().union(*(names_of[a] for a in addresses)))
        if any(not names_compatible(a, b) for k, a in enumerate(names) for b in names[k + 1 :]):
            continue
        if not any(is_distinctive(n) for n in names) and not _long_handle(local):
            continue
        for address in addresses[1:]:
            join(
                first_of_address[address],
                first_of_address[addresses[0]],
                f"same local part {local!r} with compatible names",
            )


def _long_handle(local: str) -> bool:
    words = [w for w in re.split(r"[._\-]+", local) if w]
    return len(words) >= 2 or sum(c.isalpha() for c in local) >= 7


def _signature_fits(normalized: str, address: str, signed: str) -> bool:
    """A signed name must fit the header name (``Chris`` → ``Christopher Coulon``), or, without
    one, share a word with the local part."""
    if normalized:
        return names_compatible(normalized, signed)
    local = "".join(c for c in local_part_key(address) if c.isalpha())
    return any(len(t) >= 3 and t in local for t in signed.split())


def _spellings(normalized: str) -> tuple[list[str], str]:
    """How a local part may spell a full name: ``ariastark``, ``catelyntstark`` — and the
    initial-and-surname form ``jmormont``, which needs the header name's agreement."""
    tokens = normalized.split()
    full = sorted({"".join(tokens), tokens[0] + tokens[-1]})
    return full, tokens[0][0] + tokens[-1]


def _initials_match(given: str, name: str) -> bool:
    """``JM`` for Jorah Mormont."""
    letters = given.replace(" ", "")
    tokens = name.split()
    return 2 <= len(letters) <= 3 and letters in {
        "".join(t[0] for t in tokens),
        tokens[0][0] + tokens[-1][0],
    }


def _agrees(given: str, name: str) -> bool:
    return names_compatible(given, name) or _initials_match(given, name)


def _link_by_name(
    keys: SenderKeys,
    shared: dict[str, str],
    isolated: Callable[[int], bool],
    join: Join,
) -> None:
    """The same distinctive name under several addresses; names spelled by a local part or signed.

    Keys without a full name join a full name that their local part spells (``paul.vancil``,
    ``ariastark1``, or ``jmormont`` under the header name ``JM``) when exactly one full name of
    the archive is spelled so, or that they sign with. A name known only from signatures joins the
    people who use it in a header; it never starts a person of its own.
    """
    index: dict[str, list[tuple[int, str, bool]]] = defaultdict(list)
    spelled: dict[str, set[str]] = defaultdict(set)
    spelled_by_initial: dict[str, set[str]] = defaultdict(set)
    without_full_name: list[int] = []
    variants: dict[int, str] = {}
    for i in range(len(keys)):
        if isolated(i):
            continue
        normalized = keys.normalized[i]
        match_keys = keys.match_keys[i]
        if match_keys:
            index[match_keys[0]].append((i, f"same name {normalized!r}", False))
            for extra in match_keys[1:]:
                index[extra].append((i, f"same first and last name {extra!r}", False))
                variants[i] = match_keys[0]
            full, initial = _spellings(normalized)
            for form in full:
                spelled[form].add(normalized)
            spelled_by_initial[initial].add(normalized)
        elif keys.address[i] and keys.address[i] not in shared:
            without_full_name.append(i)
    for i in without_full_name:
        normalized, address = keys.normalized[i], keys.address[i]
        for name, reason in _names_for(normalized, address, spelled, spelled_by_initial):
            index[name_match_keys(name)[0]].append((i, reason, False))
        for signed in keys.signed_as.get(i, ()):
            signed_keys = name_match_keys(signed)
            if signed_keys and _signature_fits(normalized, address, signed):
                index[signed_keys[0]].append((i, f"signs messages {signed!r}", True))
    # Full names first, so that a merge is explained by the whole name when it can be.
    for match_key in sorted(index, key=lambda k: (index[k][0][1].startswith("same first"), k)):
        entries = _unambiguous(index[match_key], variants)
        anchor = next((i for i, _, from_signature in entries if not from_signature), None)
        if anchor is None:
            continue
        for i, reason, _ in entries:
            if i != anchor:
                join(i, anchor, reason)


def _unambiguous(
    entries: list[tuple[int, str, bool]], variants: dict[int, str]
) -> list[tuple[int, str, bool]]:
    """Drop the first-and-last-name entries of a group when they come from different longer names:
    ``Colin Alston Raski`` and ``Colin Watson Raski`` are two people, and ``Colin Raski`` could be
    either."""
    longer = {variants[i] for i, reason, _ in entries if reason.startswith("same first")}
    if len(longer) <= 1:
        return entries
    return [e for e in entries if not e[1].startswith("same first")]


def _names_for(
    normalized: str,
    address: str,
    spelled: dict[str, set[str]],
    spelled_by_initial: dict[str, set[str]],
) -> list[tuple[str, str]]:
    """The full name an address without one stands for, with the reason, if any."""
    derived = name_from_local_part(address)
    if derived:
        if name_match_keys(derived) and (not normalized or _agrees(normalized, derived)):
            return [(derived, f"name {derived!r} spelled by {address}")]
        completed = _completed_by_surname(normalized, derived, spelled)
        if completed:
            return [(completed, f"{normalized!r} with the surname of {address} is {completed!r}")]
        return []
    local = "".join(c for c in local_part_key(address) if c.isalpha())
    if len(local) < 5:
        return []
    names = spelled.get(local, set())
    if len(names) == 1:
        (name,) = names
        if not normalized or _agrees(normalized, name):
            return [(name, f"local part of {address} spells {name!r}")]
        return []
    names = spelled_by_initial.get(local, set())
    if len(names) == 1 and normalized:
        (name,) = names
        if _agrees(normalized, name):
            return [(name, f"local part of {address} spells {name!r}")]
    return []


def _completed_by_surname(normalized: str, derived: str, spelled: dict[str, set[str]]) -> str:
    """``besmir`` at ``bessi.tola@…`` is Besmir Tola when the archive knows exactly one full name
    spelled so: the header gives the first name, the local part a nickname of it and the surname.
    The nickname must begin as the first name does (three letters), so that ``john`` at
    ``mary.smith@…`` is no John Smith."""
    given = normalized.split()
    words = derived.split()
    if len(given) != 1 or len(given[0]) < 3 or len(words) < 2:
        return ""
    if given[0][:3] != words[0][:3]:
        return ""
    names = spelled.get(given[0] + words[-1], set())
    if len(names) != 1:
        return ""
    (name,) = names
    return name if name.split()[0] == given[0] else ""


def _first_and_surname(keys: SenderKeys, i: int) -> tuple[str, str] | None:
    """The first name and surname of a key's distinctive name, if it has one."""
    if not keys.match_keys[i]:
        return None
    # (as written: "Mike" stays Mike, for a sign-off to be compared with)
    tokens = [t for t in keys.normalized[i].split() if len(t) >= 2 and not t.isdigit()]
    return (tokens[0], tokens[-1]) if len(tokens) >= 2 and len(tokens[-1]) >= 3 else None


def surname_kin(keys: SenderKeys) -> set[int]:
    """Keys whose surname another key's name carries under a kin first name (``first_names_akin``):
    "Adi Libotean" and "Adrian Libotean". Only their sign-offs are read for
    ``_link_by_signed_first_name``."""
    by_surname: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i in range(len(keys)):
        names = _first_and_surname(keys, i)
        if names:
            by_surname[names[1]][names[0]].append(i)
    kin: set[int] = set()
    for firsts in by_surname.values():
        if len(firsts) < 2:
            continue
        ordered = sorted(firsts)
        for k, first in enumerate(ordered):
            for other in ordered[k + 1 :]:
                if first_names_akin(first, other):
                    kin.update(firsts[first])
                    kin.update(firsts[other])
    return kin


def _link_by_signed_first_name(
    keys: SenderKeys, isolated: Callable[[int], bool], join: Join
) -> None:
    """ "Adi Libotean" who signs "Adrian" is Adrian Libotean: a key whose header gives one first
    name and whose messages are signed with a kin one (``first_names_akin``) joins the one
    full name of the archive of that first name and its surname.

    Kin names of one surname are also brothers, or Chris and Christine at two companies; so the
    person's own sign-off must name the other, exactly one name must fit, and the two must not
    write in the same period: a person who changes address stops using the old one, two people
    post side by side. Without dates nothing is joined."""
    if not keys.signed_first or not len(keys.first_ns):
        return
    by_name: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i in range(len(keys)):
        names = _first_and_surname(keys, i)
        if names and not isolated(i):
            by_name[names].append(i)
    for i in sorted(keys.signed_first):
        names = _first_and_surname(keys, i)
        if names is None or isolated(i):
            continue
        first, surname = names
        for signed in keys.signed_first[i]:
            # (the sign-off must spell more than the header: every Alexander signs "Alex")
            if len(signed) <= len(first) or not first_names_akin(first, signed):
                continue
            others = by_name.get((signed, surname), [])
            if len({keys.match_keys[j][0] for j in others}) != 1:
                continue
            start = min(keys.first_ns[j] for j in others)
            end = max(keys.last_ns[j] for j in others)
            if keys.first_ns[i] <= end and start <= keys.last_ns[i]:
                continue  # both write at once: two people
            join(i, others[0], f"{keys.normalized[i]!r} signs {signed!r}, as {signed} {surname}")
