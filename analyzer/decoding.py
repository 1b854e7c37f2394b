"""Mail's bytes and header values as text: a body in its declared charset or the likeliest one,
a header's RFC 2047 encoded words and raw 8-bit bytes, its runs of blanks.

Apart from ``analyzer.parse`` because the header reader, the MIME body reader
(``analyzer.message_body``) and the message parser all decode with them, and an encoded word in
an unknown charset falls back on the body's decoding.
"""

from __future__ import annotations

import contextlib
import quopri
import re
from base64 import b64decode
from binascii import Error as BinasciiError

FALLBACK_CHARSET = "cp1252"
"""The charset of last resort: it reads any byte, and most 8-bit mail that is not UTF-8 is it."""

_WS = re.compile(r"\s+")
_ENCODED_WORD = "=?"


def one_space(text: str) -> str:
    """Runs of blanks as one space. Most headers have none to change: every blank but the space
    is unprintable, so a printable text without two spaces in a row is returned as it is."""
    if "  " not in text and text.isprintable():
        return text
    return _WS.sub(" ", text)


def decode_header_bytes(raw: bytes, defects: list[str]) -> str:
    """A header value written in raw 8-bit bytes (against RFC 5322, as old mailers did): UTF-8
    when it is, else cp1252, which reads any byte."""
    try:
        return raw.decode("ascii")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        defects.append("header holds raw 8-bit bytes that are not UTF-8; read as cp1252")
        return raw.decode(FALLBACK_CHARSET, errors="replace")


_WORD = r"=\?([^?\s]*)\?([QqBb])\?([^?]*)\?="
_ENCODED_WORD_RE = re.compile(_WORD)
_ENCODED_WORD_RUN = re.compile(rf"{_WORD}(?:[ \t]+{_WORD})*")
_UNKNOWN_CHARSETS = ("unknown-8bit", "x-unknown", "unknown")


def _word_bytes(match: re.Match[str]) -> bytes | None:
    """The bytes one encoded word stands for; None when its base64 is broken."""
    text = match.group(3)
    if match.group(2) in "Qq":
        return quopri.decodestring(text.encode("utf-8", "replace"), header=True)
    try:
        return b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (BinasciiError, ValueError):
        return None


def _charset_text(data: bytes, charset: str, defects: list[str]) -> str:
    name = charset.lower().partition("*")[0] or "ascii"  # RFC 2231 adds "*language"
    if name in _UNKNOWN_CHARSETS:
        name = "utf-8"
    try:
        return data.decode(name)
    except (LookupError, ValueError):  # ValueError: a NUL in the name, or bad bytes
        defects.append(f"encoded word in unknown or wrong charset {charset!r}")
        return decode_text(data, None, None, [])


def _decoded_run(run: str, defects: list[str]) -> str:
    """Adjacent encoded words: blanks between them go (RFC 2047), bytes of one charset are
    decoded together (a character may be split across words), a broken word stays as written."""
    out: list[str] = []
    pending = bytearray()
    pending_charset = ""
    previous_end = 0
    previous_broken = False
    for match in _ENCODED_WORD_RE.finditer(run):
        blanks = run[previous_end : match.start()]
        previous_end = match.end()
        data = _word_bytes(match)
        if pending and (data is None or match.group(1) != pending_charset):
            out.append(_charset_text(bytes(pending), pending_charset, defects))
            pending.clear()
        if data is None:
            defects.append(f"undecodable encoded word in header {match.group(0)[:60]!r}")
            out.append(blanks + match.group(0))
            previous_broken = True
            continue
        if previous_broken:
            out.append(blanks)
        previous_broken = False
        pending_charset = match.group(1)
        pending += data
    if pending:
        out.append(_charset_text(bytes(pending), pending_charset, defects))
    return "".join(out)


def decode_encoded_words(value: str, defects: list[str]) -> str:
    """Decode RFC 2047 encoded words; a broken or unknown one becomes a defect, not an error.

    Done here rather than by ``email.header.decode_header``, which raises on broken base64 and
    takes quadratic time on a header of many thousand words.
    """
    if _ENCODED_WORD not in value:
        return value
    found: list[str] = []
    text = _ENCODED_WORD_RUN.sub(lambda run: _decoded_run(run.group(0), found), value)
    defects.extend(dict.fromkeys(found))  # each kind of trouble once, not once per word
    return text


_LATIN_CHARSETS = frozenset(
    ("iso-8859-1", "iso8859-1", "latin1", "latin-1", "iso-8859-15", "windows-1252", "cp1252")
)


def decode_text(
    payload: bytes, declared: str | None, list_charset: str | None, defects: list[str]
) -> str:
    """Decode body bytes: declared charset, else UTF-8, the list's charset, then cp1252."""
    if declared:
        name = declared.strip().strip('"').lower()
        if name in _LATIN_CHARSETS and not payload.isascii():
            # UTF-8 labelled Latin-1 ("BalÃ¡s" read as declared): valid UTF-8 with non-ASCII
            # bytes is next to never real Latin-1 text, where "Ã¡" would have to be written
            with contextlib.suppress(UnicodeDecodeError):
                text = payload.decode("utf-8")
                defects.append(f"body declared {declared!r} is UTF-8; read as UTF-8")
                return text
        if name not in ("unknown-8bit", "x-unknown", "unknown", "us-ascii", "ascii"):
            try:
                return payload.decode(name)
            except LookupError:
                defects.append(f"unknown charset {declared!r}")
            except UnicodeDecodeError:
                defects.append(f"body does not match its declared charset {declared!r}")
            except ValueError:  # a charset name no codec accepts (a NUL byte in it)
                defects.append(f"unknown charset {declared!r}")
        elif name in ("unknown-8bit", "x-unknown", "unknown"):
            defects.append(f"unknown charset {declared!r}")
    candidates = ["utf-8"]
    if list_charset:
        candidates.append(list_charset)
    candidates.append(FALLBACK_CHARSET)
    for name in candidates:
        try:
            text = payload.decode(name)
        except (LookupError, ValueError):
            continue
        if declared and name != "utf-8":
            defects.append(f"body decoded as {name}")
        return text
    defects.append("body bytes fit no charset; undecodable bytes replaced")
    return payload.decode(FALLBACK_CHARSET, errors="replace")
