"""From the messages table to authors: which senders are one person, and the authors table.

**How an author is named.** Every author takes its ``author_id`` from its *anchor*: the sender key
(address, name) seen first, by the date of its earliest message, ties broken by address then name.
The id is the anchor's address; when the anchor's address is shared (a list that rewrites
``From``, a role address) or missing, it is ``name:<normalised-name>`` for a distinctive name, or
``<address>/<name>`` otherwise. The id is therefore a function of the set of messages, not of their
order. Adding a later month keeps every id: new keys are seen later than the anchor, and when a new
message links two existing authors the merged author keeps the id of the one seen first (the other
id disappears, and that is the only renaming). Adding an *earlier* month can move an anchor.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from analyzer.identity.addresses import affiliation_for_address, is_automated_sender, split_address
from analyzer.identity.linking import Linking, SenderKeys, link_sender_keys
from analyzer.identity.names import (
    clean_display_name,
    drop_address_echo,
    is_distinctive,
    normalize_person_name,
)
from analyzer.identity.overrides import IdentityOverrides
from analyzer.identity.signatures import signed_names
from analyzer.schema import AUTHOR_COLUMNS

AUTHOR_EXTRA_COLUMNS: tuple[str, ...] = ("is_automated", "merge_reasons")
MERGE_COLUMNS: tuple[str, ...] = ("author_id", "key", "other", "reason")
SHARED_COLUMNS: tuple[str, ...] = ("address", "reason")
_NO_DATE = np.iinfo(np.int64).max


@dataclass(frozen=True)
class IdentityResult:
    """The messages with ``author_id``, the authors, and why each merge was made."""

    messages: pd.DataFrame
    authors: pd.DataFrame
    """``AUTHOR_COLUMNS`` plus ``is_automated`` and ``merge_reasons``."""
    merges: pd.DataFrame
    """One row per merge: the author, the key that joined, the key it joined, the reason."""
    shared: pd.DataFrame
    """Addresses found to be used by several people (or declared so), with the reason."""


def _column(messages: pd.DataFrame, name: str) -> pd.Series:
    if name not in messages:
        return pd.Series([""] * len(messages), index=messages.index, dtype=object)
    return messages[name].fillna("").astype(str)


def _date_ns(messages: pd.DataFrame) -> np.ndarray:
    if "date" not in messages:
        return np.full(len(messages), _NO_DATE, dtype=np.int64)
    dates = pd.to_datetime(messages["date"], utc=True, errors="coerce")
    values = dates.to_numpy(dtype="datetime64[ns]").astype(np.int64)
    values[dates.isna().to_numpy()] = _NO_DATE
    return values


def _key_label(address: str, display: str) -> str:
    if display and address:
        return f"{display} <{address}>"
    return display or f"<{address}>"


def _slug(normalized: str) -> str:
    return normalized.replace(" ", "-")


def _key_id(address: str, normalized: str, shared: dict[str, str]) -> str:
    if address and address not in shared:
        return address
    if is_distinctive(normalized):
        return "name:" + _slug(normalized)
    if address:
        return f"{address}/{_slug(normalized)}" if normalized else address
    return "name:" + _slug(normalized) if normalized else "unknown"


def resolve_authors(
    messages: pd.DataFrame, overrides: IdentityOverrides | None = None
) -> IdentityResult:
    """Group the senders of ``messages`` into authors and build the authors table.

    Reads ``from_email``, ``from_name``, ``date`` and, when present, ``n_words_authored``,
    ``parent_id`` and ``thread_id``. The rules and their order are in ``analyzer.identity.linking``;
    how ids are chosen is in this module's docstring.
    """
    overrides = overrides or IdentityOverrides()
    addresses = _column(messages, "from_email").str.strip().str.lower()
    raw_names = _column(messages, "from_name").str.strip()
    dates = _date_ns(messages)
    frame = pd.DataFrame(
        {"address": addresses.to_numpy(), "raw_name": raw_names.to_numpy(), "date": dates}
    )
    grouped = frame.groupby(["address", "raw_name"], sort=True)
    key_of_message = grouped.ngroup().to_numpy()
    per_key = grouped["date"].agg(["min", "max", "size"])
    key_address = per_key.index.get_level_values(0).tolist()
    key_raw = per_key.index.get_level_values(1).tolist()

    normalized_of: dict[str, str] = {}
    display_of: dict[str, str] = {}
    for raw in set(key_raw):
        display_of[raw] = clean_display_name(raw)
        normalized_of[raw] = normalize_person_name(raw)
    keys = SenderKeys(
        address=key_address,
        raw_name=key_raw,
        normalized=[
            drop_address_echo(display_of[r], normalized_of[r], a)
            for a, r in zip(key_address, key_raw, strict=True)
        ],
        via_rewritten=[
            " via " in r.lower() and bool(display_of[r]) and "(via " not in r.lower()
            for r in key_raw
        ],
    )
    keys = replace(
        keys, signed_as=_signatures(messages, keys, key_of_message, per_key["size"].to_numpy())
    )
    linking = link_sender_keys(keys, overrides)
    roots = linking.sets.roots()

    first_seen = per_key["min"].to_numpy()
    members: dict[int, list[int]] = defaultdict(list)
    for i, root in enumerate(roots):
        members[root].append(i)
    author_of_root = _author_ids(keys, members, first_seen, linking)
    key_author = [author_of_root[r] for r in roots]

    out = messages.copy()
    out["author_id"] = np.asarray(key_author, dtype=object)[key_of_message]
    authors = _authors_table(out, keys, key_author, per_key, linking, overrides, display_of)
    merges = pd.DataFrame(
        [
            (
                key_author[i],
                _key_label(keys.address[i], display_of[keys.raw_name[i]]),
                _key_label(keys.address[j], display_of[keys.raw_name[j]]),
                reason,
            )
            for i, j, reason in linking.merges
        ],
        columns=list(MERGE_COLUMNS),
    )
    shared = pd.DataFrame(sorted(linking.shared.items()), columns=list(SHARED_COLUMNS))
    return IdentityResult(messages=out, authors=authors, merges=merges, shared=shared)


def _own_texts(messages: pd.DataFrame, rows: np.ndarray) -> list[str]:
    """What the sender wrote, per message: the quotes stage's authored text and signature when it
    has run, else the raw body (cut at its first quotation by ``own_text_tail``)."""
    body = _column(messages, "body").to_numpy()[rows]
    if "authored" not in messages:
        return list(body)
    has_authored = messages["authored"].notna().to_numpy()[rows]
    authored = _column(messages, "authored").to_numpy()[rows]
    signature = _column(messages, "signature").to_numpy()[rows]
    return [
        f"{a}\n{s}" if known else b
        for known, a, s, b in zip(has_authored, authored, signature, body, strict=True)
    ]


def _signatures(
    messages: pd.DataFrame, keys: SenderKeys, key_of_message: np.ndarray, counts: np.ndarray
) -> dict[int, tuple[str, ...]]:
    """For keys whose header name is not a full name: the full names they sign with, when at least
    two messages (or the only one or two there are) carry it."""
    if not any(c in messages for c in ("body", "authored", "signature")):
        return {}
    candidates = np.array(
        [bool(keys.address[i]) and not is_distinctive(keys.normalized[i]) for i in range(len(keys))]
    )
    rows = np.flatnonzero(candidates[key_of_message]) if len(keys) else np.array([], dtype=int)
    texts: dict[int, list[str]] = defaultdict(list)
    for key, text in zip(key_of_message[rows], _own_texts(messages, rows), strict=True):
        texts[int(key)].append(text)
    signed: dict[int, tuple[str, ...]] = {}
    for key, key_texts in texts.items():
        need = 1 if counts[key] <= 2 else 2
        names = tuple(sorted(n for n, c in signed_names(key_texts).items() if c >= need))
        if names:
            signed[key] = names
    return signed


def _author_ids(
    keys: SenderKeys,
    members: dict[int, list[int]],
    first_seen: np.ndarray,
    linking: Linking,
) -> dict[int, str]:
    """The id of every set, from its anchor; clashes (possible only after forced splits) get
    ``#2``, ``#3`` in the order of their anchors."""
    anchors: dict[int, tuple[int, str, str]] = {}
    by_id: dict[str, list[int]] = defaultdict(list)
    for root, indices in members.items():
        anchor = min(indices, key=lambda i: (first_seen[i], keys.address[i], keys.raw_name[i]))
        anchors[root] = (int(first_seen[anchor]), keys.address[anchor], keys.raw_name[anchor])
        author_id = _key_id(keys.address[anchor], keys.normalized[anchor], linking.shared)
        by_id[author_id].append(root)
    ids: dict[int, str] = {}
    for author_id, roots in by_id.items():
        for n, root in enumerate(sorted(roots, key=lambda r: anchors[r])):
            ids[root] = author_id if n == 0 else f"{author_id}#{n + 1}"
    return ids


