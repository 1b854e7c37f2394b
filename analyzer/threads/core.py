"""``thread_messages``: parent, thread and depth of every message, from the best evidence it has."""

from __future__ import annotations

import hashlib
import os

import numpy as np
import pandas as pd

from analyzer.model import PLACEHOLDER_ADDRESSES
from analyzer.threads.ancestors import ancestor_links
from analyzer.threads.fallback import (
    DEFAULT_QUOTE_WINDOW,
    DEFAULT_SUBJECT_WINDOW,
    ArchiveOrder,
    fallback_links,
    series_posts,
    subjects_of,
)
from analyzer.threads.forest import break_loops, first_per_group, resolve
from analyzer.threads.fragments import fragment_heads, is_empty_piece
from analyzer.threads.ids import MessageIds, clean_message_id
from analyzer.threads.quoted_links import NO_DATE, BodyLookup, RowsNamed, looked_up, lookup_of

# Strength of the evidence behind a parent link; a loop is cut at its weakest link.
BY_SUBJECT, BY_QUOTE, BY_ARCHIVE, BY_OTHERS_REFERENCES, BY_OWN_HEADERS = 1, 2, 3, 4, 5
NO_ID_PREFIX = "no-message-id-"


def column(messages: pd.DataFrame, name: str) -> pd.Series:
    """The column, or a column of None when the table lacks it (optional inputs)."""
    if name in messages:
        return messages[name]
    return pd.Series([None] * len(messages), index=messages.index, dtype=object)


def _content_hash(values: pd.Series) -> np.ndarray:
    text = values.astype(object).where(values.notna(), "")
    return pd.util.hash_array(text.to_numpy(dtype=object), categorize=False)


_HASH_BATCH = 50_000
LATER_IMPLIED = pd.Timedelta(hours=1)
"""How much later than a message the parent other messages' References give it may be dated
before that chain is doubted (clocks are off by minutes; a reversed chain by hours)."""


def _row_rank(dates: np.ndarray, messages: pd.DataFrame) -> np.ndarray:
    """Rank of each row by date, then by hashes of what it says: row order never matters.

    Only rows that share their date need the hashes, and they are few.
    """
    dates = np.where(dates == NO_DATE, np.iinfo(np.int64).max, dates)
    tied = np.flatnonzero(pd.Series(dates).duplicated(keep=False).to_numpy())
    tie_breakers = [np.zeros(len(dates), dtype=np.uint64) for _ in range(3)]
    for start in range(0, len(tied), _HASH_BATCH):  # batches: few strings exist at once
        rows = tied[start : start + _HASH_BATCH]
        subset = messages.iloc[rows]
        for key, name in zip(tie_breakers, ("message_id", "in_reply_to", "subject"), strict=True):
            key[rows] = _content_hash(column(subset, name))
    order = np.lexsort((*reversed(tie_breakers), dates))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank


def _no_id_names(messages: pd.DataFrame, rows: np.ndarray) -> list[str]:
    """Stable names for messages without a Message-ID, derived from what they say."""
    fields = [
        c for c in ("date", "from_email", "subject", "source", "source_index") if c in messages
    ]
    names = []
    for row in rows.tolist():
        values = "\x1f".join(str(messages[c].iat[row]) for c in fields)
        names.append(NO_ID_PREFIX + hashlib.sha1(values.encode("utf-8")).hexdigest()[:20])
    return names


def _archive_order(messages: pd.DataFrame) -> ArchiveOrder:
    """Which archive thread index placed each row (the folder of its page), -1 for none, and the
    row's place in that folder (pages are numbered in the order the archive received them)."""
    indexed = column(messages, "archive_thread_order").notna().to_numpy()
    # Few distinct sources: their folders are found once each, not once per row.
    source_codes, sources = pd.factorize(column(messages, "source"), use_na_sentinel=True)
    folders = [os.path.dirname(s) if isinstance(s, str) else None for s in sources]
    folder_codes, _ = pd.factorize(np.array([*folders, None], dtype=object), use_na_sentinel=True)
    codes = folder_codes[source_codes]  # code -1 (no source) picks the None appended last
    sequence = pd.to_numeric(column(messages, "source_index"), errors="coerce").fillna(-1)
    return ArchiveOrder(
        volume=np.where(indexed, codes, -1), sequence=sequence.to_numpy(dtype=np.int64)
    )


