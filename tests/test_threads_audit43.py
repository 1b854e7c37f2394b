"""Threading gaps closed in thr43, on the real messages: a parent dated hours after its reply."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analyzer.api import parse_sources
from analyzer.threads import thread_messages
from analyzer.threads.attributions import attribution


def test_twisted_reply_dated_before_the_message_it_quotes_answers_it(corpora: Path) -> None:
    """Max Schubert's thanks (no reply headers, stored 12:14 UTC) quotes Christopher
    Armstrong's answer, which his own attribution dates 17:38 +0200 (15:38 UTC): Max's clock
    was hours slow. Only earlier messages were searched, so his quote matched nothing and the
    subject hung him under his own question."""
    folder = corpora / "twisted-python-pipermail-gz"
    parent = thread_messages(parse_sources([folder / "2002-October.txt.gz"], "l"))
    parent = parent.set_index("message_id")["parent_id"]
    assert parent["200210221608.g9MG8MJ07637@cgi-works.com"] == (
        "20021022153827.GG12550@twistedmatrix.com"
    )


def _thread(rows: list[tuple[str, str, str, str]]) -> pd.Series:
    messages = pd.DataFrame(
        {
            "message_id": [f"m{k}@x" for k in range(len(rows))],
            "from_email": [row[0] for row in rows],
            "from_name": [row[0].split("@")[0] for row in rows],
            "subject": [row[1] for row in rows],
            "body": [row[2] for row in rows],
            "date": pd.to_datetime([row[3] for row in rows], utc=True),
            "in_reply_to": [None] * len(rows),
        }
    )
    return thread_messages(messages).set_index("message_id")["parent_id"]


QUESTION = "How do I restart the reactor after it stopped in my test suite?\n"
ANSWER = (
    "You cannot restart the reactor once it has stopped running for good.\n"
    "Use trial, which runs every test under one reactor for the whole run.\n"
)


def test_a_later_message_is_a_parent_only_when_nothing_earlier_is_quoted() -> None:
    """The answer is dated three hours after the thanks that quotes it; the same quote a day
    and a half later, or a quote of an earlier message, finds no later parent."""
    quoted = "".join(f"> {line}\n" for line in ANSWER.splitlines())
    thanks = quoted + "\nThanks a lot, that was exactly what I needed to know.\n"
    parent = _thread(
        [
            ("ann@a.example", "[l] Restart", QUESTION, "2020-01-01 09:00"),
            ("ann@a.example", "[l] Restart", thanks, "2020-01-01 10:00"),
            ("bob@b.example", "[l] Restart", ANSWER, "2020-01-01 13:00"),
        ]
    )
    assert parent["m1@x"] == "m2@x"
    too_late = _thread(
        [
            ("ann@a.example", "[l] Restart", QUESTION, "2020-01-01 09:00"),
            ("ann@a.example", "[l] Restart", thanks, "2020-01-01 10:00"),
            ("bob@b.example", "[l] Restart", ANSWER, "2020-01-02 22:00"),
        ]
    )
    assert too_late["m1@x"] != "m2@x"


def test_twisted_pieces_pipermail_cut_off_hang_under_their_message(corpora: Path) -> None:
    """A body line beginning "From " made Pipermail cut Terry Jones's message of 2010-02-05 in
    two; the rest was filed under the rebuild's date (April 2009) from bogus@does.not.exist.com,
    with a Message-ID holding the time it was archived, 19:33:33, five seconds after his
    message: a thread of its own until now."""
    folder = corpora / "twisted-python-pipermail-gz"
    months = [folder / f"{month}.txt.gz" for month in ("2009-April", "2010-February")]
    threaded = thread_messages(parse_sources(months, "l")).set_index("message_id")
    piece = "mailman.17.1265398413.23371.twisted-python@twistedmatrix.com"
    assert threaded.loc[piece, "parent_id"] == "19308.29320.906563.206155@jon.es"
    # the other pieces filed in April 2009 were cut from messages of months not read here
    pieces = threaded[threaded["from_email"] == "bogus@does.not.exist.com"]
    assert pieces["parent_id"].notna().sum() == 1


def test_a_piece_whose_archive_time_names_no_message_stays_a_root() -> None:
    """The head is the latest message dated within minutes before the time the piece's
    Message-ID holds (2020-01-01 10:00:30 here); a piece archived when no message arrived
    (a rebuild) names none."""
    messages = pd.DataFrame(
        {
            "message_id": [
                "a@x",
                "b@x",
                "mailman.1.1577872830.99.l@x.example",
                "mailman.2.1577900000.99.l@x.example",
            ],
            "from_email": ["ann@a.example", "bob@b.example"] + ["bogus@does.not.exist.com"] * 2,
            "subject": ["One", "Two", "No subject", "No subject"],
            "body": ["First part.\n", "Other.\n", "second part of Bob's.\n", "lost.\n"],
            "date": pd.to_datetime(
                [
                    "2020-01-01 09:50:00",
                    "2020-01-01 10:00:20",
                    "2009-04-26 00:00:00",
                    "2009-04-26 00:00:00",
                ],
                utc=True,
            ),
            "in_reply_to": [None] * 4,
        }
    )
    parent = thread_messages(messages).set_index("message_id")["parent_id"]
    assert parent["mailman.1.1577872830.99.l@x.example"] == "b@x"
    assert parent.isna()["mailman.2.1577900000.99.l@x.example"]


def test_twisted_digest_reply_quoting_one_long_sentence_answers_its_writer(
    corpora: Path,
) -> None:
    """Tim Lavoie answered a digest (its subject kept, its Message-ID not archived) quoting,
    supercite style, one question of Glyph's split over two lines: "Just out of curiosity, how
    does one configure this timeout / with apache?". Two quoted sentences were needed for a
    search across subjects; one of 12 words that only one message holds is enough."""
    folder = corpora / "twisted-python-pipermail-gz"
    parent = thread_messages(parse_sources([folder / "2002-October.txt.gz"], "l"))
    parent = parent.set_index("message_id")["parent_id"]
    assert parent["15809.21380.349785.273907@theasylum.dyndns.org"] == (
        "20021030.210658.59655039.glyph@twistedmatrix.com"
    )


def test_one_long_sentence_two_messages_hold_names_no_parent() -> None:
    """A digest reply quoting one long sentence that two recent messages both hold (a
    question asked twice) is left where it was."""
    question = "Does anyone know how to make the reactor stop after every client disconnected?\n"
    reply = "> " + question + "\nCall reactor.stop from connectionLost of the last one.\n"
    digest = "[l] l digest, Vol 1 #5 - 3 msgs"
    parent = _thread(
        [
            ("ann@a.example", "[l] Stop", question, "2020-01-01 09:00:00"),
            ("bob@b.example", "[l] Stopping", question, "2020-01-01 10:00:00"),
            ("cy@c.example", "Re: " + digest, reply, "2020-01-01 12:00:00"),
        ]
    )
    assert parent.isna()["m2@x"]
    alone = _thread(
        [
            ("ann@a.example", "[l] Stop", question, "2020-01-01 09:00:00"),
            ("cy@c.example", "Re: " + digest, reply, "2020-01-01 12:00:00"),
        ]
    )
    assert alone["m1@x"] == "m0@x"


def test_twisted_references_out_of_order_yield_to_the_attribution(corpora: Path) -> None:
    """Andrew Bennetts's References list "<…quotient.97@ohm> <…quotient.94@ohm>" made the
    headerless 94 (04:21 UTC) a reply to 97 (08:48 UTC), four hours later; 94's attribution
    "On Sun, 18 Apr 2004 10:25:34 +1000, Andrew Bennetts … wrote:" names Andrew's message of
    00:25:34 UTC."""
    folder = corpora / "twisted-python-pipermail-gz"
    parent = thread_messages(parse_sources([folder / "2004-April.txt.gz"], "l"))
    parent = parent.set_index("message_id")["parent_id"]
    reply = "20040418042111.30707.1531569673.divmod.quotient.94@ohm"
    assert parent[reply] == "20040418002534.GA7803@frobozz"


def test_twisted_a_name_alone_on_the_first_line_greets_that_person(corpora: Path) -> None:
    """John Aherne's "Cory" / "Thanks for the detailed reply." (no reply headers, no quote)
    answers Cory Benfield's message, not John's own one of 43 seconds before (the subject's
    latest)."""
    folder = corpora / "twisted-python-pipermail-gz"
    parent = thread_messages(parse_sources([folder / "2016-April.txt.gz"], "l"))
    parent = parent.set_index("message_id")["parent_id"]
    reply = "CAKmUHjbLJWHP7dNgO_QyV=zsjfwxDi5k+9-ZaUP0KZPLWya6Xw@mail.gmail.com"
    assert parent[reply] == "71304C75-EB29-48B6-9F16-5BC1B0F13BC6@lukasa.co.uk"


def test_twisted_a_dated_attribution_names_the_ancestor_whose_text_was_scrubbed(
    corpora: Path,
) -> None:
    """Mashiat's reply answers a Gmail copy of snailcoder's question the archive lacks; its
    References name the archived question, whose HTML text Pipermail scrubbed, so the quote
    matched nothing. "On 3/2/16 9:32 AM, snailcoder wrote:" names it (14:32 UTC)."""
    folder = corpora / "twisted-python-pipermail-gz"
    parent = thread_messages(parse_sources([folder / "2016-March.txt.gz"], "l"))
    parent = parent.set_index("message_id")["parent_id"]
    assert parent["56DB9FDB.3080701@gmail.com"] == "emc_d029221de37542d886329848b64efba1"


def test_numeric_attribution_dates() -> None:
    """Month first with slashes (Thunderbird), day first with dots, year first; no time: the day."""
    cases = {
        "On 3/2/16 9:32 AM, snailcoder wrote:": ("2016-03-02 09:32", "minute"),
        "On 24.08.2010 16:37, Bob Smith wrote:": ("2010-08-24 16:37", "minute"),
        "On 2011/10/19, Gabriel Landini wrote:": ("2011-10-19", "day"),
        "On 9/11/06, Dan Heidebrecht <dan at gmail.com> wrote:": ("2006-09-11", "day"),
    }
    for line, (when, precision) in cases.items():
        found = attribution(line + "\n> quoted\n")
        assert found is not None and found.sent == pd.Timestamp(when, tz="UTC").value, line
        assert found.precision == precision and not found.zoned


def test_a_parent_without_a_date_that_references_imply_is_kept() -> None:
    """A reply's parent known only from a later message's References, the parent itself
    undated: the chain is not doubted as one that puts a message under a later one (an undated
    message has no date to be later by; its placeholder once wrapped around to "years later")."""
    frame = pd.DataFrame(
        {
            "message_id": ["root@x", "reply@x", "later@x"],
            "in_reply_to": ["", "", "reply@x"],
            "references": [[], [], ["root@x", "reply@x"]],
            "subject": ["[l] Plan", "Re: [l] Plan", "Re: [l] Plan"],
            "from_email": ["ann@a.example", "bob@b.example", "cy@c.example"],
            "from_name": ["Ann", "Bob", "Cy"],
            "date": pd.to_datetime([None, "2020-01-02 10:00", "2020-01-03 10:00"], utc=True),
            "body": ["A plan.", "Fine by me.", "Me too."],
        }
    )
    parents = thread_messages(frame).set_index("message_id")["parent_id"]
    assert parents["reply@x"] == "root@x"
    assert parents["later@x"] == "reply@x"
