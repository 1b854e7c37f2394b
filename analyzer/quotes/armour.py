"""PGP armour of a clear-signed message, and the Geek Code block some sign with: they belong
to the sender's signature, not to the text.

A clear-signed body opens with `-----BEGIN PGP SIGNED MESSAGE-----` and its `Hash:` header,
and closes with the `-----BEGIN PGP SIGNATURE-----` ... `-----END PGP SIGNATURE-----` block;
inside, the signature delimiter `-- ` is dash-escaped to `- --`. None of it is prose the sender
wrote (GUIDE.md counts PGP armour as signature), and the base64 block would otherwise swell the
authored text and its word count.
"""

from __future__ import annotations

import re

from analyzer.quotes.labelling import OWN, SIGNATURE
from analyzer.quotes.model import LineLabel
from analyzer.quotes.structures import Body

SIGNED_MESSAGE = "-----BEGIN PGP SIGNED MESSAGE-----"
SIGNATURE_START = "-----BEGIN PGP SIGNATURE-----"
SIGNATURE_END = "-----END PGP SIGNATURE-----"
_ESCAPED_DELIMITER = "- --"
_ARMOUR_HEADER = re.compile(r"^(?:Hash|Version|Comment|Charset):\s")
_GEEK_START = re.compile(r"-{3,} ?BEGIN GEEK CODE BLOCK ?-{3,}", re.IGNORECASE)
_GEEK_END = re.compile(r"-{3,} ?END GEEK CODE BLOCK ?-{3,}", re.IGNORECASE)
_GEEK_LINES = 12  # the code is a few lines; a block that does not close soon is not one


def is_signature_delimiter_line(body: Body, line: str) -> bool:
    """`-- ` (stripped), or in a clear-signed body its dash-escaped `- --`."""
    if line == "--":
        return True
    return (
        line == _ESCAPED_DELIMITER
        and SIGNED_MESSAGE in body.text
        and SIGNED_MESSAGE in body.stripped
        and SIGNATURE_START in body.stripped
    )


def label_pgp_armour(body: Body, labels: list[LineLabel]) -> None:
    """Own lines of unmarked PGP armour become signature (in place)."""
    if "-----BEGIN PGP " not in body.text:
        return
    stripped = body.stripped
    depth = body.depth
    signed_at = -1
    escaped_at = -1
    index = 0
    while index < body.n:
        line = stripped[index]
        if depth[index] or labels[index] is not OWN:
            index += 1
            continue
        if line == SIGNED_MESSAGE:
            signed_at = index
            index = _label_headers(body, labels, index)
        elif line == _ESCAPED_DELIMITER and signed_at >= 0:
            escaped_at = index
            index += 1
        elif line == SIGNATURE_START:
            end = _signature_end(body, index)
            if end is None:
                index += 1
                continue
            start = escaped_at if escaped_at >= 0 else index
            for k in range(start, end + 1):
                if labels[k] is OWN and not depth[k]:
                    labels[k] = SIGNATURE
            signed_at = escaped_at = -1
            index = end + 1
        else:
            index += 1


def _label_headers(body: Body, labels: list[LineLabel], index: int) -> int:
    """The opening line and its `Hash:` headers (up to the blank line); the next index."""
    labels[index] = SIGNATURE
    index += 1
    while index < body.n and _ARMOUR_HEADER.match(body.stripped[index]) and not body.depth[index]:
        labels[index] = SIGNATURE
        index += 1
    return index


def _signature_end(body: Body, start: int) -> int | None:
    """Index of the `-----END PGP SIGNATURE-----` that closes the block opened at `start`."""
    for k in range(start + 1, min(body.n, start + 40)):
        if body.depth[k]:
            return None
        if body.stripped[k] == SIGNATURE_END:
            return k
    return None


def label_geek_code(body: Body, labels: list[LineLabel]) -> None:
    """Own lines of a ``-----BEGIN GEEK CODE BLOCK-----`` ... ``END`` block become signature
    (in place): a signature's self-description in a cipher of letters and signs, no prose."""
    if "GEEK CODE BLOCK" not in body.text.upper():
        return
    stripped, depth = body.stripped, body.depth
    for index in range(body.n):
        if depth[index] or labels[index] is not OWN or not _GEEK_START.fullmatch(stripped[index]):
            continue
        for end in range(index + 1, min(body.n, index + _GEEK_LINES + 1)):
            if _GEEK_END.fullmatch(stripped[end]):
                for k in range(index, end + 1):
                    if labels[k] is OWN and not depth[k]:
                        labels[k] = SIGNATURE
                break
