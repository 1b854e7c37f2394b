"""Label every line of a body: own text, quotes, attributions, forwards, signatures, footers.

The walk (`walker.py`) labels what each line and its neighbours show. Later passes use what a
walk cannot see line by line: the first line of a quoted paragraph that lost its `>`, an advert
or notice appended below the sender's text (`appended.py`), text repeated from ancestor
messages, trailing boilerplate learned from the list, and the contact block that closes the
sender's text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import compress, count, repeat
from operator import is_, itemgetter

from analyzer.quotes import patterns as p
from analyzer.quotes.ancestry import MIN_BLOCK_WORDS, REPEATED_SHARE, AncestorIndex, probes
from analyzer.quotes.appended import label_appended_boilerplate
from analyzer.quotes.armour import is_signature_delimiter_line, label_pgp_armour
from analyzer.quotes.attachments import is_code_line, is_sentence, label_inline_attachments
from analyzer.quotes.footers import FooterModel
from analyzer.quotes.markers import fix_markers
from analyzer.quotes.model import LabelledLine, LineLabel
from analyzer.quotes.signatures import (
    is_name_line,
    is_sign_off,
    label_client_tags,
    label_contact_block,
    label_mobile_taglines,
)
from analyzer.quotes.structures import Body, disclaimer_at, header_family, parse_body
from analyzer.quotes.walker import Walker

OWN = LineLabel.OWN
QUOTE = LineLabel.QUOTE
ATTRIBUTION = LineLabel.ATTRIBUTION
SIGNATURE = LineLabel.SIGNATURE
FOOTER = LineLabel.FOOTER
BLANK = LineLabel.BLANK

MATCHED_SHARE = 0.5
FRESH_SHARE = 0.3
# Words a short answer typed into a quote holds at least (fewer tell nothing).
SHORT_ANSWER_WORDS = 3
# A block is code when at least this share of its lines are.
CODE_SHARE = 0.5
_BULLETS = frozenset("-*+•·o")
SHORT_LINE_WORDS = 8
REPLY_WORDS = 12
PARENT_WORDS = 40
_RULE_FIRST = frozenset("-_=*~#+")
_FIRST = itemgetter(slice(0, 1))
_QUOTED = (QUOTE, ATTRIBUTION)
_JOINED = (FOOTER, SIGNATURE, QUOTE, ATTRIBUTION)
_QUOTED_OR_BLANK = (QUOTE, ATTRIBUTION, BLANK)
FRAGMENT_WORDS = 6
WRAPPED_LINE_CHARS = 50
LOST_MARKER_CHARS = 65
LOST_MARKER_WORDS = 5
_SENTENCE_ENDS = (".", "!", "?", ":", ";", ")")
_NEW_SENTENCE = re.compile(r"[.!?]\s+[A-Z]")
_TRACKER_COMMENT = re.compile(r"^-{3} Comment #\d+ from .+ -{3}$")


def _indices_of(labels: list[LineLabel], label: LineLabel) -> list[int]:
    """Indices of the lines with `label` (the loop runs in C)."""
    return list(compress(count(), map(is_, labels, repeat(label))))


def _is_rule(line: str) -> bool:
    """`SEPARATOR_RULE` matches: a rule has three characters at least, and its second is a
    rule character or a space (diff lines, `+foo` or `-bar`, are ruled out without the regex)."""
    return (
        len(line) >= 3
        and (line[1] in _RULE_FIRST or line[1].isspace())
        and p.SEPARATOR_RULE.match(line) is not None
    )


def _separators_join_neighbours(body: Body, labels: list[LineLabel]) -> None:
    """A rule line (`_____`, `=====`) belongs to the block it introduces, or else to the
    block it closes when nothing of the sender's follows it."""
    rules = list(compress(count(), map(_RULE_FIRST.__contains__, map(_FIRST, body.stripped))))
    for index in rules:
        label = labels[index]
        if (label is not OWN and label is not SIGNATURE) or not _is_rule(body.stripped[index]):
            continue
        following = _next_label(labels, index + 1, 1)
        preceding = _next_label(labels, index - 1, -1)
        if following is FOOTER or (following is None and preceding is FOOTER):
            labels[index] = FOOTER
        elif label is OWN and following in _JOINED:
            labels[index] = following
        elif label is OWN and following is None and preceding in _JOINED:
            labels[index] = preceding


def _wrapped_quote_fragments(body: Body, labels: list[LineLabel]) -> None:
    """A short unmarked fragment between two quoted lines is the tail of a quoted line that a
    client re-wrapped ("...Voice: +44 1392" / "264065"); an elision mark (`[...]`) between
    quoted lines belongs to the quote."""
    content = body.content
    after_quote = [k for k in _indices_of(labels, OWN) if k and labels[k - 1] in _QUOTED_OR_BLANK]
    for index in after_quote:
        text = content[index]
        if text[0] in "[<(-" and text.lower() in p.ELISIONS:
            before = _next_label(labels, index - 1, -1)
            if before in _QUOTED and _next_label(labels, index + 1, 1) in (QUOTE, None):
                labels[index] = QUOTE
    for index in after_quote:
        if labels[index - 1] is not QUOTE or index + 1 >= body.n:
            continue
        if labels[index + 1] is not QUOTE or body.depth[index - 1] != body.depth[index + 1]:
            continue
        fragment = content[index]
        first = fragment[0]
        if (
            (first.islower() or first.isdigit())
            and len(fragment.split()) <= FRAGMENT_WORDS
            and len(content[index - 1]) >= WRAPPED_LINE_CHARS
        ):
            labels[index] = QUOTE


