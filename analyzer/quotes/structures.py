"""Recognisers of the multi-line structures of a body: attributions, quoted header blocks,
list footers, disclaimers and Pipermail notices.

Each recogniser looks at the body from one line on and answers how many lines the structure
spans there (0 when there is none), so that the segmenter can walk the body once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import compress, count, repeat
from operator import itemgetter

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
_ADDRESS_CLOSERS = frozenset(">)]")


@dataclass(slots=True)
class Body:
    """A body split into lines, with each line's quote depth and its text after the markers.

    `colon` tells whether a line's text may end with a colon (it ends with a colon, a dash or a
    star, or a colon has a rule glued after it): only such lines can close an attribution, so
    the costlier tests run on them alone.
    """

    lines: list[str]
    stripped: list[str]
    depth: list[int]
    content: list[str]
    colon: list[bool]
    n: int
    marked: list[int]
    """Indices of the lines that start with `>`."""
    piped: list[int]
    """Indices of the lines that start with `|`."""
    text: str
    """The body itself."""


_MARKER_PREFIX = re.compile(r"[>\s]*")
_MARKER_OR_SPACE = frozenset(("", ">", " ", "\t"))


def markers(stripped: str) -> tuple[int, str]:
    """Quote depth (count of leading `>`, spaces between them allowed) and the text after them."""
    second = stripped[1:2]
    if second != ">" and second != " ":
        return 1, stripped[1:]  # ">text" or ">"
    if second == " " and stripped[2:3] not in _MARKER_OR_SPACE:
        return 1, stripped[2:]  # "> text", the usual
    match = _MARKER_PREFIX.match(stripped)
    end = match.end() if match else 0
    return stripped.count(">", 0, end), stripped[end:]


_COLON_ENDINGS = frozenset(":：-*")
# What may follow the colon of an attribution on its line: spaces, dashes, stars, and the rule
# of a list footer that Yahoo Mail glues to it ("... wrote:   _______________").
_AFTER_COLON = " -*\t_="
_GLUED_RULE_ENDS = frozenset("_=")


def ends_with_colon(text: str) -> bool:
    if not text:
        return False
    last = text[-1]
    if last in ":：":
        return True
    return last in _AFTER_COLON and text.rstrip(_AFTER_COLON).endswith((":", "："))


_LAST_CHARACTER = itemgetter(slice(-1, None))


def _starting_with(lines: list[str], prefix: str) -> list[int]:
    """Indices of the lines that start with `prefix`."""
    return list(compress(count(), map(str.startswith, lines, repeat(prefix))))


# Plain text that a mail client made from HTML and left escaped (QQ Mail, ProtonMail, old Hotmail):
# its quote markers are `&gt;` and its spaces `&nbsp;`. A body that holds tags is HTML itself, and
# an `&nbsp;` standing alone between spaces is one that a writer names (`&copy; &nbsp; &foo;`).
_ESCAPED_MARKER = re.compile(r"(?:^|\n)[ \t]*&gt;")
_GLUED_NBSP = re.compile(r"\S&nbsp;|&nbsp;\S")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_ENTITY = re.compile(r"&(gt|lt|amp|quot|apos|nbsp|#39|#160);")
_ENTITY_TEXT = {"gt": ">", "lt": "<", "amp": "&", "quot": '"', "apos": "'", "#39": "'"}


def unescaped(text: str) -> str:
    """``text`` with the entities of an HTML-to-text conversion undone when it is escaped plain
    text (`&gt;` starts a line, or `&nbsp;` is glued to a word, and no tag is there), so that
    its `&gt;` markers quote as `>` do; any other text as it is. Only these few entities, with
    their semicolon: `&copy` in a link's query is not one."""
    if "&" not in text or not (_ESCAPED_MARKER.search(text) or _GLUED_NBSP.search(text)):
        return text
    if _HTML_TAG.search(text):
        return text
    return _ENTITY.sub(lambda m: _ENTITY_TEXT.get(m.group(1), " "), text)


MIN_FLATTENED_LINE = 2000
# Outlook's and Samsung's banner, glued to the text around it when a page lost its line breaks.
_GLUED_BANNER = re.compile(r"(?<=[^\s-])(?=-{3,}\s*Original Message\s*-{3,})", re.IGNORECASE)


