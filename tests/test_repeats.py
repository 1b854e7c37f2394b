"""Every word counted once: a message that says again what its sender said under the subject
(a resend, a repost, a corrected copy, a tracker's notice) counts only the words it adds."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analyzer.ingest import ParseOptions, parse_sources
from analyzer.pipeline import run_analysis
from analyzer.quotes.prose import count_prose_words, count_words
from analyzer.repeats import REPEAT_OF, count_words_once, words_said_again

QUESTION = (
    "Dear all, I am trying to build the harbour survey tool on a laptop without network access "
    "and the installer stops at the second step. Has anyone seen this before, and is there a "
    "way to give it the packages by hand?"
)
MORE = (
    "Here is the rest of what I meant to send: the log says the cache folder is read only, "
    "although I created it myself a minute before."
)


def _messages(rows: list[tuple[str, str, str, str, str]]) -> pd.DataFrame:
    """(id, sender, subject, minute, authored) rows as the quote stage leaves them."""
    frame = pd.DataFrame(
        rows, columns=["message_id", "from_email", "subject_norm", "minute", "authored"]
    )
    frame["from_name"] = frame["from_email"].str.split("@").str[0].str.title()
    frame["date"] = pd.Timestamp("2031-04-01", tz="UTC") + pd.to_timedelta(
        frame["minute"].astype(int), unit="min"
    )
    frame["n_words_authored"] = frame["authored"].map(count_prose_words)
    return frame.drop(columns="minute")


def test_a_copy_counts_only_what_it_adds() -> None:
    frame = _messages(
        [
            ("q1", "ada@example.org", "survey tool offline", "0", QUESTION),
            # the same question again, with a line of excuse: only the excuse counts
            (
                "q2",
                "ada@example.org",
                "survey tool offline",
                "30",
                "Sorry, resending.\n" + QUESTION,
            ),
            # another person asking the same is no copy of Ada's
            ("q3", "bo@example.org", "survey tool offline", "40", QUESTION),
            # Ada's own words under another subject are no copy either
            ("q4", "ada@example.org", "installer and cache", "50", QUESTION),
            # sent too soon, then whole: the whole one counts what the first lacked
            ("r1", "cy@example.org", "cache folder", "60", MORE[:70]),
            ("r2", "cy@example.org", "cache folder", "61", MORE),
            # a new message of Ada's under the first subject
            ("q5", "ada@example.org", "survey tool offline", "90", MORE),
            # too short to tell a copy: "Thanks, that worked." twice
            ("t1", "bo@example.org", "cache folder", "100", "Thanks, that worked."),
            ("t2", "bo@example.org", "cache folder", "101", "Thanks, that worked."),
        ]
    )
    full = frame["n_words_authored"].copy()
    count_words_once(frame)
    repeat_of = frame.set_index("message_id")[REPEAT_OF]
    words = frame.set_index("message_id")["n_words_authored"]
    assert repeat_of.dropna().to_dict() == {"q2": "q1", "r2": "r1"}
    assert words["q2"] == 2  # "Sorry, resending."
    assert words["r2"] == count_prose_words(MORE) - count_prose_words(MORE[:70]) + 1
    # (the word cut in two by the first copy's end is new in the second)
    others = ~frame["message_id"].isin(["q2", "r2"])
    assert frame.loc[others, "n_words_authored"].equals(full[others])
    assert frame["authored"].str.len().gt(0).all()  # the texts stay as they were


def test_nothing_to_compare() -> None:
    frame = _messages([("a", "ada@example.org", "one", "0", QUESTION)])
    repeat_row, new_words = words_said_again(frame)
    assert repeat_row.tolist() == [-1] and new_words.tolist() == [0]


@pytest.fixture(scope="module")
def imagej(corpora: Path) -> pd.DataFrame:
    sources = sorted((corpora / "imagej-devel-pipermail").glob("20*.txt.gz"))
    analysis = run_analysis(parse_sources(sources, ParseOptions("ij")))
    return analysis.messages.set_index("message_id", drop=False).assign(
        author_words=lambda m: m["author_id"].map(
            analysis.authors.set_index("author_id")["n_words_authored"]
        )
    )


def test_imagej_copies_count_their_words_once(imagej: pd.DataFrame) -> None:
    """A resend "from a registered email" (from another address, the full name telling the
    sender), a copy with its typos corrected, a copy sent again the same minute: each counts
    only what it adds."""
    for later, earlier, words in [
        (  # "Sorry resending this from a registered email." above the question
            "13D7A230-4A2E-4E2D-BBC0-414FCCB41106@wisc.edu",
            "1666B842-8E03-4B30-86F3-ED68490FDE12@gmail.com",
            7,
        ),
        (  # "seperate", "fuinstionality", "JFramw", "standar" corrected: 4 words new
            "CAD0z_xTHRKxRYajhc0R0giGNONWN9cpy5-U=waPE7VHx9U28kA@mail.gmail.com",
            "CAD0z_xR7B_kaZ1UATMdaL2sgXaZr302sDO4osFLfGGfk-Y7Kqg@mail.gmail.com",
            4,
        ),
        ("5457D356.5090100@uni-konstanz.de", "5457D306.4050602@avateam.net", 0),
    ]:
        row = imagej.loc[later]
        assert row[REPEAT_OF] == earlier, later
        assert row["n_words_authored"] == words, later
        assert count_prose_words(row["authored"]) > words  # the text itself is whole
    # the authors' totals are the sums of their messages' counts
    totals = imagej.groupby("author_id")["n_words_authored"].sum()
    assert (imagej["author_words"] == imagej["author_id"].map(totals)).all()
    # a person's several answers in one thread are no copies of one another
    again = imagej.sort_values("date").duplicated(["author_id", "subject_norm"])
    assert again.sum() > 700  # messages whose sender wrote under their subject before
    assert imagej.loc[again.index[again], REPEAT_OF].notna().mean() < 0.03


def test_imagej_ticket_notices_count_their_new_comment(imagej: pd.DataFrame) -> None:
    """Blind audit audit32, B: Trac's notices on ticket #1553 repeat its table above each new
    comment. The table, the "Changes (by name):" bullets and the "Comment:" heading are the
    tracker's and not counted (`quotes.trackers`), so a notice counts its comment alone and
    repeats no other: the changes only, 0 words; a new comment, its 84 words."""
    ticket = imagej[imagej["subject_norm"].str.contains("#1553", regex=False)]
    assert len(ticket) == 20 and ticket[REPEAT_OF].isna().all()
    changes = imagej.loc["032.12a4e547938b518d74d70407684287f6@imagej.net"]
    assert "blocking:  1705 => 1915" in changes["authored"]  # its text is whole
    assert changes["n_words_authored"] == 0
    comment = imagej.loc["032.a237c1d981ecb9993b7228e6f98f8b2a@imagej.net"]
    assert comment["n_words_authored"] == 84 < count_words(comment["authored"])


def test_openbmc_new_versions_count_their_changes(corpora: Path) -> None:
    """Blind audit audit32, B: a patch series' new version that says its description again over
    a changed diff (compared by its prose, the words counted), and one that comes after its
    author's six answers to the reviews of the last (compared with the 20 latest), count only
    their changes: Tao Ren's v5 cover letter 54 of 237 words, Jae Hyun Yoo's v12 patch 2 of 31."""
    folder = corpora / "openbmc-mbox-2019"
    months = [folder / "openbmc-2019-08.mbox", folder / "openbmc-2019-12.mbox.gz"]
    messages = run_analysis(parse_sources(months, ParseOptions("ob"))).messages
    table = messages.set_index("message_id")
    for later, earlier, words in [
        ("20190808234831.4191072-1-taoren@fb.com", "20190806210931.3723590-1-taoren@fb.com", 54),
        (
            "20191218012808.6482-9-jae.hyun.yoo@linux.intel.com",
            "20191211194624.2872-9-jae.hyun.yoo@linux.intel.com",
            2,
        ),
    ]:
        assert table.at[later, REPEAT_OF] == earlier
        assert table.at[later, "n_words_authored"] == words
