"""HTML mail made readable: paragraphs and line breaks kept, scripts and styles dropped."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment

_BLOCKS = (
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
_MANY_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")


def html_to_text(html: str) -> str:
    """Plain text of an HTML body, one paragraph per block, quotes kept as ``>`` lines."""
    soup = BeautifulSoup(html, "lxml")
    for node in soup(["script", "style", "head", "title", "meta"]):
        node.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for quote in soup.find_all("blockquote"):
        text = quote.get_text()
        quoted = "\n".join(
            "> " + line if line.strip() else ">" for line in text.strip().split("\n")
        )
        quote.replace_with("\n\n" + quoted + "\n\n")
    for block in soup.find_all(_BLOCKS):
        block.insert_before("\n\n")
        block.insert_after("\n\n")
    text = soup.get_text()
    text = text.replace("\xa0", " ")
    text = _TRAILING_SPACE.sub("\n", text)
    text = _MANY_BLANK_LINES.sub("\n\n", text)
    return text.strip("\n") + "\n" if text.strip() else ""