def unflattened(text: str) -> str:
    """``text`` with a blank line put before an "Original Message" banner that a line of
    thousands of characters holds (a mailing-list page flattened to one line, the reply and
    the message it forwards glued: BigBang's 3GPP LISTSERV copies), so that the reply is the
    sender's and the rest a quote; any other text as it is."""
    if len(text) < MIN_FLATTENED_LINE or "riginal Message" not in text:
        return text
    return "\n".join(
        _GLUED_BANNER.sub("\n\n", line) if len(line) >= MIN_FLATTENED_LINE else line
        for line in text.split("\n")
    )


# marks that set the direction of right-to-left text: LRM, RLM, LRE..RLO, LRI..PDI
_BIDI_CHARACTERS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI_MARKS = re.compile(f"[{_BIDI_CHARACTERS}]")
_WITHOUT_BIDI_MARKS = str.maketrans("", "", _BIDI_CHARACTERS)


def parse_body(text: str) -> Body:
    """Split a body on "\\n" and read the quote markers of every line (of its escaped text's
    lines, undone: see `unescaped`; a flattened page's banner on a line of its own: see
    `unflattened`)."""
    # (map and compress run these per-line loops in C)
    text = unflattened(unescaped(text))
    lines = text.split("\n")
    if _BIDI_MARKS.search(text) is None:
        stripped = list(map(str.strip, lines))
    else:  # (a right-to-left client's marks around names and addresses: read without them)
        stripped = [line.translate(_WITHOUT_BIDI_MARKS).strip() for line in lines]
    depth = [0] * len(lines)
    content = list(stripped)
    marked = _starting_with(stripped, ">") if ">" in text else []
    for index in marked:
        line = stripped[index]
        if line[1:2] == " " and line[2:3] not in _MARKER_OR_SPACE:
            depth[index] = 1  # "> text", the usual (as `markers` reads it, without the call)
            content[index] = line[2:]
        else:
            depth[index], content[index] = markers(line)
    # a superset (the last character only): the exact test runs where a match is possible
    colon = list(map(_COLON_ENDINGS.__contains__, map(_LAST_CHARACTER, content)))
    if "_" in text or "=" in text:
        # a colon under a glued rule: tested exactly, as rule lines are frequent (list footers)
        ruled = map(_GLUED_RULE_ENDS.__contains__, map(_LAST_CHARACTER, content))
        for index in compress(count(), ruled):
            colon[index] = ends_with_colon(content[index])
    piped = _starting_with(stripped, "|") if "|" in text else []
    return Body(lines, stripped, depth, content, colon, len(lines), marked, piped, text)


# --- attributions --------------------------------------------------------------------------------


_DATED_OPENINGS = ("on ", "in a message of ", "in message ")
DATED_WEAK_WORDS = 20


def classify_attribution(text: str) -> str | None:
    """'strong' (may introduce an unmarked quote), 'weak' (only before a marked quote) or None."""
    text = text.strip(_AFTER_COLON)
    if len(text) > 320:
        return None
    lowered = text.lower()
    tail = lowered[-160:]
    named = p.may_name_writing(tail)
    verb = p.ATTRIBUTION_VERB_END.search(tail) if named else None
    if (
        verb
        or (named and p.ATTRIBUTION_VERB_NAME.search(tail))
        or p.ATTRIBUTION_QUOTING.match(lowered)
    ):
        has_email = p.has_email(text)
        words = len(text.split())
        if words > 40:
            return None
        weak_verb = verb is not None and verb.group(0).lstrip(" ,)>]\"'").startswith(_WEAK_VERBS)
        if has_email or (not weak_verb and p.has_date_or_time(lowered)):
            return "strong"
        if words <= 8:
            return "weak"
        # "On <date>, Ann writes:", MH's "In a message of <date>, Ann writes:": dated, so
        # longer than a bare "Ann writes:", and still only taken before a marked quote
        dated = lowered.startswith(_DATED_OPENINGS) and p.has_date_or_time(lowered)
        return "weak" if dated and words <= DATED_WEAK_WORDS else None
    if (
        not _ADDRESS_CLOSERS.isdisjoint(tail[-10:])
        and p.ATTRIBUTION_ADDRESS_END.search(tail)
        and p.has_email(text)
        and p.has_date_or_time(lowered)
    ):
        return "strong"
    return None


def _opens_attribution(text: str) -> bool:
    lowered = text.lower().lstrip("*> ")
    return (
        lowered.startswith(_ATTRIBUTION_OPENERS)
        or lowered[:1].isdigit()
        or p.has_email(text)
        or p.has_date_or_time(lowered)
    )


