"""A contact block that closes the own text and that only the sender's name tells apart.

`label_contact_block` finds a name directly followed by a contact line; HTML mail and
hand-made templates keep many blocks from it: the name a blank line above its title
("Peter Skrzynski" / "" / "Technical Lead" / ... / "T: 043816257, M: ..., F: ..."), the items
double-spaced ("Jiang Hongjiang" / "" / "Nokia" / "" / "+86 ..."), the name garbled or marked
("Xiao Peng(??)", "// Jonathan Vanasco", "? ??" for a Chinese name), the fields under short
labels ("c. 646.729.6436", "e. jonathan at 2xlp.com", "w. http://..."), a closing sentence under
the block ("Please consider the environment before printing this email").

Here the block begins at the sender's own name (the header's name: strong evidence) or under
a sign-off, and every line under it to the end of the own text is a contact line (a phone, an
address, a link, a street or postcode, the name again) or a short heading (a title, a firm);
two of them at least are contact lines, one a phone or an e-mail address. A sentence, a
question or code among them keeps the whole tail the sender's, and so do numbers or links
under a name that is not the sender's (a restaurant's address, a meeting's dial-in).
"""

from __future__ import annotations

import re

from analyzer.quotes import patterns as p
from analyzer.quotes.labelling import BLANK, FOOTER, OWN, SIGNATURE, last_unquoted_own_line
from analyzer.quotes.model import LineLabel
from analyzer.quotes.signatures import is_name_line, is_sign_off, reads_as_prose
from analyzer.quotes.structures import Body

MAX_BLOCK_LINES = 16  # the lines under the opening name, blank lines aside
MIN_CONTACT_LINES = 2
HINT_LINES = 4  # a block's bottom lines, one of which holds a number, an address or a link
MAX_HEADING_WORDS = 8
MAX_MOTTO_WORDS = 12
MAX_ADDRESS_WORDS = 14
MAX_LINKED_WORDS = 12
MIN_FIELD_DIGITS = 7
MAX_GARBLED_CHARS = 12
MAX_SIGN_OFF_CHARS = 40

# what an HTML signature's logo leaves in the text part: "[cid:image001.png at 01D...]",
# "[http://mediabank.example.net/Email_logo.png]<http://www.example.com/>"
_LOGO_LINK = r"https?://\S+\.(?:png|gif|jpe?g)\]"
_IMAGE = re.compile(rf"^\[(?:cid:|image:|{_LOGO_LINK})", re.IGNORECASE)
_REMOTE_LOGO = re.compile(rf"^\[{_LOGO_LINK}", re.IGNORECASE)
# a corporate template's closing lines: "Follow us on: Facebook<https://...> LinkedIn<...>",
# a motto whose words link to the firm's pages
_FOLLOW_US = re.compile(r"\b(?:follow|connect with|find) us\b", re.IGNORECASE)
_LINKED_PHRASE = re.compile(r"\w<https?://")
TEMPLATE_CLOSING_LINES = 2
# the closing line of a template: "Please consider the environment before printing this email"
_PRINTING = re.compile(
    r"\b(?:environment|trees?|paper)\b.{0,40}\bprint|\bprint(?:ing)?\b.{0,30}\b(?:e-?mail|message)\b",
    re.IGNORECASE,
)
# one or more numbers under short labels: "c. 646.729.6436  |  415.501.9815",
# "T: 043816257, M: 0274849530, F: +6443811110", "V:717-560-4002", "Tie Line:  363-7244"
_FIELD_NUMBER = re.compile(r"^(?:[a-z][a-z ]{0,12}[.:]\s*)?\+?\(?\d[\d\s().-]{5,}\d")
_FOOTNOTE = re.compile(r"^\[?\d{1,2}[\].)]")
_NOT_IN_BLOCKS = frozenset("={}<>$;\\`")
_SIGN_OFF_MARKS = "-–—~/ *"
_NAME_WORD = re.compile(r"[^\W\d_]{2,}")
_TRAILING_NOTE = re.compile(r"\s*\([^()]*\)\s*$")  # "Xiao Peng(??)", "(preferred)"
_REACH_HINT = re.compile(r"\d{3}|@| at |http|www\.")
_GARBLED = re.compile(r"^[? ]+$")
# a patch's trailer ("Reviewed-by: Justin Lee <...>") or a header's field: the text's own
_TRAILER = re.compile(r"^(?:[\w-]+-by|cc|to|from):", re.IGNORECASE)
_RULE_FIRST = frozenset("-_=*~#+")


