"""Boilerplate that a mail service or an employer appended below the sender's text.

Webmail services put an advert under a rule at the very end of a message ("____" / "Tired of
spam? Get ... with MSN 8." / a link), and mail servers a legal notice, often glued to the
sender's name ("Antoine." / "Important Notice: This email is subject to ...") or to a
Pipermail notice. Such text opens no paragraph of its own where the walk looks for footers,
and it is no contact block, so it is found here, from the end of the sender's last text up
(before the ancestors are compared: the same advert closes them, and would read as a quote):

- a short block glued under a rule, with a link or speaking of the message itself (an advert);
- a free-mail service's advert, which names the service or links to it ("Yahoo! Autos. Looking
  for a sweet ride?", "Get your free encrypted email at https://www.hushmail.com"): under a
  rule or a sign-off, or set apart by two blank lines or an indent of its own;
- a notice: a legal disclaimer, or a text that speaks of "this email" in the third person and
  holds a disclaimer's word. Unless it is a plain disclaimer (which is a footer wherever a
  paragraph of it starts), it must follow a rule or the sender's sign-off.

Each block must be boilerplate on its own: a sender's postscript above a disclaimer stays own,
and text in the first person ("I", "my") is never an advert nor a loose notice.
"""

from __future__ import annotations

from operator import itemgetter

from analyzer.quotes import patterns as p
from analyzer.quotes.labelling import ATTACHMENT, BLANK, FOOTER, OWN, SIGNATURE
from analyzer.quotes.model import LineLabel
from analyzer.quotes.signatures import is_name_line, is_sign_off
from analyzer.quotes.structures import Body, is_disclaimer, may_be_disclaimer

MAX_TAIL_LINES = 40
MAX_ADVERT_LINES = 4
MAX_ADVERT_WORDS = 60
MIN_ADVERT_WORDS = 3
MAX_SIGN_OFF_CHARS = 40
MAX_SIGN_OFF_WORD = 12
_RULE_FIRST = frozenset("-_=*~#+")
_SIGN_OFF_MARKS = "-–~/ "
_FIRST_PERSON = frozenset(["i", "i'm", "i've", "i'd", "i'll", "me", "my", "mine", "myself"])
_WORD_EDGES = "\"'’`*_()[]{}<>,.;:!?-"
_AFTER_END = (BLANK, FOOTER, SIGNATURE, ATTACHMENT)
_FIRST_CHARACTER = itemgetter(slice(0, 1))

_NOT = 0
_RULE = 1  # a bare rule: boilerplate only next to boilerplate
_LOOSE = 2  # an advert or a loose notice: boilerplate after a rule or a sign-off
_DISCLAIMER = 3  # a plain disclaimer: boilerplate wherever it starts
_SERVICE = 4  # a mail service's advert: boilerplate when set apart from the text above


def label_appended_boilerplate(body: Body, labels: list[LineLabel]) -> None:
    """Relabel as footer the adverts and notices that close the sender's last own text."""
    run, complete = _closing_run(body, labels)
    if not run:
        return
    texts = [body.stripped[k] for k in run]
    start: int | None = None  # position in `run` where the boilerplate begins
    plain = False  # whether its first block (below any rule) is a plain disclaimer
    service = False  # whether that block is a mail service's advert
    end = len(run)
    while end > 0:
        first = _segment_start(run, texts, end)
        found = _segment_kind(body, run, texts, first, end, last=start is None)
        if found == _NOT:
            break
        if found != _RULE:
            start, plain, service = first, found == _DISCLAIMER, found == _SERVICE
        elif start is not None:
            if run[first] + 1 != run[start]:
                break  # a rule apart from the boilerplate closes the sender's text
            start = first  # a rule glued above boilerplate goes with it
        end = first
    if start is None or (start == 0 and not complete):
        return  # nothing, or a block cut off at the top: the rest may be the sender's
    if not (
        plain
        or _is_rule(texts[start])
        or (start and _is_sign_off_line(texts[start - 1]))
        or (service and _set_apart(body, run[start]))
    ):
        return  # a loose notice or an advert must follow a rule or the sign-off
    if start == 0 and not _anything_above(labels, run[0]):
        return  # the whole message would go: keep it
    for k in run[start:]:
        labels[k] = FOOTER


