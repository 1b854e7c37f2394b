"""Nabble's quotes: a reply written on a forum that mirrors the list quotes each passage it
answers between ``<quote author="Name">`` and ``</quote>``, without ``>`` marks, and may open
with the whole earlier message under one such line, closed only by the next quote's line.

The gateway's markup left outside the quotes is no one's text either: a ``</quote>`` that
closes nothing still open, and an address it hid as ``<email>...</email>`` on a line of its
own in the list's footer that the reply carries."""

from __future__ import annotations

import re

from analyzer.quotes.labelling import ATTRIBUTION, FOOTER, OWN, QUOTE, next_index
from analyzer.quotes.model import LineLabel
from analyzer.quotes.structures import Body

_OPENING = re.compile(r"""^<quote author=(["'])[^"'<>]*\1>$""", re.IGNORECASE)
_CLOSING = re.compile(r"^</quote>$", re.IGNORECASE)
_HIDDEN_ADDRESS = re.compile(r"^<email>[^<>\s]*</email>$", re.IGNORECASE)


def label_forum_quotes(body: Body, labels: list[LineLabel]) -> None:
    """A quote runs from its ``<quote author=...>`` line (its attribution) to ``</quote>`` or
    the next opening line; its own-looking lines are the quoted author's."""
    if "<quote author=" not in body.text:
        return
    inside = False
    for k, raw in enumerate(body.lines):
        line = raw.strip()  # (a quote of such a reply, behind its `>`, is a quote already)
        if _OPENING.match(line):
            labels[k] = ATTRIBUTION
            inside = True
        elif inside and labels[k] is OWN:
            labels[k] = QUOTE
        if _CLOSING.match(line):
            if inside:
                labels[k] = QUOTE
                inside = False
            elif labels[k] is OWN:
                labels[k] = FOOTER  # it closes nothing: the gateway's leftover
    for k in range(body.n):
        if labels[k] is OWN and _HIDDEN_ADDRESS.match(body.stripped[k]):
            neighbours = (next_index(labels, k - 1, -1), next_index(labels, k + 1, 1))
            if any(n is not None and labels[n] is FOOTER for n in neighbours):
                labels[k] = FOOTER
