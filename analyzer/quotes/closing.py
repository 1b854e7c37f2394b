"""Lines left own at the very end of a message, between the sender's text and what closes it.

The walk finds a legal notice by its paragraph and a signature by its contact block, but not the
short lines that introduce them: a notice's heading standing apart from it ("::DISCLAIMER::"
above a rule and HCL's notice), the rules around it, and a `--` delimiter whose trailing space
the mail client or Pipermail stripped (so the walk took it for a rule), above a signature found
later from its contact block. Such a line holds no word of the sender's: it goes with the block
it introduces. Only the last own lines are taken, bottom up, each right above such a block (what
follows it, such as the quote under a top-posted reply, does not matter).

Also here: the lines under the sender's name that close the own text when they are no words of
the sender's but what a signature holds, and only the sender's name (from the message's header)
tells it: a title or an affiliation ("- Amber Brown" / "Twisted Release Manager", "Ruixin" /
"CAICT", "Jeff Bauer" / "Rubicon Research"), which names no title word the contact block's search
knows; and the sender's address on the line of their name ("Mike Romberg (romberg at
fsl.noaa.gov)"). A name alone stays own, as does a sign-off, a sentence or a closing question.

Also here: a legal notice that a server sent as a text part of its own, which Pipermail prints
after its "next part" notice, double-spaced so that the walk, paragraph by paragraph, found
only some of its lines.
"""

from __future__ import annotations

import re

from analyzer.quotes import patterns as p
from analyzer.quotes.attachments import is_sentence
from analyzer.quotes.labelling import BLANK, FOOTER, OWN, SIGNATURE, last_unquoted_own_line
from analyzer.quotes.model import LineLabel
from analyzer.quotes.signatures import (
    capitalised_words,
    contact_signal,
    is_name_line,
    is_sign_off,
    reads_as_prose,
)
from analyzer.quotes.structures import Body, is_disclaimer, may_be_disclaimer

# a heading of its own line: "::DISCLAIMER::", "*** Legal Notice ***", "CONFIDENTIALITY NOTICE"
_NOTICE_HEADING = re.compile(
    r"^[\W_]*(?:disclaimer|legal\s+(?:notice|disclaimer)|confidentiality(?:\s+(?:notice|note))?"
    r"|important\s+notice)[\W_]*$",
    re.IGNORECASE,
)
_BARE_DELIMITER = "--"
_PIPERMAIL_NOTICE = "-------------- next part"
MAX_NOTICE_PART_LINES = 30
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|i've|i'd|i'll|me|my|mine)\b")


def label_closing_residue(body: Body, labels: list[LineLabel]) -> None:
    """Relabel the own lines at the end that only introduce the footer or signature below
    them: a notice's heading and rules above a legal notice (footer), a bare `--` above the
    signature (signature)."""
    stripped = body.stripped
    index = len(labels) - 1
    while index >= 0:
        if labels[index] is not OWN:
            index -= 1  # (what follows the last own text: a quote below a signature too)
            continue
        if body.depth[index] != 0:
            return
        below = _next_text(labels, index + 1)
        if below is None:
            return  # the last line of all: nothing it introduces
        line = stripped[index]
        if line == _BARE_DELIMITER and labels[below] is SIGNATURE:
            labels[index] = SIGNATURE
        elif labels[below] is FOOTER and _introduces_notice(line, stripped[below]):
            labels[index] = FOOTER
        else:
            return
        index -= 1


MAX_LINES_UNDER_BARE_DELIMITER = 3
_BARE_DELIMITER_LINE = re.compile(r"\n[ \t]*--[ \t]*\n")