def attribution_at(body: Body, start: int) -> tuple[int, str | None]:
    """Lines (1-3) of an attribution that begins at `start`, and its strength."""
    level = body.depth[start]
    colon = body.colon
    depth = body.depth
    if not (
        colon[start]
        or (start + 1 < body.n and colon[start + 1])
        or (start + 2 < body.n and colon[start + 2] and depth[start + 2] == level)
    ):
        return 0, None
    pieces: list[str] = []
    for offset in range(3):
        index = start + offset
        if index >= body.n:
            break
        if body.depth[index] != level and not (
            # Gmail wraps "...<bob at example.org>" / "> wrote:" with a marker on the tail
            offset and colon[index] and len(body.content[index].split()) <= 2
        ):
            break
        text = body.content[index]
        if not text:
            break
        pieces.append(text)
        if colon[index] and ends_with_colon(text):
            if offset and not _opens_attribution(pieces[0]):
                return 0, None
            strength = classify_attribution(" ".join(pieces))
            return (offset + 1, strength) if strength else (0, None)
    return 0, None


# --- header blocks of quoted mails ---------------------------------------------------------------


def header_family(text: str) -> str | None:
    """Which mail header a line starts ('from', 'sent', 'to', 'subject'), if any; 'garbled'
    for a field name that charset damage turned into question marks (`???: Ann <a@b.org>`,
    `????: 2016?2?26? 0:27`: a Chinese Outlook's 发件人, 发送时间)."""
    head = text[:40]
    if ":" not in head and "：" not in head:
        return None
    if text[0] == "?":
        return "garbled" if p.GARBLED_HEADER_LINE.match(text) else None
    match = p.HEADER_LINE.match(text)
    if match is None:
        return None
    return p.HEADER_FAMILY.get(match.group(1).strip().lower().rstrip("."))


def _marked_below(body: Body, index: int) -> bool:
    """Whether the next non-blank line from ``index`` on is marked as a quote."""
    while index < body.n and not body.stripped[index]:
        index += 1
    return index < body.n and body.depth[index] > 0


MAX_HEADER_BLOCK_LINES = 16
# The names of a date field that RFC 822 headers use (in code, in a pasted message), not a mail
# client's quote of one: "Date: Fri, 6 Feb 2004 10:14:39 -0800" opens a tutorial's message.
_RAW_DATE_FIELDS = frozenset({"date", "datum", "data", "tarih", "дата", "日期"})


def _sent_by_client(body: Body, start: int) -> bool:
    """A block may open with the date above the sender when a mail client wrote it ("Gesendet:",
    "Sent:"; GMX puts it first), not with a raw "Date:" header."""
    match = p.HEADER_LINE.match(body.content[start])
    return match is not None and match.group(1).strip().lower() not in _RAW_DATE_FIELDS


def _double_spaced_field(body: Body, index: int, level: int) -> bool:
    """Whether the blank line at ``index`` only separates two fields of a header block (the
    next line is a field of the same depth, and so is the line above)."""
    below = index + 1
    return (
        below < body.n
        and body.depth[below] == level
        and bool(body.content[below])
        and header_family(body.content[below]) is not None
        and header_family(body.content[index - 1]) is not None
    )


def _from_below(body: Body, start: int) -> bool:
    """A "To:" line right above the sender's "From:" (a forwarded notice's headers in the
    order its client kept them: "To: Moshe" / "From: Debian Installer" / "Subject: ...")."""
    below = start + 1
    return (
        below < body.n
        and body.depth[below] == body.depth[start]
        and header_family(body.content[below]) == "from"
    )


