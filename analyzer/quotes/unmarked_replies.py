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
from analyzer.quotes.signatures import (
    is_name_line,
    is_sign_off,
)
from analyzer.quotes.structures import Body, disclaimer_at, header_family

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
