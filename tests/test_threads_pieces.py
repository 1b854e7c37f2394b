"""Pieces Pipermail cut off a message: dated, counted and threaded as part of that message."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analyzer import api, stored_analysis
from analyzer.identity import resolve_authors
from analyzer.ingest import ParseOptions, ingest
from analyzer.pipeline import run_analysis
from analyzer.store import MessageStore
from analyzer.stored_analysis import analyze_store, read_analysis
from analyzer.threads import thread_messages
from analyzer.threads.tables import threads_table

BOGUS = "bogus@does.not.exist.com"
PLACED = "2009-04-26 12:47:01"
"""The placeholder date of a rebuild."""


def _messages(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """(Message-ID, sender, body, date) per message, as the parser gives them."""
    return pd.DataFrame(
        {
            "message_id": [row[0] for row in rows],
            "from_email": [row[1] for row in rows],
            "from_name": ["" if row[1] == BOGUS else row[1].split("@")[0] for row in rows],
            "subject": ["No subject" if row[1] == BOGUS else "Pools" for row in rows],
            "body": [row[2] for row in rows],
            "date": pd.to_datetime([row[3] for row in rows], utc=True),
            "in_reply_to": [None] * len(rows),
            "n_words_authored": [len(row[2].split()) for row in rows],
        }
    )


def test_a_placed_piece_is_its_heads_authors_and_a_bodiless_one_no_thread() -> None:
    """Bob's message was cut at a body line beginning "From "; the rest came from the
    placeholder sender with a Message-ID Mailman made at 2020-01-01 10:00:30, ten seconds after
    Bob's: Bob's message and words, not an automated sender's. A piece with no text that no
    message claims is no thread: nobody started it."""
    messages = _messages(
        [
            ("a@x", "ann@a.example", "How do pools work?\n", "2020-01-01 09:50:00"),
            ("b@x", "bob@b.example", "Like this, quoting:\n", "2020-01-01 10:00:20"),
            ("mailman.1.1577872830.9.l@x.example", BOGUS, "From the docs: reuse them.\n", PLACED),
            ("mailman.2.1577900000.9.l@x.example", BOGUS, "\n\n", PLACED),
        ]
    ).assign(in_reply_to=[None, "a@x", None, None])
    result = resolve_authors(thread_messages(messages))
    by_id = result.messages.set_index("message_id")
    assert by_id.loc["mailman.1.1577872830.9.l@x.example", "author_id"] == "bob@b.example"
    authors = result.authors.set_index("author_id")
    assert authors.loc["bob@b.example", ["n_messages", "n_words_authored"]].tolist() == [2, 8]
    assert authors.loc[BOGUS, ["n_messages", "n_words_authored"]].tolist() == [1, 0]
    assert authors["threads_started"].to_dict() == {
        "ann@a.example": 1,
        "bob@b.example": 0,
        BOGUS: 0,
    }
    assert by_id["thread_id"].isna().tolist() == [False, False, False, True]
    assert threads_table(result.messages)["root_id"].tolist() == ["a@x"]


def test_a_piece_whose_parent_is_no_message_of_its_archive_time_stays_the_placeholders() -> None:
    """Only a parent dated within minutes before the piece's archive time is the message it was
    cut from: a piece hung elsewhere (by a header naming another message) keeps its sender."""
    messages = _messages(
        [
            ("a@x", "ann@a.example", "Question.\n", "2020-01-01 09:00:00"),
            ("mailman.1.1577872830.9.l@x.example", BOGUS, "rest\n", "2020-01-01 10:00:30"),
        ]
    ).assign(parent_id=[None, "a@x"], thread_id=["a@x", "a@x"], depth=[0, 1])
    authors = resolve_authors(messages).messages["author_id"]
    assert authors.tolist() == ["ann@a.example", BOGUS]


def _nulls_as_none(frame: pd.DataFrame) -> pd.DataFrame:
    """As objects, every missing value None (a column with none known reads back as NaN)."""
    return frame.astype(object).where(frame.notna(), None)


@pytest.mark.parametrize("bodies_in_memory", [True, False])
def test_twisted_pieces_in_the_store_and_in_memory(
    corpora: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bodies_in_memory: bool
) -> None:
    """The piece filed in 2009-April.txt.gz under the placeholder date 2009-04-26 (Message-ID
    archived 2009-07-16 22:21:56) is the rest of toreason's message of 22:21:51, filed in July:
    July counts it, for toreason, with its 8 words. The bodiless pieces of July (its archive time
    matches no message) and of June (given its Message-ID by the 2019 rebuild: its Date kept)
    are no threads. The stored analysis agrees with the one in memory."""
    folder = corpora / "twisted-python-pipermail-gz"
    sources = [folder / f"2009-{month}.txt.gz" for month in ("April", "June", "July")]
    ingest(sources, data_dir=tmp_path, options=ParseOptions("tw"), workers=1)
    store = MessageStore(tmp_path, "tw")
    if not bodies_in_memory:  # as for a large archive: threading asks for the bodies it needs
        monkeypatch.setattr(stored_analysis, "BODIES_IN_MEMORY_MAX", 0)
    analyze_store(store, tmp_path / "analysis", workers=1)
    stored = read_analysis(store, tmp_path / "analysis")
    in_memory = run_analysis(api.stored_messages("tw", tmp_path))
    for result in (stored, in_memory):
        by_id = result.messages.set_index("message_id")
        piece = by_id.loc["mailman.3.1247782916.23371.twisted-python@twistedmatrix.com"]
        assert piece["date"] == pd.Timestamp("2009-07-16 22:21:56", tz="UTC")
        assert piece["author_id"] == "toreason@fastmail.fm"
        assert piece["parent_id"] == "1247782911.28269.1325439345@webmail.messagingengine.com"
        assert piece["n_words_authored"] == 8
        head = by_id.loc[piece["parent_id"]]
        own = by_id[by_id["author_id"] == "toreason@fastmail.fm"]["n_words_authored"].sum()
        authors = result.authors.set_index("author_id")
        assert authors.loc["toreason@fastmail.fm", "n_words_authored"] == own
        assert head["date"].month == piece["date"].month == 7
        bodiless = [
            "mailman.5.1246826597.728.twisted-python@twistedmatrix.com",
            "mailman.5.1574573429.12674.twisted-python@twistedmatrix.com",
        ]
        assert by_id.loc[bodiless, "thread_id"].isna().all()
        assert by_id.loc[bodiless[1], "date"] == pd.Timestamp("2009-06-03 19:43:36", tz="UTC")
        # April counts none of the 16 pieces filed with its messages: they arrived later
        dates = pd.to_datetime(result.messages["date"], utc=True)
        filed = result.messages["source"].str.endswith("2009-April.txt.gz")
        pieces = dates[filed & (result.messages["from_email"] == BOGUS)]
        assert len(pieces) == 16 and pieces.min() >= pd.Timestamp("2009-07-16", tz="UTC")
    pd.testing.assert_frame_equal(
        _nulls_as_none(stored.messages), _nulls_as_none(in_memory.messages)
    )
    counted = ["author_id", "n_messages", "n_words_authored", "first", "last", "threads_started"]
    pd.testing.assert_frame_equal(
        _nulls_as_none(stored.authors[counted]), _nulls_as_none(in_memory.authors[counted])
    )
