"""Threading gaps left by thr39 and closed in thr40, on the real messages: auto-replies told
only by their body, and cut subjects."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analyzer.api import parse_sources
from analyzer.threads import thread_messages
from analyzer.threads.quoting import own_text


def test_twisted_notices_with_cut_subjects_answer_the_message_they_cut(corpora: Path) -> None:
    """Judy Craig's out-of-office responder (summer 2015) answers under the subject it got,
    cut to about 72 characters ("… something reviewers shoul"), with no reply headers and no
    "Auto-Re:": only the body says "This is an automatic reply". Three such notices whose
    subject no other message has were roots; each answers the message the list delivered
    seconds before it. (Five lists: 3 parents set, these, all right; her six other notices
    kept their subject whole and already followed it.)"""
    folder = corpora / "twisted-python-pipermail-gz"
    months = [folder / f"2015-{month}.txt.gz" for month in ("July", "August")]
    parent = thread_messages(parse_sources(months, "l")).set_index("message_id")["parent_id"]
    assert parent["fc.000f81d802d913223b9aca0060ef6c0a.2d91323@gsacrd.ab.ca"] == (
        "CAFN1edrfiV-BFBt6YNV1QvmfFca19LsnmdrUpGGppX4A_5e+fQ@mail.gmail.com"
    )
    assert parent["fc.000f81d802d92fa93b9aca003ae328bd.2d92faa@gsacrd.ab.ca"] == (
        "CAFycZ9d0wmdfX76qB5WwNDruLcBoUXjw_vSwWLyew9P_+cPyOw@mail.gmail.com"
    )
    assert parent["fc.000f81d802d84c243b9aca00d75c4a5f.2d84c25@gsacrd.ab.ca"] == (
        "CAG5tnzqVyO=+OsHZqPuAWeXJQUsbhiKuc=8KE5AH1SgWg733JA@mail.gmail.com"
    )


def _thread(rows: list[tuple[str, str, str]], **options: object) -> pd.Series:
    messages = pd.DataFrame(
        {
            "message_id": [f"m{k}@x" for k in range(len(rows))],
            "from_email": [row[0] for row in rows],
            "from_name": [row[0].split("@")[0] for row in rows],
            "subject": [row[1] for row in rows],
            "body": [row[2] for row in rows],
            "date": pd.date_range("2020-01-01", periods=len(rows), freq="h", tz="UTC"),
        }
    )
    threaded = thread_messages(messages, **options)  # type: ignore[arg-type]
    return threaded.set_index("message_id")["parent_id"]


def test_a_notice_that_keeps_the_subject_is_nobody_answered() -> None:
    """Where the archive strips "Re:", a reply under the subject as written follows the person's
    message, not a responder's notice that kept that subject (an "Auto-Re: X" has its own)."""
    away = "I am out of the office until Monday.\n\nAnn\n"
    parent = _thread(
        [
            ("bob@x.example", "[l] Release 1.0", "Release 1.0 is out, please test it now.\n"),
            ("ann@corp.example", "[l] Release 1.0", away),
            ("cy@x.example", "[l] Release 1.0", "It builds here, and the tests all pass.\n"),
        ],
        reply_prefixes=False,
    )
    assert parent["m1@x"] == "m0@x"  # the notice answers what the list delivered
    assert parent["m2@x"] == "m0@x"


def test_twisted_supercite_quotes_are_quotes_to_threading(corpora: Path) -> None:
    """Terry Jones quotes Jean-Paul Calderone in Emacs supercite style ("JPC> .tac files _are_
    configuration, …"), which threading read as his own words: Gary Jefferson's reply months
    later, without reply headers, quotes Jean-Paul's answer and was linked to Terry's message;
    it answers Jean-Paul's. (Five lists: 2 parents change, both twisted-python, both right;
    the other, Skip Montanaro's "Donovan> …" reply, now answers Donovan Baarda's first post,
    whose words it quotes. Tim Lavoie's reply to a digest, "glyph> …", still finds no parent:
    it quotes one sentence of glyph's and the search across subjects needs two.)"""
    folder = corpora / "twisted-python-pipermail-gz"
    months = [folder / f"{month}.txt.gz" for month in ("2006-June", "2007-January")]
    parent = thread_messages(parse_sources(months, "l")).set_index("message_id")["parent_id"]
    assert parent["62ad745a0701291521h42d57af3x212231602ea130d7@mail.gmail.com"] == (
        "20060609221555.31435.2102753837.divmod.quotient.4881@ohm"
    )
    own = own_text(
        parse_sources([folder / "2006-June.txt.gz"], "l")
        .set_index("message_id")
        .body["17545.64305.874548.38866@terry.jones.tc"]
    )
    assert "tac files don't always seem to be that small" in own
    assert "burdensome" not in own  # Jean-Paul's words, quoted
