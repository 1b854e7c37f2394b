"""Turn a raw message into a row of the messages table, recording defects instead of raising.

Plain single-part mail — nearly all of a Pipermail archive — takes a fast path that reads only the
headers the tables need. Here are the headers (the header block, senders, Message-IDs, dates);
the body's text is ``analyzer.message_body``'s (MIME mail through Python's ``email`` package,
guarded so that a broken structure becomes a defect and the best text that could be had), and
the decoding of bytes and header values that both need is ``analyzer.decoding``'s.
``decode_text``, ``decode_encoded_words``, ``FALLBACK_CHARSET`` and ``enriched_to_text`` are
given here too, where they were first.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import timedelta, tzinfo
from email.utils import getaddresses
from typing import Any, NamedTuple

from analyzer.dates import (
    ParsedDate,
    in_zone,
    is_plausible,
    mailman_archive_time,
    message_id_time,
    parse_date,
    parse_local_date,
)
from analyzer.decoding import (
    FALLBACK_CHARSET,
    decode_encoded_words,
    decode_header_bytes,
    decode_text,
    one_space,
)
from analyzer.htmltext import html_to_text
from analyzer.message_body import (
    ENRICHED_TYPES,
    clean_body,
    enriched_to_text,
    mime_body,
    transfer_decode,
    without_html_alternative,
)
from analyzer.model import PLACEHOLDER_ADDRESSES, RawMessage
from analyzer.readers.pipermail_html import READER_NAME as HTML_READER
from analyzer.scrubbed import scrubbed_attachments

__all__ = [
    "ARRIVAL_SLACK",
    "FALLBACK_CHARSET",
    "SYNTHETIC_ID_DOMAIN",
    "SplitMessage",
    "decode_encoded_words",
    "decode_text",
    "deobfuscate_address",
    "enriched_to_text",
    "head_bounds",
    "header_message_id",
    "parse_head",
    "parse_message",
    "split_head",
    "split_message",
    "synthetic_message_id",
]

SYNTHETIC_ID_DOMAIN = "synthetic.analyzer.invalid"

_WANTED = frozenset(
    {
        "message-id",
        "from",
        "date",
        "subject",
        "in-reply-to",
        "references",
        "content-type",
        "content-transfer-encoding",
        "reply-to",
        "list-post",
        "list-id",
    }
)
_MSGID = re.compile(r"<([^<>\s]+)>")
_OBFUSCATED_MSGID = re.compile(r"<([^<>\s]+) at ([^<>\s]+)>")
_BARE_MSGID = re.compile(r"^\s*([^<>\s@]+@[^<>\s@]+)\s*$")
# Pipermail writes addresses as "user at host"; localised archives translate "at".
_OBFUSCATED = re.compile(
    r"(?<![\w.!#$%&'*+/=?^`{|}~-])([\w.!#$%&'*+/=?^`{|}~-]+) (?:at|en|op|a|chez|bei|på|w|presso|em) "
    r"([\w-]+(?:\.[\w-]+)+)(?![\w-])",
    re.UNICODE,
)


def _joined_at(match: re.Match[str]) -> str:
    # A function, not the template r"\1@\2": Python 3.11 re-reads a template at every match.
    return f"{match[1]}@{match[2]}"


def _bracketed_at(match: re.Match[str]) -> str:
    return f"<{match[1]}@{match[2]}>"


def deobfuscate_address(text: str) -> str:
    """Undo Pipermail's ``user at host`` (and its translations) in a header value."""
    return _OBFUSCATED.sub(_joined_at, text)


_WANTED_NAMES = frozenset(name.encode() for name in _WANTED)


def head_bounds(data: bytes) -> tuple[int, int]:
    """Where the header block of a message ends and its body begins (after the first blank line)."""
    if data.startswith(b"\n"):
        return 0, 1
    cut = data.find(b"\n\n")
    if cut < 0:
        return len(data), len(data)
    return cut, cut + 2


def split_head(data: bytes) -> tuple[bytes, bytes]:
    """The header block and the body of a message."""
    head_end, body_start = head_bounds(data)
    return data[:head_end], data[body_start:]


def parse_head(head: bytes) -> tuple[dict[str, str], list[str]]:
    """The wanted headers of a header block (first occurrence, unfolded, decoded), defects."""
    defects: list[str] = []
    if b"\x00" in head:
        head = head.replace(b"\x00", b"")
        defects.append("NUL bytes removed from the headers")
    if head.isascii():
        return _parse_ascii_head(head.decode("ascii"), defects), defects
    return _parse_bytes_head(head, defects), defects