def _lost_marker_lines(body: Body, labels: list[LineLabel]) -> None:
    """Lines that lost their `>` when a client re-wrapped a quote.

    The first line of a quoted paragraph, just above the marked rest: a long line left
    unfinished, or a line the next quoted line continues (it starts in lower case). And the
    tail of a long quoted line pushed to the next line: it starts in lower case right under a
    quoted line left unfinished.
    """
    depth = body.depth
    stripped = body.stripped
    candidates = _indices_of(labels, OWN)
    continued_tail: set[int] = set()
    for index in candidates:
        line = stripped[index]
        before = labels[index - 1] if index > 0 else BLANK
        after = labels[index + 1] if index + 1 < body.n else BLANK
        if after is QUOTE and depth[index + 1] and before is BLANK:
            if _TRACKER_COMMENT.match(line):
                continue  # Bugzilla's "--- Comment #13 from Ann <...> ---" opens a comment
            following = body.content[index + 1]
            # (in lower case or an aside: code, a tag or a number below starts no continued
            # sentence, but may go on an attribution's first line: "On <date>, Ann" / "> <ann
            # at x.org> wrote:")
            first = following[:1]
            names_writer = p.EMAIL.search(line) or p.DATE_OR_TIME.search(line)
            continued = (
                first.islower()
                or first == "("
                or bool(first and not first.isupper() and names_writer)
            )
            new_sentence = _NEW_SENTENCE.search(line) is not None
            starts_low = (
                line[0].islower() and len(line.split()) >= LOST_MARKER_WORDS and not new_sentence
            )
            unfinished = not line.endswith(_SENTENCE_ENDS) and not p.GREETING.match(line.lower())
            long_unfinished = len(line) >= LOST_MARKER_CHARS and not new_sentence
            if starts_low or (unfinished and (long_unfinished or (continued and len(line) >= 20))):
                labels[index] = QUOTE
        elif (
            before is QUOTE
            and line[0].islower()
            and (depth[index - 1] or index - 1 in continued_tail)
            and _wrapped_above(body, labels, index)
        ):
            labels[index] = QUOTE
            continued_tail.add(index)


def _wrapped_above(body: Body, labels: list[LineLabel], index: int) -> bool:
    """The quoted line above is long and unfinished, and does not itself continue a long
    unfinished own line (own prose wrapped just before a `>`, as in "...do File" /
    "> Import > Bio-Formats...")."""
    above = body.content[index - 1]
    if len(above) < WRAPPED_LINE_CHARS or above.endswith(_SENTENCE_ENDS):
        return False
    if " " not in above.strip() and "://" in above and len(body.stripped[index].split()) >= 3:
        return False  # a sentence under a link alone (a quoted footer's) does not continue it
    if index < 2 or labels[index - 2] is not OWN:
        return True
    two_above = body.stripped[index - 2]
    return len(two_above) < WRAPPED_LINE_CHARS or two_above.endswith(_SENTENCE_ENDS)


def _own_paragraphs(labels: list[LineLabel]) -> list[tuple[int, int]]:
    """Runs of consecutive own lines, as (first, past the last)."""
    runs: list[tuple[int, int]] = []
    start = previous = -2
    for index in _indices_of(labels, OWN):
        if index != previous + 1:
            if previous >= 0:
                runs.append((start, previous + 1))
            start = index
        previous = index
    if previous >= 0:
        runs.append((start, previous + 1))
    return runs


def _next_label(labels: list[LineLabel], index: int, step: int) -> LineLabel | None:
    found = _next_index(labels, index, step)
    return None if found is None else labels[found]


def _ancestor_paragraphs(body: Body, labels: list[LineLabel], ancestors: AncestorIndex) -> None:
    """Own paragraphs that repeat an ancestor's text are quotes without markers.

    Not when the message restates its sender's own earlier text from the top (a bot's next
    report, a mail sent again): its first paragraph must be new, not even half repeated. Short closing blocks (a
    sign-off, a signature the sender always uses) are left alone.

    The quote spans from the first to the last run of lines that occur in an ancestor line
    after line: a paragraph whose word runs mostly repeat may still begin or end with the
    sender's new lines, glued to output pasted again ("Thanks, yes that did work" above a new
    `dpkg` listing, "Regards, Peter" below it), and those stay own. Inside the span, a line
    that shares no run of words with any ancestor is an answer written into the quote; a line
    that nearly occurs stays quoted, as clients alter what they quote (a mailto: link added,
    characters lost to the charset).
    """
    first_measured = True
    for start, end in _own_paragraphs(labels):
        lines = body.stripped[start:end]
        share = ancestors.overlap(lines, FRESH_SHARE if first_measured else REPEATED_SHARE)
        if share is None:
            continue
        if first_measured:
            first_measured = False
            if (
                share >= FRESH_SHARE
                and not _beside_quote(labels, start, end)
                and not _repeats_others(ancestors, lines)
                and not _unknown_marker(lines)
            ):
                return
        if share < REPEATED_SHARE or _short_lines(lines):
            continue
        if _own_text_again(ancestors, labels, start, end, lines) or _echoes_quote_above(
            body, labels, start, lines, ancestors
        ):
            continue
        runs = ancestors.repeated_runs(lines)
        if not runs:
            continue
        repeated = {k for first, last in runs for k in range(first, last)}
        for k in range(runs[0][0], runs[-1][1]):
            if k in repeated or not _answer_in_quote(ancestors, lines[k]):
                labels[start + k] = QUOTE


