"""Threading: each rule on small tables written here, then the real archives."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from analyzer.api import parse_sources
from analyzer.errors import AnalyzerError
from analyzer.schema import EDGE_COLUMNS, THREAD_COLUMNS
from analyzer.threads import (
    clean_message_id,
    edges_table,
    select_threads,
    thread_messages,
    thread_order,
    threads_table,
)
from analyzer.threads.attributions import attribution
from analyzer.threads.copies import patch_version
from analyzer.threads.fallback import subjects_of
from analyzer.threads.quoting import own_text, quoted_lines

DAY = pd.Timedelta(days=1)
START = pd.Timestamp("2020-01-01", tz="UTC")


def message(
    message_id: str | None,
    day: float,
    subject: str = "Topic",
    in_reply_to: str | None = None,
    references: Any = None,
    **extra: Any,
) -> dict[str, Any]:
    row = {
        "message_id": message_id,
        "date": START + day * DAY,
        "subject": subject,
        "in_reply_to": in_reply_to,
        "references": references,
        "from_email": f"{message_id}@example.org",
    }
    row.update(extra)
    return row


def threaded(rows: Iterable[dict[str, Any]], **options: Any) -> pd.DataFrame:
    return thread_messages(pd.DataFrame(list(rows)), **options).set_index("message_id")


def parents(table: pd.DataFrame) -> dict[str, str | None]:
    return {m: (p if isinstance(p, str) else None) for m, p in table["parent_id"].items()}


def test_headers_give_parent_thread_and_depth() -> None:
    table = threaded(
        [
            message("a", 0),
            message("b", 1, "Re: Topic", "<a>", ["a"]),
            message("c", 2, "Re: Topic", "b", ["<a>", "<b>"]),
            message("d", 3, "Re: Topic", None, ["a"]),  # References only
        ]
    )
    assert parents(table) == {"a": None, "b": "a", "c": "b", "d": "a"}
    assert set(table["thread_id"]) == {"a"}
    assert table["depth"].to_dict() == {"a": 0, "b": 1, "c": 2, "d": 1}
    assert table["subject_norm"].tolist() == ["topic"] * 4


def test_missing_messages_are_placeholders() -> None:
    table = threaded(
        [
            message("a", 0),
            # Its parent "gone" is not in the archive, but References say gone answered a.
            message("c", 2, "Re: Topic", "gone", ["a", "gone"]),
            # Two replies to a root the archive lacks form one thread named after that root.
            message("x", 3, "Re: Other", "lost-root"),
            message("y", 4, "Re: Other", "lost-root"),
        ]
    )
    assert parents(table) == {"a": None, "c": None, "x": None, "y": None}
    assert table.loc["c", "thread_id"] == "a"
    assert table.loc["c", "depth"] == 2
    assert table.loc["x", "thread_id"] == table.loc["y", "thread_id"] == "lost-root"
    assert table.loc["x", "depth"] == 1


def test_the_first_link_of_conflicting_references_wins_and_own_headers_beat_others() -> None:
    table = threaded(
        [
            message("p", 0),
            message("q", 0.5),
            message("m", 0.7, "Re: Topic"),  # no headers of its own
            message("r1", 1, "Re: Topic", "m", ["p", "m"]),  # says m answered p
            message("r2", 2, "Re: Topic", "m", ["q", "m"]),  # says m answered q: later, loses
            message("s", 3, "Re: Topic", "q", ["p", "q"]),  # s's References say q answered p
        ]
    )
    assert table.loc["m", "parent_id"] == "p"
    assert table.loc["q", "parent_id"] == "p"


@pytest.mark.parametrize("first", ["f", "g"])
def test_loops_are_cut_at_the_earliest_message(first: str) -> None:
    later = "g" if first == "f" else "f"
    table = threaded(
        [
            message(first, 0, in_reply_to=later),
            message(later, 1, in_reply_to=first),
            message("h", 2, in_reply_to=later),
            message("self", 3, in_reply_to="self", references=["self"]),
        ]
    )
    assert parents(table) == {first: None, later: first, "h": later, "self": None}
    assert set(table.loc[[first, later, "h"], "thread_id"]) == {first}
    assert table.loc["self", "thread_id"] == "self"


def test_loops_among_placeholders_are_cut_too() -> None:
    table = threaded(
        [
            message("m1", 0, in_reply_to="B", references=["A", "B"]),
            message("m2", 1, in_reply_to="A", references=["B", "A"]),
        ]
    )
    assert table["depth"].notna().all()
    assert table.loc["m1", "thread_id"] == table.loc["m2", "thread_id"]


def test_copies_of_one_message_are_threaded_once() -> None:
    rows = [
        message("a", 0),
        message("b", 1, "Re: Topic", "a"),
        message("b", 1, "Re: Topic", "a"),
        message("c", 2, "Re: Topic", "b"),
    ]
    table = threaded(rows)
    assert table.loc["b", "parent_id"].tolist() == ["a", "a"]
    frame = thread_messages(pd.DataFrame(rows))
    threads = threads_table(frame)
    assert threads.loc[0, "n_messages"] == 3
    assert edges_table(frame)["message_id"].tolist() == ["b", "c"]


def test_replies_across_month_files_are_threaded() -> None:
    table = threaded(
        [
            message("jan", 30, source="2020-January.txt"),
            message("feb", 40, "Re: Topic", "jan", source="2020-February.txt"),
            message("apr", 100, "Re: Topic", "feb", source="2020-April.txt"),
        ]
    )
    assert parents(table) == {"jan": None, "feb": "jan", "apr": "feb"}


def test_subject_fallback_for_messages_without_reply_headers() -> None:
    table = threaded(
        [
            message("a", 0, "Budget"),
            message("b", 1, "Re: Budget"),  # headerless reply: most recent "budget" is a
            message("c", 2, "[list] RE: budget"),  # then b
            message("d", 100, "Re: Budget"),  # beyond the 30-day window
            message("e", 3, "Budget"),  # not a reply subject: a thread of its own
        ]
    )
    assert parents(table) == {"a": None, "b": "a", "c": "b", "d": None, "e": None}
    wider = threaded(
        [message("a", 0, "Budget"), message("d", 100, "Re: Budget")],
        subject_window=pd.Timedelta(days=120),
    )
    assert wider.loc["d", "parent_id"] == "a"
    off = threaded([message("a", 0, "Budget"), message("b", 1, "Re: Budget")], use_subjects=False)
    assert parents(off) == {"a": None, "b": None}


def test_subjects_never_join_threads_that_headers_built() -> None:
    table = threaded(
        [
            message("a", 0, "Budget"),
            message("a1", 1, "Re: Budget", "a"),
            message("b", 2, "Budget"),  # a second thread with the same subject
            message("b1", 3, "Re: Budget", "b"),
            message("x1", 4, "Re: Budget", "x"),  # answers a message the archive lacks
        ]
    )
    assert parents(table) == {"a": None, "a1": "a", "b": None, "b1": "b", "x1": None}
    assert table["thread_id"].to_dict() == {"a": "a", "a1": "a", "b": "b", "b1": "b", "x1": "x"}


def test_digests_never_join_by_subject() -> None:
    digest = "dev Digest, Vol 3, Issue 7"
    table = threaded(
        [
            message("d", 0, digest),
            message("r", 1, f"Re: {digest}"),
            message("s", 2, f"Re: {digest}"),
        ]
    )
    assert parents(table) == {"d": None, "r": None, "s": None}


def test_archives_that_strip_reply_prefixes() -> None:
    """Where almost no repeated subject says "Re:", a repeated subject marks a reply."""
    rows = [message(f"t{i}", i, f"Topic {i}") for i in range(25)]
    rows += [message(f"r{i}", i + 0.5, f"Topic {i}") for i in range(25)]
    table = threaded(rows)
    assert all(table.loc[f"r{i}", "parent_id"] == f"t{i}" for i in range(25))
    kept = threaded(rows, reply_prefixes=True)
    assert kept["parent_id"].isna().all()


def test_archive_parent_is_used_when_headers_say_nothing() -> None:
    table = threaded(
        [
            message("a", 0, archive_parent_id=None),
            message("b", 1, archive_parent_id="a"),
            message("c", 2, "Re: Topic", "a", archive_parent_id="b"),  # headers win
            message("d", 3, archive_parent_id="not-in-archive"),
        ]
    )
    assert parents(table) == {"a": None, "b": "a", "c": "a", "d": None}
    assert table.loc["d", "thread_id"] == "not-in-archive"


def test_the_archive_index_rules_out_parents_it_had_seen() -> None:
    """A message the month's thread index left at the top did not answer an earlier message of
    that month (the archive saw its headers), but may answer one of the month before."""

    def page(message_id: str, day: float, month: str, index: int) -> dict[str, Any]:
        return message(
            message_id,
            day,
            "Plans",
            source=f"list/{month}/{index:06d}.html",
            source_index=index,
            archive_thread_order=index,
        )

    table = threaded(
        [
            page("jan1", 28, "2020-January", 0),
            page("feb1", 33, "2020-February", 0),
            page("feb2", 34, "2020-February", 1),
        ],
        reply_prefixes=False,
    )
    assert parents(table) == {"jan1": None, "feb1": "jan1", "feb2": None}


def test_quoted_text_names_the_parent() -> None:
    first = "We should move the meeting to Thursday afternoon.\nWhat do you think?\n"
    second = "Thursday does not work for me, what about Friday morning instead?\n"
    reply = (
        "On Monday, Ann wrote:\n> We should move the meeting to Thursday afternoon.\n\nAgreed.\n"
    )
    table = threaded(
        [
            message("ann", 0, "Meeting", body=first),
            message("bob", 1, "Re: Meeting", "ann", body=second),
            message("cat", 2, "Re: Meeting", body=reply),  # quotes ann, not the latest (bob)
        ]
    )
    assert table.loc["cat", "parent_id"] == "ann"
    without = threaded(
        [
            message("ann", 0, "Meeting", body=first),
            message("bob", 1, "Re: Meeting", "ann", body=second),
            message("cat", 2, "Re: Meeting", body=reply),
        ],
        use_bodies=False,
    )
    assert without.loc["cat", "parent_id"] == "bob"


def test_a_reply_whose_headers_lead_out_of_the_archive_follows_its_quote() -> None:
    """A reply read in a digest names the digest, which the archive lacks: its quote of Ann
    places it. Two replies to one missing message stay together under it (their headers agree
    on a thread), and a reply with no quote keeps its missing parent (no subject link)."""
    first = "We should move the meeting to Thursday afternoon.\nWhat do you think?\n"
    quoting = "> We should move the meeting to Thursday afternoon.\n\nAgreed.\n"
    table = threaded(
        [
            message("ann", 0, "Meeting", body=first),
            message("cat", 2, "Re: Meeting", "digest-1", body=quoting),
            message("dan", 2, "Re: Meeting", "digest-2", body="I agree, Thursday is fine.\n"),
            message("eve", 3, "Re: Meeting", "lost", body=quoting),
            message("fay", 3, "Re: Meeting", "lost", body="Me too.\n"),
        ]
    )
    assert parents(table) == {"ann": None, "cat": "ann", "dan": None, "eve": None, "fay": None}
    assert table.loc["cat", "thread_id"] == "ann"
    assert table.loc["dan", "thread_id"] == "digest-2"
    assert table.loc["eve", "thread_id"] == table.loc["fay", "thread_id"] == "lost"


def test_a_reply_to_a_digest_follows_the_message_id_it_quotes_or_its_lines() -> None:
    """A reply written in a digest keeps the digest's subject: the digest section it quotes
    names the message by its Message-ID; without one, two lines it quotes from a message of the
    two weeks before do."""
    ann = "We should move the meeting to Thursday afternoon.\nThe room is free all day then.\n"
    section = "> Message: 2\n> Date: Mon, 6 Jan 2020\n> Message-ID: <ann>\n> \n"
    lines = "".join(f"> {line}\n" for line in ann.splitlines())
    table = threaded(
        [
            message("ann", 0, "Meeting", body=ann),
            message("bob", 0.5, "Budget", body="The budget is due on Friday, please send it.\n"),
            message("cat", 1, "Re: List Digest, Vol 3, Issue 2", body=section + "> Hi\nYes.\n"),
            message("dan", 2, "Re: List Digest, Vol 3, Issue 2", body=lines + "Fine.\n"),
            message("eve", 30, "Re: List Digest, Vol 4, Issue 1", body=lines + "Late.\n"),
        ]
    )
    assert parents(table) == {"ann": None, "bob": None, "cat": "ann", "dan": "ann", "eve": None}


def test_a_reply_to_a_digest_never_answers_the_senders_own_item(corpora: Path) -> None:
    """Kosala answers Matt in the digest that holds his own question and Matt's answers; its
    first quoted lines are his question (blind audit thr26, T-2: 5 such self-replies in
    clearwater and twisted): the sender's own message is no candidate of the wide search."""
    table = thread_messages(
        parse_sources([corpora / "clearwater-pipermail" / "2016-August.txt"], "clearwater")
    ).set_index("message_id")
    reply = table.loc["CAGEe17ZLnypQfbzxEwxj9EaB20MUBVpY+YdN-Obv=gHpZmG0KA@mail.gmail.com"]
    parent = reply["parent_id"]
    assert not isinstance(parent, str) or table.loc[parent, "from_email"] != reply["from_email"]
    ann = "We should move the meeting to Thursday afternoon.\nThe room is free all day then.\n"
    lines = "".join(f"> {line}\n" for line in ann.splitlines())
    own = threaded(
        [
            message("ann", 0, "Meeting", body=ann),
            {
                **message("ann2", 1, "Re: List Digest, Vol 3, Issue 2", body=lines + "Any?\n"),
                "from_email": "ann@example.org",
            },
        ]
    )
    assert parents(own) == {"ann": None, "ann2": None}


