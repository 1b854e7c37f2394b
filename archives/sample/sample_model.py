"""The two records the sample archive is written from: people and their posts.

Kept apart from the data modules and the renderer so that the data reads as plain declarations.
Everything here is fictional: names, organisations and addresses use reserved ``.example`` names.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Person:
    """A list member, with the mail client habits that shape how their posts look."""

    name: str
    email: str
    client: str
    """thunderbird, gmail, outlook, apple, alpine, plain or mailman: picks the Message-ID form,
    the attribution line, the quoting and the line wrapping."""
    signature: str = ""
    html: bool = False
    """The client sent an HTML alternative, which Pipermail scrubs and leaves a notice for."""
    name_charset: str = ""
    """When set (``utf-8-q``, ``utf-8-b``, ``iso-8859-1-q``), the From name is RFC 2047 encoded."""
    date_suffix: str = ""
    """Trailing zone comment some clients add to the Date header, e.g. `` (JST)``."""


@dataclass(frozen=True)
class Post:
    """One message. Replies name their parent; the renderer builds headers and quotes from it."""

    key: str
    who: str
    when: str
    """Local send time with its UTC offset: ``2017-10-12 18:40:00 +0530``."""
    text: str
    subject: str = ""
    """The thread's subject, on roots only; replies inherit it with ``Re:``."""
    parent: str = ""
    style: str = "none"
    """How the parent is quoted: none, bottom, top, inline ({{q:...}} markers in text),
    outlook (From/Sent block, unmarked) or outlook-original (-----Original Message----- block)."""
    quote: str = ""
    """Which parent paragraphs to quote: empty for all, else substrings (``first|last``)."""
    quote_footer: bool = False
    """The quoted copy is the delivered one, so it carries the list footer."""
    sig: bool = True
    tags: tuple[str, ...] = ("civics-forum",)
    encode_subject: bool = False
    address: str = ""
    """Sender address when the person writes from another account."""
    name: str = ""
    client: str = ""
    threading: str = "both"
    """Which threading headers the client sent: both, irt, refs or none."""
    message_id: bool = True
    date_header: str = ""
    """A Date header written as-is (a broken one), instead of the one derived from ``when``."""
    attachments: tuple[str, ...] = ()
    """Scrubbed non-text parts as ``name|mime type|size``."""
    archived_again: str = ""
    """Server time of a second archived copy (a moderator released a held duplicate)."""