def _answer_in_quote(ancestors: AncestorIndex, line: str) -> bool:
    """Whether a line inside a repeated span is found nowhere in the ancestors: an answer
    typed into the quote. A line too short for `found_nowhere` is one when it holds three plain
    words at least and neither its first two words nor its last two are in an ancestor one after
    the other ("Same alignment issue in description." between the lines of a patch)."""
    if probes([line]):
        return ancestors.found_nowhere([line])
    if _is_code(line) or is_code_line(line) or not ancestors.complete():
        return False  # (an ancestor cut short may hold it further on)
    tokens = line.split()
    if sum(1 for token in tokens if p.PROSE_WORD.fullmatch(token)) < SHORT_ANSWER_WORDS:
        return False
    # (neither end in an ancestor either: a quoted line the client altered keeps most of its
    # words in order, "Status: install ok installed" for "... ok unpacked")
    return not any(map(ancestors.holds_in_order, ([" ".join(tokens[:2])], [" ".join(tokens[-2:])])))


def _own_text_again(
    ancestors: AncestorIndex, labels: list[LineLabel], start: int, end: int, lines: list[str]
) -> bool:
    """Whether code or a log between two stretches of the sender's text repeats their own
    earlier messages and hardly anything another sender wrote: a program posted again,
    revised, which the guide counts as the sender's (what they paste is theirs). Prose and
    closing blocks that repeat are quotes, signatures and disclaimers."""
    if _next_label(labels, start - 1, -1) is not OWN or _next_label(labels, end, 1) is not OWN:
        return False
    if _unknown_marker(lines) or not _reads_as_code(lines):
        return False
    own = ancestors.own().overlap(lines, REPEATED_SHARE)
    if own is None or own < REPEATED_SHARE:
        return False
    others = ancestors.others_unquoted().overlap(lines, FRESH_SHARE)
    return others is not None and others < FRESH_SHARE


def _reads_as_code(lines: list[str]) -> bool:
    """Whether most lines of a block are code (imports included), a diff, a session or a log."""
    code = sum(1 for line in lines if _is_code(line) or is_code_line(line))
    return code >= CODE_SHARE * len(lines)


def _echoes_quote_above(
    body: Body, labels: list[LineLabel], start: int, lines: list[str], ancestors: AncestorIndex
) -> bool:
    """Whether a short block repeats words the message itself quotes, with markers, above it:
    the sender echoing a phrase of the quote ("It's a flaw in the design."); a quote whose
    markers were lost would not repeat the marked lines just above it (in the same quote, no
    attribution between them). Not a list's footer
    (quoted twice), nor a block of the sender's earlier messages that is no sentence (their
    signature, quoted above from their message)."""
    if len(lines) > 2 or any(p.LIST_FOOTER_LINE.search(line) for line in lines):
        return False
    if not any(map(is_sentence, lines)) and ancestors.own().repeats(lines):
        return False
    quoted: list[str] = []
    for index in range(start - 1, -1, -1):
        if labels[index] is ATTRIBUTION:
            break  # (above it, another message's text: a quote beneath restates it)
        if labels[index] is QUOTE:
            quoted.append(body.stripped[index])
    if not quoted:
        return False
    share = AncestorIndex.from_texts(["\n".join(reversed(quoted))]).overlap(lines)
    return share == 1.0


def _repeats_others(ancestors: AncestorIndex, lines: list[str]) -> bool:
    """Whether a block repeats only text that other senders wrote themselves: restating from
    the top is a bot's or a resender's habit with its own text (an answer may have quoted it:
    a question sent again to the right list, an announcement of a new version); another's
    text at the top is quoted, its markers lost (Airmail's inline replies) or unknown
    (`-> `)."""
    share = ancestors.others_unquoted().overlap(lines, FRESH_SHARE)
    if share is None or share < FRESH_SHARE:
        return False
    own = ancestors.own().overlap(lines, FRESH_SHARE)
    return own is None or own < FRESH_SHARE


def _unknown_marker(lines: list[str]) -> bool:
    """Whether every line of a block starts with the same few signs (`-> `, `#`, `|`): a
    quote marker of the sender's client that the marker rules do not know; nobody restates
    their own text that way."""
    prefix = lines[0].split(maxsplit=1)[0] if lines[0].strip() else ""
    if len(lines) < 2 or not 0 < len(prefix) <= 3 or any(c.isalnum() for c in prefix):
        return False
    if prefix in _BULLETS:
        return False  # a list, which a bot's next report restates
    return all(line.startswith(prefix) for line in lines)


def _short_lines(lines: list[str]) -> bool:
    """Two lines or more, none longer than a sign-off or a contact line."""
    return len(lines) >= 2 and all(len(line.split()) <= SHORT_LINE_WORDS for line in lines)


def _beside_quote(labels: list[LineLabel], start: int, end: int) -> bool:
    return _next_label(labels, start - 1, -1) in _QUOTED or _next_label(labels, end, 1) in _QUOTED


def _paragraphs(labels: list[LineLabel], start: int, end: int) -> list[tuple[int, int]]:
    """Runs of non-blank lines between `start` and `end`."""
    runs: list[tuple[int, int]] = []
    index = start
    while index < end:
        if labels[index] is BLANK:
            index += 1
            continue
        stop = index
        while stop < end and labels[stop] is not BLANK:
            stop += 1
        runs.append((index, stop))
        index = stop
    return runs


