"""What a message quotes and what it says itself, as far as threading needs to know.

A reply that lost its headers still names its parent by quoting it. These two functions cut a
body into the parent's text it quotes and the author's own text, for the common quoting styles:
"> " marks (nested for older messages), Emacs supercite's "glyph> " (the prefixes the quotes
stage reads as quotes) and Outlook's unmarked copy under a separator or a "From: … Sent: …"
header block. The quotes stage does this in full; threading needs only a guess.
"""

from __future__ import annotations

import re

from analyzer.quotes import patterns as p
from analyzer.quotes.markers import (
    may_supercite,
    supercite_marks,
    supercite_prefix,
    supercite_prefixes,
)
from analyzer.quotes.structures import header_family, parse_body

MIN_LINE = 12
"""Shorter lines ("Hi all,", "Thanks!") say nothing about who is quoted."""
MAX_OWN = 20_000
"""Characters of own text kept: enough to find a quote in, bounded cost."""

_SEPARATOR = re.compile(r"^\s*(?:-{2,}\s*original message\s*-{2,}|_{20,})\s*$", re.IGNORECASE)
# Outlook's header above the message it copies: "From: Ann [mailto:…]" then "Sent: …" (or Date).
# HTML mail turned into text bolds the names: "*From:* Ann", "*Sent:* Monday".
_HEADER_FROM = re.compile(r"^\s*\*?(?:from|von|de|van|da)\s*:\s*\*?\s*\S", re.IGNORECASE)
_HEADER_NEXT = re.compile(
    r"^\s*\*?(?:sent|date|gesendet|datum|envoyé|enviado|inviato)\s*:", re.IGNORECASE
)
# "On Oct 6, 2017, at 9:47 AM, Adam <…> wrote:" (Apple Mail and others copy unmarked below it).
_ATTRIBUTION = re.compile(
    r"(?:\bwrote|\bschrieb|\ba écrit|\bescribió|\bha scritto|\bskrev)\s*:\s*$", re.IGNORECASE
)
_MARKS = re.compile(r"^\s*((?:>\s?)*)")
MAX_CHARS = 6_000
"""Characters of a body that `own_words` reads: its start tells a copy, at a bounded cost."""
MAX_WORDS = 400
HEADER_LINES = 5  # a quoted header block: "From:" and, within these lines, another field
_WORD = re.compile(r"[^\W_]+")
_LINK = re.compile(r"\w+://\S+")  # an attachment's or a tracker's link differs in each copy
_SIGNATURE = re.compile(r"^--\s*$")
_OTHER_FIELDS = frozenset({"sent", "to", "subject", "garbled"})
_RULE_CHARACTERS = frozenset("-_=\u2010\u2011\u2012\u2013\u2014\u2015\u2212")


def _levels(body: str) -> list[tuple[int, str]]:
    """Each line with its quote depth (number of ">" marks, or a supercite prefix as the quotes
    stage reads them: `glyph> text`) and its text without the marks."""
    lines = []
    prefixes = supercite_prefixes(parse_body(body)) if may_supercite(body) else {}
    for line in body.splitlines():
        if ">" not in line[:40]:  # most lines: no marks to look for
            lines.append((0, line))
            continue
        prefix = supercite_prefix(line.strip()) if prefixes else None
        if prefix is not None and prefix in prefixes:
            lines.append(supercite_marks(line.strip(), prefix))
            continue
        marks = _MARKS.match(line)
        prefix = marks.group(1) if marks else ""
        lines.append((prefix.count(">"), line[marks.end() if marks else 0 :]))
    return lines


def _next_line(lines: list[tuple[int, str]], index: int) -> tuple[int, str] | None:
    """The next line with content within three, an elision mark passed over: "wrote:" then
    "[...]" then "> text" opens an ordinary quote, not an unmarked copy."""
    for depth, text in lines[index + 1 : index + 4]:
        stripped = text.strip()
        if stripped and not (depth == 0 and p.ELISION_LINE.match(stripped)):
            return depth, text
    return None


