"""The distinct senders of a messages table, with what each one's messages add up to.

Everything after this works on sender keys (tens of thousands), not on messages (millions): the
messages are read once here, with vectorised group-bys on an integer key index.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analyzer.identity.linking import SenderKeys, surname_kin
from analyzer.identity.names import (
    clean_display_name,
    drop_address_echo,
    name_match_keys,
    normalize_display_name,
)
from analyzer.identity.reports import PeriodicReports, report_of_messages
from analyzer.identity.signatures import signed_first_names, signed_names
from analyzer.threads.fragments import piece_heads
from analyzer.threads.tables import threads_table

NO_DATE = np.iinfo(np.int64).max
# Messages read per sender key when looking for the full name it signs with.
_MESSAGES_READ_PER_KEY = 20


@dataclass(frozen=True)
class Senders:
    """Sender keys sorted by (address, raw name) and per-key totals, aligned by key index."""

    keys: SenderKeys
    display: list[str]
    key_of_message: np.ndarray
    n_messages: np.ndarray
    first: pd.Series
    """Earliest date per key (UTC, NaT when no message has a date)."""
    last: pd.Series
    n_words: pd.Series | None
    """Sum of ``n_words_authored`` per key, None without that column."""
    threads_started: pd.Series | None
    """Messages per key that start a thread, None without ``parent_id``."""

    def first_seen_ns(self) -> np.ndarray:
        """Earliest date per key in nanoseconds, dateless keys last."""
        return np.asarray(self.keys.first_ns, dtype=np.int64)


def _text_column(messages: pd.DataFrame, name: str) -> pd.Series:
    if name not in messages:
        return pd.Series([""] * len(messages), index=messages.index, dtype=object)
    return messages[name].fillna("").astype(str)


def _utc_datetimes(messages: pd.DataFrame) -> np.ndarray:
    """The message dates as naive UTC ``datetime64[ns]`` (fast to group), NaT when unknown."""
    if "date" not in messages:
        return np.full(len(messages), np.datetime64("NaT"), dtype="datetime64[ns]")
    dates = pd.to_datetime(messages["date"], utc=True, errors="coerce")
    return dates.dt.tz_localize(None).to_numpy(dtype="datetime64[ns]")


def collect_senders(messages: pd.DataFrame, reports: PeriodicReports | None = None) -> Senders:
    """Group messages by (address, name) as the parser gave them, and by the periodic report
    (``reports``) a message belongs to: a report is not its address's owner's words."""
    frame = pd.DataFrame(
        {
            "address": _text_column(messages, "from_email").str.strip().str.lower(),
            "raw_name": _text_column(messages, "from_name").str.strip(),
        }
    ).reset_index(drop=True)
    series = report_of_messages(messages, reports or {})
    by = ["address", "raw_name"]
    if (series != "").any():  # (a third level only when some report is there to keep apart)
        frame["series"] = series
        by.append("series")
    pieces, heads = _pieces_of_messages(messages, frame["address"])
    if len(pieces):  # a piece Pipermail cut off a message is its head's sender's
        frame.iloc[pieces, :] = frame.iloc[heads, :].to_numpy()
    grouped = frame.groupby(by, sort=True)
    key_of_message = grouped.ngroup().to_numpy()
    sizes = grouped.size()
    key_address = sizes.index.get_level_values(0).tolist()
    key_raw = sizes.index.get_level_values(1).tolist()
    key_series = sizes.index.get_level_values(2).tolist() if len(by) == 3 else []
    n_keys = len(sizes)

    display_of: dict[str, str] = {}
    normalized_of: dict[str, str] = {}
    for raw in set(key_raw):
        display_of[raw] = display = clean_display_name(raw)
        normalized_of[raw] = normalize_display_name(display)
    normalized = [
        drop_address_echo(display_of[r], normalized_of[r], a)
        for a, r in zip(key_address, key_raw, strict=True)
    ]
    by_key = pd.RangeIndex(n_keys)
    dates = pd.Series(_utc_datetimes(messages))
    date_groups = dates.groupby(key_of_message)
    first = date_groups.min().reindex(by_key).dt.tz_localize("UTC")
    last = date_groups.max().reindex(by_key).dt.tz_localize("UTC")
    n_words = None
    if "n_words_authored" in messages:
        words = pd.Series(pd.to_numeric(messages["n_words_authored"], errors="coerce").to_numpy())
        n_words = words.groupby(key_of_message).sum(min_count=1).reindex(by_key)
    threads_started = None
    if {"parent_id", "thread_id", "depth"}.issubset(messages.columns):
        threads_started = pd.Series(_starts_thread(messages)).groupby(key_of_message).sum()
        threads_started = threads_started.reindex(by_key, fill_value=0)
    keys = SenderKeys(
        address=key_address,
        raw_name=key_raw,
        normalized=normalized,
        match_keys=[tuple(name_match_keys(n)) for n in normalized],
        via_rewritten=[
            " via " in r.lower() and bool(display_of[r]) and "(via " not in r.lower()
            for r in key_raw
        ],
        n_messages=sizes.to_numpy().tolist(),
        first_ns=_date_ns(first, NO_DATE),
        last_ns=_date_ns(last, np.iinfo(np.int64).min),
        starts=[] if threads_started is None else threads_started.astype(int).tolist(),
        series=key_series,
    )
    return Senders(
        keys=keys,
        display=[display_of[r] for r in key_raw],
        key_of_message=key_of_message,
        n_messages=sizes.to_numpy(),
        first=first,
        last=last,
        n_words=n_words,
        threads_started=threads_started,
    )


def _pieces_of_messages(messages: pd.DataFrame, addresses: pd.Series) -> tuple[np.ndarray, ...]:
    """The rows that are pieces Pipermail cut off a message and threading hung under it
    (``piece_heads``), and the rows of their heads; none in a table not threaded."""
    if "message_id" not in messages or "parent_id" not in messages:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return piece_heads(
        messages["message_id"].reset_index(drop=True),
        addresses,
        _utc_datetimes(messages).view(np.int64),
        messages["parent_id"].reset_index(drop=True),
    )


def _date_ns(dates: pd.Series, missing: int) -> list[int]:
    """Dates as nanoseconds since the epoch, ``missing`` where there is none."""
    values = dates.dt.tz_localize(None).to_numpy(dtype="datetime64[ns]").astype(np.int64)
    values[dates.isna().to_numpy()] = missing
    return values.tolist()


def _starts_thread(messages: pd.DataFrame) -> np.ndarray:
    """Whether each message is the root of its thread as the threads table names it (so that the
    authors' ``threads_started`` add up to the number of threads): a thread whose first message
    the archive lacks is started by its earliest message, not by every reply to the lost one.
    Copies of one Message-ID count once."""
    roots = threads_table(messages)["root_id"].dropna()
    ids = messages["message_id"]
    return (ids.isin(roots) & ~ids.duplicated()).to_numpy(dtype=bool)


def _rows_of(frame: pd.DataFrame, rows: np.ndarray) -> pd.DataFrame:
    """``frame.iloc[rows]`` by way of a mask: Arrow columns in many chunks are then filtered
    chunk by chunk, where a positional take first joins every chunk into one copy."""
    mask = np.zeros(len(frame), dtype=bool)
    mask[rows] = True
    kept = pd.DataFrame({name: frame[name].array[mask] for name in frame.columns})
    position = np.cumsum(mask) - 1  # a kept row's place in ``kept``
    return kept.iloc[position[rows]]


def own_texts_of(messages: pd.DataFrame, rows: np.ndarray) -> list[str]:
    """What the sender wrote, per message: the quotes stage's authored text and signature when it
    has run, else the raw body (cut at its first quotation by ``own_text_tail``)."""
    texts = [c for c in ("body", "authored", "signature") if c in messages]
    picked = _rows_of(messages[texts], rows)
    body = _text_column(picked, "body").tolist()
    if "authored" not in picked:
        return body
    has_authored = picked["authored"].notna().tolist()
    authored = _text_column(picked, "authored").tolist()
    signature = _text_column(picked, "signature").tolist()
    return [
        f"{a}\n{s}" if known else b
        for known, a, s, b in zip(has_authored, authored, signature, body, strict=True)
    ]


def _earliest_rows(messages: pd.DataFrame, senders: Senders, rows: np.ndarray) -> np.ndarray:
    """Of ``rows``, the earliest ``_MESSAGES_READ_PER_KEY`` of each key; ties are broken by a
    checksum of the Message-ID, so that the choice does not depend on the order of the rows."""
    keys_of_rows = senders.key_of_message[rows]
    dates = _utc_datetimes(messages)[rows].astype(np.int64)
    ids = _text_column(_rows_of(messages[["message_id"]], rows), "message_id").tolist()
    checksums = np.fromiter((zlib.crc32(i.encode()) for i in ids), dtype=np.int64, count=len(ids))
    order = np.lexsort((checksums, dates, keys_of_rows))
    ordered_keys = keys_of_rows[order]
    starts = np.searchsorted(ordered_keys, ordered_keys, side="left")
    rank = np.arange(len(order)) - starts
    return rows[order[rank < _MESSAGES_READ_PER_KEY]]


OwnTexts = Callable[[np.ndarray], list[str]]
"""What the senders of the given rows wrote, for a table that does not hold the texts."""


def signatures(
    messages: pd.DataFrame, senders: Senders, own_texts: OwnTexts | None = None
) -> dict[int, tuple[str, ...]]:
    """For keys with an address but no full name: the full names they sign with, when at least two
    of the messages read (or the only one or two there are) carry it."""
    keys = senders.keys
    has_texts = any(c in messages for c in ("body", "authored", "signature"))
    if not len(keys) or (own_texts is None and not has_texts):
        return {}
    candidates = np.array(
        [
            bool(a) and not m and not keys.series_of(i)
            for i, (a, m) in enumerate(zip(keys.address, keys.match_keys, strict=True))
        ]
    )
    return _signed_by(messages, senders, candidates, own_texts, signed_names)


def first_name_signatures(
    messages: pd.DataFrame, senders: Senders, own_texts: OwnTexts | None = None
) -> dict[int, tuple[str, ...]]:
    """For the keys of ``linking.surname_kin`` (a surname under kin first names): the first names
    they sign with, when at least two of the messages read (or the only one or two) carry it."""
    keys = senders.keys
    has_texts = any(c in messages for c in ("body", "authored", "signature"))
    kin = surname_kin(keys) if len(keys) and (own_texts is not None or has_texts) else set()
    if not kin:
        return {}
    candidates = np.zeros(len(keys), dtype=bool)
    candidates[sorted(kin)] = True
    return _signed_by(messages, senders, candidates, own_texts, signed_first_names)


def _signed_by(
    messages: pd.DataFrame,
    senders: Senders,
    candidates: np.ndarray,
    own_texts: OwnTexts | None,
    names_in: Callable[[list[str]], Mapping[str, int]],
) -> dict[int, tuple[str, ...]]:
    """The names (``names_in`` the texts) the ``candidates`` keys sign with, read from their
    earliest messages: those at least two carry (or the only one or two there are)."""
    rows = _earliest_rows(messages, senders, np.flatnonzero(candidates[senders.key_of_message]))
    texts: dict[int, list[str]] = defaultdict(list)
    written = own_texts(rows) if own_texts is not None else own_texts_of(messages, rows)
    for key, text in zip(senders.key_of_message[rows], written, strict=True):
        texts[int(key)].append(text)
    signed: dict[int, tuple[str, ...]] = {}
    for key, key_texts in texts.items():
        need = 1 if senders.n_messages[key] <= 2 else 2
        names = tuple(sorted(n for n, c in names_in(key_texts).items() if c >= need))
        if names:
            signed[key] = names
    return signed
