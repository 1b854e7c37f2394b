"""The one walk down a body that labels its lines.

It starts in "own text" and switches state at the structures that change what follows: a quote
marker quotes its line only; an unmarked attribution, an Outlook header block or an
`-----Original Message-----` line quotes everything under it (unless what follows carries
markers); a forward banner forwards everything under it; a `-- ` line starts a signature.
List footers, Pipermail notices and disclaimers are recognised in any state.

Most lines are plain text or plainly quoted, so the walk tries the costly recognisers only
when a cheap test (first character, a colon, a blank line before) allows a match.
"""

from __future__ import annotations

import re

from analyzer.quotes import patterns as p
from analyzer.quotes.armour import is_signature_delimiter_line
from analyzer.quotes.labelling import ATTRIBUTION, BLANK, FOOTER, FORWARD, OWN, QUOTE, SIGNATURE
from analyzer.quotes.model import LineLabel
from analyzer.quotes.signatures import sign_off_above_disclaimer
from analyzer.quotes.structures import (
    Body,
    attribution_at,
    disclaimer_at,
    header_block_at,
    header_family,
    list_footer_at,
    may_open_list_footer,
    pipermail_notice_at,
)

_NORMAL = 0
_UNMARKED_QUOTE = 1
_FORWARDED = 2
_SIGNATURE = 3
_INDENTED_QUOTE = 4
_MODE_LABELS = {_FORWARDED: FORWARD, _SIGNATURE: SIGNATURE}  # what text is in these states

MAX_BARE_DASH_SIGNATURE = 12
INLINE_ANSWER_LINES = 12
_RULE_STARTS = ("--", "__", "==", "**", "~~", "##")
_BANNER_WORDS = (
    "Begin",
    "begin",
    "BEGIN",
    "Original",
    "original",
    "ORIGINAL",
    "Message",
    "message",
)
_NOTICE_STARTS = ("--------------", "An ", "A non", "an ", "a non", "Skipped", "skipped")
_MOBILE_STARTS = (
    "Sent ",
    "sent ",
    "Get Outlook",
    "get outlook",
    "Envoy",
    "envoy",
    "Von meinem",
    "von meinem",
    "Enviado",
    "enviado",
    "Inviato",
    "inviato",
    "发自",
    "從",
    "Verzonden",
    "verzonden",
    "Skickat",
    "skickat",
    "SENT ",
)
_QUOTED_HEADER_FIRST = frozenset("-*F")
# Starts of a line that one of the recognisers of unmarked lines may take up: a Pipermail
# notice, a banner, a mobile signature, a rule (list footers, `--` signature delimiters).
_RECOGNISED_STARTS = _NOTICE_STARTS + _BANNER_WORDS + _MOBILE_STARTS + _RULE_STARTS
_INDENTS = ("  ", "\t")


def _may_be_notice(line: str) -> bool:
    """Pipermail notices start with 14 dashes, "An HTML...", "A non-text..." or "Skipped"."""
    return line.startswith(_NOTICE_STARTS)


def _may_be_header(line: str) -> bool:
    """`From:`, `*Sent:*`, `Enviado el:`, `发件人：`: a colon after a few letters."""
    position = line.find(":", 0, 24)
    if position < 0:
        position = line.find("：", 0, 12)
    if position <= 0:
        return False
    key = line[:position].replace(" ", "").replace("*", "").replace("-", "")
    return key.isalpha() or (key[:1] == "?" and not key.strip("?"))


def _may_be_banner(line: str) -> bool:
    """Banners start with a rule, "Begin"/"Original"/"Message du", or (charset damage) a `?`."""
    first = line[0]
    if line.startswith(_RULE_STARTS):
        return True
    if first.isalnum():
        return line.startswith(_BANNER_WORDS)
    return "essage" in line


def _is_plain(line: str) -> bool:
    """A line with none of the starts, colons or phrases that the recognisers of unmarked lines
    look for: no notice, rule, banner, header or mobile signature can begin there. (Paragraph
    starts and lines near a line ending with a colon are tested apart.)"""
    return (
        not line.startswith(_RECOGNISED_STARTS)
        and (line[0].isalnum() or "essage" not in line)
        and ((line.find(":", 0, 24) < 0 and line.find("：", 0, 12) < 0) or not _may_be_header(line))
        and "ent from my" not in line
        and "ent?from?my" not in line
    )


