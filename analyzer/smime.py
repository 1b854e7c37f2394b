"""The MIME entity inside an S/MIME opaque-signed blob (``application/pkcs7-mime``,
``smime-type=signed-data``): a client that signs this way puts the whole text of the message in
the base64 CMS SignedData (RFC 5652), where Python's ``email`` sees one binary attachment.

A small, strict DER/BER reader of the standard library: it follows ContentInfo -> SignedData ->
encapContentInfo -> eContent (an OCTET STRING, which BER lets be constructed, in segments, with
indefinite lengths) and returns its bytes. The signature is not checked (what the sender wrote is
the text either way) and what follows the content (certificates, signer infos) is not read.
Anything else (a malformed blob, encrypted data, a signature with no content) gives the reason,
never an exception.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

OPAQUE_TYPES = ("application/pkcs7-mime", "application/x-pkcs7-mime")
"""Content types of an S/MIME blob that holds the message (RFC 8551 and its older name)."""

_DATA = "1.2.840.113549.1.7.1"
_SIGNED_DATA = "1.2.840.113549.1.7.2"
_KINDS = {
    _DATA: "unsigned data",
    "1.2.840.113549.1.7.3": "enveloped (encrypted) data",
    "1.2.840.113549.1.7.5": "digested data",
    "1.2.840.113549.1.7.6": "encrypted data",
    "1.2.840.113549.1.9.16.1.2": "authenticated data",
    "1.2.840.113549.1.9.16.1.9": "compressed data",
    "1.2.840.113549.1.9.16.1.23": "authenticated enveloped (encrypted) data",
}
"""What the CMS content types other than SignedData are, to name them in a defect."""

_UNIVERSAL, _CONTEXT = 0x00, 0x80
_INTEGER, _OCTET_STRING, _OID, _SEQUENCE, _SET = 2, 4, 6, 16, 17
_MAX_DEPTH = 32  # nesting of constructed elements: real blobs use 5 or 6
_MAX_TAG_BYTES = 4
_MAX_LENGTH_BYTES = 8


class CmsError(ValueError):
    """Why a blob is not an opaque-signed MIME entity (kept within this module)."""


class Unpacked(NamedTuple):
    """The signed MIME entity's bytes, or empty bytes and the reason it could not be had."""

    entity: bytes
    problem: str


class _Element(NamedTuple):
    tag_class: int
    constructed: bool
    number: int
    start: int
    """Where the contents begin."""
    end: int | None
    """Where the contents end; None for an indefinite length (an end-of-contents marks it)."""


def signed_entity(blob: bytes) -> Unpacked:
    """The MIME entity an opaque-signed blob holds, or the reason it holds none we can read."""
    try:
        return Unpacked(_signed_content(blob), "")
    except CmsError as exc:
        return Unpacked(b"", str(exc))
    except RecursionError:
        return Unpacked(b"", "malformed: elements nested too deep")


def _signed_content(blob: bytes) -> bytes:
    end = len(blob)
    info = _header(blob, 0, end)
    _expect(info, _UNIVERSAL, _SEQUENCE, True, "ContentInfo")
    fields = _children(blob, info, end, 0)
    kind = _oid(blob, _next(fields, "ContentInfo's contentType"))
    if kind != _SIGNED_DATA:
        raise CmsError(_KINDS.get(kind, f"content of type {kind}") + ", not signed data")
    wrapper = _next(fields, "ContentInfo's content")
    _expect(wrapper, _CONTEXT, 0, True, "ContentInfo's [0] content")
    signed = _next(_children(blob, wrapper, end, 1), "SignedData")
    _expect(signed, _UNIVERSAL, _SEQUENCE, True, "SignedData")
    parts = _children(blob, signed, end, 2)
    _expect(_next(parts, "SignedData's version"), _UNIVERSAL, _INTEGER, False, "version")
    _expect(_next(parts, "digestAlgorithms"), _UNIVERSAL, _SET, True, "digestAlgorithms")
    encap = _next(parts, "encapContentInfo")
    _expect(encap, _UNIVERSAL, _SEQUENCE, True, "encapContentInfo")
    inner = _children(blob, encap, end, 3)
    inner_kind = _oid(blob, _next(inner, "eContentType"))
    explicit = next(inner, None)
    if explicit is None:
        raise CmsError("signed data without its content (a detached signature or certificates)")
    _expect(explicit, _CONTEXT, 0, True, "eContent's [0] wrapper")
    content = _octets(blob, _next(_children(blob, explicit, end, 4), "eContent"), end, 5)
    if inner_kind != _DATA:
        raise CmsError(f"signed content of type {inner_kind}, not MIME data")
    return content