def test_a_reply_placed_by_its_subject_answers_the_person_it_greets(corpora: Path) -> None:
    """Without reply headers or a quote, "Congratulations Curtis." answers Curtis's message of
    the subject, not the latest one (blind audit thr26, T-4: Badri Roysam's was linked to
    Dimiter's); "Hi All" names no one, and a greeting of two people keeps the latest message
    when it is one of theirs. (Headers removed, twisted-python: 38 parents change, 26 to the
    headers' parent, 6 away from it.)"""
    months = sorted((corpora / "imagej-devel-pipermail").glob("20*.txt"))
    table = thread_messages(parse_sources(months, "imagej")).set_index("message_id")
    badri = table.loc["20091209172945.709c1537@mail.ecse.rpi.edu", "parent_id"]
    assert table.loc[badri, "from_name"] == "Curtis Rueden"

    def rows(greeting: str) -> list[dict[str, Any]]:
        return [
            message("ann", 0, "Plan", from_name="Ann Lee", body="Here is the plan.\n"),
            message("bob", 1, "Re: Plan", from_name="Bob Ray", body="Looks fine to me.\n"),
            message("cat", 2, "Re: Plan", from_name="Cat Poe", body=f"{greeting}\nAgreed.\n"),
        ]

    assert parents(threaded(rows("Thanks, Ann!")))["cat"] == "ann"
    assert parents(threaded(rows("Hi All,")))["cat"] == "bob"
    assert parents(threaded(rows("Hi Ann and Bob,")))["cat"] == "bob"


