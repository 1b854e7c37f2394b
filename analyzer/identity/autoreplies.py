"""Senders whose every message is an auto-responder's notice: a robot, not a person.

An out-of-office responder subscribed to a list answers what the list delivers, under the
subject it answers ("Auto-Re: X", or X itself with a body that says "This is an automatic
reply"). Its notices are nobody's words in a debate. A person who once let one through wrote
the rest of their messages themselves and stays a person: only a sender with nothing but
notices is marked automated.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analyzer.identity.senders import OwnTexts, Senders, own_texts_of
from analyzer.notices import is_notice
from analyzer.subjects import subject_facts


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
    tell is read, then the rest of the few keys whose message read is a notice."""
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
    opening = [
        int(keys[row]) for row, text in zip(first, read(first), strict=True) if is_notice(text)
    ]
    if not opening:
        return frozenset(found)
    rest = rows[np.isin(keys[rows], opening)]
    notices = np.bincount(keys[rest], weights=[is_notice(t) for t in read(rest)], minlength=n_keys)
    found.update(k for k in opening if notices[k] + n_auto[k] == senders.n_messages[k])
    return frozenset(found)
