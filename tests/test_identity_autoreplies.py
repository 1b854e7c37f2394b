"""Senders that sent nothing but auto-replies are automated (blind audit thr38, fixed in thr39)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analyzer.api import parse_sources
from analyzer.identity import resolve_authors
from analyzer.notices import is_notice
from analyzer.quotes import apply_quotes
from analyzer.threads import thread_messages


def test_a_notice_is_told_by_its_opening() -> None:
    assert is_notice("This is an automatic reply. I am away from the office for the summer.")
    assert is_notice("  I will be out of the office from 08/15/2008 to 08/25/2008.")
    assert is_notice("Thank you for your email.  I am currently on leave until Monday.")
    assert is_notice("Automatic reply: Re: [list] question")
    # a person who speaks of an office, or of replies, is no responder
    assert not is_notice("I am out of ideas: the automatic reply module drops my headers.")
    assert not is_notice("Hi all, this is an automatic reconnection question.")


def _messages(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "message_id": [f"m{k}@x" for k in range(len(rows))],
            "from_email": [r[0] for r in rows],
            "from_name": [r[1] for r in rows],
            "subject": [r[2] for r in rows],
            "body": [r[3] for r in rows],
            "date": pd.date_range("2020-01-01", periods=len(rows), freq="D", tz="UTC"),
        }
    )


def test_only_a_sender_of_nothing_but_auto_replies_is_automated() -> None:
    away = "This is an automatic reply. I am away until Monday.\n\nAnn Smith\n"
    messages = _messages(
        [
            ("ann@corp.example", "Ann Smith", "[l] Release 1.0", away),
            ("ann@corp.example", "Ann Smith", "[l] Bug in the parser", away),
            ("bob@home.example", "Bob Jones", "[l] Release 1.0", "I tried it and it works.\n"),
            ("bob@home.example", "Bob Jones", "[l] Bug in the parser", away),
            ("cy@corp.example", "Cy Lee", "[l] Auto-Re: Bug in the parser", "absent\n"),
        ]
    )
    authors = resolve_authors(messages).authors.set_index("author_id")["is_automated"]
    assert authors["ann@corp.example"]  # every message a notice, the subject kept
    assert authors["cy@corp.example"]  # an auto-responder's subject
    assert not authors["bob@home.example"]  # one notice among his own words: a person


def test_twisted_judy_craigs_out_of_office_notices_make_an_automated_author(
    corpora: Path,
) -> None:
    """Blind audit thr38: Judy Craig's 9 messages of summer 2015 are all "This is an automatic
    reply. I am away from the office …" under the subjects they answer. (Six lists: 4 authors
    become automated, all on twisted-python, all read, all right: her and three responders
    whose every subject is "Auto-Re: …"; Fred Hauck, with one out-of-office notice and one
    question of his own, stays a person.)"""
    months = [
        corpora / "twisted-python-pipermail-gz" / f"2015-{m}.txt.gz" for m in ("July", "August")
    ]
    authors = resolve_authors(parse_sources(months, "twisted")).authors.set_index("author_id")
    assert authors.loc["jcraig@gsacrd.ab.ca", "is_automated"]
    assert authors["is_automated"].sum() >= 2  # the weekly summary's robot too
    assert not authors.loc["glyph@twistedmatrix.com", "is_automated"]


def _forward(original_sender: str, words: str) -> str:
    """A forward as a Chinese client writes it, its labels turned to "???" by the archive."""
    return (
        f"\n???\n???\tRe: [l] Release plans for the parser\n????\tTom Lee <{original_sender}>\n"
        f"???\t\t2008-05-21 11:38\n\n{words}\n"
    )


def test_a_sender_of_nothing_but_copies_of_the_mails_it_answers_is_automated() -> None:
    """A gap the blind audits left (id43): a responder that forwards the mail it answers under "回复：" (a Chinese
    client's ordinary reply prefix) is a robot; people who write under "回复：", or under a
    copied header block, are not."""
    said = "Let us cut the release on Friday."
    messages = _messages(
        [
            ("tom@a.example", "Tom Lee", "[l] Release plans for the parser", said + "\n"),
            (
                "fw@b.example",
                "fw",
                "回复： Re: [l] Release plans for the parser",
                _forward("tom at a.example", said),
            ),
            (
                "fw@b.example",
                "fw",
                "回复： Re: [l] Release plans for the parser",
                _forward("tom at a.example", said),
            ),
            (
                "wu@c.example",
                "Wu Hao",
                "回复： Re: [l] Release plans for the parser",
                "Friday suits me.\n",
            ),
            (
                "ek@d.example",
                "Eva Kim",
                "Re: [l] Release plans for the parser",
                _forward("tom@a.example", "Friday is too early for the docs."),
            ),
        ]
    )
    authors = resolve_authors(messages).authors.set_index("author_id")["is_automated"]
    assert authors["fw@b.example"]
    assert not authors["wu@c.example"]  # a reply of one's own under "回复："
    assert not authors["ek@d.example"]  # own words under a copied header: not a copy
    assert not authors["tom@a.example"]


def test_twisted_arlenecc_auto_forwards_make_an_automated_author(corpora: Path) -> None:
    """A gap the blind audits left (id43): arlenecc@incesoft.com sent 7 copies of Tristan Seligmann's message in
    9 minutes, each under "回复： Re: …" and a header block of his; nothing else. (Six lists:
    the only author the rule marks; 9 messages open with a copied header, the 2 others with
    their sender's own words below, rgacote's and benjamin.bertrand's, who stay people.)"""
    month = corpora / "twisted-python-pipermail-gz" / "2008-May.txt.gz"
    quoted = apply_quotes(thread_messages(parse_sources([month], "twisted")))
    authors = resolve_authors(quoted).authors.set_index("author_id")
    assert authors.loc["arlenecc@incesoft.com", "is_automated"]
    assert not authors.loc["mithrandi@mithrandi.net", "is_automated"]
