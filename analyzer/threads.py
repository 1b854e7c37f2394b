"""Reply structure: who answered whom, rebuilt from whatever the archive kept of it.

Threading follows the JWZ algorithm (RFC 5256 REFERENCES) without its per-message loops: every
Message-ID, In-Reply-To and References entry becomes an integer node, parent links are arrays, and
loops and depths are found by pointer doubling, so a million messages thread in seconds.

A message's parent comes from the best evidence it has, strongest first:

1. its own In-Reply-To (or, without a usable one, the last entry of its References);
2. the References chain of another message, which names the message's own parent (JWZ);
3. the archive's thread index (``archive_parent_id``, from Pipermail ``thread.html``);
4. its subject: a reply subject ("Re: X") without any of the above attaches to the most recent
   earlier message with the same base subject within a time window. Digests never join by subject.

Messages named in References but absent from the table are placeholders: they keep their place in
the tree (and give the thread its id when they are its root) but are never a ``parent_id``.
Links that would close a loop are dropped, the weakest evidence first.
"""

from __future__ import annotations

import hashlib
import re
from itertools import chain
from typing import Literal

import numpy as np
import pandas as pd

from analyzer.errors import AnalyzerError
from analyzer.schema import EDGE_COLUMNS, THREAD_COLUMNS
from analyzer.subjects import is_digest_subject, subject_parts

DEFAULT_SUBJECT_WINDOW = pd.Timedelta(days=30)
"""How far back a reply subject without reply headers looks for the message it answers."""

# Strength of the evidence behind a parent link; a loop is broken at its weakest link.
_BY_SUBJECT, _BY_ARCHIVE, _BY_OTHERS_REFERENCES, _BY_OWN_HEADERS = 1, 2, 3, 4

_BRACKETED_ID = re.compile(r"<\s*([^<>\s]+)\s*>")
_WHITESPACE = re.compile(r"\s")
_NO_ID_PREFIX = "no-message-id-"


def clean_message_id(value: object) -> str | None:
    """A Message-ID without angle brackets, or None when the value holds no usable one.

    Garbage around a bracketed ID ("<id> (Joe's message of …)") is dropped; an unbracketed value
    with spaces in it ("Your message of Mon, 3 Jan") is not an ID.
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    if "<" in text:
        found = _BRACKETED_ID.search(text)
        if found is None:
            return None
        text = found.group(1)
    if not text or _WHITESPACE.search(text) or ">" in text:
        return None
    return text


def _reference_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        found = _BRACKETED_ID.findall(value)
        return found if found else value.split()
    if isinstance(value, list | tuple | np.ndarray):
        return list(value)
    return []


class _Ids:
    """Integer codes for every ID the table mentions, its own and those it refers to."""

    def __init__(
        self, message_ids: pd.Series, in_reply_to: pd.Series, references: pd.Series
    ) -> None:
        n = len(message_ids)
        reference_lists = [_reference_list(value) for value in references.to_numpy(dtype=object)]
        lengths = np.fromiter((len(refs) for refs in reference_lists), dtype=np.int64, count=n)
        flat = list(chain.from_iterable(reference_lists))
        raw = np.empty(2 * n + len(flat), dtype=object)
        raw[:n] = message_ids.to_numpy(dtype=object)
        raw[n : 2 * n] = in_reply_to.to_numpy(dtype=object)
        raw[2 * n :] = flat
        raw_codes, raw_uniques = pd.factorize(raw, use_na_sentinel=True)
        cleaned = np.array([clean_message_id(value) for value in raw_uniques], dtype=object)
        clean_codes, uniques = pd.factorize(cleaned, use_na_sentinel=True)
        clean_codes = np.append(clean_codes, -1)  # raw code -1 (missing) stays -1
        codes = clean_codes[raw_codes]
        self.uniques: np.ndarray = np.asarray(uniques, dtype=object)
        self.own: np.ndarray = codes[:n]
        self.in_reply_to: np.ndarray = codes[n : 2 * n]
        self.reference_rows: np.ndarray = np.repeat(np.arange(n), lengths)
        self.references: np.ndarray = codes[2 * n :]

    def code_of(self, values: pd.Series) -> np.ndarray:
        """Codes of further IDs (archive parents); IDs the table never mentions get new codes."""
        cleaned = [clean_message_id(value) for value in values.to_numpy(dtype=object)]
        lookup = pd.Index(self.uniques)
        known = lookup.get_indexer(pd.Index(cleaned, dtype=object))
        unknown = np.flatnonzero((known < 0) & np.array([c is not None for c in cleaned], bool))
        if len(unknown):
            extra_codes, extra = pd.factorize(np.array([cleaned[i] for i in unknown], object))
            known[unknown] = len(self.uniques) + extra_codes
            self.uniques = np.concatenate([self.uniques, np.asarray(extra, dtype=object)])
        return known


def _content_hash(values: pd.Series) -> np.ndarray:
    text = np.array([value if isinstance(value, str) else "" for value in values], dtype=object)
    return pd.util.hash_array(text)


def _row_order_key(dates: np.ndarray, messages: pd.DataFrame) -> np.ndarray:
    """Rank of each row by date, then by hashes of what it says: row order never matters."""
    missing_date = dates == np.iinfo(np.int64).min
    dates = np.where(missing_date, np.iinfo(np.int64).max, dates)
    tie_breakers = [
        _content_hash(_column(messages, name)) for name in ("subject", "in_reply_to", "message_id")
    ]
    order = np.lexsort((*tie_breakers, dates))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank


def _first_per_group(
    group: np.ndarray, value: np.ndarray, priority: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For each group, the value with the smallest priority (ties: the first)."""
    order = np.lexsort((priority, group))
    group, value = group[order], value[order]
    first = np.r_[True, group[1:] != group[:-1]] if len(group) else np.zeros(0, bool)
    return group[first], value[first]


