"""The quotes stage on the messages table: authored text, signature and counts per message."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import pandas as pd

from analyzer.quotes.ancestry import Ancestor, AncestorIndex, Sender, flatten
from analyzer.quotes.footers import FooterLearner
from analyzer.quotes.learn import tail_and_head
from analyzer.quotes.segmenter import base_labels, finish_labels
from analyzer.quotes.split import summary_of
from analyzer.schema import MESSAGE_COLUMNS
from analyzer.subjects import is_reply_subject

MAX_ANCESTORS = 3
TEXT_CACHE_SIZE = 5_000


def _column(name: str) -> str:
    """A messages-table column, checked against the schema when the module loads."""
    if name not in MESSAGE_COLUMNS:
        raise KeyError(f"{name!r} is not a column of the messages table")
    return name


_AUTHORED = _column("authored")
_SIGNATURE = _column("signature")
_N_WORDS = _column("n_words_authored")
_N_QUOTED = _column("n_lines_quoted")
_BODY = _column("body")
_LIST = _column("list")
_MESSAGE_ID = _column("message_id")
_PARENT_ID = _column("parent_id")
_SUBJECT = _column("subject")
_FROM_EMAIL = _column("from_email")
_FROM_NAME = _column("from_name")


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _key(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


class _FlatTextCache:
    """Flattened text of recently used bodies; parents are usually close to their replies."""

    def __init__(self, bodies: list[str]) -> None:
        self._bodies = bodies
        self._cache: OrderedDict[int, str] = OrderedDict()

    def get(self, position: int) -> str:
        cached = self._cache.get(position)
        if cached is not None:
            self._cache.move_to_end(position)
            return cached
        flat = flatten(self._bodies[position])
        self._cache[position] = flat
        if len(self._cache) > TEXT_CACHE_SIZE:
            self._cache.popitem(last=False)
        return flat


def _ancestor_positions(
    position: int, parents: list[str | None], positions: dict[str, int]
) -> list[int]:
    """Up to MAX_ANCESTORS ancestors, parent first."""
    chain: list[int] = []
    parent = parents[position]
    seen = {position}
    while parent is not None and len(chain) < MAX_ANCESTORS:
        found = positions.get(parent)
        if found is None or found in seen:
            break
        seen.add(found)
        chain.append(found)
        parent = parents[found]
    return chain


@dataclass(slots=True)
class _Results:
    authored: list[str]
    signatures: list[str]
    n_words: list[int]
    n_quoted: list[int]

    def put(self, position: int, summary: tuple[str, str, int, int]) -> None:
        authored, signature, n_words, n_quoted = summary
        self.authored[position] = authored
        self.signatures[position] = signature
        self.n_words[position] = n_words
        self.n_quoted[position] = n_quoted


def apply_quotes(messages: pd.DataFrame) -> pd.DataFrame:
    """A copy of `messages` with `authored`, `signature`, `n_words_authored`, `n_lines_quoted`.

    Footers are learned per `list` from the same pass that segments the messages; the few
    messages whose closing lines turn out to be learned boilerplate are segmented again. When
    `parent_id` is present, the bodies of up to three ancestors help find unmarked quotes.
    """
    result = messages.copy(deep=False)  # copy-on-write: no column is duplicated
    bodies = (
        [_text(value) for value in result[_BODY].tolist()]
        if _BODY in result.columns
        else [""] * len(result)
    )
    n = len(bodies)
    groups = _list_groups(result, n)
    parents = _column_keys(result, _PARENT_ID, n)
    senders = [
        Sender.of(address, name)
        for address, name in zip(
            _column_keys(result, _FROM_EMAIL, n), _column_keys(result, _FROM_NAME, n), strict=True
        )
    ]
    positions: dict[str, int] = {}
    for position, message_id in enumerate(_column_keys(result, _MESSAGE_ID, n)):
        if message_id is not None:
            positions.setdefault(message_id, position)
    cache = _FlatTextCache(bodies)
    roots = (
        [bool(value) for value in result[STARTS_THREAD].tolist()]
        if STARTS_THREAD in result.columns
        else starts_thread(result).tolist()
    )

    def ancestors_of(position: int) -> AncestorIndex | None:
        chain = _ancestor_positions(position, parents, positions)
        if not chain:
            return None
        sender = senders[position]
        return AncestorIndex(
            lambda: [
                Ancestor(
                    cache.get(k),
                    bodies[k],
                    sender is not None and sender.same_as(senders[k]),
                    _words_of(senders[k]),
                )
                for k in chain
            ]
        )

    results = _Results([""] * n, [""] * n, [0] * n, [0] * n)
    for members in groups.values():
        learner = FooterLearner()
        tails: dict[int, tuple[str, ...]] = {}  # tuples of str: left untracked by the gc
        for position in members:
            parsed, labels = base_labels(
                bodies[position], ancestors=ancestors_of(position), thread_root=roots[position]
            )
            tail, head = tail_and_head(parsed, labels, learner.keys.__getitem__)
            learner.add(tail, head, sender.address if (sender := senders[position]) else None)
            tails[position] = tuple(tail)
            finish_labels(parsed, labels, None, _words_of(senders[position]))
            results.put(position, summary_of(parsed, labels))
        model = learner.model()
        if not model.keys:
            continue
        for position in members:
            if not model.keys.intersection(tails[position]):
                continue
            parsed, labels = base_labels(
                bodies[position], ancestors=ancestors_of(position), thread_root=roots[position]
            )
            finish_labels(parsed, labels, model, _words_of(senders[position]))
            results.put(position, summary_of(parsed, labels))
    result[_AUTHORED] = pd.Series(results.authored, index=result.index, dtype="object")
    result[_SIGNATURE] = pd.Series(results.signatures, index=result.index, dtype="object")
    result[_N_WORDS] = pd.Series(results.n_words, index=result.index, dtype="int64")
    result[_N_QUOTED] = pd.Series(results.n_quoted, index=result.index, dtype="int64")
    return result


STARTS_THREAD = "starts_thread"
"""An optional input column: ``starts_thread`` computed before the subjects were dropped."""


def starts_thread(messages: pd.DataFrame) -> pd.Series:
    """Whether each message starts a thread: no parent, and no reply's subject (a message
    whose parent the archive lacks still answers one when its subject says so). Without a
    subject column, none is known to."""
    if _SUBJECT not in messages.columns:
        return pd.Series(False, index=messages.index)
    roots = (
        messages[_PARENT_ID].isna()
        if _PARENT_ID in messages.columns
        else pd.Series(True, index=messages.index)
    )
    # (the subjects of the messages without a parent only, each distinct subject read once)
    subjects = messages.loc[roots, _SUBJECT]
    replies = {subject: is_reply_subject(_key(subject)) for subject in subjects.unique()}
    roots.loc[roots] = ~subjects.map(replies).astype(bool)
    return roots


def _words_of(sender: Sender | None) -> frozenset[str]:
    return sender.words if sender is not None else frozenset()


def _list_groups(frame: pd.DataFrame, n: int) -> dict[str | None, list[int]]:
    names = frame[_LIST].tolist() if _LIST in frame.columns else [None] * n
    groups: dict[str | None, list[int]] = {}
    for position, name in enumerate(names):
        groups.setdefault(name if isinstance(name, str) else None, []).append(position)
    return groups


def _column_keys(frame: pd.DataFrame, column: str, n: int) -> list[str | None]:
    if column not in frame.columns:
        return [None] * n
    return [_key(value) for value in frame[column].tolist()]
