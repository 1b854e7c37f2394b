"""The text of a message's body: transfer encodings undone, MIME parts taken apart (the plain
text, else the HTML made readable; attachments listed; an attached message as a forwarded one),
text/enriched made plain, line ends and NULs cleaned.

Apart from ``analyzer.parse``, which reads the headers and calls these for the body: plain
single-part mail (nearly all of a Pipermail archive) needs only ``transfer_decode``,
``decode_text`` and ``clean_body``; MIME mail goes through Python's ``email`` package here,
guarded so that a broken structure becomes a defect and the best text that could be had.
"""

from __future__ import annotations

import email
import email.policy
import quopri
import re
from base64 import b64decode
from binascii import Error as BinasciiError
from email.message import Message as EmailMessage

from analyzer.decoding import decode_encoded_words, decode_text, one_space
from analyzer.htmltext import html_to_text
from analyzer.smime import OPAQUE_TYPES, signed_entity


def transfer_decode(payload: bytes, encoding: str | None, defects: list[str]) -> bytes:
    """A single-part body's bytes with its Content-Transfer-Encoding undone; a broken or unknown
    encoding is a defect, and the bytes are kept as they came."""
    enc = (encoding or "").strip().lower()
    if enc == "base64":
        try:
            return b64decode(re.sub(rb"[^A-Za-z0-9+/=]", b"", payload) + b"==", validate=False)
        except (BinasciiError, ValueError):
            defects.append("broken base64 body kept as it was")
            return payload
    if enc == "quoted-printable":
        return quopri.decodestring(payload)
    if enc and enc not in ("7bit", "8bit", "binary"):
        defects.append(f"unknown transfer encoding {encoding!r}")
    return payload


def _part_text(part: EmailMessage, list_charset: str | None, defects: list[str]) -> str:
    try:
        payload = part.get_payload(decode=True)
    except (AssertionError, ValueError, LookupError, TypeError) as exc:
        defects.append(f"part payload could not be decoded ({exc})")
        raw = part.get_payload()
        return raw if isinstance(raw, str) else ""
    if not isinstance(payload, bytes):
        return ""
    charset = part.get_param("charset")
    declared = charset if isinstance(charset, str) else None
    return decode_text(payload, declared, list_charset, defects)


def _attachment_label(part: EmailMessage, defects: list[str]) -> str:
    try:
        name = part.get_filename() or ""
    except (ValueError, LookupError, TypeError, AttributeError):
        name = ""
    if "=?" in name:  # RFC 2047 words in a parameter, as many clients write them
        name = decode_encoded_words(name, defects)
    name = one_space(name).strip()
    try:
        payload = part.get_payload(decode=True)
        size = len(payload) if isinstance(payload, bytes) else 0
    except (AssertionError, ValueError, LookupError, TypeError):
        size = 0
    return f"{name}|{part.get_content_type()}|{size}"


_FORWARDED_HEADERS = ("From", "Date", "Subject", "To")
_ATTACHED_MESSAGE = ("message/rfc822", "message/global")
_BOUNDARY_LINE = re.compile(r"^--([^\s-][^\r\n]{0,69}?)[ \t]*\r?$", re.MULTILINE)
_PART_HEADER = re.compile(r"^content-[a-z-]+:", re.IGNORECASE)


def _leaf_parts(
    message: EmailMessage, defects: list[str], attachments: list[str], depth: int = 0
) -> list[EmailMessage | str]:
    """The parts that hold content, in order: a multipart whose declared boundary is nowhere in
    it is split at the boundary lines it does hold; an attached message becomes the text of a
    forwarded one (its sender's header lines, then its text), so that its words are not taken
    for the sender's own."""
    if depth > _MAX_MIME_DEPTH:
        raise RecursionError("MIME parts nested too deep")
    if message.get_content_type() in _ATTACHED_MESSAGE and message.is_multipart():
        inner = message.get_payload(0)
        if isinstance(inner, EmailMessage):
            return [_forwarded_text(inner, defects, attachments, depth)]
    if message.is_multipart():
        branches = [part for part in message.get_payload() if isinstance(part, EmailMessage)]
        found: list[EmailMessage | str] = []
        for part in branches:
            found += _leaf_parts(part, defects, attachments, depth + 1)
        if message.get_content_type() == "multipart/alternative" and len(branches) > 1:
            return _one_alternative(found, branches)
        return found
    if message.get_content_maintype() == "multipart":
        recovered = _split_at_found_boundary(message)
        if recovered is not None:
            defects.append("multipart's declared boundary not found; split at the one it holds")
            return _leaf_parts(recovered, defects, attachments, depth + 1)
    if message.get_content_type() in OPAQUE_TYPES:
        signed = _opaque_signed_entity(message, defects)
        if signed is not None:  # the message itself, in its own parts
            return _leaf_parts(signed, defects, attachments, depth + 1)
    return [message]


_HEADER_LINE = re.compile(rb"^(?:[!-9;-~]{1,76}:|\r?\n)")