def _may_open_disclaimer(line: str) -> bool:
    """A disclaimer glued to the text above it starts with words like these."""
    lowered = line[:60].lower()
    return "confidential" in lowered or "disclaimer" in lowered or "intended" in lowered


_DIGEST_SECTION = re.compile(
    r"^(?:Message:\s*\d+|Subject:\s*Digest Footer|End of .{1,80} Digest\b.*)$", re.IGNORECASE
)
_DIGEST_LOOKAHEAD = 6
GREETING_WORDS = 4
_FORWARD_END = re.compile(r"^-{3,}\s*end\s+(?:of\s+)?forwarded\s+message\s*-*$")
_LONE_FROM = re.compile(
    r'^From:\s+(?:"[^"]*"\s*|[^"<>:@]{1,80}?\s+)?<?[^\s<>"]+(?:@|\s+at\s+)[^\s<>"]+>?\s*$'
)
# Nabble's attribution, and old Mozilla's, have no colon: "Curtis Rueden wrote".
_NAME_WROTE = re.compile(
    r"^[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|van|von|de|der|da|di|du|le|la)){0,4}\s+wrote$"
)
# Gmail's attribution in its Chinese locales when the verb line is lost: a date, the writer's
# name and address, no verb and no colon ("2011/9/21 Jeroen van Veen <j.veenvan at gmail.com>").
_DATED_ADDRESS = re.compile(
    r"^(?:19|20)\d\d[/-]\d{1,2}[/-]\d{1,2}(?: \d{1,2}:\d\d(?::\d\d)?)?(?: GMT[+-]\d\d:\d\d)?"
    r" [^<>]{0,80}<[^<>\s]+(?:@| at )[^<>\s]+>$"
)
# An attribution whose every letter charset damage turned into "?" (Thunderbird's "孙绍轩 写道:").
_GARBLED_ATTRIBUTION = re.compile(r"^\?[? ]*\?\s*[:：]$")
# How an attribution that names the writer ends ("Ann wrote:"; not "the doc says:").
_WROTE_AT_END = re.compile(
    r"\b(?:wrote|writes|escribi\S|ha\s+escrit|a\s+[ée]crit|schrieb|skrev|scrisse|ha\s+scritto)\s*:?\s*$",
    re.IGNORECASE,
)
# A person's name in square brackets, alone on its line.
_BRACKETED_NAME = re.compile(r"^\[\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,3}\s*\]$")
# alot's attribution (kernel.org maintainers), no colon: "Quoting Ann Smith (2019-08-16 07:11:32)".
_QUOTING_DATED = re.compile(
    r"^Quoting\s+\S[^()]{0,100}\(\d{4}-\d\d-\d\d[ T]\d{1,2}:\d\d(?::\d\d)?[^()]{0,12}\)$"
)
# A line that stands for the quoted text: "[cut]", "[...]", "[ stuff about bugs, pixels, and
# boxes ]" (not a gateway's "[External Email]").
_SUMMARY_LINE = re.compile(
    r"^\[\s*(?:\.\.\.+|…|cut|snip\w*|stuff\b[^\[\]]{0,80}"
    r"|[^\[\]]{0,60}\b(?:deleted|removed|omitted|trimmed|elided|skipped|cut|snipped)\b[^\[\]]{0,40})"
    r"\s*\]$",
    re.IGNORECASE,
)


def _digest_goes_on(body: Body, index: int) -> bool:
    """Whether a digest's next section (a rule, then "Message: 3") or its end line follows
    within a few lines of ``index``: a Pipermail notice above it is one the digest carried,
    not the end of the message quoting it."""
    seen = 0
    stripped = body.stripped
    for k in range(index, body.n):
        line = stripped[k]
        if not line:
            continue
        if _DIGEST_SECTION.match(line):
            return True
        seen += 1
        if seen > _DIGEST_LOOKAHEAD:
            return False
    return False


_DIGEST_HEADER_LINE = re.compile(r"^[A-Za-z][\w-]{0,30}:(?:\s|$)")
"""Any header line (``Content-Transfer-Encoding:`` too, longer than ``p.HEADER_LINE`` takes)."""


