"""Small things the commands say: which senders are robots, a mistyped list name, a FIFO in a
source folder, an empty topic network."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from click.testing import CliRunner

from analyzer import api
from analyzer.cli import cli
from analyzer.defects import defect_kind
from analyzer.errors import AnalyzerWarning, StoreError


@pytest.fixture(scope="module")
def twisted(corpora: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """twisted-python's 2009-April, whose 16 posts from Pipermail's placeholder sender are one
    automated author's, stored and analysed."""
    data = tmp_path_factory.mktemp("data")
    month = corpora / "twisted-python-pipermail-gz" / "2009-April.txt.gz"
    api.ingest(month, list_name="tp", data_dir=data, workers=1)
    api.prepare_analysis("tp", data)
    return data


def test_authors_says_which_senders_are_robots(twisted: Path) -> None:
    shown = CliRunner().invoke(cli, ["authors", "--list", "tp", "--data-dir", str(twisted)])
    assert shown.exit_code == 0, shown.output
    lines = shown.output.splitlines()
    [placeholder] = [line for line in lines if line.startswith("bogus@does.not.exist.com")]
    assert re.search(r"\(16 messages, [\d,]+ words?\)  \[automated\]", placeholder)
    people = [line for line in lines if "message" in line and "bogus" not in line]
    assert people and not any("[automated]" in line for line in people)
    assert any("(1 message, " in line for line in people)  # one message, said as one says it
    assert not any("(1 messages" in line for line in lines)
    assert any(line.startswith("[automated]: a robot") for line in lines)


def test_authors_sort_by_their_own_words(twisted: Path) -> None:
    """`authors --sort words` lists the most active by own words (what a study of who argued
    most reads), each line with both counts, as the authors table has them."""
    where = ["--list", "tp", "--data-dir", str(twisted), "--limit", "5"]
    shown = CliRunner().invoke(cli, ["authors", *where, "--sort", "words"])
    assert shown.exit_code == 0, shown.output
    counts = re.findall(r"^(\S+)  .*\(([\d,]+) messages?, ([\d,]+) words?\)", shown.output, re.M)
    table = api.authors("tp", twisted).sort_values("n_words_authored", ascending=False)
    assert [author for author, _, _ in counts] == table["author_id"].head(5).tolist()
    words = [int(w.replace(",", "")) for _, _, w in counts]
    assert words == sorted(words, reverse=True) == table["n_words_authored"].head(5).tolist()
    by_messages = CliRunner().invoke(cli, ["authors", *where])
    firsts = re.findall(r"^(\S+)  .*\(([\d,]+) messages?", by_messages.output, re.M)
    assert [int(n) for _, n in firsts] == table["n_messages"].sort_values(ascending=False).head(
        5
    ).tolist()


def test_a_mistyped_list_name_gets_the_nearest_stored_one(twisted: Path) -> None:
    for command in (["info"], ["authors"], ["timeline", "authors", "--freq", "M"]):
        said = CliRunner().invoke(cli, [*command, "--list", "tpp", "--data-dir", str(twisted)])
        assert isinstance(said.exception, StoreError)  # main() says it in one line
        assert str(said.exception) == (
            f"list 'tpp' has no store in {twisted} (did you mean 'tp'?); the lists there: tp "
            "(to make it: analyzer ingest SOURCE... --list tpp)"
        )


