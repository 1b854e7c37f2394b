"""Learning a list's footers from its bodies (the lines that close the sender's own text)."""

from __future__ import annotations

from collections.abc import Iterable

from analyzer.quotes.footers import (
    TAIL_LINES,
    FooterLearner,
    FooterModel,
    footer_key,
    head_key,
)
from analyzer.quotes.model import LineLabel
from analyzer.quotes.segmenter import base_labels
from analyzer.quotes.structures import Body

_SKIPPED = (LineLabel.BLANK, LineLabel.FOOTER)
_TAIL = (LineLabel.OWN, LineLabel.SIGNATURE)


def tail_and_head(body: Body, labels: list[LineLabel]) -> tuple[list[str], str]:
    """Keys of the last own or signature lines (bottom first) and the message's head key."""
    tail: list[str] = []
    for index in range(body.n - 1, -1, -1):
        label = labels[index]
        if label in _SKIPPED:
            continue
        if label not in _TAIL:
            break
        tail.append(footer_key(body.stripped[index]))
        if len(tail) >= TAIL_LINES:
            break
    first = next((line for line in body.stripped if line), "")
    return tail, head_key(first)


def learn_footers(
    bodies: Iterable[str], senders: Iterable[str | None] | None = None
) -> FooterModel:
    """Learn the trailing lines that recur across a list's messages (its own boilerplate).

    Quoted text is segmented away first, so a much-quoted message does not teach its closing
    lines; sign-offs, bare names and the templates of bots are never learned. With `senders`
    (one address per body), a line must close the messages of several senders.
    """
    learner = FooterLearner()
    sender_list = list(senders) if senders is not None else None
    for position, body in enumerate(bodies):
        parsed, labels = base_labels(body)
        sender = sender_list[position] if sender_list is not None else None
        learner.add(*tail_and_head(parsed, labels), sender)
    return learner.model()