def test_a_reply_whose_parent_is_elsewhere_follows_sentences_it_quotes_under_any_subject() -> None:
    """A reply to a message the archive lacks (another list's copy, a digest) under a subject of
    its own: two sentences it quotes from a message of the days before place it. Quoted code,
    tracebacks and the archive's attachment notices recur in many messages and place nothing."""
    ann = (
        "I have been reading the documentation for the reactor all week.\n"
        "The part about deferreds still confuses me a great deal, I am afraid.\n"
    )
    bob = (
        "Here is what I ran:\n"
        "    reactor.callLater(5, stop)\n"
        "    reactor.run()\n"
        "Traceback (most recent call last):\n"
        "A non-text attachment was scrubbed...\n"
        "Desc: This is a digitally signed message part\n"
    )
    table = threaded(
        [
            message("ann", 0, "Learning the reactor", body=ann),
            message("bob", 0.5, "Stopping", body=bob),
            message(
                "cat",
                2,
                "Deferreds explained",
                "elsewhere-1",
                body=_quoted(ann) + "See the howto.\n",
            ),
            message("dan", 3, "Timers", "elsewhere-2", body=_quoted(bob) + "Use a LoopingCall.\n"),
        ]
    )
    assert parents(table) == {"ann": None, "bob": None, "cat": "ann", "dan": None}


def test_a_reply_to_a_digests_item_answers_that_senders_message() -> None:
    """A reader of the digest answers from its table of contents: "Re: Budget (Ann Lee)"; its
    headers name the digest, which the archive lacks. Ann's latest "Budget" message of the two
    weeks before is the parent, not Bob's later one; an item naming someone who wrote nothing
    under that subject places nothing."""
    table = threaded(
        [
            message("ann", 0, "Budget", from_name="Ann Lee"),
            message("bob", 1, "Re: Budget", "ann", from_name="Bob Stone"),
            message("cat", 2, "Re: [list] Budget (Ann Lee)", "digest-7", from_name="Cat"),
            message("dan", 2, "Re: Budget (Eve Marsh)", "digest-7", from_name="Dan"),
            message("fay", 30, "Re: Budget (Ann Lee)", "digest-9", from_name="Fay"),
        ]
    )
    assert parents(table) == {"ann": None, "bob": "ann", "cat": "ann", "dan": None, "fay": None}


def test_only_a_persons_name_in_parentheses_makes_a_digests_item() -> None:
    """Two to four words without digits: "(Marcus D. Leech)", not "(long)", "(copy 3)" or
    "(Zoiper5 and XLite)", which many subjects end with and which name no sender."""
    subjects = subjects_of(
        pd.Series(
            [
                "Re: UHD 4.0.0.0 (Marcus D. Leech)",
                "Re: [list] Budget (Ann Lee)",
                "A long post (long)",
                "Weekly report (copy 3)",
                "Failed to register (Zoiper5 and XLite)",
            ]
        )
    )
    assert subjects.names_an_item.tolist() == [True, True, False, False, False]


def _quoted(text: str) -> str:
    return "".join(f"> {line}\n" for line in text.splitlines())


def test_a_reply_that_quotes_a_chain_answers_its_newest_message() -> None:
    """Bob's short answer carried Ann's long question along; Cat, quoting both, answers Bob."""
    question = "How do I run the reactor in a thread?\nI tried callFromThread and it hangs.\n"
    answer = "Use deferToThread for the blocking part instead.\n"
    chain = f"{answer}\n-----Original Message-----\nFrom: Ann\nSent: Monday\n\n{question}"
    quoted = "".join(f"> {line}\n" for line in (answer + "\n" + question).splitlines())
    table = threaded(
        [
            message("ann", 0, "Threads", body=question),
            message("bob", 1, "Threads", body=chain),
            message("cat", 2, "Threads", body=quoted + "\nThat works, thanks.\n"),
        ],
        reply_prefixes=False,
    )
    assert parents(table) == {"ann": None, "bob": "ann", "cat": "bob"}


@pytest.mark.parametrize(
    "opening",
    [
        "-----Original Message-----\nFrom: Ann Example [mailto:ann@example.org]\n"
        "Sent: Monday, 3 May 2021 10:00\nTo: list\nSubject: Meeting\n\n",
        "> From: Ann Example\n> Sent: Monday, 3 May 2021 10:00\n> Subject: Meeting\n>\n",
        "-----Original Message-----\n> From: Ann Example\n> Date: Monday, 3 May 2021\n>\n",
        # the banner in the client's language, without a header block under it
        "----- Message d'origine -----\n",
        "-------- Messaggio originale --------\nDa: Ann Example\nData: 03/05/2021 10:00\n\n",
    ],
)
def test_the_header_block_that_opens_a_copy_is_skipped(opening: str) -> None:
    """Outlook's "Original Message" copy and a quote that opens with the parent's headers hold
    the parent's text below those headers (they once hid the whole copy)."""
    copied = "Shall we move the meeting to Thursday?\nThe room is free all afternoon.\n"
    if opening.rstrip().endswith(">"):
        copied = "".join(f"> {line}\n" for line in copied.splitlines())
    lines = quoted_lines("Thursday suits me.\n\n" + opening + copied)
    assert lines == ["shall we move the meeting to thursday?", "the room is free all afternoon."]


def test_own_text_runs_under_an_underlined_heading() -> None:
    report = "Bug summary\n______________________\nBugs opened: 28    Bugs closed: 19\n"
    assert "bugs opened: 28 bugs closed: 19" in own_text(report)


def test_bodies_without_anything_to_place() -> None:
    table = threaded(
        [
            message("a", 0, "One", body="Hello there, this is a message body."),
            message("b", 1, "Two", "a", body="> Hello there, this is a message body.\nYes."),
        ]
    )
    assert parents(table) == {"a": None, "b": "a"}