def label_sender_contact_block(
    body: Body, labels: list[LineLabel], sender_words: frozenset[str]
) -> None:
    """Relabel as signature the contact block under the sender's name or sign-off that closes
    the own text (see the module's docstring); the sign-off itself stays the sender's."""
    if not sender_words:
        return
    stripped = body.stripped
    last = last_unquoted_own_line(labels, body.depth)
    if last is None:
        return
    lines: list[int] = []  # the non-blank own lines of the last run, bottom first
    index = last
    hinted = False
    while index >= 0 and len(lines) <= MAX_BLOCK_LINES + 2:
        if labels[index] is OWN:
            lines.append(index)
            if len(lines) == HINT_LINES:
                if not _REACH_HINT.search(" ".join([stripped[k] for k in lines])):
                    return  # (no number, address or link at the bottom: most messages)
                hinted = True
        elif labels[index] is not BLANK and labels[index] is not FOOTER:
            break  # (a notice may split a template: Netxcell's above its firm's motto)
        index -= 1
    if not hinted and not _REACH_HINT.search(" ".join([stripped[k] for k in lines])):
        return
    # (an HTML signature's logos, and the sentence closing its template, go with it)
    bottom = 0
    while bottom < len(lines) and (
        _IMAGE.match(stripped[lines[bottom]])
        or (bottom <= TEMPLATE_CLOSING_LINES and _closes_a_template(stripped[lines[bottom]]))
    ):
        bottom += 1
    contacts = reaches = names = 0
    for position in range(bottom, len(lines)):
        index = lines[position]
        text = stripped[index]
        # (the sender's name counts from its second line on: the block's first may be it)
        if contacts + max(names - 1, 0) >= MIN_CONTACT_LINES and reaches:
            first = _block_start(body, lines, position, sender_words)
            if first is not None:
                first = _with_logo_above(body, labels, first)
                for k in range(first, last + 1):
                    if labels[k] is OWN:
                        labels[k] = SIGNATURE
                return
        if position >= MAX_BLOCK_LINES:
            return
        kind = _block_line(text, sender_words)
        if kind is None:
            return
        if kind == "name":
            names += 1
        elif kind != "heading":
            contacts += 1
            reaches += kind == "reach"


def _with_logo_above(body: Body, labels: list[LineLabel], first: int) -> int:
    """The block's first line, or the firm's logo an HTML template sets above the name
    ("[http://.../Email_logo.png]<http://www.example.com/>"), a blank line between; not an
    image attached inline ("[cid:image002.png ...]": a screenshot the text shows)."""
    index = first - 1
    while index >= 0 and labels[index] is BLANK:
        index -= 1
    if index >= 0 and labels[index] is OWN and _REMOTE_LOGO.match(body.stripped[index]):
        return index
    return first


def _closes_a_template(text: str) -> bool:
    """The environment's plea, the firm's "Follow us on" its networks, or a motto linked
    phrase by phrase: what a corporate template puts under the contact block."""
    return (
        _PRINTING.search(text) is not None
        or (_FOLLOW_US.search(text) is not None and "http" in text)
        or len(_LINKED_PHRASE.findall(text)) >= 2
    )


def _block_start(
    body: Body, lines: list[int], position: int, sender_words: frozenset[str]
) -> int | None:
    """Where the block opens when the line at ``lines[position]`` opens it: at the line, the
    sender's name ("Peter Skrzynski", "// Jonathan Vanasco", "Brian Kirsch - Engineer") or
    their garbled name ("? ??"); below it, a sign-off ("Regards, Huang", "Thxs, Werner",
    "Best Regards,"), which stays the sender's. None for any other line."""
    index = lines[position]
    text = body.stripped[index]
    if len(text) < MAX_SIGN_OFF_CHARS and (
        is_sign_off(text) or _signed_with_name(text, sender_words)
    ):
        return lines[position - 1]
    if _is_senders_name(text, sender_words) or _is_garbled_name(text, sender_words):
        return index
    return None