def test_a_named_pipe_in_a_source_folder_is_passed_over(corpora: Path, tmp_path: Path) -> None:
    """Opening a named pipe waits for a writer: ingest hung on one in the folder (here, one
    with a month's name too); it is never opened, and said."""
    folder = tmp_path / "months"
    folder.mkdir()
    shutil.copy(corpora / "clearwater-pipermail" / "2015-July.txt", folder)
    os.mkfifo(folder / "2015-August.txt")
    os.mkfifo(folder / "pipe.mbox")
    command = [sys.executable, "-c", "from analyzer.cli import main; main()", "ingest"]
    where = ["--list", "cw", "--data-dir", str(tmp_path / "data"), "--no-analyze"]
    done = subprocess.run(
        [*command, str(folder), *where], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "1 source(s) parsed" in done.stdout and "23 stored" in done.stdout
    assert (
        f"Passed over 2 entries that are not a regular file (named pipe, socket, device): "
        f"{folder / '2015-August.txt'}, {folder / 'pipe.mbox'}" in done.stdout
    )
    named = subprocess.run(
        [*command, str(folder / "pipe.mbox"), *where], capture_output=True, text=True, timeout=120
    )
    assert named.returncode == 1
    assert named.stderr == (
        f"analyzer: error: {folder / 'pipe.mbox'}: is not a regular file (a named pipe, a "
        "socket or a device)\n"
    )


def test_an_empty_topic_network_is_said(twisted: Path, tmp_path: Path) -> None:
    """A topic no reply is about wrote an empty network without a word."""
    output = tmp_path / "net.graphml"
    asked = ["network", "--list", "tp", "--data-dir", str(twisted), "-o", str(output)]
    said = CliRunner().invoke(cli, [*asked, "--topic", "zz", "--terms", "zzyzx"])
    assert said.exit_code == 0, said.output
    assert f"Wrote the reply network about 'zz' to {output}" in said.output
    assert (
        f"analyzer: warning: {output}: no reply about topic 'zz' (terms match whole words and "
        "phrases: 'hotel' does not match 'hotels'; write 'hotel|hotels' or 'regex:hotels?'): "
        "the network written is empty" in said.output
    )
    assert nx.read_graphml(output).number_of_edges() == 0
    whole = CliRunner().invoke(cli, asked)
    assert whole.exit_code == 0 and "warning" not in whole.output
    assert nx.read_graphml(output).number_of_edges() > 0


SAMPLE = Path(__file__).resolve().parents[1] / "archives" / "sample"


def test_info_names_the_messages_it_counts_with_defects(tmp_path: Path) -> None:
    """``info`` said "with defects 2" of the sample and no more: which messages and what is
    wrong took Python. It names them now, as it names the undated ones."""
    api.ingest(SAMPLE, list_name="jt", data_dir=tmp_path, workers=1)
    info = api.store_info("jt", tmp_path)
    assert info.total("messages_with_defects") == len(info.with_defects) == 2
    stored = api.stored_messages("jt", tmp_path).set_index("message_id")
    for message_id, source, defects in info.with_defects:
        assert source.endswith("2018-January.txt") and stored.loc[message_id, "source"] == source
        assert defects == "; ".join(stored.loc[message_id, "defects"])
    shown = CliRunner().invoke(cli, ["info", "--list", "jt", "--data-dir", str(tmp_path)])
    assert shown.exit_code == 0, shown.output
    assert "With defects (stored; their `defects` column says what): 2" in shown.output
    assert "no Message-ID; a synthetic one was derived from the content" in shown.output
    assert "date has no time zone" in shown.output


def test_an_export_of_one_row_says_it_in_the_singular(twisted: Path, tmp_path: Path) -> None:
    """ "Wrote 1 author", not "Wrote 1 authors" (the researcher's review, ux26)."""
    output = tmp_path / "one.csv"
    args = ["export", "authors", "--list", "tp", "--data-dir", str(twisted), "-o", str(output)]
    author = "bogus@does.not.exist.com"
    said = CliRunner().invoke(cli, [*args, "--author", author])
    assert said.exit_code == 0, said.output
    assert f"Wrote 1 author to {output}" in said.output
    many = CliRunner().invoke(cli, args)
    assert "authors to" in many.output and "Wrote 1 " not in many.output


def test_terms_written_with_commas_are_said_to_want_bars(twisted: Path, tmp_path: Path) -> None:
    """'deferred,callback' is one phrase, which nothing matches: the empty timeline and the
    empty network say how to write the terms, with the user's own words."""
    where = ["--list", "tp", "--data-dir", str(twisted)]
    hint = "terms are separated by '|', not by commas ('a, b' is one phrase): write 'zq|xv'"
    said = CliRunner().invoke(cli, ["timeline", "topic", "t", "--terms", "zq, xv", *where])
    assert said.exit_code == 0 and hint in said.output, said.output
    output = tmp_path / "n.csv"
    said = CliRunner().invoke(
        cli, ["network", "--topic", "t", "--terms", "zq,xv", *where, "-o", str(output)]
    )
    assert said.exit_code == 0 and hint in said.output, said.output
    assert said.output.startswith(f"Wrote the reply network about 't' to {output}: 0 authors")


def test_message_topics_says_how_many_rows_are_robots(twisted: Path, tmp_path: Path) -> None:
    """The file holds every sender's topics (network --topic reads them so); the table counts
    people's: the line says how many rows the table leaves out, as counted from the authors."""
    where = ["--list", "tp", "--data-dir", str(twisted)]
    output, people = tmp_path / "mt.csv", tmp_path / "authors.csv"
    said = CliRunner().invoke(
        cli, ["topics", "--discover", "3", *where, "--message-topics", str(output)]
    )
    assert said.exit_code == 0, said.output
    assert CliRunner().invoke(cli, ["export", "authors", *where, "-o", str(people)]).exit_code == 0
    robots = set(pd.read_csv(people).query("is_automated")["author_id"])
    senders = api.messages("tp", twisted, columns=["message_id", "author_id"])
    written = pd.read_csv(output).merge(senders.drop_duplicates("message_id"), on="message_id")
    left_out = int(written["author_id"].isin(robots).sum())
    assert left_out > 0
    assert (
        f"Wrote {len(written):,} message topics to {output} ({left_out:,} of them automated "
        "senders', which the table does not count" in said.output
    )


def test_topics_lists_one_topic_defined_by_terms(twisted: Path, tmp_path: Path) -> None:
    """`topics --topic NAME --terms ...` lists a topic defined on the spot and writes its
    messages, as the topic timeline counts them (no configuration to write first)."""
    where = ["--list", "tp", "--data-dir", str(twisted)]
    output = tmp_path / "mt.csv"
    asked = ["topics", *where, "--topic", "reactor", "--terms", "reactor|reactors"]
    said = CliRunner().invoke(cli, [*asked, "--message-topics", str(output)])
    assert said.exit_code == 0, said.output
    written = pd.read_csv(output)
    assert set(written["topic"]) == {"reactor"}
    timeline = api.topic_timeline("tp", "reactor", terms="reactor|reactors", data_dir=twisted)
    assert written["message_id"].nunique() >= timeline["messages"].sum() > 5
    [row] = [line for line in said.output.splitlines() if line.lstrip().startswith("reactor ")]
    assert row.split()[-1] == str(timeline["messages"].sum())  # people's, as the timeline's
    alone = CliRunner().invoke(cli, ["topics", *where, "--terms", "reactor"])
    assert "--terms says what the topic of --topic NAME is" in str(alone.exception)


def test_a_stale_analysis_is_said_where_no_bar_shows(corpora: Path, tmp_path: Path) -> None:
    """Piped to a file, a command that must first analyse the list (seconds to minutes) says
    so in one line instead of nothing; once analysed, it says nothing more."""
    month = corpora / "clearwater-pipermail" / "2016-May.txt"
    api.ingest(month, list_name="cw", data_dir=tmp_path, workers=1)  # (the API does not analyse)
    where = ["--list", "cw", "--data-dir", str(tmp_path)]
    command = [sys.executable, "-c", "from analyzer.cli import main; main()", "authors", *where]
    first = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    assert first.stderr.splitlines() == [
        "analyzer: analysing cw: its stored analysis is missing or out of date (minutes on a "
        "large list)"
    ]
    again = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and again.stderr == "" and again.stdout == first.stdout


def test_an_authors_name_stands_for_them_when_no_one_else_has_it(twisted: Path) -> None:
    """`timeline author "Jean-Paul Calderone"` found the one author of that name and only
    offered it ('did you mean ...?'); a name no other author has now stands for its author, as
    another of their addresses does, whatever its case and spaces."""
    people = api.authors("tp", twisted)
    people = people[people["name"].notna() & ~people["name"].duplicated(keep=False)]
    person = people.sort_values("n_messages", ascending=False).iloc[0]
    theirs = api.author_messages("tp", person["author_id"], data_dir=twisted)
    shouted = "  ".join(str(person["name"]).upper().split())
    for given in (person["name"], shouted):
        pd.testing.assert_frame_equal(api.author_messages("tp", given, data_dir=twisted), theirs)
    assert len(theirs) == person["n_messages"]


def test_a_printed_table_leaves_missing_values_blank(twisted: Path) -> None:
    """A message that answers no one printed 'NaN' as its parent's author beside 'None' as
    its name (researcher pass ux36): a missing value is printed as nothing."""
    people = api.authors("tp", twisted).sort_values("n_messages", ascending=False)
    person = people["author_id"].iloc[0]
    said = CliRunner().invoke(
        cli, ["timeline", "author", person, "--list", "tp", "--data-dir", str(twisted)]
    )
    assert said.exit_code == 0, said.output
    rows = api.author_messages("tp", person, data_dir=twisted)
    assert rows["parent_author"].isna().any()  # a thread they started: nobody answered
    assert not re.search(r"\b(?:NaN|nan|None)\b", said.output)


def test_a_repair_is_told_from_damage(corpora: Path, tmp_path: Path) -> None:
    """ux38: usrp's ingest said "634 with defects", all of them the note that the list's
    address in From was replaced by the sender's from Reply-To (DMARC), a repair that worked.
    Repairs are counted apart, and ``info`` names the kinds of defects."""
    month = corpora / "usrp-users-mbox" / "usrp-users-2020-09.mbox"
    report = api.ingest(month, list_name="usrp", data_dir=tmp_path, workers=1)
    (record,) = [o.record for o in report.outcomes]
    assert record is not None
    assert record.messages_with_defects == 0 and record.messages_repaired == record.stored > 150
    info = api.store_info("usrp", tmp_path)
    assert info.with_defects == () and info.repaired == record.stored
    kind = "from: list address … replaced by Reply-To (DMARC munging)"
    assert info.defect_kinds == ((kind, record.stored, True),)
    shown = CliRunner().invoke(cli, ["info", "--list", "usrp", "--data-dir", str(tmp_path)])
    assert shown.exit_code == 0, shown.output
    assert f"Repaired (stored; their `defects` column notes what was done): {record.stored}" in (
        shown.output
    )
    assert f"{record.stored}  {kind}  [a repair]" in shown.output
    assert "With defects" not in shown.output
    # a kind keeps the words of a defect, not the message's own values
    assert defect_kind("date has a broken offset '+50579034'") == "date has a broken offset …"
    assert defect_kind("header holds raw 8-bit bytes that are not UTF-8; read as cp1252") == (
        "header holds raw 8-bit bytes that are not UTF-8; read as cp1252"
    )


def test_a_topic_no_message_matches_has_every_period_and_a_warning(
    twisted: Path, tmp_path: Path
) -> None:
    """A topic whose terms match nothing wrote 0 rows without a word (ux44): its timeline has
    every period of the list, as a topic's quiet periods, with zeros, and the API and the
    command warn as `analyzer topics` does."""
    with pytest.warns(AnalyzerWarning, match="topic 'travel': no message matches it: terms"):
        quiet = api.topic_timeline("tp", "travel", "W", terms="zqxv|qqzz", data_dir=twisted)
    busy = api.topic_timeline("tp", "reactor", "W", terms="reactor|reactors", data_dir=twisted)
    assert len(busy) >= 4 and list(quiet["period"]) == list(busy["period"])
    assert list(quiet.columns) == list(busy.columns) and set(quiet["key"]) == {"travel"}
    counts = ["messages", "words", "authors", "threads", "matched", "matched_authored"]
    assert (quiet[counts] == 0).all().all() and (quiet["start"] == busy["start"]).all()
    assert quiet["key_thread"].isna().all() and quiet["leading_authors"].map(len).eq(0).all()
    output = tmp_path / "t.csv"
    where = ["--list", "tp", "--data-dir", str(twisted), "--freq", "W"]
    said = CliRunner().invoke(
        cli, ["timeline", "topic", "travel", "--terms", "zqxv|qqzz", *where, "-o", str(output)]
    )
    assert said.exit_code == 0, said.output
    assert said.stdout == f"Wrote {len(busy)} rows of topic 'travel' timeline to {output}\n"
    assert said.stderr.startswith("analyzer: warning: topic 'travel': no message matches it")
    assert len(pd.read_csv(output)) == len(busy)
    listed = CliRunner().invoke(cli, ["topics", *where[:4], "--topic", "t", "--terms", "zqxv"])
    assert listed.stderr.startswith("analyzer: warning: topic 't': no message matches it")


def test_the_data_directory_may_come_from_the_environment(twisted: Path, tmp_path: Path) -> None:
    """ANALYZER_DATA_DIR sets --data-dir of every command (ux44: every command wanted
    --data-dir); --data-dir, when given, wins; --help says so; an error names the folder."""
    runner = CliRunner(env={"ANALYZER_DATA_DIR": str(twisted)})
    listed = runner.invoke(cli, ["lists"])
    assert listed.exit_code == 0 and re.search(r"^\s*tp\s", listed.stdout, re.M), listed.output
    authors = runner.invoke(cli, ["authors", "--list", "tp", "--limit", "1"])
    assert authors.exit_code == 0 and "exarkun@twistedmatrix.com" in authors.stdout
    elsewhere = runner.invoke(cli, ["authors", "--list", "tp", "--data-dir", str(tmp_path)])
    assert isinstance(elsewhere.exception, StoreError)  # (main() says it in one line)
    assert f"list 'tp' has no store in {tmp_path}; the lists there: none" in str(
        elsewhere.exception
    )
    nowhere = CliRunner(env={"ANALYZER_DATA_DIR": str(tmp_path / "none")})
    said = nowhere.invoke(cli, ["info", "--list", "tp"])
    assert f"has no store in {tmp_path / 'none'};" in str(said.exception)
    helped = runner.invoke(cli, ["timeline", "topic", "--help"])
    assert "env var: ANALYZER_DATA_DIR" in " ".join(helped.stdout.split())