def _anything_above(labels: list[LineLabel], index: int) -> bool:
    """Whether anything but blank lines stands above `index` (text the block was added to)."""
    return any(label is not BLANK for label in labels[:index])


def _closing_run(body: Body, labels: list[LineLabel]) -> tuple[list[int], bool]:
    """The own lines (top first, at most MAX_TAIL_LINES) of the last run of own and blank
    lines, when nothing but blanks, footers and signatures follows it and its last paragraph
    may be boilerplate; and whether the run is whole (not cut at MAX_TAIL_LINES)."""
    last = len(labels) - 1
    while last >= 0 and labels[last] in _AFTER_END:
        last -= 1
    if last < 0 or labels[last] is not OWN or not _may_be_boilerplate(body, labels, last):
        return [], False
    low = max(-1, last - 2 * MAX_TAIL_LINES)
    above = next(
        (k for k in range(last - 1, low, -1) if labels[k] is not OWN and labels[k] is not BLANK),
        low,
    )
    lines = [k for k in range(above + 1, last + 1) if labels[k] is OWN]
    complete = above >= 0 or low < 0
    if len(lines) > MAX_TAIL_LINES:
        lines, complete = lines[-MAX_TAIL_LINES:], False
    return lines, complete


def _may_be_boilerplate(body: Body, labels: list[LineLabel], last: int) -> bool:
    """Whether the paragraph that ends at `last` may end with boilerplate: it holds a rule, a
    link, "this" or a disclaimer's hint (plain tests that spare most messages the search)."""
    stripped = body.stripped
    first = last
    while first > 0 and labels[first - 1] is OWN and last - first < MAX_TAIL_LINES:
        first -= 1
    lowered = " ".join(stripped[first : last + 1]).lower()
    return (
        "this" in lowered
        or "http" in lowered
        or "www." in lowered
        or not _RULE_FIRST.isdisjoint(map(_FIRST_CHARACTER, stripped[first : last + 1]))
        or may_be_disclaimer(lowered)
        or p.MAIL_SERVICE.search(lowered) is not None
    )


def _segment_start(run: list[int], texts: list[str], end: int) -> int:
    """Where the block that ends before `end` begins: a paragraph starts, a rule, or the line
    right after a sign-off line (boilerplate glued to the sender's name)."""
    position = end - 1
    while position > 0:
        if run[position - 1] != run[position] - 1:
            return position
        text = texts[position]
        if text[:1] in _RULE_FIRST and _is_rule(text):
            return position
        above = texts[position - 1]
        if len(above) < MAX_SIGN_OFF_CHARS and _is_sign_off_line(above):
            return position
        position -= 1
    return position


def _segment_kind(
    body: Body, run: list[int], texts: list[str], first: int, end: int, *, last: bool
) -> int:
    """What the block of `run[first:end]` is: a bare rule, an advert or loose notice, a plain
    disclaimer, or the sender's text. (An advert only when `last`: below it, bare rules at
    most.)"""
    ruled = _is_rule(texts[first])
    if ruled:
        first += 1
        if first == end:
            return _RULE
    lines = run[first:end]
    lowered = " ".join(texts[first:end]).lower()
    if may_be_disclaimer(lowered) and is_disclaimer(lowered):
        return _DISCLAIMER
    if _speaks_of_itself(lowered):
        return _LOOSE
    if ruled and last and texts[first - 1] != "---" and _is_advert(body, lines, lowered):
        return _LOOSE  # (a "---" rule opens many a sender's signature, and notices; no adverts)
    if _is_service_advert(body, lines, lowered):
        return _SERVICE
    return _NOT


def _speaks_of_itself(lowered: str) -> bool:
    """Text that speaks of this message in the third person and holds a disclaimer's word
    ("This email is subject to ... disclaimers", "no viruses are present in this e-mail")."""
    return (
        p.SELF_REFERENCE.search(lowered) is not None
        and p.DISCLAIMER_WEAK.search(lowered) is not None
        and not _first_person(lowered)
    )


