"""Who carried each topic when, as a table to pivot (``timeline topics --by-author``,
``api.topic_author_timeline``): one row per topic, period and author, whose first rows per
period are the topic timeline's ``leading_authors``, so that no one parses 'author (n)'."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from test_cli import run

from analyzer import api
from analyzer.errors import AnalyzerError
from analyzer.schema import TOPIC_AUTHOR_COLUMNS

SAMPLE = Path(__file__).resolve().parents[1] / "archives" / "sample"
LIST = "civics-forum"  # configured topics: wgec, workshop, travel, statements, shutdowns


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("topic-authors")
    api.ingest(SAMPLE, list_name=LIST, data_dir=folder, workers=1)
    api.prepare_analysis(LIST, folder)
    return folder


def test_leading_authors_are_the_first_rows_of_each_period(data_dir: Path) -> None:
    every = api.topic_timelines(LIST, "M", include_automated=True, data_dir=data_dir)
    by_author = api.topic_author_timeline(LIST, "M", include_automated=True, data_dir=data_dir)
    assert tuple(by_author.columns) == TOPIC_AUTHOR_COLUMNS
    assert list(by_author["key"].drop_duplicates()) == list(every["key"].drop_duplicates())
    groups = by_author.groupby(["key", "period"], sort=False)
    for row in every[every["messages"] > 0].itertuples():
        theirs = groups.get_group((row.key, row.period))
        leaders = [f"{a} ({n})" for a, n in zip(theirs["author"], theirs["messages"], strict=True)]
        assert leaders[:5] == row.leading_authors, (row.key, row.period)
        assert theirs["messages"].sum() == row.messages  # every sample message has a sender
        assert theirs["words"].sum() == row.words
        assert theirs["matched"].sum() == row.matched
        assert len(theirs) == row.authors
    assert len(groups) == (every["messages"] > 0).sum()
    names = api.authors(LIST, data_dir).set_index("author_id")["name"]
    assert (by_author["name"] == by_author["author"].map(names)).all()
    one = api.topic_author_timeline(
        LIST, "M", topic="wgec", include_automated=True, data_dir=data_dir
    )
    pd.testing.assert_frame_equal(one, by_author[by_author["key"] == "wgec"].reset_index(drop=True))


def test_an_author_by_topic_table_is_one_pivot_away(data_dir: Path, tmp_path: Path) -> None:
    """The CSV the command writes pivots into messages per person and topic, as counted by
    hand from which messages are about which topic and who wrote them."""
    where = ("--list", LIST, "--data-dir", str(data_dir))
    table, assigned, messages = (tmp_path / n for n in ("ta.csv", "mt.csv", "m.csv"))
    done = run(
        "timeline",
        "topics",
        *where,
        "--by-author",
        "--include-automated",
        "--freq",
        "Q",
        "-o",
        str(table),
    )
    assert done.returncode == 0, done.stderr
    assert "topic timelines by author" in done.stdout
    assert run("topics", *where, "--message-topics", str(assigned)).returncode == 0
    assert run("export", "messages", *where, "-o", str(messages)).returncode == 0
    pivot = pd.read_csv(table).pivot_table(
        index="author", columns="key", values="messages", aggfunc="sum", fill_value=0
    )
    joined = pd.read_csv(assigned).merge(pd.read_csv(messages), on="message_id")
    expected = pd.crosstab(joined["author_id"], joined["topic"])
    pd.testing.assert_frame_equal(
        pivot.sort_index().sort_index(axis=1),
        expected.sort_index().sort_index(axis=1),
        check_names=False,
    )
    assert pivot.loc["priya@rightsnet.example", "wgec"] > 5
    one = tmp_path / "wgec.csv"
    done = run(
        "timeline", "topic", "wgec", *where, "--by-author", "--since", "2018-01-01", "-o", str(one)
    )
    assert done.returncode == 0, done.stderr
    wgec = pd.read_csv(one)
    assert set(wgec["key"]) == {"wgec"} and set(wgec["period"]) == {"2018-01", "2018-02"}
    with pytest.raises(AnalyzerError, match="name the topic too"):
        api.topic_author_timeline(LIST, terms="visa", data_dir=data_dir)


OWNER = "civics-forum-owner@lists.example.org/civics-forum-list-owner"
"""The sample's list owner: its monthly reminders mention governance and sign-on statements."""


