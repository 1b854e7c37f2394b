"""A free-mail service's advert under the sender's text is not the sender's (blind audit
out38, error 1: Yahoo's "Get the freedom to save as many mails as you wish ..." kept)."""

from __future__ import annotations

from pathlib import Path

from quoted_files import quoted_files, row_of

from analyzer.quotes import split_message


def test_webmail_adverts_go_and_the_text_above_stays(corpora: Path) -> None:
    folder = "twisted-python-pipermail-gz"
    frame = quoted_files(
        corpora,
        f"{folder}/2008-January.txt.gz",
        f"{folder}/2006-February.txt.gz",
        f"{folder}/2002-December.txt.gz",
        f"{folder}/2005-November.txt.gz",
    )
    # set apart by blank lines and an indent
    indented = row_of(frame, "265669.9440.qm@web8707.mail.in.yahoo.com")["authored"]
    assert indented.rstrip().endswith("Thank you in advance.")
    assert "yahoo" not in indented.lower()
    # under a rule, without a link
    ruled = row_of(frame, "20060202214317.28944.qmail@web90206.mail.scd.yahoo.com")["authored"]
    assert ruled.rstrip().endswith("any hypothesis regarding connection 2?")
    # two adverts, the upper one set apart by blank lines
    hushmail = row_of(frame, "200212050853.gB58rs4s039628@mailserver4.hushmail.com")["authored"]
    assert hushmail.rstrip().endswith("car")
    assert "hushmail" not in hushmail.lower()
    # a reply typed below the list's footer (inside an unmarked quote) stays the sender's
    reply = row_of(frame, "20051130210446.23843.qmail@web33905.mail.mud.yahoo.com")["authored"]
    assert reply.rstrip().endswith("I did, and I'm using the latest tsr.")


def test_the_sender_s_own_words_about_a_mail_service_stay() -> None:
    body = (
        "The patch fixes the login.\n\n\n"
        "I tested it with my Yahoo account at http://mail.yahoo.com as well.\n"
    )
    assert "I tested it with my Yahoo account" in split_message(body).authored
    announced = "Here is what the page says:\n\n\nGet the free Yahoo! toolbar today.\n"
    assert "toolbar" in split_message(announced).authored
