"""Threading errors found by the blind audit thr32 and fixed in thr36, on the real messages:
auto-replies and forwarded reminders."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analyzer.api import parse_sources
from analyzer.subjects import subject_facts
from analyzer.threads import thread_messages


def _parents(paths: list[Path]) -> pd.Series:
    return thread_messages(parse_sources(paths, "l")).set_index("message_id")["parent_id"]


def test_auto_reply_prefixes_go_like_a_reply_and_mark_the_responder() -> None:
    assert subject_facts("[Twisted-Python] Auto-Re: Weekly Bug Summary") == (
        "weekly bug summary",
        True,
        True,
    )
    assert subject_facts("Out of Office AutoReply: Re: [usrp] E320") == ("e320", True, True)
    assert subject_facts("Automatic reply: [list] hello") == ("hello", True, True)
    assert subject_facts("Abwesenheitsnotiz: Re: Termin") == ("termin", True, True)
    # a person's answer to an auto-reply, a patch to a subsystem, a subject that names nothing
    assert subject_facts("Re: Auto-Re: Foo") == ("foo", True, False)
    assert subject_facts("[PATCH] auto-re: fix it")[2] is False
    assert subject_facts("Out of Office:")[2] is False
    assert subject_facts("[Twisted-Python] Automatic reconnection") == (
        "automatic reconnection",
        False,
        False,
    )


def test_twisted_an_auto_reply_answers_the_latest_message_of_its_subject(corpora: Path) -> None:
    """Blind audit thr32: an auto-responder's "Auto-Re: Weekly Bug Summary" of 6 September 2015
    (09:07) answers trac's summary of the same morning (06:05), not a person's answer to the
    responder's auto-reply of the week before; the responder's other auto-replies, once roots,
    answer the message of their subject minutes before them. (Six lists: 12 parents change,
    all on twisted-python, all read, all right.)"""
    months = [
        corpora / "twisted-python-pipermail-gz" / f"2015-{m}.txt.gz"
        for m in ("August", "September")
    ]
    parent = _parents(months)
    assert parent["150906170725b53e189abd5a8b956d47a51db5d6d1cd@dhcc.com.cn"] == (
        "1441519528.61.7856443706311942375@twistedmatrix.com"
    )
    assert parent["1509021843218d64eba830f9363451a88ab14ecc1b9c@dhcc.com.cn"] == (
        "CAFycZ9fkkV3nRmE9D7wOXu6oik04GKuGwAH5pW41rMGK5rjHOg@mail.gmail.com"
    )
    # a person's answer to an auto-reply keeps its headers' parent
    assert parent["685B3C22-79C9-49D4-8A07-C37F91710B75@ox.cx"] == (
        "1508301410287c07ff0242203530129a5c93f1c53c02@dhcc.com.cn"
    )


def test_openbmc_a_forwarded_reminder_is_no_reply_to_the_reminder_before(corpora: Path) -> None:
    """Blind audit thr32: the periodic "Fw: OpenBMC Test Work group meeting" reminders forward
    one calendar invite that the archive lacks; one line of it, the wiki's link, is in an
    earlier reminder's note too, and that one line made the next reminder its reply. (Six
    lists: 2 parents change, both reminders, both now roots like the other 8.)"""
    parent = _parents([corpora / "openbmc-mbox-2019" / "openbmc-2019-07.mbox.gz"])
    for reminder in (
        "OF97F11158.8108885E-ON00258409.001F517A-00258409.001F5D8C@notes.na.collabserv.com",
        "OF9D93BDD6.34F96436-ON00258417.0037125F-00258417.003747B8@notes.na.collabserv.com",
    ):
        assert pd.isna(parent[reminder])
