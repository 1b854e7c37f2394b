"""What a list's configuration says about its authors, beyond what the headers show."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from analyzer.errors import ConfigError, unknown_keys
from analyzer.identity.names import looks_like_address, normalize_person_name


@dataclass(frozen=True)
class IdentityOverrides:
    """Decisions a researcher made by hand; they win over every rule.

    Each entry of ``force_merge`` and ``force_split`` is a group of addresses or names. An address
    stands for every message sent from it; a name stands for every message whose sender name
    normalises to the same spelling (``normalize_person_name``).
    """

    force_merge: list[list[str]] = field(default_factory=list)
    """Groups that are one person each."""
    force_split: list[list[str]] = field(default_factory=list)
    """Groups whose members are different people. A group of one keeps that address or name out
    of every merge by name or by address likeness: it joins others only through a forced merge."""
    shared_addresses: list[str] = field(default_factory=list)
    """Addresses that several people write from (an office, a list that rewrites ``From``):
    messages from them are told apart by the sender name only."""
    organisations: dict[str, str] = field(default_factory=dict)
    """Domain (lower case) → organisation name; a domain covers its subdomains."""


def canonical_item(item: str) -> str:
    """How a merge or split entry is matched: ``address:<addr>`` or ``name:<normalised name>``."""
    text = item.strip()
    if looks_like_address(text):
        parts = text.split()
        address = f"{parts[0]}@{parts[2]}" if len(parts) == 3 else text
        return "address:" + address.lower()
    return "name:" + normalize_person_name(text)


def _groups(value: Any, key: str) -> list[list[str]]:
    if not isinstance(value, list):
        raise ConfigError(f"[authors] {key} must be a list of lists of addresses or names")
    groups: list[list[str]] = []
    for group in value:
        members = [group] if isinstance(group, str) else group
        if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
            raise ConfigError(
                f"[authors] {key}: each entry must be a list of strings, got {group!r}"
            )
        if any(canonical_item(m) == "name:" for m in members):
            raise ConfigError(f"[authors] {key}: empty name in {group!r}")
        groups.append(list(members))
    return groups


def overrides_from_config(config: Mapping[str, Any]) -> IdentityOverrides:
    """Read the ``[authors]`` table of a list's TOML (the whole parsed file or the table itself).

    Keys, all optional::

        [authors]
        # one person each: addresses ("a@x.org" or Pipermail's "a at x.org") or names
        merge = [["parminder@itforchange.net", "parminder.js@gmail.com"], ["Chris", "chris@gaiag.net"]]
        # different people: never in the same author. A group of one ("John Smith") is never
        # merged by name or address likeness.
        split = [["john.smith@a.org", "john.smith@b.org"], ["John Smith"]]
        # addresses several people send from: told apart by sender name
        shared = ["office@example.org"]

        [authors.organisations]
        "itforchange.net" = "IT for Change"
        "intel.com" = "Intel"
    """
    known = {"merge", "split", "shared", "organisations"}
    if "authors" in config:
        table = config["authors"]
    elif set(config) <= known:
        table = config
    else:
        return IdentityOverrides()
    if not isinstance(table, Mapping):
        raise ConfigError("[authors] must be a table")
    if unknown := set(table) - known:
        raise unknown_keys("[authors]", unknown, known)
    shared = table.get("shared", [])
    if not isinstance(shared, list) or not all(
        isinstance(s, str) and canonical_item(s).startswith("address:") for s in shared
    ):
        raise ConfigError("[authors] shared must be a list of addresses")
    organisations = table.get("organisations", {})
    if not isinstance(organisations, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in organisations.items()
    ):
        raise ConfigError("[authors.organisations] must map domains to organisation names")
    return IdentityOverrides(
        force_merge=_groups(table.get("merge", []), "merge"),
        force_split=_groups(table.get("split", []), "split"),
        shared_addresses=[canonical_item(s).removeprefix("address:") for s in shared],
        organisations={k.lower().strip(): v for k, v in organisations.items()},
    )
