"""Quote segmentation on real messages (read from ../shared/corpora) where what the walk left
own at the end, or inside a quote, is boilerplate or the sender's answer: notice headings and
`--` delimiters above what they introduce, answers under a Chinese Outlook header block."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analyzer.api import parse_sources
from analyzer.quotes import apply_quotes
from analyzer.threads import thread_messages


def _threaded(corpora: Path, path: str) -> pd.DataFrame:
    """One archive file, threaded and through the quotes stage, as the pipeline has it."""
    return apply_quotes(thread_messages(parse_sources([corpora / path], path.split("/")[0])))


def _row(frame: pd.DataFrame, message_id: str) -> pd.Series:
    rows = frame[frame["message_id"] == message_id]
    assert len(rows) == 1, message_id
    return rows.iloc[0]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()]


def test_a_notice_heading_above_the_disclaimer_is_not_authored(corpora: Path) -> None:
    """HCL's "::DISCLAIMER::" heading (and the rule above it) stand apart from the notice the
    walk removes; they introduce it, and go with it."""
    frame = _threaded(corpora, "clearwater-pipermail/2016-October.txt")
    row = _row(frame, "16AE9ED83DBA5B4D85B058EAF39C918107E1CD5D@NDA-HCLT-MBS05.hclt.corp.hcl.in")
    assert "::DISCLAIMER::" in row["body"]
    assert "DISCLAIMER" not in row["authored"]
    assert row["authored"].rstrip().endswith("Surender Singh")
    assert "Can i integrate the other DNS for DNS query" in row["authored"]


def test_a_stripped_signature_delimiter_goes_with_the_signature(corpora: Path) -> None:
    """`--` whose trailing space was stripped, above the contact block found later: the
    delimiter is the signature's, not a line of the sender's text (the quote below it does
    not matter)."""
    frame = _threaded(corpora, "clearwater-pipermail/2015-August.txt")
    row = _row(
        frame, "CY1PR0201MB0924B1A472C9434CF501ED71F4630@CY1PR0201MB0924.namprd02.prod.outlook.com"
    )
    assert _lines(row["authored"])[-2:] == ["Best,", "Rob"]
    assert _lines(row["signature"])[:2] == ["--", "Rob Day"]


def test_a_disclaimer_word_above_the_senders_own_text_stays_authored(corpora: Path) -> None:
    """ "[disclaimer]" opening the sender's own caveat is theirs: no notice follows it."""
    frame = _threaded(corpora, "twisted-python-pipermail-gz/2011-July.txt.gz")
    row = _row(frame, "20110706090314.GA2929@ubuntu")
    assert "[disclaimer]" in _lines(row["authored"])
    assert "I'm not an expert of git" in row["authored"]
