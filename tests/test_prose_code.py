"""Source code, package-manager output and build logs pasted without a marker
(analyzer.quotes.source_code, analyzer.quotes.output_lines): they stay in `authored` but are
not counted as the sender's words, while the prose around them is."""

from __future__ import annotations

from pathlib import Path

from analyzer.quotes.prose import count_prose_words, prose_text
from tests.quoted_files import quoted_files, row_of


def test_cpp_functions_pasted_under_a_question_are_not_counted(corpora: Path) -> None:
    """Rob's three Replay-block functions (C++, unindented, broken by blank lines and
    comment paragraphs) counted as words; his question above them still counts."""
    month = quoted_files(corpora, "usrp-users-mbox/usrp-users-2020-10.mbox")
    message = row_of(month, "CAB__hTR_wKawKYJEYyD=yVdcN+UchMbSkhUVtSV5wf71W=K+3g@mail.gmail.com")
    authored = message["authored"]
    assert "size_t num_bytes = samp_vec.size();" in authored
    prose = prose_text(authored)
    for own in (
        "My custom software controls the Replay block with 3 functions:",
        'Let me know if you have any ideas how I can "reset" the Replay block to',
        "Rob",
    ):
        assert own in prose
    for code in (
        "size_t num_bytes = samp_vec.size();",
        "const size_t bytes_per_sample = 4;",
        "if (fullness==0) break;",
        "// Restart record buffer repeatedly",
        "std::chrono::steady_clock::now() - start_time;",
    ):
        assert code not in prose
    assert message["n_words_authored"] < 250


def test_bitbake_and_xsct_logs_are_not_counted(corpora: Path) -> None:
    """A PetaLinux build's bitbake records ("NOTE: Executing RunQueue Tasks", "ERROR: ...")
    and XSCT's "09:45:21 ERROR : ..." lines, between the sender's sentences."""
    month = quoted_files(corpora, "usrp-users-mbox/usrp-users-2020-10.mbox")
    message = row_of(month, "192EFF47C4A40043AB2651B150E5F75A65514F@UM-EXMBX01.comm.ad.roke.co.uk")
    prose = prose_text(message["authored"])
    assert "It is during this build stage that I get the following error:" in prose
    assert "I have not changed anything in the default vivado project that is generated." in prose
    for output in (
        "NOTE: Executing RunQueue Tasks",
        "ERROR: Failed to build project",
        "Summary: 1 task failed:",
        "09:45:21 ERROR :",
    ):
        assert output not in prose


def test_apt_and_easy_install_output_after_a_session_is_not_counted(corpora: Path) -> None:
    """An `apt-get install ellis` log whose session rule ended at "Creating config file ...":
    easy_install's "Processing dependencies", "Installed", "Extracting ... to" lines."""
    month = quoted_files(corpora, "clearwater-pipermail/2017-May.txt")
    message = row_of(month, "CABmBNEZuwDwyUAo39BbL1KVeErdDxWbmr8amLoSHaKY-dhXDOw@mail.gmail.com")
    prose = prose_text(message["authored"])
    assert "I have changed hostname to cw-ellis and also changed user name to cw-ellis." in prose
    for output in (
        "Processing dependencies for",
        "Extracting MySQL_python",
        "Installed\n",
        "Creating config file",
        "easy-install.pth file",
    ):
        assert output not in prose


def test_python_between_paragraphs_of_prose(corpora: Path) -> None:
    """A Python snippet (indented assignments and calls, a `yield`) between two paragraphs
    that explain it: the snippet is not counted, the explanation is."""
    month = quoted_files(corpora, "twisted-python-pipermail-gz/2006-April.txt.gz")
    message = row_of(month, "443E30BE.8090706@pollenation.net")
    prose = prose_text(message["authored"])
    assert "That's ugly, but pulling the first 3 or 4 lines of that into a function" in prose
    assert "this (untested) should work:" in prose
    for code in ("d = defer.Deferred()", "reactor.callLater(seconds", "yield d"):
        assert code in message["authored"] and code not in prose


def test_a_prose_line_that_names_a_call_or_ends_with_a_semicolon_counts() -> None:
    text = (
        "I call reactor.run() after listenTCP(8080, site) and it hangs;\n"
        "then x = 3 is printed, and return value() is None.\n"
        "\n"
        "from twisted.internet import reactor\n"
        "reactor.run()\n"
    )
    prose = prose_text(text)
    assert "I call reactor.run() after listenTCP(8080, site) and it hangs;" in prose
    assert "then x = 3 is printed, and return value() is None." in prose
    assert "from twisted.internet import reactor" not in prose
    assert count_prose_words(text) == 19
