"""Discovered topics: what the threads talk about, found by NMF over TF-IDF of authored text."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Final

import numpy as np
import pandas as pd

from analyzer.errors import AnalyzerError
from analyzer.quotes import prose_text
from analyzer.schema import MATCH_COLUMNS, TOPIC_COLUMNS
from analyzer.topics.leftout import (
    LEFT_OUT,
    TEXT_LEFT_OUT,
    TRAILER_LINE,
    left_out,
)
from analyzer.topics.rules import normalize_text
from analyzer.topics.stopwords import (
    CALENDAR_WORDS,
    CODE_WORDS,
    GREETING_WORDS,
    MAIL_STOP_WORDS,
    people_names,
    without_addresses,
)

# What Pipermail leaves of an attachment: not the author's words, whatever stage missed it.
_SCRUBBED: Final = re.compile(
    r"^(?:-+ ?next part ?-+|an? (?:html|non-text) attachment was scrubbed\.*"
    r"|(?:name|type|size|desc|url|encoding) ?: .*)$",
    re.IGNORECASE | re.MULTILINE,
)
_NOT_PROSE: Final = re.compile(f"{_SCRUBBED.pattern}|{TRAILER_LINE.pattern}", _SCRUBBED.flags)
_TOKEN: Final = r"(?u)\b[^\W\d_]{3,}\b"


@dataclass(frozen=True)
class _ThreadOrder:
    """Where each thread's messages are in the table, in document order, so that the documents
    of any threads can be built a slice at a time instead of all at once."""

    ids: pd.Index  # the threads, by id
    rows: np.ndarray  # table positions of their messages: by thread, then date
    codes: np.ndarray  # the thread (its position in ``ids``) of each of ``rows``
    subjects: pd.Series
    authored: pd.Series
    leave: np.ndarray  # what is read of each table position (``leftout.left_out``)


def _thread_order(messages: pd.DataFrame, automated: Collection[str] = ()) -> _ThreadOrder:
    """The messages with an ID (first copy) and a thread, by thread id, then by date (undated
    last, ties in table order), and what is read of each (the messages of ``automated``
    authors, periodic reports among them, and the text of repeats are not, ``leftout``). Only
    positions are kept: no column of the table is copied."""
    ids = messages["message_id"].astype(object)
    keep = (ids.notna() & ~ids.duplicated() & messages["thread_id"].notna()).to_numpy(dtype=bool)
    positions = np.flatnonzero(keep)
    codes, names = pd.factorize(messages["thread_id"].iloc[positions], sort=True)
    dates = pd.DatetimeIndex(messages["date"].iloc[positions]).asi8
    dates = np.where(dates == np.iinfo(np.int64).min, np.iinfo(np.int64).max, dates)
    order = np.lexsort((dates, codes))  # stable: ties keep the table's order
    subject_column = "subject_norm" if "subject_norm" in messages else "subject"
    rows, codes = positions[order], codes[order]
    return _ThreadOrder(
        ids=pd.Index(names, name="thread_id"),
        rows=rows,
        codes=codes,
        subjects=messages[subject_column],
        authored=messages["authored"],
        leave=left_out(messages, automated),
    )


def _documents(threads: _ThreadOrder, which: np.ndarray | None = None) -> Iterator[tuple[str, str]]:
    """(subject, text) of each thread, or of the threads at the sorted positions ``which``: the
    first subject among its messages, then their authored texts (those that are read:
    ``_ThreadOrder.leave``), a slice of messages read at a time."""
    rows, codes = threads.rows, threads.codes
    if which is not None:
        chosen = np.zeros(len(threads.ids), dtype=bool)
        chosen[which] = True
        rows, codes = rows[chosen[codes]], codes[chosen[codes]]
    following_codes = np.append(codes[1:], -1)  # -1: no message follows the last
    current: list[str] = []
    subject: str | None = None
    for start in range(0, len(rows), _DOCUMENT_SLICE):
        stop = start + _DOCUMENT_SLICE
        for code, text, message_subject, following, leave in zip(
            codes[start:stop].tolist(),
            threads.authored.take(rows[start:stop]).tolist(),
            threads.subjects.take(rows[start:stop]).tolist(),
            following_codes[start:stop].tolist(),
            threads.leave[rows[start:stop]].tolist(),
            strict=True,
        ):
            if leave == LEFT_OUT and subject is None:
                subject = ""  # a report's replies bear its subject: the thread is named by none
            # (machine output, a log or a patch, would make topics of its tokens)
            read = isinstance(text, str) and leave not in (LEFT_OUT, TEXT_LEFT_OUT)
            current.append(prose_text(_NOT_PROSE.sub("", text)) if read else "")
            if subject is None and isinstance(message_subject, str):
                subject = message_subject
            if following != code:  # the thread's last message
                yield (subject if subject is not None else ""), "\n".join(current)
                current, subject = [], None


def thread_documents(messages: pd.DataFrame, automated: Collection[str] = ()) -> pd.DataFrame:
    """One document per thread: its root subject, then the authored text of its messages.

    Threads in order of their id; in each, the messages by date (undated last, ties in table
    order), the first subject among them; what ``discover_topics`` leaves out is left out
    (``automated``: the ids of the authors whose messages are). Built a slice of messages at a
    time from the columns it reads, which are not copied; ``discover_topics`` does not hold all
    the documents at once (on a million messages the texts are 0.7 GB), this function does.
    """
    threads = _thread_order(messages, automated)
    documents = list(_documents(threads))
    return pd.DataFrame(
        {"subject": [d[0] for d in documents], "text": [d[1] for d in documents]},
        index=threads.ids,
    )


_DOCUMENT_SLICE = 20_000
FIT_THREADS: Final = 50_000
"""Above this many threads, topics are learnt from a sample of this many (``discover_topics``)."""
_TRANSFORM_THREADS: Final = 10_000
_TOLD_EVERY: Final = 250

DiscoveryProgress = Callable[[str, int, int], None]
"""Told ``(stage, done, total)`` as discovery goes: ``names`` (the list's people, left out of
the words), ``words`` (threads read), ``topics`` (the factorisation, one step) and, above
``FIT_THREADS``, ``assign`` (threads given their topic)."""


def _silent(stage: str, done: int, total: int) -> None:
    """No progress to tell."""


def _counted(
    items: Iterable[str], stage: str, total: int, told: DiscoveryProgress
) -> Iterator[str]:
    """The items, telling how many have gone by every ``_TOLD_EVERY`` and at the end."""
    done = 0
    for done, item in enumerate(items, start=1):
        if done % _TOLD_EVERY == 0:
            told(stage, done, total)
        yield item
    told(stage, done, total)


def _texts(documents: Iterable[tuple[str, str]]) -> Iterator[str]:
    """What the vectorizer reads of a thread: the subject twice (it names the thread, and is
    short next to the text), then the text; one at a time, so that no list of all is made."""
    for subject, text in documents:
        yield normalize_text(without_addresses(f"{subject}\n{subject}\n{text}"))


def discover_topics(
    messages: pd.DataFrame,
    n_topics: int = 10,
    seed: int = 0,
    *,
    max_features: int = 20_000,
    label_terms: int = 3,
    definition_terms: int = 10,
    fit_threads: int = FIT_THREADS,
    on_progress: DiscoveryProgress | None = None,
    automated: Collection[str] = (),
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Topics found in the threads: ``(topics, message_topics)``, the same for the same seed.

    Each thread is one document (subject and authored text, never quotes); NMF factorises their
    TF-IDF matrix. A topic is named ``nmf-01``… by weight, largest first; its label is its
    ``label_terms`` strongest words, its definition its ``definition_terms``. Every message of a
    thread gets the thread's strongest topic (``via`` = ``model``); ``score`` is that topic's
    share of the thread's weights. Threads without any topic word get none. Words that name no
    subject are no topic words: English and mail stop words, greetings and sign-offs in several
    languages, calendar words and code tokens, and the names of the list's own people
    (``people_names``). What says nothing of the list's debates is not read (``leftout``): the
    messages of the ``automated`` authors (ids; periodic reports sent from a person's address
    are such authors of their own, ``analyzer.identity.reports``: their replies are read), the
    text of a message that repeats an earlier one (``repeat_of``, when the table has it) and
    patch trailers.

    Above ``fit_threads`` threads, the words (vocabulary and IDF) and the topics are learnt from
    ``fit_threads`` of them drawn with ``seed``, and then every thread, those too, is weighed
    against those topics ``_TRANSFORM_THREADS`` at a time: a million messages would otherwise
    hold their whole TF-IDF matrix, its NMF and the texts it came from at once (gigabytes), for
    topics a sample of tens of thousands of threads finds as well. Up to ``fit_threads``, every
    thread is learnt from, as before. ``on_progress`` is told each stage (``DiscoveryProgress``):
    tens of seconds on a large list.
    """
    # scikit-learn takes most of a second to load: only when topics are to be found.
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

    if n_topics < 2:
        raise AnalyzerError(
            f"n_topics must be at least 2 (not {n_topics}): one topic is every thread"
        )
    threads = _thread_order(messages, automated)
    n_threads = len(threads.ids)
    if n_threads < max(2, n_topics):
        raise AnalyzerError(f"{n_threads} threads are too few to find {n_topics} topics in them")
    if fit_threads < n_topics:
        raise AnalyzerError(f"fit_threads ({fit_threads}) must be at least n_topics ({n_topics})")
    sampled = n_threads > fit_threads
    fit_on = (
        np.sort(np.random.default_rng(seed).choice(n_threads, size=fit_threads, replace=False))
        if sampled
        else None
    )
    told = on_progress or _silent
    told("names", 0, 1)
    names_of_people = people_names(messages)
    told("names", 1, 1)
    vectorizer = TfidfVectorizer(
        lowercase=False,
        strip_accents=None,
        token_pattern=_TOKEN,
        stop_words=sorted(
            ENGLISH_STOP_WORDS
            | MAIL_STOP_WORDS
            | GREETING_WORDS
            | CALENDAR_WORDS
            | CODE_WORDS
            | names_of_people
        ),
        min_df=2,
        max_df=0.5,
        max_features=max_features,
        sublinear_tf=True,
        dtype=np.float64,
    )
    n_fit = fit_threads if sampled else n_threads
    told("words", 0, n_fit)
    try:
        matrix = vectorizer.fit_transform(
            _counted(_texts(_documents(threads, fit_on)), "words", n_fit, told)
        )
    except ValueError as exc:  # no word survives the filters
        raise AnalyzerError(f"no topic words in these threads ({exc})") from None
    if matrix.shape[1] < n_topics:
        raise AnalyzerError(f"{matrix.shape[1]} distinct words are too few for {n_topics} topics")
    model = NMF(n_components=n_topics, init="nndsvda", random_state=seed, max_iter=400)
    told("topics", 0, 1)
    weights = model.fit_transform(matrix)
    told("topics", 1, 1)
    del matrix
    if sampled:  # every thread against the sample's topics, a stretch of threads at a time
        told("assign", 0, n_threads)
        documents = _counted(_texts(_documents(threads)), "assign", n_threads, told)
        weights = np.concatenate(
            [
                model.transform(vectorizer.transform(chunk))
                for chunk in iter(lambda: list(islice(documents, _TRANSFORM_THREADS)), [])
            ]
        )
    components = model.components_
    order = np.argsort(-weights.sum(axis=0), kind="stable")
    weights, components = weights[:, order], components[order]
    vocabulary = vectorizer.get_feature_names_out()

    names = [f"nmf-{i + 1:02d}" for i in range(n_topics)]
    top = np.argsort(-components, axis=1, kind="stable")
    topics = pd.DataFrame(
        {
            "topic": names,
            "label": [" / ".join(vocabulary[top[i, :label_terms]]) for i in range(n_topics)],
            "definition": [
                "nmf: " + " ".join(vocabulary[top[i, :definition_terms]]) for i in range(n_topics)
            ],
        },
        columns=list(TOPIC_COLUMNS),
    )

    totals = weights.sum(axis=1)
    best = weights.argmax(axis=1)
    has_topic = totals > 0
    share = np.divide(
        weights[np.arange(len(best)), best], totals, where=has_topic, out=np.zeros(len(best))
    )
    # Each message its thread's topic, in table order; without joining on the thread ids.
    in_table_order = np.argsort(threads.rows, kind="stable")
    rows, codes = threads.rows[in_table_order], threads.codes[in_table_order]
    rows, codes = rows[has_topic[codes]], codes[has_topic[codes]]
    message_topics = pd.DataFrame(
        {
            "message_id": messages["message_id"].take(rows).reset_index(drop=True),
            "topic": np.asarray(names, dtype=object)[best[codes]],
            "score": share[codes],
            "via": "model",
            "matched_in": None,
        },
        columns=list(MATCH_COLUMNS),
    )
    return topics, message_topics