def _replies_below_unmarked_quotes(
    body: Body, labels: list[LineLabel], ancestors: AncestorIndex
) -> bool:
    """Text the sender wrote under or inside what was taken for an unmarked quote (some
    clients quote with nothing but "On ... wrote:" above the parent's text; Airmail's users
    answer between its paragraphs; "Ann writes:" may also stand above the sender's own words,
    a `>` quote of Ann below them). Whether it found any.

    Only in the last quote of the message (nothing but footers below it), only when that quote
    does repeat an ancestor (so the thread is the right one), the ancestors were read whole and
    the quote is no quoted digest (its other messages are in no ancestor):

    - once the parent's text stops, a tail of some length that repeats nothing is the reply;
    - inside the quote, an unmarked paragraph of REPLY_WORDS words at least, none of whose
      word runs is found in an ancestor, is an answer (between two repeated paragraphs of
      the text, not a footer or advert that repeats in every message); and when the first
      repeated paragraph is marked, the unmarked text above it that repeats nothing is the
      sender's (his words, then the `>` quote), unless a quoted header block stands above it
      (that text is its writer's). Not when the parent's text is too short to tell (an
      HTML-only parent that Pipermail kept as a notice: the reply quotes words found
      nowhere), nor for quoted header lines or link previews.
    """
    if not ancestors.complete():
        return False
    end = body.n
    while end > 0 and labels[end - 1] in (BLANK, FOOTER):
        end -= 1
    start = end
    while start > 0 and labels[start - 1] in (QUOTE, BLANK):
        start -= 1
    if start == end or start == 0 or labels[start - 1] is not ATTRIBUTION:
        return False
    top = start
    while labels[top] is BLANK:
        top += 1
    if body.depth[top]:
        return False  # a marked quote under its attribution (a top-post's): nothing to find
    paragraphs = _paragraphs(labels, start, end)
    shares = [ancestors.overlap(body.stripped[first:last]) for first, last in paragraphs]
    measured = [-1.0 if share is None else share for share in shares]
    # (a signature, which repeats the sender's earlier messages, tells nothing of a quote)
    signed = next(
        (
            k
            for k, (first, _) in enumerate(paragraphs)
            if is_signature_delimiter_line(body, body.stripped[first])
        ),
        len(paragraphs),
    )
    unmarked = [not any(body.depth[first:last]) for first, last in paragraphs]
    # (a marked paragraph needs less: its markers already say it is quoted, and a quote's
    # sign-off, a joke or a cut may make much of it new)
    repeated = [
        k
        for k, share in enumerate(measured[:signed])
        if share >= (REPEATED_SHARE if unmarked[k] else FRESH_SHARE)
    ]
    if _holds_digest(body, start, end):
        return False
    if not repeated:
        return _reply_under_a_cut_quote(body, labels, ancestors, start, paragraphs, measured)
    words = [_words_in(body, paragraph) for paragraph in paragraphs]
    replies: list[int] = []
    # (a quoted message's MIME and PGP scaffolding is no one's words, nor evidence of any)
    tail = [
        k for k in range(repeated[-1] + 1, signed) if not _is_mime_or_armour(body, paragraphs[k])
    ]
    boilerplate = [k for k in tail if _is_boilerplate(body, paragraphs[k])]
    if (
        all(unmarked[k] and measured[k] < FRESH_SHARE for k in tail)
        and sum(words[k] for k in tail if measured[k] >= 0 and k not in boilerplate) >= REPLY_WORDS
        and (all(unmarked) or (ancestors.parent_words() >= PARENT_WORDS and not boilerplate))
    ):
        # (below a quote that holds marked lines, a tail that holds a footer or a disclaimer
        # is the end of a whole message quoted, its own footer included, not the reply; below
        # an unmarked quote, it is the footer of the sender's server, under the reply)
        replies.extend(k for k in tail if k not in boilerplate)
    if ancestors.parent_words() >= PARENT_WORDS and not _signed_off_above(body, labels, start):
        # (a paragraph that opens with a header line, "Subject: ...", is a quoted header block;
        # a sender who signed off above the quote answered there, not inside it)
        fresh = [
            unmarked[k]
            and measured[k] <= 0.0
            and header_family(body.content[paragraphs[k][0]]) is None
            and not _is_link_card(body, paragraphs[k])
            for k in range(len(paragraphs))
        ]
        # (in a quote that holds marked lines, answers stand above a repeated paragraph of
        # the text, not just above a footer or an advert, which repeats in every message)
        bounds = (
            repeated
            if all(unmarked)
            else [k for k in repeated if not _is_boilerplate(body, paragraphs[k])]
        )
        if bounds:
            replies.extend(
                k
                for k in range(bounds[0] + 1, bounds[-1])
                if fresh[k]
                and measured[k] == 0.0
                and words[k] >= REPLY_WORDS
                and not _is_boilerplate(body, paragraphs[k])  # (the sender's server's)
            )
        leading = range(repeated[0])
        if (
            not unmarked[repeated[0]]
            and not _under_header_block(body, start)
            and all(fresh[k] for k in leading)
            and any(measured[k] == 0.0 and words[k] >= REPLY_WORDS for k in leading)
        ):
            replies.extend(leading)
        # (from the first repeated paragraph to the last, above the sender's signature)
        partly_repeated = [
            paragraphs[k]
            for k in (range(bounds[0], min(bounds[-1] + 1, signed)) if bounds else ())
            if unmarked[k] and measured[k] > 0.0 and k not in replies
        ]
        answered = _answers_glued_to_quoted_lines(body, labels, ancestors, partly_repeated)
    else:
        answered = False
    for k in replies:
        for index in range(*paragraphs[k]):
            labels[index] = OWN
    if replies and max(replies) == signed - 1:
        for index in range(paragraphs[signed - 1][1], end) if signed < len(paragraphs) else ():
            if labels[index] is QUOTE:
                labels[index] = SIGNATURE  # the sender's, right under the reply
    return bool(replies) or answered


def _answers_glued_to_quoted_lines(
    body: Body, labels: list[LineLabel], ancestors: AncestorIndex, paragraphs: list[tuple[int, int]]
) -> bool:
    """Answers typed inside an unmarked quote, on the lines next to the text they answer (no
    blank line between: Yahoo's and Outlook's inline replies): in a paragraph that partly
    repeats the thread, the sentences in no repeated run whose words are found nowhere (not a
    header line, a list's footer, a contact line or code: the quoted message's own, which a
    client may alter)."""
    found = False
    for first, last in paragraphs:
        lines = body.stripped[first:last]
        runs = ancestors.repeated_runs(lines)
        if not runs:
            continue
        repeated = {k for start, end in runs for k in range(start, end)}
        for k, line in enumerate(lines):
            if (
                k not in repeated
                and is_sentence(line)
                and header_family(body.content[first + k]) is None
                and not p.LIST_FOOTER_LINE.search(line)
                and ancestors.found_nowhere([line])
            ):
                labels[first + k] = OWN
                found = True
    return found