def _separates(lines: list[tuple[int, str]], index: int, rules: bool = True) -> bool:
    """Whether the line starts an unmarked copy of another message.

    That is a separator line (a rule of underscores only with ``rules``), a From:/Sent: header
    block, or an attribution ("… wrote:") followed by unmarked text (an attribution followed by
    "> " lines starts an ordinary quote).
    """
    depth, text = lines[index]
    stripped = text.strip()
    if not stripped:
        return False
    first = stripped[0].lower()
    if first in _RULE_CHARACTERS:
        if not rules and first == "_":
            return False
        # (Outlook's banner in the client's language: "----- Message d'origine -----")
        return bool(_SEPARATOR.match(text) or p.ORIGINAL_MESSAGE.match(stripped.lower()))
    # Cheap tests first: only "From:"-like lines and lines ending in ":" can start a copy.
    if first not in "*fvd" and stripped[-1] not in ":：":
        return False
    following = _next_line(lines, index)
    if following is None or following[0] != depth:
        return False
    if _HEADER_FROM.match(text):
        # "Sent:" follows, after the lines a long "From:" value was wrapped onto.
        for next_depth, next_text in lines[index + 1 : index + 5]:
            if next_depth != depth or not next_text.strip():
                return False
            if _HEADER_NEXT.match(next_text):
                return True
        return False
    return len(text) < 300 and _ATTRIBUTION.search(text) is not None


LETTER_WORD = re.compile(r"[^\W\d_]+")
"""A word of letters only (no digits): what prose, a quoted line's telling word, is made of."""
_PROSE_WORDS = 6
_PROSE_LETTERS = 0.8


def is_prose(line: str) -> bool:
    """Whether a quoted line (normalised) is a sentence: code, logs, diffs, attributions,
    addresses and the archive's attachment notices recur in many messages."""
    if p.PIPERMAIL_SCRUBBED.match(line) or p.PIPERMAIL_ATTACHMENT_FIELD.match(line):
        return False
    words = LETTER_WORD.findall(line)
    letters = sum(len(word) for word in words)
    return len(words) >= _PROSE_WORDS and letters >= _PROSE_LETTERS * len(line.replace(" ", ""))


def _normal(text: str) -> str:
    return " ".join(text.split()).lower()


def quoted_lines(body: str, limit: int = 10_000) -> list[str]:
    """Lines the message quotes from the message it answers, normalised, in order, each once.

    That is, lines quoted once ("> text"; "> > text" comes from further up) and lines copied
    under an Outlook separator (unmarked, or marked once when the copy's first line is), up to
    where the copy itself holds a separator: what follows is the grandparent's text, which a
    top-posting parent carried along. The header block that opens a copy or a quote ("From: …
    Sent: …", "> From: … > Date: …") is skipped, not taken for that separator. When the lines
    quoted once hold no sentence, only "Ann wrote on …:", the lines quoted twice follow them:
    the quoted message passed Ann's words on and said nothing itself. At most ``limit`` lines
    are returned.

    A rule of underscores starts no copy here: it opens list footers and underlines headings
    (a weekly "Bug summary" over its report, whose lines then seemed quoted) as often as it
    opens Outlook's copy, and that one's header block follows it anyway.
    """
    lines = _levels(body)
    found: list[str] = []
    deeper: list[str] = []  # the marked lines one level further up
    below_separator = False
    copy_depth: int | None = 1  # the depth of the lines that copy the parent
    taken_from = 0  # where in `found` the current quote or copy starts
    for index, (depth, text) in enumerate(lines):
        if depth == 0 and not below_separator:
            if _separates(lines, index, rules=False):
                below_separator, copy_depth, taken_from = True, None, len(found)
            continue
        if copy_depth is None:  # the first line of the copy tells its depth
            if not text.strip():
                continue
            copy_depth = min(depth, 1)
        if depth == copy_depth + 1 and copy_depth and len(deeper) < limit:
            deeper.append(_normal(text))
        if depth != copy_depth:
            continue
        opening = len(found) == taken_from
        if _separates(lines, index, rules=False):
            if not opening:
                break
            continue  # the header block that opens the copy or the quote
        if opening and header_family(text) is not None:  # the rest of that header block
            continue
        normal = _normal(text)
        if len(normal) >= MIN_LINE:
            found.append(normal)
            if len(found) >= limit:
                break
    if found and deeper and not any(map(is_prose, found)):
        # The quoted message said nothing of its own but passed on "Ann wrote:" and Ann's
        # words (a resend from another client quotes the first copy): those are what it
        # shows. (Without even an attribution, the reply may have cut the parent's words.)
        found += [line for line in deeper if len(line) >= MIN_LINE][: max(0, limit - len(found))]
    return list(dict.fromkeys(found))


