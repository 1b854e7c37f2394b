"""Which list the messages of a source belong to, as the messages themselves say it: their
List-Id (``<usrp-users.lists.ettus.com>``) or the tag the list's software puts in front of their
subjects (``[Clearwater]``). An ingest that stores the archives of several lists as one is told
by them, not by the names of the folders the files are in (one list's ``old/`` and ``new/`` are
one list; an openbmc mbox beside a usrp-users one are two).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Final

_LIST_ID: Final = re.compile(rb"(?im)^list-id:[^\n]*?<([^<>@\s]+)>")
_SUBJECT_TAG: Final = re.compile(r"\[([^\[\]]{2,60})\]")
_SHARE: Final = 0.5
"""Share of a source's messages a List-Id or a subject tag must be on to name its list."""
_CONTAINED: Final = 5
"""Letters a list's name must have for another that holds it to be taken for the same list's."""
_NOT_LISTS: Final = frozenset(
    {"patch", "rfc", "ot", "external", "ann", "announce", "solved", "spam"}
)
"""Subject tags that are no list's name (a patch, an off-topic post)."""


def _key(name: str) -> str:
    """A list's name as compared: letters and digits, lower case ("usrpusers")."""
    return "".join(c for c in name.lower() if c.isalnum())


@dataclass(slots=True)
class _Seen:
    messages: int = 0
    ids: Counter[str] = field(default_factory=Counter)
    tags: Counter[str] = field(default_factory=Counter)


@dataclass(slots=True)
class ListEvidence:
    """What the messages of one source say of their list, counted per unit of the source (the
    source itself; in a tar archive, each folder of its members, or a member at its top)."""

    units: dict[str, _Seen] = field(default_factory=dict)

    def add(self, unit: str, head: bytes, subject: str | None) -> None:
        seen = self.units.setdefault(unit, _Seen())
        seen.messages += 1
        found = _LIST_ID.search(head) if b"ist-" in head or b"IST-" in head else None
        if found:
            seen.ids[found.group(1).decode("ascii", "replace").split(".")[0].lower()] += 1
        if subject and "[" in subject:
            tag = _SUBJECT_TAG.search(subject[:120])
            if tag:
                seen.tags[tag.group(1).strip().lower()] += 1

    def names(self) -> dict[str, list[str]]:
        """Per unit, the names its list goes by (its List-Id's, else its subject tag), where
        most of its messages carry one; units that say nothing are left out."""
        named: dict[str, list[str]] = {}
        for unit, seen in self.units.items():
            least = _SHARE * seen.messages
            found = [name for name, n in seen.ids.items() if n >= least]
            if not found:
                found = [
                    tag
                    for tag, n in seen.tags.items()
                    if n >= least and _key(tag) and tag.split()[0] not in _NOT_LISTS
                ]
            if found:
                named[unit] = sorted(found)
        return named


def tar_unit(source: str, tar: str) -> str:
    """The unit of a message read from a tar member (``tar/folder/month.txt``): the member's
    folder in the tar, or the member when it is at the tar's top."""
    member = source[len(tar) + 1 :] if source.startswith(tar + "/") else ""
    folder = member.rpartition("/")[0]
    if not folder:
        return source
    # a Pipermail HTML page's unit is its period's folder's parent: the list's folder
    parts = folder.split("/")
    if len(parts) > 1 and source.endswith(".html"):
        parts = parts[:-1]
    return f"{tar}/{'/'.join(parts)}"


@dataclass(frozen=True, slots=True)
class ListsFound:
    """The lists the sources belong to, when they are several: each list's names and the
    sources (units) that carry them."""

    lists: list[tuple[str, list[str]]]
    """(name, units) per list, the list with most units first."""

    def __bool__(self) -> bool:
        return len(self.lists) > 1


def several_lists(named: Iterable[Mapping[str, list[str]]]) -> ListsFound:
    """Group the units by the lists their names say (units whose names share one are one
    list's); several groups are several lists."""
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    units: dict[str, list[str]] = {}
    for mapping in named:
        for unit, names in mapping.items():
            keys = [_key(name) for name in names if _key(name)]
            if not keys:
                continue
            units[unit] = names
            for other in keys[1:]:
                parent[find(other)] = find(keys[0])
    keys = sorted({_key(name) for names in units.values() for name in names} - {""})
    for i, short in enumerate(keys):
        for long in keys[i + 1 :]:
            # a list renamed in its tag ("[Clearwater]", later "[Project Clearwater]")
            if len(min(short, long, key=len)) >= _CONTAINED and (short in long or long in short):
                parent[find(long)] = find(short)
    groups: dict[str, tuple[Counter[str], list[str]]] = {}
    for unit, names in units.items():
        root = find(_key(names[0]))
        spelled, members = groups.setdefault(root, (Counter(), []))
        spelled.update(names)
        if unit not in members:
            members.append(unit)
    found = [
        (" / ".join(name for name, _ in spelled.most_common()), sorted(members))
        for spelled, members in groups.values()
    ]
    found.sort(key=lambda item: (-len(item[1]), item[0]))
    return ListsFound(found)


_UNITS_SHOWN: Final = 3


def describe(found: ListsFound, list_name: str, tars: Iterable[str] = ()) -> str:
    """The warning of several lists stored as one: each list with its sources, and what to do
    (a folder in a tar archive cannot be named as a source: it is to be extracted first)."""
    parts = []
    for name, units in found.lists:
        shown = ", ".join(units[:_UNITS_SHOWN])
        more = f" and {len(units) - _UNITS_SHOWN} more" if len(units) > _UNITS_SHOWN else ""
        parts.append(f"{name} ({shown}{more})")
    in_tar = [
        tar for tar in tars if any(u.startswith(tar + "/") for _, us in found.lists for u in us)
    ]
    advice = "ingest each list's sources with its own --list to study them apart"
    if in_tar:
        advice = (
            f"extract {', '.join(sorted(set(in_tar)))} (a folder in a tar cannot be named as a "
            f"source), then {advice}"
        )
    drop = f"; `analyzer drop-source --list {list_name} SOURCE` takes a source out"
    return (
        f"the sources are the archives of {len(found.lists)} lists, as their messages say "
        f"(List-Id, subject tag): {'; '.join(parts)}; stored as one list {list_name!r}: "
        f"{advice}{drop}"
    )