def _resolve(parent: np.ndarray, max_steps: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Root and depth of every node by pointer doubling; also the nodes caught in loops."""
    nodes = np.arange(len(parent))
    root = np.where(parent < 0, nodes, parent)
    is_root = parent < 0
    depth = (~is_root).astype(np.int64)
    active = np.flatnonzero(~is_root[root])
    for _ in range(max_steps):
        if not len(active):
            break
        ancestors = root[active]
        depth[active] = depth[active] + depth[ancestors]
        root[active] = root[ancestors]
        active = active[~is_root[root[active]]]
    return root, depth, active


def _break_loops(
    parent: np.ndarray,
    strength: np.ndarray,
    rank: np.ndarray,
    names: np.ndarray,
    looping: np.ndarray,
    root: np.ndarray,
) -> None:
    """Drop one link per loop: the weakest, and among equals the one of the earliest node."""
    done: set[int] = set()
    for start in np.unique(root[looping]).tolist():
        if start in done:
            continue
        cycle = [start]
        node = int(parent[start])
        while node != start and node not in done:
            cycle.append(node)
            node = int(parent[node])
        done.update(cycle)
        if node != start:  # joined a loop already broken
            continue
        weakest = min(cycle, key=lambda node: (strength[node], rank[node], str(names[node])))
        parent[weakest] = -1


def _no_id_thread_ids(messages: pd.DataFrame, rows: np.ndarray) -> list[str]:
    """Stable ids for roots without a Message-ID, derived from what the message says."""
    fields = [
        c for c in ("date", "from_email", "subject", "source", "source_index") if c in messages
    ]
    ids = []
    for row in rows.tolist():
        values = "\x1f".join(str(messages[c].iat[row]) for c in fields)
        ids.append(_NO_ID_PREFIX + hashlib.sha1(values.encode("utf-8")).hexdigest()[:20])
    return ids


def _column(messages: pd.DataFrame, name: str) -> pd.Series:
    if name in messages:
        return messages[name]
    return pd.Series([None] * len(messages), index=messages.index, dtype=object)


def _subject_links(
    subjects: pd.Series,
    dates: np.ndarray,
    rank: np.ndarray,
    is_canonical: np.ndarray,
    wanting: np.ndarray,
    window: pd.Timedelta,
) -> tuple[np.ndarray, np.ndarray, pd.Series]:
    """Rows that get a parent by subject, the rows they attach to, and every base subject."""
    codes, uniques = pd.factorize(subjects.fillna("").to_numpy(dtype=object))
    parts = [subject_parts(str(subject)) for subject in uniques]
    base = np.array([p[0] for p in parts] + [""], dtype=object)
    reply = np.array([p[1] for p in parts] + [False], dtype=bool)
    digest = np.array([is_digest_subject(str(subject)) for subject in uniques] + [True], bool)
    base_codes, _ = pd.factorize(base)
    row_base = base_codes[codes]  # code -1 (no subject) picks the trailing sentinel
    subject_norm = pd.Series(base[codes], index=subjects.index, dtype=object)

    has_date = dates != np.iinfo(np.int64).min
    usable = is_canonical & has_date & ~digest[codes] & (base[codes] != "")
    rows = np.flatnonzero(usable)
    rows = rows[np.lexsort((rank[rows], row_base[rows]))]
    same_subject = row_base[rows[1:]] == row_base[rows[:-1]]
    child, earlier = rows[1:], rows[:-1]
    within = (dates[child] - dates[earlier]) <= window.value
    take = same_subject & within & wanting[child] & reply[codes[child]]
    return child[take], earlier[take], subject_norm


def thread_messages(
    messages: pd.DataFrame,
    *,
    subject_window: pd.Timedelta = DEFAULT_SUBJECT_WINDOW,
    use_subjects: bool = True,
) -> pd.DataFrame:
    """A copy of the messages with ``subject_norm``, ``parent_id``, ``thread_id`` and ``depth``.

    ``parent_id`` is the Message-ID of the parent when the parent is in the table, else None.
    ``thread_id`` is the Message-ID of the thread's root, which may be a placeholder (a message
    the References name but the archive lacks), so it stays the same when that message turns up.
    ``depth`` counts ancestors, placeholders included: 0 for roots. Copies of one Message-ID get
    the threading of the earliest copy. The result does not depend on the order of the rows.
    """
    n = len(messages)
    result = messages.copy()
    message_ids = _column(messages, "message_id")
    ids = _Ids(message_ids, _column(messages, "in_reply_to"), _column(messages, "references"))
    archive_parent = ids.code_of(_column(messages, "archive_parent_id"))
    dates_series = pd.to_datetime(_column(messages, "date"), utc=True)
    dates = dates_series.to_numpy(dtype="datetime64[ns]").view(np.int64)
    rank = _row_order_key(dates, messages)

    # Nodes: one per ID, then one per row without a Message-ID.
    own = ids.own.copy()
    no_id_rows = np.flatnonzero(own < 0)
    own[no_id_rows] = len(ids.uniques) + np.arange(len(no_id_rows))
    n_nodes = len(ids.uniques) + len(no_id_rows)
    # The canonical row of each node: the earliest copy of a Message-ID.
    canonical_row = np.full(n_nodes, -1, dtype=np.int64)
    nodes_with_rows, first_rows = _first_per_group(own, np.arange(n), rank)
    canonical_row[nodes_with_rows] = first_rows
    is_canonical = canonical_row[own] == np.arange(n)

    parent = np.full(n_nodes, -1, dtype=np.int64)
    strength = np.zeros(n_nodes, dtype=np.int8)

    # 1. Own headers: In-Reply-To, else the last usable References entry.
    ref_rows, refs = ids.reference_rows, ids.references
    valid = (refs >= 0) & (refs != own[ref_rows])
    ref_rows, refs = ref_rows[valid], refs[valid]
    last = np.r_[ref_rows[1:] != ref_rows[:-1], True] if len(ref_rows) else np.zeros(0, bool)
    last_ref = np.full(n, -1, dtype=np.int64)
    last_ref[ref_rows[last]] = refs[last]
    irt = np.where(ids.in_reply_to != own, ids.in_reply_to, -1)
    own_parent = np.where(irt >= 0, irt, last_ref)

    # 2. Other messages' References chains: each entry is the parent of the next, and the last
    # entry the parent of In-Reply-To when In-Reply-To is not in the chain.
    irt_in_refs = np.zeros(n, dtype=bool)
    irt_in_refs[ref_rows[refs == irt[ref_rows]]] = True
    chained = np.flatnonzero(ref_rows[1:] == ref_rows[:-1])
    tail = np.flatnonzero((irt >= 0) & (last_ref >= 0) & ~irt_in_refs)
    link_child = np.concatenate([refs[chained + 1], irt[tail]])
    link_parent = np.concatenate([refs[chained], last_ref[tail]])
    link_row = np.concatenate([ref_rows[chained], tail])
    keep = link_child != link_parent
    inferred_child, inferred_parent = _first_per_group(
        link_child[keep], link_parent[keep], rank[link_row[keep]]
    )

    canon = np.flatnonzero(is_canonical)
    has_header_parent = np.zeros(n_nodes, dtype=bool)
    has_header_parent[inferred_child] = True
    has_header_parent[own[canon[own_parent[canon] >= 0]]] = True

    # 3. The archive's thread index, 4. the subject, for messages the headers do not place.
    archive_parent = np.where(archive_parent != own, archive_parent, -1)
    wanting = is_canonical & ~has_header_parent[own]
    by_archive = np.flatnonzero(wanting & (archive_parent >= 0))
    wanting[by_archive] = False
    subject_child, subject_parent, subject_norm = _subject_links(
        _column(messages, "subject"), dates, rank, is_canonical, wanting, subject_window
    )
    if use_subjects:
        parent[own[subject_child]] = own[subject_parent]
        strength[own[subject_child]] = _BY_SUBJECT
    parent[own[by_archive]] = archive_parent[by_archive]
    strength[own[by_archive]] = _BY_ARCHIVE
    parent[inferred_child] = inferred_parent
    strength[inferred_child] = _BY_OTHERS_REFERENCES
    with_own = canon[own_parent[canon] >= 0]
    parent[own[with_own]] = own_parent[with_own]
    strength[own[with_own]] = _BY_OWN_HEADERS

    # A present message is named by its own row's Message-ID, a placeholder by the cleaned one.
    node_name = np.empty(n_nodes, dtype=object)
    node_name[: len(ids.uniques)] = ids.uniques
    node_name[own[no_id_rows]] = _no_id_thread_ids(messages, no_id_rows)
    present = canonical_row >= 0
    original_ids = message_ids.to_numpy(dtype=object)
    node_name[present] = np.where(
        own[canonical_row[present]] < len(ids.uniques),
        original_ids[canonical_row[present]],
        node_name[present],
    )

    node_rank = np.full(n_nodes, np.iinfo(np.int64).max, dtype=np.int64)
    node_rank[own[canon]] = rank[canon]
    max_steps = int(np.ceil(np.log2(max(n_nodes, 2)))) + 2
    root, depth, looping = _resolve(parent, max_steps)
    if len(looping):
        _break_loops(parent, strength, node_rank, node_name, looping, root)
        root, depth, _ = _resolve(parent, max_steps)

    row_parent = parent[own]
    parent_present = (row_parent >= 0) & present[np.maximum(row_parent, 0)]
    result["subject_norm"] = subject_norm.to_numpy()
    parent_ids = np.full(n, None, dtype=object)
    parent_ids[parent_present] = node_name[row_parent[parent_present]]
    result["parent_id"] = parent_ids
    result["thread_id"] = node_name[root[own]]
    result["depth"] = depth[own]
    return result


def _author_keys(messages: pd.DataFrame) -> pd.Series:
    """Who wrote each message: ``author_id`` where known, else the sender's address."""
    email = _column(messages, "from_email").astype(object)
    if "author_id" not in messages:
        return email.where(email.notna() & (email != ""), None)
    author = messages["author_id"].astype(object)
    known = author.notna() & (author != "")
    keys = author.where(known, email)
    return keys.where(keys.notna() & (keys != ""), None)