def own_text(body: str) -> str:
    """What the message's author wrote, as one normalised line.

    Quotes and whatever follows a separator are left out (a rule of underscores is none: it
    underlines the headings of a weekly report that replies quote); joining the lines lets a
    quote that the replier's client re-wrapped still be found.
    """
    lines = _levels(body)
    own = []
    length = 0
    for index, (depth, text) in enumerate(lines):
        if depth:
            continue
        if _separates(lines, index, rules=False) or length > MAX_OWN:
            break
        own.append(text)
        length += len(text) + 1
    return _normal(" ".join(own))[:MAX_OWN]


def _opens_header_block(lines: list[tuple[int, str]], index: int) -> bool:
    """Whether the line is the "From:" of a quoted header block in any language ("De : Ann",
    then "Envoyé :" or "Objet :"; charset damage may have garbled some field names)."""
    if header_family(lines[index][1].strip()) != "from":
        return False
    following = (text.strip() for _, text in lines[index + 1 : index + HEADER_LINES])
    return any(header_family(text) in _OTHER_FIELDS for text in following if text)


def _ends_own_text(lines: list[tuple[int, str]], index: int, stripped: str) -> bool:
    """Whether an unmarked line ends the sender's own text: a signature's "-- ", the archive's
    attachment notice or list footer, a banner over an original or forwarded message, an
    attribution or a header block over a copy (plain tests first: most lines are prose)."""
    if stripped[0] in _RULE_CHARACTERS:
        lowered = stripped.lower()
        return bool(
            _SIGNATURE.match(lowered)
            or p.PIPERMAIL_PART.match(lowered)
            or p.UNDERSCORE_RULE.match(lowered)
            or p.ORIGINAL_MESSAGE.match(lowered)
            or p.FORWARD_BANNER.match(lowered)
        )
    if ":" not in stripped and "：" not in stripped:
        return False
    return _separates(lines, index, rules=False) or _opens_header_block(lines, index)


_BANNER_START = _RULE_CHARACTERS - {"_"}  # (a rule of underscores opens no copy here)
_FIELD_START = frozenset("*sdgeiSDGEI")  # (of the fields that follow "From:" in a header block)


def may_quote(body: str) -> bool:
    """Whether `quoted_lines` may find anything in the body: a line marked ">" (or "glyph>"), or
    one that may open an unmarked copy (a banner, a header block's second field, an
    attribution), each told by its first or last character before any pattern is tried. Most
    bodies that merely show a ">" (an address, an arrow, a prompt) are so ruled out at a
    fraction of the cost."""
    for line in body.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        first = stripped[0]
        if first == ">" or (first.isalpha() and supercite_prefix(stripped) is not None):
            return True
        if first in _BANNER_START:
            if _SEPARATOR.match(stripped) or p.ORIGINAL_MESSAGE.match(stripped.lower()):
                return True
        elif first in _FIELD_START and _HEADER_NEXT.match(stripped):
            return True
        if stripped[-1] in ":：" and _ATTRIBUTION.search(stripped):
            return True
    return False


def speaks(body: str) -> bool:
    """Whether the sender wrote a sentence of their own (`is_prose`) outside what they quote,
    above any forwarded copy or signature: one who only passes on a quoted digest or message
    under its attribution ("On Fri, … <list-request@…> wrote:") answers nobody. (The whole
    body: a reply may follow a long quote.)"""
    lines = _levels(body)
    for index, (depth, text) in enumerate(lines):
        stripped = text.strip()
        if depth or not stripped:
            continue
        if _ends_own_text(lines, index, stripped):
            return False
        if is_prose(_normal(stripped)):
            return True
    return False


def says_nothing(body: str) -> bool:
    """Whether a body holds nothing but the archive's notices of the parts it scrubbed ("An HTML
    attachment was scrubbed...", "A non-text attachment …" and their fields): the sender's
    text, if any, is not in the archive."""
    notice = False
    for line in body.splitlines():
        lowered = line.strip().lower()
        if not lowered or p.PIPERMAIL_PART.match(lowered):
            continue
        if p.PIPERMAIL_SCRUBBED.match(lowered):
            notice = True
        elif not (notice and p.PIPERMAIL_ATTACHMENT_FIELD.match(lowered)):
            return False
    return notice


def own_words(body: str) -> list[str]:
    """The words the sender wrote above any quote, forwarded copy, signature or attachment
    notice, in lower case, links left out."""
    lines = _levels(body[:MAX_CHARS])
    own: list[str] = []
    for index, (depth, text) in enumerate(lines):
        stripped = text.strip()
        if depth or not stripped:
            continue
        if _ends_own_text(lines, index, stripped):
            break
        own.append(stripped)
    return _WORD.findall(_LINK.sub(" ", " ".join(own).lower()))[:MAX_WORDS]