def label_bare_delimiter_tail(body: Body, labels: list[LineLabel]) -> None:
    """Relabel as signature a bare `--` that closes the own text with at most three short
    lines under it, none a sentence: the name ("--" / "Rene"), an uptime tagline, git's
    version under a patch ("--" / "2.20.1"), a character the client lost ("--" / "?") above
    the signature found from its contact block, or nothing at all. What the trailing space
    of "-- " was stripped from still delimits a signature."""
    text = body.text
    if not (
        _BARE_DELIMITER_LINE.search(text) or text.startswith("--") or text.rstrip().endswith("--")
    ):
        return  # (a line of "--" alone, found in C: in a quarter of the bodies, most of them "-- ")
    stripped = body.stripped
    own: list[int] = []  # the last own lines with text, top first
    index = len(labels) - 1
    while index >= 0 and len(own) <= MAX_LINES_UNDER_BARE_DELIMITER:
        if labels[index] is OWN and stripped[index]:
            own.insert(0, index)
        index -= 1
    if _BARE_DELIMITER not in [stripped[k] for k in own]:
        return
    for position in range(len(own) - 1, -1, -1):
        index = own[position]
        if stripped[index] != _BARE_DELIMITER:
            continue
        if body.depth[index] != 0:
            return
        below = own[position + 1 :]
        # the lines under it: one block, nothing but blanks and signature between them
        if any(
            labels[k] is not OWN and labels[k] is not BLANK and labels[k] is not SIGNATURE
            for k in range(index + 1, below[-1] + 1 if below else index + 1)
        ):
            return
        if any(is_sentence(stripped[k]) or reads_as_prose(stripped[k]) for k in below):
            return
        for k in (index, *below):
            labels[k] = SIGNATURE
        return


def label_notice_parts(body: Body, labels: list[LineLabel]) -> None:
    """Relabel as footer the own lines of a text part that Pipermail printed after its "next
    part" notice when the whole part is a legal notice that the sender's server sent as a part
    of its own (Dexia's, Amdocs'). Its text may be double-spaced, every line a paragraph of
    its own, so the walk found only the lines that read as a notice alone: the part counts
    when one of its lines is a footer already and all its lines together are a notice, in
    the third person and short."""
    stripped = body.stripped
    notices = [
        index
        for index, label in enumerate(labels)
        if label is FOOTER and stripped[index].startswith(_PIPERMAIL_NOTICE)
    ]
    for number, notice in enumerate(notices):
        end = notices[number + 1] if number + 1 < len(notices) else len(labels)
        part = [k for k in range(notice + 1, end) if labels[k] is not BLANK]
        own = [k for k in part if labels[k] is OWN]
        if not own or len(part) > MAX_NOTICE_PART_LINES or len(own) == len(part):
            continue
        if any(labels[k] is not OWN and labels[k] is not FOOTER for k in part):
            continue
        lowered = " ".join(stripped[k] for k in part).lower()
        if _FIRST_PERSON.search(lowered) or not (
            may_be_disclaimer(lowered) and is_disclaimer(lowered)
        ):
            continue
        for k in own:
            labels[k] = FOOTER


def _introduces_notice(line: str, below: str) -> bool:
    """A notice's heading, or a rule, above a footer that is no Pipermail attachment notice
    (a rule closing pasted code or a table stays the sender's, above an attachment)."""
    if below.startswith(_PIPERMAIL_NOTICE):
        return False
    if _NOTICE_HEADING.match(line):
        return True
    return line[:1] in "-_=*~" and p.SEPARATOR_RULE.match(line) is not None


def _next_text(labels: list[LineLabel], index: int) -> int | None:
    """The first line from `index` down that is not blank."""
    while index < len(labels):
        if labels[index] is not BLANK:
            return index
        index += 1
    return None


MAX_TITLE_LINES = 3
MAX_TITLE_WORDS = 6
MAX_ADDRESSED_NAME_WORDS = 8
_SIGN_OFF_MARKS = "-–—~/ "  # before a sign-off name: "- Amber Brown", "~Ben", "/Simon"
_NOT_IN_TITLES = frozenset('=_{}<>$\\/#;@()[]"')
_LOWER_IN_TITLES = frozenset(
    {"of", "and", "for", "the", "at", "in", "on", "to", "de", "du", "der", "van", "von", "y", "e"}
)
_NAME_WORD = re.compile(r"[^\W\d_]{2,}")
# the sender's address where it stands on their name's line, and what sets it apart there
_ADDRESS = re.compile(r"[(<\[]?\s*(?:mailto:)?[\w.+-]+(?:@| at )[\w-]+(?:\.[\w-]+)+\s*[)>\]]?")


