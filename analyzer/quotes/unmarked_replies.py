"""The sender's answers under or inside a quote that carries no markers, found where the text
stops repeating the thread."""

from __future__ import annotations

import re

from analyzer.quotes import patterns as p
from analyzer.quotes.ancestry import REPEATED_SHARE, AncestorIndex
from analyzer.quotes.armour import is_signature_delimiter_line
from analyzer.quotes.attachments import is_sentence
from analyzer.quotes.labelling import (
    ATTRIBUTION,
    BLANK,
    FOOTER,
    FRESH_SHARE,
    OWN,
    QUOTE,
    SIGNATURE,
    indices_of,
    paragraph_spans,
)
from analyzer.quotes.lost_markers import is_rule
from analyzer.quotes.model import LineLabel
from analyzer.quotes.repeated_text import SHORT_ANSWER_WORDS, answer_in_quote
from analyzer.quotes.signatures import (
    is_name_line,
    is_sign_off,
)
from analyzer.quotes.structures import (
    Body,
    attribution_at,
    disclaimer_at,
    header_block_at,
    header_family,
)

REPLY_WORDS = 12
MAX_LINES_ABOVE_PREVIEW = 4
PARENT_WORDS = 40


def find_replies_below_unmarked_quotes(
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
    found = _replies_in_last_quote(body, labels, ancestors, start, end)
    return _answers_under_header_block(body, labels, ancestors, start, end) or found


def _replies_in_last_quote(
    body: Body, labels: list[LineLabel], ancestors: AncestorIndex, start: int, end: int
) -> bool:
    """The rules above, on the last quote (lines `start` to `end`, its attribution above)."""
    top = start
    while labels[top] is BLANK:
        top += 1
    if body.depth[top]:
        return False  # a marked quote under its attribution (a top-post's): nothing to find
    paragraphs = paragraph_spans(labels, start, end)
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
    words = [words_in(body, paragraph) for paragraph in paragraphs]
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
        # (new: no run of words found, or too short to tell, or its runs met by chance)
        new = [
            measured[k] <= 0.0
            or (unmarked[k] and _repeats_by_chance(body, ancestors, paragraphs[k], measured[k]))
            for k in range(len(paragraphs))
        ]
        fresh = [
            unmarked[k]
            and new[k]
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
                and words[k] >= REPLY_WORDS
                and not _is_boilerplate(body, paragraphs[k])  # (the sender's server's)
            )
        leading = range(repeated[0])
        if (
            not unmarked[repeated[0]]
            and not _under_header_block(body, start)
            and all(fresh[k] for k in leading)
            and any(new[k] and words[k] >= REPLY_WORDS for k in leading)
        ):
            replies.extend(leading)
        # (from the first repeated paragraph down to the sender's signature: an answer may
        # follow the quote's last paragraph, on the lines right below it; a paragraph may
        # hold marked lines too, where a client lost the markers of the lines around them)
        partly_repeated = [
            (first, last)
            for k in (range(bounds[0], signed) if bounds else ())
            for first, last in (paragraphs[k],)
            if measured[k] > 0.0 and k not in replies and not all(body.depth[first:last])
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
    repeats the thread, the unmarked sentences in no repeated run whose words are found
    nowhere (not a header line, a list's footer, a contact line or code: the quoted message's
    own, which a client may alter)."""
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
                and not body.depth[first + k]
                and is_sentence(line)
                and header_family(body.content[first + k]) is None
                and not p.LIST_FOOTER_LINE.search(line)
                and ancestors.found_nowhere([line])
            ):
                labels[first + k] = OWN
                found = True
    return found


_POINTS_BELOW = re.compile(r"\b(?:below|inline|in-line|in line|interleaved|between)\b", re.I)


def _repeats_by_chance(
    body: Body, ancestors: AncestorIndex, paragraph: tuple[int, int], share: float
) -> bool:
    """Whether a paragraph that shares a few word runs with the ancestors (less than
    FRESH_SHARE) repeats no line of them: the runs met by chance (the tail of a link to
    another file of the same tree, "...-lenovo-hr630.dts"), not a quote cut or altered. Its
    sentences must share no run at all (a quoted question whose list number the client
    changed repeats no whole line, but most of its runs), its other lines few; and it is no
    preview of a link that the text above gives (made by the quoted writer's client)."""
    if not 0.0 < share < FRESH_SHARE:
        return False
    lines = body.stripped[paragraph[0] : paragraph[1]]
    links = {link.rstrip(">)].,;:'\"") for link in p.URL.findall(" ".join(lines))}
    above = body.stripped[max(0, paragraph[0] - MAX_LINES_ABOVE_PREVIEW) : paragraph[0]]
    if links and any(link in line for link in links for line in above):
        return False
    if ancestors.repeated_runs(lines):
        return False
    for line in lines:
        line_share = ancestors.overlap([line])
        if line_share is None or line_share == 0.0:
            continue
        if is_sentence(line) or line_share >= REPEATED_SHARE:
            return False
    return True


def _signed_off_above(body: Body, labels: list[LineLabel], start: int) -> bool:
    """Whether the sender's text above the quote at `start` ends with a sign-off ("Regards,"
    / "Matt") or a name alone in its paragraph ("Ellie"), and points to no answers below
    ("Please see my comments below.")."""
    own = [k for k in indices_of(labels[:start], OWN) if body.stripped[k]]
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
    if sum(words_in(body, paragraph) for paragraph in fresh) < REPLY_WORDS:
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


def words_in(body: Body, paragraph: tuple[int, int]) -> int:
    return len(" ".join(body.stripped[paragraph[0] : paragraph[1]]).split())


def _is_boilerplate(body: Body, paragraph: tuple[int, int]) -> bool:
    """A paragraph that opens with a rule, or is a legal notice or a list's footer."""
    first, last = paragraph
    stripped = body.stripped
    return (
        is_rule(stripped[first])
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


# Lines of the quoted text, under its header block, within which its first repeated run must
# begin: further down, the text above it that repeats nothing is not the archived message.
MAX_LINES_BEFORE_REPEAT = 3
# Lines of an answer typed under the quote's last repeated line, at most.
MAX_TAIL_LINES = 3
# Tokens of a line, at least, for its inner words to tell whether an ancestor holds it.
MIN_INNER_TOKENS = 5
# A link's target that Outlook writes after its text ("docs<http://...>", "<mailto:...>"),
# where the archived text part may have none, and typographic signs that HTML mail has for
# ASCII ones: left out when a line is looked for in the ancestors.
_LINK_TARGET = re.compile(r"<(?:https?://|mailto:)[^<>\s]*>")
_IMAGE = re.compile(r"\[cid:[^\]]*\]")
_TYPOGRAPHIC = str.maketrans(
    dict.fromkeys("\u2018\u2019\u201c\u201d\u2022\u00b7\u2013\u2014\u2026", " ")
)


def _answers_under_header_block(
    body: Body, labels: list[LineLabel], ancestors: AncestorIndex, start: int, end: int
) -> bool:
    """Answers typed into the quoted text under an Outlook header block ("From: / Sent: /
    To: / Subject:", or Outlook Express's "----- Original Message -----"), as lines of their
    own with or without blank lines around them and with no markers: where that text is an
    ancestor's with lines inserted, the inserted lines found nowhere in the ancestors are the
    sender's. Whether it found any.

    The quoted text must begin by repeating an ancestor (so the quoted message is archived)
    and the parent's text must be long enough to tell. Only lines below the first repeated run
    and above any message quoted further down (another header block, a banner, an unmarked
    quote under "On ... wrote:", a `-- ` signature: text the archive may lack) are read; a
    line is new as `answer_in_quote` tells (no run of words, or neither end, in an ancestor),
    after link targets and typographic signs are left out (HTML mail quoted as text), and a
    line too short to tell is new only right under a new line (a sign-off). Header lines,
    rules, list footers, notices and MIME scaffolding are never answers.
    """
    if ancestors.parent_words() < PARENT_WORDS or not _below_header_block(body, labels, start):
        return False
    top = start
    while top < end and (not body.stripped[top] or header_family(body.content[top]) is not None):
        top += 1  # (Outlook Express's "From:" and "To:" under its banner)
    stop = next(
        (k for k in range(top, end) if _opens_another_message(body, ancestors, k, top)), end
    )
    raw = body.stripped[top:stop]
    lines = [_comparable(line) for line in raw]
    runs = ancestors.repeated_runs(lines)
    if (
        not runs
        or sum(1 for line in lines[: runs[0][0]] if line.strip()) >= MAX_LINES_BEFORE_REPEAT
    ):
        return False
    repeated = {k for first, last in runs for k in range(first, last) if lines[k].strip()}
    new = [False] * len(lines)
    for k in range(runs[0][1], len(lines)):
        index = top + k
        if (
            not lines[k].strip()
            or k in repeated
            or labels[index] is not QUOTE
            or body.depth[index]
            or _never_an_answer(body, index)
        ):
            continue
        if _held_inside(ancestors, raw[k]) or _held_inside(ancestors, lines[k]):
            continue
        if new[k - 1]:  # (the lines under a new line: its sentence wrapped, a sign-off)
            new[k] = (
                _prose_words(lines[k]) >= SHORT_ANSWER_WORDS
                and _found_nowhere(ancestors, raw, lines, k)
            ) or not ancestors.holds_in_order([raw[k]])
        else:
            new[k] = (
                is_sentence(lines[k])
                and _prose_words(lines[k]) >= SHORT_ANSWER_WORDS
                and _found_nowhere(ancestors, raw, lines, k)
            )
    found = False
    for first, last in _blocks(new):
        if _in_link_card(body, top + first) or not (
            any(k > last for k in repeated)
            or _typed_under(body, top, lines, repeated, new, (first, last))
        ):
            continue
        for k in range(first, last):
            labels[top + k] = OWN
        found = True
    return found


def _found_nowhere(ancestors: AncestorIndex, raw: list[str], lines: list[str], k: int) -> bool:
    """Whether line `k` is an answer as written and as compared (links and typographic signs
    left out): the ancestors may hold either form."""
    return answer_in_quote(ancestors, raw[k]) and answer_in_quote(ancestors, lines[k])


def _held_inside(ancestors: AncestorIndex, line: str) -> bool:
    """Whether an ancestor holds a line's words but the first and the last, in order: a line
    of it whose ends a client glued to the lines around ("Scenario1. IMS client ... client2.")."""
    tokens = line.split()
    return len(tokens) >= MIN_INNER_TOKENS and ancestors.holds_in_order([" ".join(tokens[1:-1])])


def _blocks(flags: list[bool]) -> list[tuple[int, int]]:
    """Runs of consecutive true flags, as (first, past the last)."""
    blocks: list[tuple[int, int]] = []
    for k, flag in enumerate(flags):
        if flag and blocks and blocks[-1][1] == k:
            blocks[-1] = (blocks[-1][0], k + 1)
        elif flag:
            blocks.append((k, k + 1))
    return blocks


def _typed_under(
    body: Body,
    top: int,
    lines: list[str],
    repeated: set[int],
    new: list[bool],
    block: tuple[int, int],
) -> bool:
    """Whether new lines below the last repeated text stand right under a repeated line of
    prose or a `>` line (the answer to it), few of them, with no longer line that repeats
    something below them (a sign-off may follow): not under a rule, a footer or a signature,
    nor above a notice, where the quoted message's own closing lines stand (an advert, a
    notice, a second signature that the archive does not keep)."""
    first, last = block
    if last - first > MAX_TAIL_LINES or any(
        lines[k].strip() and not new[k] and _prose_words(lines[k]) >= SHORT_ANSWER_WORDS
        for k in range(last, len(lines))
    ):
        return False
    above = first - 1
    while above >= 0 and not lines[above].strip():
        above -= 1
    if above < 0 or _never_an_answer(body, top + above):
        return False
    return body.depth[top + above] > 0 or (
        above in repeated and _prose_words(lines[above]) >= SHORT_ANSWER_WORDS
    )


def _in_link_card(body: Body, index: int) -> bool:
    """Whether the paragraph of line `index` holds a link preview's title or its "Read
    more" link (Outlook's, made by the quoted writer's client)."""
    first = last = index
    while first > 0 and body.stripped[first - 1]:
        first -= 1
    while last < body.n and body.stripped[last]:
        last += 1
    return any(
        _CARD_TITLE.search(body.stripped[k]) or body.stripped[k].lower().startswith("read more")
        for k in range(first, last)
    )


def _prose_words(line: str) -> int:
    """Plain words of a line less its links and images (a link Outlook rewrote, an image's
    `[cid:...]` name: the quoted message's, in no form the archive keeps)."""
    text = _IMAGE.sub(" ", p.URL.sub(" ", line))
    return sum(1 for token in text.split() if p.PROSE_WORD.fullmatch(token))


def _comparable(line: str) -> str:
    return _LINK_TARGET.sub(" ", line).translate(_TYPOGRAPHIC)


def _below_header_block(body: Body, labels: list[LineLabel], start: int) -> bool:
    """Whether the attribution lines right above `start` hold a header line or a banner."""
    index = start - 1
    while index >= 0 and labels[index] in (ATTRIBUTION, BLANK):
        text = body.stripped[index]
        if text and (header_family(body.content[index]) or p.ORIGINAL_MESSAGE.match(text.lower())):
            return True
        index -= 1
    return False


def _opens_another_message(body: Body, ancestors: AncestorIndex, index: int, top: int) -> bool:
    """Whether line `index` of a quote opens a message quoted or signed inside it that may be
    no ancestor: another header block, a banner, a signature, an attribution that no ancestor
    holds (the quoted message is then another reply, quoting an ancestor), or any attribution
    above unmarked text (its quote). At `top`, only an attribution no ancestor holds."""
    text = body.stripped[index]
    if not text or body.depth[index]:
        return False
    lowered = text.lower()
    if index > top and (
        p.ORIGINAL_MESSAGE.match(lowered)
        or p.FORWARD_BANNER.match(lowered)
        or is_signature_delimiter_line(body, text)
        or header_block_at(body, index) > 0
    ):
        return True
    size, _ = attribution_at(body, index)
    if not size:
        return False
    below = index + size
    while below < body.n and not body.stripped[below]:
        below += 1
    attribution = " ".join(_comparable(line) for line in body.stripped[index : index + size])
    held = ancestors.holds_in_order([attribution])
    return not held or (index > top and below < body.n and not body.depth[below])


def _never_an_answer(body: Body, index: int) -> bool:
    """A header line, a rule, a list's footer, a notice or MIME scaffolding: quoted, or added
    by software."""
    text = body.stripped[index]
    return (
        header_family(body.content[index]) is not None
        or is_rule(text)
        or p.LIST_FOOTER_LINE.search(text.lower()) is not None
        or _MIME_OR_ARMOUR.match(text) is not None
        or p.MAIL_ADVERT.search(text.lower()) is not None
        or _in_disclaimer(body, index)
    )


def _in_disclaimer(body: Body, index: int) -> bool:
    first = index
    while first > 0 and body.stripped[first - 1]:
        first -= 1
    return disclaimer_at(body, first) > 0