_POINTS_BELOW = re.compile(r"\b(?:below|inline|in-line|in line|interleaved|between)\b", re.I)


def _signed_off_above(body: Body, labels: list[LineLabel], start: int) -> bool:
    """Whether the sender's text above the quote at `start` ends with a sign-off ("Regards,"
    / "Matt") or a name alone in its paragraph ("Ellie"), and points to no answers below
    ("Please see my comments below.")."""
    own = [k for k in _indices_of(labels[:start], OWN) if body.stripped[k]]
    if not own or any(_POINTS_BELOW.search(body.stripped[k]) for k in own):
        return False
    last = body.stripped[own[-1]]
    if is_sign_off(last):
        return True
    if not is_name_line(last):
        return False
    above = own[-1] - 1
    return above < 0 or not body.stripped[above] or is_sign_off(body.stripped[above])


def _reply_under_a_cut_quote(
    body: Body,
    labels: list[LineLabel],
    ancestors: AncestorIndex,
    start: int,
    paragraphs: list[tuple[int, int]],
    measured: list[float],
) -> bool:
    """An attribution at the top of the message whose quote the sender cut whole: nothing
    under it repeats the parent (whose text is long enough to tell) nor any ancestor, so it
    is the reply. Whether it was."""
    if OWN in labels[:start] or ancestors.parent_words() < PARENT_WORDS:
        return False
    if any(
        body.depth[first] or _repeats_another_sender(body, ancestors, (first, last), share)
        for share, (first, last) in zip(measured, paragraphs, strict=True)
    ):
        return False
    fresh = [
        paragraph for paragraph, share in zip(paragraphs, measured, strict=True) if share == 0.0
    ]
    if sum(_words_in(body, paragraph) for paragraph in fresh) < REPLY_WORDS:
        return False
    label = OWN
    for first, last in paragraphs:
        for index in range(first, last):
            if label is OWN and is_signature_delimiter_line(body, body.stripped[index]):
                label = SIGNATURE  # the sender's, below the reply
            labels[index] = label
    return True


def _repeats_another_sender(
    body: Body, ancestors: AncestorIndex, paragraph: tuple[int, int], share: float
) -> bool:
    """Whether a paragraph repeats words of an ancestor by someone else: the sender's own
    signature recurs in their earlier messages and tells nothing of a quote."""
    if share <= 0.0:
        return False
    others = ancestors.others().overlap(body.stripped[paragraph[0] : paragraph[1]])
    return others is not None and others > 0.0


def _under_header_block(body: Body, start: int) -> bool:
    """Whether the attribution above line `start` is a quoted message's header block (Outlook's
    "From: / Sent: / To: / Subject:"): what follows is that whole message, its writer's text
    first, and when it repeats nothing of the ancestors the thread is another branch, not
    the sender's answers."""
    above = start - 1
    while above > 0 and not body.stripped[above]:
        above -= 1
    return header_family(body.content[above]) is not None


_CARD_TITLE = re.compile(r"\S<https?://[^\s<>]+>$")
_BARE_HOST = re.compile(r"^(?:https?://)?[\w-]+(?:\.[\w-]+)+/?$")


def _is_link_card(body: Body, paragraph: tuple[int, int]) -> bool:
    """Outlook's preview of a link ("Example Domain<http://example.com/>", "example.com", a
    description): made by the mail client, in the quoted text, not written by anyone."""
    first, last = paragraph
    return (
        last - first >= 2
        and _CARD_TITLE.search(body.stripped[first]) is not None
        and _BARE_HOST.match(body.stripped[first + 1]) is not None
    )


def _words_in(body: Body, paragraph: tuple[int, int]) -> int:
    return len(" ".join(body.stripped[paragraph[0] : paragraph[1]]).split())


def _is_boilerplate(body: Body, paragraph: tuple[int, int]) -> bool:
    """A paragraph that opens with a rule, or is a legal notice or a list's footer."""
    first, last = paragraph
    stripped = body.stripped
    return (
        _is_rule(stripped[first])
        or disclaimer_at(body, first) > 0
        or any(p.LIST_FOOTER_LINE.search(stripped[k].lower()) for k in range(first, last))
    )


_MIME_OR_ARMOUR = re.compile(
    r"^(?:-----(?:BEGIN|END) PGP |content-(?:type|transfer-encoding|disposition):"
    r"|--(?=[-().:=+/]*\w)[-\w().:=+/]{12,}$)",  # a boundary, not a rule of dashes
    re.IGNORECASE,
)


def _is_mime_or_armour(body: Body, paragraph: tuple[int, int]) -> bool:
    """A paragraph of a MIME part's boundary or headers, or of PGP armour (left in the text
    of a quoted message whose client did not decode it)."""
    return any(_MIME_OR_ARMOUR.match(body.stripped[k]) for k in range(*paragraph))


def _holds_digest(body: Body, start: int, end: int) -> bool:
    """Whether lines `start` to `end` hold a digest's section header ("Message: 3")."""
    return any(
        body.stripped[k][:8].lower() == "message:" and p.DIGEST_MESSAGE.match(body.stripped[k])
        for k in range(start, end)
    )


