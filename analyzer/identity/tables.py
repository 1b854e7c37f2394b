"""The authors and merges tables, built from sender keys and the author each key belongs to."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Mapping, Sequence

import pandas as pd

from analyzer.identity.addresses import (
    affiliation_for_address,
    is_automated_sender,
    is_notification_address,
    split_address,
)
from analyzer.identity.linking import Linking
from analyzer.identity.overrides import IdentityOverrides
from analyzer.identity.senders import Senders
from analyzer.schema import (
    AUTHOR_COLUMNS,
    AUTHOR_EXTRA_COLUMNS,
    MERGE_COLUMNS,
)

_DESCRIBED = (
    "author_id",
    "name",
    "emails",
    "domains",
    "affiliation",
    "affiliations",
    "is_automated",
)


def key_label(address: str, name: str) -> str:
    """How a sender key reads in reasons: ``Name <address>``, the name as the archive gave it."""
    if name and address:
        return f"{name} <{address}>"
    return name or f"<{address}>"


def merges_table(senders: Senders, key_author: list[str], linking: Linking) -> pd.DataFrame:
    """One row per merge: the author, the key that joined, the key it joined, the reason."""
    address, raw = senders.keys.address, senders.keys.raw_name
    return pd.DataFrame(
        [
            (
                key_author[i],
                key_label(address[i], raw[i]),
                key_label(address[j], raw[j]),
                reason,
            )
            for i, j, reason in linking.merges
        ],
        columns=list(MERGE_COLUMNS),
    )


def key_affiliations(
    addresses: Sequence[str], organisations: Mapping[str, str], shared: Collection[str] = ()
) -> list[str | None]:
    """The organisation of each sender key's address (``affiliation_for_address`` with the
    list's overrides): worked out once per address, not per message, and given to each
    message as where it was sent from. None for webmail, keys without an address and the
    ``shared`` addresses (role and list addresses several people send from, which say
    nothing of the sender's own organisation)."""
    return [
        affiliation_for_address(address, organisations)
        if address and address not in shared
        else None
        for address in addresses
    ]


def _most(counts: Counter[str], preferred: set[str] | None = None) -> str | None:
    """The most frequent value (preferred ones first), ties broken by the value itself."""
    if not counts:
        return None
    chosen = preferred or set()
    return max(counts.items(), key=lambda item: (item[0] in chosen, item[1], item[0]))[0]


def authors_table(
    senders: Senders,
    key_author: list[str],
    linking: Linking,
    overrides: IdentityOverrides,
    key_orgs: Sequence[str | None] | None = None,
    auto_repliers: frozenset[int] = frozenset(),
) -> pd.DataFrame:
    """``AUTHOR_COLUMNS`` plus ``is_automated`` and ``merge_reasons``, one row per author;
    ``key_orgs``: the ``key_affiliations`` of the keys, when already worked out;
    ``auto_repliers``: keys that sent nothing but auto-replies (automated too)."""
    keys = senders.keys
    shared = linking.shared
    # (a report kept apart from a person goes by its subject)
    display = [linking.report_names.get(i, d) for i, d in enumerate(senders.display)]
    for i, address in enumerate(keys.address):  # "Vijay Khemka (via Dropbox)" stays whole:
        if address and is_notification_address(address) and display[i]:  # not his own name
            display[i] = keys.raw_name[i] or display[i]
    full_names = {d for d, m in zip(display, keys.match_keys, strict=True) if m}
    full_names.update(linking.report_names.values())
    names: dict[str, Counter[str]] = defaultdict(Counter)
    emails: dict[str, set[str]] = defaultdict(set)
    orgs: dict[str, Counter[str]] = defaultdict(Counter)
    since: dict[str, dict[str, int]] = defaultdict(dict)  # when each organisation first wrote
    first_seen = senders.first_seen_ns()
    if key_orgs is None:
        key_orgs = key_affiliations(keys.address, overrides.organisations, shared)
    automated: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for i, author in enumerate(key_author):
        address, n = keys.address[i], int(senders.n_messages[i])
        if display[i]:
            names[author][display[i]] += n
        total[author] += n
        if (
            i in linking.reports
            or i in auto_repliers
            or is_automated_sender(address, keys.normalized[i])
        ):
            automated[author] += n
        if address and address not in shared:
            emails[author].add(address)
        if org := key_orgs[i]:  # (none for a shared address)
            orgs[author][org] += n
            seen = int(first_seen[i])
            since[author][org] = min(seen, since[author].get(org, seen))
    reasons: dict[str, list[str]] = defaultdict(list)
    for i, j, reason in linking.merges:
        label_i = key_label(keys.address[i], keys.raw_name[i])
        label_j = key_label(keys.address[j], keys.raw_name[j])
        reasons[key_author[i]].append(f"{label_i} ~ {label_j}: {reason}")
    for i, reason in linking.strays.items():
        reasons[key_author[i]].append(f"{key_label(keys.address[i], keys.raw_name[i])}: {reason}")
    for i in sorted(auto_repliers):
        label = key_label(keys.address[i], keys.raw_name[i])
        reasons[key_author[i]].append(f"{label}: every message an auto-reply, automated")
    for i, reason in sorted(linking.reports.items()):  # (one report's keys give one reason)
        if reason not in reasons[key_author[i]]:
            reasons[key_author[i]].append(reason)

    rows = []
    for author in sorted(total):
        author_emails = sorted(emails[author])
        # (never empty: without a name nor an address of its own, as a role address that
        # wrote unnamed, "contact@benoit-laviale.fr", the id, which is that address, names it)
        name = _most(names[author], full_names) or (
            split_address(author_emails[0])[0] if author_emails else author
        )
        rows.append(
            (
                author,
                name,
                author_emails,
                sorted({split_address(e)[1] for e in author_emails} - {""}),
                _most(orgs[author]),
                sorted(since[author], key=lambda org: (since[author][org], org)),
                automated[author] == total[author],
            )
        )
    table = pd.DataFrame(rows, columns=list(_DESCRIBED))
    table["merge_reasons"] = [reasons[a] for a in table["author_id"]]

    per_key = pd.DataFrame(
        {
            "author_id": key_author,
            "n_messages": senders.n_messages,
            "first": senders.first.to_numpy(),
            "last": senders.last.to_numpy(),
        }
    )
    if senders.n_words is not None:
        per_key["n_words_authored"] = senders.n_words.to_numpy()
    if senders.threads_started is not None:
        per_key["threads_started"] = senders.threads_started.to_numpy()
    grouped = per_key.groupby("author_id", sort=True)
    stats = grouped.agg(
        n_messages=("n_messages", "sum"), first=("first", "min"), last=("last", "max")
    )
    for column in ("n_words_authored", "threads_started"):
        if column in per_key:
            stats[column] = grouped[column].sum(min_count=1).round().astype("Int64")
        else:
            stats[column] = pd.array([pd.NA] * len(stats), dtype="Int64")
    table = table.set_index("author_id").join(stats).reset_index()
    table["n_messages"] = table["n_messages"].astype("int64")
    for day in ("first", "last"):  # as every other date of the tables: microseconds, UTC
        table[day] = pd.to_datetime(table[day], utc=True).astype("datetime64[us, UTC]")
    affiliations = table["affiliation"].astype(object)
    table["affiliation"] = affiliations.where(affiliations.notna(), None)
    return table[[*AUTHOR_COLUMNS, *AUTHOR_EXTRA_COLUMNS]]


def author_names(authors: pd.DataFrame) -> dict[str, str]:
    """The name every output shows for an author: the authors table's ``name`` by ``author_id``
    (authors without one left out). Timelines, the reply network, thread timelines and the report
    all read it here, so that one person is never named two ways (a raw From name such as
    ``Kwon, Alan`` in one output and ``Alan Kwon`` in another)."""
    return {
        key: name
        for key, name in zip(authors["author_id"], authors["name"], strict=True)
        if isinstance(key, str) and isinstance(name, str) and name.strip()
    }


def automated_authors(authors: pd.DataFrame) -> set[str]:
    """The author ids whose every message is automated (``is_automated``): list owners,
    bounce handlers, bots. The report and the topic timelines leave them out of the people
    they count, so that a robot is never a leading participant of a debate."""
    if "is_automated" not in authors:
        return set()
    flags = authors["is_automated"].fillna(False).astype(bool)
    return set(authors.loc[flags, "author_id"].dropna())


def namesakes(authors: pd.DataFrame) -> list[tuple[str, list[str]]]:
    """Authors left apart who share a display name (case aside), busiest first: one-word and
    generic names are never merged on their own ("parminder" at two addresses may be one
    person or two), so a researcher is shown them to decide (``[authors] merge``)."""
    people = (
        authors[~authors["is_automated"].fillna(False).astype(bool)]
        if ("is_automated" in authors)
        else authors
    )
    people = people[people["name"].fillna("").str.strip() != ""]
    key = people["name"].str.strip().str.casefold()
    groups: list[tuple[int, str, list[str]]] = []
    for _, group in people.groupby(key.to_numpy(), sort=True):
        if group["author_id"].nunique() < 2:
            continue
        ordered = group.sort_values(["n_messages", "author_id"], ascending=[False, True])
        groups.append(
            (
                int(ordered["n_messages"].sum()),
                str(ordered["name"].iloc[0]),
                list(ordered["author_id"]),
            )
        )
    groups.sort(key=lambda g: (-g[0], g[1]))
    return [(name, ids) for _, name, ids in groups]
