"""Label every line of a body: own text, quotes, attributions, forwards, signatures, footers.

The walk (`walker.py`) labels what each line and its neighbours show. Later passes use what a
walk cannot see line by line: the first line of a quoted paragraph that lost its `>`, an advert
or notice appended below the sender's text (`appended.py`), text repeated from ancestor
messages, trailing boilerplate learned from the list, and the contact block that closes the
sender's text. The passes live beside it: `lost_markers.py` (from the lines around),
`repeated_text.py`, `unmarked_replies.py` and `typed_replies.py` (from the thread), on the
label walks of `labelling.py`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from analyzer.quotes.ancestry import REPEATED_SHARE, AncestorIndex
from analyzer.quotes.appended import label_appended_boilerplate
from analyzer.quotes.armour import label_geek_code, label_pgp_armour
from analyzer.quotes.attachments import label_inline_attachments
from analyzer.quotes.closing import (
    label_bare_delimiter_tail,
    label_closing_residue,
    label_notice_parts,
    label_signed_titles,
)
from analyzer.quotes.contact_tail import label_sender_contact_block
from analyzer.quotes.footers import FooterModel
from analyzer.quotes.forum import label_forum_quotes
from analyzer.quotes.labelling import ATTRIBUTION, BLANK, FOOTER, OWN, QUOTE, SIGNATURE, indices_of
from analyzer.quotes.lost_markers import (
    join_separators_to_neighbours,
    label_first_lines_quoted_again,
    label_glued_first_lines,
    label_lost_marker_lines,
    label_wrapped_quote_fragments,
    marked_run_starts,
    restore_first_lines_found_nowhere,
)
from analyzer.quotes.markers import fix_markers
from analyzer.quotes.model import LabelledLine, LineLabel
from analyzer.quotes.repeated_text import label_ancestor_paragraphs
from analyzer.quotes.signatures import (
    label_client_tags,
    label_contact_block,
    label_drawn_signature,
    label_mobile_taglines,
)
from analyzer.quotes.structures import Body, parse_body
from analyzer.quotes.typed_replies import (
    find_replies_typed_into_quotes,
    label_code_marked_in_thread_roots,
    label_indented_marked_lines,
    label_notes_on_quoted_lines,
    label_pasted_quotations,
    label_prompted_sessions,
    label_short_lines_of_quotes,
)
from analyzer.quotes.unmarked_replies import find_replies_below_unmarked_quotes
from analyzer.quotes.walker import Walker

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
            for k in indices_of(labels, ATTRIBUTION)
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
    body: str, *, ancestors: AncestorIndex | None = None, thread_root: bool = False
) -> tuple[Body, list[LineLabel]]:
    """Labels from the body (and its ancestors) alone, before list-wide knowledge is used;
    ``thread_root``: the message starts a thread (it has no parent and no reply's subject)."""
    parsed = parse_body(body)
    fix_markers(parsed, ancestors)
    labels = Walker(parsed).walk()
    label_forum_quotes(parsed, labels)
    label_pgp_armour(parsed, labels)
    label_geek_code(parsed, labels)
    label_inline_attachments(parsed, labels)
    join_separators_to_neighbours(parsed, labels)
    label_wrapped_quote_fragments(parsed, labels)
    lost_first_lines = label_lost_marker_lines(parsed, labels)
    run_starts = marked_run_starts(parsed)
    label_first_lines_quoted_again(parsed, labels, run_starts)
    if ancestors is None:  # (else the quoted text is matched against the ancestors)
        label_glued_first_lines(parsed, labels, run_starts)
    # before the ancestors are compared: an advert or notice that a mail service appended to
    # every message recurs in them too, and would be taken for a quote, in part
    label_appended_boilerplate(parsed, labels)
    if thread_root:
        label_code_marked_in_thread_roots(parsed, labels)
    label_indented_marked_lines(parsed, labels)
    if ancestors is not None:
        if QUOTE not in labels and ATTRIBUTION not in labels:
            ancestors = ancestors.others()  # a message that quotes nothing: a bot's report?
        restore_first_lines_found_nowhere(parsed, labels, ancestors, lost_first_lines)
        label_ancestor_paragraphs(parsed, labels, ancestors)
        if find_replies_below_unmarked_quotes(parsed, labels, ancestors):
            label_appended_boilerplate(parsed, labels)  # the reply's tail is new own text
        label_pasted_quotations(parsed, labels, ancestors)
        find_replies_typed_into_quotes(parsed, labels, ancestors)
        label_notes_on_quoted_lines(parsed, labels, ancestors)
        label_prompted_sessions(parsed, labels, ancestors)
        label_short_lines_of_quotes(parsed, labels, ancestors)
    _indented_quote_lines(parsed, labels, ancestors)
    return parsed, labels


def finish_labels(
    body: Body,
    labels: list[LineLabel],
    known_footers: FooterModel | None,
    sender_words: frozenset[str] = frozenset(),
) -> None:
    """Learned footers at the tail, then mail clients' tags and the contact block that close
    the own text, the title or address under the sender's name (`sender_words`: the words of
    the sender's name and address, lower case), and the headings and delimiters left above."""
    if known_footers is not None and _learned_footer_tail(body, labels, known_footers):
        label_appended_boilerplate(body, labels)  # it may stand above the learned footer
    label_client_tags(body, labels)
    label_mobile_taglines(body, labels)
    label_drawn_signature(body, labels)
    label_contact_block(body, labels)
    label_signed_titles(body, labels, sender_words)
    label_sender_contact_block(body, labels, sender_words)
    label_notice_parts(body, labels)
    label_bare_delimiter_tail(body, labels)
    label_closing_residue(body, labels)


def label_lines(
    body: str,
    *,
    ancestor_texts: Sequence[str] = (),
    known_footers: FooterModel | None = None,
    ancestors: AncestorIndex | None = None,
    sender_words: frozenset[str] = frozenset(),
) -> tuple[Body, list[LineLabel]]:
    """The parsed body and one label per line (see `segment`)."""
    if ancestors is None and ancestor_texts:
        ancestors = AncestorIndex.from_texts(ancestor_texts)
    parsed, labels = base_labels(body, ancestors=ancestors)
    finish_labels(parsed, labels, known_footers, sender_words)
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