def _quote_blocks(body: Body, labels: list[LineLabel]) -> list[tuple[int, int]]:
    """Runs of quoted lines at one depth (0 for unmarked quotes), blank lines inside included."""
    blocks: list[tuple[int, int]] = []
    index = 0
    n = body.n
    depth = body.depth
    while index < n:
        if labels[index] is not QUOTE:
            index += 1
            continue
        end = index + 1
        last = index
        while end < n and labels[end] in (QUOTE, BLANK):
            if labels[end] is QUOTE:
                if depth[end] != depth[index]:
                    break
                last = end
            end += 1
        blocks.append((index, last + 1))
        index = last + 1
    return blocks


def _announces_source(body: Body, labels: list[LineLabel], start: int) -> bool:
    """The own line above a block names where it comes from (a link) or announces it (`:`)."""
    above = start - 1
    while above >= 0 and labels[above] is BLANK:
        above -= 1
    if above < 0 or labels[above] is not OWN:
        return False
    line = body.stripped[above]
    return line.endswith(":") or p.URL.search(line.lower()) is not None


def _pasted_quotations(body: Body, labels: list[LineLabel], ancestors: AncestorIndex) -> None:
    """A `>` block that shares no text with the ancestors, in a reply whose every other quote
    does, under a line that gives its source or announces it, quotes a document or web page:
    it is the sender's own (GUIDE.md, hard cases)."""
    blocks = _quote_blocks(body, labels)
    if len(blocks) < 2:
        return
    candidates = [
        (start, end)
        for start, end in blocks
        if body.depth[start] == 1
        and _announces_source(body, labels, start)
        and not any(header_family(text) for text in body.content[start:end])
        and ancestors.found_nowhere(body.content[start:end])
    ]
    if not candidates:
        return
    shares = [
        ancestors.overlap(body.content[start:end])
        for start, end in blocks
        if (start, end) not in candidates
    ]
    measured = [share for share in shares if share is not None]
    if not measured or min(measured) < MATCHED_SHARE:
        return
    for start, end in candidates:
        for k in range(start, end):
            labels[k] = OWN


TYPED_REPLY_WORDS = 8
TYPED_REPLY_SHARE = 0.2


def _replies_typed_into_quotes(
    body: Body, labels: list[LineLabel], ancestors: AncestorIndex
) -> None:
    """A reply typed into the quote (Gmail): its first line takes the `>` of the quoted line it
    was typed after and its wrapped rest is unmarked, so the whole reply reads as a quoted
    paragraph that lost markers in re-wrapping. Such a paragraph (one marked line, then
    unmarked ones, no attribution) is the sender's when the ancestors (read whole, the
    parent's text long enough to tell) hardly hold its words but do hold the quoted paragraph
    right above it, so the quote is the parent's."""
    depth = body.depth
    content = body.content
    # the unmarked quoted lines right under a marked line that opens a paragraph (the loop
    # runs over the quoted lines only)
    starts = [
        k
        for k in _indices_of(labels, QUOTE)
        if k >= 2
        and not depth[k]
        and depth[k - 1] == 1
        and content[k]
        and content[k - 1]
        and not content[k - 2]
    ]
    for second in starts:
        first = second - 1
        end = second
        while end < body.n and content[end] and not depth[end] and labels[end] is QUOTE:
            end += 1
        if (end < body.n and content[end] and labels[end] is not FOOTER) or labels[
            first
        ] is not QUOTE:
            continue  # the paragraph goes on in another shape (a Pipermail notice may end it)
        if any(body.colon[k] for k in range(first, end)):
            continue  # an attribution or a header
        if _words_in(body, (first, end)) < TYPED_REPLY_WORDS:
            continue
        if not (ancestors.complete() and ancestors.parent_words() >= PARENT_WORDS):
            return
        share = ancestors.overlap(content[first:end])
        if share is None or share >= TYPED_REPLY_SHARE:
            continue
        above = _quoted_paragraph_share(body, ancestors, first)
        if above is not None and above >= REPEATED_SHARE:
            for k in range(first, end):
                labels[k] = OWN
    _typed_first_lines(body, labels, ancestors)
    if OWN not in labels:
        _reply_typed_at_the_end(body, labels, ancestors)


_LETTER = re.compile(r"[^\W\d_]")


def _typed_first_lines(body: Body, labels: list[LineLabel], ancestors: AncestorIndex) -> None:
    """The first line of a reply typed into the quote whose wrapped rest the marker rules
    already left own (it ended like a sentence, "I (sort of)"): that line is the sender's too
    when no ancestor holds it and the marked paragraph above it is the parent's."""
    depth = body.depth
    content = body.content
    for first in body.marked:
        second = first + 1
        if (
            second >= body.n
            or labels[first] is not QUOTE
            or labels[second] is not OWN
            or depth[first] != 1
            or depth[second]
            or not content[first]
            or (first > 0 and content[first - 1])
        ):
            continue
        end = second
        while end < body.n and content[end] and labels[end] is OWN:
            end += 1
        if (
            body.colon[first]
            or not _LETTER.search(content[first])  # a rule: the quoted message's footer
            or _words_in(body, (first, end)) < TYPED_REPLY_WORDS
        ):
            continue
        if not (ancestors.complete() and ancestors.parent_words() >= PARENT_WORDS):
            return
        if ancestors.holds_in_order(content[first : first + 1]) or not ancestors.found_nowhere(
            content[first:end]
        ):
            continue
        above = _quoted_paragraph_share(body, ancestors, first)
        if above is not None and above >= REPEATED_SHARE:
            labels[first] = OWN