def _parse_bytes_head(head: bytes, defects: list[str]) -> dict[str, str]:
    """``parse_head`` line by line, each value decoded as UTF-8 or else cp1252."""
    headers: dict[str, str] = {}
    current: str | None = None
    for line in head.split(b"\n"):
        if line[:1] in (b" ", b"\t"):
            if current is not None:
                headers[current] += " " + decode_header_bytes(line.strip(), defects)
            continue
        colon = line.find(b":")
        if colon <= 0:
            if line.strip():
                defects.append("malformed header line skipped")
            current = None
            continue
        name_bytes = line[:colon].strip().lower()
        if name_bytes in _WANTED_NAMES:
            name = name_bytes.decode("ascii")
            if name not in headers:
                headers[name] = decode_header_bytes(line[colon + 1 :].strip(), defects)
                current = name
                continue
        current = None
    return headers


_ASCII_BLANKS = " \t\n\r\x0b\x0c"
"""What ``bytes.strip()`` strips (``str.strip()`` would strip \\x1c-\\x1f as well)."""


def _parse_ascii_head(head: str, defects: list[str]) -> dict[str, str]:
    """``parse_head`` for the common all-ASCII header block, decoded once rather than by line."""
    headers: dict[str, str] = {}
    current: str | None = None
    for line in head.split("\n"):
        if line.startswith((" ", "\t")):
            if current is not None:
                headers[current] += " " + line.strip(_ASCII_BLANKS)
            continue
        colon = line.find(":")
        if colon <= 0:
            if line.strip(_ASCII_BLANKS):
                defects.append("malformed header line skipped")
            current = None
            continue
        name = line[:colon].strip(_ASCII_BLANKS).lower()
        if name in _WANTED and name not in headers:
            headers[name] = line[colon + 1 :].strip(_ASCII_BLANKS)
            current = name
        else:
            current = None
    return headers


class SplitMessage(NamedTuple):
    """A message cut into its wanted headers and its body, with what was wrong in the headers."""

    headers: dict[str, str]
    body: bytes
    defects: list[str]


def split_message(data: bytes) -> SplitMessage:
    head, body = split_head(data)
    headers, defects = parse_head(head)
    return SplitMessage(headers, body, defects)


def header_message_id(headers: dict[str, str]) -> str | None:
    """The Message-ID the headers give (None when a synthetic one must be derived)."""
    return _message_id(headers.get("message-id"))


def _content_type(value: str | None) -> tuple[str, dict[str, str]]:
    if not value:
        return "text/plain", {}
    main, _, rest = value.partition(";")
    params: dict[str, str] = {}
    for item in rest.split(";"):
        key, sep, val = item.partition("=")
        if sep:
            params[key.strip().lower()] = val.strip().strip('"')
    return main.strip().lower(), params


# The forms nearly every archive uses, read without the general RFC 5322 address parser:
# ``user at host (Name)`` (Pipermail), ``Name <user@host>``, ``"Name" <user@host>``, ``user@host``.
_ADDRESS = r"([^\s<>()\"@,;:]+@[^\s<>()\"@,;:]+)"
_SIMPLE_FROM = (
    # Pipermail's "user at host (Name)"; the name may hold a comment of its own, as in
    # "(Kevin High (khigh))", kept as written (identity drops it from the person's name).
    re.compile(rf"^{_ADDRESS}\s*(?:\(((?:[^()\"]|\([^()\"]*\))*)\))?$"),
    re.compile(rf"^\"?([^<>\"(),;:@]*?)\"?\s*<{_ADDRESS}>$"),
)
# Forms the general parser misreads, each as (pattern, group of the name, group of the address):
# old Pipermail's ``Name user@host`` (it takes the whole value for the address), ``user@host Name``
# (it glues the words together) and spam's ``Name (user@host)`` (it takes the address for the name).
_BARE_FROM = (
    (re.compile(rf"^(\"[^\"]*\"|[^<>()@;:]*?)\s+{_ADDRESS}$"), 1, 2),
    (re.compile(rf"^{_ADDRESS}\s+([^<>()@;:]+)$"), 2, 1),
    (re.compile(rf"^([^<>()@;:\"]*?)\s*\(\s*{_ADDRESS}\s*\)$"), 1, 2),
)


_ONE_ADDRESS = re.compile(_ADDRESS)
_BLANK = re.compile(r"\s")


