"""A tool's output that reads nearly as words (analyzer.quotes.prose): error lines of a tool
or a log, framing marks, a Failure's repr, a summary's key: value lines, a table's heads and
commands typed without a prompt stay in `authored` but are not counted; the sender's
sentences beside them, and prose shaped like them, still are."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analyzer.quotes.prose import prose_text
from tests.quoted_files import quoted_files, row_of


@pytest.fixture(scope="module")
def usrp_september(corpora: Path) -> pd.DataFrame:
    return quoted_files(corpora, "usrp-users-mbox/usrp-users-2020-09.mbox")


def test_a_level_tagged_error_in_bold_is_not_counted(usrp_september: pd.DataFrame) -> None:
    """UHD's "[ERROR] [component] ..." behind Gmail's bold star, and its wrapped rest."""
    message = row_of(
        usrp_september, "CAB__hTTWUZTZo4FbO2Zxs+_JfNdfxqy47O6rsyTnofa-FDnDKw@mail.gmail.com"
    )
    assert "*[ERROR] [rfnoc_usrp_impl::assign_graph] *RfnocError" in message["authored"]
    prose = prose_text(message["authored"])
    assert "RfnocError" not in prose and "config_stream" not in prose
    assert "and the connection succeeds.  Any suggestions?" in prose
    assert "Update: Here is the error I get if I use graph->connect()" in prose


def test_a_benchmarks_summary_is_not_counted(corpora: Path) -> None:
    """benchmark_rate's summary: the keys too long for a wide gap after their colon are
    aligned with the others all the same."""
    month = quoted_files(corpora, "usrp-users-mbox/usrp-users-2020-10.mbox")
    message = row_of(
        month, "DM5PR16MB145187CC2535EAC49B94320AC30C0@DM5PR16MB1451.namprd16.prod.outlook.com"
    )
    assert "  Num sequence errors (Tx): 0" in message["authored"]
    prose = prose_text(message["authored"])
    assert "Num" not in prose
    assert "uhd_fft freezes at 8 MSPS." in prose


def test_commands_typed_alone_are_not_counted(corpora: Path) -> None:
    """U-Boot's commands in a paragraph of their own, between the sender's sentences."""
    month = quoted_files(corpora, "usrp-users-mbox/usrp-users-2020-11.mbox")
    message = row_of(month, "e7bf1d1a-39c4-a7a2-380b-0daf553d867f@balister.org")
    assert "env default -a\nenv save" in message["authored"]
    prose = prose_text(message["authored"])
    assert "env save" not in prose and "env default" not in prose
    assert "OK try this at the u-boot prompt:" in prose


def test_framing_marks_sip_headers_and_a_tools_error_are_not_counted(corpora: Path) -> None:
    """Bono's log frames each SIP message with "--start msg--" and "--end msg--"; its
    Reason header is SIP's. nc's refusal and docker's column heads, on another node."""
    may = quoted_files(corpora, "clearwater-pipermail/2016-May.txt")
    message = row_of(may, "CABngX=MjNEYpQnYxzp6gUWm2c0GR7rprr3=6Yi8MEe0Kt09CXg@mail.gmail.com")
    assert message["authored"].count("--start msg--") > 10
    prose = prose_text(message["authored"])
    assert "msg--" not in prose and 'cause=100;text="Trying"' not in prose
    assert "I am using x-lite as my SIP client." in prose
    september = quoted_files(corpora, "clearwater-pipermail/2016-September.txt")
    message = row_of(
        september, "CAN20Vni=Do=b6vEy6d3KMbb2HVvhp-jA7Uv07PKx8O0z=g3Kcg@mail.gmail.com"
    )
    prose = prose_text(message["authored"])
    assert "Connection refused" not in prose and "CONTAINER" not in prose
    assert "But I can't reach the 5060 port from the host machine where it is launched." in prose


def test_twisted_failures_are_not_counted_and_the_sentences_under_an_error_are(
    corpora: Path,
) -> None:
    """A Failure's repr behind a label (and behind a no-break space lost as "?"); under an
    exception quoted in a sentence's paragraph, the sender's words go on and count."""
    january = quoted_files(corpora, "twisted-python-pipermail-gz/2014-January.txt.gz")
    message = row_of(january, "1391075316.31636.YahooMailNeo@web171705.mail.ir2.yahoo.com")
    prose = prose_text(message["authored"])
    assert "Failure instance" not in prose
    assert "There are the two things i have." in prose
    december = quoted_files(corpora, "twisted-python-pipermail-gz/2002-December.txt.gz")
    message = row_of(december, "20021223214602.GA20819@mithrandr.moria.org")
    prose = prose_text(message["authored"])
    assert "socket.error" not in prose and "exceptions.AttributeError" not in prose
    assert "because the transport doesn't exist if the DNS fails." in prose
    assert "requests do subsequently timeout, though, but I can't remove them from" in prose


def test_generated_tool_lines_and_prose_shaped_like_them() -> None:
    """Each kind of line made in the text, beside prose that opens or looks as they do."""
    text = (
        "Error: I could not connect to the server, so I tried again.\n"
        "Note: the server runs on port 80.\n\n"
        "cp: cannot stat 'doc/man/x.1': No such file or directory\n"
        "fatal: Not a git repository (or any of the parent directories): .git\n"
        "systemd[1]: Started Phosphor Inventory Manager.\n"
        "make[1]: *** [all] Error 2\n"
        "exceptions.ImportError: cannot import name Popen3\n\n"
        "== start using the new API ==\n"
        "- Why are adapters not transitive?\n\n"
        "-----BEGIN LOG-----\n"
        "-----END LOG-----\n\n"
        "  PID USER      PR  NI  VIRT  RES  COMMAND\n\n"
        "sudo apt-get install nginx\n\n"
        "make sure that the service is up.\n\n"
        "python objects, lists or dictionaries.\n\n"
        "error: failed to push some refs to 'git@github.com:twisted/twisted.git'\n"
        "---Tom\n"
    )
    prose = prose_text(text)
    assert prose == (
        "Error: I could not connect to the server, so I tried again.\n"
        "Note: the server runs on port 80.\n"
        "== start using the new API ==\n"
        "- Why are adapters not transitive?\n"
        "make sure that the service is up.\n"
        "python objects, lists or dictionaries.\n"
        "---Tom"
    )
