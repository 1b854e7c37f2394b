"""Recognisers of the multi-line structures of a body: attributions, quoted header blocks,
list footers, disclaimers and Pipermail notices.

Each recogniser looks at the body from one line on and answers how many lines the structure
spans there (0 when there is none), so that the segmenter can walk the body once.
"""

from __future__ import annotations

from dataclasses import dataclass

from analyzer.quotes import patterns as p

_ATTRIBUTION_OPENERS = (
    "on ",
    "am ",
    "le ",
    "el ",
    "il ",
    "em ",
    "op ",
    "den ",
    "w dniu",
    "dne ",
    "pe ",
    "в ",
    "在",
    "quoting ",
    "zitat ",
    "citando ",
    "-----",
    "*on ",
    "sent:",
    "date:",
)
_WEAK_VERBS = ("said", "says", "write", "written")


@dataclass(slots=True)
class Body:
    """A body split into lines, with each line's quote depth and its text after the markers."""

    lines: list[str]
    stripped: list[str]
    depth: list[int]
    content: list[str]

    @property
    def n(self) -> int:
        return len(self.lines)


def _markers(stripped: str) -> tuple[int, str]:
    """Quote depth (count of leading `>`, spaces between them allowed) and the text after them."""
    if not stripped or stripped[0] != ">":
        return 0, stripped
    depth = 0
    position = 0
    size = len(stripped)
    while position < size:
        char = stripped[position]
        if char == ">":
            depth += 1
        elif char not in " \t":
            break
        position += 1
    return depth, stripped[position:].strip()


def parse_body(text: str) -> Body:
    """Split a body on "\\n" and read the quote markers of every line."""
    lines = text.split("\n")
    stripped = [line.strip() for line in lines]
    depth = []
    content = []
    for line in stripped:
        level, rest = _markers(line)
        depth.append(level)
        content.append(rest)
    return Body(lines=lines, stripped=stripped, depth=depth, content=content)


# --- attributions --------------------------------------------------------------------------------


def classify_attribution(text: str) -> str | None:
    """'strong' (may introduce an unmarked quote), 'weak' (only before a marked quote) or None."""
    text = text.strip(" -*\t")
    if len(text) > 320:
        return None
    verb = p.ATTRIBUTION_VERB_END.search(text)
    if verb or p.ATTRIBUTION_VERB_NAME.search(text) or p.ATTRIBUTION_QUOTING.match(text):
        has_email = p.EMAIL.search(text) is not None
        words = len(text.split())
        if words > 40:
            return None
        weak_verb = verb is not None and verb.group(0).lower().lstrip(" ,)>]\"'").startswith(
            _WEAK_VERBS
        )
        if has_email or (not weak_verb and p.DATE_OR_TIME.search(text)):
            return "strong"
        return "weak" if words <= 8 else None
    if (
        p.ATTRIBUTION_ADDRESS_END.search(text)
        and p.EMAIL.search(text)
        and p.DATE_OR_TIME.search(text)
    ):
        return "strong"
    return None


def _opens_attribution(text: str) -> bool:
    lowered = text.lower().lstrip("*> ")
    return (
        lowered.startswith(_ATTRIBUTION_OPENERS)
        or lowered[:1].isdigit()
        or p.EMAIL.search(text) is not None
        or p.DATE_OR_TIME.search(text) is not None
    )


def attribution_at(body: Body, start: int) -> tuple[int, str | None]:
    """Lines (1-3) of an attribution that begins at `start`, and its strength."""
    level = body.depth[start]
    pieces: list[str] = []
    for offset in range(3):
        index = start + offset
        if index >= body.n or body.depth[index] != level:
            break
        text = body.content[index]
        if not text:
            break
        pieces.append(text)
        if text.rstrip(" -*\t").endswith((":", "：")):
            if offset and not _opens_attribution(pieces[0]):
                return 0, None
            strength = classify_attribution(" ".join(pieces))
            return (offset + 1, strength) if strength else (0, None)
    return 0, None


# --- header blocks of quoted mails ---------------------------------------------------------------