def sender_codes(messages: pd.DataFrame) -> np.ndarray:
    """A code per sender, -1 where there is none (a series needs a known sender): their full
    name when it is distinctive, else their address. One person writes from two addresses (a
    resend "from a registered address", a work and a home one): their second copy is still
    their own, and no answer to it; a shared address's names are its people."""
    # (imported here: the identity stage reads the threads' tables, so its package imports them)
    from analyzer.identity.names import is_distinctive, normalize_person_name

    emails = column(messages, "from_email")
    address, _ = pd.factorize(emails.where(emails != ""), use_na_sentinel=True)
    spelled, names = pd.factorize(column(messages, "from_name"), use_na_sentinel=True)
    people, _ = pd.factorize(
        pd.Series(
            [
                normal if is_distinctive(normal := normalize_person_name(name)) else None
                for name in names
            ],
            dtype=object,
        ),
        use_na_sentinel=True,
    )
    person = np.where(spelled >= 0, people[np.maximum(spelled, 0)] if len(people) else -1, -1)
    n_people = int(person.max(initial=-1)) + 1
    return np.where(person >= 0, person, np.where(address >= 0, n_people + address, -1))


def _within_a_series(
    archive_parent: np.ndarray,
    canonical_row: np.ndarray,
    series: np.ndarray,
    senders: np.ndarray,
    subjects: np.ndarray,
) -> np.ndarray:
    """Per row: whether its archive parent is the post before it in the same series. Pipermail's
    thread.html nests messages with the same subject under one another, so a weekly report's
    pages hang under the week before, as the subject fallback once chained them (``series_posts``
    says which rows are posts of a series: one sender, one subject, a steady pace)."""
    parent_row = np.where(archive_parent >= 0, canonical_row[np.maximum(archive_parent, 0)], -1)
    before = np.maximum(parent_row, 0)
    same = (senders[before] == senders) & (subjects[before] == subjects)
    return series & (parent_row >= 0) & series[before] & same


def _rows_named(ids: MessageIds, canonical_row: np.ndarray) -> RowsNamed:
    """The rows of Message-IDs as a quote shows them, -1 for those the archive lacks."""
    index = pd.Index(ids.uniques)

    def rows_named(names: list[str]) -> np.ndarray:
        cleaned = pd.Index([clean_message_id(name) for name in names], dtype=object)
        codes = index.get_indexer(cleaned)
        return np.where(codes >= 0, canonical_row[np.maximum(codes, 0)], -1)

    return rows_named


def _astray(
    with_own: np.ndarray,
    own: np.ndarray,
    own_parent: np.ndarray,
    canonical_row: np.ndarray,
    implied_child: np.ndarray,
    answers_a_digest: np.ndarray,
) -> np.ndarray:
    """Rows whose reply headers lead nowhere in the archive: their parent is missing, no other
    message's References say where it hangs, and no other message answers it too (unless the
    reply kept a digest's subject or took one of its items', ``answers_a_digest``: the replies
    to one digest are about anything). The missing message is often the digest the reply was
    read in, or another list's copy; a quote of a message of the archive then tells the
    parent, or the digest's item its subject names (a subject alone is too weak against a
    header). A missing message that one of its replies answers under a digest's subject is a
    digest: its other replies, which took an item's subject, are astray too."""
    n_nodes = len(canonical_row)
    parent_node = own_parent[with_own]
    missing = canonical_row[parent_node] < 0
    hangs = np.zeros(n_nodes, dtype=bool)
    hangs[implied_child] = True
    children = np.bincount(parent_node, minlength=n_nodes)
    is_digest = np.zeros(n_nodes, dtype=bool)
    is_digest[parent_node[answers_a_digest[with_own]]] = True
    alone = (children[parent_node] == 1) | answers_a_digest[with_own] | is_digest[parent_node]
    return with_own[missing & alone & ~hangs[parent_node] & ~hangs[own[with_own]]]


def _nearest_archived_ancestor(
    ids: MessageIds,
    own: np.ndarray,
    canonical_row: np.ndarray,
    rows: np.ndarray,
    not_ids: np.ndarray,
) -> np.ndarray:
    """Per row of ``rows`` whose In-Reply-To names a message the archive lacks: the row of the
    last message its References name that the archive holds, else -1 (and -1 for the rest)."""
    n = len(own)
    irt = np.where(not_ids[np.maximum(ids.in_reply_to, 0)], -1, ids.in_reply_to)
    lost = np.zeros(n, dtype=bool)
    lost[rows] = (irt[rows] >= 0) & (irt[rows] != own[rows])
    lost[rows] &= canonical_row[np.maximum(irt[rows], 0)] < 0
    ref_rows, refs = ids.reference_rows, ids.references
    archived = lost[ref_rows] & (refs >= 0) & (refs != own[ref_rows])
    ref_rows, refs = ref_rows[archived], refs[archived]
    found = canonical_row[refs]
    ref_rows, found = ref_rows[found >= 0], found[found >= 0]
    nearest = np.full(n, -1, dtype=np.int64)
    is_last = np.r_[ref_rows[1:] != ref_rows[:-1], True] if len(ref_rows) else np.zeros(0, bool)
    nearest[ref_rows[is_last]] = found[is_last]
    return nearest[rows]


