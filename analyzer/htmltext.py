"""HTML mail made readable: paragraphs and line breaks kept, scripts and styles dropped."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, CData, NavigableString, PageElement, Tag

_BLOCKS = frozenset(
    (
        "p",
        "div",
        "li",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "table",
        "ul",
        "ol",
        "section",
        "article",
        "header",
        "footer",
    )
)
_MANY_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")


_DROPPED = frozenset({"script", "style", "head", "title", "meta"})
_TEXT_TYPES = (NavigableString, CData)  # what get_text keeps: no comments, scripts, doctypes


def _quoted(text: str) -> str:
    lines = text.strip().split("\n")
    return "\n\n" + "\n".join("> " + line if line.strip() else ">" for line in lines) + "\n\n"


def html_to_text(html: str) -> str:
    """Plain text of an HTML body, one paragraph per block, quotes kept as ``>`` lines.

    One walk with an explicit stack, without changing the tree: hostile mail nests elements
    thousands deep, which recursion cannot follow and tree edits make quadratic.
    """
    soup = BeautifulSoup(html, "lxml")
    pieces: list[str] = []
    quote_depth = 0
    quote_start = 0
    stack: list[tuple[PageElement, bool]] = [(soup, False)]
    while stack:
        node, closing = stack.pop()
        if isinstance(node, NavigableString):
            if type(node) in _TEXT_TYPES:
                pieces.append(str(node))
            continue
        if not isinstance(node, Tag) or node.name in _DROPPED:
            continue
        name = node.name
        if closing:
            if name == "blockquote":
                quote_depth -= 1
                if quote_depth == 0:  # nested quotes are quoted once, with their outermost
                    text = "".join(pieces[quote_start:])
                    del pieces[quote_start:]
                    pieces.append(_quoted(text))
            elif name in _BLOCKS and quote_depth == 0:
                pieces.append("\n\n")
            continue
        if name == "br":
            pieces.append("\n")
            continue
        if name == "blockquote":
            if quote_depth == 0:
                quote_start = len(pieces)
            quote_depth += 1
        elif name in _BLOCKS and quote_depth == 0:
            pieces.append("\n\n")
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node.contents))
    text = "".join(pieces).replace("\xa0", " ")
    text = _TRAILING_SPACE.sub("\n", text)
    text = _MANY_BLANK_LINES.sub("\n\n", text)
    return text.strip("\n") + "\n" if text.strip() else ""