def _bare_addresses(value: str) -> tuple[str, list[str]] | None:
    """(name, addresses) of a From that holds two or more bare addresses among plain words
    (``glyph@x.com glyph@x.com``, ``Joe a@x.org b@y.org``), which every other form misreads as
    no address at all; None for any other From."""
    if "<" in value or "(" in value or '"' in value:
        return None
    words = value.split()
    addresses = [word for word in words if _ONE_ADDRESS.fullmatch(word)]
    if len(addresses) < 2:
        return None
    return " ".join(word for word in words if word not in addresses), addresses


def _split_address(value: str) -> tuple[str, str] | None:
    """(name, address) of a From value; None when the general parser cannot read it at all."""
    simple = _SIMPLE_FROM[0].match(value)
    if simple:
        return simple.group(2) or "", simple.group(1)
    simple = _SIMPLE_FROM[1].match(value)
    if simple:
        return simple.group(1), simple.group(2)
    for pattern, name_group, address_group in _BARE_FROM:
        bare = pattern.match(value)
        if bare:
            return bare.group(name_group), bare.group(address_group)
    try:
        pairs = getaddresses([value])
    except (ValueError, IndexError, TypeError, RecursionError):  # comments nest by recursion
        return None
    return pairs[0] if pairs else ("", "")


def _parse_from(value: str | None, defects: list[str]) -> tuple[str, str]:
    if not value:
        defects.append("no From header")
        return "", ""
    value = decode_encoded_words(value, defects)
    if " at " in value or " en " in value or " op " in value or " a " in value:
        value = deobfuscate_address(value)
    # Runs of blanks collapsed: they mean one space in a header, and the address patterns
    # would otherwise take quadratic time on a hostile run of them.
    value = one_space(value).strip()
    if "@" not in value and "<" not in value and not value.endswith(";"):  # a name alone
        defects.append("From header holds no address; its words kept as the name")
        name = unicodedata.normalize("NFC", value.strip("'\" ").strip())
        return name, ""
    several = _bare_addresses(value)
    if several is not None:
        if len({a.lower() for a in several[1]}) > 1:
            defects.append("From header names several addresses; the first one kept")
        split: tuple[str, str] | None = (several[0], several[1][0])
    else:
        split = _split_address(value)
    if split is None:
        defects.append("From header cannot be read as an address")
        split = ("", "")
    name, address = split
    address = address.strip()
    if _BLANK.search(address):  # no address has blanks: the words are a name
        defects.append("From header holds no readable address; its words kept as the name")
        name, address = name or address, ""
    address = address.lower()
    if "@" not in address:
        if address:
            name = name or address
        address = ""
    name = one_space(name).strip().strip("'\"").strip()
    if address and f"<{address}>" in name.lower():  # "(Christos Siopis <siopis@umich.edu>)"
        at = name.lower().index(f"<{address}>")
        name = (name[:at] + name[at + len(address) + 2 :]).strip()
    if name.lower() == address:
        name = ""
    if address in PLACEHOLDER_ADDRESSES:
        if name:  # the name is the sender's; the address is no one's
            defects.append(f"From header holds Pipermail's placeholder {address}; name kept")
            address = ""
        else:
            defects.append(
                f"From header is Pipermail's placeholder {address}: the archiver found no "
                "sender (often text it split off another message at a body line beginning "
                "'From '); kept as an automated sender"
            )
    return unicodedata.normalize("NFC", name), address


# Mailman's DMARC mitigation (from_is_list = munge) writes "Name via List <list@host>" in From
# and puts the sender's own address in Reply-To.
_VIA_NAME = re.compile(r"^(.*?\S)\s+via\s+(\S+)$")
_LIST_POST = re.compile(r"<mailto:([^<>?\s]+)", re.IGNORECASE)
_LIST_ID = re.compile(r"<([^<>\s]+)>")