def _opaque_signed_entity(part: EmailMessage, defects: list[str]) -> EmailMessage | None:
    """The MIME entity an S/MIME opaque-signed part holds; None (and a defect naming what the
    blob is) for encrypted or malformed data, or signed content that is no MIME entity (a
    signed file, ``invoice.xml.p7m``), which stays listed as an attachment."""
    try:
        blob = part.get_payload(decode=True)
    except (AssertionError, ValueError, LookupError, TypeError):
        blob = None
    if not isinstance(blob, bytes) or not blob:
        defects.append("S/MIME part holds no data")
        return None
    unpacked = signed_entity(blob)
    if unpacked.problem:
        defects.append(f"S/MIME {part.get_content_type()} not read: {unpacked.problem}")
        return None
    if not _HEADER_LINE.match(unpacked.entity):
        defects.append("S/MIME signed content is not a MIME entity; kept as an attachment")
        return None
    return email.message_from_bytes(unpacked.entity, policy=email.policy.compat32)


_MAX_MIME_DEPTH = 50


def _one_alternative(
    leaves: list[EmailMessage | str], branches: list[EmailMessage]
) -> list[EmailMessage | str]:
    """The leaves of a multipart/alternative's plain branch (else its HTML one) and the files
    of the others (the images of an HTML branch): the same text twice is one text, and an
    HTML part outside any alternative is then the message's own (a mixed message of an HTML
    part and the list's plain footer)."""
    chosen = next((branch for branch in branches if _holds_plain_text(branch)), None)
    if chosen is None:
        chosen = next((b for b in reversed(branches) if _holds_type(b, "text/html")), None)
    if chosen is None:
        return leaves
    inside = {id(part) for part in chosen.walk()}
    return [
        leaf
        for leaf in leaves
        if isinstance(leaf, str)
        or id(leaf) in inside
        or leaf.get_content_type() not in ("text/plain", "text/html")
    ]


def _holds_type(branch: EmailMessage, content_type: str) -> bool:
    return any(
        part.get_content_type() == content_type
        and not str(part.get("Content-Disposition", "")).lower().startswith("attachment")
        for part in branch.walk()
    )


def _holds_plain_text(branch: EmailMessage) -> bool:
    """A plain branch with some text: an empty one (some clients send it) is no alternative."""
    for part in branch.walk():
        if part.get_content_type() == "text/plain" and not part.is_multipart():
            try:
                payload = part.get_payload(decode=True)
            except (AssertionError, ValueError, LookupError, TypeError):
                return True  # (read as it can be, as before)
            if not isinstance(payload, bytes) or payload.strip():
                return True
    return False


def _split_at_found_boundary(part: EmailMessage) -> EmailMessage | None:
    """The multipart ``part`` parsed again with the boundary its lines show (a line ``--X``
    followed by a part's ``Content-`` header), or None when it shows none."""
    payload = part.get_payload()
    if not isinstance(payload, str):
        return None
    for match in _BOUNDARY_LINE.finditer(payload):
        following = payload[match.end() :].lstrip("\r\n").split("\n", 1)[0]
        if _PART_HEADER.match(following):
            boundary = match.group(1)
            head = f'Content-Type: {part.get_content_type()}; boundary="{boundary}"\n\n'
            return email.message_from_string(head + payload, policy=email.policy.compat32)
    return None


def _forwarded_text(
    inner: EmailMessage, defects: list[str], attachments: list[str], depth: int
) -> str:
    """The attached message as a forwarded one's text; its own attachments are listed."""
    lines = ["-------- Forwarded message --------"]
    for name in _FORWARDED_HEADERS:
        value = inner.get(name)
        if value is not None:
            lines.append(f"{name}: {one_space(decode_encoded_words(str(value), defects)).strip()}")
    plain: list[str] = []
    html: list[str] = []
    for part in _leaf_parts(inner, defects, attachments, depth + 1):
        if isinstance(part, str):
            plain.append(part)
        elif part.get_content_type() not in ("text/plain", "text/html"):
            attachments.append(_attachment_label(part, defects))
        else:
            _strip_transfer_encoding(part)
            text = _part_text(part, None, defects)
            if part.get_content_type() == "text/plain":
                plain.append(text.strip("\n"))
            else:
                html.append(html_to_text(text).strip("\n"))
    texts = plain or html  # as for the message itself: its plain text, else its HTML
    return "\n".join(lines) + "\n\n" + "\n\n".join(t for t in texts if t)


def _strip_transfer_encoding(part: EmailMessage) -> None:
    """``base64 `` with a space after it is still base64 (``email`` would leave it encoded)."""
    value = part.get("Content-Transfer-Encoding")
    if isinstance(value, str) and value != value.strip():
        part.replace_header("Content-Transfer-Encoding", value.strip())


