"""Threading errors found by the blind audit thr31, on the real messages."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analyzer.api import parse_sources
from analyzer.subjects import former_subject
from analyzer.threads import thread_messages
from analyzer.threads.quoting import own_text, quoted_lines, says_nothing


def _parents(paths: list[Path]) -> pd.Series:
    return thread_messages(parse_sources(paths, "l")).set_index("message_id")["parent_id"]


def test_an_elision_between_an_attribution_and_its_quote_opens_an_ordinary_quote() -> None:
    """ "Ann wrote:" then "[...]" then "> " lines is a quote with a cut, not an unmarked copy of
    Ann's message: the words below the quote are the sender's own."""
    body = (
        "On Tue, Jun 20, 2006 at 03:52:28PM +0200, Ann Example wrote:\n"
        "[...]\n"
        "> \n"
        "> Now, I might have missed something, but that is what it should do.\n"
        "\n"
        "See the ticket about it, which has code for the same basic thing.\n"
    )
    assert own_text(body).endswith(
        "see the ticket about it, which has code for the same basic thing."
    )
    assert quoted_lines(body) == [
        "now, i might have missed something, but that is what it should do."
    ]


def test_twisted_a_reply_to_a_digest_follows_a_quote_of_an_answer_with_a_cut(corpora: Path) -> None:
    """Blind audit thr31, B6: Ed Suominen answered a digest (its In-Reply-To is not in the
    archive) quoting Andrew Bennetts's answer, re-wrapped. Andrew's answer opens "… Markus
    Schiltknecht wrote:" / "[...]" / "> …": taken for an unmarked copy of Markus's message, it
    had no text of its own to be found in Ed's quote. (Twisted-python: one more reply placed
    so, Rick Graves's answer to Andrew's "Rick Graves wrote:" / "[...]"; no other list changes.)"""
    month = corpora / "twisted-python-pipermail-gz" / "2006-June.txt.gz"
    parent = _parents([month])
    assert parent["449855AD.1040101@eepatents.com"] == (
        "20060620142541.GA4667@steerpike.home.puzzling.org"
    )


def test_a_reply_to_a_digest_answers_the_newest_message_of_its_subject_whose_id_it_shows(
    corpora: Path,
) -> None:
    """Blind audit thr31, A43: Surender Singh's "Hi Ellie, Thanks for support" quotes a digest's
    item, Eleanor Merry's answer, with its Message-ID, and under it the older messages of the
    discussion, her earlier answer's Message-ID among them. Two Message-IDs of the archive once
    named no parent, and his own question, which the quote holds too, was taken. (Six lists: 5
    parents change, all read: 4 right, Wilfred Smith's "apologies to everyone" over a digest of
    five answers now goes to the newest, once the first: either.)"""
    parent = _parents([corpora / "clearwater-pipermail" / "2016-October.txt"])
    reply = "16AE9ED83DBA5B4D85B058EAF39C918107E1D72D@NDA-HCLT-MBS05.hclt.corp.hcl.in"
    assert parent[reply] == (
        "BL2PR02MB20843688017344C18585F7009BDD0@BL2PR02MB2084.namprd02.prod.outlook.com"
    )


def test_a_quoted_digest_of_other_subjects_names_no_parent() -> None:
    """Of the several Message-IDs a quoted digest shows, those of other subjects say nothing,
    nor does the sender's own: the newest of the reply's subject from someone else is the
    parent (not the sender's own latest message of the subject), and without any, none is."""
    digest = (
        "Thanks, that works.\n\n"
        "Message: 1\nFrom: Bob\nSubject: Re: Topic\nMessage-ID: <b@x>\n\nTry this.\n\n"
        "Message: 2\nFrom: Carl\nSubject: Other\nMessage-ID: <c@x>\n\nUnrelated.\n\n"
        "Message: 3\nFrom: Ann\nSubject: Re: Topic\nMessage-ID: <f@x>\n\nStill stuck.\n"
    )
    table = pd.DataFrame(
        {
            "message_id": ["a@x", "b@x", "c@x", "f@x", "r@x"],
            "subject": ["Topic", "Re: Topic", "Other", "Re: Topic", "Re: Digest, Vol 1, Issue 2"],
            "from_email": ["ann@x", "bob@x", "carl@x", "ann@x", "ann@x"],
            "from_name": ["Ann", "Bob", "Carl", "Ann", "Ann"],
            "date": pd.Timestamp("2020-01-01", tz="UTC")
            + pd.to_timedelta([0, 1, 1.5, 1.7, 2], "D"),
            "body": ["My question.", "Try this.", "Unrelated.", "Still stuck.", digest],
            "in_reply_to": None,
        }
    )
    for subject, expected in [("Re: Topic", "b@x"), ("Re: Else", None)]:
        table.loc[4, "subject"] = subject
        result = thread_messages(table).set_index("message_id")["parent_id"]
        assert (result["r@x"] if isinstance(result["r@x"], str) else None) == expected, subject


def test_says_nothing_reads_only_the_archives_notices() -> None:
    notices = (
        "An HTML attachment was scrubbed...\n"
        "URL: http://example.org/pipermail/l/attachments/20050212/2246b5e3/attachment.htm \n"
        "-------------- next part --------------\n"
        "A non-text attachment was scrubbed...\n"
        "Name: update.scr\nType: application/octet-stream\nSize: 19182 bytes\n"
        "Desc: not available\n"
    )
    assert says_nothing(notices)
    assert not says_nothing("Thanks, that works.\n\n" + notices)
    assert not says_nothing("Name: Ann\nType: a question\n")  # fields, but no notice
    assert not says_nothing("")


def test_textless_posts_of_one_sender_are_copies_not_replies() -> None:
    """Two posts of one sender under one subject that hold nothing but scrubbed parts (a worm's
    mail, a spam run) are no reply to each other; one after another sender's message still
    follows its subject (an HTML-only reply: its text is not in the archive)."""
    notice = "An HTML attachment was scrubbed...\nURL: http://example.org/a/{}.htm\n"
    table = pd.DataFrame(
        {
            "message_id": ["a@x", "b@x", "c@x", "d@x"],
            "subject": ["Hello", "Hello", "Topic", "Topic"],
            "from_email": ["worm@x", "worm@x", "ann@x", "bob@x"],
            "from_name": ["Stephen", "Stephen", "Ann", "Bob"],
            "date": pd.Timestamp("2005-02-01", tz="UTC") + pd.to_timedelta([0, 3, 4, 4.5], "D"),
            "body": [notice.format(1), notice.format(2), "How do I do this?", notice.format(3)],
            "in_reply_to": None,
        }
    )
    parent = thread_messages(table, reply_prefixes=False).set_index("message_id")["parent_id"]
    assert pd.isna(parent["b@x"]) and parent["d@x"] == "c@x"


def test_twisted_a_worms_mails_are_no_thread(corpora: Path) -> None:
    """Blind audit thr31, A33: "You are made active", a worm's mails (an empty HTML part and a
    .scr program), came under one subject and one forged sender and were chained by subject:
    they hold no words for `second_copies` to compare. (Six lists: 20 links go, all read, all
    wrong before: 12 of worm mails, 8 of spam runs; none elsewhere.)"""
    month = corpora / "twisted-python-pipermail-gz" / "2005-February.txt.gz"
    table = thread_messages(parse_sources([month], "l"), reply_prefixes=False)
    parent = table.set_index("message_id")["parent_id"]  # (the whole archive strips "Re:")
    for worm in ["ltxluvfezcczbrrlsjp@twistedmatrix.com", "ubefdrykwaigobagfaq@twistedmatrix.com"]:
        assert pd.isna(parent[worm]), worm


def test_a_quote_of_a_message_that_only_passed_a_quote_on_shows_the_level_under_it() -> None:
    """A first quote level that holds only "Ann wrote on …:" says nothing of the quoted
    message's own: the lines it passed on are what the reply shows. A reply that kept only the
    deeper lines (with no attribution above them) may have cut its parent's words: nothing."""
    passed_on = (
        '> "Example, Ann" <ann@example.org> wrote on 08/22/2019\n'
        "> 09:28:23 AM:\n"
        ">\n"
        ">> Not sure which kind of volume you are trying to use here.\n"
        "\n"
        "We were thinking of the second kind.\n"
    )
    assert (
        quoted_lines(passed_on)[-1] == "not sure which kind of volume you are trying to use here."
    )
    cut = ">> Not sure which kind of volume you are trying to use here.\n\nThe second kind.\n"
    assert quoted_lines(cut) == []
    answered = "> Not sure which kind of volume you are trying to use here.\n>> Older words here.\n"
    assert "older words here." not in quoted_lines(answered)


def test_openbmc_a_resend_quoting_the_first_copy_answers_what_that_one_quoted(
    corpora: Path,
) -> None:
    """Blind audit thr31, B21: Adriana Kobylak's reply names (In-Reply-To) her first copy, sent
    from Lotus Notes and not in the archive, and quotes it: '"Schmitt, Richard" wrote on
    08/22/2019 09:28:23 AM:' and, one level deeper, his text, which places it. (Six lists:
    only this parent changes.)"""
    months = [corpora / "openbmc-mbox-2019" / f"openbmc-2019-{m}.mbox" for m in ("08", "09")]
    parent = _parents(months)  # (Richard Schmitt's message is in the September file)
    assert parent["9829dda63f7e17007a17c85d01fea270@linux.vnet.ibm.com"] == (
        "MN2PR14MB265597F84291C8F0D51C00FDE6A50@MN2PR14MB2655.namprd14.prod.outlook.com"
    )


def test_former_subject_is_the_base_subject_a_was_note_names() -> None:
    assert former_subject(
        "CVS Tag (was Re: [Twisted-Python] PATCH: doc/historic/index.html reality link)"
    ) == ("patch: doc/historic/index.html reality link")
    assert former_subject("[ImageJ-devel] Naming [was: Re: [fiji-devel] Cursor misnamed]") == (
        "cursor misnamed"
    )
    assert former_subject("Re: New plan, was: Old plan") == "old plan"
    for none in ["Plain subject", "What it was", "(was: Old) alone", None]:
        assert former_subject(none) == ""


def test_a_renamed_subject_goes_on_from_the_message_it_quotes_in_the_old_one() -> None:
    """ "New (was: Old)" without reply headers: the message of Old whose own text it quotes, else
    the one its attribution names, else Old's latest not from its sender."""
    table = pd.DataFrame(
        {
            "message_id": ["a@x", "b@x", "c@x", "q@x", "n@x", "s@x"],
            "subject": ["Old", "Re: Old", "Re: Old", "New (was: Old)", "Next (was Re: Old)", "X"],
            "from_name": ["Ann", "Bob", "Carl", "Dan", "Carl", "Eve"],
            "date": pd.Timestamp("2020-01-01", tz="UTC") + pd.to_timedelta(range(6), "D"),
            "body": [
                "A question about the old plan here.",
                "Bob's answer says something rather long about it.",
                "Carl's remark adds a different thing to the old plan.",
                "> Bob's answer says something rather long about it.\n\nA new question.",
                "A follow-up with nothing quoted.",
                "Other.",
            ],
            "in_reply_to": None,
        }
    )
    table["from_email"] = table["from_name"].str.lower() + "@x"
    parent = thread_messages(table).set_index("message_id")["parent_id"]
    assert parent["q@x"] == "b@x"  # its quote, not Old's latest
    assert parent["n@x"] == "b@x"  # Old's latest not Carl's own


def test_twisted_a_renamed_subject_answers_the_old_subjects_messages(corpora: Path) -> None:
    """Blind audit thr31, B11: Lee Harr's "CVS Tag (was Re: [Twisted-Python] PATCH: …)" goes on
    from Brian Warner's answer in the old thread (the one he quotes is not archived); Richard
    Wall's "Twisted Names EDNS(0) support [Was Twisted at PyConUK 2013]" answers Phil Mayers,
    whom he quotes and thanks, not the old subject's latest message. (Six lists: 12 parents set,
    all read, all right: 10 twisted, 2 imagej.)"""
    months = corpora / "twisted-python-pipermail-gz"
    parent = _parents([months / "2003-June.txt.gz", months / "2013-September.txt.gz"])
    assert parent["BAY2-F127hxJKocJqj00000c37b@hotmail.com"] == (
        "20030623.153631.01456115.warner@lothar.com"
    )
    assert parent["CABefbUqEKMp7r4eABGSi=tscOboJ_w-2TdrfaO+fyUJyhLGcRQ@mail.gmail.com"] == (
        "52387690.5070304@imperial.ac.uk"
    )
