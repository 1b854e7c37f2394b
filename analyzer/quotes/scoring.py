"""Scoring of a quote remover against hand-labelled lines, as /work/shared/gold/GUIDE.md defines it.

Kept in the library (not only in the benchmark) so that tests can hold the segmenter to a measured
floor on the gold file and so that every tool is scored by the very same code.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

_LEADING_MARKERS = re.compile(r"^[\s>|]+")
_WHITESPACE_RUN = re.compile(r"\s+")

# Labels whose lines must be removed, and the one whose lines must be kept (GUIDE.md).
REMOVE_LABELS = frozenset({"quote", "attribution", "footer"})
KEEP_LABEL = "own"
SIGNATURE_LABEL = "signature"


def normalise_line(text: str) -> str:
    """Leading `>`/`|` markers and surrounding white space removed, white-space runs collapsed."""
    return _WHITESPACE_RUN.sub(" ", _LEADING_MARKERS.sub("", text)).strip()


def is_scored(normalised: str) -> bool:
    """Lines of fewer than two visible characters are not scored."""
    return len(normalised.replace(" ", "")) >= 2


@dataclass(frozen=True)
class GoldMessage:
    """One hand-labelled message of the gold file."""

    set_name: str
    file: str
    index: int
    message_id: str
    lines: tuple[str, ...]
    labels: tuple[str, ...]

    @property
    def body(self) -> str:
        return "\n".join(self.lines)


def load_gold(path: str | Path) -> list[GoldMessage]:
    """Read a gold JSONL file (one labelled message a line)."""
    messages = []
    with Path(path).open(encoding="utf-8") as handle:
        for raw in handle:
            if not raw.strip():
                continue
            record = json.loads(raw)
            messages.append(
                GoldMessage(
                    set_name=record["set"],
                    file=record["file"],
                    index=int(record["index"]),
                    message_id=record["message_id"],
                    lines=tuple(record["lines"]),
                    labels=tuple(record["labels"]),
                )
            )
    return messages


@dataclass(frozen=True)
class MessageScore:
    """Counts for one message: own lines kept/removed, removable lines kept, signature handling."""

    own_kept: int
    own_removed: int
    removable_kept: int
    removable_removed: int
    signature_removed: int
    signature_kept: int

    @property
    def exact(self) -> bool:
        return self.own_removed == 0 and self.removable_kept == 0


def score_message(lines: Sequence[str], labels: Sequence[str], output: str) -> MessageScore:
    """Score one remover output against the labelled lines of its message.

    A line counts as kept when its normalised text is still available among the normalised lines
    of the output, taken as a multiset and consumed in body order.
    """
    available = Counter(normalise_line(line) for line in output.split("\n"))
    counts = {"own_kept": 0, "own_removed": 0, "rem_kept": 0, "rem_removed": 0}
    sig_removed = sig_kept = 0
    for line, label in zip(lines, labels, strict=True):
        norm = normalise_line(line)
        if not is_scored(norm):
            continue
        kept = available[norm] > 0
        if kept:
            available[norm] -= 1
        if label == KEEP_LABEL:
            counts["own_kept" if kept else "own_removed"] += 1
        elif label in REMOVE_LABELS:
            counts["rem_kept" if kept else "rem_removed"] += 1
        elif label == SIGNATURE_LABEL:
            if kept:
                sig_kept += 1
            else:
                sig_removed += 1
    return MessageScore(
        own_kept=counts["own_kept"],
        own_removed=counts["own_removed"],
        removable_kept=counts["rem_kept"],
        removable_removed=counts["rem_removed"],
        signature_removed=sig_removed,
        signature_kept=sig_kept,
    )


@dataclass(frozen=True)
class GoldScore:
    """Aggregate figures of GUIDE.md for one tool over a set of gold messages."""

    n_messages: int
    precision: float
    recall: float
    f1: float
    exact_rate: float
    signature_accuracy: float


def aggregate(scores: Iterable[MessageScore]) -> GoldScore:
    """Own-text precision/recall/F1 over lines, exact-message rate, and signature accuracy.

    Signature accuracy is taken over the messages that hold at least one scored `signature` line:
    the share of their `signature` and `own` lines handled right (signature removed, own kept).
    """
    scores = list(scores)
    tp = sum(s.own_kept for s in scores)
    fn = sum(s.own_removed for s in scores)
    fp = sum(s.removable_kept for s in scores)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    exact = sum(s.exact for s in scores) / len(scores) if scores else 0.0
    sig_right = sig_total = 0
    for s in scores:
        if s.signature_removed + s.signature_kept == 0:
            continue
        sig_right += s.signature_removed + s.own_kept
        sig_total += s.signature_removed + s.signature_kept + s.own_kept + s.own_removed
    return GoldScore(
        n_messages=len(scores),
        precision=precision,
        recall=recall,
        f1=f1,
        exact_rate=exact,
        signature_accuracy=sig_right / sig_total if sig_total else 1.0,
    )


def score_remover(messages: Sequence[GoldMessage], remover: Callable[[str], str]) -> GoldScore:
    """Run `remover` (body in, kept text out) on every gold message and aggregate the scores."""
    return aggregate(score_message(m.lines, m.labels, remover(m.body)) for m in messages)
