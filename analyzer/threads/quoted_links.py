"""Parents by quoted text, for messages that lost their reply headers: the earlier message whose
own text a message quotes (of its subject, or for a digest's reply, a reply whose parent the
archive lacks or a message nothing else placed, of any subject), or whose Message-ID a quoted
header shows.

Apart from `fallback`, which weighs these links against subjects, greetings and attributions, to
keep both modules small; `fallback` imports from here (the body reading, in batches, and
``NO_DATE`` too), never the other way but for type annotations.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from itertools import pairwise
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analyzer.threads.attributions import Attribution, attribution
from analyzer.threads.greetings import greeted_name
from analyzer.threads.quoting import (
    LETTER_WORD,
    MAX_CHARS,
    is_prose,
    may_quote,
    own_text,
    quoted_lines,
    speaks,
)

if TYPE_CHECKING:
    from analyzer.threads.fallback import ArchiveOrder, Subjects

NO_DATE = np.iinfo(np.int64).min
"""A missing date in the dates as int64 nanoseconds (NaT's value)."""

QUOTE_CANDIDATES = 20
"""How many of the most recent same-subject messages are searched for the quoted text."""
DIGEST_REPLY_WINDOW = pd.Timedelta(days=14)
DIGEST_REPLY_CANDIDATES = 120
"""A reply written in a digest keeps the digest's subject: the messages of the two weeks before
it (at most this many, the latest) are searched for what it quotes, whatever their subject."""
ASTRAY_REPLY_CANDIDATES = 40
"""The same for a reply whose parent the archive lacks, under a subject of its own: it answers
a recent message (twisted-python: 23 of 28 such links to one of the 20 latest, 27 to one of
the 40 latest), and its search reads bodies that threading by headers never needs."""
_DIGEST_REPLY_LINES = 2  # quoted lines a digest reply must share with its parent
LATE_PARENT_WINDOW = pd.Timedelta(days=1)
"""How much later than a reply its parent may be dated: a sender's clock or time zone may be
wrong by hours (twisted-python: of 22,874 replies with an archived header parent, 103 are dated
before it, 96 of them by less than a day). A reply whose quote no earlier message of its
subject holds looks among the messages of the day after it (`_SubjectQuotes`)."""

_COMMON_LINE = 3  # a line found in this many candidates is boilerplate (footer, signature)
MAX_QUOTED = 40  # quoted lines compared per message: enough to tell, bounded cost


def quoted_parent(
    quoted: list[str], candidates: list[str], at_least: int = 1, first: bool = False
) -> int | None:
    """Index of the latest candidate (they come oldest first) whose own text the quote holds
    (``at_least`` of its lines that few candidates share). A reply that quotes a chain, or a
    digest, holds its parent's text and the older messages that one carried along; the parent
    is the newest of them, however short its text. ``first``: the earliest such candidate
    (among messages dated after the reply, the one nearest its date)."""
    found = [[line in text for text in candidates] for line in quoted]
    telling = [hits for hits in found if 0 < sum(hits) < _COMMON_LINE]
    if not telling:
        return None
    scores = [sum(column) for column in zip(*telling, strict=True)]
    latest = [k for k, score in enumerate(scores) if score >= at_least]
    if not latest:
        return None
    return latest[0] if first else latest[-1]


def _looks_quoting(body: object) -> bool:
    return isinstance(body, str) and (">" in body or "riginal" in body or "___" in body)


def _quotes_and_speaks(body: str, quoted: list[str]) -> bool:
    """Whether a message that nothing but its quote may place quotes sentences (``quoted``, its
    quoted lines), as many as the wide search needs, and wrote one of its own (`speaks`)."""
    prose = sum(map(is_prose, quoted))
    return prose >= _DIGEST_REPLY_LINES and speaks(body)


BodyLookup = Callable[[np.ndarray], Mapping[int, object]]
"""The bodies of the given rows, by row: for a table too large to hold every body."""


def lookup_of(bodies: pd.Series | BodyLookup) -> BodyLookup:
    if not isinstance(bodies, pd.Series):
        return bodies
    values = bodies.array  # read row by row: only the rows asked for become objects

    def lookup(rows: np.ndarray) -> dict[int, object]:
        return {row: values[row] for row in rows.tolist()}

    return lookup


LOOKUP_BATCH = 20_000


def looked_up(lookup: BodyLookup, rows: np.ndarray) -> Iterator[tuple[int, object]]:
    ordered = np.unique(rows)
    for start in range(0, len(ordered), LOOKUP_BATCH):
        yield from lookup(ordered[start : start + LOOKUP_BATCH]).items()


def start_of(text: object) -> str:
    """The start of a body that `own_words` reads (a body missing or not text: nothing)."""
    return text[:MAX_CHARS] if isinstance(text, str) else ""


def override(weaker: pd.Series, stronger: pd.Series) -> pd.Series:
    """The links of ``stronger``, and those of ``weaker`` for the other children."""
    return pd.concat([weaker.drop(stronger.index, errors="ignore"), stronger])


RowsNamed = Callable[[list[str]], np.ndarray]
"""The rows of the messages with the given Message-IDs, -1 for those the archive lacks."""


def quoted_links(
    subjects: Subjects,
    dates: np.ndarray,
    rows: np.ndarray,
    group_start: np.ndarray,
    eligible: np.ndarray,
    quoting: np.ndarray,
    widely: np.ndarray,
    bodies: pd.Series | BodyLookup,
    window: pd.Timedelta,
    archive: ArchiveOrder | None,
    rows_named: RowsNamed | None,
    senders: np.ndarray | None = None,
    speaking: np.ndarray | None = None,
    answers: np.ndarray | None = None,
) -> tuple[pd.Series, dict[int, tuple[str, ...]], dict[int, str], dict[int, Attribution]]:
    """Parents by what ``quoting`` rows quote: lines of a same-subject message, lines of any
    recent message for those ``widely`` searched (a digest's reply, a reply whose parent the
    archive lacks, a message without reply headers that its subject placed nowhere; never to
    the sender's own message: see `_WideQuotes`), a Message-ID a quoted header shows. Those
    of the widely searched rows that are ``speaking`` (nothing but their quote says they
    reply) are searched only if they quote two sentences and wrote one (`speaks`); a quick
    test (`may_quote`) spares reading most of their bodies further. Also the names the
    same-subject rows greet (`greeted_name`), and the start of the bodies of the rows that
    follow a message of their sender under their subject, and of that message (to tell a
    second copy: `second_copies`). ``answers`` gives the row each row's own reply headers
    answer (-1 none): a later message that answers the quoting row is no parent of it.

    The bodies are read in sweeps over the archive, each in batches of rows in archive order:
    those of the quoting rows (and of the messages of their sender just before them), then
    those of the candidates of the rows that quote, then those of the wider search of the rows
    still without a parent; only their quoted lines and own texts are kept.
    """
    lookup = lookup_of(bodies)
    same_subject = np.flatnonzero(quoting[rows] & ~group_start)  # positions in `rows`
    searched_widely = np.flatnonzero(quoting & widely & (dates != NO_DATE))
    named: dict[int, list[str]] = {}
    quoted_of: dict[int, list[str]] = {}
    greeted: dict[int, tuple[str, ...]] = {}
    attributed: dict[int, Attribution] = {}
    # A row that follows a message of its sender under its subject may be a second copy of it
    # (`second_copies`): the start of both bodies is kept as the sweeps read them.
    copies = _OwnEarlier(rows, same_subject, subjects.code, senders)
    texts_of: dict[int, str] = {}
    silent: set[int] = set()  # to be searched widely if they said something, and silent
    must_speak = set() if speaking is None else set(np.flatnonzero(speaking).tolist())
    only_wide = set(searched_widely.tolist()).difference(rows[same_subject].tolist())
    read = np.concatenate([rows[same_subject], searched_widely, copies.before])
    for row, text in looked_up(lookup, read):
        if copies.may_repeat(row):
            texts_of[row] = start_of(text)
            if row in copies.only_before:
                continue
        if row in only_wide and not _looks_quoting(text):
            continue
        if row in must_speak and not (isinstance(text, str) and may_quote(text)):
            if row in only_wide:
                continue  # (most bodies: a quick test tells that they quote nothing)
            silent.add(row)
        if isinstance(text, str) and (names := greeted_name(text)) is not None:
            greeted[row] = names
        if isinstance(text, str) and (attributes := attribution(text)) is not None:
            attributed[row] = attributes
        if _looks_quoting(text):
            _note_named(row, str(text), named)
            lines = quoted_lines(str(text), limit=MAX_QUOTED)
            if lines:
                quoted_of[row] = lines
            if row in must_speak and not _quotes_and_speaks(str(text), lines):
                silent.add(row)
    by_subject = _SubjectQuotes(
        dates, rows, group_start, same_subject, quoted_of, window, subjects, senders, answers
    )
    own_of: dict[int, str] = {}
    for row, text in looked_up(lookup, by_subject.candidates()):
        own_of[row] = own_text(text) if isinstance(text, str) else ""
        if copies.may_be_repeated(row) and row not in texts_of:
            texts_of[row] = start_of(text)
    found = by_subject.links(own_of, archive)
    # The rest are searched whatever the subject, the bodies not yet read screened first.
    unplaced = searched_widely[~np.isin(searched_widely, found.index)]
    unplaced = unplaced[~np.isin(unplaced, np.fromiter(silent, np.int64, len(silent)))]
    by_any_subject = _WideQuotes(dates, eligible, unplaced, subjects.is_digest, quoted_of, senders)
    unread = np.setdiff1d(by_any_subject.candidates(), np.fromiter(own_of, np.int64))
    for row, text in looked_up(lookup, unread):
        own_of[row] = own_text(str(text)) if by_any_subject.may_hold(row, text) else ""
    found = override(by_any_subject.links(own_of, archive), found)
    if rows_named is not None:
        shown = _named_links(named, rows_named, dates, eligible, archive, subjects.code, senders)
        # a quote holds its parent and older messages: the newest one found is the parent
        newer = found.reindex(shown.index)
        kept = newer.notna() & (dates[newer.fillna(0).astype(np.int64)] > dates[shown])
        found = override(found, shown[~kept.to_numpy()])
    return found, greeted, texts_of, attributed


class _OwnEarlier:
    """The rows of `quoted_links` that follow an earlier message of their sender under their
    subject (``rows`` sorted by subject then time; ``same_subject``: positions of the rows that
    want a parent, the first of a subject aside), and those earlier messages: a link between
    them may join two copies of one message, whose bodies `second_copies` compares. Those
    just before such a row are read with the rows (``before``: those read for that alone)."""

    def __init__(
        self,
        rows: np.ndarray,
        same_subject: np.ndarray,
        codes: np.ndarray,
        senders: np.ndarray | None,
    ) -> None:
        self.codes, self.senders = codes, senders
        self.only_before: set[int] = set()
        self.before = np.zeros(0, dtype=np.int64)
        self.following: set[int] = set()
        self.keys: set[tuple[int, int]] = set()
        if senders is None or not len(same_subject):
            return
        sender = senders[rows]
        key = pd.DataFrame({"code": codes[rows], "sender": sender})
        again = (key.groupby(["code", "sender"], sort=False).cumcount().to_numpy() > 0) & (
            sender >= 0
        )
        following = same_subject[again[same_subject]]
        self.following = set(rows[following].tolist())
        self.keys = set(
            zip(codes[rows[following]].tolist(), sender[following].tolist(), strict=True)
        )
        just_before = rows[following[sender[following] == sender[following - 1]] - 1]
        self.following.update(just_before.tolist())
        self.before = np.setdiff1d(just_before, rows[same_subject])
        self.only_before = set(self.before.tolist())

    def may_repeat(self, row: int) -> bool:
        return row in self.following

    def may_be_repeated(self, row: int) -> bool:
        """Whether the row shares subject and sender with a row that follows such a message."""
        if self.senders is None:
            return False
        return (int(self.codes[row]), int(self.senders[row])) in self.keys


class _SubjectQuotes:
    """Replies that quote one of the ``QUOTE_CANDIDATES`` latest messages of their subject.

    A forward ("Fwd: X") copies a message, often one the archive lacks (a calendar invite
    forwarded as a reminder, again and again): two forwards under one subject share the lines
    of what they copy, and one of them (a link) may be in the earlier forward's note too. A
    forward's copy must then hold two telling lines of its sender's earlier forward's own
    text (another sender's forward under that subject may be what it answers, "Re:" stripped)."""

    def __init__(
        self,
        dates: np.ndarray,
        rows: np.ndarray,
        group_start: np.ndarray,
        wanted: np.ndarray,
        quoted_of: dict[int, list[str]],
        window: pd.Timedelta,
        subjects: Subjects,
        senders: np.ndarray | None,
        answers: np.ndarray | None = None,
    ) -> None:
        self.dates, self.rows, self.quoted_of, self.window = dates, rows, quoted_of, window
        self.subjects, self.senders = subjects, senders
        self.first_of_group = np.maximum.accumulate(np.where(group_start, np.arange(len(rows)), 0))
        self.quoting = np.asarray(
            [p for p in wanted.tolist() if int(rows[p]) in quoted_of], np.int64
        )
        self.answers = answers
        # Positions of the messages of the day after each quoting row, under its subject.
        group_end = np.r_[np.flatnonzero(group_start)[1:], len(rows)] if len(rows) else rows
        self.group_end = np.repeat(
            group_end, np.diff(np.r_[np.flatnonzero(group_start), len(rows)])
        )
        self.later_of: dict[int, np.ndarray] = {}
        following = np.minimum(self.quoting + 1, max(len(rows) - 1, 0))
        soon = (self.quoting + 1 < self.group_end[self.quoting]) & (
            dates[rows[following]] - dates[rows[self.quoting]] <= LATE_PARENT_WINDOW.value
        )  # (most quoting rows have no message of their subject in the day after them)
        for position in self.quoting[soon].tolist():
            row = int(rows[position])
            end = min(int(self.group_end[position]), position + 1 + QUOTE_CANDIDATES)
            later = rows[position + 1 : end]
            later = later[dates[later] - dates[row] <= LATE_PARENT_WINDOW.value]
            if senders is not None and senders[row] >= 0:
                later = later[senders[later] != senders[row]]
            if answers is not None:
                later = later[answers[later] != row]
            if len(later):
                self.later_of[position] = later

    def candidates(self) -> np.ndarray:
        starts = np.maximum(self.first_of_group[self.quoting], self.quoting - QUOTE_CANDIDATES)
        covered = np.zeros(len(self.rows) + 1, dtype=np.int64)
        np.add.at(covered, starts, 1)
        np.add.at(covered, self.quoting, -1)
        later = np.concatenate([np.zeros(0, np.int64), *self.later_of.values()])
        return np.union1d(self.rows[np.cumsum(covered[:-1]) > 0], later)

    def links(self, own_of: dict[int, str], archive: ArchiveOrder | None) -> pd.Series:
        """Parents by quote: the latest earlier message whose own text the quote holds, else the
        first of the day after it that holds two of its sentences, unless that one's quote
        finds the reply (each quotes the other only when one's own text was not told from its
        quote: the earlier one is the parent)."""
        children: list[int] = []
        parents: list[int] = []
        late: list[int] = []
        for position in self.quoting.tolist():
            row = int(self.rows[position])
            start = max(int(self.first_of_group[position]), position - QUOTE_CANDIDATES)
            earlier = self.rows[start:position]
            allowed = self.dates[row] - self.dates[earlier] <= self.window.value
            if archive is not None:
                allowed &= ~archive.vetoes(np.full(len(earlier), row), earlier)
            candidates = earlier[allowed].tolist()
            texts = [own_of[c] for c in candidates]
            best = quoted_parent(self.quoted_of[row], texts)
            if best is not None and self._forwards_again(row, candidates[best]):
                best = quoted_parent(self.quoted_of[row], texts, at_least=_DIGEST_REPLY_LINES)
            if best is None and position in self.later_of:
                candidates = self._not_vetoed(row, self.later_of[position], archive)
                prose = [line for line in self.quoted_of[row] if is_prose(line)]
                texts = [own_of[c] for c in candidates]
                best = quoted_parent(prose, texts, at_least=_DIGEST_REPLY_LINES, first=True)
                if best is not None:
                    late.append(row)
            if best is not None:
                children.append(row)
                parents.append(candidates[best])
        found = pd.Series(parents, index=children, dtype=np.int64)
        mutual = [row for row in late if found.get(found[row]) == row]
        return found.drop(mutual)

    @staticmethod
    def _not_vetoed(row: int, later: np.ndarray, archive: ArchiveOrder | None) -> list[int]:
        if archive is not None:
            later = later[~archive.vetoes(np.full(len(later), row), later)]
        return later.tolist()

    def _forwards_again(self, row: int, candidate: int) -> bool:
        """Whether both are forwards from one sender under one subject as written."""
        forward, exact, senders = self.subjects.is_forward, self.subjects.exact, self.senders
        return bool(
            forward[row]
            and forward[candidate]
            and exact[row] == exact[candidate]
            and senders is not None
            and senders[row] >= 0
            and senders[row] == senders[candidate]
        )


class _WideQuotes:
    """Replies whose quote is looked for whatever the subject: those written in a digest ("Re:
    Clearwater Digest, Vol 61, Issue 5") keep its subject, those whose parent the archive
    lacks (another list's copy, the digest) often have one of their own, and so do those
    without reply headers that start a subject ("App design / Twisted Logging?" over a quote
    of "Twisted Logging?") or whose subject was mangled on the way ("exesfortwisted"). The
    sentences they quote are looked for in the messages of the days before
    (``DIGEST_REPLY_WINDOW``, the ``DIGEST_REPLY_CANDIDATES`` latest for a digest's reply,
    ``ASTRAY_REPLY_CANDIDATES`` otherwise); two at least, for the search is wide. A sender's
    own message is none of the candidates (``senders``: codes, -1 unknown): a digest's reply
    quotes the sender's own item too, and a reply to a missing message quotes the sender's
    words the missing one quoted; they answer someone else (and a message that only its quote
    places may be a new version or a repost of the sender's own)."""

    def __init__(
        self,
        dates: np.ndarray,
        eligible: np.ndarray,
        children: np.ndarray,
        in_digest: np.ndarray,
        quoted_of: dict[int, list[str]],
        senders: np.ndarray | None = None,
    ) -> None:
        prose = {
            row: [line for line in quoted_of.get(row, ()) if is_prose(line)]
            for row in children.tolist()
        }
        self.quoted_of = {
            row: lines for row, lines in prose.items() if len(lines) >= _DIGEST_REPLY_LINES
        }
        # One long sentence may do instead, if one candidate alone holds it (`links`).
        self.one_sentence = {
            row: [sentence]
            for row in children.tolist()
            if row not in self.quoted_of and (sentence := _long_sentence(quoted_of.get(row, [])))
        }
        self.quoted_of.update(self.one_sentence)
        self.candidates_of: dict[int, np.ndarray] = {}
        self.searched_by: dict[int, list[int]] = {}
        self.words_of = {
            row: [max(LETTER_WORD.findall(line), key=len) for line in lines]
            for row, lines in self.quoted_of.items()
        }
        if not self.quoted_of:
            return
        pool = np.flatnonzero(eligible)
        pool = pool[np.argsort(dates[pool], kind="stable")]
        pool_dates = dates[pool]
        for row in self.quoted_of:
            stop = int(np.searchsorted(pool_dates, dates[row], side="left"))
            start = int(np.searchsorted(pool_dates, dates[row] - DIGEST_REPLY_WINDOW.value))
            most = DIGEST_REPLY_CANDIDATES if in_digest[row] else ASTRAY_REPLY_CANDIDATES
            candidates = pool[max(start, stop - most) : stop]
            if senders is not None and senders[row] >= 0:
                candidates = candidates[senders[candidates] != senders[row]]
            self.candidates_of[row] = candidates
            for candidate in self.candidates_of[row].tolist():
                self.searched_by.setdefault(candidate, []).append(row)

    def may_hold(self, candidate: int, text: object) -> bool:
        """Whether the candidate's body holds a line a searching reply quotes, so that its own
        text is worth cutting out (most of a wide search's candidates hold none)."""
        searchers = self.searched_by.get(candidate, ())
        if not isinstance(text, str) or not searchers:
            return False
        lowered = text.lower()  # each line's longest word first: cheap, and rules out most
        words = {word for row in searchers for word in self.words_of[row] if word in lowered}
        if not words:
            return False
        flat = " ".join(lowered.split())
        return any(
            line in flat
            for row in searchers
            for line, word in zip(self.quoted_of[row], self.words_of[row], strict=True)
            if word in words
        )

    def candidates(self) -> np.ndarray:
        found = list(self.candidates_of.values())
        return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)

    def links(self, own_of: dict[int, str], archive: ArchiveOrder | None) -> pd.Series:
        children: list[int] = []
        parents: list[int] = []
        for row, lines in self.quoted_of.items():
            candidates = self.candidates_of[row]
            if archive is not None:
                candidates = candidates[~archive.vetoes(np.full(len(candidates), row), candidates)]
            if not len(candidates):
                continue
            own = [own_of[int(c)] for c in candidates]
            if row in self.one_sentence:
                holding = [k for k, text in enumerate(own) if lines[0] in text]
                best = holding[0] if len(holding) == 1 else None
            else:
                best = quoted_parent(lines, own, at_least=_DIGEST_REPLY_LINES)
            if best is not None:
                children.append(row)
                parents.append(int(candidates[best]))
        return pd.Series(parents, index=children, dtype=np.int64)


