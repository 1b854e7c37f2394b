"""The quotes stage on the messages table: authored text, signature and counts per message."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable

import pandas as pd

from analyzer.quotes.ancestry import AncestorIndex, text_shingles
from analyzer.quotes.footers import FooterModel, learn_footers
from analyzer.quotes.split import split_message
from analyzer.schema import MESSAGE_COLUMNS

MAX_ANCESTORS = 3
SHINGLE_CACHE_SIZE = 50_000


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


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _key(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


class _ShingleCache:
    """Shingles of recently used bodies; parents are usually close to their replies."""

    def __init__(self, bodies: list[str]) -> None:
        self._bodies = bodies
        self._cache: OrderedDict[int, frozenset[int]] = OrderedDict()

    def get(self, position: int) -> frozenset[int]:
        cached = self._cache.get(position)
        if cached is not None:
            self._cache.move_to_end(position)
            return cached
        shingles = text_shingles(self._bodies[position])
        self._cache[position] = shingles
        if len(self._cache) > SHINGLE_CACHE_SIZE:
            self._cache.popitem(last=False)
        return shingles


def _ancestor_positions(
    position: int, parents: list[str | None], positions: dict[str, int]
) -> list[int]:
    chain: list[int] = []
    parent = parents[position]
    seen = {position}
    while parent is not None and len(chain) < MAX_ANCESTORS:
        found = positions.get(parent)
        if found is None or found in seen:
            break
        chain.append(found)
        seen.add(found)
        parent = parents[found]
    return chain


def apply_quotes(messages: pd.DataFrame) -> pd.DataFrame:
    """A copy of `messages` with `authored`, `signature`, `n_words_authored`, `n_lines_quoted`.

    Footers are learned per `list`; when `parent_id` is present the bodies of up to three
    ancestors help find quotes that lost their markers.
    """
    result = messages.copy()
    bodies = [_text(value) for value in result[_BODY].tolist()] if _BODY in result else []
    n = len(bodies)
    list_names: list[Hashable] = result[_LIST].tolist() if _LIST in result.columns else [None] * n
    groups: dict[Hashable, list[int]] = {}
    for position, name in enumerate(list_names):
        groups.setdefault(name if isinstance(name, str) else None, []).append(position)
    models: dict[Hashable, FooterModel] = {
        name: learn_footers(bodies[k] for k in members) for name, members in groups.items()
    }
    parents: list[str | None] = (
        [_key(v) for v in result[_PARENT_ID].tolist()]
        if _PARENT_ID in result.columns
        else [None] * n
    )
    positions: dict[str, int] = {}
    if _MESSAGE_ID in result.columns:
        for position, message_id in enumerate(result[_MESSAGE_ID].tolist()):
            key = _key(message_id)
            if key is not None:
                positions.setdefault(key, position)
    cache = _ShingleCache(bodies)
    authored: list[str] = []
    signatures: list[str] = []
    n_words: list[int] = []
    n_quoted: list[int] = []
    for position, body in enumerate(bodies):
        chain = _ancestor_positions(position, parents, positions)
        ancestors = AncestorIndex(cache.get(k) for k in chain) if chain else None
        name = list_names[position]
        split = split_message(
            body,
            known_footers=models[name if isinstance(name, str) else None],
            ancestors=ancestors,
        )
        authored.append(split.authored)
        signatures.append(split.signature)
        n_words.append(split.n_words_authored)
        n_quoted.append(split.n_lines_quoted)
    result[_AUTHORED] = pd.Series(authored, index=result.index, dtype="object")
    result[_SIGNATURE] = pd.Series(signatures, index=result.index, dtype="object")
    result[_N_WORDS] = pd.Series(n_words, index=result.index, dtype="int64")
    result[_N_QUOTED] = pd.Series(n_quoted, index=result.index, dtype="int64")
    return result
