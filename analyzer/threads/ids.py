"""Message-IDs as integer codes: every ID a table mentions, its own and those it refers to."""

from __future__ import annotations

import re
from itertools import chain

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

_BRACKETED_ID = re.compile(r"<\s*([^<>\s]+)\s*>")
_WHITESPACE = re.compile(r"\s")
# A mail gateway that prefixed the IDs it passed on ("23592_1271767159_ZZg0W0QxudrTA.00_<id>":
# a number, a Unix time, a token), on imagej-devel's replies to the messages it relayed.
_GATEWAY_PREFIX = r"^\d+_\d{9,10}_[A-Za-z0-9]+\.\d+_"


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


def _reference_list(value: object) -> list[object] | tuple[object, ...] | np.ndarray:
    """References as a sequence, whether stored as a list, a NumPy array (Parquet) or a header."""
    if isinstance(value, list | tuple | np.ndarray):
        return value
    if isinstance(value, str):
        found = _BRACKETED_ID.findall(value)
        return list(found) if found else list(value.split())
    return ()


def _reference_lists(references: pd.Series) -> np.ndarray:
    """Each row's References as a sequence or None; only odd values (raw headers) are converted."""
    values = references.to_numpy(dtype=object).copy()
    sequence = (list, np.ndarray, tuple)
    odd = [i for i, v in enumerate(values) if v is not None and not isinstance(v, sequence)]
    for index in odd:
        values[index] = _reference_list(values[index])
    return values