def _best_name(names: Counter[str]) -> str:
    """The display name most used, preferring full names over a first name or a handle."""
    if not names:
        return ""
    return max(
        names.items(),
        key=lambda item: (is_distinctive(normalize_person_name(item[0])), item[1], item[0]),
    )[0]


def _authors_table(
    messages: pd.DataFrame,
    keys: SenderKeys,
    key_author: list[str],
    per_key: pd.DataFrame,
    linking: Linking,
    overrides: IdentityOverrides,
    display_of: dict[str, str],
) -> pd.DataFrame:
    shared = linking.shared
    counts = per_key["size"].to_numpy()
    names: dict[str, Counter[str]] = defaultdict(Counter)
    emails: dict[str, set[str]] = defaultdict(set)
    orgs: dict[str, Counter[str]] = defaultdict(Counter)
    automated_messages: Counter[str] = Counter()
    all_messages: Counter[str] = Counter()
    for i, author in enumerate(key_author):
        address, n = keys.address[i], int(counts[i])
        display = display_of[keys.raw_name[i]]
        if display:
            names[author][display] += n
        all_messages[author] += n
        if is_automated_sender(address, keys.normalized[i]):
            automated_messages[author] += n
        if address and address not in shared:
            emails[author].add(address)
            org = affiliation_for_address(address, overrides.organisations)
            if org:
                orgs[author][org] += n
    reasons: dict[str, list[str]] = defaultdict(list)
    for i, j, reason in linking.merges:
        label_i = _key_label(keys.address[i], display_of[keys.raw_name[i]])
        label_j = _key_label(keys.address[j], display_of[keys.raw_name[j]])
        reasons[key_author[i]].append(f"{label_i} ~ {label_j}: {reason}")

    grouped = messages.groupby("author_id", sort=True)
    stats = pd.DataFrame({"n_messages": grouped.size()})
    if "date" in messages:
        dates = pd.to_datetime(messages["date"], utc=True, errors="coerce")
        stats["first"] = dates.groupby(messages["author_id"]).min()
        stats["last"] = dates.groupby(messages["author_id"]).max()
    else:
        stats["first"] = pd.NaT
        stats["last"] = pd.NaT
    if "n_words_authored" in messages:
        words = pd.to_numeric(messages["n_words_authored"], errors="coerce")
        stats["n_words_authored"] = words.groupby(messages["author_id"]).sum().astype("Int64")
    else:
        stats["n_words_authored"] = pd.array([pd.NA] * len(stats), dtype="Int64")
    if "parent_id" in messages:
        starts = messages["parent_id"].isna() | (messages["parent_id"].astype(str) == "")
        if "thread_id" in messages:
            starts &= messages["thread_id"].notna()
        stats["threads_started"] = starts.groupby(messages["author_id"]).sum().astype("Int64")
    else:
        stats["threads_started"] = pd.array([pd.NA] * len(stats), dtype="Int64")

    rows = []
    for author_id in stats.index:
        author_emails = sorted(emails[author_id])
        org_counts = orgs[author_id]
        affiliation = (
            max(org_counts.items(), key=lambda item: (item[1], item[0]))[0] if org_counts else None
        )
        name = _best_name(names[author_id])
        if not name and author_emails:
            name = split_address(author_emails[0])[0]
        rows.append(
            {
                "author_id": author_id,
                "name": name,
                "emails": author_emails,
                "domains": sorted({split_address(e)[1] for e in author_emails} - {""}),
                "affiliation": affiliation,
                "is_automated": automated_messages[author_id] == all_messages[author_id]
                and all_messages[author_id] > 0,
                "merge_reasons": reasons[author_id],
            }
        )
    table = pd.DataFrame(rows).set_index("author_id").join(stats).reset_index()
    table["n_messages"] = table["n_messages"].astype("int64")
    return table[list(AUTHOR_COLUMNS) + list(AUTHOR_EXTRA_COLUMNS)]