def test_topic_timelines_leave_automated_senders_out_of_their_people(
    data_dir: Path, tmp_path: Path
) -> None:
    """The list owner's messages are no one's say on a topic: left out of the topic's
    messages, authors and leaders (as in the report), unless asked for."""
    assert api.authors(LIST, data_dir).set_index("author_id").loc[OWNER, "is_automated"]
    governance = {"terms": "governance", "data_dir": data_dir}
    people = api.topic_timeline(LIST, "governance", "M", **governance)
    everyone = api.topic_timeline(LIST, "governance", "M", include_automated=True, **governance)
    assert any(OWNER in " ".join(leaders) for leaders in everyone["leading_authors"])
    assert not any(OWNER in " ".join(leaders) for leaders in people["leading_authors"])
    owner_rows = api.topic_author_timeline(
        LIST, "M", topic="governance", include_automated=True, **governance
    )
    owner_rows = owner_rows[owner_rows["author"] == OWNER].set_index("period")["messages"]
    assert owner_rows.sum() > 0
    expected = everyone.set_index("period")["messages"].sub(owner_rows, fill_value=0)
    assert people.set_index("period")["messages"].tolist() == expected.astype(int).tolist()
    assert (people["authors"] <= everyone["authors"]).all()
    assert people["authors"].sum() < everyone["authors"].sum()
    by_author = api.topic_author_timeline(LIST, "M", data_dir=data_dir)
    assert len(by_author) and OWNER not in set(by_author["author"])
    with_robots = api.topic_author_timeline(LIST, "M", include_automated=True, data_dir=data_dir)
    assert OWNER in set(with_robots["author"])
    every = api.topic_timelines(LIST, "M", data_dir=data_dir)
    assert not any(OWNER in " ".join(leaders) for leaders in every["leading_authors"])
    threads = api.topic_threads(LIST, "statements", data_dir=data_dir)
    all_threads = api.topic_threads(LIST, "statements", include_automated=True, data_dir=data_dir)
    assert threads["authors"].sum() < all_threads["authors"].sum()
    where = ("--list", LIST, "--data-dir", str(data_dir), "--terms", "governance")
    for flags, owner_there in (((), False), (("--include-automated",), True)):
        out = tmp_path / f"governance{len(flags)}.csv"
        done = run("timeline", "topic", "governance", *where, *flags, "-o", str(out))
        assert done.returncode == 0, done.stderr
        assert (OWNER in out.read_text()) is owner_there


def test_matched_authored_counts_the_messages_whose_own_words_name_the_topic(
    data_dir: Path,
) -> None:
    """A reply inherits its subject: of the WGEC messages matched, those matched in the subject
    alone are in `matched` but not in `matched_authored` (as `message_topics.matched_in`
    says)."""
    timeline = api.topic_timeline(LIST, "wgec", "M", data_dir=data_dir)
    found = api.message_topics(LIST, data_dir=data_dir)
    found = found[(found["topic"] == "wgec") & (found["via"] == "text")]
    robots = api.authors(LIST, data_dir)
    robot_ids = set(robots.loc[robots["is_automated"], "author_id"])
    messages = api.messages(LIST, data_dir=data_dir)
    by_robot = set(messages.loc[messages["author_id"].isin(robot_ids), "message_id"])
    found = found[~found["message_id"].isin(by_robot)]
    own_words = found["matched_in"].isin(["authored", "subject+authored"])
    assert timeline["matched"].sum() == len(found)
    assert timeline["matched_authored"].sum() == own_words.sum()
    assert 0 < timeline["matched_authored"].sum() < timeline["matched"].sum()


def test_per_author_topic_tables_say_what_each_topic_is(data_dir: Path) -> None:
    """ux44: topics named by id (nmf-03) came with no label in the per-author tables; now the
    topics table's label is beside them (`label`, `topic_labels`), configured ones too."""
    found, _ = api.discovered_topics(LIST, 3, seed=0, data_dir=data_dir)
    labels = dict(zip(found["topic"], found["label"], strict=True))
    assert all(label and label != topic for topic, label in labels.items())
    table = api.topic_author_timeline(LIST, "Q", discover=3, seed=0, data_dir=data_dir)
    assert list(table.columns) == list(TOPIC_AUTHOR_COLUMNS) and table.columns[-1] == "label"
    assert len(table) and (table["label"] == table["key"].map(labels)).all()
    one = api.topic_author_timeline(LIST, "Q", topic="wgec", data_dir=data_dir)
    configured = api.topics(LIST, data_dir).set_index("topic").loc["wgec", "label"]
    assert len(one) and set(one["label"]) == {configured}
    author = table["author"].iloc[0]
    theirs = api.author_messages(LIST, author, discover=3, seed=0, data_dir=data_dir)
    assert theirs["topics"].map(len).sum() > 0
    for ids, named in zip(theirs["topics"], theirs["topic_labels"], strict=True):
        assert list(named) == [labels[topic] for topic in ids]