def test_the_posts_of_a_series_never_join_by_subject() -> None:
    """A weekly report is news, not a reply to last week's or to its discussion; a discussion's
    own follow-ups still join, however long it runs (an archive that stripped the "Re:")."""
    bot = "report@example.org"
    rows = []
    for week in range(8):
        rows.append(message(f"w{week}", 7 * week, "Weekly report", from_email=bot))
        rows.append(message(f"r{week}", 7 * week + 0.5, "Weekly report"))
    rows += [
        message("ann1", 0, "Plans", from_email="ann@example.org"),
        message("bob1", 0.5, "Plans", from_email="bob@example.org"),
        message("ann2", 1, "Plans", from_email="ann@example.org"),
        message("bob2", 20, "Plans", from_email="bob@example.org"),
        message("ann3", 20.5, "Plans", from_email="ann@example.org"),
        message("ann4", 40.2, "Plans", from_email="ann@example.org"),
    ]
    found = parents(threaded(rows, reply_prefixes=False))
    assert all(found[f"w{week}"] is None for week in range(8))
    assert all(found[f"r{week}"] == f"w{week}" for week in range(8))
    assert [found["ann2"], found["ann3"], found["ann4"]] == ["bob1", "bob2", "ann3"]


def test_no_subject_is_no_evidence() -> None:
    subjects = ["(no subject)", "No subject", "Re: (no subject)", "[List] <no subject>"]
    table = threaded(
        message(name, day, text)
        for day, (name, text) in enumerate(zip("abcd", subjects, strict=True))
    )
    assert parents(table) == {"a": None, "b": None, "c": None, "d": None}


def test_an_underlined_heading_quotes_nothing() -> None:
    """A rule of underscores starts a copy of another message only above its header block."""
    report = "Bug summary\n______________________\nBugs opened: 28    Bugs closed: 19\n"
    assert quoted_lines(report) == []
    outlook = (
        "Thursday suits me.\n\n________________________________\nFrom: Ann Example\n"
        "Sent: Monday, 3 May 2021 10:00\nTo: list\n\nShall we move the meeting to Thursday?\n"
    )
    assert "shall we move the meeting to thursday?" in quoted_lines(outlook)


def test_tracker_notifications_answer_the_first_one() -> None:
    table = threaded(
        [
            message("new", 0, "[Bug 7] New: Crash on start"),
            message("u1", 1, "[Bug 7] Crash on start"),
            message("u2", 2, "[Bug 7] Crash on start"),
        ]
    )
    assert parents(table) == {"new": None, "u1": "new", "u2": "new"}


def test_a_second_copy_is_no_reply_to_the_first() -> None:
    """A resend says again what its sender said; a follow-up says something new and quotes the
    earlier text below (unmarked under a header block too): only the first loses its link."""
    question = (
        "Hello all, our server stops accepting connections after a few hours.\n"
        "Has anyone seen the reactor hang like this with many idle clients?\n"
    )
    followup = (
        "We found the cause: a firewall dropped the idle connections.\n\n"
        "De : Ann Lee\nEnvoy? : lundi 4 mai 2020 10:12\nObjet : Server hangs\n\n" + question
    )
    ann = {"from_email": "ann@example.org", "from_name": "Ann Lee"}
    table = threaded(
        [
            message("q", 0, "Server hangs", body=question + "-- \nAnn\n", **ann),
            message("again", 0.01, "Server hangs", body="(resent)\n" + question, **ann),
            message("found", 2, "Server hangs", body=followup, **ann),
            message("bob", 3, "Re: Server hangs", body="Same here: " + question),
            message("v1", 4, "[PATCH 0/2] net: fix", body="First try.\n"),
            message("v2", 5, "[PATCH v2 0/2] net: fix", body="Second try.\n"),
            message("r2", 6, "Re: [PATCH v2 0/2] net: fix", body="Looks good.\n"),
        ],
        reply_prefixes=False,  # (as twisted-python's archive: a repeated subject is a reply)
    )
    assert parents(table) == {
        "q": None,
        "again": None,
        "found": "again",
        "bob": "found",  # another sender's words are no copy
        "v1": None,
        "v2": None,
        "r2": "v2",
    }
    assert patch_version("Re: [RFC PATCHv3 linux dev-5.3 00/10] x") == 3
    assert patch_version("[PATCH linux dev-5.3 0/3] x") == 1
    assert patch_version("[Twisted-Python] patch for x") == 0


def test_resends_reposts_and_new_versions_start_threads(corpora: Path) -> None:
    """Blind audit thr28, A: 6 of 11 wrong inferred parents were a message's second copy linked
    to the first (a resend 36 s later, a repost, a LinkedIn invitation twice, a patch series'
    v4 cover letter to v1's). A follow-up that quotes its sender's earlier message unmarked
    below a header block, and a new question closed by the same long disclaimer as the
    sender's first, keep their link. (The six test lists: 66 such links removed, 55 of them
    checked by eye, all copies.)"""
    second_copies = {  # archive files: (copy, earlier copy)
        "usrp-users-mbox/usrp-users-2020-09.mbox": (
            "trinity-02dcd35d-18a3-48c2-8f79-2b5cd9ef2cff-1600965688568@3c-app-gmx-bap40",
            "trinity-ab2db2d0-d5b3-4751-af25-4af04996694e-1600965652040@3c-app-gmx-bap40",
        ),
        "imagej-devel-pipermail/20*.txt": (  # (a month alone keeps "Re:")
            "41146.10.1.46.254.1389021109.squirrel@webmail.mpi-cbg.de",
            "41111.10.1.46.254.1389020896.squirrel@webmail.mpi-cbg.de",
        ),
        "clearwater-pipermail/2016-*.txt": (
            "CAJAf6NySYvEhCQ3d9WM7U8J-L85kuMq7aqG5D23XEiahG3QHVA@mail.gmail.com",
            "CAJAf6NyF3Sdhjcxncr89ciPcCBt2+Xx14mWwVUA6vBoHRuy_xw@mail.gmail.com",
        ),
        "openbmc-mbox-2019/openbmc-2019-09.mbox": (
            "20190925125610.12096-1-bradleyb@fuzziesquirrel.com",  # [PATCH v4 ... 00/10]
            "20190917202039.25266-1-bradleyb@fuzziesquirrel.com",  # [PATCH ... 0/3]
        ),
    }
    follow_ups = {
        "clearwater-pipermail/2016-July.txt": (  # "De : …", "Envoy? : …", "Objet : …"
            "24022_1469105734_5790C646_24022_12878_1_0f2f3b27-abf0-427f-8548-489a2c35d6f4"
            "@OPEXCLILM41.corporate.adroot.infra.ftgroup",
            "25779_1469009414_578F4E06_25779_415_1_6c42e01d-7b63-4cbd-9b8a-7b421b419dca"
            "@OPEXCLILM31.corporate.adroot.infra.ftgroup",
        ),
        "clearwater-pipermail/2017-July.txt": (
            "AM5PR0801MB1633EDDC45BF64792B09483196AA0@AM5PR0801MB1633.eurprd08.prod.outlook.com",
            "AM5PR0801MB16330CC6DF17A8D2A1BD606896AA0@AM5PR0801MB1633.eurprd08.prod.outlook.com",
        ),
    }
    for cases, linked in [(second_copies, False), (follow_ups, True)]:
        for files, (later, earlier) in cases.items():
            folder, pattern = files.split("/")
            table = thread_messages(parse_sources(sorted((corpora / folder).glob(pattern)), "l"))
            _assert_linked(table.set_index("message_id"), later, earlier, linked)


