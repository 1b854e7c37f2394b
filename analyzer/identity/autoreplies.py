"""Senders whose every message is an auto-responder's notice: a robot, not a person.

An out-of-office responder subscribed to a list answers what the list delivers, under the
subject it answers ("Auto-Re: X", or X itself with a body that says "This is an automatic
reply"). Its notices are nobody's words in a debate. A person who once let one through wrote
the rest of their messages themselves and stays a person: only a sender with nothing but
notices is marked automated.

Some responders forward instead: their message opens with the header block of the mail they
answer (its subject, its sender; in a Chinese client's labels, often turned to "???" by the
archive) with the mail copied below, and nothing of the sender's above it (id43: twisted's
``arlenecc@incesoft.com``, 7 copies of one message in 9 minutes under "回复： Re: …"). "回复："
alone is a Chinese client's ordinary reply prefix: people write under it, so the subject proves
nothing and the opening block is the evidence.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analyzer.identity.senders import OwnTexts, Senders, own_texts_of
from analyzer.notices import is_notice
from analyzer.subjects import subject_facts

# A field of a mail header as a client copies it: a label of a few short words, then a colon or
# a tab, then the value ("Subject: X", "主题：X", "???\tX" when the archive lost the charset).
_FIELD = re.compile(r"^\s*[^\s:：]{1,20}(?: [^\s:：]{1,20}){0,2}\s*(?:[:：]|\t)\s*(?P<value>.*)$")
_ADDRESS = re.compile(r"[\w.+-]+(?:@| at )[\w-]+(?:\.[\w-]+)+")
_MAX_BLOCK_LINES = 8
_MIN_SUBJECT_CHARS = 8
_COPY_LINES = 3
_OPENING_READ = 4000
_COPY_CHARS = 200


def _folded(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


def forwarded_header(text: str, base_subject: str) -> tuple[str, str] | None:
    """The sender's address and the text below, when ``text`` opens with the header block of
    another mail, nothing above it: a field whose value holds the message's own base subject and
    one that holds an address, among a few lines of fields or bare labels."""
    wanted = _folded(base_subject)
    if len(wanted) < _MIN_SUBJECT_CHARS:
        return None
    has_subject, address = False, ""
    # (a block and the lines below it that are compared fit in the opening of a long text)
    lines = [line for line in text[:_OPENING_READ].splitlines() if line.strip()]
    end = min(len(lines), _MAX_BLOCK_LINES)
    for index, line in enumerate(lines[:end]):
        field = _FIELD.match(line)
        if field is None:
            if len(line.split()) > 2 or any(c in line for c in ".,;!"):
                end = index  # the copied text begins
                break
            continue  # a bare label ("???", "Original")
        value = field.group("value")
        has_subject = has_subject or wanted in _folded(value)
        found = _ADDRESS.search(value)
        address = address or (found.group(0).replace(" at ", "@").lower() if found else "")
    if not (has_subject and address):
        return None
    return address, "\n".join(lines[end:])


def copies_original(below: str, originals: list[str]) -> bool:
    """Whether the text under a copied header block is one of the ``originals`` (the texts of
    that sender's messages): the sender added nothing to the mail it forwards. Its first lines
    are compared (what follows may hold what the archive added: an attachment's note)."""
    head = _folded(" ".join(below.splitlines()[:_COPY_LINES]))[:_COPY_CHARS]
    return len(head) >= _MIN_SUBJECT_CHARS and any(head in _folded(o) for o in originals)


def auto_reply_subjects(subjects: pd.Series) -> np.ndarray:
    """Per row: whether its subject is an auto-responder's ("Auto-Re: X", "Out of Office: X")."""
    codes, uniques = pd.factorize(subjects, use_na_sentinel=True)
    auto = np.array([subject_facts(str(s))[2] for s in uniques] + [False], dtype=bool)
    return auto[codes]


def auto_reply_keys(
    messages: pd.DataFrame,
    senders: Senders,
    own_texts: OwnTexts | None = None,
    auto_subjects: np.ndarray | None = None,
) -> frozenset[int]:
    """Sender keys all of whose messages are auto-replies: an auto-responder's subject prefix
    (``auto_subjects``, per row, by default read from the ``subject`` column) or a body that
    opens as a notice (`notices.is_notice`). One message of each key whose subjects do not already
    tell is read, then the rest of the few keys whose message read is a notice. A message that
    opens with a copied header block of the mail it answers (`forwarded_header`, read with
    ``subject_norm`` or the base of ``subject``) over that mail's text, as its sender's
    messages in the table have it (`copies_original`), counts as a notice."""
    n_keys = len(senders.n_messages)
    if auto_subjects is None:
        if "subject" not in messages:
            auto_subjects = np.zeros(len(messages), dtype=bool)
        else:
            auto_subjects = auto_reply_subjects(messages["subject"])
    if not n_keys:
        return frozenset()
    is_auto = auto_subjects
    keys = senders.key_of_message
    n_auto = np.bincount(keys[is_auto], minlength=n_keys)
    found = set(np.flatnonzero(n_auto == senders.n_messages).tolist())
    has_texts = any(c in messages for c in ("body", "authored"))
    if own_texts is None and not has_texts:
        return frozenset(found)
    rows = np.flatnonzero(~is_auto)
    if not len(rows):
        return frozenset(found)
    # One message per key (any one: a key is kept only if every message is a notice).
    first = rows[np.unique(keys[rows], return_index=True)[1]]
    read = own_texts if own_texts is not None else (lambda r: own_texts_of(messages, r))

    senders_rows: dict[str, np.ndarray] = {}

    def forwarded(text: str, subject: str) -> bool:
        found = forwarded_header(text, subject)
        if found is None:
            return False
        address, below = found
        if not senders_rows:
            addresses = messages["from_email"].fillna("").astype(str).str.lower().to_numpy()
            order = np.argsort(addresses, kind="stable")
            starts = np.flatnonzero(np.r_[True, addresses[order][1:] != addresses[order][:-1]])
            for part in np.split(order, starts[1:]):
                senders_rows[str(addresses[part[0]])] = part
        rows = senders_rows.get(address, np.zeros(0, dtype=np.int64))
        # (only that sender's messages under the same subject are read)
        wanted = _folded(subject)
        same = [
            r
            for r, s in zip(rows, _base_subjects(messages, rows), strict=True)
            if _folded(s) == wanted
        ]
        return bool(same) and copies_original(below, read(np.asarray(same, dtype=np.int64)))

    def auto(chosen: np.ndarray) -> list[bool]:
        subjects = _base_subjects(messages, chosen)
        return [
            is_notice(text) or forwarded(text, subject)
            for text, subject in zip(read(chosen), subjects, strict=True)
        ]

    opening = [int(keys[row]) for row, notice in zip(first, auto(first), strict=True) if notice]
    if not opening:
        return frozenset(found)
    rest = rows[np.isin(keys[rows], opening)]
    notices = np.bincount(keys[rest], weights=auto(rest), minlength=n_keys)
    found.update(k for k in opening if notices[k] + n_auto[k] == senders.n_messages[k])
    return frozenset(found)


def _base_subjects(messages: pd.DataFrame, rows: np.ndarray) -> list[str]:
    """The base subject of each row (``subject_norm``, else read from ``subject``); "" unknown."""
    if "subject_norm" in messages:
        values = messages["subject_norm"].to_numpy()[rows]
        return ["" if not isinstance(v, str) else v for v in values]
    if "subject" in messages:
        values = messages["subject"].to_numpy()[rows]
        return [subject_facts(v)[0] if isinstance(v, str) else "" for v in values]
    return [""] * len(rows)