def _is_advert(body: Body, lines: list[int], lowered: str) -> bool:
    """A short block at the end, glued under a rule, that carries a link or speaks of the
    message itself ("This message was sent using IMP"), and is neither the sender's words in
    the first person, nor code, nor a contact block, nor what the text above announces ("The
    output was:")."""
    stripped = body.stripped
    if len(lines) > MAX_ADVERT_LINES:
        return False
    above = lines[0] - 2  # the line above the rule: does it announce what follows?
    while above >= 0 and not stripped[above]:
        above -= 1
    if above >= 0 and stripped[above].endswith(":"):
        return False
    first = stripped[lines[0]]
    if not first[0].isalnum() or is_name_line(first):
        return False  # a heading, a list, code; or a name opening a contact block
    if p.URL.search(lowered) is None and p.SELF_REFERENCE.search(lowered) is None:
        return False
    words = p.URL.sub(" ", lowered).split()
    if not MIN_ADVERT_WORDS <= len(words) <= MAX_ADVERT_WORDS or _first_person(lowered):
        return False
    return not any(_is_contact_or_code(stripped[k]) for k in lines)


def _is_service_advert(body: Body, lines: list[int], lowered: str) -> bool:
    """A short block that names a free-mail service or links to it, in the second person or
    none ("Send instant messages to your online friends http://uk.messenger.yahoo.com"): not
    the sender's words in the first person, nor code, nor a contact block, nor what the text
    above announces."""
    if len(lines) > MAX_ADVERT_LINES or p.MAIL_SERVICE.search(lowered) is None:
        return False
    stripped = body.stripped
    if not stripped[lines[0]][0].isalnum():
        return False  # a list, a heading, code
    above = lines[0] - 1
    while above >= 0 and (not stripped[above] or _is_rule(stripped[above])):
        above -= 1
    if above >= 0 and stripped[above].endswith(":"):
        return False
    words = p.URL.sub(" ", lowered).split()
    if not MIN_ADVERT_WORDS <= len(words) <= MAX_ADVERT_WORDS or _first_person(lowered):
        return False
    return not any(
        _is_contact_or_code(stripped[k]) or _foreign_link(stripped[k].lower()) for k in lines
    )


def _foreign_link(lowered: str) -> bool:
    """A bare link that is not the service's: the sender's home page above its advert."""
    return p.URL.sub("", lowered).strip() == "" and p.MAIL_SERVICE.search(lowered) is None


def _set_apart(body: Body, index: int) -> bool:
    """Whether the line at `index` stands apart from the text above: two blank lines between,
    or an indent that the nearest line above lacks (webmail services pad their adverts)."""
    stripped = body.stripped
    if index >= 2 and not stripped[index - 1] and not stripped[index - 2]:
        return True
    above = index - 1
    while above >= 0 and not stripped[above]:
        above -= 1
    return above >= 0 and body.lines[index][:1].isspace() and not body.lines[above][:1].isspace()


def _is_rule(text: str) -> bool:
    """A separator rule, "---" included (virus scanners put their notice under one)."""
    return text[:1] in _RULE_FIRST and (text == "---" or p.SEPARATOR_RULE.match(text) is not None)


def _is_sign_off_line(text: str) -> bool:
    """The sender's sign-off: "Regards", "Ciao, Jürgen", "Antoine.", "-Vijay", "jy"."""
    if len(text) >= MAX_SIGN_OFF_CHARS:
        return False
    name = text.lstrip(_SIGN_OFF_MARKS)
    if name.isalpha() and len(name) <= MAX_SIGN_OFF_WORD:
        return True  # a name or initials in one word: "jy", "-brian", "/dan", "Serg"
    return is_sign_off(text) or is_name_line(name)


def _first_person(lowered: str) -> bool:
    """Whether a text says "I", "me" or "my": the sender's own words."""
    return any(
        word.strip(_WORD_EDGES) in _FIRST_PERSON for word in lowered.replace("’", "'").split()
    )


def _is_contact_or_code(line: str) -> bool:
    """A line of a contact block (an address, a phone number), of code or of a table."""
    lowered = line.lower()
    if p.has_email(lowered) or p.has_phone(lowered):
        return True
    return p.CODE_LINE.search(p.URL.sub(" ", lowered)) is not None