def _sender_addresses(ids: MessageIds, emails: pd.Series, own: np.ndarray) -> np.ndarray:
    """Per ID code: whether it is the address of a sender of the table and no message's own ID.

    Old mailers (VM, some webmails) wrote the replied-to sender's address in In-Reply-To
    ("In-Reply-To: glyph@twistedmatrix.com") and kept the real chain in References; such an
    address names no message, and taken for one it hid the parent the References give.
    """
    is_address = np.zeros(len(ids.uniques) + 1, dtype=bool)  # (one more: no ID at all)
    addresses = pd.unique(emails.dropna().astype(str).str.lower())
    if not len(addresses):
        return is_address
    codes = pd.Index(ids.uniques).get_indexer(pd.Index(addresses, dtype=object))
    is_address[codes[codes >= 0]] = True
    is_address[own[own >= 0]] = False
    return is_address


def _header_links(
    ids: MessageIds,
    own: np.ndarray,
    rank: np.ndarray,
    is_canonical: np.ndarray,
    n_nodes: int,
    not_ids: np.ndarray | None = None,
) -> tuple[np.ndarray, ...]:
    """Parents by headers: each row's own, and those other rows' References chains imply.

    A row's own parent is its In-Reply-To, else the last usable entry of its References (an
    In-Reply-To that ``not_ids`` marks, a sender's address, is none). In a
    References chain each entry is the parent of the next, and the last one the parent of
    In-Reply-To when In-Reply-To is not in the chain; among conflicting chains the earliest
    message's wins (JWZ keeps the first link it sees). A message's own header beats them all,
    so links to messages that have one are dropped before choosing.
    """
    n = len(own)
    ref_rows, refs = ids.reference_rows, ids.references
    usable = (refs >= 0) & (refs != own[ref_rows])
    ref_rows, refs = ref_rows[usable], refs[usable]
    is_last = np.r_[ref_rows[1:] != ref_rows[:-1], True] if len(ref_rows) else np.zeros(0, bool)
    last_ref = np.full(n, -1, dtype=np.int64)
    last_ref[ref_rows[is_last]] = refs[is_last]
    irt = np.where(ids.in_reply_to != own, ids.in_reply_to, -1)
    if not_ids is not None:
        irt = np.where(not_ids[np.maximum(irt, 0)], -1, irt)
    own_parent = np.where(irt >= 0, irt, last_ref)

    irt_in_refs = np.zeros(n, dtype=bool)
    irt_in_refs[ref_rows[refs == irt[ref_rows]]] = True
    chained = np.flatnonzero(ref_rows[1:] == ref_rows[:-1])
    tail = np.flatnonzero((irt >= 0) & (last_ref >= 0) & ~irt_in_refs)
    child = np.concatenate([refs[chained + 1], irt[tail]])
    parent = np.concatenate([refs[chained], last_ref[tail]])
    row = np.concatenate([ref_rows[chained], tail])
    settled = np.zeros(n_nodes, dtype=bool)
    settled[own[is_canonical & (own_parent >= 0)]] = True
    open_ = (child != parent) & ~settled[child]
    implied_child, implied_parent = first_per_group(child[open_], parent[open_], rank[row[open_]])
    return own_parent, implied_child, implied_parent


def _later_implied(
    child: np.ndarray, parent: np.ndarray, canonical_row: np.ndarray, dates: np.ndarray
) -> np.ndarray:
    """Which links other messages' References imply put a message under one dated more than
    ``LATER_IMPLIED`` after it: a References chain out of order (twisted-python, 2004: a reply
    to a reply listing "<reply> <message>"). Such a message is left to the fallbacks (its
    attribution, its quote), which on the six lists gave the same parent in all but one of the
    63 cases, that one to the message its own attribution named to the second."""
    child_row, parent_row = canonical_row[child], canonical_row[parent]
    child_date = dates[np.maximum(child_row, 0)]
    parent_date = dates[np.maximum(parent_row, 0)]
    dated = (child_row >= 0) & (parent_row >= 0) & (child_date != NO_DATE)
    dated &= parent_date != NO_DATE  # (an undated parent's NO_DATE minus a date wraps around)
    gap = np.where(dated, parent_date, 0) - np.where(dated, child_date, 0)
    return dated & (gap > LATER_IMPLIED.value)