def _assert_linked(table: pd.DataFrame, later: str, earlier: str, linked: bool) -> None:
    """The later of two messages of one sender has the earlier for parent, or none."""
    assert table.loc[later, "from_email"] == table.loc[earlier, "from_email"]
    parent = table.loc[later, "parent_id"]
    assert (parent == earlier) if linked else pd.isna(parent), (later, parent)


def test_attributions_name_the_person_and_the_time() -> None:
    moshe = attribution("Moshe Zadka wrote:\n|page = open(PAGE)\n\nMoshe is right here.\n")
    assert moshe is not None and moshe.names == {"moshe", "zadka"} and moshe.sent is None
    kevin = attribution(
        "Agreed.\n\nOn Thu, 26 Jul 2012 12:36:57 -0500, Kevin Horn <kevin.horn at gmail.com>\n"
        "wrote:\n> It would help if someone finished the SASL ticket.\n"
    )
    assert kevin is not None and kevin.names == {"kevin", "horn"}
    assert kevin.zoned and kevin.sent == pd.Timestamp("2012-07-26 17:36:57", tz="UTC").value
    outlook = attribution(
        "Ok, thanks to both of you\n\n-----Original Message-----\n"
        "From: list-bounces at example.org [mailto:list-bounces at example.org] On Behalf Of "
        "Andrew\nBennetts\nSent: Friday, May 19, 2006 2:07 PM\nTo: list at example.org\n"
        "Subject: Re: many connections\n\nUse the reactor.\n"
    )
    assert outlook is not None and outlook.names == {"andrew", "bennetts"}
    assert not outlook.zoned and outlook.sent == pd.Timestamp("2006-05-19 14:07", tz="UTC").value
    assert outlook.sent_at(pd.Timestamp("2006-05-19 21:07:40", tz="UTC").value)  # (UTC-7)
    assert not outlook.sent_at(pd.Timestamp("2006-05-19 21:14:00", tz="UTC").value)
    french = attribution(
        "Merci Thomas,\n\n----- Message d'origine ----\nDe : Thomas Jacob <jacob at x.de>\n"
        "? : Twisted general discussion <twisted at x.com>\n"
        "Envoy? le : Vendredi, 3 Novembre 2006, 10h32mn 52s\nObjet : Re: ftp upload\n"
    )
    assert french is not None and french.names == {"thomas", "jacob"}
    forward = "FYI\n\n---------- Forwarded message ----------\nFrom: Ann Lee <a at x.org>\n"
    digest = "Thanks!\n\nMessage: 1\nDate: Tue, 20 Dec 2016 10:57:59 +0000\nFrom: Ann Lee\n"
    assert attribution(forward + "Date: Mon, 3 Jan 2011 10:00:00 +0000\n") is None
    assert attribution(digest + "Subject: Re: x\n") is None


def test_a_reply_answers_the_person_its_attribution_names() -> None:
    """Without reply headers, "Bob Ray wrote:" answers Bob's message, not the latest of the
    subject (blind audit thr28, A15); a header block dated to the second finds it under another
    subject; an attribution of the sender's own words names no parent."""

    def person(name: str) -> dict[str, Any]:
        return {"from_name": name, "from_email": name.split()[0].lower() + "@example.org"}

    bob_says = "Use a temporary file and rename it.\n"
    rows = [
        message(
            "ann", 0, "Writing pages", body="How do I write a page safely?\n", **person("Ann Lee")
        ),
        message("bob", 1, "Re: Writing pages", body=bob_says, **person("Bob Ray")),
        message("cat", 2, "Re: Writing pages", body="Also flush it.\n", **person("Cat Poe")),
        message(
            "dan",
            3,
            "Re: Writing pages",
            body="Bob Ray wrote:\n|Use a temporary file\n\nRight.\n",
            **person("Dan Day"),
        ),
        message("zed", 3.5, "Other things", body="Who hosts the pages?\n", **person("Zed Orr")),
        message(
            "eve",
            4,
            "Re: Other things",
            body=(
                "Good point.\n\n-----Original Message-----\nFrom: Bob Ray\n"
                f"Sent: {(START + DAY).strftime('%a, %d %b %Y %H:%M:%S')} +0000\n"
                "Subject: Re: Writing pages\n\n" + bob_says
            ),
            **person("Eve Ng"),
        ),
        message(
            "ann2",
            5,
            "Re: Writing pages",
            body="Ann Lee wrote:\n|How do I write a page?\n\nAnyone?\n",
            **person("Ann Lee"),
        ),
    ]
    found = parents(threaded(rows, reply_prefixes=False))
    assert found["dan"] == "bob" and found["eve"] == "bob"
    assert found["ann2"] == "dan"  # the latest of the subject, as without the attribution


def test_ids_and_references_in_every_stored_form() -> None:
    assert clean_message_id(" <abc@host> (Ann's message of Monday)") == "abc@host"
    assert clean_message_id("Your message of Mon, 3 Jan") is None
    assert clean_message_id(None) is None
    table = threaded(
        [
            message("a", 0),
            message("b", 1, references=np.array(["a"], dtype=object)),  # as read from Parquet
            message("c", 2, references="<a> <b>"),  # a raw header
            message("d", 3, in_reply_to="<c> (Joe's message)"),
        ]
    )
    assert parents(table) == {"a": None, "b": "a", "c": "b", "d": "c"}


def test_missing_dates_and_ids() -> None:
    rows = [message("a", 0), message(None, 1, "Re: Topic", "a"), message("n", 2, in_reply_to="a")]
    rows[2]["date"] = pd.NaT
    frame = thread_messages(pd.DataFrame(rows))
    assert frame["parent_id"].tolist()[1:] == ["a", "a"]
    assert frame["thread_id"].tolist() == ["a", "a", "a"]
    lonely = thread_messages(pd.DataFrame([message(None, 0), message(None, 1, "Other")]))
    ids = lonely["thread_id"].tolist()
    assert ids[0] != ids[1] and all(i.startswith("no-message-id-") for i in ids)
    assert thread_messages(pd.DataFrame([message(None, 0)]))["thread_id"].tolist() == ids[:1]


def test_a_deep_chain() -> None:
    rows = [message("m0", 0)] + [
        message(f"m{i}", i, in_reply_to=f"m{i - 1}") for i in range(1, 3000)
    ]
    table = threaded(rows)
    assert table.loc["m2999", "depth"] == 2999
    assert (table["thread_id"] == "m0").all()