def _clean_all(values: np.ndarray) -> np.ndarray | None:
    """``clean_message_id`` of every value, or None when every value is clean already.

    Arrow finds the few values that need cleaning (brackets, spaces, empty strings).
    """
    try:
        text = pa.array(values, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # values that are not strings: one by one
        return np.array([clean_message_id(value) for value in values], dtype=object)
    dirty = np.flatnonzero(
        pc.match_substring_regex(text, r"^$|[<>\s]").to_numpy(zero_copy_only=False)
    )
    if not len(dirty):
        return None
    cleaned = values.copy()
    for index in dirty.tolist():
        cleaned[index] = clean_message_id(values[index])
    return cleaned


def _without_gateway_prefixes(uniques: np.ndarray, codes: np.ndarray, n: int) -> np.ndarray:
    """The codes, those of IDs a gateway prefixed turned into the archived message's own: only
    when no message has the prefixed ID and one has the ID without the prefix."""
    try:
        text = pa.array(uniques, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return codes
    prefixed = np.flatnonzero(
        pc.match_substring_regex(text, _GATEWAY_PREFIX + r"\S+@")
        .fill_null(False)
        .to_numpy(zero_copy_only=False)
    )
    if not len(prefixed):
        return codes
    bare = [re.sub(_GATEWAY_PREFIX, "", str(uniques[k])) for k in prefixed.tolist()]
    target = pd.Index(uniques).get_indexer(pd.Index(bare, dtype=object))
    is_own = np.zeros(len(uniques), dtype=bool)
    is_own[codes[:n][codes[:n] >= 0]] = True
    usable = (target >= 0) & is_own[np.maximum(target, 0)] & ~is_own[prefixed]
    if not usable.any():
        return codes
    remap = np.arange(len(uniques))
    remap[prefixed[usable]] = target[usable]
    return np.where(codes >= 0, remap[np.maximum(codes, 0)], -1)


def _whole(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    return values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values


def _arrow_codes(
    message_ids: pd.Series, in_reply_to: pd.Series, references: pd.Series
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Codes as ``pd.factorize`` gives them (first seen, first coded), computed in Arrow when
    References are an Arrow list column: no Python object per reference, a million rows or not.
    """
    dtype = references.dtype
    if not (isinstance(dtype, pd.ArrowDtype) and pa.types.is_list(dtype.pyarrow_dtype)):
        return None
    try:
        lists = _whole(pa.array(references.array))
        parts = [
            _whole(pa.array(message_ids.array, from_pandas=True)).cast(pa.large_string()),
            _whole(pa.array(in_reply_to.array, from_pandas=True)).cast(pa.large_string()),
            pc.list_flatten(lists).cast(pa.large_string()),
        ]
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # IDs that are not strings: the general way
        return None
    # One memo table across the chunks: one dictionary, and no concatenated copy of the IDs.
    encoded = pa.chunked_array(parts).dictionary_encode()
    codes = np.concatenate(
        [chunk.indices.fill_null(-1).to_numpy() for chunk in encoded.chunks]
    ).astype(np.int64)
    dictionary = encoded.chunks[-1].dictionary if encoded.num_chunks else pa.array([], pa.string())
    uniques = dictionary.to_numpy(zero_copy_only=False)
    lengths = pc.list_value_length(lists).fill_null(0).to_numpy().astype(np.int64)
    del encoded, parts
    pa.default_memory_pool().release_unused()
    return codes, uniques, lengths


class MessageIds:
    """Integer codes (0 … n-1) for the IDs of a messages table; -1 where a value holds none.

    Codes are assigned by hashing, never by sorting strings, so that a million messages with
    their References are coded in about a second.
    """

    def __init__(
        self, message_ids: pd.Series, in_reply_to: pd.Series, references: pd.Series
    ) -> None:
        n = len(message_ids)
        coded = _arrow_codes(message_ids, in_reply_to, references)
        if coded is None:
            reference_lists = _reference_lists(references)
            lengths = np.fromiter(
                (0 if refs is None else len(refs) for refs in reference_lists), np.int64, count=n
            )
            flat = list(chain.from_iterable(r for r in reference_lists if r is not None))
            raw = np.empty(2 * n + len(flat), dtype=object)
            raw[:n] = message_ids.to_numpy(dtype=object)
            raw[n : 2 * n] = in_reply_to.to_numpy(dtype=object)
            raw[2 * n :] = flat
            raw_codes, raw_uniques = pd.factorize(raw, use_na_sentinel=True)
        else:
            raw_codes, raw_uniques, lengths = coded
        raw_uniques = np.asarray(raw_uniques, dtype=object)
        cleaned = _clean_all(raw_uniques)
        if cleaned is None:
            codes, uniques = raw_codes, raw_uniques  # IDs were clean already (the usual case)
        else:
            clean_codes, uniques = pd.factorize(cleaned, use_na_sentinel=True)
            clean_codes = np.append(clean_codes, -1)  # raw code -1 (missing) stays -1
            codes = clean_codes[raw_codes]
        uniques = np.asarray(uniques, dtype=object)
        codes = _without_gateway_prefixes(uniques, codes, n)
        self.uniques: np.ndarray = uniques
        """The cleaned ID of each code."""
        self.own: np.ndarray = codes[:n]
        self.in_reply_to: np.ndarray = codes[n : 2 * n]
        self.reference_rows: np.ndarray = np.repeat(np.arange(n), lengths)
        """The row each entry of ``references`` belongs to (entries stay in header order)."""
        self.references: np.ndarray = codes[2 * n :]

    def code_of(self, values: pd.Series) -> np.ndarray:
        """Codes of further IDs (archive parents); IDs not seen yet get new codes."""
        if values.isna().all():
            return np.full(len(values), -1, dtype=np.int64)
        cleaned = [clean_message_id(value) for value in values.to_numpy(dtype=object)]
        known = pd.Index(self.uniques).get_indexer(pd.Index(cleaned, dtype=object))
        is_id = np.fromiter((c is not None for c in cleaned), dtype=bool, count=len(cleaned))
        unknown = np.flatnonzero((known < 0) & is_id)
        if len(unknown):
            extra_codes, extra = pd.factorize(np.array([cleaned[i] for i in unknown], object))
            known[unknown] = len(self.uniques) + extra_codes
            self.uniques = np.concatenate([self.uniques, np.asarray(extra, dtype=object)])
        return np.asarray(known, dtype=np.int64)
