"""Nabble's quotes: a reply written on a forum that mirrors the list quotes each passage it
answers between ``<quote author="Name">`` and ``</quote>``, without ``>`` marks, and may open
with the whole earlier message under one such line, closed only by the next quote's line."""

from __future__ import annotations

import re

from analyzer.quotes.labelling import ATTRIBUTION, OWN, QUOTE
from analyzer.quotes.model import LineLabel
from analyzer.quotes.structures import Body

_OPENING = re.compile(r"""^<quote author=(["'])[^"'<>]*\1>$""", re.IGNORECASE)
_CLOSING = re.compile(r"^</quote>$", re.IGNORECASE)


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
        if inside and _CLOSING.match(line):
            labels[k] = QUOTE
            inside = False