def _header(data: bytes, pos: int, end: int) -> _Element:
    """The identifier and length octets of the element at ``pos``, within ``end``."""
    if pos >= end:
        raise CmsError("malformed: ends where an element should begin")
    first = data[pos]
    pos += 1
    number = first & 0x1F
    if number == 0x1F:  # high tag number: base 128 digits, the last without its top bit
        number = 0
        for _ in range(_MAX_TAG_BYTES):
            if pos >= end:
                raise CmsError("malformed: ends inside a tag")
            byte = data[pos]
            pos += 1
            number = number << 7 | byte & 0x7F
            if not byte & 0x80:
                break
        else:
            raise CmsError("malformed: tag number too long")
    if pos >= end:
        raise CmsError("malformed: ends before a length")
    octet = data[pos]
    pos += 1
    constructed = bool(first & 0x20)
    if octet == 0x80:
        if not constructed:
            raise CmsError("malformed: indefinite length on a primitive element")
        return _Element(first & 0xC0, constructed, number, pos, None)
    if octet == 0xFF:
        raise CmsError("malformed: reserved length octet")
    length = octet
    if octet > 0x80:
        count = octet & 0x7F
        if count > _MAX_LENGTH_BYTES or pos + count > end:
            raise CmsError("malformed: length longer than the blob")
        length = int.from_bytes(data[pos : pos + count], "big")
        pos += count
    if pos + length > end:
        raise CmsError("malformed: an element runs past its container (truncated blob?)")
    return _Element(first & 0xC0, constructed, number, pos, pos + length)


def _children(data: bytes, parent: _Element, end: int, depth: int) -> Iterator[_Element]:
    """The elements inside a constructed one, read as they are asked for: what follows the
    content of a SignedData (certificates, signatures) is never walked."""
    if depth > _MAX_DEPTH:
        raise CmsError("malformed: elements nested too deep")
    limit = end if parent.end is None else parent.end
    pos = parent.start
    while True:
        if parent.end is not None and pos == parent.end:
            return
        child = _header(data, pos, limit)
        if parent.end is None and _is_end_of_contents(child):
            return
        if child.tag_class == _UNIVERSAL and child.number == 0:
            raise CmsError("malformed: end-of-contents inside a definite length")
        yield child
        pos = _after(data, child, limit, depth + 1)


def _is_end_of_contents(element: _Element) -> bool:
    if element.tag_class != _UNIVERSAL or element.number != 0:
        return False
    if element.constructed or element.end != element.start:
        raise CmsError("malformed: end-of-contents that is not two zero octets")
    return True


def _after(data: bytes, element: _Element, end: int, depth: int) -> int:
    """Where the element ends: its length says so, else its end-of-contents marker does."""
    if element.end is not None:
        return element.end
    if depth > _MAX_DEPTH:
        raise CmsError("malformed: elements nested too deep")
    pos = element.start
    while True:
        child = _header(data, pos, end)
        if _is_end_of_contents(child):
            return child.start  # just after the two zero octets
        pos = _after(data, child, end, depth + 1)


def _octets(data: bytes, element: _Element, end: int, depth: int) -> bytes:
    """An OCTET STRING's bytes: primitive, or (BER) constructed of OCTET STRING segments."""
    _expect(element, _UNIVERSAL, _OCTET_STRING, None, "eContent")
    if not element.constructed:
        return data[element.start : element.end]
    return b"".join(
        _octets(data, segment, end, depth + 1) for segment in _children(data, element, end, depth)
    )


def _oid(data: bytes, element: _Element) -> str:
    """An OBJECT IDENTIFIER in dotted form."""
    _expect(element, _UNIVERSAL, _OID, False, "OBJECT IDENTIFIER")
    body = data[element.start : element.end]
    if not body or body[-1] & 0x80:
        raise CmsError("malformed: OBJECT IDENTIFIER cut short")
    arcs: list[int] = []
    value = 0
    for byte in body:
        value = value << 7 | byte & 0x7F
        if not byte & 0x80:
            arcs.append(value)
            value = 0
    first = min(arcs[0] // 40, 2)
    return ".".join(str(arc) for arc in (first, arcs[0] - 40 * first, *arcs[1:]))


def _next(elements: Iterator[_Element], what: str) -> _Element:
    found = next(elements, None)
    if found is None:
        raise CmsError(f"malformed: no {what}")
    return found


def _expect(
    element: _Element, tag_class: int, number: int, constructed: bool | None, what: str
) -> None:
    """Check an element's tag (and form, unless ``constructed`` is None: either is allowed)."""
    if element.tag_class != tag_class or element.number != number:
        raise CmsError(f"malformed: {what} expected, another element found")
    if constructed is not None and element.constructed != constructed:
        form = "constructed" if constructed else "primitive"
        raise CmsError(f"malformed: {what} should be {form}")
