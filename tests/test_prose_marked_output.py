"""Kinds of pasted output the prose rules had let count (blind audit count34): cmake's and
journalctl's "--" lines, a bitbake log behind "| ", a tcpdump packet dump, and logs, Ruby
frames and `service --status-all` rows pasted as Outlook bullets; the sender's own sentences
around them, bulleted or not, still count."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analyzer.quotes.prose import count_words, prose_text
from tests.quoted_files import quoted_files, row_of


@pytest.fixture(scope="module")
def usrp_october(corpora: Path) -> pd.DataFrame:
    return quoted_files(corpora, "usrp-users-mbox/usrp-users-2020-10.mbox")


@pytest.fixture(scope="module")
def clearwater_may_2018(corpora: Path) -> pd.DataFrame:
    return quoted_files(corpora, "clearwater-pipermail/2018-May.txt")


def _lines(text: str) -> set[str]:
    return {line.strip() for line in text.split("\n") if line.strip()}


def test_cmake_status_lines_are_not_counted(usrp_october: pd.DataFrame) -> None:
    """A cross-compile question with cmake's run pasted twice ("-- Configuring the Python
    interpreter...", bare "--" lines, "CMake Error at ...:59 (message):")."""
    for message_id in (
        "SN2PR01MB1968CB85A0B328D1E069A0EDA8070@SN2PR01MB1968.prod.exchangelabs.com",
        "SN2PR01MB1968DF8B71F5CF538EFF1ACFA80A0@SN2PR01MB1968.prod.exchangelabs.com",
    ):
        message = row_of(usrp_october, message_id)
        authored = message["authored"]
        assert "-- Checking for Boost version" in authored
        prose = _lines(prose_text(authored))
        status = [line for line in prose if line.startswith("--")]
        assert len(status) <= 1  # ("-- Configuring incomplete, errors occurred!" alone)
        assert not [line for line in prose if line.startswith("CMake Error at")]
        own = [line for line in _lines(authored) if line.startswith(("I also tried", "So it"))]
        assert own and all(line in prose for line in own)


def test_a_journal_with_its_notes_is_not_counted(corpora: Path) -> None:
    """`journalctl -x`: each record's "-- Subject:" notes and their prose-like explanation
    ("-- A start job for unit ... has finished with a failure.") between bare "--" lines."""
    month = quoted_files(corpora, "openbmc-mbox-2019/openbmc-2019-12.mbox.gz")
    message = row_of(month, "6d26931a.d7c4.16f3cc7df52.Coremail.zhang_cy1989@163.com")
    assert "-- The job identifier is" in message["authored"]
    prose = prose_text(message["authored"])
    assert "job identifier" not in prose and "A start job for unit" not in prose
    assert "And from the journalctl results, I found those infromations:" in prose


def test_a_bitbake_log_behind_pipes_is_not_counted(usrp_october: pd.DataFrame) -> None:
    """petalinux-build's failure: bitbake's "| DEBUG: ..." log and the Tcl trace in it."""
    message = row_of(
        usrp_october, "192EFF47C4A40043AB2651B150E5F75A65514F@UM-EXMBX01.comm.ad.roke.co.uk"
    )
    authored = message["authored"]
    piped = [line for line in authored.split("\n") if line.startswith("| ") and line[2:].strip()]
    assert len(piped) > 30
    prose = _lines(prose_text(authored))
    assert not [line for line in piped if line.strip() in prose]
    for own in (
        "The build fails when attempting to configure the first stage bootloader.",
        "It is during this build stage that I get the following error:",
    ):
        assert own in prose


def test_a_pipe_quoted_message_still_counts() -> None:
    """Pipes as quote marks, nested ("| | "): prose behind them is judged as prose."""
    text = "\n".join(
        [
            "Here is what he said back then:",
            "",
            "| | Mike wrote:",
            "| | | I just tried the new installer and everything seemed to work",
            "| | | fine, so I am running the tests now to make sure of it.",
            "| | |",
            "| | | One question I had: you are including the compiled files it seems.",
        ]
    )
    assert count_words(prose_text(text)) == count_words(text.replace("|", ""))


def test_a_tcpdump_packet_dump_is_not_counted(corpora: Path) -> None:
    """A REGISTER's packets as `tcpdump -X` printed them: 90% of the message."""
    month = quoted_files(corpora, "clearwater-pipermail/2017-March.txt")
    message = row_of(month, "CAOJ1h8VJ2_3zR1-xVy5hGwSojkegbpsU-TED_eeZkZfbjNGraQ@mail.gmail.com")
    authored = message["authored"]
    assert authored.count("0x00") > 20
    prose = prose_text(authored)
    assert "0x00" not in prose and "0x0260" not in prose and "Flags [P.]" not in prose
    assert "Hope I could receive some suggestions from your side." in prose
    assert count_words(prose) * 5 < count_words(authored)


def test_output_pasted_as_outlook_bullets_is_not_counted(clearwater_may_2018: pd.DataFrame) -> None:
    """Outlook makes a bullet of each pasted line ("o   17-05-2018 08:00:18.268 UTC ...",
    "o        - /usr/lib/ruby/2.3.0/net/http.rb:882:in `connect'", "?   [ + ]  nginx"): the
    text after the bullet decides, so the bulleted questions still count."""
    logs = row_of(
        clearwater_may_2018,
        "ME2PR01MB2884A19B45AC25AB2289E099C2910@ME2PR01MB2884.ausprd01.prod.outlook.com",
    )
    prose = prose_text(logs["authored"])
    assert ":in `" not in prose and "UTC [7f" not in prose and "UTC INFO" not in prose
    for own in (
        "`ping cassandra` works, but `dig cassandra` shows no IP addresses",
        "Password: the one generated by the web page. Not the one you use to sign into the web",
        "Proxy server: not sure. What should I use?",
        "This one took a really long time before failing. So maybe it's the closest?",
    ):
        assert own in prose
    services = row_of(
        clearwater_may_2018,
        "ME2PR01MB2884B5A1DECF5FDD45218873C2920@ME2PR01MB2884.ausprd01.prod.outlook.com",
    )
    prose = prose_text(services["authored"])
    assert "clearwater-cluster-manager" in services["authored"]
    assert "clearwater-cluster-manager" not in prose
    for own in (
        "Services running in AIO:",
        "There are many other red error messages during build. Does that matter?",
    ):
        assert own in prose