def _threaded(messages: pd.DataFrame) -> pd.DataFrame:
    if {"parent_id", "thread_id", "depth"}.issubset(messages.columns):
        return messages
    return thread_messages(messages)


def threads_table(messages: pd.DataFrame) -> pd.DataFrame:
    """One row per thread (THREAD_COLUMNS), threading the messages first if they are not yet.

    ``root_id`` is the root message, or for a thread whose root the archive lacks, its earliest
    message; ``subject`` is the root's. Copies of one Message-ID count once.
    """
    threaded = _threaded(messages)
    table = pd.DataFrame(
        {
            "message_id": threaded["message_id"].astype(object),
            "thread_id": threaded["thread_id"].astype(object),
            "subject": _column(threaded, "subject").astype(object),
            "date": pd.to_datetime(threaded["date"], utc=True),
            "depth": threaded["depth"].astype(np.int64),
            "is_top": threaded["parent_id"].isna(),
            "author": _author_keys(threaded),
        }
    )
    has_id = table["message_id"].notna()
    table = table[~(has_id & table["message_id"].duplicated())]
    if table.empty:
        return pd.DataFrame({column: pd.Series(dtype=object) for column in THREAD_COLUMNS})
    # The root: the message whose id is the thread's, else the earliest top message.
    table = table.assign(
        root_order=np.where(table["message_id"] == table["thread_id"], 0, 1)
        + np.where(table["is_top"], 0, 2)
    ).sort_values(["thread_id", "root_order", "date", "message_id"], na_position="last")
    grouped = table.groupby("thread_id", sort=False)
    roots = grouped.head(1).set_index("thread_id")
    threads = pd.DataFrame(
        {
            "root_id": roots["message_id"],
            "subject": roots["subject"],
            "start": grouped["date"].min(),
            "end": grouped["date"].max(),
            "n_messages": grouped.size(),
            "n_authors": grouped["author"].nunique(),
            "max_depth": grouped["depth"].max(),
        }
    )
    threads = threads.rename_axis("thread_id").reset_index()
    threads = threads.sort_values(["start", "thread_id"], na_position="last", ignore_index=True)
    return threads[list(THREAD_COLUMNS)]


