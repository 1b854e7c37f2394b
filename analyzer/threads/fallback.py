"""Parents for messages that lost their reply headers: from quoted text and from subjects.

All look only at earlier messages with the same base subject: a message that quotes the own text
of one of them answers that one; failing that, a bug tracker's notification answers the ticket's
first one, and a reply subject ("Re: X") the most recent one within a short window (or the most
recent one from the person its first lines greet: `greetings`; a reply quoting a message but
greeting the person who answered it since answers that answer). The person its attribution names
("Bob wrote:", a quoted "From: Bob" header, dated perhaps: `attributions`) beats all of these but
a quote of that person's message. Digests never join by subject: their replies are about
anything; nor do the posts of a series (one sender's weekly report under one subject): each is
news, not a reply to the one before. "(no subject)" names nothing two messages share. A second
copy of a message (a resend, a repost, a new version of a patch series: `copies`) answers no
earlier copy. The first message of a subject that says what it was ("New (was: Old)") looks
among the latest messages of the old subject (`_Renamed`). A message that none of these place
looks for what it quotes among the recent messages of any subject. The search of quoted text
is in `quoted_links`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analyzer.notices import is_notice
from analyzer.subjects import (
    former_subject,
    is_digest_subject,
    is_forward_subject,
    is_tracker_subject,
    subject_facts,
)
from analyzer.threads.attributions import Attribution, attributed_links, attribution
from analyzer.threads.copies import patch_version, second_copies
from analyzer.threads.greetings import greeted_links, name_words
from analyzer.threads.quoted_links import (
    DIGEST_REPLY_WINDOW,
    MAX_QUOTED,
    NO_DATE,
    QUOTE_CANDIDATES,
    BodyLookup,
    RowsNamed,
    looked_up,
    lookup_of,
    override,
    quoted_links,
    quoted_parent,
    start_of,
)
from analyzer.threads.quoting import own_text, own_words, quoted_lines, says_nothing

DEFAULT_SUBJECT_WINDOW = pd.Timedelta(days=30)
"""How far back a reply subject without reply headers looks for the message it answers.

