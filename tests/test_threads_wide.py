"""Messages without reply headers that quote a recent message of another subject (task thrwide,
blind audit thr31 B14): the wide search the replies to a missing message get, on real months."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analyzer.api import parse_sources
from analyzer.subjects import is_forward_subject
from analyzer.threads import thread_messages
from analyzer.threads.quoting import may_quote, quoted_lines, speaks


def _parents(path: Path) -> pd.Series:
    return thread_messages(parse_sources([path], "l")).set_index("message_id")["parent_id"]


def _twisted(corpora: Path, month: str) -> Path:
    return corpora / "twisted-python-pipermail-gz" / f"{month}.txt.gz"


def test_a_headerless_reply_under_its_own_subject_follows_the_message_it_quotes(
    corpora: Path,
) -> None:
    """B14: Henning Ramm's "App design / Twisted Logging?" has no reply headers, opens "Paul,
    thank you very much…" and quotes 23 lines of Paul Campbell's answer, whose subject is
    "Twisted Logging?": no message of his own subject holds them, so it stayed a root. Andrew
    Francis's "Hi Simon:" quotes, under the subject the Stackless list gave it, Simon Pickles's
    question of the day before."""
    parent = _parents(_twisted(corpora, "2005-March"))
    assert parent["F92274058556DE42B94B148EEFB9183949E653@exchange-03.suedkurier.de"] == (
        "20050310223725.GA30170@ref.nmedia.net"
    )
    parent = _parents(_twisted(corpora, "2009-March"))
    assert parent["931410.36291.qm@web34203.mail.mud.yahoo.com"] == (
        "49C3DD8F.4010301@googlemail.com"
    )


def test_the_person_an_attribution_names_answered_the_message_the_quote_found(
    corpora: Path,
) -> None:
    """Hamish Lawson's "(no subject)" quotes "Jeff Epler wrote:" over Jeff's one-line answer
    ("Doubtful.", a link) and, quoted twice, Bob Ippolito's question: only Bob's words are
    sentences to look for, so the search found Bob's message; Jeff, whom the attribution
    names, answered it under its subject before Hamish wrote: Jeff's answer is the parent."""
    parent = _parents(_twisted(corpora, "2002-November"))
    assert parent["5.2.0.9.0.20021115113151.03b28b38@spey.st-andrews.ac.uk"] == (
        "20021112211919.GC1756@unpythonic.net"
    )


def test_a_forward_or_a_quote_without_words_of_ones_own_answers_nobody(corpora: Path) -> None:
    """Itamar's "Fw: can you forward this" relays Laura Creighton's message, which reached the
    list too: a copy, no answer. Oscar Paytuvi's "unsubscribe" is a whole digest quoted under
    its attribution, not a word of his own: no answer to the digest's first item."""
    december = _parents(_twisted(corpora, "2002-December"))
    assert pd.isna(december["20021210082605.1e98ae78.twisted@itamarst.org"])
    may = _parents(_twisted(corpora, "2008-May"))
    assert pd.isna(may["47bccbf00805300253u7106cda0yb1bc16f421731b17@mail.gmail.com"])


def test_forward_subjects() -> None:
    assert is_forward_subject("[Twisted-Python] Fw: can you forward this")
    assert is_forward_subject("[List] [Fwd: webunit is better]")
    assert is_forward_subject("[fiji-devel] a bug (fwd)")
    assert not is_forward_subject("Re: Fwd: a bug")  # an answer to a forward
    assert not is_forward_subject("[Twisted-Python] App design / Twisted Logging?")
    assert not is_forward_subject(None)


def test_speaks_reads_the_senders_own_sentences() -> None:
    digest = (
        "On Fri, May 30, 2008 at 11:50 AM, <list-request at example.org>\nwrote:\n"
        "> Send List mailing list submissions to\n> list at example.org\n"
        "-- \nOscar\n"
    )
    assert not speaks(digest)
    assert speaks("Paul, thank you very much for taking the time to answer.\n> a quoted line\n")
    assert speaks("> is this right?\nYes, and it works with the other reactor as well.\n")


def test_may_quote_lets_through_every_body_with_a_quote(corpora: Path) -> None:
    """The quick test that spares reading most bodies line by line never misses a quote."""
    months = [
        _twisted(corpora, "2005-March"),
        corpora / "clearwater-pipermail" / "2016-October.txt",
    ]
    bodies = [b for b in parse_sources(months, "l")["body"] if isinstance(b, str)]
    missed = [b for b in bodies if not may_quote(b) and quoted_lines(b)]
    assert missed == []
    assert sum(map(may_quote, bodies)) < len(bodies)  # (it does rule some out)