def edges_table(messages: pd.DataFrame) -> pd.DataFrame:
    """Who replied to whom (EDGE_COLUMNS): one row per message whose parent is in the table."""
    threaded = _threaded(messages).reset_index(drop=True)
    authors = _author_keys(threaded)
    message_ids = threaded["message_id"].astype(object)
    has_id = message_ids.notna()
    unique = ~(has_id & message_ids.duplicated())
    author_of = pd.Series(authors[unique & has_id].to_numpy(), index=message_ids[unique & has_id])
    replies = unique & threaded["parent_id"].notna()
    edges = pd.DataFrame(
        {
            "message_id": message_ids[replies],
            "date": pd.to_datetime(threaded["date"][replies], utc=True),
            "source_author": authors[replies],
            "target_author": threaded["parent_id"][replies].map(author_of).astype(object),
            "thread_id": threaded["thread_id"][replies].astype(object),
        }
    )
    edges = edges.sort_values(["date", "message_id"], na_position="last", ignore_index=True)
    return edges[list(EDGE_COLUMNS)]


def thread_order(messages: pd.DataFrame) -> pd.DataFrame:
    """The messages in reading order: threads by start, each depth first with siblings by date.

    Messages whose parent the archive lacks are read as top messages of their thread.
    """
    threaded = _threaded(messages).reset_index(drop=True)
    dates = pd.to_datetime(threaded["date"], utc=True)
    by_date = threaded.assign(_date=dates).sort_values(["_date", "message_id"], na_position="last")
    children: dict[object, list[int]] = {}
    row_of_id: dict[object, int] = {}
    for row, message_id in zip(by_date.index, by_date["message_id"], strict=True):
        if isinstance(message_id, str) and message_id not in row_of_id:
            row_of_id[message_id] = row
    tops: dict[object, list[int]] = {}
    for row, parent_id, thread_id in zip(
        by_date.index, by_date["parent_id"], by_date["thread_id"], strict=True
    ):
        if isinstance(parent_id, str) and parent_id in row_of_id:
            children.setdefault(parent_id, []).append(row)
        else:
            tops.setdefault(thread_id, []).append(row)
    reading: list[int] = []
    for thread_rows in tops.values():  # threads in order of their first top message
        stack = list(reversed(thread_rows))
        while stack:
            row = stack.pop()
            reading.append(row)
            stack.extend(reversed(children.get(threaded["message_id"].iat[row], [])))
    return threaded.iloc[reading]


def select_threads(
    threads: pd.DataFrame, by: Literal["largest", "latest"] = "largest", limit: int = 20
) -> pd.DataFrame:
    """The largest (most messages) or latest (most recent activity) threads of a threads table."""
    if by == "largest":
        keys, ascending = ["n_messages", "end", "thread_id"], [False, False, True]
    elif by == "latest":
        keys, ascending = ["end", "n_messages", "thread_id"], [False, False, True]
    else:
        raise AnalyzerError(f"unknown thread selection {by!r}: use 'largest' or 'latest'")
    ordered = threads.sort_values(keys, ascending=ascending, na_position="last")
    return ordered.head(limit).reset_index(drop=True)