def _alnum(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


def _list_addresses(headers: dict[str, str]) -> set[str]:
    """The list's address that List-Post gives and its List-Id (``list.host``), when present."""
    found: set[str] = set()
    post = _LIST_POST.search(headers.get("list-post", ""))
    if post:
        found.add(post.group(1).lower())
    list_id = _LIST_ID.search(headers.get("list-id", ""))
    if list_id:
        found.add(list_id.group(1).lower())
    return found


def _is_list_address(address: str, list_label: str, lists: set[str]) -> bool:
    """Whether ``address`` is the list's: its local part is the list's name, or the List-Post or
    List-Id headers name it."""
    label = _alnum(list_label)
    return (
        (bool(label) and _alnum(address.partition("@")[0]) == label)
        or address in lists
        or address.replace("@", ".", 1) in lists
    )


def _reply_to_sender(value: str, list_label: str, lists: set[str], defects: list[str]) -> str:
    """The one personal address of a Reply-To header, or ``""`` when it names none or several."""
    value = decode_encoded_words(value, defects)
    if " at " in value:
        value = deobfuscate_address(value)
    try:
        pairs = getaddresses([value])
    except (ValueError, IndexError, TypeError, RecursionError):
        return ""
    addresses = [a.strip().lower() for _, a in pairs if a.strip()]
    if len(addresses) != 1:
        return ""
    address = addresses[0]
    if (
        "@" not in address
        or _BLANK.search(address) is not None
        or address in PLACEHOLDER_ADDRESSES
        or _is_list_address(address, list_label, lists)
    ):
        return ""
    return address


def _undo_list_munging(
    name: str, address: str, headers: dict[str, str], defects: list[str]
) -> tuple[str, str]:
    """The sender of a message whose list rewrote From to its own address ("Name via List"):
    the Reply-To address when it is one personal address, so that the author keeps an address and
    a domain. Without one, From stays as written (the " via " tells the identity stage that the
    address is the list's)."""
    via = _VIA_NAME.match(name)
    if via is None or not address:
        return name, address
    person, list_label = via.groups()
    lists = _list_addresses(headers)
    if not _is_list_address(address, list_label, lists):
        return name, address  # "Name via LinkedIn" from a service's own address
    lists.add(address)
    sender = _reply_to_sender(headers.get("reply-to", ""), list_label, lists, defects)
    if not sender:
        defects.append("from: list address kept, no one personal Reply-To (DMARC munging)")
        return name, address
    defects.append(f"from: list address {address} replaced by Reply-To (DMARC munging)")
    return person.strip("'\"").strip() or person, sender


def _message_ids(value: str) -> list[str]:
    """Message-IDs in a header, with Pipermail's ``<id at host>`` obfuscation undone."""
    if " at " in value:
        value = _OBFUSCATED_MSGID.sub(_bracketed_at, value)
    return _MSGID.findall(value)


def _message_id(value: str | None) -> str | None:
    if not value:
        return None
    if " at " in value:
        value = _OBFUSCATED_MSGID.sub(_bracketed_at, value)
    match = _MSGID.search(value)
    if match:
        return match.group(1)
    bare = _BARE_MSGID.match(value)
    return bare.group(1) if bare else None


_COMMENT = re.compile(r"\([^()]*\)")
_FROM_WORD = re.compile(r"\bfrom\b", re.IGNORECASE)
_MESSAGE_FROM = re.compile(r"\bmessage\s+from\b[^<>]*$", re.IGNORECASE)
_AFTER_SENDER = re.compile(r"\s*\W?\s*(?:of|on|at|wrote|dated)\b", re.IGNORECASE)


def _replied_id(value: str | None) -> str | None:
    """The Message-ID of an In-Reply-To header. Old clients wrote a phrase there: MH's
    ``Message from Ann <ann@host> of "Tue, 10 Sep 2002" <id>``, rmail's ``<id> (message from Ann
    <ann@host> on ...)``; the sender's address in it is no Message-ID."""
    if not value or ("from" not in value.lower() and "(" not in value):
        return _message_id(value)
    if " at " in value:
        value = _OBFUSCATED_MSGID.sub(_bracketed_at, value)
    text = _COMMENT.sub(" ", value)
    previous_end = 0
    for match in _MSGID.finditer(text):
        before, previous_end = text[previous_end : match.start()], match.end()
        if _MESSAGE_FROM.search(before) or (
            _FROM_WORD.search(before) and _AFTER_SENDER.match(text, match.end())
        ):
            continue  # "message from Ann <ann@host>", "from Ann <ann@host> of ...": the sender
        return match.group(1)
    return None if _MSGID.search(text) else _message_id(text)


def synthetic_message_id(from_email: str, date_text: str, subject: str, body: str) -> str:
    """A stable ID for a message without Message-ID: a hash of who, when, what and its text.

    The same message therefore gets the same ID in every ingest, and two copies of it in two
    archives are recognised as duplicates.
    """
    digest = hashlib.sha1(
        "\x1f".join((from_email, date_text, subject, body.strip())).encode("utf-8", "replace")
    ).hexdigest()[:32]
    return f"{digest}@{SYNTHETIC_ID_DOMAIN}"


ARRIVAL_SLACK = timedelta(hours=1)
"""How far after its arrival (the separator's date) a message's Date may fall: clocks drift."""


def _message_date(
    date_text: str | None,
    envelope_line: str,
    server_zone: tzinfo | None,
    message_id: str | None,
    defects: list[str],
) -> ParsedDate | None:
    """The message's date: its Date header, read in the list server's zone when it has no zone
    of its own, else the separator's date, else the time its Message-ID may hold; what was
    wrong goes into ``defects``."""
    parsed = parse_date(date_text)
    envelope: ParsedDate | None = None
    if parsed is not None and parsed.zone_missing and server_zone is not None:
        local = in_zone(parsed, server_zone)
        envelope = parse_local_date(_envelope_date(envelope_line), server_zone)
        if (
            envelope is not None
            and is_plausible(envelope.utc)
            and local.utc - envelope.utc > ARRIVAL_SLACK
        ):
            # Read in the server's zone, the message would be written after it arrived: the
            # writer was east of the server, by an unknown amount; its arrival is the best date.
            hours = (local.utc - envelope.utc).total_seconds() / 3600
            defects.append(
                f"date has no time zone; in the list's time zone {server_zone} it falls "
                f"{hours:.1f} h after the message reached the server: used the separator's date"
            )
            return envelope
        parsed = local
    if parsed is not None and parsed.defect:
        defects.append(parsed.defect)
    if parsed is None or not parsed.reliable or not is_plausible(parsed.utc):
        reason = (
            "no Date header"
            if not date_text
            else f"unreadable Date {date_text!r}"
            if parsed is None
            else f"unreliable Date {date_text!r}"
            if not parsed.reliable
            else f"implausible Date {date_text!r}"
        )
        if envelope is None:
            envelope = parse_local_date(_envelope_date(envelope_line), server_zone)
        if envelope is not None and is_plausible(envelope.utc):
            defects.append(f"{reason}; used the separator's date")
            return envelope
        if parsed is not None and not parsed.reliable and is_plausible(parsed.utc):
            defects.append(
                f"{reason}; its local time was taken as UTC (no plausible separator date)"
            )
            return parsed
        stamped = message_id_time(message_id)
        if stamped is not None:
            defects.append(f"{reason}; used the time in its Message-ID, taken as UTC")
            return stamped
        # Year 1 or 9999 would stretch every timeline over millennia: the date is unknown,
        # and what the header said stays in the defect.
        defects.append(f"{reason}; message has no date")
        return None
    return parsed


PIECE_DATE_AGREES = timedelta(days=1)
"""A piece's Date this close before its archive time is its own (no placeholder to repair)."""
PIECE_LATER_REBUILD = timedelta(days=4 * 365)
"""A piece archived this long after its Date was given its Message-ID by a later rebuild, not
on arrival: its Date is then the better one (twisted-python: five bodiless pieces dated
2009-2010 whose IDs hold 2019-11-24). The placeholder Dates of the pieces split off on arrival
fall 8 days to 1.4 years before their archive times."""


def _piece_date(
    parsed: ParsedDate | None,
    date_text: str | None,
    name: str,
    address: str,
    message_id: str | None,
    defects: list[str],
) -> ParsedDate | None:
    """The date of a piece Pipermail split off a message at a body line beginning "From ": the
    time Mailman archived it, which its Message-ID holds, when its Date is the placeholder of a
    rebuild (every piece filed in twisted-python's 2009-April.txt.gz says 2009-04-26 12:47:01,
    though it arrived between July 2009 and September 2010). The piece came seconds after the
    message it was cut from, so the months count it where that message is."""
    if address not in PLACEHOLDER_ADDRESSES or name:
        return parsed
    archived = mailman_archive_time(message_id)
    if archived is None or not is_plausible(archived):
        return parsed
    if parsed is not None and not (
        PIECE_DATE_AGREES < archived - parsed.utc <= PIECE_LATER_REBUILD
    ):
        return parsed
    defects.append(
        f"date: Pipermail's placeholder Date {date_text!r} of a piece it split off a message "
        "replaced by the time Mailman archived it (from its Message-ID)"
    )
    return ParsedDate(archived, 0, None, reliable=False)  # the writer's offset is unknown


def _writer_offset(parsed: ParsedDate | None, reader: str) -> int | None:
    """The writer's offset from UTC, where the date gave it; None where it was assumed (no zone,
    an unknown or broken one), is the server's (a zone-less date read in the list's zone, a
    separator's date, any date of a Pipermail page) or there is no date."""
    if parsed is None or reader == HTML_READER:
        return None
    if parsed.zone_missing or parsed.defect is not None or not parsed.reliable:
        return None
    return parsed.offset_minutes


def _unquoted_subject(subject: str) -> str:
    """A subject wrapped whole in quotes, unwrapped: exports that wrote header values as Python
    reprs (BigBang's LISTSERV mboxes: ``subject: 'Re: Draft EVS-8a'``) quote every subject,
    and a quoted reply no longer matched its unquoted thread. A subject quoted on its own
    (``"Hello"``) loses nothing by it."""
    if len(subject) > 2 and subject[0] == subject[-1] and subject[0] in "'\"":
        inner = subject[1:-1]
        if subject[0] not in inner:
            return inner.strip()
    return subject


def parse_message(
    raw: RawMessage,
    *,
    list_name: str,
    list_charset: str | None = None,
    server_zone: tzinfo | None = None,
    split: SplitMessage | None = None,
) -> dict[str, Any]:
    """Parse one raw message into a dict with the stored message columns; never raises on mail.

    ``split``: ``split_message(raw.data)`` when the caller has it already.
    """
    headers, body_bytes, head_defects = split_message(raw.data) if split is None else split
    defects = [*raw.defects, *head_defects]
    ctype, params = _content_type(headers.get("content-type"))
    encoding = headers.get("content-transfer-encoding")
    attachments: list[str] = []
    if not ctype.startswith("text/") or ctype.startswith(("multipart/", "message/")):
        try:
            body, attachments = mime_body(raw.data, list_charset, defects)
        except RecursionError:  # Python's email parser recurses once per nesting level
            defects.append("MIME parts nested too deep to take apart; the raw body kept as text")
            body = decode_text(body_bytes, None, list_charset, defects)
    elif ctype == "text/html":
        payload = transfer_decode(body_bytes, encoding, defects)
        body = html_to_text(decode_text(payload, params.get("charset"), list_charset, defects))
    elif ctype in ENRICHED_TYPES:
        payload = transfer_decode(body_bytes, encoding, defects)
        body = enriched_to_text(decode_text(payload, params.get("charset"), list_charset, defects))
    else:
        payload = transfer_decode(body_bytes, encoding, defects)
        body = decode_text(payload, params.get("charset"), list_charset, defects)
        body = without_html_alternative(body, defects)
    body = clean_body(body, defects)
    attachments = [*attachments, *scrubbed_attachments(body)]  # Pipermail's notices

    from_name, from_email = _parse_from(headers.get("from"), defects)
    if " via " in from_name:
        from_name, from_email = _undo_list_munging(from_name, from_email, headers, defects)
    subject = _unquoted_subject(
        one_space(decode_encoded_words(headers.get("subject", ""), defects)).strip()
    )

    date_text = headers.get("date")
    message_id = _message_id(headers.get("message-id"))
    parsed = _message_date(date_text, raw.envelope, server_zone, message_id, defects)
    parsed = _piece_date(parsed, date_text, from_name, from_email, message_id, defects)

    if message_id is None:
        defects.append("no Message-ID; a synthetic one was derived from the content")
        message_id = synthetic_message_id(from_email, date_text or raw.envelope, subject, body)
    in_reply_to = _replied_id(headers.get("in-reply-to"))
    if headers.get("in-reply-to") and in_reply_to is None:
        defects.append("In-Reply-To holds no Message-ID")
    references = _message_ids(headers.get("references", ""))

    return {
        "message_id": message_id,
        "list": list_name,
        "date": parsed.utc if parsed is not None else None,
        "tz_offset_minutes": _writer_offset(parsed, raw.reader),
        "from_name": from_name,
        "from_email": from_email,
        "subject": subject,
        "in_reply_to": in_reply_to,
        "references": references,
        "body": body,
        "source": raw.source,
        "source_index": raw.index,
        "defects": defects,
        "archive_parent_id": raw.archive_parent_id,
        "archive_thread_order": raw.archive_thread_order,
        "attachments": attachments,
    }


_ENVELOPE_SENDER = re.compile(r"^\S+(?: at \S+)?\s+")


def _envelope_date(envelope: str) -> str | None:
    if not envelope:
        return None
    return _ENVELOPE_SENDER.sub("", envelope, count=1)