def header_block_at(body: Body, start: int, *, after_banner: bool = False) -> int:
    """Lines of a `From:/Sent:/To:/Subject:` block beginning at `start` (0 when there is none).

    A block must name the sender and either a date or a subject, and must not be a SIP or HTTP
    trace (which has From/To lines too). Its fields may be double-spaced (an HTML block).
    """
    first = header_family(body.content[start])
    if first == "garbled":
        return _garbled_header_block_at(body, start)
    if first is None or (
        not after_banner
        and first != "from"
        and not (first == "sent" and _sent_by_client(body, start))
        and not (first == "to" and _from_below(body, start))
    ):
        return 0
    level = body.depth[start]
    families = {first}
    last = start
    gap = 0
    index = start + 1
    previous: str | None = first
    spaced = False
    client_date = False  # a date field a mail client names ("Sent:", "Gesendet:"), not "Date:"
    while index < body.n and index - start < MAX_HEADER_BLOCK_LINES:
        text = body.content[index]
        if body.depth[index] != level:
            break
        if not text:
            if _double_spaced_field(body, index, level):
                spaced = True
                index += 1  # an HTML header block made text: a blank line under every field
                continue
            break
        family = header_family(text)
        if family is not None:
            families.add(family)
            last = index
            gap = 0
            client_date = client_date or (family == "sent" and _sent_by_client(body, index))
        elif p.PROTOCOL_HEADER.match(text.lower()):
            return 0
        elif (
            previous == "subject"
            and (index + 1 == body.n or not body.stripped[index + 1])
            and not text.endswith(":")  # an attribution ("On ..., Ann wrote:") right under it
            and _marked_below(body, index + 1)
        ):
            # the subject's value, wrapped without indentation (Outlook Express), above the
            # marked quote it introduces: taken for the quote's first line, it made the whole
            # rest an unmarked quote, the sender's answers between the marked lines included
            last = index
        else:
            gap += 1
            if gap > 2:
                break
        previous = family
        index += 1
    if "sent" not in families and "subject" not in families:
        return 0
    if spaced and not (client_date or (first == "sent" and _sent_by_client(body, start))):
        return 0  # double-spaced text with raw "Date:"/"From:" lines: a message in code
    if "from" not in families and not after_banner:
        return 0
    if len(families) < 2:
        return 0
    if start and p.PROTOCOL_HEADER.match(body.content[start - 1].lower()):
        return 0
    return last - start + 1


def _garbled_header_block_at(body: Body, start: int) -> int:
    """A header block whose field names all came out as question marks: the first names the
    quoted sender (an address), and at least three fields follow one another, one of them a
    date. Nothing else writes `???: ` at the start of three lines in a row."""
    if not p.has_email(body.content[start]):
        return 0
    level = body.depth[start]
    index = start
    dated = False
    while index < body.n and index - start < 8:
        text = body.content[index]
        if body.depth[index] != level or not text or header_family(text) is None:
            break
        dated = dated or any(character.isdigit() for character in text.partition(":")[2])
        index += 1
    return index - start if index - start >= 3 and dated else 0


# --- list software, servers and lawyers ----------------------------------------------------------


def pipermail_notice_at(body: Body, start: int) -> int:
    """Lines of a Pipermail attachment notice (`---- next part ----`, `...was scrubbed...`)."""
    text = body.stripped[start]
    first = text[:1]
    if (
        not first
        or first not in "-AaSs"
        or not (
            (text.startswith("--------------") and p.PIPERMAIL_PART.match(text))
            or p.PIPERMAIL_SCRUBBED.match(text.lower())
        )
    ):
        return 0
    index = start + 1
    in_fields = False
    while index < body.n:
        line = body.stripped[index]
        if not line:
            break
        if in_fields and body.lines[index][:1] in (" ", "\t"):  # a field's value, wrapped
            index += 1
            continue
        in_fields = p.PIPERMAIL_ATTACHMENT_FIELD.match(line.lower()) is not None
        if not (
            in_fields or p.PIPERMAIL_SCRUBBED.match(line.lower()) or p.PIPERMAIL_PART.match(line)
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
    "yahoo",
    "msn",
    "windows live",
    "avast",
    "virus-free",
    "<#",
    "mailstat.us",
    "mailtrack",
    "sidekickopen",
)


def _looks_like_list_footer(line: str) -> bool:
    lowered = line.lower()
    for hint in _FOOTER_HINTS:
        if hint in lowered:
            if p.LIST_FOOTER_LINE.search(lowered) is None:
                return False
            return not _sentence_around_a_link(lowered)
    return False


PROSE_WORDS = 15
"""Words besides its links that make a line a sentence of the sender's, not a footer's line."""
_LINK = re.compile(r"<?\w+://\S+")


def _sentence_around_a_link(lowered: str) -> bool:
    """A long sentence whose only footer's mark is the list's link ("... you might not be
    subscribed to the mailing list - you can subscribe at http://.../listinfo/x"): the
    sender's advice, where a footer's lines are short."""
    if "://" not in lowered or len(lowered.split()) <= PROSE_WORDS:
        return False
    prose = _LINK.sub(" ", lowered)
    return len(prose.split()) > PROSE_WORDS and p.LIST_FOOTER_LINE.search(prose) is None