LONG_SENTENCE_WORDS = 12
"""Fewest words of the one quoted sentence that, found in one message alone, tells the parent
of a reply searched across subjects (a supercite reply to a digest may quote one question)."""


def _long_sentence(quoted: list[str]) -> str | None:
    """The longest quoted sentence of ``LONG_SENTENCE_WORDS`` words or more: one quoted line,
    or two in a row when the first is a sentence (`is_prose`) that goes on in the second."""
    found: str | None = None
    joined = [*quoted, *(f"{a} {b}" for a, b in pairwise(quoted))]
    starts = [*quoted, *quoted[:-1]]
    for text, first in zip(joined, starts, strict=True):
        long_enough = len(LETTER_WORD.findall(text)) >= LONG_SENTENCE_WORDS
        longer = found is None or len(text) > len(found)
        if long_enough and longer and is_prose(first) and _WROTE not in text:
            found = text
    return found


_WROTE = "wrote:"

# A header a quote or a copied digest shows: "> Message-ID: <id@host>", the ID perhaps folded
# onto the next line and, in a Pipermail archive, written "<id at host>".
_SHOWN_MESSAGE_ID = re.compile(
    r"^[> \t]*message-id:[ \t]*(?:\n[> \t]*)?<([^<>\n]+)>", re.IGNORECASE | re.MULTILINE
)
_AT = re.compile(r"\s+at\s+")


