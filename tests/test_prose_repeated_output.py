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
        ["It fails:", *[f"retry {n} of 5: connection refused ({-n})" for n in range(5)]]
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


def test_ping_a_traceback_cmake_and_build_logs_are_not_counted(corpora: Path) -> None:
    """Tools' lines that read as words: ping's summary, a traceback's head and exception,
    cmake's "-- Configuring incomplete, errors occurred!", distutils' and gcc's build log."""
    pinged = row_of(
        quoted_files(corpora, "usrp-users-mbox/usrp-users-2020-09.mbox"),
        "SN2PR01MB1968049D5333EFD9A2ADE03CA8330@SN2PR01MB1968.prod.exchangelabs.com",
    )
    prose = prose_text(pinged["authored"])
    assert "packets transmitted" not in prose and "bytes of data" not in prose
    assert "If I try to ping the SFP port just using the 'ping' command, it does not work" in prose

    november = quoted_files(corpora, "usrp-users-mbox/usrp-users-2020-11.mbox")
    traced = row_of(november, "0307d1eb-65ec-2be3-3d68-d844de549b09@verizon.net")
    prose = prose_text(traced["authored"])
    assert "Traceback" not in prose and "AttributeError" not in prose
    assert "I've seen on other posts that this has something to do with an error" in prose

    october = quoted_files(corpora, "usrp-users-mbox/usrp-users-2020-10.mbox")
    cmake = row_of(
        october, "SN2PR01MB1968DF8B71F5CF538EFF1ACFA80A0@SN2PR01MB1968.prod.exchangelabs.com"
    )
    prose = prose_text(cmake["authored"])
    assert "Configuring incomplete" not in prose and "CMakeOutput.log" not in prose
    assert "Anyone know how to address this issue?" in prose

    built = row_of(
        quoted_files(corpora, "clearwater-pipermail/2016-July.txt"),
        "CAGEe17bbe7Q5tntwpQaN0npYdf30WVhYw=DV_7Tr9+DZkL10dw@mail.gmail.com",
    )
    prose = prose_text(built["authored"])
    for output in ("running bdist_egg", "writing requirements", "gcc -pthread", "terminated"):
        assert output not in prose
    assert "Your help to solve this issue is appreciated." in prose


def test_a_test_runners_results_are_not_counted(corpora: Path) -> None:
    """clearwater-live-test's "Basic Call - Pracks (TCP) - (6505550002, 6505550001) Passed"
    lines (one with its verdict wrapped) and "0 failures out of 7 tests run"."""
    month = quoted_files(corpora, "clearwater-pipermail/2016-August.txt")
    message = row_of(month, "CANivR2jDGUBeB7x+f00Tp2BZScZLzBGKXhoCvQZkh3SLgf1bBg@mail.gmail.com")
    prose = prose_text(message["authored"])
    assert "Passed" not in prose and "tests run" not in prose and "Basic Call" not in prose
    assert "But the sip call test is failing." in prose
    assert "Clearwater installation on Hlinux is completed. All services are running" in prose


def test_words_that_tools_print_still_count_in_sentences() -> None:
    text = "\n".join(
        [
            "The change passed review and the tests passed too.",
            "Failed attempts are logged, and the traceback is in the ticket.",
            "We ran 12 tests in the lab ... ok, most of them.",
            "running install is what the docs say to do first.",
            "Traceback (most recent call last): is all it prints, nothing else.",
            "ValueError is what I would expect here, not a TypeError.",
        ]
    )
    assert count_prose_words(text) == count_words(text)
