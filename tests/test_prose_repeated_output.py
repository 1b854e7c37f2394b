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


def test_a_command_continued_with_backslashes_and_its_output_are_not_counted(
    corpora: Path,
) -> None:
    """Three `/tmp/phosphor_ipmi_flash_tool \\ --command update \\ ...` runs, each with its
    output ("Sending over the firmware image.", "writemeta sent", "Returned success"), counted
    some 250 words; the configurations' descriptions between them are the sender's."""
    july = quoted_files(corpora, "openbmc-mbox-2019/openbmc-2019-07.mbox.gz")
    message = row_of(july, "CAO=notyXP_Cdrn_9GMgw+OvPYM7Ge9r_BbMiqgSJqS5EdrsumA@mail.gmail.com")
    prose = prose_text(message["authored"])
    for output in ("--command update", "Sending over the firmware image.", "writemeta sent"):
        assert output not in prose
    for own in (
        "This uses a static layout image, the lpc bridge, and aspeed.  Because",
        "I haven't tested the ipmibt interface in awhile, but I will give it a",
    ):
        assert own in prose
    assert count_prose_words(message["authored"]) < 200

    september = quoted_files(corpora, "openbmc-mbox-2019/openbmc-2019-09.mbox")
    shortlog = row_of(september, "20190926133608.30566-1-andrew@aj.id.au")
    prose = prose_text(shortlog["authored"])
    assert "Johnny Huang (9):" not in prose and "pinctrl: aspeed-g6" not in prose
    assert "The bulk of the series has been contributed by Johnny Huang" in prose


def test_steps_around_a_continued_command_and_a_count_in_prose_still_count() -> None:
    text = "\n".join(
        [
            "2) In terminal one, start the emulator:",
            "qemu-system-arm \\",
            "  -machine ast2500-evb \\",
            "  -nographic",
            "Booting the image now",
            "3) In terminal two you can then run the tool against the emulated BMC:",
            "It should print the power state.",
            "",
            "Open questions (2):",
            "  which image do we ship first, and who signs it",
            "",
            "I keep the last line short \\",
            "as poets do",
        ]
    )
    prose = prose_text(text)
    assert "-machine" not in prose and "Booting the image" not in prose
    for own in (text.split("\n")[0], *text.split("\n")[5:7], "as poets do"):
        assert own in prose
