"""From the messages table to authors: which senders are one person, and the authors table.

**How an author is named.** Every author takes its ``author_id`` from its *anchor*: the sender key
(address, name) seen first, by the date of its earliest message, ties broken by address then name;
keys at an address of the person's own come before keys at a shared one. The id is the anchor's
address; when the anchor's address is shared (a list that rewrites ``From``, the list's own
address, a role address) or missing, it is ``name:<normalised-name>`` for a distinctive name, or
``<address>/<name>`` otherwise. A name forged onto someone's address (``strays``) is
``<address>/<name>`` too: the address is not its own; so is a service's notice on someone's
behalf (``no-reply@dropbox.com/vijay-khemka``: no person); so is a periodic report sent from a
person's address (``reports``), as ``<address>/<subject-slug>`` (the slug of its base subject),
while an address that sends nothing but reports keeps its own id. The id is therefore a function of the set of
messages, not of their order. Adding a later month keeps every id: new keys are seen later than the
anchor, and when a new message links two existing authors the merged author keeps the id of the one
seen first (the other id disappears, and that is the only renaming). Adding an *earlier* month can
move an anchor; a later message of an address's owner can show a name thought forged to be theirs,
and the first message of a person at an address that had sent only reports moves the reports to
``<address>/<subject-slug>``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from analyzer.identity.addresses import is_notification_address, list_names
from analyzer.identity.autoreplies import auto_reply_keys
from analyzer.identity.linking import Linking, SenderKeys, link_sender_keys
from analyzer.identity.overrides import IdentityOverrides
from analyzer.identity.reports import PeriodicReports, periodic_reports
from analyzer.identity.senders import (
    OwnTexts,
    collect_senders,
    first_name_signatures,
    signatures,
)
from analyzer.identity.tables import authors_table, key_affiliations, merges_table
from analyzer.schema import SHARED_COLUMNS


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


def _slug(normalized: str) -> str:
    return normalized.replace(" ", "-")


def _key_id(address: str, normalized: str, distinctive: bool, shared: dict[str, str]) -> str:
    if address and address not in shared:
        return address
    if distinctive:
        return "name:" + _slug(normalized)
    if address:
        return f"{address}/{_slug(normalized)}" if normalized else address
    return "name:" + _slug(normalized) if normalized else "unknown"


def names_of_list(messages: pd.DataFrame) -> frozenset[str]:
    """The names the list of ``messages`` goes by: its subject tag and its stored labels."""
    subjects = messages["subject"].fillna("").astype(str).tolist() if "subject" in messages else []
    labels = messages["list"].dropna().unique().tolist() if "list" in messages else []
    return list_names(subjects, [str(label) for label in labels])


def resolve_authors(
    messages: pd.DataFrame,
    overrides: IdentityOverrides | None = None,
    own_texts: OwnTexts | None = None,
    list_names: frozenset[str] | None = None,
    reports: PeriodicReports | None = None,
    auto_subjects: np.ndarray | None = None,
) -> IdentityResult:
    """Group the senders of ``messages`` into authors and build the authors table.

    Reads ``from_email``, ``from_name``, ``date`` and, when present, ``n_words_authored``,
    ``parent_id``, ``thread_id`` and the sender's text (``authored`` and ``signature``, else
    ``body``) for the names people sign with. The rules and their order are in
    ``analyzer.identity.linking``; how ids are chosen is in this module's docstring.
    ``own_texts`` gives the sender's text of the rows asked for, when the table lacks it.
    ``list_names`` are the names the list goes by (``addresses.list_names``; by default read
    from the ``subject`` and ``list`` columns): the list's own address is no one's.
    ``reports`` are the list's periodic reports (``reports.periodic_reports``; by default found
    in ``messages``, which then needs ``subject_norm`` and ``parent_id``): a script's output,
    not the words of the person whose address sent it. ``auto_subjects`` (per row: an
    auto-responder's subject, `autoreplies.auto_reply_subjects`; by default read from the
    ``subject`` column) and the texts tell the senders who sent nothing but auto-replies.
    """
    overrides = overrides or IdentityOverrides()
    if list_names is None:
        list_names = names_of_list(messages)
    if reports is None:
        reports = periodic_reports(messages)
    senders = collect_senders(messages, reports)
    senders = replace(
        senders,
        keys=replace(
            senders.keys,
            signed_as=signatures(messages, senders, own_texts),
            signed_first=first_name_signatures(messages, senders, own_texts),
        ),
    )
    linking = link_sender_keys(senders.keys, overrides, list_names, reports)
    key_author = author_ids(senders.keys, senders.first_seen_ns(), linking)

    out = messages.copy(deep=False)  # copy-on-write: no column is duplicated
    out["author_id"] = np.asarray(key_author, dtype=object)[senders.key_of_message]
    organisations = key_affiliations(senders.keys.address, overrides.organisations, linking.shared)
    for i in linking.strays:  # a forged sender says nothing of the address's organisation
        organisations[i] = None
    out["affiliation"] = np.asarray(organisations, dtype=object)[senders.key_of_message]
    return IdentityResult(
        messages=out,
        authors=authors_table(
            senders,
            key_author,
            linking,
            overrides,
            organisations,
            auto_reply_keys(messages, senders, own_texts, auto_subjects),
        ),
        merges=merges_table(senders, key_author, linking),
        shared=pd.DataFrame(sorted(linking.shared.items()), columns=list(SHARED_COLUMNS)),
    )


def author_ids(keys: SenderKeys, first_seen: np.ndarray, linking: Linking) -> list[str]:
    """The author id of every key, from the anchor of its set.

    Clashes (possible only after forced splits) get ``#2``, ``#3`` in the order of their anchors.
    """
    roots = linking.sets.roots()
    members: dict[int, list[int]] = defaultdict(list)
    for i, root in enumerate(roots):
        members[root].append(i)
    anchors: dict[int, tuple[int, str, str]] = {}
    by_id: dict[str, list[int]] = defaultdict(list)
    for root, indices in members.items():
        # (an address of the person's own first: a shared one, the list's say, names no one)
        anchor = min(
            indices,
            key=lambda i: (
                keys.address[i] in linking.shared,
                i in linking.strays,
                first_seen[i],
                keys.address[i],
                keys.raw_name[i],
            ),
        )
        anchors[root] = (int(first_seen[anchor]), keys.address[anchor], keys.raw_name[anchor])
        if anchor in linking.report_names:  # named by the address and the report's subject
            author_id = f"{keys.address[anchor]}/{_slug(keys.series[anchor])}"
        else:
            author_id = _key_id(
                keys.address[anchor],
                keys.normalized[anchor],
                # a forged sender is named by the address and the name: it has no other; so
                # is a service's notice on someone's behalf (no person: "name:" would say one)
                bool(keys.match_keys[anchor])
                and anchor not in linking.strays
                and not is_notification_address(keys.address[anchor]),
                {keys.address[anchor]: "forged"} if anchor in linking.strays else linking.shared,
            )
        by_id[author_id].append(root)
    id_of_root: dict[int, str] = {}
    for author_id, same in by_id.items():
        for n, root in enumerate(sorted(same, key=lambda r: anchors[r])):
            id_of_root[root] = author_id if n == 0 else f"{author_id}#{n + 1}"
    return [id_of_root[root] for root in roots]
