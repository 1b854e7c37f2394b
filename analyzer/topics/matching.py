"""Which messages and threads each rule topic holds."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa

from analyzer.quotes.prose import may_hold_output, prose_text
from analyzer.schema import (
    MATCH_COLUMNS,
    THREAD_TOPIC_COLUMNS,
)
from analyzer.topics.prefilter import candidates
from analyzer.topics.rules import TopicRule, normalize_text


def _texts(messages: pd.DataFrame, field: str) -> pd.Series:
    """One field of every message in matching form; the subject without list tags and ``Re:``."""
    if field == "subject":
        column = "subject_norm" if "subject_norm" in messages else "subject"
    else:
        column = "authored"
    if column not in messages:
        return pd.Series("", index=messages.index, dtype=object)
    values = messages[column].astype(object)
    return pd.Series(
        [normalize_text(v) if isinstance(v, str) else "" for v in values],
        index=messages.index,
        dtype=object,
    )


def _unique(messages: pd.DataFrame) -> pd.DataFrame:
    ids = messages["message_id"].astype(object)
    return messages[ids.notna() & ~ids.duplicated()]


def _count(texts: pd.Series, arrow_texts: pa.Array, rule: TopicRule) -> np.ndarray:
    """Matches of the rule in each text; zero when an ``all`` rule misses a term.

    Only the texts the RE2 prefilter lets through are searched with the exact patterns.
    """
    rows = np.flatnonzero(candidates(arrow_texts, rule.terms))
    chosen = texts.to_numpy(dtype=object)[rows]
    totals = np.zeros(len(rows), dtype=np.int64)
    present = np.ones(len(rows), dtype=bool)
    for pattern in rule.compiled():
        counts = np.fromiter(
            (sum(1 for _ in pattern.finditer(text)) for text in chosen),
            dtype=np.int64,
            count=len(rows),
        )
        totals += counts
        present &= counts > 0
    out = np.zeros(len(texts), dtype=np.int64)
    out[rows] = np.where(present, totals, 0)
    return out


def _matched_in(
    texts: dict[str, pd.Series],
    authored: pd.Series,
    fields: tuple[str, ...],
    rows: np.ndarray,
    rule: TopicRule,
) -> list[str]:
    """Where each matched message names the topic: ``subject``, ``authored`` (the sender's
    prose), ``code`` (only the code, logs or output the sender pasted, which word counts leave
    out too: a patch's ``GPIO_ACTIVE_LOW``), or the subject and one of these joined by ``+``.
    Only the matched rows are searched again, field by field."""
    patterns = rule.compiled()

    def named(text: str) -> bool:
        return any(pattern.search(text) for pattern in patterns)

    found: dict[str, list[bool]] = {}
    for field in fields:
        if len(fields) == 1 and field == "subject":
            found[field] = [True] * len(rows)
        elif field == "subject":
            found[field] = [named(text) for text in texts[field].to_numpy(dtype=object)[rows]]
        else:
            found[field] = [
                named(normalize_text(prose_text(raw)) if may_hold_output(raw) else str(text))
                for raw, text in zip(
                    authored.to_numpy(dtype=object)[rows],
                    texts[field].to_numpy(dtype=object)[rows],
                    strict=True,
                )
            ]
    places = []
    for k in range(len(rows)):
        place = "+".join(field for field in fields if found[field][k])
        if "authored" in fields and not found["authored"][k]:
            in_code = len(fields) == 1 or named(str(texts["authored"].iat[rows[k]]))
            if in_code:
                place = "+".join(part for part in (place, "code") if part)
        places.append(place or "+".join(fields))
    return places


def match_messages(messages: pd.DataFrame, rules: Sequence[TopicRule]) -> pd.DataFrame:
    """The messages whose own subject or authored text matches each rule (``via`` = ``text``).

    ``score`` is the number of matches. Text is normalised once for all rules; each rule is one
    regular expression (one per term for ``all`` rules), so a million messages stay feasible.
    """
    table = _unique(messages)
    needed = {field for rule in rules for field in rule.fields}
    texts = {field: _texts(table, field) for field in sorted(needed)}
    authored = (
        table["authored"].fillna("") if "authored" in table else pd.Series("", index=table.index)
    )
    joined: dict[tuple[str, ...], tuple[pd.Series, pa.Array]] = {}
    frames = []
    for rule in rules:
        fields = tuple(f for f in ("subject", "authored") if f in rule.fields)
        if fields not in joined:
            parts = [texts[f] for f in fields]
            text = parts[0] if len(parts) == 1 else parts[0] + "\n" + parts[1]
            joined[fields] = (text, pa.array(text.tolist(), type=pa.large_string()))
        counts = _count(*joined[fields], rule)
        hit = counts > 0
        frames.append(
            pd.DataFrame(
                {
                    "message_id": table["message_id"].to_numpy(dtype=object)[hit],
                    "topic": rule.name,
                    "score": counts[hit].astype(float),
                    "via": "text",
                    "matched_in": _matched_in(texts, authored, fields, np.flatnonzero(hit), rule),
                }
            )
        )
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in MATCH_COLUMNS})
    return pd.concat(frames, ignore_index=True)[list(MATCH_COLUMNS)]


def thread_topics(
    messages: pd.DataFrame, message_topics: pd.DataFrame, rules: Sequence[TopicRule]
) -> pd.DataFrame:
    """Per thread and rule topic with a matching message: how many of the thread's messages
    matched on their own text, their share, and whether the thread belongs to the topic
    (at least one match and a share of at least the rule's ``thread_share``)."""
    table = _unique(messages)
    table = table[table["thread_id"].notna()]
    sizes = table.groupby("thread_id").size()
    thread_of = pd.Series(table["thread_id"].to_numpy(), index=table["message_id"].to_numpy())
    direct = message_topics
    if "via" in direct:
        direct = direct[direct["via"] == "text"]
    direct = direct.assign(thread_id=direct["message_id"].map(thread_of))
    direct = direct[direct["thread_id"].notna()]
    out = direct.groupby(["thread_id", "topic"]).size().rename("matched").reset_index()
    out["messages"] = out["thread_id"].map(sizes).astype(np.int64)
    out["share"] = out["matched"] / out["messages"]
    threshold = out["topic"].map({rule.name: rule.thread_share for rule in rules})
    out["belongs"] = (out["matched"] > 0) & (out["share"] >= threshold.fillna(np.inf))
    out["matched"] = out["matched"].astype(np.int64)
    return out.sort_values(["topic", "thread_id"], ignore_index=True)[list(THREAD_TOPIC_COLUMNS)]


def match_topics(
    messages: pd.DataFrame, rules: Sequence[TopicRule], *, threads: bool = True
) -> pd.DataFrame:
    """The message_topics table of rule topics (MESSAGE_TOPIC_COLUMNS, then ``via``).

    Every message whose subject or authored text matches is in (``via`` = ``text``, ``score`` =
    number of matches); with ``threads``, so is every other message of a thread that belongs to
    the topic (``via`` = ``thread``, ``score`` = 0).
    """
    direct = match_messages(messages, rules)
    if not threads or direct.empty:
        return direct
    belonging = thread_topics(messages, direct, rules)
    belonging = belonging[belonging["belongs"]]
    table = _unique(messages)
    members = table[["message_id", "thread_id"]].merge(
        belonging[["thread_id", "topic"]], on="thread_id"
    )[["message_id", "topic"]]
    members = members.merge(
        direct[["message_id", "topic"]], on=["message_id", "topic"], how="left", indicator=True
    )
    added = members[members["_merge"] == "left_only"]
    extra = pd.DataFrame(
        {
            "message_id": added["message_id"].to_numpy(dtype=object),
            "topic": added["topic"].to_numpy(dtype=object),
            "score": 0.0,
            "via": "thread",
            "matched_in": None,
        }
    )
    out = pd.concat([direct, extra], ignore_index=True) if len(extra) else direct
    return out[list(MATCH_COLUMNS)]
