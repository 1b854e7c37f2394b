"""Message-IDs as integer codes: every ID a table mentions, its own and those it refers to."""

from __future__ import annotations

import re
from itertools import chain

import numpy as np
import pandas as pd

_BRACKETED_ID = re.compile(r"<\s*([^<>\s]+)\s*>")
_WHITESPACE = re.compile(r"\s")


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


def _reference_list(value: object) -> list[object]:
    """References as a list, whether stored as a list, a NumPy array (Parquet) or a raw header."""
    if isinstance(value, str):
        found = _BRACKETED_ID.findall(value)
        return list(found) if found else list(value.split())
    if isinstance(value, list | tuple | np.ndarray):
        return list(value)
    return []


class MessageIds:
    """Integer codes (0 … n-1) for the IDs of a messages table; -1 where a value holds none.

    Codes are assigned by hashing, never by sorting strings, so that a million messages with
    their References are coded in about a second.
    """

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
        """The cleaned ID of each code."""
        self.own: np.ndarray = codes[:n]
        self.in_reply_to: np.ndarray = codes[n : 2 * n]
        self.reference_rows: np.ndarray = np.repeat(np.arange(n), lengths)
        """The row each entry of ``references`` belongs to (entries stay in header order)."""
        self.references: np.ndarray = codes[2 * n :]

    def code_of(self, values: pd.Series) -> np.ndarray:
        """Codes of further IDs (archive parents); IDs not seen yet get new codes."""
        cleaned = [clean_message_id(value) for value in values.to_numpy(dtype=object)]
        known = pd.Index(self.uniques).get_indexer(pd.Index(cleaned, dtype=object))
        is_id = np.fromiter((c is not None for c in cleaned), dtype=bool, count=len(cleaned))
        unknown = np.flatnonzero((known < 0) & is_id)
        if len(unknown):
            extra_codes, extra = pd.factorize(np.array([cleaned[i] for i in unknown], object))
            known[unknown] = len(self.uniques) + extra_codes
            self.uniques = np.concatenate([self.uniques, np.asarray(extra, dtype=object)])
        return np.asarray(known, dtype=np.int64)