Replies come soon: of the replies whose headers name a parent with the same subject, 99% came
within 15 days on twisted-python and usrp-users, 24 on clearwater, 31 on openbmc (imagej-devel:
97% within 30 days). A shorter window would lose real replies, a longer one gains few.
"""
DEFAULT_QUOTE_WINDOW = pd.Timedelta(days=3 * 365)
"""How far back quoted text (and a tracker's first notification) is looked for."""
_MIN_REPEATS = 20  # subject repeats needed to judge whether the archive kept reply prefixes
_MIN_PREFIXED = 0.1  # share of repeats with "Re:" below which prefixes were stripped
SERIES_POSTS = 3
"""Fewest posts of one sender under one subject, without reply headers, that make a series."""
SERIES_GAP = pd.Timedelta(days=2)
"""A series keeps its pace: nearly all its posts (``SERIES_REGULAR``) come longer than this after
the one before, where a participant's posts in a discussion come in bursts."""
SERIES_REGULAR = 0.9
AUTO_REPLY_WINDOW = pd.Timedelta(days=3)
"""How far back an auto-reply ("Auto-Re: X", "Out of Office: X") looks for the message it
answers: a responder answers as the list delivers, within minutes or hours (on twisted-python
all ten found their message within a day); later, the message it answered is not archived."""
MIN_CUT_SUBJECT = 20
"""Fewest characters of an auto-reply's base subject that, cut by its responder, still name the
subject it goes on from (a shorter one, "help", begins too many)."""
# What clients and archives write for a missing subject: it names nothing that two messages share.
# A digest's table of contents lists each message as "Subject (Sender Name)"; a reader who
# answers from it copies that line into their subject.
# (the name: two to four words without digits, "(Marcus D Leech)"; not "(long)", "(copy 3)")
_NAME_WORD = r"[^\W\d_](?:[^\W\d_]|[.'-])*"
_DIGEST_ITEM = re.compile(rf"^(.*\S)\s+\(((?:{_NAME_WORD}\s+){{1,3}}{_NAME_WORD})\)$")
_NO_SUBJECT = re.compile(r"[(\[<]?\s*no subject\s*[)\]>]?")


@dataclass(frozen=True, slots=True)
class ArchiveOrder:
    """Per row: which archive thread index placed it (a Pipermail month), -1 for none, and its
    position in the order the archive received the messages of that index."""

    volume: np.ndarray
    sequence: np.ndarray

    def vetoes(self, child: np.ndarray, candidate: np.ndarray) -> np.ndarray:
        """Whether the archive's index already ruled out ``candidate`` as ``child``'s parent.

        The index saw the headers: a message it left without a parent did not answer anything
        archived before it in the same volume (only a parent archived later escaped it).
        """
        volume = self.volume[child]
        return (
            (volume >= 0)
            & (volume == self.volume[candidate])
            & (self.sequence[candidate] < self.sequence[child])
        )


@dataclass(frozen=True, slots=True)
class Subjects:
    """Per row: base subject, its code, the code of the subject as written (case and spacing
    aside), and whether it is a reply, an auto-reply, a forward, a digest, a tracker's, or no
    subject at all
    (none, or "(no subject)": such messages share nothing); the version of the patch series it
    names (`patch_version`, 0 for none); the code of the base subject its "(was: …)" note
    names (`former_subject`), -1 for none or one no row has."""

    base: np.ndarray
    code: np.ndarray
    exact: np.ndarray
    is_reply: np.ndarray
    is_auto: np.ndarray
    is_forward: np.ndarray
    is_digest: np.ndarray
    is_tracker: np.ndarray
    no_subject: np.ndarray
    names_an_item: np.ndarray
    patch_version: np.ndarray
    former: np.ndarray


def subjects_of(subjects: pd.Series) -> Subjects:
    """Base subjects of every row, each distinct subject normalised once."""
    codes, uniques = pd.factorize(subjects, use_na_sentinel=True)  # no object per row
    parts = [subject_facts(str(subject)) for subject in uniques]
    # Code -1 (no subject) picks the sentinel appended last: empty, no reply, treated as digest.
    base = np.array([part[0] for part in parts] + [""], dtype=object)
    is_reply = np.array([part[1] for part in parts] + [False], dtype=bool)
    is_auto = np.array([part[2] for part in parts] + [False], dtype=bool)
    is_forward = np.array([is_forward_subject(str(s)) for s in uniques] + [False], dtype=bool)
    is_digest = np.array([is_digest_subject(str(s)) for s in uniques] + [True], dtype=bool)
    is_tracker = np.array([is_tracker_subject(str(s)) for s in uniques] + [False], dtype=bool)
    no_subject = np.array([not b or _NO_SUBJECT.fullmatch(b) is not None for b in base], bool)
    names_an_item = np.array([_DIGEST_ITEM.match(b) is not None for b in base], bool)
    versions = np.array([patch_version(str(s)) for s in uniques] + [0], dtype=np.int64)
    base_codes, base_uniques = pd.factorize(base)
    formers = pd.Index([former_subject(str(s)) for s in uniques] + [""], dtype=object)
    former = np.where(formers != "", pd.Index(base_uniques).get_indexer(formers), -1)
    written = [" ".join(str(subject).split()).casefold() for subject in uniques] + [""]
    exact_codes, _ = pd.factorize(np.array(written, dtype=object))
    return Subjects(
        base=base[codes],
        code=base_codes[codes],
        exact=exact_codes[codes],
        is_reply=is_reply[codes],
        is_auto=is_auto[codes],
        is_forward=is_forward[codes],
        is_digest=is_digest[codes],
        is_tracker=is_tracker[codes],
        no_subject=no_subject[codes],
        names_an_item=names_an_item[codes],
        patch_version=versions[codes],
        former=former[codes],
    )


def series_posts(
    subjects: Subjects,
    senders: np.ndarray,
    dates: np.ndarray,
    wanting: np.ndarray,
    window: pd.Timedelta,
) -> np.ndarray:
    """Which rows are posts of a series: ``SERIES_POSTS`` or more ``wanting`` messages (without
    reply headers) from one sender (``senders``: codes, -1 for none) under one subject as
    written, spread over more than ``window`` and keeping a pace (``SERIES_GAP``).

    Where an archive strips "Re:", a reply that lost its headers looks like a new post with a
    repeated subject, and so does the next post of a series: twisted-python's "Weekly Bug
    Summary" (794 posts from 3 senders, 2004-2021) was chained into threads of 429, 251 and 107
    by subject alone. A sender's follow-ups in a discussion come in bursts and within weeks; on
    the five test corpora only those weekly reports and openbmc's recurring meeting notice are
    series, and with every reply header removed, discussions still almost never look like one.
    """
    series = np.zeros(len(wanting), dtype=bool)
    rows = np.flatnonzero(wanting & (senders >= 0) & ~subjects.no_subject & ~subjects.is_auto)
    if not len(rows):
        return series
    rows = rows[np.lexsort((dates[rows], subjects.exact[rows], senders[rows]))]
    sender, subject, date = senders[rows], subjects.exact[rows], dates[rows]
    starts = np.r_[True, (sender[1:] != sender[:-1]) | (subject[1:] != subject[:-1])]
    key = np.cumsum(starts) - 1
    spaced = np.r_[False, np.diff(date) > SERIES_GAP.value] & ~starts
    posts = np.bincount(key)
    regular = np.bincount(key, weights=spaced) >= SERIES_REGULAR * (posts - 1)
    span = date[np.r_[starts[1:], True]] - date[starts]
    is_series = (posts >= SERIES_POSTS) & (span > window.value) & regular
    series[rows] = is_series[key]
    return series


def fallback_links(
    subjects: Subjects,
    dates: np.ndarray,
    rank: np.ndarray,
    eligible: np.ndarray,
    wanting: np.ndarray,
    bodies: pd.Series | BodyLookup | None,
    subject_window: pd.Timedelta,
    quote_window: pd.Timedelta,
    reply_prefixes: bool | None = None,
    archive: ArchiveOrder | None = None,
    senders: np.ndarray | None = None,
    quote_only: np.ndarray | None = None,
    rows_named: RowsNamed | None = None,
    sender_names: np.ndarray | None = None,
    answers: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows that get a parent, their parents' rows, and whether the link rests on quoted text.

    ``eligible`` rows may be parents (dated, not digests, with a subject); ``wanting`` rows lack
    any better evidence and may get one. ``reply_prefixes`` says whether the archive kept the
    "Re:" of replies (None: tell from the subjects, see ``prefixes_kept``); where it did not, a
    repeated subject is itself the sign of a reply. A post of a series (``series_posts``, from
    the ``senders`` codes) is news, not a reply: only quoted text makes it one.
    No message gets a parent that the archive's thread index has ruled out (``archive``).
    ``quote_only`` rows (whose reply headers name only missing messages) may get a parent by
    quoted text alone; they, digests' replies and the ``wanting`` rows that nothing above
    placed (a forward aside) look for it among the recent messages of any subject. A row so
    placed whose attribution names someone else than the sender of the message found answers
    that person's later answer to it (`_answer_quoting_it`). With ``rows_named`` (the rows of
    Message-IDs), a message whose quote shows the header of exactly one earlier message of the
    archive ("Message-ID: <…>", as a quoted digest does) answers that one (of several, the
    newest of its subject not its sender's: `quoted_links`), unless its quoted text names a
    newer one. With
    ``sender_names``, a reply whose subject is a digest's item, "Subject (Sender Name)", answers
    that sender's latest message of that subject (as strong evidence as a quote).
    No message gets for parent an earlier copy of itself (`second_copies`: a resend, a repost,
    a new version of a patch series). A reply whose quote no earlier message of its subject
    holds may answer one dated up to a day after it (a clock wrong by hours), never one whose
    own reply headers answer it (``answers``: per row, the row its headers answer, -1 none).
    """
    eligible = eligible & ~subjects.is_digest & ~subjects.no_subject
    rows = np.flatnonzero(eligible)
    rows = rows[np.lexsort((rank[rows], subjects.code[rows]))]
    same = subjects.code[rows[1:]] == subjects.code[rows[:-1]]
    group_start = np.r_[True, ~same] if len(rows) else np.zeros(0, dtype=bool)
    # An auto-reply says nothing anyone answers: a subject's next message follows the latest
    # one a person wrote, unless it keeps the auto-reply's subject as written (its answer to
    # an "Auto-Re: X"; a notice that kept X itself, told by its body, has no subject of its own).
    noticed = _notices(rows, wanting, bodies)
    automatic = _auto_replies(subjects, senders) | noticed
    position = np.arange(len(rows))
    said = np.maximum.accumulate(np.where(automatic[rows], -1, position))[:-1]
    keeps = (subjects.exact[rows[1:]] == subjects.exact[rows[:-1]]) & ~noticed[rows[:-1]]
    said = np.where(keeps, position[:-1], said)
    child, earlier = rows[1:], rows[np.maximum(said, 0)]
    same_said = (said >= 0) & (subjects.code[earlier] == subjects.code[child])
    recent = same_said & ((dates[child] - dates[earlier]) <= subject_window.value)
    if reply_prefixes is None:
        reply_prefixes = prefixes_kept(subjects.is_reply[child[recent]])
    by_subject = recent & wanting[child] & ~automatic[child]
    if archive is not None:
        by_subject &= ~archive.vetoes(child, earlier)
    if reply_prefixes:
        by_subject &= subjects.is_reply[child]
    if senders is not None:
        series = series_posts(subjects, senders, dates, wanting & eligible, subject_window)
        by_subject &= ~series[child]
    parents = pd.Series(earlier[by_subject], index=child[by_subject], dtype=np.int64)
    parents = override(
        parents,
        _auto_reply_links(
            automatic, rows, group_start, dates, wanting, senders, archive, subjects.base
        ),
    )
    renamed = _Renamed(subjects, rows, group_start, rank, dates, wanting, subject_window, archive)
    former, by_former_quote = renamed.links(bodies, senders, sender_names)
    parents = override(parents, former)

    # A tracker's notification answers the ticket's first one.
    first_of_group = rows[np.maximum.accumulate(np.where(group_start, np.arange(len(rows)), 0))]
    by_tracker = (
        ~group_start
        & wanting[rows]
        & subjects.is_tracker[rows]
        & ((dates[rows] - dates[first_of_group]) <= quote_window.value)
    )
    if archive is not None:
        by_tracker &= ~archive.vetoes(rows, first_of_group)
    tracker_parents = pd.Series(first_of_group[by_tracker], index=rows[by_tracker], dtype=np.int64)
    parents = override(parents, tracker_parents)

    strong = by_former_quote
    if sender_names is not None:
        asking = wanting if quote_only is None else wanting | quote_only
        items = _digest_item_links(subjects, sender_names, dates, eligible, asking)
        parents = override(parents, items)
        strong = strong.union(items.index)
    quoted = parents.index.isin(strong)
    if bodies is not None:
        quoting = wanting if quote_only is None else wanting | quote_only
        # A digest's reply, or one whose parent only another list holds, may answer any subject;
        # so may a message that nothing placed (no reply headers, no subject to follow) and
        # that forwards nothing (a forward's copy of a message is no quote).
        unplaced = wanting & ~subjects.is_forward
        unplaced[parents.index.to_numpy(dtype=np.int64)] = False
        widely = subjects.is_digest if quote_only is None else subjects.is_digest | quote_only
        speaking = unplaced & ~widely  # only their quote says they reply: they must say more
        widely = widely | unplaced
        found, greeted, texts_of, attributed = quoted_links(
            subjects,
            dates,
            rows,
            group_start,
            eligible,
            quoting,
            widely,
            bodies,
            quote_window,
            archive,
            rows_named,
            senders,
            speaking,
            answers,
        )
        if sender_names is not None:
            by_subject_only = {row: name for row, name in greeted.items() if row in parents.index}
            by_name = greeted_links(
                by_subject_only, rows, group_start, dates, sender_names, subject_window
            )
            parents = override(parents, by_name.drop(strong, errors="ignore"))
            found = override(
                found,
                _answer_quoting_it(attributed, found, widely, subjects, rows, dates, sender_names),
            )
        parents = override(parents, found)
        named = pd.Index([], dtype=np.int64)
        if sender_names is not None:
            parents = override(
                parents,
                _greeted_over_quote(
                    greeted, found, rows, group_start, dates, sender_names, subject_window
                ),
            )
            by_attribution = _attribution_links(
                attributed, parents, found.index, rows, group_start, dates, sender_names, eligible
            )
            by_attribution = by_attribution.drop(strong, errors="ignore")
            if archive is not None:
                ruled_out = archive.vetoes(
                    by_attribution.index.to_numpy(dtype=np.int64),
                    by_attribution.to_numpy(dtype=np.int64),
                )
                by_attribution = by_attribution[~ruled_out]
            parents = override(parents, by_attribution)
            named = by_attribution.index
        quoted = parents.index.isin(found.index.union(strong).union(named))
    children, earlier = parents.index.to_numpy(dtype=np.int64), parents.to_numpy(dtype=np.int64)
    if senders is None:
        senders = np.full(len(dates), -1, dtype=np.int64)
    words = None if bodies is None else _words_reader(bodies, texts_of)
    copies = second_copies(
        children, earlier, np.where(subjects.is_tracker, -1, senders), subjects.patch_version, words
    )
    return children[~copies], earlier[~copies], quoted[~copies]


def _notices(
    rows: np.ndarray, wanting: np.ndarray, bodies: pd.Series | BodyLookup | None
) -> np.ndarray:
    """Which rows are auto-responders' notices that kept the subject they answer ("X", "Re:
    X"), told by how their body opens (`is_notice`): of ``rows``, those ``wanting`` a parent
    (a notice with reply headers needs no subject to place it; on the five test lists, all
    eleven notices so told came without)."""
    noticed = np.zeros(len(wanting), dtype=bool)
    asked = rows[wanting[rows]]
    if bodies is None or not len(asked):
        return noticed
    for row, text in looked_up(lookup_of(bodies), asked):
        noticed[row] = isinstance(text, str) and is_notice(text)
    return noticed


def _auto_replies(subjects: Subjects, senders: np.ndarray | None) -> np.ndarray:
    """Which rows are auto-replies: an auto-responder's subject ("Auto-Re: X") from a sender
    at least half of whose messages have one. Where the list strips "Re:", a person's answer
    to an auto-reply keeps its subject, and follows it by subject like any reply."""
    if senders is None:
        return subjects.is_auto
    known = senders >= 0
    codes = np.where(known, senders, 0)
    sent = np.bincount(codes[known], minlength=1)
    auto = np.bincount(codes[known & subjects.is_auto], minlength=len(sent))
    return subjects.is_auto & (~known | (2 * auto[codes] >= sent[codes]))


def _auto_reply_links(
    automatic: np.ndarray,
    rows: np.ndarray,
    group_start: np.ndarray,
    dates: np.ndarray,
    wanting: np.ndarray,
    senders: np.ndarray | None,
    archive: ArchiveOrder | None,
    base: np.ndarray,
) -> pd.Series:
    """Parents of auto-replies without reply headers: the latest message of their subject
    before them, within ``AUTO_REPLY_WINDOW``, that a person wrote (no auto-reply) and not
    their sender (a responder answers what the list just delivered, not the subject's first
    message nor the one it answered a week before). ``rows`` are sorted by subject, then time.
    Where their subject has no such message, one whose base subject (``base``) goes on from
    theirs: a responder may cut a long subject (twisted-python: "… reviewers shoul").
    """
    first_of_group = np.maximum.accumulate(np.where(group_start, np.arange(len(rows)), 0))
    by_date = rows[np.argsort(dates[rows], kind="stable")]
    window = AUTO_REPLY_WINDOW.value

    def answered(row: int, candidates: Iterable[int], subject: str | None) -> int | None:
        """The first of ``candidates`` (latest first) a person other than the sender wrote,
        with a subject that goes on from ``subject`` (None: any); -1 if the archive rules it
        out, None if there is none within the window."""
        for candidate in candidates:
            if dates[row] - dates[candidate] > window:
                return None
            if automatic[candidate] or (
                senders is not None and senders[row] >= 0 and senders[candidate] == senders[row]
            ):
                continue
            if subject is not None and not (
                len(base[candidate]) > len(subject) and base[candidate].startswith(subject)
            ):
                continue
            if archive is not None and archive.vetoes(np.array([row]), np.array([candidate]))[0]:
                return -1
            return candidate
        return None

    children: list[int] = []
    parents: list[int] = []
    for position in np.flatnonzero(automatic[rows] & wanting[rows]).tolist():
        row = int(rows[position])
        parent = answered(row, rows[first_of_group[position] : position][::-1].tolist(), None)
        if parent is None and len(subject := str(base[row])) >= MIN_CUT_SUBJECT:
            end = int(np.searchsorted(dates[by_date], dates[row], side="left"))
            parent = answered(row, (int(by_date[k]) for k in range(end - 1, -1, -1)), subject)
        if parent is not None and parent >= 0:
            children.append(row)
            parents.append(parent)
    return pd.Series(parents, index=children, dtype=np.int64)


class _Renamed:
    """The first messages of a subject that names the one it was ("CVS Tag (was Re: PATCH: …)"):
    the conversation goes on under a new name, and its parent is among the latest messages of
    the old subject within ``window`` (``rows`` are sorted by subject code, then time)."""

    def __init__(
        self,
        subjects: Subjects,
        rows: np.ndarray,
        group_start: np.ndarray,
        rank: np.ndarray,
        dates: np.ndarray,
        wanting: np.ndarray,
        window: pd.Timedelta,
        archive: ArchiveOrder | None,
    ) -> None:
        firsts = rows[group_start]
        former = subjects.former[firsts]
        asking = firsts[wanting[firsts] & (former >= 0) & (former != subjects.code[firsts])]
        codes = subjects.code[rows]
        self.candidates_of: dict[int, list[int]] = {}
        for row in asking.tolist():
            code = subjects.former[row]
            group = rows[np.searchsorted(codes, code) : np.searchsorted(codes, code, side="right")]
            earlier = group[(rank[group] < rank[row]) & (dates[row] - dates[group] <= window.value)]
            if archive is not None and len(earlier):
                earlier = earlier[~archive.vetoes(np.full(len(earlier), row), earlier)]
            if len(earlier):
                self.candidates_of[row] = earlier[-QUOTE_CANDIDATES:].tolist()
        self.dates = dates

    def links(
        self,
        bodies: pd.Series | BodyLookup | None,
        senders: np.ndarray | None,
        sender_names: np.ndarray | None,
    ) -> tuple[pd.Series, pd.Index]:
        """Parents, and the rows placed by what they quote: the candidate whose own text the
        message quotes, else the latest one from the person its attribution names, else the
        latest one not from its sender (a subject that changes on the way is no evidence of a
        follow-up to oneself)."""
        texts: dict[int, str] = {}
        if bodies is not None and self.candidates_of:
            read = [row for rows in self.candidates_of.values() for row in rows]
            for row, text in looked_up(lookup_of(bodies), np.array([*self.candidates_of, *read])):
                texts[row] = text if isinstance(text, str) else ""
        children: list[int] = []
        parents: list[int] = []
        by_quote: list[int] = []
        for row, candidates in self.candidates_of.items():
            found = self._evidence(row, candidates, texts, sender_names)
            if found is not None:
                by_quote.append(row)
            elif senders is not None and senders[row] >= 0:
                others = [c for c in candidates if senders[c] != senders[row]]
                found = others[-1] if others else None
            else:
                found = candidates[-1]
            if found is not None:
                children.append(row)
                parents.append(found)
        return pd.Series(parents, index=children, dtype=np.int64), pd.Index(by_quote, dtype="int64")

    def _evidence(
        self,
        row: int,
        candidates: list[int],
        texts: dict[int, str],
        sender_names: np.ndarray | None,
    ) -> int | None:
        text = texts.get(row, "")
        if not text:
            return None
        quoted = quoted_lines(text, limit=MAX_QUOTED)
        if quoted:
            best = quoted_parent(quoted, [own_text(texts[c]) for c in candidates])
            if best is not None:
                return candidates[best]
        named = attribution(text) if sender_names is not None else None
        if named is None or sender_names is None:
            return None
        by_name = [
            c
            for c in candidates
            if named.names_sender(sender_names[c]) and named.sent_at(int(self.dates[c]))
        ]
        return by_name[-1] if by_name else None


def _answer_quoting_it(
    attributed: dict[int, Attribution],
    found: pd.Series,
    widely: np.ndarray,
    subjects: Subjects,
    rows: np.ndarray,
    dates: np.ndarray,
    sender_names: np.ndarray,
) -> pd.Series:
    """Parents of the rows placed by a quote found under another subject whose attribution
    names someone else, who answered the message found (under its subject, after it, before
    the reply): that answer ("Jeff wrote:" over Jeff's one-line answer and, quoted twice, the
    question it answered; only the question's words told). ``rows`` are sorted by subject
    code, then time."""
    codes = subjects.code[rows]
    children: list[int] = []
    parents: list[int] = []
    quoting = found.index.to_numpy(dtype=np.int64).tolist()
    for row, parent in zip(quoting, found.to_numpy(dtype=np.int64).tolist(), strict=True):
        named = attributed.get(row)
        code = subjects.code[parent]
        if (
            named is None
            or not widely[row]
            or code == subjects.code[row]
            or named.names_sender(sender_names[parent])
            or named.names_sender(sender_names[row])
        ):
            continue
        group = rows[np.searchsorted(codes, code) : np.searchsorted(codes, code, side="right")]
        later = group[(dates[group] > dates[parent]) & (dates[group] < dates[row])].tolist()
        answers = [
            c for c in later if named.names_sender(sender_names[c]) and named.sent_at(int(dates[c]))
        ]
        if answers:
            children.append(row)
            parents.append(answers[-1])
    return pd.Series(parents, index=children, dtype=np.int64)


def _greeted_over_quote(
    greeted: dict[int, tuple[str, ...]],
    found: pd.Series,
    rows: np.ndarray,
    group_start: np.ndarray,
    dates: np.ndarray,
    sender_names: np.ndarray,
    window: pd.Timedelta,
) -> pd.Series:
    """A reply that quotes a message but greets another person, who answered that message
    after it, answers that person's answer ("Hi Brad," above the question that Brad's reply
    quoted, kept when the sender cut Brad's words). Not when the quoted message is the greeted
    person's own."""
    asked = {
        row: names
        for row, names in greeted.items()
        if row in found.index and frozenset(names).isdisjoint(name_words(sender_names[found[row]]))
    }
    links = greeted_links(asked, rows, group_start, dates, sender_names, window)
    if links.empty:
        return links
    quoted_parents = found.reindex(links.index).to_numpy(dtype=np.int64)
    return links[dates[links.to_numpy(dtype=np.int64)] > dates[quoted_parents]]


def _attribution_links(
    attributed: dict[int, Attribution],
    parents: pd.Series,
    quoting: pd.Index,
    rows: np.ndarray,
    group_start: np.ndarray,
    dates: np.ndarray,
    sender_names: np.ndarray,
    eligible: np.ndarray,
) -> pd.Series:
    """Parents of the rows whose attribution names a candidate (`attributed_links`): they
    beat a subject's latest message and a greeting; a quote only when the message it found
    is not from the person named (a reply to a reply repeats the older message's words too,
    and then its quote found that one)."""
    named = attributed_links(
        attributed,
        rows,
        group_start,
        dates,
        sender_names,
        eligible,
        DEFAULT_QUOTE_WINDOW,
        QUOTE_CANDIDATES,
    )
    by_quote = named.index.intersection(quoting)
    kept = [
        row
        for row in by_quote.tolist()
        if attributed[row].names_sender(sender_names[parents[row]]) or parents[row] == named[row]
    ]
    return named.drop(kept)


def _words_reader(
    bodies: pd.Series | BodyLookup, texts_of: dict[int, str]
) -> Callable[[np.ndarray], dict[int, list[str] | None]]:
    """`own_words` of the rows asked for, from the bodies the sweeps kept (``texts_of``) or, for
    the few others, read now (a large archive's bodies are read from disk, file by file); None
    for a body that `says_nothing`."""
    lookup = lookup_of(bodies)

    def words(rows: np.ndarray) -> dict[int, list[str] | None]:
        missing = np.setdiff1d(rows, np.fromiter(texts_of, np.int64, len(texts_of)))
        for row, text in looked_up(lookup, missing):
            texts_of[row] = start_of(text)
        return {
            row: None if says_nothing(texts_of[row]) else own_words(texts_of[row])
            for row in np.unique(rows).tolist()
        }

    return words


def _person(name: object) -> str:
    return " ".join(str(name).replace(".", " ").split()).casefold()


def _digest_item_links(
    subjects: Subjects,
    sender_names: np.ndarray,
    dates: np.ndarray,
    eligible: np.ndarray,
    asking: np.ndarray,
) -> pd.Series:
    """Parents of replies whose subject is a digest's item, "Re: UHD 4.0.0.0 (Marcus D Leech)":
    the latest message of the two weeks before with that subject from that sender (a reader of
    the digest answers it; its own headers name the digest, which the archive lacks)."""
    rows = np.flatnonzero(asking & subjects.names_an_item & (dates != NO_DATE))
    wanted: dict[int, tuple[str, str]] = {}
    for row in rows.tolist():
        item = _DIGEST_ITEM.match(subjects.base[row])
        if item is not None:
            wanted[row] = (item.group(1), _person(item.group(2)))
    if not wanted:
        return pd.Series([], dtype=np.int64)
    bases = {base for base, _ in wanted.values()}
    pool = np.flatnonzero(eligible & np.isin(subjects.base, list(bases)))
    by_item: dict[tuple[str, str], list[int]] = {}
    for row in pool[np.argsort(dates[pool], kind="stable")].tolist():
        by_item.setdefault((subjects.base[row], _person(sender_names[row])), []).append(row)
    children: list[int] = []
    parents: list[int] = []
    for row, key in wanted.items():
        earlier = [
            candidate
            for candidate in by_item.get(key, ())
            if 0 < dates[row] - dates[candidate] <= DIGEST_REPLY_WINDOW.value
        ]
        if earlier:
            children.append(row)
            parents.append(earlier[-1])
    return pd.Series(parents, index=children, dtype=np.int64)


def prefixes_kept(repeats_are_replies: np.ndarray) -> bool:
    """Whether an archive kept reply prefixes, from the messages that repeat a recent subject.

    Those are nearly all replies; where fewer than one in ten says "Re:", the list server or the
    archive stripped the prefixes (many Mailman lists do), and their absence means nothing.
    """
    if len(repeats_are_replies) < _MIN_REPEATS:
        return True
    return bool(repeats_are_replies.mean() >= _MIN_PREFIXED)