_RULE_CHARACTERS = frozenset("-_=*~#")
_LINK_STARTS = ("http", "<http")


def may_open_list_footer(line: str) -> bool:
    """Whether `list_footer_at` may find a footer that begins with `line`: it must be a footer
    line (which holds a hint) or a filler (rules start with two of `_RULE_CHARACTERS`, links
    with `http` or `<http`, addresses hold `@` or ` at `)."""
    if (
        _RULE_CHARACTERS.issuperset(line[:2])
        or line.startswith(_LINK_STARTS)
        or "@" in line
        or " at " in line
    ):
        return True
    lowered = line.lower()
    for hint in _FOOTER_HINTS:  # plain substring tests: faster here than one regex
        if hint in lowered:
            break
    else:
        return False
    return True


MAX_ADVERT_LINES = 4


def list_footer_at(body: Body, start: int) -> int:
    """Lines of a block written by list software, a bug tracker or a virus scanner.

    The block runs from `start` to the next blank line; it must hold a footer line and nothing
    but footer lines, separators, bare addresses and bare links (or, after a free-mail
    advert's opening line, the few lines of the advert).
    """
    found = False
    advert = False
    index = start
    while index < body.n and body.stripped[index] and body.depth[index] == 0:
        line = body.stripped[index]
        if index > start and line.startswith("--------------") and p.PIPERMAIL_PART.match(line):
            break  # a new MIME part begins: the footer ends here
        if _looks_like_list_footer(line):
            found = True
            advert = advert or p.MAIL_ADVERT.search(line.lower()) is not None
        elif not (p.FOOTER_FILLER.match(line) or (advert and index - start < MAX_ADVERT_LINES)):
            return 0
        index += 1
    return index - start if found else 0


def paragraph_end(body: Body, start: int) -> int:
    """Index just past the run of non-blank depth-0 lines that begins at `start`."""
    index = start
    while index < body.n and body.stripped[index] and body.depth[index] == 0:
        index += 1
    return index


_DISCLAIMER_HINTS = (
    "recipient",
    "addressee",
    "intended",
    "error",
    "mistake",
    "erreur",
    "engano",
    "irrtüm",
    "notify",
    "privileged",
    "proprietary",
    "confidenti",
    "confidenc",
    "riservat",
    "vertraulich",
    "liab",
    "registered",
    "contained in",
    "accept",
    "risk",
    "export admin",
)


def is_disclaimer(lowered: str) -> bool:
    """Legal boilerplate (lower-cased text): two strong phrases, or one and a weak one; or, in
    a long text, a vendor's terms and a weak phrase."""
    strong = len(p.DISCLAIMER_STRONG.findall(lowered))
    if strong >= 2:
        return True
    if strong == 1:
        return len(p.DISCLAIMER_WEAK.findall(lowered)) >= 1 or len(lowered) < 200
    return (
        len(lowered) >= 200
        and ("assume" in lowered or "administration" in lowered)  # (cheaper than the search)
        and p.DISCLAIMER_TERMS.search(lowered) is not None
        and p.DISCLAIMER_WEAK.search(lowered) is not None
    )


def disclaimer_at(body: Body, start: int) -> int:
    """Lines of a legal disclaimer paragraph beginning at `start` (0 when it is not one)."""
    end = paragraph_end(body, start)
    if end - start > 25:
        return 0
    text = " ".join(body.stripped[start:end])
    if len(text) < 40:
        return 0
    return disclaimer_lines(text.lower(), end - start)


def disclaimer_lines(lowered: str, n_lines: int) -> int:
    """`n_lines` when a paragraph of that many lines (joined by spaces, lower-cased, at least
    40 characters before) is a disclaimer, else 0."""
    if n_lines > 25:
        return 0
    return n_lines if may_be_disclaimer(lowered) and is_disclaimer(lowered) else 0


def may_be_disclaimer(lowered: str) -> bool:
    """Whether `is_disclaimer` may hold for lower-cased text: it holds one of the hints (plain
    substring tests, cheaper than the regex searches)."""
    for hint in _DISCLAIMER_HINTS:
        if hint in lowered:
            break
    else:
        return False
    return True