def random_archive(seed: int, n: int = 400) -> pd.DataFrame:
    """Threads with missing messages, headerless replies, loops and copies."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        parent = int(rng.integers(0, i)) if i and rng.random() < 0.7 else None
        refs = [f"m{parent}"] if parent is not None else None
        irt = f"m{parent}" if parent is not None and rng.random() < 0.8 else None
        subject = f"Re: topic {parent % 17}" if parent is not None else f"topic {i % 17}"
        if rng.random() < 0.1:
            irt, refs = None, None
        rows.append(message(f"m{i}", float(rng.integers(0, 60)), subject, irt, refs))
    rows.append(message("m3", 5, in_reply_to="m7"))  # a copy that disagrees
    rows.append(message("loop-a", 1, in_reply_to="loop-b"))
    rows.append(message("loop-b", 1, in_reply_to="loop-a"))
    keep = rng.random(len(rows)) > 0.05  # some messages never reached the archive
    return pd.DataFrame([row for row, k in zip(rows, keep, strict=True) if k])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_row_order_never_changes_the_result(seed: int) -> None:
    archive = random_archive(seed)
    columns = ["message_id", "parent_id", "thread_id", "depth", "subject_norm"]
    expected = thread_messages(archive)[columns]
    expected = expected.sort_values(columns, ignore_index=True)
    for shuffle in range(3):
        shuffled = archive.sample(frac=1, random_state=shuffle).reset_index(drop=True)
        result = thread_messages(shuffled)[columns].sort_values(columns, ignore_index=True)
        pd.testing.assert_frame_equal(result, expected)


def test_thread_and_edge_tables() -> None:
    rows = [
        message("a", 0, "Plans", author_id="ann"),
        message("b", 1, "Re: Plans", "a", author_id="bob"),
        message("c", 2, "Re: Plans", "b", author_id=None, from_email="cat@example.org"),
        message("d", 3, "Re: Plans", "a", author_id="bob"),
        message("x", 5, "Re: Lost", "gone", author_id="ann"),
    ]
    frame = thread_messages(pd.DataFrame(rows))
    threads = threads_table(frame).set_index("thread_id")
    assert list(threads.reset_index().columns) == list(THREAD_COLUMNS)
    plans = threads.loc["a"]
    assert (plans["root_id"], plans["subject"], plans["n_messages"]) == ("a", "Plans", 4)
    assert (plans["n_authors"], plans["max_depth"]) == (3, 2)
    assert (plans["start"], plans["end"]) == (START, START + 3 * DAY)
    assert threads.loc["gone", "root_id"] == "x"  # the earliest message of a rootless thread
    edges = edges_table(frame)
    assert list(edges.columns) == list(EDGE_COLUMNS)
    assert edges[["message_id", "source_author", "target_author"]].values.tolist() == [
        ["b", "bob", "ann"],
        ["c", "cat@example.org", "bob"],
        ["d", "bob", "ann"],
    ]
    # Tables thread the messages themselves when given raw ones.
    assert threads_table(pd.DataFrame(rows))["n_messages"].tolist() == [4, 1]


def test_reading_order_and_selection() -> None:
    rows = [
        message("a", 0),
        message("d", 4, in_reply_to="a"),
        message("b", 1, in_reply_to="a"),
        message("c", 2, in_reply_to="b"),
        message("z", 3, "Other"),
    ]
    order = thread_order(pd.DataFrame(rows))
    assert order["message_id"].tolist() == ["a", "b", "c", "d", "z"]
    threads = threads_table(pd.DataFrame(rows))
    assert select_threads(threads, "largest", 1)["thread_id"].tolist() == ["a"]
    assert select_threads(threads, "latest", 1)["thread_id"].tolist() == ["a"]
    assert select_threads(threads, "latest", 2)["thread_id"].tolist() == ["a", "z"]
    with pytest.raises(AnalyzerError):
        select_threads(threads, "oldest", 1)  # type: ignore[arg-type]


# Real archives ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def imagej(corpora: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """imagej-devel read twice: the monthly .txt files (headers) and the HTML tree (none)."""
    folder = corpora / "imagej-devel-pipermail"
    text = parse_sources(sorted(folder.glob("*.txt")), "imagej-devel")
    html = parse_sources(sorted(p for p in folder.iterdir() if p.is_dir()), "imagej-devel")
    return text, html


def test_header_threading_of_imagej_spans_months(imagej: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    text, _ = imagej
    table = thread_messages(text, use_subjects=False)
    ids = set(table["message_id"])
    by_id = table.set_index("message_id")
    with_present_parent = table[table["in_reply_to"].isin(ids)]
    assert (with_present_parent["parent_id"] == with_present_parent["in_reply_to"]).all()
    replies = table[table["parent_id"].notna()]
    month = by_id["source"].map(lambda source: Path(source).name)
    across = (
        month[replies["message_id"]].to_numpy() != month[replies["parent_id"]].to_numpy()
    ).sum()
    assert len(replies) > 1900
    assert across > 100  # replies to a message of an earlier month file


def test_a_thread_is_named_by_its_subject_without_the_lists_tag(
    imagej: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    """imagej-devel tags every subject "[ImageJ-devel]": the threads table names a thread by
    what its root's writer wrote, as it was cased; the messages keep their subjects whole."""
    text, _ = imagej
    table = thread_messages(text)
    threads = threads_table(table).set_index("root_id")
    tagged = table["subject"].str.startswith("[ImageJ-devel]", na=False)
    assert tagged.mean() > 0.9
    assert not threads["subject"].str.contains("[ImageJ-devel]", regex=False, na=False).any()
    assert not threads["subject"].str.match(r"(?i)re:", na=False).any()
    roots = table.set_index("message_id").loc[threads.index, "subject"].dropna()
    assert (roots.str.startswith("[ImageJ-devel]")).mean() > 0.9
    git = roots[roots == "[ImageJ-devel] Git repository"].index
    assert list(threads.loc[git, "subject"]) == ["Git repository"]


