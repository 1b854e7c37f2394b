"""Discovered topics: what the threads talk about, found by NMF over TF-IDF of authored text."""

from __future__ import annotations

import re
from typing import Final

import numpy as np
import pandas as pd
import pyarrow as pa

from analyzer.errors import AnalyzerError
from analyzer.schema import MATCH_COLUMNS, TOPIC_COLUMNS
from analyzer.topics.rules import normalize_text

# Words every mailing list is full of and that name no subject.
_MAIL_WORDS: Final = """wrote writes said thanks thank regards cheers hi hello dear best sorry ok okay yes yeah
    just like think know want need use using used make way thing things really actually maybe
    good great sure does did doing don didn doesn isn aren wasn won wouldn couldn shouldn ve ll
    http https www com org net html htm mailto mail email list lists message messages sent
    reply question questions problem help bit lot let got get getting going new time people
    work works working try trying tried able instead seems probably anyway point right"""
MAIL_STOP_WORDS: Final[frozenset[str]] = frozenset(_MAIL_WORDS.split())
# What Pipermail leaves of an attachment: not the author's words, whatever stage missed it.
_SCRUBBED: Final = re.compile(
    r"^(?:-+ ?next part ?-+|an? (?:html|non-text) attachment was scrubbed\.*"
    r"|(?:name|type|size|desc|url|encoding) ?: .*)$",
    re.IGNORECASE | re.MULTILINE,
)
_TOKEN: Final = r"(?u)\b[^\W\d_]{3,}\b"
# Addresses (also Pipermail's "user at host.org") and URLs: their pieces ("gmx", "edu", "cgi")
# would otherwise be the words of topics about notification mail.
_ADDRESS_OR_URL: Final = re.compile(
    r"\b(?:https?|ftp)://\S+|\bwww\.\S+|[\w.+-]+(?:@| at )[\w-]+(?:\.[\w-]+)+", re.IGNORECASE
)


def _without_addresses(text: str) -> str:
    if "@" not in text and " at " not in text and "://" not in text and "www." not in text:
        return text
    return _ADDRESS_OR_URL.sub(" ", text)


def thread_documents(messages: pd.DataFrame) -> pd.DataFrame:
    """One document per thread: its root subject, then the authored text of its messages.

    Threads in order of their id; in each, the messages by date (undated last, ties in table
    order), the first subject among them. Built from the few columns it reads, a slice of
    messages at a time: on a million messages the texts are 0.7 GB, and no copy of the whole
    table or list of all the texts is made.
    """
    ids = messages["message_id"].astype(object)
    keep = (ids.notna() & ~ids.duplicated() & messages["thread_id"].notna()).to_numpy(dtype=bool)
    subject_column = "subject_norm" if "subject_norm" in messages else "subject"
    table = messages.loc[keep, ["thread_id", "date", subject_column, "authored"]]
    codes, names = pd.factorize(table["thread_id"], sort=True)
    dates = pd.DatetimeIndex(table["date"]).asi8
    dates = np.where(dates == np.iinfo(np.int64).min, np.iinfo(np.int64).max, dates)
    order = np.lexsort((dates, codes))  # stable: ties keep the table's order
    subjects = table[subject_column].to_numpy(dtype=object)[order]
    authored = pa.array(table["authored"], type=pa.large_string()).take(pa.array(order))
    sorted_codes = codes[order]
    following_codes = np.append(sorted_codes[1:], -1)  # -1: no message follows the last
    texts: list[str] = []
    thread_subjects: list[str] = []
    current: list[str] = []
    subject: str | None = None
    for start in range(0, len(order), _DOCUMENT_SLICE):
        stop = start + _DOCUMENT_SLICE
        for code, text, message_subject, following in zip(
            sorted_codes[start:stop].tolist(),
            authored.slice(start, _DOCUMENT_SLICE).to_pylist(),
            subjects[start:stop],
            following_codes[start:stop].tolist(),
            strict=True,
        ):
            current.append(_SCRUBBED.sub("", text) if isinstance(text, str) else "")
            if subject is None and isinstance(message_subject, str):
                subject = message_subject
            if following != code:  # the thread's last message
                texts.append("\n".join(current))
                thread_subjects.append(subject if subject is not None else "")
                current, subject = [], None
    del authored
    return pd.DataFrame(
        {"subject": thread_subjects, "text": texts},
        index=pd.Index(names, name="thread_id"),
    )


_DOCUMENT_SLICE = 20_000


def discover_topics(
    messages: pd.DataFrame,
    n_topics: int = 10,
    seed: int = 0,
    *,
    max_features: int = 20_000,
    label_terms: int = 3,
    definition_terms: int = 10,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Topics found in the threads: ``(topics, message_topics)``, the same for the same seed.

    Each thread is one document (subject and authored text, never quotes); NMF factorises their
    TF-IDF matrix. A topic is named ``nmf-01``… by weight, largest first; its label is its
    ``label_terms`` strongest words, its definition its ``definition_terms``. Every message of a
    thread gets the thread's strongest topic (``via`` = ``model``); ``score`` is that topic's
    share of the thread's weights. Threads without any topic word get none.
    """
    # scikit-learn takes most of a second to load: only when topics are to be found.
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

    if n_topics < 2:
        raise AnalyzerError(
            f"n_topics must be at least 2 (not {n_topics}): one topic is every thread"
        )
    documents = thread_documents(messages)
    if len(documents) < max(2, n_topics):
        raise AnalyzerError(
            f"{len(documents)} threads are too few to find {n_topics} topics in them"
        )
    vectorizer = TfidfVectorizer(
        lowercase=False,
        strip_accents=None,
        token_pattern=_TOKEN,
        stop_words=sorted(ENGLISH_STOP_WORDS | MAIL_STOP_WORDS),
        min_df=2,
        max_df=0.5,
        max_features=max_features,
        sublinear_tf=True,
        dtype=np.float64,
    )
    # The subject twice: it names the thread, and is short next to the text. (A generator: the
    # vectorizer reads each text once, and no second copy of all of them is made.)
    texts = (
        normalize_text(_without_addresses(f"{subject}\n{subject}\n{text}"))
        for subject, text in zip(documents["subject"], documents["text"], strict=True)
    )
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError as exc:  # no word survives the filters
        raise AnalyzerError(f"no topic words in these threads ({exc})") from None
    thread_ids = documents.index
    del texts, documents  # the texts (0.7 GB on a million messages) are in the matrix now
    if matrix.shape[1] < n_topics:
        raise AnalyzerError(f"{matrix.shape[1]} distinct words are too few for {n_topics} topics")
    model = NMF(n_components=n_topics, init="nndsvda", random_state=seed, max_iter=400)
    weights = model.fit_transform(matrix)
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
    per_thread = pd.DataFrame(
        {
            "thread_id": thread_ids[has_topic],
            "topic": np.asarray(names, dtype=object)[best[has_topic]],
            "score": share[has_topic],
        }
    )
    ids = messages["message_id"].astype(object)
    table = messages.loc[ids.notna() & ~ids.duplicated(), ["message_id", "thread_id"]]
    message_topics = table.merge(per_thread, on="thread_id", how="inner")
    message_topics = message_topics.assign(via="model")[list(MATCH_COLUMNS)]
    return topics, message_topics.reset_index(drop=True)
