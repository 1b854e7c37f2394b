"""Threading errors found by the blind audit thr31, on the real messages."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analyzer.api import parse_sources
from analyzer.threads import thread_messages
from analyzer.threads.quoting import own_text, quoted_lines


def _parents(paths: list[Path]) -> pd.Series:
    return thread_messages(parse_sources(paths, "l")).set_index("message_id")["parent_id"]


def test_an_elision_between_an_attribution_and_its_quote_opens_an_ordinary_quote() -> None:
    """ "Ann wrote:" then "[...]" then "> " lines is a quote with a cut, not an unmarked copy of
    Ann's message: the words below the quote are the sender's own."""
    body = (
        "On Tue, Jun 20, 2006 at 03:52:28PM +0200, Ann Example wrote:\n"
        "[...]\n"
        "> \n"
        "> Now, I might have missed something, but that is what it should do.\n"
        "\n"
        "See the ticket about it, which has code for the same basic thing.\n"
    )
    assert own_text(body).endswith(
        "see the ticket about it, which has code for the same basic thing."
    )
    assert quoted_lines(body) == [
        "now, i might have missed something, but that is what it should do."
    ]


def test_twisted_a_reply_to_a_digest_follows_a_quote_of_an_answer_with_a_cut(corpora: Path) -> None:
    """Blind audit thr31, B6: Ed Suominen answered a digest (its In-Reply-To is not in the
    archive) quoting Andrew Bennetts's answer, re-wrapped. Andrew's answer opens "… Markus
    Schiltknecht wrote:" / "[...]" / "> …": taken for an unmarked copy of Markus's message, it
    had no text of its own to be found in Ed's quote. (Twisted-python: one more reply placed
    so, Rick Graves's answer to Andrew's "Rick Graves wrote:" / "[...]"; no other list changes.)"""
    month = corpora / "twisted-python-pipermail-gz" / "2006-June.txt.gz"
    parent = _parents([month])
    assert parent["449855AD.1040101@eepatents.com"] == (
        "20060620142541.GA4667@steerpike.home.puzzling.org"
    )
