"""One Pipermail (Mailman 2) message page (``NNNNNN.html``): its bytes decoded, what it shows
read (subject, author, date, Message-ID or In-Reply-To, body), and RFC 5322 bytes made of it
for the parser. ``pipermail_html`` reads the pages of a period folder with its ``thread.html``.

Pipermail writes its pages from fixed templates and escapes everything the sender wrote, so every
``<`` inside a page is one of its own tags. That makes targeted regular expressions exact here
(and several times faster than building a tree with BeautifulSoup, which the tests use as a
cross-check).

Two generations of the page template matter for the Message-ID. Mailman 2.1 from about 2008 puts
the page's *own* Message-ID in the mailto link (``In-Reply-To=%3C…%3E``, ``Subject=Re%3A…``), so a
reader's mail client answers the right message. Older Pipermail puts the message's *In-Reply-To*
there (no angle brackets, subject without ``Re:``), and the page's own Message-ID is nowhere on the
page: ``pipermail_html`` finds it in ``thread.html``.
"""

from __future__ import annotations

import codecs
import html
import re
from dataclasses import dataclass, field
from urllib.parse import unquote

ARTICLE_BEGIN = "<!--beginarticle-->"
"""Where the message starts on a page (a folder whose pages hold it is a period folder)."""
_END = "<!--endarticle-->"
_CHARSET = re.compile(rb"""<META[^>]*charset=["']?([\w.:-]+)""", re.IGNORECASE)
_DOCTYPE_401 = re.compile(r"<!DOCTYPE[^>]*HTML 4", re.IGNORECASE)
# Patterns stop at the next "<" where they can (Pipermail escapes every "<" the sender wrote), so
# that a hostile page full of unclosed tags is read in linear time, not rescanned from each one.
_H1 = (re.compile(r"<H1>", re.IGNORECASE), re.compile(r"</H1>", re.IGNORECASE))
_TITLE = (re.compile(r"<TITLE>", re.IGNORECASE), re.compile(r"</TITLE>", re.IGNORECASE))
_AUTHOR = re.compile(
    r"<B>(?P<name>[^<]*)</B>\s*<A\s+HREF=\"(?P<href>mailto:[^\"]*)\"[^>]*>(?P<addr>[^<]*)</A>"
    r"(?:\s*<BR>)?\s*<I>(?P<date>[^<]*)</I>",
    re.IGNORECASE | re.DOTALL,
)
_NAME_ONLY = re.compile(r"<B>(?P<name>[^<]*)</B>", re.IGNORECASE)
_DATE_ONLY = re.compile(r"<I>(?P<date>[^<]*)</I>", re.IGNORECASE)
_LINK_MADE = re.compile(r"<LINK\s+REL=\"made\"\s+HREF=\"(mailto:[^\"]*)\"", re.IGNORECASE)
_QUERY_PARAM = re.compile(r"[?&](Subject|In-Reply-To)=([^&]*)", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]*>")
_BREAK_TAG = re.compile(r"<(?:BR|P)\b[^<>]*>", re.IGNORECASE)
_PRE_OPEN = re.compile(r"<PRE\b[^<>]*>", re.IGNORECASE)
_PRE_CLOSE = re.compile(r"</PRE\s*>", re.IGNORECASE)
_FOLD = re.compile(r"\r?\n(?=[ \t])")
_LINE_BREAK = re.compile(r"\r?\n")
SPACES = re.compile(r"\s+")


@dataclass(slots=True)
class PipermailPage:
    """What one message page shows, text already unescaped."""

    subject: str | None = None
    author_name: str | None = None
    author_address: str | None = None
    """As the page shows it (often obfuscated as ``user at host``)."""
    date: str | None = None
    """As the page shows it: server-local time with a zone abbreviation, or an RFC 2822 date."""
    message_id: str | None = None
    in_reply_to: str | None = None
    """Only from old-style pages, whose mailto link carries the message's In-Reply-To."""
    body: str | None = None
    defects: list[str] = field(default_factory=list)


_ASCII_PROBE = b"<!--beginarticle-->"


def decode_page(raw: bytes) -> tuple[str, list[str]]:
    """Decode page bytes with the charset the page declares; never fail."""
    match = _CHARSET.search(raw, 0, 4096)
    declared = match.group(1).decode("ascii") if match else "us-ascii"
    try:
        codec = codecs.lookup(declared).name
        if _ASCII_PROBE.decode(codec) != _ASCII_PROBE.decode("ascii"):
            codec = "utf-8"  # UTF-16 and the like cannot hold Pipermail's ASCII markup
    except (LookupError, ValueError):  # no such codec, or not one for text (rot13, zlib)
        codec = "utf-8"
    if codec == "ascii":
        codec = "utf-8"  # a superset; pages that declare us-ascii sometimes are not
    try:
        return raw.decode(codec), []
    except UnicodeDecodeError:
        return raw.decode("windows-1252", errors="replace"), [
            f"html: page bytes are not valid {declared}; decoded as windows-1252"
        ]


def _unfold(text: str) -> str:
    """One line, as RFC 5322 unfolds a header: a line break before blanks just goes."""
    return _LINE_BREAK.sub(" ", _FOLD.sub("", text))


def inline_text(fragment: str) -> str:
    """Inline text of an HTML fragment: tags dropped, entities undone, lines unfolded.

    Inner spacing is kept as shown (``Mon Jan  6`` keeps its two spaces).
    """
    return _unfold(html.unescape(_TAG.sub("", fragment))).strip()


def _header_value(text: str) -> str:
    """Header text without line breaks (folded titles are unfolded)."""
    return _unfold(text).strip()