def _reply_typed_at_the_end(body: Body, labels: list[LineLabel], ancestors: AncestorIndex) -> None:
    """A message that came out empty whose last marked line (or two) no ancestor holds, under
    a marked paragraph that is the parent's: the reply typed at the end of the quote ("> May
    be you could create a pull request to this repository?" above the sender's `-- `)."""
    index = body.n - 1
    while index >= 0 and (
        labels[index] in (BLANK, SIGNATURE, FOOTER)
        or (body.depth[index] and not body.content[index])
    ):
        index -= 1
    if index < 0 or labels[index] is not QUOTE or body.depth[index] != 1:
        return
    end = index + 1
    first = index
    while first > 0 and body.content[first - 1] and body.depth[first - 1] == 1:
        first -= 1
    if end - first > _SHORT_PARAGRAPH_LINES or any(body.colon[first:end]):
        return
    if not (ancestors.complete() and ancestors.parent_words() >= PARENT_WORDS):
        return
    if not ancestors.found_nowhere(body.content[first:end]):
        return  # (also when too short to tell)
    above = _quoted_paragraph_share(body, ancestors, first)
    if above is not None and above >= REPEATED_SHARE:
        labels[first:end] = [OWN] * (end - first)


CONTEXT_WORDS = 4
"""Words of the quote beside a short line that must precede or follow it in an ancestor."""
_SHORT_PARAGRAPH_LINES = 2


def _short_lines_of_quotes(body: Body, labels: list[LineLabel], ancestors: AncestorIndex) -> None:
    """Own lines too short to compare on their own (under MIN_BLOCK_WORDS words) that another
    sender's ancestor holds right where the quote beside them says: a sign-off or a short
    line of the quoted text whose marker was lost ("kaiyou." between two quotes, "Great.
    Thank for the info." under an unmarked attribution), found with the last words of the
    quote above it or the first words of the quote below it. A line right above an empty
    `>` line (Gmail's "All working now, thanks!" / ">") lost its marker when another sender's
    ancestor holds its words, three at least, or when it is their name as they signed.
    """
    others = ancestors.others()
    own = ancestors.own()
    stripped = body.stripped
    for start, end in _own_paragraphs(labels):
        if end - start > _SHORT_PARAGRAPH_LINES:
            continue
        lines = stripped[start:end]
        n_words = sum(len(line.split()) for line in lines)
        if not n_words or n_words >= MIN_BLOCK_WORDS or any(map(_is_code, body.lines[start:end])):
            continue  # (code: the sender's own program may share a line with the parent's)
        above = _next_index(labels, start - 1, -1)
        below = _next_index(labels, end, 1)
        lost_marker = end < body.n and body.depth[end] > 0 and not body.content[end]
        before = _context(body, labels, above, last=True)
        after = _context(body, labels, below, last=False)
        if (
            (lost_marker and n_words >= 3 and others.holds_in_order(lines))
            or (lost_marker and _quoted_name(ancestors, lines))
            or (before is not None and others.holds_in_order([before, *lines]))
            or (
                after is not None
                and others.holds_in_order([*lines, after])
                # (at the top, only the line as written: "Hi," above a quote that lost its
                # marker is the sender's greeting where the quoted message began "Hi")
                and (above is not None or all(map(others.others_hold_line, lines)))
            )
        ) and not own.holds_in_order(lines):
            # (a sign-off the sender's own earlier messages hold is theirs, even where another
            # sender's message quoted it without markers)
            labels[start:end] = [QUOTE] * (end - start)


def _quoted_name(ancestors: AncestorIndex, lines: list[str]) -> bool:
    """Whether a line of a word or two is another sender's sign-off as they wrote it, their
    name ("Barry", "-glyph") on a line of its own in their message: Gmail dropped its marker
    and kept the empty `>` lines below it."""
    if len(lines) != 1 or len(lines[0].split()) > 2 or not ancestors.others_hold_line(lines[0]):
        return False
    first = lines[0].split()[0].strip(_SIGN_OFF_EDGES).lower()
    return bool(first) and ancestors.names_another_sender(first)


_SIGN_OFF_EDGES = "-~*_.,!"
_CODE_STATEMENT = re.compile(
    r"^\s*(?:from\s+[\w.]+\s+import\s|import\s+\w|def\s|class\s)|\s=\s|\w\(|==|[;{}]$"
)


def _is_code(line: str) -> bool:
    """A line that reads as a statement of a program (a call, an assignment, an import)."""
    return bool(_CODE_STATEMENT.search(line))


def _next_index(labels: list[LineLabel], index: int, step: int) -> int | None:
    while 0 <= index < len(labels):
        if labels[index] is not BLANK:
            return index
        index += step
    return None


def _context(body: Body, labels: list[LineLabel], index: int | None, *, last: bool) -> str | None:
    """The last (or first) CONTEXT_WORDS words of an unmarked quoted line beside a short line;
    None when there is no such line or it is too short to place the short line. Beside a `>`
    quote, a short unmarked line is the sender's answer ("Correct.", "Faisal," under the
    question that Faisal signed), whatever the quoted message said next; and an attribution
    tells nothing ("From: Ann" under a sign-off recurs in every chain that quotes it)."""
    if index is None or labels[index] is not QUOTE or body.depth[index]:
        return None
    words = body.content[index].split()
    if len(words) < CONTEXT_WORDS:
        return None
    return " ".join(words[-CONTEXT_WORDS:] if last else words[:CONTEXT_WORDS])


def _quoted_paragraph_share(body: Body, ancestors: AncestorIndex, index: int) -> float | None:
    """How much of the marked paragraphs above `index` the ancestors hold: the nearest long
    enough to tell (one too short, a sign-off "S", is passed over), up to three of them;
    None when an unmarked line comes first or none can tell."""
    content = body.content
    depth = body.depth
    end = index
    for _ in range(3):
        while end > 0 and not content[end - 1]:
            end -= 1
        first = end
        while first > 0 and content[first - 1]:
            first -= 1
        if first == end or not all(depth[first:end]):
            return None  # no marked paragraph right above
        share = ancestors.overlap(content[first:end])
        if share is not None:
            return share
        end = first
    return None