def _digest_section_header(body: Body, start: int) -> int:
    """Lines of a digest section's header block at ``start`` (``Date:``, ``From:``,
    ``Subject:``, ``Message-ID:``, ``Content-Type:``, values wrapped over indented lines), up
    to its blank line; 0 unless it names a sender and a date or subject."""
    families: set[str] = set()
    index = start
    value_below = False  # the line above is a header whose value went to the next line
    while index < body.n and body.content[index] and body.depth[index] == body.depth[start]:
        line = body.content[index]
        if index > start and (body.lines[index][:1] in (" ", "\t") or value_below):
            index += 1  # a wrapped value (its indentation maybe lost to charset damage)
            value_below = False
            continue
        if not _DIGEST_HEADER_LINE.match(line):
            return 0
        value_below = line.rstrip().endswith(":")
        family = header_family(line)
        if family is not None:
            families.add(family)
        index += 1
    if "from" in families and families & {"sent", "subject"}:
        return index - start
    return 0


class Walker:
    """Walks a parsed body once; `walk()` returns one label per line."""

    __slots__ = ("body", "labels", "mode")

    def __init__(self, body: Body) -> None:
        self.body = body
        self.labels: list[LineLabel] = [OWN] * body.n
        self.mode = _NORMAL

    def walk(self) -> list[LineLabel]:
        body = self.body
        stripped = body.stripped
        depth = body.depth
        content = body.content
        colon = body.colon
        labels = self.labels
        n = body.n
        index = 0
        while index < n:
            if self.mode == _UNMARKED_QUOTE:
                index = self.skip_unmarked_quote(index)
                if index >= n:
                    break
            elif self.mode == _INDENTED_QUOTE:
                index = self.skip_indented_quote(index)
                if index >= n:
                    break
            if not stripped[index]:
                labels[index] = BLANK
                index += 1
            elif depth[index]:
                text = content[index]
                if (
                    self.mode == _NORMAL
                    and not colon[index]
                    and not (text and text[0] in _QUOTED_HEADER_FIRST)
                    and not (index + 1 < n and colon[index + 1])
                ):
                    labels[index] = QUOTE  # the common case, decided without a call
                    index += 1
                else:
                    index = self.marked_line(index)
            elif (
                index
                and stripped[index - 1]
                and not colon[index]
                and not (index + 1 < n and colon[index + 1])
                and not (index + 2 < n and colon[index + 2])
                and (
                    self.mode == _NORMAL
                    or (self.mode == _SIGNATURE and not _may_open_disclaimer(stripped[index]))
                )
                and _is_plain(stripped[index])
            ):
                # inside a paragraph, where nothing can start: own text, or the signature's
                if self.mode == _SIGNATURE:
                    labels[index] = SIGNATURE
                index += 1
            else:
                index = self.unmarked_line(index)
        return labels

    def skip_unmarked_quote(self, index: int) -> int:
        """Label the quoted text under an unmarked introducer, up to a possible new MIME part."""
        stripped = self.body.stripped
        labels = self.labels
        n = self.body.n
        while index < n:
            line = stripped[index]
            if not line:
                labels[index] = BLANK
            elif _may_be_notice(line) and (span := pipermail_notice_at(self.body, index)):
                if not _digest_goes_on(self.body, index + span):
                    return index
                # a notice the quoted digest carries: its next section is quoted too
                index = self.fill(index, span, FOOTER)
                continue
            else:
                labels[index] = QUOTE
            index += 1
        return index

    def skip_indented_quote(self, index: int) -> int:
        """Label a quote marked by indentation (Outlook for Mac), up to the first line that
        is not indented: the reply below it."""
        lines = self.body.lines
        stripped = self.body.stripped
        labels = self.labels
        n = self.body.n
        while index < n:
            if not stripped[index]:
                labels[index] = BLANK
            elif lines[index].startswith(_INDENTS):
                labels[index] = QUOTE
            else:
                self.mode = _NORMAL
                return index
            index += 1
        return index

    def quote_mode(self, index: int) -> int:
        """Unmarked quoted text below `index`: indented (ends with the indentation) or not."""
        following = self.next_content(index)
        if following is not None and self.body.lines[following].startswith(_INDENTS):
            return _INDENTED_QUOTE
        return _UNMARKED_QUOTE

    # --- helpers ---------------------------------------------------------------------------

    def next_content(self, index: int) -> int | None:
        """Index of the first non-blank line at or after `index`."""
        stripped = self.body.stripped
        while index < self.body.n:
            if stripped[index]:
                return index
            index += 1
        return None

    def fill(self, start: int, span: int, label: LineLabel) -> int:
        labels = self.labels
        stripped = self.body.stripped
        for index in range(start, start + span):
            labels[index] = label if stripped[index] else BLANK
        return start + span

    def quote_follows(self, index: int) -> bool:
        """Whether the next non-blank line from `index` on is a marked quote (or nothing).

        Elision marks (`[...]`, `[snip]`) between an attribution and its quote are passed over.
        """
        following = self.next_content(index)
        while following is not None and p.ELISION_LINE.match(self.body.stripped[following]):
            following = self.next_content(following + 1)
        return following is None or self.body.depth[following] > 0

    def _opens_body(self, index: int) -> bool:
        """Whether no line above `index` holds anything."""
        return not any(self.body.stripped[:index])

    def marked_quote_next(self, index: int) -> bool:
        """Whether the next non-blank line from `index` on is a marked quote."""
        following = self.next_content(index)
        return following is not None and self.body.depth[following] > 0

    # --- marked lines ------------------------------------------------------------------------

    def marked_line(self, index: int) -> int:
        if self.mode == _FORWARDED:
            self.labels[index] = FORWARD
            return index + 1
        if self.mode == _SIGNATURE:
            self.mode = _NORMAL
        body = self.body
        text = body.content[index]
        if (
            body.colon[index]
            or (text and text[0] in _QUOTED_HEADER_FIRST)
            or (index + 1 < body.n and body.colon[index + 1])
        ):
            span = self.quoted_header_span(index)
            if span:
                return self.fill(index, span, ATTRIBUTION)
        self.labels[index] = QUOTE
        return index + 1

    def quoted_header_span(self, index: int) -> int:
        """Attribution or header lines inside a quote (labelled apart, removed all the same)."""
        body = self.body
        text = body.content[index]
        if text and (text[0] in "-_=" or (not text[0].isalnum() and "essage" in text)):
            lowered = text.lower()
            if p.ORIGINAL_MESSAGE.match(lowered) or p.FORWARD_BANNER.match(lowered):
                return 1
        span = header_block_at(body, index)
        if span:
            return span
        span, strength = attribution_at(body, index)
        return span if strength else 0

    # --- unmarked lines ----------------------------------------------------------------------

    def unmarked_line(self, index: int) -> int:
        body = self.body
        line = body.stripped[index]
        if _may_be_notice(line):
            span = pipermail_notice_at(body, index)
            if span:
                self.mode = _NORMAL
                return self.fill(index, span, FOOTER)
        if self.mode == _UNMARKED_QUOTE:
            # footers inside the quoted text are quoted too: only a new MIME part ends it
            self.labels[index] = QUOTE
            return index + 1
        if index == 0 or not body.stripped[index - 1]:
            # a paragraph starts: list footer or disclaimer?
            span = list_footer_at(body, index) if may_open_list_footer(line) else 0
            if not span:
                span = disclaimer_at(body, index)
                if span and (signed := sign_off_above_disclaimer(body, index, span)):
                    # the sender's sign-off glued above the notice stays theirs
                    label = _MODE_LABELS.get(self.mode, OWN)
                    self.fill(index, signed, label)
                    return self.fill(index + signed, span - signed, FOOTER)
            if span:
                return self.fill(index, span, FOOTER)
        else:
            if line.startswith(_RULE_STARTS):
                span = list_footer_at(body, index)
                if span:
                    return self.fill(index, span, FOOTER)
            if self.mode == _SIGNATURE and _may_open_disclaimer(line):
                span = disclaimer_at(body, index)
                if span:
                    return self.fill(index, span, FOOTER)
        if self.mode == _FORWARDED:
            self.labels[index] = FORWARD
            if line[:1] == "-" and _FORWARD_END.match(line.lower()):
                self.mode = _NORMAL  # mutt's "----- End forwarded message -----"
            return index + 1
        if self.may_start_quote(index, line):
            following = self.quote_start(index)
            if following:
                return following
        if (
            line[:1] == "["
            and _BRACKETED_NAME.match(line)
            # (or, opening the message, the quotes further down: Pinard answers in between)
            and (self.quote_follows(index + 1) or (self._opens_body(index) and body.marked))
        ):
            # Gnus with François Pinard's settings: "[Christopher Armstrong]" above the quote
            self.mode = _NORMAL
            return self.fill(index, 1, ATTRIBUTION)
        if (
            (line[:8] == "Quoting " and _QUOTING_DATED.match(line))
            or (line[-6:] == " wrote" and _NAME_WROTE.match(line))
            or (line[-1:] == ">" and _DATED_ADDRESS.match(line))
        ) and self.marked_quote_next(index + 1):
            # attributions without a colon, taken only right above a `>` quote
            self.mode = _NORMAL
            return self.fill(index, 1, ATTRIBUTION)
        if (
            line[:1] == "-"
            and is_signature_delimiter_line(body, line)
            and self.is_signature_delimiter(index)
        ):
            self.mode = _SIGNATURE
            self.labels[index] = SIGNATURE
            return index + 1
        if (
            (line.startswith(_MOBILE_STARTS) or "ent from my" in line or "ent?from?my" in line)
            and len(line) < 120
            and p.MOBILE_SIGNATURE.match(line.lower())
        ):
            self.labels[index] = SIGNATURE
            return index + 1
        self.labels[index] = SIGNATURE if self.mode == _SIGNATURE else OWN
        return index + 1

    def may_start_quote(self, index: int, line: str) -> bool:
        """Cheap test: could a banner, header block or attribution begin at this line?"""
        if _may_be_banner(line) or _may_be_header(line):
            return True
        colon = self.body.colon
        n = self.body.n
        return (
            colon[index]
            or (index + 1 < n and colon[index + 1])
            or (index + 2 < n and colon[index + 2])
        )

    def quote_start(self, index: int) -> int:
        """Label a structure that introduces quoted or forwarded text; return the next index."""
        body = self.body
        text = body.content[index]
        if _may_be_banner(text):
            lowered = text.lower()
            if p.ORIGINAL_MESSAGE.match(lowered):
                return self.introduce(
                    index, 1 + header_block_at(body, index + 1, after_banner=True)
                )
            if p.FORWARD_BANNER.match(lowered):
                end = index + 1 + header_block_at(body, index + 1, after_banner=True)
                if self.quote_follows(end):
                    return self.fill(index, end - index, ATTRIBUTION)
                self.mode = _FORWARDED
                return self.fill(index, end - index, FORWARD)
            if text[0] == "_" and index + 1 < body.n and p.UNDERSCORE_RULE.match(text):
                span = header_block_at(body, index + 1)
                if span:
                    return self.introduce(index, 1 + span)
        if text[:1] in "Mm" and p.DIGEST_MESSAGE.match(text):
            # "Message: 3" and the section's headers, pasted from a digest: not the sender's
            # words. Under a reply, the section's text follows (a quote, as under any header
            # block); at the top (a greeting at most above it), the sender answers right under
            # the pasted headers.
            following = self.next_content(index + 1)
            if following is not None:
                span = _digest_section_header(body, following)
                if span and self.own_words_above(index) > GREETING_WORDS:
                    return self.introduce(index, following - index + span)
                if span:
                    return self.fill(index, following - index + span, ATTRIBUTION)
        span = header_block_at(body, index)
        if span:
            return self.introduce(index, span)
        if text[0] == "?" and _GARBLED_ATTRIBUTION.match(text) and self.quote_follows(index + 1):
            return self.fill(index, 1, ATTRIBUTION)
        if _LONE_FROM.match(text) and self.quote_follows(index + 1):
            # Outlook Express's attribution: the quoted sender's From line alone
            return self.fill(index, 1, ATTRIBUTION)
        span, strength = attribution_at(body, index)
        if not strength:
            return 0
        if self.quote_follows(index + span) or (
            OWN not in self.labels[:index] and self.answers_inline(index + span)
        ):
            self.mode = _NORMAL
            return self.fill(index, span, ATTRIBUTION)
        if strength == "strong" and self.marked_quote_after_one_line(index + span):
            self.mode = _NORMAL
            first = self.next_content(index + span)
            if first is not None and header_family(body.content[first]) == "subject":
                span = first + 1 - index  # the quoted message's subject, under its attribution
            return self.fill(index, span, ATTRIBUTION)
        summary = self.next_content(index + span)
        if summary is not None and _SUMMARY_LINE.match(body.stripped[summary]):
            # "[ stuff about setup.py not working ]", "[cut]": the quote cut to a summary,
            # the reply right under it
            self.mode = _NORMAL
            return self.fill(index, summary + 1 - index, ATTRIBUTION)
        if strength == "strong":
            self.mode = self.quote_mode(index + span)
            return self.fill(index, span, ATTRIBUTION)
        if _WROTE_AT_END.search(body.stripped[index + span - 1]) and (
            summary is None or OWN not in self.labels[:index]
        ):
            # "Andrew Bennetts wrote:" above the sender's words, its quote cut; or closing
            # the message, its quote gone: no words of the sender's either way
            return self.fill(index, span, ATTRIBUTION)
        return 0

    def marked_quote_after_one_line(self, index: int) -> bool:
        """The quote under an attribution is marked, its first line unmarked by accident: the
        line right after it is marked (a ``>>>`` prompt or ``> $`` shell line taken for the
        sender's, a re-wrapped first line). Taken for an unmarked quote, the reply below the
        marked lines was lost."""
        first = self.next_content(index)
        if first is None or self.body.depth[first] or self.body.lines[first].startswith(_INDENTS):
            return False  # (an indented line opens Outlook for Mac's quote, its own kind)
        second = first + 1
        if second >= self.body.n or not self.body.depth[second]:
            return False
        # an attribution of its own ("On ..., Bob wrote:" under "Ann wrote:") opens the older
        # message that the unmarked quote holds, its own quotes marked, as does a header
        # block; a lone "Subject:" line names the quoted message's subject (mutt's
        # attribution can say it)
        return not attribution_at(self.body, first)[1] and header_family(
            self.body.content[first]
        ) in (None, "subject")

    def own_words_above(self, index: int) -> int:
        """Words of the lines above ``index`` labelled the sender's so far."""
        labels = self.labels
        stripped = self.body.stripped
        return sum(len(stripped[k].split()) for k in range(index) if labels[k] is OWN)

    def answers_inline(self, index: int) -> bool:
        """A few unmarked lines, then the `>` quote the attribution introduced: the sender
        cut the top of the quote and answered right under the attribution. (Only asked when
        nothing of the sender's stands above the attribution: a top-post quotes a message
        whole, its own `>` quotes included.)"""
        body = self.body
        seen = 0
        for k in range(index, min(body.n, index + INLINE_ANSWER_LINES)):
            if body.depth[k]:
                return body.depth[k] == 1 and seen > 0
            if not body.stripped[k]:
                continue
            seen += 1
            if body.colon[k] or header_family(body.content[k]) or _may_be_banner(body.stripped[k]):
                return False  # an attribution or a header of an older message: not inline
        return False

    def introduce(self, index: int, span: int) -> int:
        """An unmarked quote introducer: what follows is quoted unless it carries markers."""
        end = self.fill(index, span, ATTRIBUTION)
        self.mode = _NORMAL if self.quote_follows(end) else self.quote_mode(end)
        return end

    def is_signature_delimiter(self, index: int) -> bool:
        """`-- ` opens a signature; a bare `--` only when a short block follows it."""
        body = self.body
        if (
            sum(
                0 <= k < body.n and body.stripped[k].startswith("-- ")
                for k in (index - 1, index + 1, index + 2)
            )
            >= 2
        ):
            # build-tool output (cmake prints "-- " lines), not a signature (whose first line
            # may be a motto, " -- Of course I'm crazy, ...")
            return False
        if body.lines[index].rstrip("\r") in ("-- ", "- -- "):
            return True
        count = 0
        for k in range(index + 1, body.n):
            if body.depth[k] > 0:
                break
            if body.stripped[k]:
                count += 1
                if count > MAX_BARE_DASH_SIGNATURE:
                    return False
        return True