def _unescape(text: str) -> str:
    """``html.unescape``, with the entities Pipermail writes by the thousand done by replace.

    Pieces between ``&amp;`` are unescaped on their own so that ``&amp;gt;`` stays ``&gt;``.
    """
    pieces = text.split("&amp;")
    for position, piece in enumerate(pieces):
        piece = piece.replace("&gt;", ">").replace("&lt;", "<").replace("&quot;", '"')
        pieces[position] = html.unescape(piece) if "&" in piece else piece
    return "&".join(pieces)


def body_text(article: str) -> str:
    """Plain text of the part between the article markers, line structure kept."""
    opening = _PRE_OPEN.search(article)
    if opening:
        closings = list(_PRE_CLOSE.finditer(article, opening.end()))
        end = closings[-1].start() if closings else len(article)
        inner = article[opening.end() : end]
    else:  # HTML-ized bodies of some Pipermail versions: breaks as tags
        inner = _BREAK_TAG.sub("\n", _LINE_BREAK.sub(" ", article))
    text = _unescape(_TAG.sub("", inner.replace("<i>", "").replace("</I>", "")))
    lines = text.replace("\r\n", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines) + "\n" if lines else ""


def _mailto_params(href: str) -> dict[str, str]:
    return {
        name.lower(): unquote(html.unescape(value)) for name, value in _QUERY_PARAM.findall(href)
    }


def _split_id(value: str) -> str | None:
    value = value.strip()
    if value.startswith("<") and ">" in value:
        value = value[1 : value.index(">")]
    return value.strip() or None


def _is_own_id_style(page_html: str, params: dict[str, str], subject: str | None) -> bool:
    """Whether the mailto link carries the page's own Message-ID (Mailman 2.1, 2008 on)."""
    value = params.get("in-reply-to", "")
    if value.lstrip().startswith("<"):
        return True  # old Pipermail stripped the brackets from the In-Reply-To it showed
    if _DOCTYPE_401.search(page_html, 0, 200):
        return True  # the HTML 4.01 templates came with the new link
    link_subject = SPACES.sub(" ", params.get("subject", "")).strip()
    return subject is not None and link_subject == "Re: " + SPACES.sub(" ", subject).strip()


def _element(text: str, tags: tuple[re.Pattern[str], re.Pattern[str]]) -> tuple[str, int] | None:
    """Inner HTML and end of the first element opened and closed by ``tags``.

    Two forward searches: a lazy ``<H1>(.*?)</H1>`` rescans the page from every unclosed ``<H1>``.
    """
    opening = tags[0].search(text)
    closing = tags[1].search(text, opening.end()) if opening else None
    if opening is None or closing is None:
        return None
    return text[opening.end() : closing.start()], closing.end()


def parse_page(page_html: str) -> PipermailPage:
    """Read one message page; what cannot be found is left None and named in ``defects``."""
    page = PipermailPage()
    begin = page_html.find(ARTICLE_BEGIN)
    head = page_html if begin < 0 else page_html[:begin]
    h1 = _element(head, _H1) or _element(head, _TITLE)
    if h1:
        page.subject = inline_text(h1[0])
    else:
        page.defects.append("html: no subject")
    subject_end = h1[1] if h1 else 0
    author = _AUTHOR.search(head, subject_end)
    href = ""
    if author:
        page.author_name = inline_text(author.group("name"))
        page.author_address = inline_text(author.group("addr")) or None
        page.date = inline_text(author.group("date")) or None
        href = author.group("href")
    else:
        name = _NAME_ONLY.search(head, subject_end)
        if name:
            page.author_name = inline_text(name.group("name"))
        date = _DATE_ONLY.search(head, name.end() if name else subject_end)
        if date:
            page.date = inline_text(date.group("date")) or None
        made = _LINK_MADE.search(head)
        href = made.group(1) if made else ""
        page.defects.append("html: no author address link")
    if page.author_name is None:
        page.defects.append("html: no author name")
    if page.date is None:
        page.defects.append("html: no date")
    params = _mailto_params(href)
    if "in-reply-to" in params:
        identifier = _split_id(params["in-reply-to"])
        if _is_own_id_style(head, params, page.subject):
            page.message_id = identifier
        else:
            page.in_reply_to = identifier
    if begin < 0:
        page.defects.append("html: no beginarticle marker")
        return page
    end = page_html.find(_END, begin)
    if end < 0:
        page.defects.append("html: no endarticle marker; body read to the end of the page")
        end = len(page_html)
    page.body = body_text(page_html[begin + len(ARTICLE_BEGIN) : end])
    return page


def _quoted(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def message_bytes(page: PipermailPage) -> bytes:
    """RFC 5322 bytes for the parser, built from what the page shows."""
    headers: list[str] = []
    name = _header_value(page.author_name) if page.author_name else ""
    if len(name) > 1 and name[0] == name[-1] == '"':
        name = name[1:-1]  # shown as "Name" when the sender's header quoted it twice
    address = _header_value(page.author_address) if page.author_address else ""
    if name or address:
        parts = ([_quoted(name)] if name else []) + [f"<{address}>"]
        headers.append("From: " + " ".join(parts))
    if page.subject is not None:
        headers.append("Subject: " + _header_value(page.subject))
    if page.date:
        headers.append("Date: " + _header_value(page.date))
    if page.message_id:
        headers.append(f"Message-ID: <{_header_value(page.message_id)}>")
    if page.in_reply_to:
        headers.append(f"In-Reply-To: <{_header_value(page.in_reply_to)}>")
    headers.append("MIME-Version: 1.0")
    headers.append("Content-Type: text/plain; charset=utf-8")
    headers.append("Content-Transfer-Encoding: 8bit")
    text = "\n".join(headers) + "\n\n" + (page.body or "")
    return text.encode("utf-8", errors="surrogateescape")