def _is_senders_name(text: str, sender_words: frozenset[str]) -> bool:
    """A name line holding a word of the sender's name, its marks, a note in brackets (a name
    garbled into "(??)") or a title after a dash put aside."""
    name = _TRAILING_NOTE.sub("", text.strip(_SIGN_OFF_MARKS)).rstrip("?")
    name = name.partition(" - ")[0].strip()
    return bool(name) and is_name_line(name) and _holds_name(name, sender_words)


def _signed_with_name(text: str, sender_words: frozenset[str]) -> bool:
    """One word, a comma and the sender's name: "Thxs, Werner", a sign-off that no list of
    valedictions holds."""
    head, comma, rest = text.partition(",")
    return (
        bool(comma)
        and len(head.split()) == 1
        and not _holds_name(head, sender_words)
        and _is_senders_name(rest, sender_words)
    )


def _is_garbled_name(text: str, sender_words: frozenset[str]) -> bool:
    """A name in a script the archive lost ("? ??" for "黄 轶明"): question marks alone, when
    the sender's name holds a word outside ASCII."""
    return (
        len(text) <= MAX_GARBLED_CHARS
        and text.count("?") >= 2
        and _GARBLED.match(text) is not None
        and any(not word.isascii() for word in sender_words)
    )


def _holds_name(text: str, sender_words: frozenset[str]) -> bool:
    return not sender_words.isdisjoint(_NAME_WORD.findall(text.lower()))


def _block_line(text: str, sender_words: frozenset[str]) -> str | None:
    """What a line under the name is: "reach" (a phone, an e-mail address), "contact" (a
    link, a street or postcode), "name" (the sender's), "heading" (a title, a firm, a
    handle: a few words and no sentence), or None (a sentence, a question, code)."""
    if text.endswith("?") and not text.endswith(" ?"):
        text = text[:-1]  # (a non-breaking space the archive turned into "?")
    if not text or reads_as_prose(text) or _FOOTNOTE.match(text) or _TRAILER.match(text):
        return None
    if text[0] in _RULE_FIRST and p.SEPARATOR_RULE.match(text):
        return None  # (a rule sets off what follows: a meeting's dial-in, a notice)
    lowered = text.lower()
    if text[-1] in "?:;" or not _NOT_IN_BLOCKS.isdisjoint(_strip_links(text)):
        return None
    if p.has_email(lowered) or _is_phone(text, lowered):
        return "reach"
    words = len(text.split())
    if p.URL.search(lowered):
        return "contact" if words <= MAX_LINKED_WORDS else None
    if words <= MAX_ADDRESS_WORDS and _is_address(text):
        return "contact"  # (a building's number may read as a date: "Building 12A/2015")
    if p.has_date_or_time(lowered):
        return None
    if _is_senders_name(text, sender_words):
        return "name"
    if words <= MAX_HEADING_WORDS:
        return "heading"
    # a firm's motto, every word capitalised ("Custom Software Solutions Designed To Fit ...")
    return "heading" if words <= MAX_MOTTO_WORDS and _is_capitalised(text) else None


def _is_phone(text: str, lowered: str) -> bool:
    if p.has_phone(lowered):
        return True
    field = _FIELD_NUMBER.match(lowered)
    return field is not None and sum(c.isdigit() for c in field.group()) >= MIN_FIELD_DIGITS


_TIME = re.compile(r"\d:\d\d")
_LINK = re.compile(r"<[^<>]*>")


def _strip_links(text: str) -> str:
    """The line without its `<mailto:...>` and `<http://...>` targets (an Outlook text part)."""
    return _LINK.sub("", text) if "<" in text else text


def _is_address(text: str) -> bool:
    """A street, a building or a postcode and city: words in capitals or digits, one of them
    holding a digit ("NEC House, Level 6, 40 Taranaki Street, PO Box 1936", "8405 Winterthur",
    "Building 12A/2015", "Hitechcity, Madhapur, Hyderabad-500081")."""
    words = [word.strip(",.()") for word in text.split()]
    words = [word for word in words if word]
    if not words or _TIME.search(text) or not any(any(c.isdigit() for c in word) for word in words):
        return False
    return all(word[0].isupper() or word[0].isdigit() for word in words)


def _is_capitalised(text: str) -> bool:
    return all(word[0].isupper() for word in text.split())