def _empty_pieces(
    emails: pd.Series, wanting: np.ndarray, texts: pd.Series | BodyLookup | None
) -> np.ndarray:
    """Rows from Pipermail's placeholder sender, without text, that nothing placed yet."""
    rows = np.flatnonzero(wanting & emails.isin(PLACEHOLDER_ADDRESSES).to_numpy())
    if texts is None or not len(rows):
        return np.zeros(0, dtype=np.int64)
    found = dict(looked_up(lookup_of(texts), rows))
    empty = is_empty_piece(emails.iloc[rows], [found.get(row) for row in rows.tolist()])
    return rows[empty]


def thread_messages(
    messages: pd.DataFrame,
    *,
    subject_window: pd.Timedelta = DEFAULT_SUBJECT_WINDOW,
    quote_window: pd.Timedelta = DEFAULT_QUOTE_WINDOW,
    use_subjects: bool = True,
    use_bodies: bool = True,
    reply_prefixes: bool | None = None,
    bodies: BodyLookup | None = None,
) -> pd.DataFrame:
    """A copy of the messages with ``subject_norm``, ``parent_id``, ``thread_id`` and ``depth``.

    ``parent_id`` is the Message-ID of the parent when the parent is in the table, else None.
    ``thread_id`` is the Message-ID of the thread's root, which may be a placeholder (a message
    the References name but the table lacks), so it stays the same when that message turns up.
    ``depth`` counts ancestors, placeholders included: 0 for roots. Copies of one Message-ID get
    the threading of the earliest copy. The result does not depend on the order of the rows.

    ``use_subjects`` and ``use_bodies`` turn off the fallbacks for messages that neither headers
    nor the archive place (by subject; by quoted text, when there is a ``body`` column).
    ``reply_prefixes`` says whether the archive kept the "Re:" of replies; None tells it from the
    subjects (many Mailman archives strip it, and then a repeated subject marks a reply).
    ``bodies`` gives the bodies of the rows asked for, for a table without a ``body`` column.
    """
    n = len(messages)
    result = messages.copy(deep=False)  # copy-on-write: no column is duplicated
    message_ids = column(messages, "message_id")
    ids = MessageIds(message_ids, column(messages, "in_reply_to"), column(messages, "references"))
    archive_parent = ids.code_of(column(messages, "archive_parent_id"))
    dates = pd.to_datetime(column(messages, "date"), utc=True).to_numpy(dtype="datetime64[ns]")
    dates = dates.view(np.int64)
    rank = _row_rank(dates, messages)

    # Nodes: one per ID (present or placeholder), then one per row without a Message-ID.
    own = ids.own.copy()
    no_id_rows = np.flatnonzero(own < 0)
    own[no_id_rows] = len(ids.uniques) + np.arange(len(no_id_rows))
    n_nodes = len(ids.uniques) + len(no_id_rows)
    canonical_row = np.full(n_nodes, -1, dtype=np.int64)  # the earliest copy of each message
    if np.bincount(own, minlength=n_nodes).max(initial=0) <= 1:
        canonical_row[own] = np.arange(n)
    else:
        nodes_with_rows, first_rows = first_per_group(own, np.arange(n), rank)
        canonical_row[nodes_with_rows] = first_rows
    is_canonical = canonical_row[own] == np.arange(n)
    canon = np.flatnonzero(is_canonical)

    not_ids = _sender_addresses(ids, column(messages, "from_email"), ids.own)
    own_parent, implied_child, implied_parent = _header_links(
        ids, own, rank, is_canonical, n_nodes, not_ids
    )
    with_own = canon[own_parent[canon] >= 0]
    kept = ~_later_implied(implied_child, implied_parent, canonical_row, dates)
    implied_child, implied_parent = implied_child[kept], implied_parent[kept]
    placed = np.zeros(n_nodes, dtype=bool)
    placed[implied_child] = True
    placed[own[with_own]] = True
    wanting = is_canonical & ~placed[own]
    archive_parent = np.where(archive_parent != own, archive_parent, -1)
    subjects = subjects_of(column(messages, "subject"))
    astray_rows = _astray(
        with_own,
        own,
        own_parent,
        canonical_row,
        implied_child,
        subjects.is_digest | subjects.names_an_item,
    )
    astray = np.zeros(n, dtype=bool)
    astray[astray_rows] = True
    senders = sender_codes(messages)
    series = series_posts(subjects, senders, dates, wanting & (dates != NO_DATE), subject_window)
    by_archive = np.flatnonzero(
        wanting
        & (archive_parent >= 0)
        & ~_within_a_series(archive_parent, canonical_row, series, senders, subjects.exact)
    )
    wanting[by_archive] = False
    # A piece Pipermail cut off a message hangs under that message (`fragment_heads`).
    pieces, heads = fragment_heads(message_ids, column(messages, "from_email"), dates, is_canonical)
    heads, pieces = heads[wanting[pieces]], pieces[wanting[pieces]]
    wanting[pieces] = False

    parent = np.full(n_nodes, -1, dtype=np.int64)
    strength = np.zeros(n_nodes, dtype=np.int8)
    texts: pd.Series | BodyLookup | None = bodies
    if texts is None and "body" in messages:
        texts = messages["body"]
    # A piece with no text that nothing places is no thread (no one started it, nothing to read).
    empty_pieces = _empty_pieces(column(messages, "from_email"), wanting, texts)
    wanting[empty_pieces] = False
    is_empty = np.zeros(n, dtype=bool)
    is_empty[empty_pieces] = True
    if not use_bodies:
        texts = None
    if use_subjects:
        child, earlier, quoted = fallback_links(
            subjects,
            dates,
            rank,
            is_canonical & (dates != NO_DATE) & ~is_empty,
            wanting,
            texts,
            subject_window,
            quote_window,
            reply_prefixes,
            _archive_order(messages),
            senders,
            astray,
            _rows_named(ids, canonical_row),
            column(messages, "from_name").to_numpy(dtype=object),
            np.where(own_parent >= 0, canonical_row[np.maximum(own_parent, 0)], -1),
        )
        parent[own[child]] = own[earlier]
        strength[own[child]] = np.where(quoted, BY_QUOTE, BY_SUBJECT)
        with_own = with_own[~np.isin(with_own, child)]  # astray rows that quote: the quote wins
    if texts is not None:
        # A reply to a missing message that quotes the archived ancestor its References name
        # answers that one (the quote wins over the header here too).
        ancestor = _nearest_archived_ancestor(ids, own, canonical_row, with_own, not_ids)
        lost = with_own[ancestor >= 0]
        answers = ancestor_links(
            lost,
            ancestor[ancestor >= 0],
            texts,
            column(messages, "from_name").to_numpy(dtype=object),
            dates,
        )
        parent[own[lost[answers]]] = own[ancestor[ancestor >= 0][answers]]
        strength[own[lost[answers]]] = BY_QUOTE
        with_own = with_own[~np.isin(with_own, lost[answers])]
    # Stronger evidence is written last and wins.
    parent[own[pieces]] = own[heads]
    strength[own[pieces]] = BY_ARCHIVE
    parent[own[by_archive]] = archive_parent[by_archive]
    strength[own[by_archive]] = BY_ARCHIVE
    parent[implied_child] = implied_parent
    strength[implied_child] = BY_OTHERS_REFERENCES
    parent[own[with_own]] = own_parent[with_own]
    strength[own[with_own]] = BY_OWN_HEADERS

    # A present message is named by its own row's Message-ID, a placeholder by the cleaned one.
    names = np.empty(n_nodes, dtype=object)
    names[: len(ids.uniques)] = ids.uniques
    names[own[no_id_rows]] = _no_id_names(messages, no_id_rows)
    present = canonical_row >= 0
    with_id = present.copy()
    with_id[len(ids.uniques) :] = False
    names[with_id] = message_ids.to_numpy(dtype=object)[canonical_row[with_id]]

    root, depth, looping = resolve(parent)
    if len(looping):
        node_rank = np.full(n_nodes, np.iinfo(np.int64).max, dtype=np.int64)
        node_rank[own[canon]] = rank[canon]
        break_loops(parent, [strength, node_rank, names], looping, root)
        root, depth, _ = resolve(parent)

    row_parent = parent[own]
    parent_present = (row_parent >= 0) & present[np.maximum(row_parent, 0)]
    parent_ids = np.full(n, None, dtype=object)
    parent_ids[parent_present] = names[row_parent[parent_present]]
    result["subject_norm"] = subjects.base
    result["parent_id"] = parent_ids
    thread_ids = names[root[own]]
    thread_ids[empty_pieces[root[own[empty_pieces]] == own[empty_pieces]]] = None
    result["thread_id"] = thread_ids
    result["depth"] = depth[own]
    return result