def header_family(text: str) -> str | None:
    """Which mail header a line starts ('from', 'sent', 'to', 'subject'), if any."""
    head = text[:40]
    if ":" not in head and "：" not in head:
        return None
    match = p.HEADER_LINE.match(text)
    if match is None:
        return None
    return p.HEADER_FAMILY.get(match.group(1).strip().lower().rstrip("."))


def header_block_at(body: Body, start: int, *, after_banner: bool = False) -> int:
    """Lines of a `From:/Sent:/To:/Subject:` block beginning at `start` (0 when there is none).

    A block must name the sender and either a date or a subject, and must not be a SIP or HTTP
    trace (which has From/To lines too).
    """
    first = header_family(body.content[start])
    if first is None or (first != "from" and not after_banner):
        return 0
    level = body.depth[start]
    families = {first}
    last = start
    gap = 0
    index = start + 1
    while index < body.n and index - start < 16:
        text = body.content[index]
        if body.depth[index] != level or not text:
            break
        family = header_family(text)
        if family is not None:
            families.add(family)
            last = index
            gap = 0
        elif p.PROTOCOL_HEADER.match(text):
            return 0
        else:
            gap += 1
            if gap > 2:
                break
        index += 1
    if "sent" not in families and "subject" not in families:
        return 0
    if "from" not in families and not after_banner:
        return 0
    if len(families) < 2:
        return 0
    if start and p.PROTOCOL_HEADER.match(body.content[start - 1]):
        return 0
    return last - start + 1


# --- list software, servers and lawyers ----------------------------------------------------------


def pipermail_notice_at(body: Body, start: int) -> int:
    """Lines of a Pipermail attachment notice (`---- next part ----`, `...was scrubbed...`)."""
    text = body.stripped[start]
    if not (
        (text.startswith("--------------") and p.PIPERMAIL_PART.match(text))
        or p.PIPERMAIL_SCRUBBED.match(text)
    ):
        return 0
    index = start + 1
    while index < body.n:
        line = body.stripped[index]
        if not line:
            break
        if not (
            p.PIPERMAIL_SCRUBBED.match(line)
            or p.PIPERMAIL_ATTACHMENT_FIELD.match(line.lower())
            or p.PIPERMAIL_PART.match(line)
        ):
            break
        index += 1
    return index - start


_FOOTER_HINTS = (
    "list",
    "subscri",
    "receiv",
    "scanne",
    "clean",
    "nabble",
    "group",
    "you are",
    "bug",
    "context",
)


def _looks_like_list_footer(line: str) -> bool:
    lowered = line.lower()
    return any(hint in lowered for hint in _FOOTER_HINTS) and bool(p.LIST_FOOTER_LINE.search(line))


def list_footer_at(body: Body, start: int) -> int:
    """Lines of a block written by list software, a bug tracker or a virus scanner.

    The block runs from `start` to the next blank line; it must hold a footer line and nothing
    but footer lines, separators, bare addresses and bare links.
    """
    found = False
    index = start
    while index < body.n and body.stripped[index] and body.depth[index] == 0:
        line = body.stripped[index]
        if _looks_like_list_footer(line):
            found = True
        elif not p.FOOTER_FILLER.match(line):
            return 0
        index += 1
    return index - start if found else 0


def paragraph_end(body: Body, start: int) -> int:
    """Index just past the run of non-blank depth-0 lines that begins at `start`."""
    index = start
    while index < body.n and body.stripped[index] and body.depth[index] == 0:
        index += 1
    return index


def is_disclaimer(text: str) -> bool:
    """Legal boilerplate: two strong phrases, or one strong and two weak ones."""
    strong = len(p.DISCLAIMER_STRONG.findall(text))
    if strong >= 2:
        return True
    if strong == 1:
        return len(p.DISCLAIMER_WEAK.findall(text)) >= 1 or len(text) < 200
    return False


def disclaimer_at(body: Body, start: int) -> int:
    """Lines of a legal disclaimer paragraph beginning at `start` (0 when it is not one)."""
    end = paragraph_end(body, start)
    if end - start > 25:
        return 0
    text = " ".join(body.stripped[start:end])
    if len(text) < 40 or not p.DISCLAIMER_STRONG.search(text):
        return 0
    return end - start if is_disclaimer(text) else 0