_MAC_INDENT = "    "
# Outlook for Mac's attribution: 'On 10/10/19, 8:11 PM, "Benjamin Herrenschmidt" <...> wrote:'
_MAC_ATTRIBUTION = re.compile(r'^\ufeff?On \d{1,2}/\d{1,2}/\d{2,4}, \d{1,2}:\d\d(?: [AP]M)?, "')
SHORT_QUOTED_WORDS = 6


def _indented_quote_lines(
    body: Body, labels: list[LineLabel], ancestors: AncestorIndex | None
) -> None:
    """Outlook for Mac quotes by indenting four spaces under its attribution (`On 10/10/19,
    8:11 PM, "Ann" <...> wrote:`), and its users
    answer between the quoted paragraphs: an indented line after an answer is quoted again
    when it is short (a quoted sign-off, "Cheers," / "Ben.", "I've applied this one.") or
    repeats an ancestor, not only the first indented run under the attribution."""
    lines = body.lines
    start = next(
        (
            k + 1
            for k in _indices_of(labels, ATTRIBUTION)
            if k + 2 < body.n
            and labels[k + 1] is not ATTRIBUTION
            and _MAC_ATTRIBUTION.match(body.stripped[k]) is not None
            and _first_indented_quote(body, labels, k + 1)
        ),
        None,
    )
    if start is None:
        return
    for index in range(start, body.n):
        if labels[index] is not OWN or not lines[index].startswith(_MAC_INDENT):
            continue
        text = body.stripped[index]
        if len(text.split()) <= SHORT_QUOTED_WORDS or (
            ancestors is not None and (ancestors.overlap([text]) or 0.0) >= REPEATED_SHARE
        ):
            labels[index] = QUOTE


def _first_indented_quote(body: Body, labels: list[LineLabel], index: int) -> bool:
    while index < body.n and not body.stripped[index]:
        index += 1
    return index < body.n and labels[index] is QUOTE and body.lines[index].startswith(_MAC_INDENT)


def _learned_footer_tail(body: Body, labels: list[LineLabel], footers: FooterModel) -> bool:
    """Trailing lines that the list appends to its messages (learned across the list); whether
    any own line became a footer."""
    changed = False
    index = body.n - 1
    while index >= 0:
        label = labels[index]
        if label is BLANK or label is FOOTER:
            index -= 1
            continue
        if label in (OWN, SIGNATURE) and footers.is_footer_line(body.stripped[index]):
            if label is OWN:
                labels[index] = FOOTER
                changed = True
            index -= 1
            continue
        break
    return changed


def base_labels(
    body: str, *, ancestors: AncestorIndex | None = None
) -> tuple[Body, list[LineLabel]]:
    """Labels from the body (and its ancestors) alone, before list-wide knowledge is used."""
    parsed = parse_body(body)
    fix_markers(parsed)
    labels = Walker(parsed).walk()
    label_pgp_armour(parsed, labels)
    label_inline_attachments(parsed, labels)
    _separators_join_neighbours(parsed, labels)
    _wrapped_quote_fragments(parsed, labels)
    _lost_marker_lines(parsed, labels)
    # before the ancestors are compared: an advert or notice that a mail service appended to
    # every message recurs in them too, and would be taken for a quote, in part
    label_appended_boilerplate(parsed, labels)
    if ancestors is not None:
        if QUOTE not in labels and ATTRIBUTION not in labels:
            ancestors = ancestors.others()  # a message that quotes nothing: a bot's report?
        _ancestor_paragraphs(parsed, labels, ancestors)
        if _replies_below_unmarked_quotes(parsed, labels, ancestors):
            label_appended_boilerplate(parsed, labels)  # the reply's tail is new own text
        _pasted_quotations(parsed, labels, ancestors)
        _replies_typed_into_quotes(parsed, labels, ancestors)
        _short_lines_of_quotes(parsed, labels, ancestors)
    _indented_quote_lines(parsed, labels, ancestors)
    return parsed, labels


def finish_labels(body: Body, labels: list[LineLabel], known_footers: FooterModel | None) -> None:
    """Learned footers at the tail, then mail clients' tags and the contact block that close
    the own text."""
    if known_footers is not None and _learned_footer_tail(body, labels, known_footers):
        label_appended_boilerplate(body, labels)  # it may stand above the learned footer
    label_client_tags(body, labels)
    label_mobile_taglines(body, labels)
    label_contact_block(body, labels)


def label_lines(
    body: str,
    *,
    ancestor_texts: Sequence[str] = (),
    known_footers: FooterModel | None = None,
    ancestors: AncestorIndex | None = None,
) -> tuple[Body, list[LineLabel]]:
    """The parsed body and one label per line (see `segment`)."""
    if ancestors is None and ancestor_texts:
        ancestors = AncestorIndex.from_texts(ancestor_texts)
    parsed, labels = base_labels(body, ancestors=ancestors)
    finish_labels(parsed, labels, known_footers)
    return parsed, labels


def segment(
    body: str,
    *,
    ancestor_texts: Sequence[str] = (),
    known_footers: FooterModel | None = None,
) -> list[LabelledLine]:
    """Label every line of `body` (split on "\\n") as own, quote, attribution, forward,
    signature, footer, attachment (a text file Pipermail printed inline) or blank.

    `ancestor_texts` are bodies of the messages this one replies to (parent first); a block
    repeating their text counts as quoted even without markers. `known_footers` holds the
    trailing boilerplate learned from the message's list (`learn_footers`).
    """
    parsed, labels = label_lines(body, ancestor_texts=ancestor_texts, known_footers=known_footers)
    return [LabelledLine(text, label) for text, label in zip(parsed.lines, labels, strict=True)]