ENRICHED_TYPES = ("text/enriched", "text/richtext")
"""Content types read as text/enriched (text/richtext is its predecessor)."""
_ENRICHED_PARAM = re.compile(r"<param>.*?</param>", re.IGNORECASE | re.DOTALL)
_ENRICHED_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]{0,60}>")


def enriched_to_text(text: str) -> str:
    """RFC 1896 text/enriched as plain text: formatting commands and their parameters gone,
    ``<<`` a ``<``; a lone line break is a space and n breaks in a row are n - 1."""
    text = _ENRICHED_PARAM.sub("", text.replace("\r\n", "\n"))
    text = _ENRICHED_TAG.sub("", text.replace("<<", "\x00"))
    text = re.sub(r"\n(\n*)", lambda m: m.group(1) or " ", text)
    return text.replace("\x00", "<")


def mime_body(data: bytes, list_charset: str | None, defects: list[str]) -> tuple[str, list[str]]:
    """Text of a MIME message: text/plain parts, else HTML made readable; attachments listed."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    plain: list[str] = []
    html: list[str] = []
    ordered: list[tuple[bool, str]] = []  # (is HTML, text) of every text part, in order
    attachments: list[str] = []
    try:
        parts = _leaf_parts(message, defects, attachments)
    except (AttributeError, TypeError, ValueError, RecursionError) as exc:
        defects.append(f"MIME structure is broken ({type(exc).__name__}); read as one part")
        parts = [message]
    for part in parts:
        if isinstance(part, str):  # an attached message, already made text
            plain.append(part)
            ordered.append((False, part))
            continue
        try:
            ctype = part.get_content_type()
            disposition = str(part.get("Content-Disposition", "")).lower()
            _strip_transfer_encoding(part)
        except (AttributeError, TypeError, ValueError) as exc:
            defects.append(f"MIME part is broken ({type(exc).__name__}); skipped")
            continue
        is_attachment = disposition.startswith("attachment")
        if ctype == "text/plain" and not is_attachment:
            plain.append(_part_text(part, list_charset, defects))
            ordered.append((False, plain[-1]))
        elif ctype in ENRICHED_TYPES and not is_attachment:
            plain.append(enriched_to_text(_part_text(part, list_charset, defects)))
            ordered.append((False, plain[-1]))
        elif ctype == "text/html" and not is_attachment:
            html.append(_part_text(part, list_charset, defects))
            ordered.append((True, html[-1]))
        else:
            attachments.append(_attachment_label(part, defects))
    for found in message.defects:
        defects.append(f"mime: {type(found).__name__}")
    if plain and html:  # an HTML part that is no alternative: text of its own, in its place
        plain_words = set(" ".join(plain).split())
        texts = [html_to_text(text) if is_html else text for is_html, text in ordered]
        kept = [
            text
            for (is_html, _), text in zip(ordered, texts, strict=True)
            if text.strip() and not (is_html and _repeats(text, plain_words))
        ]
        return "\n\n".join(text.strip("\n") for text in kept), attachments
    if plain:
        return "\n\n".join(p.strip("\n") for p in plain), attachments
    if html:
        return "\n\n".join(html_to_text(h) for h in html), attachments
    return "", attachments


TWIN_SHARE = 0.8


def _repeats(text: str, plain_words: set[str]) -> bool:
    """Whether an HTML part says what the plain parts say (a client that sends both outside
    an alternative): most of its words are theirs."""
    words = text.split()
    return bool(words) and sum(word in plain_words for word in words) >= TWIN_SHARE * len(words)


_HTML_PART_START = re.compile(
    r"^--([^\s-][^\n]{0,69}?)[ \t]*\nContent-Type:[ \t]*text/html\b", re.MULTILINE | re.IGNORECASE
)


def without_html_alternative(text: str, defects: list[str]) -> str:
    """A plain body whose text runs into the raw HTML alternative of the same words (a boundary
    line, its part headers, quoted-printable markup), cut before it: what a multipart whose
    header the archive lost leaves (twisted-python's Pipermail fragments from
    bogus@does.not.exist.com). The text above is the message's; text after the HTML part's end
    stays. A body that is all HTML has no text above, and is kept as it is."""
    if "\n--" not in text:
        return text
    found = _HTML_PART_START.search(text)
    if found is None or not text[: found.start()].strip():
        return text
    boundary = "--" + found.group(1)
    next_line = text.find("\n" + boundary, found.end())
    rest = "" if next_line < 0 else text[next_line + 1 :]
    if rest.startswith(boundary + "--"):  # the closing line: what follows it is kept
        rest = rest.partition("\n")[2]
    defects.append("the raw HTML twin of the text, left by a lost multipart header, left out")
    return text[: found.start()] + rest


def clean_body(text: str, defects: list[str]) -> str:
    """The body as the messages table keeps it: Unix line ends, no NULs, one final newline."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        text = text.replace("\x00", "")
        defects.append("NUL characters removed from the body")
    text = text.rstrip()  # blank at the start stays (indentation); a blank text is empty
    return text + "\n" if text else ""
