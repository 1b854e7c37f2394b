"""Output that reads as words (analyzer.quotes.prose, analyzer.quotes.output_lines): lines a
tool printed again and again, commands continued with `\\`, a cover letter's shortlog, ping,
tracebacks, build and test-runner logs. They stay in `authored` but are not counted, while
the sender's sentences beside them are."""

from __future__ import annotations

from pathlib import Path

from analyzer.quotes.prose import count_prose_words, count_words, prose_text
from tests.quoted_files import quoted_files, row_of


def test_a_log_line_printed_five_times_is_not_counted(corpora: Path) -> None:
    """FHoSS's "Communicator: Expecting diameter version 1, received version -1" five times
    (the numbers vary), between two sentences of the sender's."""
    month = quoted_files(corpora, "clearwater-pipermail/2018-March.txt")
    message = row_of(month, "CA+pBo5EkST1eSVJYdL2faKwbq=jhWgRD0aK1KODwq2kETg40pw@mail.gmail.com")
    assert "Communicator: Expecting diameter version 1" in message["authored"]
    prose = prose_text(message["authored"])
    assert "Communicator" not in prose
    assert "Now I'm running FHoSS in different machine, now I see below error messages" in prose
    assert "Any idea?" in prose
    assert count_prose_words(message["authored"]) < 30


def test_a_cluster_status_printed_line_by_line_is_not_counted(corpora: Path) -> None:
    """`clearwater-etcd`'s cluster description: "10.4.0.157 is in state normal" for each
    node of each cluster, double spaced."""
    month = quoted_files(corpora, "clearwater-pipermail/2015-October.txt")
    message = row_of(month, "003f01d1027e$4ae5bd00$e0b13700$@principe@datatronics.es")
    prose = prose_text(message["authored"])
    assert "is in state normal" not in prose
    assert "I have tried to add a 4th Sprout following the automatic clustering scaling" in prose
    assert "Do you have any suggestion to sort this out?" in prose


def test_a_sentence_or_a_heading_said_twice_still_counts() -> None:
    text = "\n".join(
        [
            "Changes since v2:",
            "- Fixed the probe order.",
            "Changes since v1:",
            "- Fixed the probe order.",
            "Changes since v0:",
            "- Dropped the old binding.",
            "",
            "I think we should merge it.",
            "Yes, yes, yes.",
            "Yes, yes, yes.",
            "-----",
            "-----",
            "-----",
        ]
    )
    assert count_prose_words(text) == count_words(text)
    log = "\n".join(
        ["It fails:", *[f"retry {n} of 5: connection refused ({-n})" for n in range(4)]]
    )
    assert prose_text(log) == "It fails:"
