"""Nabble's quotes, `<quote author="Name">` ... `</quote>` without `>` marks (blind audit
audit32's side note: George's 791 authored words held some 480 of Marcus's)."""

from __future__ import annotations

from pathlib import Path

from quoted_files import quoted_files, row_of

from analyzer.quotes import split_message


def test_a_forum_reply_keeps_only_the_answers_between_its_quotes(corpora: Path) -> None:
    """George pastes Marcus's whole answer under one `<quote author=...>` line and answers
    each point after its own `<quote>` ... `</quote>`; Marcus's reply quotes George's message
    with `>` and writes one line of his own."""
    september = quoted_files(corpora, "usrp-users-mbox/usrp-users-2020-09.mbox")
    george = row_of(
        september, "trinity-ab2db2d0-d5b3-4751-af25-4af04996694e-1600965652040@3c-app-gmx-bap40"
    )["authored"]
    assert george.startswith("Hey Marcus,\n\nI answer your questions under yours.")
    for own in ["Ok, I am going to create a bigger environment.", "Thanks for reanswering"]:
        assert own in george
    for marcus in ["<quote author=", "Dear George,", "Nice!", "Sure! All that has to match"]:
        assert marcus not in george, marcus
    # the gateway's leftovers of the list's footer he quoted whole (blind audit out38)
    assert george.rstrip().endswith("Kind regards\n\nGeorge")
    leech = row_of(september, "5F6CD377.3090505@gmail.com")["authored"]
    assert leech.strip() == "You're confusing me with Marcus Mueller...."


def test_a_quote_runs_to_its_closing_line_or_the_next_quote() -> None:
    body = (
        "Hi Ann,\n\n"
        '<quote author="Ann Example">\n'
        "Have you tried the second port?\n\n"
        '<quote author="Ann Example">\n'
        "It needs a restart.\n"
        "</quote>\n\n"
        "Yes, and it works after a restart.\n"
    )
    assert split_message(body).authored == "Hi Ann,\n\nYes, and it works after a restart."


def test_the_gateway_s_markup_outside_the_quotes_is_no_one_s_text() -> None:
    body = (
        '<quote author="Ann Example">\n'
        "Have you tried the second port?\n"
        "</quote>\n\n"
        "Yes, it works.\n\n"
        "_______________________________________________\n"
        "Example-users mailing list\n\n"
        "<email>example-users@.lists</email>\n\n"
        "http://lists.example.com/mailman/listinfo/example-users\n\n"
        "</quote>\n"
    )
    assert split_message(body).authored == "Yes, it works."
    own = "Write to <email>ann@.example</email> for the logs.\n"
    assert split_message(own + '<quote author="Ann">\nHi\n</quote>\n').authored == own.strip()