def label_signed_titles(body: Body, labels: list[LineLabel], sender_words: frozenset[str]) -> None:
    """Relabel as signature the sender's name and the title or affiliation lines right under it
    that close the own text, or the name's line when it also holds an address: what only the
    sender's name (`sender_words`, lower case) tells from a sign-off and the text's last words."""
    if not sender_words:
        return
    stripped = body.stripped
    last = last_unquoted_own_line(labels, body.depth)
    if last is None:
        return
    if _addressed_name(stripped[last], sender_words):
        labels[last] = SIGNATURE
        return
    top = last
    while (
        last - top < MAX_TITLE_LINES
        and labels[top] is OWN
        and _is_title(stripped[top])
        and not _holds_name(stripped[top], sender_words)
    ):
        top -= 1
    if top == last or top < 0:
        return
    name = top
    # double-spaced (an HTML mail's text part): "Sean Burling" / "" / "Account Manager"
    if labels[name] is BLANK and all(_names_a_post(stripped[k]) for k in range(top + 1, last + 1)):
        name -= 1
    if name < 0 or labels[name] is not OWN or body.depth[name] != 0:
        return
    text = stripped[name].lstrip(_SIGN_OFF_MARKS).rstrip(",")
    if len(text) < 40 and is_name_line(text) and _holds_name(text, sender_words):
        for index in range(name, last + 1):
            if labels[index] is OWN:
                labels[index] = SIGNATURE


def _holds_name(text: str, sender_words: frozenset[str]) -> bool:
    return not sender_words.isdisjoint(_NAME_WORD.findall(text.lower()))


def _is_title(text: str) -> bool:
    """A title, an organisation or a contact line: a few words in capitals (or digits), no
    sentence, sign-off, greeting, date or code ("Twisted Release Manager", "CAICT", "Co-Chair
    PyCon 2007"); or a line that says how to reach someone ("ecn at metaslash.com"), but no
    postscript, note in brackets or line that introduces more ("Security Working Group:")."""
    words = text.split()
    if not words or len(words) > MAX_TITLE_WORDS or reads_as_prose(text):
        return False
    lowered = text.lower()
    if p.VALEDICTION.match(words[0].lower().rstrip(",.!")) or p.GREETING.match(lowered):
        return False
    if is_sign_off(text) or _dated(lowered) or lowered.startswith(_POSTSCRIPT):
        return False
    if contact_signal(text):
        return not (text[-1] in ":?" or (text[0] in "([" and not p.has_phone(lowered)))
    return _shaped_as_title(text, words)


_POSTSCRIPT = ("p.s", "ps ", "ps:")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _dated(lowered: str) -> bool:
    """A date, as an attribution or a timestamp holds ("2009/8/28 Bob <bob at x.org>", "Aug.
    3, 2006"); a year alone is a title's ("Co-Chair PyCon 2007")."""
    if not p.has_date_or_time(lowered):
        return False
    return p.has_email(lowered) or p.has_date_or_time(_YEAR.sub(" ", lowered))


def _shaped_as_title(text: str, words: list[str]) -> bool:
    """Words that start in capitals or digits (small words of names aside), no sentence stop
    at the end, no code or brackets."""
    if len(text) < 3 or text[-1] in ".!?:;," or not _NOT_IN_TITLES.isdisjoint(text):
        return False
    capitals = capitalised_words(
        words,
        lambda word: word[0].isdigit() or word in _LOWER_IN_TITLES or word in _TITLE_JOINERS,
    )
    return capitals > 0 and any(len(word) > 1 and word[:2].isalpha() for word in words)


_TITLE_JOINERS = frozenset({"&", "-", "–", "|", "+"})


def _names_a_post(text: str) -> bool:
    """A title or an organisation that says so ("Account  Manager", "Acting Release
    Manager"): what may stand a blank line below the name in a double-spaced text."""
    words = text.split()
    return (
        _is_title(text)
        and _shaped_as_title(text, words)
        and p.TITLE_OR_ORGANISATION.search(text.lower()) is not None
    )


def _addressed_name(text: str, sender_words: frozenset[str]) -> bool:
    """The sender's name and address on one line, with nothing else ("Mike Romberg (romberg at
    fsl.noaa.gov)", "Chris Armstrong <carmstro at twistedmatrix.com>", "Wim Lewis / wiml at
    hhhh.org"): a contact line, not the sign-off alone."""
    if len(text.split()) > MAX_ADDRESSED_NAME_WORDS or not p.has_email(text.lower()):
        return False
    addresses = _ADDRESS.findall(text)
    if len(addresses) != 1:
        return False
    name = _ADDRESS.sub(" ", text).strip().strip(_SIGN_OFF_MARKS + "|,").strip()
    return bool(name) and is_name_line(name) and _holds_name(name, sender_words)