def test_html_only_threading_matches_the_headers(imagej: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    """The HTML pages carry no reply headers: their parents come from thread.html, then from
    quotes and subjects across months. Truth: the parents the .txt headers give."""
    text, html = imagej
    assert html["in_reply_to"].isna().all()
    truth = thread_messages(text, use_subjects=False).set_index("message_id")["parent_id"]
    found = thread_messages(html).set_index("message_id")["parent_id"]
    assert len(found) == len(truth) == 2718
    agree = truth.fillna("-") == found.reindex(truth.index).fillna("-")
    has_parent = truth.notna()
    assert agree.mean() >= 0.985  # measured 0.989
    assert agree[has_parent].mean() >= 0.985  # measured 0.992
    index_only = thread_messages(html, use_subjects=False).set_index("message_id")["parent_id"]
    assert (truth.fillna("-") == index_only.reindex(truth.index).fillna("-")).mean() < 0.95


def test_subject_fallback_without_reply_headers(corpora: Path) -> None:
    """clearwater with its reply headers removed: subjects and dates alone, then with quotes."""
    paths = sorted((corpora / "clearwater-pipermail").glob("*.txt*"))
    messages = parse_sources(paths, "clearwater")
    truth = thread_messages(messages, use_subjects=False).set_index("message_id")["parent_id"]
    bare = messages.assign(in_reply_to=None, references=None)
    by_subject = thread_messages(bare, use_bodies=False).set_index("message_id")["parent_id"]
    with_quotes = thread_messages(bare).set_index("message_id")["parent_id"]

    def accuracy(found: pd.Series) -> float:
        return float((truth.fillna("-") == found.reindex(truth.index).fillna("-")).mean())

    assert accuracy(by_subject) >= 0.80  # measured 0.831
    assert accuracy(with_quotes) >= 0.82  # measured 0.842

    # Bodies asked for by row (a store too large to hold them) give the same threads.
    asked: list[int] = []
    texts = bare["body"].tolist()

    def lookup(rows: np.ndarray) -> dict[int, object]:
        asked.extend(rows.tolist())
        return {row: texts[row] for row in rows.tolist()}

    looked_up = thread_messages(bare.drop(columns=["body"]), bodies=lookup)
    assert looked_up.set_index("message_id")["parent_id"].equals(with_quotes)
    asked.clear()
    with_headers = thread_messages(messages.drop(columns=["body"]), bodies=lookup)
    expected = thread_messages(messages).set_index("message_id")["parent_id"]
    assert with_headers.set_index("message_id")["parent_id"].equals(expected)
    # the rows headers do not place (652: every thread's first message among them, read to see
    # whether it quotes), the candidates of those that quote under their subject (79), and the
    # wider search (345): measured 900 of 1808 (489 before the messages nothing placed were
    # searched widely); each is read once, in batches
    assert 0 < len(set(asked)) < len(messages) * 0.6


@pytest.fixture(scope="module")
def twisted(corpora: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """twisted-python threaded with every fallback and by reply headers alone."""
    messages = parse_sources(sorted((corpora / "twisted-python-pipermail-gz").iterdir()), "tw")
    return thread_messages(messages), thread_messages(messages, use_subjects=False)


def test_twisted_weekly_summaries_are_threads_of_their_own(
    twisted: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    """Three senders posted a "Weekly Bug Summary" without reply headers from 2004 to 2021; the
    subject fallback once chained them into threads of 429, 251 and 107 (depth 405)."""
    table, _ = twisted
    headerless = table["in_reply_to"].isna() & (table["references"].map(len) == 0)
    summaries = table[
        headerless
        & (table["subject"] == "[Twisted-Python] Weekly Bug Summary")
        & table["from_email"].isin(
            ["foom@fuhm.net", "exarkun@twistedmatrix.com", "trac@twistedmatrix.com"]
        )
    ]
    assert len(summaries) == 794
    assert summaries["parent_id"].isna().all() and (summaries["depth"] == 0).all()
    assert summaries["thread_id"].is_unique
    threads = threads_table(table)
    largest = threads.loc[threads["n_messages"].idxmax()]
    assert largest["n_messages"] < 150 and "Weekly Bug Summary" not in largest["subject"]
    assert threads["max_depth"].max() < 50  # measured 25 (405 before)


def test_a_resend_from_the_senders_other_address_starts_a_thread(corpora: Path) -> None:
    """Blind audit thr30, A: a copy sent again "from a registered email", or from a second
    address minutes later, was a reply to its first copy: the sender is the person their full
    name says, not their address (twisted-python: 8 more such resends, imagej-devel 3)."""
    files = sorted((corpora / "imagej-devel-pipermail").glob("20*.txt"))
    table = thread_messages(parse_sources(files, "l")).set_index("message_id")
    for later, earlier in [
        (
            "13D7A230-4A2E-4E2D-BBC0-414FCCB41106@wisc.edu",
            "1666B842-8E03-4B30-86F3-ED68490FDE12@gmail.com",
        ),
        ("5044A8D9.7010602@mpi-cbg.de", "5044A6BA.3060609@inf.tu-dresden.de"),
        ("5457D356.5090100@uni-konstanz.de", "5457D306.4050602@avateam.net"),
    ]:
        assert table.at[later, "from_email"] != table.at[earlier, "from_email"]
        assert pd.isna(table.at[later, "parent_id"]), later


def test_twisted_resends_start_threads_and_follow_ups_keep_their_link(
    twisted: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    """A LinkedIn invitation sent twice, and a message sent again whole ("[whoops, sorry about
    the previous incomplete message]"), are no replies to their first copy (47 such links on
    twisted-python); Stéphane Brault's follow-up with his first message below "----- Message
    d'origine ----" keeps its link to it."""
    table = twisted[0].set_index("message_id")
    for later, earlier, linked in [
        (
            "2017253386.8413497.1318939013348.JavaMail.app@ela4-bed84.prod",
            "849964712.8410180.1318938735684.JavaMail.app@ela4-bed82.prod",
            False,
        ),
        (
            "1470.65.246.170.211.1069108464.squirrel@192.168.0.2",
            "1468.65.246.170.211.1069108364.squirrel@192.168.0.2",
            False,
        ),
        (
            "20060511153208.60712.qmail@web26509.mail.ukl.yahoo.com",
            "20060510102716.46912.qmail@web26513.mail.ukl.yahoo.com",
            True,
        ),
    ]:
        _assert_linked(table, later, earlier, linked)


def test_twisted_replies_answer_whom_their_attribution_names(
    twisted: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    """Blind audit thr28, A10 and A15: Stéphane Brault's "Thanks Thomas" over Yahoo's French
    header ("De : Thomas Jacob", its quote being Stéphane's own question that Thomas quoted)
    answers Thomas Jacob; David Mertz's "Moshe Zadka wrote:" (quoted with "|") answers Moshe,
    not Itamar's latest message. Twisted-python: 19 parents change, all to the person named."""
    parent = twisted[0].set_index("message_id")["parent_id"]
    assert parent["20061103095421.46194.qmail@web26510.mail.ukl.yahoo.com"] == (
        "1162546373.24696.35.camel@enterprise"
    )
    assert parent["3ED59229.6010109@gnosis.cx"] == "20030529040200.26217.qmail@green.zadka.com"


def test_twisted_mh_replies_find_their_parents(
    twisted: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    """MH wrote In-Reply-To as 'Message from Ann <ann@host> of "date" <id>'; the sender's
    address there once stood for the parent (absent, so these replies had none)."""
    table = twisted[0].set_index("message_id")["parent_id"]
    assert table["E17odGL-0007fB-00@malatesta.local"] == (
        "15741.30679.845057.285100@grendel.zope.com"
    )
    assert table["E17oUNW-0006ov-00@malatesta.local"] == (
        "20020908.200653.27439528.glyph@twistedmatrix.com"
    )


def test_twisted_fallbacks_span_no_years_and_leave_headers_alone(
    twisted: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    table, by_headers = twisted
    has_headers = table["in_reply_to"].notna() | (table["references"].map(len) > 0)
    changed = has_headers & (table["parent_id"].fillna("") != by_headers["parent_id"].fillna(""))
    # only replies whose headers name no message of the archive, and then by a quote
    assert by_headers["parent_id"][changed].isna().all()
    assert 50 < changed.sum() < 200  # measured 104
    by_fallback = table["parent_id"].notna() & by_headers["parent_id"].isna()
    assert by_fallback.sum() > 500  # measured 751: subjects 362, quotes 389
    joined = table[table["thread_id"].isin(table.loc[by_fallback, "thread_id"])]
    spans = joined.groupby("thread_id")["date"].agg(lambda dates: dates.max() - dates.min())
    assert spans.max() < pd.Timedelta(days=365)  # measured 234 days (2005-2013 before)


def test_twisted_replies_to_messages_of_other_lists_follow_the_sentences_they_quote(
    twisted: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    """Their In-Reply-To names a digest or another list's copy, and their subject is new or the
    digest's item ("... (Cary Hull)"): what they quote of an archived message places them. Quoted
    code, a traceback or Pipermail's notice of a signature does not."""
    parent = twisted[0].set_index("message_id")["parent_id"]
    assert parent["6ABE70A3DF6D4A9AA8F6EA9A6E730561@Podcaster"] == (
        "3fce0ae70812181757x8882d43lfa3d5f45ae463d6f@mail.gmail.com"  # Cary Hull's, in a digest
    )
    assert parent["20050310223725.GA30170@ref.nmedia.net"] == (
        "F92274058556DE42B94B148EEFB9183949E646@exchange-03.suedkurier.de"  # 16 lines quoted
    )
    assert parent["20070125164402.52226.qmail@web34211.mail.mud.yahoo.com"] == (
        "45B40610.7020607@imperial.ac.uk"  # "Losing Deferreds : Re: More Questions about ..."
    )
    for unplaced in [
        "d272f0690910271411q27f5f766tb5b5f4287ebee62c@mail.gmail.com",  # a traceback
        "20011007222523.A2818@troglodyte.menefee",  # a commit's code
        "1052610236.9928.231.camel@troglodyte.funhouse",  # a scrubbed signature's notice
    ]:
        assert pd.isna(parent[unplaced])


def test_a_usrp_reply_to_a_digests_item_answers_its_sender(corpora: Path) -> None:
    """Ben Magistro answered "UHD 4.0.0.0 (Marcus D Leech)" from a digest (blind thread audit,
    B3): Marcus Leech's message of that subject six days before."""
    table = thread_messages(parse_sources([corpora / "usrp-users-mbox"], "usrp"))
    parent = table.set_index("message_id")["parent_id"]
    reply = "CAKx8PBhSXHjXvg_HPKoJEOVAf4HzxK1ez-HhkXjVd8hUM3k-WQ@mail.gmail.com"
    assert parent[reply] == "60EF5A9C-9427-44D1-9B04-9C4FD0A615E6@gmail.com"


def test_a_headerless_reply_within_days_joins_its_parent(corpora: Path) -> None:
    """openbmc keeps "Re:": Payne Yang's "Re: Question for ACPI status" lost its headers but
    answers Vernon Mauery's message of the day before ("Hi Vernon, thanks for your quick
    reply")."""
    path = corpora / "openbmc-mbox-2019" / "openbmc-2019-08.mbox"
    table = thread_messages(parse_sources([path], "openbmc")).set_index("message_id")
    reply = table.loc["01040816e6cf4b429f137cfbf727742c@lenovo.com"]
    assert pd.isna(reply["in_reply_to"]) and len(reply["references"]) == 0
    assert reply["body"].startswith("Hi Vernon")
    parent = table.loc[reply["parent_id"]]
    assert reply["parent_id"] == "20190823200921.GC31389@mauery.jf.intel.com"
    assert parent["from_email"] == "vernon.mauery@linux.intel.com"
    assert pd.Timedelta(0) < reply["date"] - parent["date"] < pd.Timedelta(days=2)


def test_thread_html_does_not_nest_a_series_under_its_first_post(
    corpora: Path, twisted_html_tree: Path
) -> None:
    """Pipermail's thread.html nests pages with one subject under the first of the month: the
    "Weekly Bug Summary" of March 2010 hangs three weeks under the first. Read with the months
    around it (January to April 2010), the posts are a series, and each stays a thread of its own,
    as the text archive's posts do."""
    months = corpora / "twisted-python-pipermail-gz"
    sources = [
        months / "2010-January.txt.gz",
        months / "2010-February.txt.gz",
        twisted_html_tree / "twisted-python" / "2010-March",
        months / "2010-April.txt.gz",
    ]
    threaded = thread_messages(parse_sources(sources, "twisted"))
    weekly = threaded[
        threaded["subject"].str.endswith("Weekly Bug Summary", na=False)
        & (threaded["from_email"] == "exarkun@twistedmatrix.com")
    ]
    from_pages = weekly["source"].str.endswith(".html")
    assert from_pages.sum() == 4 and weekly["archive_parent_id"].notna().sum() == 3
    assert len(weekly) == 17 and (weekly["depth"] == 0).all()
    assert weekly["thread_id"].nunique() == len(weekly)


def test_a_reply_greeting_the_person_who_answered_what_it_quotes_answers_them(
    corpora: Path,
) -> None:
    """Blind audit thr30, A37: "Hi Brad," above Xu's question, which Brad's answer had quoted
    (the sender cut Brad's words): the reply answers Brad's answer, not the question it quotes.
    (On the six test lists 4 parents move so, all read: each greets the person whose answer
    came after the message quoted.)"""
    september = corpora / "openbmc-mbox-2019" / "openbmc-2019-09.mbox"
    table = thread_messages(parse_sources([september], "openbmc")).set_index("message_id")
    reply = "959CAFA1E282D14FB901BE9A7BF4E7724E52C8BD@shsmsx102.ccr.corp.intel.com"
    brads = "F1D4FF4C-5C84-42E3-ABED-8522EE79D65A@fuzziesquirrel.com"
    assert table.at[reply, "body"].startswith("Hi Brad,")
    assert table.at[reply, "parent_id"] == brads


def test_first_reply_by_another_and_the_message_each_edge_answers() -> None:
    """ux44: the threads table gives how soon someone other than the starter answered, and
    who; the edges name the message answered (``parent_id``), to join it."""
    rows = [
        message("a", 0, "Plans", author_id="ann"),
        message("a2", 1, "Re: Plans", "a", author_id="ann"),  # the starter herself: no reply
        message("b", 2, "Re: Plans", "a2", author_id="bob"),
        message("c", 3, "Re: Plans", "b", author_id="cat"),
        message("q", 4, "Alone", author_id="cat"),
        message("q2", 6, "Re: Alone", "q", author_id="cat"),
        message("late", 9, "Late", author_id="dan"),
        message("late2", 8, "Re: Late", "late", author_id="eve"),  # dated before its parent
    ]
    frame = thread_messages(pd.DataFrame(rows))
    threads = threads_table(frame).set_index("thread_id")
    assert list(threads.columns[-2:]) == ["first_reply_delay_hours", "first_replier"]
    assert threads.loc["a", "first_reply_delay_hours"] == 48.0
    assert threads.loc["a", "first_replier"] == "bob"
    assert pd.isna(threads.loc["q", "first_reply_delay_hours"])  # only its starter wrote
    assert pd.isna(threads.loc["q", "first_replier"])
    assert threads.loc["late", "first_replier"] == "eve"  # from the thread's first message
    assert threads.loc["late", "first_reply_delay_hours"] == 0.0
    edges = edges_table(frame).set_index("message_id")
    assert edges["parent_id"].to_dict() == {
        "a2": "a",
        "b": "a2",
        "c": "b",
        "q2": "q",
        "late2": "late",
    }
