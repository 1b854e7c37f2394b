"""Learning a list's footers from its bodies (the lines that close the sender's own text)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from analyzer.quotes.footers import (
    TAIL_LINES,
    FooterLearner,
    FooterModel,
    footer_key,
    head_key,
)
from analyzer.quotes.labelling import ATTACHMENT, BLANK, FOOTER, OWN, SIGNATURE
from analyzer.quotes.model import LineLabel
from analyzer.quotes.segmenter import base_labels
from analyzer.quotes.structures import Body


def tail_and_head(
    body: Body, labels: list[LineLabel], key_of: Callable[[str], str] = footer_key
) -> tuple[list[str], str]:
    """Keys of the last own or signature lines (bottom first) and the message's head key.

    `key_of` computes `footer_key` (a cache of it, for many bodies).
    """
    tail: list[str] = []
    stripped = body.stripped
    for index in range(body.n - 1, -1, -1):
        label = labels[index]
        if label is BLANK or label is FOOTER or label is ATTACHMENT:
            continue
        if label is not OWN and label is not SIGNATURE:
            break
        tail.append(key_of(stripped[index]))
        if len(tail) >= TAIL_LINES:
            break
    first = next(filter(None, stripped), "")
    return tail, head_key(first, key_of)


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
        learner.add(*tail_and_head(parsed, labels, learner.keys.__getitem__), sender)
    return learner.model()