def _note_named(row: int, text: str, named: dict[int, list[str]]) -> None:
    if "essage-" in text or "ESSAGE-" in text:
        shown = [_AT.sub("@", name.strip()) for name in _SHOWN_MESSAGE_ID.findall(text)]
        shown = [name for name in shown if name and not any(c.isspace() for c in name)]
        if shown:
            named[row] = shown


def _named_links(
    named: dict[int, list[str]],
    rows_named: RowsNamed,
    dates: np.ndarray,
    eligible: np.ndarray,
    archive: ArchiveOrder | None,
    subject_codes: np.ndarray,
    senders: np.ndarray | None,
) -> pd.Series:
    """Parents of the messages whose quote shows the Message-ID of one earlier message, or of
    several, some of the reply's subject and not the sender's: the newest of those (a reply
    to a digest quotes its item and, below, the older messages that item carried along, the
    sender's own among them; a quoted digest's items of other subjects say nothing about
    which one is answered)."""
    children: list[int] = []
    parents: list[int] = []
    every = [name for names in named.values() for name in names]
    bounds = np.cumsum([0, *(len(names) for names in named.values())])
    rows_of = rows_named(every) if every else np.zeros(0, dtype=np.int64)  # one lookup
    for k, row in enumerate(named):
        found = np.unique(rows_of[bounds[k] : bounds[k + 1]])
        found = found[(found >= 0) & (found != row)]
        found = found[eligible[found] & (dates[found] < dates[row])]
        if archive is not None and len(found):
            found = found[~archive.vetoes(np.full(len(found), row), found)]
        if len(found) > 1:
            found = found[subject_codes[found] == subject_codes[row]]
            if senders is not None and senders[row] >= 0:
                found = found[senders[found] != senders[row]]
            found = found[np.argsort(dates[found], kind="stable")][-1:]
        if len(found) == 1:
            children.append(row)
            parents.append(int(found[0]))
    return pd.Series(parents, index=children, dtype=np.int64)
