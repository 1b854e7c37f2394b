"""Signature blocks that have no `-- ` delimiter: a name that opens a block of contact lines.

A plain sign-off ("Regards, Martin") stays the sender's text; a name followed by a title, an
organisation, a phone number or an address is a signature, and so is a short block under a rule
line (`-----`, `=====`) at the end of the sender's text. A sentence is never part of such a
block: "Sure, look at twisted.web.vhost module." or "No, this affects BMC update as well." above a
link are a reply, not a name and its contact lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from analyzer.quotes import patterns as p
from analyzer.quotes.model import LineLabel
from analyzer.quotes.structures import Body, disclaimer_lines

MAX_SIGNATURE_LINES = 14
CONTACT_LINES = 3  # under a sign-off and a name, what makes a signature whatever follows it
MAX_SIGNATURE_WORDS = 10
_NAME_PARTICLES = frozenset(
    {
        "van",
        "von",
        "de",
        "der",
        "den",
        "da",
        "del",
        "di",
        "du",
        "la",
        "le",
        "dos",
        "das",
        "y",
        "bin",
    }
)
_NAME_CHARS = frozenset(".'’-?")
# An amateur radio call sign: a prefix of one or two characters, a digit, then one to four
# letters ("KV4FV", "GD4FMB", "W1AW", "2E0ABC").
_CALL_SIGN = re.compile(r"^(?:[A-Z]{1,2}|[A-Z]\d|\d[A-Z])\d[A-Z]{1,4}$")
_RULE_FIRST = frozenset("-_=*~#+")
# Words that make a sentence and that names, titles, organisations and addresses do without:
# personal pronouns, auxiliary verbs, a few conjunctions and pointers. ("will" and "may" are
# left out: they are first names too; words in capitals are acronyms, "IT" or "US", not these.)
_PROSE = (
    "i i'm i've i'd i'll me my you you're your we we're us our he him his she her it it's its"
    " they them their is isn't are aren't was wasn't were be been am do don't does doesn't did"
    " didn't have has had can can't could would should shall might must this that these those"
    " there there's here if but because since just not please"
)
_PROSE_WORDS = frozenset(_PROSE.split())
_WORD_EDGES = "\"'’`*_()[]{}<>,.;:!?-"


def reads_as_prose(text: str) -> bool:
    """Whether a line reads as a sentence, which a name, a title, an organisation or an address
    never is: it holds a pronoun, an auxiliary verb or the like, or it ends like a sentence
    (a lower-case word and a full stop: "for details.", not "Inc." or "Antoine.")."""
    words = text.replace("’", "'").split()
    if not words:
        return False
    for word in words:
        word = word.strip(_WORD_EDGES)
        if len(word) > 1 and word.isupper():
            continue  # an acronym
        if word.lower() in _PROSE_WORDS:
            return True
    last = words[-1]
    if last[-1] not in ".!":
        return False
    last = last.rstrip(".!")
    return len(last) >= 3 and last.isalpha() and last.islower()


_NAME_LABEL = re.compile(r"^(?:full\s+)?name\s*:\s+", re.IGNORECASE)


def is_name_line(text: str) -> bool:
    """A bare personal name, possibly with `, title` after it or `(...)` and emphasis, or under
    a label ("name:       David Creswick", a contact block laid out as fields)."""
    text = _NAME_LABEL.sub("", text.strip("*_ "), count=1)
    lowered = text.lower()
    if p.GREETING.match(lowered) or p.VALEDICTION.match(lowered):
        return False
    if text.endswith(",") and " " not in text:
        return False  # one word and a comma opens a sentence: "Also,", "However,", "HTH,"
    head, _, rest = text.partition(",")
    if rest and (len(rest.split()) > 8 or reads_as_prose(rest)):
        return False
    if "(" in head:
        head = head[: head.index("(")]
    words = head.split()
    if len(words) >= 3 and _CALL_SIGN.match(words[-1]):
        words.pop()  # a radio amateur's call sign after a full name: "Barry Duggan KV4FV"
    if not 1 <= len(words) <= 4:
        return False
    for word in words:
        word = word.strip("*_")
        if not word or word.lower() in _NAME_PARTICLES:
            continue
        if not word[0].isupper():
            return False
        if not all(char.isalpha() or char in _NAME_CHARS for char in word) or ".." in word:
            return False  # (an ellipsis ends words of a sentence: "Enlarge... Enhance...")
    return not rest or len(words) > 1 or _names_a_title_or_place(rest)


_CELL_BREAK = re.compile(r"\s+\|\s*|\t+|\s{3,}")
_FRAME_EDGES = "/\\*:| \t"


def first_cell(text: str) -> str:
    """The first cell of a line laid out in columns (`Jon Saenz.<tabs>| Tfno: ...`) or boxed
    (`/  Christos Siopis | Tel : ...  \\`), frame characters stripped; the line itself when it
    has no columns."""
    inner = text.strip(_FRAME_EDGES)
    cells = _CELL_BREAK.split(inner, maxsplit=1)
    return cells[0] if len(cells) > 1 else text


def _names_a_title_or_place(text: str) -> bool:
    """What may follow "Word," in a name line: a title or organisation ("Co-Director,
    Rensselaer Center"), or words that all start in capitals or digits (the rest of a name, a
    place: "Rochester, MN 55901"). Anything else after one word and a comma starts a sentence
    ("Sure, look at twisted.web.vhost module.", "FWIW, http://...")."""
    if p.TITLE_OR_ORGANISATION.search(text.lower()):
        return True
    words = [word.strip(_WORD_EDGES) for word in text.split()]
    return all(word[:1].isupper() or word[:1].isdigit() for word in words if word)


# A number alone on its line, of a phone's length (under a name: "Surender Singh" / "8826292018",
# "Rodrigo M." / "37 - 9 9132-4539"): nine to fifteen digits, grouped by spaces, dashes or
# parentheses only (a date has eight, an address or a version dots).
_BARE_PHONE = re.compile(r"^\+?\(?\d[\d ()-]{7,22}\d$")
MIN_PHONE_DIGITS = 9
MAX_PHONE_DIGITS = 15


def _bare_phone(text: str) -> bool:
    return bool(_BARE_PHONE.match(text)) and (
        MIN_PHONE_DIGITS <= sum(c.isdigit() for c in text) <= MAX_PHONE_DIGITS
    )


def contact_signal(text: str) -> bool:
    """A line that says how to reach someone or what they are (phone, mail, title, firm...).

    Not a sentence that holds an address or a link ("Or at least have a list at tm.com for
    that."): a reply points to things, a contact line only names them.
    """
    if reads_as_prose(text):
        return False
    if _reaches_a_person(text):
        return True
    lowered = text.lower()
    if p.KEY_FINGERPRINT.search(lowered):
        return True
    words = len(text.split())
    if words <= 8 and p.TITLE_OR_ORGANISATION.search(lowered):
        return True
    if text.count("|") >= 2 and words <= 12:
        return True
    urls = len(p.URL.findall(lowered))
    return (urls > 0 and words <= 4) or urls >= 2


def _closing_own_lines(labels: list[LineLabel], stripped: list[str]) -> list[int]:
    """Indices of the last own lines (top first), up to MAX_SIGNATURE_LINES + 1 of them, in
    the last run of own (and blank) lines: all that the search for a contact block reads."""
    own = LineLabel.OWN
    blank = LineLabel.BLANK
    index = len(labels) - 1
    while index >= 0 and labels[index] is not own:
        index -= 1
    lines: list[int] = []
    while index >= 0 and len(lines) <= MAX_SIGNATURE_LINES:
        label = labels[index]
        if label is own:
            if not _IMAGE_PLACEHOLDER.match(stripped[index]):
                lines.append(index)  # (the images of a block do not count among its lines)
        elif label is not blank:
            break
        index -= 1
    lines.reverse()
    return lines


# A shell trace, a prompt or a diff's line: "+ SYNC=...", "$ make", "[workspace] $ sh -xe",
# "--- INSTALL (revision 11042)", "@@ -1,6 +1,7 @@".
_TRACE_OR_DIFF_LINE = re.compile(r"^(?:\+{1,3} \S|\$ \S|@@ |-{3} \S|\[[\w.-]+\] \$ )")
# What an HTML signature's logos and social-network icons leave in the text part:
# "[image: cid:image003.jpg at 01CF...]", "<http://www.facebook.com/x>[image:", "cid:...".
_IMAGE_PLACEHOLDER = re.compile(r"^(?:\[image:|<https?://\S+>\s*\[image:|cid:)", re.IGNORECASE)


def label_contact_block(body: Body, labels: list[LineLabel]) -> None:
    """Relabel as signature the contact block that closes the sender's last own text."""
    lines = _closing_own_lines(labels, body.stripped)
    if not lines:
        return
    last = lines[-1]
    while last + 1 < body.n and labels[last + 1] in (LineLabel.OWN, LineLabel.BLANK):
        last += 1  # the images below the block's last line are the block's
    signals: dict[int, bool] = {}

    def signal(index: int) -> bool:
        known = signals.get(index)
        if known is None:
            known = signals[index] = contact_signal(body.stripped[index])
        return known

    start: int | None = None
    named: int | None = None  # the highest name line that opens a block, if any
    prose_below = False
    for position in range(len(lines) - 1, max(-1, len(lines) - 1 - MAX_SIGNATURE_LINES), -1):
        index = lines[position]
        text = body.stripped[index]
        if text.endswith(("?", ":")):
            break
        if len(text) < 40 and is_sign_off(text):
            # the sender's sign-off: a contact block it opens is a signature, but what stands
            # above it is the text signed off ("Bomb, Assassin, President." / "Ciao, Jürgen")
            if is_name_line(text) and _opens_contact_block(body, lines, position, signal):
                start = position
            break
        if (
            len(text.split()) > MAX_SIGNATURE_WORDS
            and not signal(index)
            and not p.SEPARATOR_RULE.match(text)  # ("* * * * * * * * * * * *")
        ):
            break
        if not prose_below and reads_as_prose(text):
            prose_below = True
        if text == "---":
            # a rule that short opens many signatures ("---" / "Ed Suominen" / "Registered
            # Patent Agent" / ...), but also footnotes and plain sign-offs: a name, then
            # contact lines, must follow it
            below = lines[position + 1 :]
            if (
                len(below) >= 2
                and is_name_line(body.stripped[below[0]])
                and any(signal(k) for k in below[1:])
            ) or _contact_lines_alone(body, below, signal):
                start = position
            break
        if text[0] in _RULE_FIRST and p.SEPARATOR_RULE.match(text):
            above = body.stripped[index - 1] if index > 0 else ""
            below = lines[position + 1 :]
            if not below:
                opening = _opening_frame(body, lines, position, signal)
                if opening is not None:
                    start = opening
                    break
            if (
                above.count("|") < 2
                and below
                and (is_name_line(body.stripped[below[0]]) or any(signal(k) for k in below))
                # (a build log or a diff under a rule is no signature: "+ SYNC=..."; nor the
                # list's footer that a reply typed below an unmarked quote is glued to)
                and not any(_TRACE_OR_DIFF_LINE.match(body.stripped[k]) for k in below)
                and not _reply_below_list_footer(body, below)
            ):
                start = position
                # the full name the rule is drawn under ("Derick Montague" / "* * * *" /
                # "Mobile: ..."); a first name alone there signs off the text ("Jason" / "___" /
                # "Jason Asbahr" / ...)
                if (
                    position > 0
                    and lines[position - 1] == index - 1
                    and len(above.split()) >= 2
                    and is_name_line(above)
                    and any(_reaches_a_person(body.stripped[k]) for k in below)
                ):
                    start = position - 1
            break
        if (
            is_name_line(text)
            and not (prose_below and _is_one_word(text))
            and _opens_contact_block(body, lines, position, signal)
        ) or (index > lines[0] and _opens_column_block(text, index, signal)):
            start = named = position
    if start is None:
        start = _signed_contact_block(body, lines, signal)
    if start is None:
        return
    # (a block under a rule or a sign-off begins there; one that begins at a name may not)
    first = _paragraph_top(body, labels, lines[start]) if start == named else lines[start]
    if (
        first > 0
        and labels[first - 1] is LineLabel.OWN
        and _SHORT_RULE.match(body.stripped[first - 1])
    ):
        first -= 1  # the short rule the block hangs under ("- - -" / "Anatoliy Ioffe")
    for index in range(first, last + 1):
        if labels[index] is LineLabel.OWN:
            labels[index] = LineLabel.SIGNATURE


def _reply_below_list_footer(body: Body, lines: list[int]) -> bool:
    """Whether a line that reads as prose follows a list footer's line among `lines`: a reply
    typed under an unmarked quote, which the list's footer closed (no signature of the
    sender's)."""
    footer = False
    for index in lines:
        text = body.stripped[index]
        if p.LIST_FOOTER_LINE.search(text.lower()):
            footer = True
        elif footer and reads_as_prose(text):
            return True
    return False


# A rule too short for `p.SEPARATOR_RULE` ("- - -", "***"), glued above a signature.
_SHORT_RULE = re.compile(r"^(?:[-_=*~] ?){3}$")
MAX_LINES_ABOVE_NAME = 8
MAX_HEADING_WORDS = 6
# Small words that a department, an organisation or an address holds in lower case.
_LOWER_IN_NAMES = frozenset(
    {"of", "and", "for", "the", "at", "in", "et", "und", "y", "e", "des"} | _NAME_PARTICLES
)
_NOT_IN_HEADINGS = frozenset("=_{}<>$\\/#;")
_LINK_STARTS = ("http://", "https://", "<http", "www.")


def _paragraph_top(body: Body, labels: list[LineLabel], index: int) -> int:
    """Where the paragraph of a contact block's first line begins, when the lines above it
    in that paragraph are its other headings ("RedMatter Ltd" above "Jim Page"; a name,
    department, title and street above "Italy" and a phone): the search from the bottom
    begins a block at a name directly followed by a contact signal, which a department or a
    street does not give. One of the lines above must give a signal itself (a title, a
    firm); `index` itself when a line above reads as prose or the paragraph has no own text
    above it (a sign-off directly above is the sender's, and ends the block too)."""
    stripped = body.stripped
    top = index
    while (
        top > 0
        and index - top < MAX_LINES_ABOVE_NAME
        and stripped[top - 1]
        and labels[top - 1] is LineLabel.OWN
        and _is_heading(stripped[top - 1])
    ):
        top -= 1
    if top == index or not any(contact_signal(stripped[k]) for k in range(top, index)):
        return index  # ("Sounds Good" above a name is the reply: a title or a firm is not)
    above = top - 1
    if above >= 0 and stripped[above] and labels[above] is LineLabel.OWN:
        if not (len(stripped[above]) < 40 and is_sign_off(stripped[above])):
            return index  # stopped at a sentence or a word of the text: not the block's top
    elif not any(label is LineLabel.OWN for label in labels[:top]):
        return index  # nothing of the sender's would be left
    return top


def _is_heading(text: str) -> bool:
    """A line of a contact block: an organisation, a department, a title, a street or a
    postcode and city ("Telecommunication & Media", "Via Tiburtina, 1232", "00131 Roma"),
    whose words start in capitals or digits; or a phone, an address, a bare link. No
    sentence, sign-off, greeting or code ("FWIW, http://..." is a reply)."""
    words = text.split()
    if not words or len(words) > MAX_HEADING_WORDS:
        return False
    lowered = text.lower()
    if reads_as_prose(text) or p.VALEDICTION.match(lowered) or p.GREETING.match(lowered):
        return False
    if p.has_phone(lowered) or p.has_email(lowered) or text.startswith(_LINK_STARTS):
        return True
    if text[-1] in ".!?:;," or not _NOT_IN_HEADINGS.isdisjoint(text):
        return False
    return (
        capitalised_words(words, lambda word: not word[0].islower() or word in _LOWER_IN_NAMES) > 0
    )


def capitalised_words(words: list[str], allowed: Callable[[str], bool]) -> int:
    """How many words start in capitals, or -1 when another word is not ``allowed`` (a
    heading's or a title's small words, digits, joiners)."""
    capitals = 0
    for word in words:
        if word[0].isupper():
            capitals += 1
        elif not allowed(word):
            return -1
    return capitals


def _signed_contact_block(
    body: Body, lines: list[int], signal: Callable[[int], bool]
) -> int | None:
    """Where a name under a sign-off opens a contact block of CONTACT_LINES lines at least
    ("Kind Regards," / "Frank Escaros-Buechsel" / title / address / phones): a signature,
    whatever its template appends below it (an absence notice, a logo), which the search
    from the bottom stops at."""
    for position in range(1, len(lines) - CONTACT_LINES):
        text = body.stripped[lines[position]]
        above = body.stripped[lines[position - 1]]
        if (
            len(above) < 40
            and is_sign_off(above)
            and is_name_line(text)
            and _opens_contact_block(body, lines, position, signal)
            and sum(map(signal, lines[position + 1 : position + 1 + 6])) >= CONTACT_LINES
        ):
            return position
    return None


MAX_LINES_UNDER_SHORT_RULE = 3


def _contact_lines_alone(body: Body, below: list[int], signal: Callable[[int], bool]) -> bool:
    """One to three contact lines, and nothing else, under a "---" that closes the text (the
    name signed above it: "Axel" / "---" / "PGP-Key:29E99DD6 ... +49 151 ..."; a bot's
    two-column footer); footnotes under such a rule are the text's ("[1] https://...")."""
    return (
        0 < len(below) <= MAX_LINES_UNDER_SHORT_RULE
        and all(signal(k) for k in below)
        and not any(_FOOTNOTE.match(body.stripped[k]) for k in below)
    )


def _is_one_word(text: str) -> bool:
    """A name line of one word (before any comma or parenthesis): "See", "Heapy", "Kite"."""
    head = text.partition(",")[0].partition("(")[0]
    return len(head.split()) == 1


def is_sign_off(text: str) -> bool:
    """A valediction, alone ("Regards,") or with the sender's name ("Ciao, Jürgen")."""
    lowered = text.lower()
    if p.VALEDICTION.match(lowered):
        return True
    head, comma, rest = text.partition(",")
    return (
        bool(comma)
        and p.VALEDICTION.match(head.lower()) is not None
        and is_name_line(rest.strip().lstrip("-–~ "))
    )


def _opens_contact_block(
    body: Body, lines: list[int], position: int, signal: Callable[[int], bool]
) -> bool:
    """A name line directly followed by a contact line (or with only an HTML signature's
    images between them), or carrying its title after a comma."""
    index = lines[position]
    text = body.stripped[index]
    if "," in text and contact_signal(text.partition(",")[2]):
        return True
    if position + 1 >= len(lines):
        return False
    following = lines[position + 1]
    between = [body.stripped[k] for k in range(index + 1, following)]
    if between == [""]:
        # a paragraph of contact lines below a blank line ("Mario Ruggier" / "" / "email ..." /
        # "home +33 ..." / "mobile +41 ..."): a name alone above a link or one number is not
        return _contact_paragraph(body, lines, position + 1, signal)
    # directly below, or below the logos and icons of an HTML signature only
    if between and not (
        any(between) and all(not line or _IMAGE_PLACEHOLDER.match(line) for line in between)
    ):
        return False
    return signal(following)


MIN_CONTACT_PARAGRAPH = 2
# A footnote's line ("[1] http://...", "3. http://..."): the links a message cites, its own.
_FOOTNOTE = re.compile(r"^\[?\d{1,2}[\].)]")


def _reaches_a_person(text: str) -> bool:
    """A phone number, an e-mail address or a messenger handle: how to reach someone."""
    lowered = text.lower()
    return (
        p.has_phone(lowered)
        or p.has_email(lowered)
        or _bare_phone(text)
        or p.MESSENGER.match(lowered) is not None
    )


def _contact_paragraph(
    body: Body, lines: list[int], position: int, signal: Callable[[int], bool]
) -> bool:
    """Whether the paragraph that starts at ``lines[position]`` is contact lines alone, two at
    least, one a phone, an address or a messenger: links alone may be the message's footnotes
    ("Jason" / "" / "[1] http://..."), which are the sender's."""
    end = position
    while end + 1 < len(lines) and lines[end + 1] == lines[end] + 1:
        end += 1
    paragraph = lines[position : end + 1]
    return (
        len(paragraph) >= MIN_CONTACT_PARAGRAPH
        and all(map(signal, paragraph))
        and not any(_FOOTNOTE.match(body.stripped[k]) for k in paragraph)
        and any(_reaches_a_person(body.stripped[k]) for k in paragraph)
    )


def _opens_column_block(text: str, index: int, signal: Callable[[int], bool]) -> bool:
    """A full name in the first column of a line whose other column says how to reach them."""
    cell = first_cell(text)
    return cell is not text and len(cell.split()) >= 2 and is_name_line(cell) and signal(index)


def _opening_frame(
    body: Body, lines: list[int], position: int, signal: Callable[[int], bool]
) -> int | None:
    """Where a boxed block opens, when the rule at `position` closes it: the rule of the same
    character above it, with a name and a contact line between them (`****` / `* John
    Barnard, Ph.D.` / ... / `* Phone ...` / `****`); not a listing or code set off by rules."""
    closing = body.stripped[lines[position]]
    for above in range(position - 1, -1, -1):
        text = body.stripped[lines[above]]
        if text[:1] == closing[0] and p.SEPARATOR_RULE.match(text):
            inside = lines[above + 1 : position]
            named = any(
                is_name_line(first_cell(body.stripped[k].strip(_FRAME_EDGES))) for k in inside
            )
            prose = any(reads_as_prose(body.stripped[k]) for k in inside)
            return above if named and not prose and any(signal(k) for k in inside) else None
    return None


MAX_SIGN_OFF_ABOVE_NOTICE = 3
_NOTICE_WORDS = ("notice", "disclaimer", "confidential", "warning", "legal", "important", ":")


def sign_off_above_disclaimer(body: Body, start: int, span: int) -> int:
    """How many lines at the top of a disclaimer paragraph are the sender's sign-off and name
    ("BR" / "Parwinder" glued above "DISCLAIMER: This message is proprietary to ..."): the
    notice begins at its own first line, and the lines above it are the sender's. 0 when the
    paragraph opens with the notice (a heading such as "CONFIDENTIALITY NOTICE" included)."""
    stripped = body.stripped
    lead = 0
    while lead < min(span - 1, MAX_SIGN_OFF_ABOVE_NOTICE):
        text = stripped[start + lead]
        lowered = text.lower()
        if (
            len(text) >= 40
            or any(word in lowered for word in _NOTICE_WORDS)
            or not (is_sign_off(text) or is_name_line(text.lstrip("-–~/ ")))  # "-Vijay" too
        ):
            break
        lead += 1
    if not lead:
        return 0
    rest = " ".join(stripped[start + lead : start + span]).lower()
    return lead if disclaimer_lines(rest, span - lead) else 0


_LINK_OR_SPACE = re.compile(r"<[^<>]*>|https?://\S+|\s+")
MAX_TEMPLATE_NAME_CHARS = 30


def label_client_tags(body: Body, labels: list[LineLabel]) -> None:
    """Relabel as signature NetEase Mail Master's tag ("签名由 网易邮箱大师 定制", whole or
    over three lines) and the template above it: the address ("邮箱：a@b.cn"), the link to
    its card, and the one name line above the address. The sender's typed sign-off above
    stays own, and so does a line where the sender wrote before the template."""
    if p.NETEASE_TAG not in body.text:
        return  # (a plain test on the whole body: no other body pays for the rest)
    stripped = body.stripped
    for index in range(body.n):
        if p.NETEASE_TAG not in stripped[index] or labels[index] is not LineLabel.OWN:
            continue
        span = _netease_tag_span(body, index)
        if span is None:
            continue
        first, last = span
        for k in range(first, last + 1):
            labels[k] = LineLabel.SIGNATURE
        _netease_template_above(body, labels, first)


MAX_TAGLINE_WORDS = 8


def label_mobile_taglines(body: Body, labels: list[LineLabel]) -> None:
    """A short line or two between a phone's tag ("Sent via iPhone") and the quote below it
    are the tag's tagline ("Is your e-mail Premiere?"), the signature the phone appends."""
    if "ent " not in body.text:
        return
    signature = LineLabel.SIGNATURE
    for index in range(body.n):
        if labels[index] is not signature or not p.MOBILE_SIGNATURE.match(
            body.stripped[index].lower()
        ):
            continue
        first = index + 1
        while first < body.n and labels[first] is LineLabel.BLANK:
            first += 1
        last = first
        while last < body.n and labels[last] is LineLabel.OWN:
            last += 1
        below = last
        while below < body.n and labels[below] is LineLabel.BLANK:
            below += 1
        words = sum(len(body.stripped[k].split()) for k in range(first, last))
        if (
            0 < last - first <= 2
            and words <= MAX_TAGLINE_WORDS
            and below < body.n
            and labels[below] in (LineLabel.ATTRIBUTION, LineLabel.QUOTE)
        ):
            labels[first:last] = [signature] * (last - first)


# A logo's letters spelled apart ("@ t w i s t e d m a t r i x  . c o m").
_SPACED_LETTERS = re.compile(r"(?:\b\w ){4,}\w\b")
MIN_LOGO_INDENT = 4
MIN_DRAWN_LINES = 2


def _is_drawn(text: str) -> bool:
    """A stroke of an ASCII-art logo: six visible characters or more, under a third of them
    letters or digits (`|_____| |_____  |    |`)."""
    visible = text.replace(" ", "")
    return len(visible) >= 6 and 3 * sum(c.isalnum() for c in visible) < len(visible)


def label_drawn_signature(body: Body, labels: list[LineLabel]) -> None:
    """An ASCII-art logo closing the own text, with the sender's link or address drawn into it
    (Glyph's `|_____| |_____` above `@ t w i s t e d m a t r i x . c o m` and his home page), is
    a signature: no `-- ` opens it, no name line. It closes the own text, above the quote the
    sender answers or below it. Its lines are set off to the right; a diagram closing a message
    holds no link, and a paragraph at the margin is no part of it."""
    last = len(labels) - 1
    while last >= 0 and labels[last] is not LineLabel.OWN:
        last -= 1  # (the quote it signs above, an attachment, the list's footer)
    drawn = linked = 0
    first = last + 1
    while first > 0 and labels[first - 1] is LineLabel.OWN:
        line, text = body.lines[first - 1], body.stripped[first - 1]
        if len(line) - len(line.lstrip()) < MIN_LOGO_INDENT:
            break
        if _is_drawn(text):
            drawn += 1
        elif _SPACED_LETTERS.search(text) or p.URL.search(text) or p.has_email(text.lower()):
            linked += 1
        else:
            break
        first -= 1
    if drawn >= MIN_DRAWN_LINES and linked:
        labels[first : last + 1] = [LineLabel.SIGNATURE] * (last + 1 - first)


def _compact(text: str) -> str:
    return _LINK_OR_SPACE.sub("", text)


def _netease_tag_span(body: Body, index: int) -> tuple[int, int] | None:
    """The lines (first, last) of the tag whose middle word is on line `index`."""
    stripped = body.stripped
    tag = _compact(stripped[index])
    first = last = index
    if tag.startswith(p.NETEASE_TAG) and index > 0 and _compact(stripped[index - 1]) == "签名由":
        first, tag = index - 1, "签名由" + tag
    if tag.endswith(p.NETEASE_TAG) and index + 1 < body.n:
        following = _compact(stripped[index + 1])
        if following == "定制":
            last, tag = index + 1, tag + following
    if tag == p.NETEASE_TAG_WHOLE:
        return first, last
    if tag.endswith(p.NETEASE_TAG_WHOLE) and p.NETEASE_TEMPLATE_LINE.match(stripped[first]):
        return first, last  # the whole template on one line
    return None


def _netease_template_above(body: Body, labels: list[LineLabel], first: int) -> None:
    """The template's lines above its tag, over blank lines: the card's link, the address
    and the name above the address (a short line that is no sentence and no sign-off)."""
    stripped = body.stripped
    index = first - 1
    addressed = False
    while index >= 0:
        text = stripped[index]
        if text:
            if labels[index] is not LineLabel.OWN:
                return
            if text.startswith("<http") and "163.com" in text:
                pass  # the card's link
            elif not addressed and p.NETEASE_ADDRESS_LINE.match(text):
                addressed = True
            elif (
                addressed
                and len(text) <= MAX_TEMPLATE_NAME_CHARS
                and len(text.split()) <= 3
                and not reads_as_prose(text)
                and not is_sign_off(text)
                and text[-1] not in ".!?:;,！？。："
            ):
                labels[index] = LineLabel.SIGNATURE
                return
            else:
                return
            labels[index] = LineLabel.SIGNATURE
        index -= 1
