"""Rule and discovered topics on real lists: what matches, what does not, and when a debate peaked."""

from __future__ import annotations

import random
import re
import unicodedata
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_timelines import analysed, analysed_messages

from analyzer.api import analyze, parse_sources
from analyzer.config import load_list_config
from analyzer.corpora import corpora_dir
from analyzer.errors import AnalyzerError, ConfigError
from analyzer.identity import automated_authors
from analyzer.pipeline import Analysis, run_analysis
from analyzer.schema import MESSAGE_TOPIC_COLUMNS, TOPIC_COLUMNS
from analyzer.timelines import topic_threads, topic_timeline
from analyzer.topics import (
    TopicRule,
    discover_topics,
    match_messages,
    match_topics,
    resolve_topic,
    split_terms,
    thread_documents,
    thread_topics,
    topic_rules_from_config,
    topics_table,
)
from analyzer.topics.stopwords import GREETING_WORDS, people_names, without_addresses


@pytest.fixture(scope="module")
def clearwater() -> pd.DataFrame:
    return analysed_messages("clearwater-pipermail")


def fold(text: str) -> str:
    """Accent-free lower case, written independently of the library's normalisation."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn").lower()


def small_table(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    """Messages (id, subject, authored), each its own thread, with a quoted copy in the body."""
    return pd.DataFrame(
        {
            "message_id": [r[0] for r in rows],
            "subject": [r[1] for r in rows],
            "subject_norm": [r[1].lower() for r in rows],
            "authored": [r[2] for r in rows],
            "body": [f"{r[2]}\n> quoted: Zebrafish WGEC" for r in rows],
            "thread_id": [r[0] for r in rows],
            "date": pd.date_range("2016-05-01", periods=len(rows), freq="D", tz="UTC"),
        }
    )


# --- terms and configuration --------------------------------------------------------------------


def test_terms_split_on_bars_outside_regex_groups() -> None:
    terms = "WGEC|enhanced cooperation| regex:enhanced\\s+co-?operation|regex:(cstd|ecosoc) report"
    assert split_terms(terms) == [
        "WGEC",
        "enhanced cooperation",
        "regex:enhanced\\s+co-?operation",
        "regex:(cstd|ecosoc) report",
    ]
    assert TopicRule.parse_terms("a\\|b|c") == ("a\\|b", "c")


def test_config_topics_are_read_with_their_keys() -> None:
    config = {
        "wgec": {
            "label": "Working Group on Enhanced Cooperation",
            "terms": ["WGEC", "enhanced cooperation", "CSTD", "regex:enhanced\\s+co-?operation"],
            "match": "any",
            "thread_share": 0.3,
        },
        "both": {"terms": "IGF|regex:cop\\w+", "match": "all", "fields": ["subject"]},
    }
    wgec, both = topic_rules_from_config(config)
    assert wgec.name == "wgec" and wgec.label.startswith("Working Group")
    assert wgec.terms[-1] == "regex:enhanced\\s+co-?operation" and wgec.thread_share == 0.3
    assert both.match == "all" and both.terms == ("IGF", "regex:cop\\w+")
    assert both.fields == ("subject",) and both.label == "both"
    table = topics_table([wgec, both])
    assert tuple(table.columns) == TOPIC_COLUMNS
    assert table["definition"].iloc[1] == "all: IGF | regex:cop\\w+; in subject; threads from 30%"
    assert resolve_topic(config, "wgec") == wgec
    on_the_spot = resolve_topic(config, "wgec", "only this|regex:(a|b)")
    assert on_the_spot.terms == ("only this", "regex:(a|b)")
    with pytest.raises(AnalyzerError, match="unknown topic 'nope'.*both, wgec") as raised:
        resolve_topic(config, "nope")
    # the API's error names its argument, the CLI's (cli.main prints cli_message) its option
    assert str(raised.value).endswith("give its terms with terms=")
    assert raised.value.cli_message is not None
    assert raised.value.cli_message.endswith("give its terms with --terms")
    with pytest.raises(AnalyzerError, match=r"give the discover=N \(and seed=S\)") as raised:
        resolve_topic(config, "nmf-02")
    assert raised.value.cli_message is not None
    assert "give the --discover N (and --seed S)" in raised.value.cli_message


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            {"terms": ["x"], "mach": "any"},
            "unknown key 'mach' \\(did you mean 'match'\\?\\); known keys: fields, label, match",
        ),
        (
            {"terms": ["fine", "regex:(unclosed"]},
            r"bad regular expression in term 'regex:\(unclosed' \(missing \), unterminated "
            r"subpattern\)$",
        ),
        ({"terms": ["x"], "match": "some"}, "match must be"),
        ({"terms": ["x"], "thread_share": 1.5}, "between 0 and 1"),
        ({"terms": []}, "no terms"),
        ({"terms": ["regex:"]}, "empty regular expression"),
        ({"terms": ["x"], "fields": ["body"]}, "fields must be among"),
        ({"terms": 3}, "list of strings"),
    ],
)
def test_bad_topic_configuration_is_a_config_error(table: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        topic_rules_from_config({"t": table})


def test_topics_of_a_list_configuration_file(tmp_path: Path) -> None:
    (tmp_path / "bestbits.toml").write_text(
        '[topics.wgec]\nlabel = "Enhanced cooperation"\n'
        'terms = ["WGEC", "regex:enhanced\\\\s+co-?operation"]\nthread_share = 0.5\n',
        "utf-8",
    )
    (rule,) = topic_rules_from_config(load_list_config("bestbits", tmp_path).topics)
    assert rule.terms == ("WGEC", "regex:enhanced\\s+co-?operation") and rule.thread_share == 0.5


# --- matching semantics ---------------------------------------------------------------------------


def test_matching_ignores_case_and_accents_and_respects_word_boundaries() -> None:
    table = small_table(
        [
            ("m1", "Coopération renforcée", "nothing here"),
            ("m2", "hello", "the WGEC met; enhanced\n  CO-OPERATION next"),
            ("m3", "hello", "wgecs and digit and githubs are other words"),
            ("m4", "hello", "nothing but a quote"),
            ("m5", "ÉNHANCED cooperation", "git, and C++ too"),
        ]
    )
    rules = [
        TopicRule.from_terms("coop", "coopération|regex:enhanced\\s+co-?operation"),
        TopicRule.from_terms("wgec", "WGEC"),
        TopicRule.from_terms("tools", "git|c++"),
        TopicRule.from_terms("zebra", "zebrafish"),
    ]
    found = match_messages(table, rules)
    assert tuple(found.columns[:3]) == MESSAGE_TOPIC_COLUMNS
    got = {(row.topic, row.message_id): row.score for row in found.itertuples()}
    assert got == {
        ("coop", "m1"): 1.0,  # subject, accents folded on both sides
        ("coop", "m2"): 1.0,  # regex across a line break, case folded
        ("coop", "m5"): 1.0,  # accent in the text, none in the pattern
        ("wgec", "m2"): 1.0,  # "wgecs" in m3 is another word
        ("tools", "m5"): 2.0,  # "git" and "c++"; not "digit" or "githubs"
    }


def test_all_terms_and_subject_only_fields() -> None:
    table = small_table(
        [("a", "IGF and WSIS", "-"), ("b", "IGF", "WSIS in the text"), ("c", "x", "IGF")]
    )
    both = TopicRule("both", ("IGF", "WSIS"), match="all")
    subject_only = TopicRule("subj", ("IGF",), fields=("subject",))
    found = match_messages(table, [both, subject_only])
    assert set(zip(found["topic"], found["message_id"], strict=True)) == {
        ("both", "a"),
        ("both", "b"),
        ("subj", "a"),
        ("subj", "b"),
    }


def test_real_matches_equal_an_independent_search_and_skip_quoted_text(
    clearwater: pd.DataFrame,
) -> None:
    rule = TopicRule.from_terms("containers", "Docker|Kubernetes|regex:k8s|etcd cluster")
    found = match_messages(clearwater, [rule])
    pattern = re.compile(r"\b(?:docker|kubernetes|k8s|etcd\s+cluster)\b")
    expected = {}
    for row in clearwater.itertuples():
        text = fold(f"{row.subject_norm or ''}\n{row.authored or ''}")
        n = len(pattern.findall(text))
        if n:
            expected[row.message_id] = float(n)
    assert dict(zip(found["message_id"], found["score"], strict=True)) == expected
    assert len(expected) > 100
    # Messages that mention the terms only in what they quote are not in the topic.
    quoted_only = {
        row.message_id
        for row in clearwater.itertuples()
        if pattern.search(fold(row.body or "")) and row.message_id not in expected
    }
    assert len(quoted_only) > 10
    assert not quoted_only & set(found["message_id"])


def test_threads_belong_when_enough_of_their_messages_match(clearwater: pd.DataFrame) -> None:
    rule = TopicRule.from_terms("containers", "docker|kubernetes", thread_share=0.5)
    message_topics = match_topics(clearwater, [rule])
    direct = set(message_topics.loc[message_topics["via"] == "text", "message_id"])
    sizes = Counter(clearwater["thread_id"])
    hits = Counter(clearwater.loc[clearwater["message_id"].isin(direct), "thread_id"])
    belonging = {t for t, n in hits.items() if n / sizes[t] >= 0.5}
    assert 0 < len(belonging) < len(hits)
    threads = thread_topics(clearwater, message_topics, [rule])
    assert set(threads.loc[threads["belongs"], "thread_id"]) == belonging
    assert dict(zip(threads["thread_id"], threads["matched"], strict=True)) == dict(hits)
    members = set(clearwater.loc[clearwater["thread_id"].isin(belonging), "message_id"])
    assert set(message_topics["message_id"]) == direct | members
    added = message_topics[message_topics["via"] == "thread"]
    assert set(added["message_id"]) == members - direct and (added["score"] == 0).all()
    # the timeline of the topic counts both kinds; ``matched`` only the messages' own text
    timeline = topic_timeline(clearwater, message_topics, "containers", freq="Y")
    assert timeline["messages"].sum() == len(direct | members)
    assert timeline["matched"].sum() == len(direct)
    without = match_topics(clearwater, [rule], threads=False)
    assert set(without["message_id"]) == direct


# --- discovered topics ----------------------------------------------------------------------------


def test_discovered_topics_are_readable_consistent_and_repeatable(
    clearwater: pd.DataFrame,
) -> None:
    topics, message_topics = discover_topics(clearwater, n_topics=6, seed=0)
    assert tuple(topics.columns) == TOPIC_COLUMNS and len(topics) == 6
    assert topics["topic"].is_unique
    for label in topics["label"]:
        words = label.split(" / ")
        assert len(words) == 3 and all(re.fullmatch(r"[a-z]{3,}", w) for w in words), label
    again = discover_topics(clearwater, n_topics=6, seed=0)
    pd.testing.assert_frame_equal(topics, again[0])
    pd.testing.assert_frame_equal(message_topics, again[1])
    # one topic per thread, for every message of it
    joined = message_topics.merge(clearwater[["message_id", "thread_id"]], on="message_id")
    assert (joined.groupby("thread_id")["topic"].nunique() == 1).all()
    assert message_topics["message_id"].is_unique
    assert message_topics["score"].between(0, 1).all()
    assert len(message_topics) > 0.9 * len(clearwater)
    # the largest topics come first
    sizes = message_topics.drop_duplicates("message_id")["topic"].value_counts()
    assert sizes.index[0] in set(topics["topic"].head(3))
    with pytest.raises(AnalyzerError, match="too few"):
        discover_topics(clearwater.head(3), n_topics=5)
    with pytest.raises(AnalyzerError, match="at least 2"):  # as the command line says
        discover_topics(clearwater, n_topics=1)


def test_discovered_topic_words_are_not_pieces_of_addresses_or_links(corpora: Path) -> None:
    """imagej-devel carries bug-tracker notifications full of addresses ("... at gmx.de") and
    links (".../cgi-bin/bugzilla/show_bug.cgi"): their pieces are no topic's words."""
    months = sorted((corpora / "imagej-devel-pipermail").glob("201[2-4]-*.txt"))
    messages = analyze(parse_sources(months, "imagej"))
    topics, _ = discover_topics(messages, n_topics=8, seed=0)
    words = {w for definition in topics["definition"] for w in definition.split()}
    assert words.isdisjoint({"gmx", "edu", "wisc", "cgi", "http", "https", "www", "com", "org"})
    assert "bug" in words  # the notifications still make their topic, by their own words


def test_addresses_and_links_are_blanked_as_the_whole_pattern_blanks_them(
    clearwater: pd.DataFrame,
) -> None:
    """Only the lines that could hold an address or link are searched: on real messages and
    on made-up ones, that is what searching all of each text gives."""
    pattern = re.compile(
        r"\b(?:https?|ftp)://\S+|\bwww\.\S+|[\w.+-]+(?:@| at )[\w-]+(?:\.[\w-]+)+", re.IGNORECASE
    )
    made_up = [
        "Hi,\nmail jane AT example.org, look at this\nand WWW.example.com too",
        "see HTTP://x.org/a?b=c\r\nor ftp://y.net\n\nbye at last",
        "a@b.com+c@d.org\nplain line\nxyz at host.co.uk.",
        "no address here at all",
    ]
    texts = [t for t in clearwater["authored"].tolist() if isinstance(t, str)] + made_up
    changed = 0
    for text in texts:
        could = any(s in text for s in ("@", " at ", "://", "www."))
        expected = pattern.sub(" ", text) if could else text
        assert without_addresses(text) == expected
        changed += expected != text
    assert changed > 100
    assert "jane" not in without_addresses(made_up[0]) and "look at this" in without_addresses(
        made_up[0]
    )


def test_discovered_topic_words_are_not_greetings_or_the_names_of_the_lists_people(
    corpora: Path,
) -> None:
    """imagej-devel's people sign "Ciao, Dscho", "Thanks, Curtis" and greet each other by name:
    those words made its topics ("... ciao dscho", "... tobias stephan steffi"); the words of
    its subjects stay."""
    messages = analyze(
        parse_sources(sorted((corpora / "imagej-devel-pipermail").glob("*.txt")), "imagej")
    )
    topics, _ = discover_topics(messages, n_topics=10, seed=0)
    words = {w for definition in topics["definition"] for w in definition.split()[1:]}
    people = {"ciao", "dscho", "johannes", "curtis", "tobias", "stephan", "steffi", "kevin", "mark"}
    assert words.isdisjoint(people | GREETING_WORDS), words & (people | GREETING_WORDS)
    assert {"maven", "jenkins", "git", "fiji", "bug", "release", "meeting"} <= words


def test_twisted_topics_do_not_name_its_people(twisted_2008_2013: pd.DataFrame) -> None:
    """Glyph Lefkowitz wrote most of twisted-python's announcements, signing "-glyph": his
    name was a word of the release topic."""
    topics, _ = discover_topics(twisted_2008_2013, n_topics=6, seed=0)
    words = {w for definition in topics["definition"] for w in definition.split()[1:]}
    assert "glyph" not in words
    assert {"release", "deferred", "protocol", "reactor"} <= words


def test_people_names_are_given_names_and_signatures_not_words() -> None:
    """Given names of people (not of robots or one-word names), in either name order, and the
    words people sign with; not the names that the list writes as words, in lower case."""
    senders = [
        ("Curtis Rueden", "ctrueden@wisc.edu", "The update site is up.\n\nThanks,\nCurtis"),
        ("Schindelin, Johannes", "johannes@gmx.de", "Any chance of a test?\n\nCiao,\nDscho"),
        ("Will Smith", "will@x.org", "It will build and it will pass; we will see."),
        ("Ruby Chen", "ruby@x.org", "Ruby bindings: Ruby and Python both call it."),
        ("Jenkins", "jenkins@x.org", "Jenkins says the build failed."),
        ("Build Bot", "noreply@x.org", "Build failed: Bot reports it."),
        ("Mark Hiner", "mark@x.org", "Mark the test as ignored; mark it, then I mark it."),
        ("Ann Lee", "ann@x.org", "I have done it: all done, done again.\nDone"),
        ("Dana Scully", "dana@x.org", "Hi Curtis, Ann"),
    ]
    messages = pd.DataFrame(senders * 3, columns=["from_name", "from_email", "authored"])
    assert people_names(messages) == {"curtis", "johannes", "dscho", "ann", "dana"}
    assert people_names(messages.drop(columns="authored")) == frozenset()


# --- a real debate: moving Twisted off Trac and Subversion (July 2011) ---------------------------


@pytest.fixture(scope="module")
def twisted_2008_2013_analysis() -> Analysis:
    """Six years of twisted-python (72 months, about 10,500 messages) through the pipeline."""
    folder = corpora_dir() / "twisted-python-pipermail-gz"
    assert folder.is_dir(), f"the real corpora are missing: expected {folder}"
    files = sorted(p for p in folder.glob("*.txt.gz") if 2008 <= int(p.name[:4]) <= 2013)
    assert len(files) == 72
    return run_analysis(parse_sources(files, "twisted-python"))


@pytest.fixture(scope="module")
def twisted_2008_2013(twisted_2008_2013_analysis: Analysis) -> pd.DataFrame:
    return twisted_2008_2013_analysis.messages


def test_topic_timeline_peaks_when_the_trac_svn_debate_did(twisted_2008_2013: pd.DataFrame) -> None:
    """On 1 July 2011 "Moving Twisted off Trac and SVN to somewhere nicer" opened the list's
    longest debate about its tools; the topic's monthly timeline must peak that month."""
    messages = twisted_2008_2013
    rule = TopicRule.from_terms("trac-svn", "Trac|SVN|Subversion")
    message_topics = match_topics(messages, [rule])
    timeline = topic_timeline(messages, message_topics, "trac-svn", freq="M")
    assert len(timeline) == 72
    ranked = timeline.sort_values("messages", ascending=False).reset_index(drop=True)
    peak, runner_up = ranked.iloc[0], ranked.iloc[1]
    assert peak["period"] == "2011-07"
    assert peak["messages"] > 1.4 * runner_up["messages"]
    assert peak["messages"] > 4 * timeline["messages"].median()
    assert peak["key_subject"].endswith("Moving Twisted off Trac and SVN to somewhere nicer")
    # the debate's thread is the topic's key thread, and its starter leads the peak month
    threads = topic_threads(messages, message_topics, "trac-svn", limit=3)
    assert threads["thread_id"].iloc[0] == peak["key_thread"]
    root = messages[messages["message_id"] == peak["key_thread"]]
    assert peak["leading_authors"][0].startswith(root["author_id"].iloc[0] + " (")
    # an independent count of the peak month: the messages whose own text names the tools,
    # plus the other messages of threads where at least 30% do
    pattern = re.compile(r"\b(?:trac|svn|subversion)\b")
    text = (messages["subject_norm"].fillna("") + "\n" + messages["authored"].fillna("")).map(fold)
    hit = text.map(lambda t: bool(pattern.search(t)))
    share = hit.groupby(messages["thread_id"]).mean()
    member = hit | messages["thread_id"].map(share >= 0.3)
    in_peak = messages["date"].dt.strftime("%Y-%m") == "2011-07"
    assert peak["messages"] == (member & in_peak).sum()
    assert peak["matched"] == (hit & in_peak).sum()


def topic_words(topics: pd.DataFrame) -> set[str]:
    return {w for definition in topics["definition"] for w in definition.split()[1:]}


def test_twisted_weekly_bug_summaries_make_no_topic(
    twisted_2008_2013_analysis: Analysis,
) -> None:
    """A script mailed a "Weekly Bug Summary" of the tracker every week, from a developer's
    address and later from trac's: 301 threads of 2008-2013 made a topic of their own
    ("weekly / summary / bug ... participated opened"). They are automated senders' (periodic
    reports, ``identity.reports``): those posts are not read, the replies to them are."""
    messages, authors = twisted_2008_2013_analysis.messages, twisted_2008_2013_analysis.authors
    robots = automated_authors(authors)
    firsts = messages.sort_values("date", kind="stable").drop_duplicates("thread_id")
    reports = firsts[firsts["subject_norm"] == "weekly bug summary"]
    assert len(reports) > 250 and reports["author_id"].isin(robots).all()
    for n_topics in (6, 8):
        topics, message_topics = discover_topics(messages, n_topics, seed=0, automated=robots)
        assert topic_words(topics).isdisjoint({"weekly", "summary", "participated", "opened"})
        assert {"deferred", "reactor", "protocol"} <= topic_words(topics)
    # without the robots left out, the summaries make a topic of their own
    topics, _ = discover_topics(messages, 8, seed=0)
    assert not topic_words(topics).isdisjoint({"weekly", "summary", "participated", "opened"})
    # a summary nobody answered is in no topic; one that was answered is in its replies' topic
    sizes = messages["thread_id"].value_counts()
    alone = reports["thread_id"][reports["thread_id"].map(sizes) == 1]
    assert len(alone) > 250
    assert (
        not message_topics["message_id"]
        .isin(messages.loc[messages["thread_id"].isin(alone), "message_id"])
        .any()
    )


def test_openbmc_topics_have_no_trailer_calendar_or_patch_series_words() -> None:
    """openbmc's patches end in "Signed-off-by:" and "Reviewed-by:" lines (their words were
    topic words), its work groups send invitations ("Wednesday 10am PDT ... agenda"); a patch
    posted again version after version (8 threads) is a debate, not a report."""
    found = analysed("openbmc-mbox-2019")
    messages = found.messages
    robots = automated_authors(found.authors)
    patches = messages["subject"].str.contains("PATCH", na=False) & messages["parent_id"].isna()
    assert patches.sum() > 100  # a patch series is no periodic report: its posters are people
    assert not messages.loc[patches, "author_id"].isin(robots).any()
    topics, _ = discover_topics(messages, 8, seed=0, automated=robots)
    words = topic_words(topics)
    assert words.isdisjoint({"signed", "reviewed", "acked", "tested"}), words
    assert words.isdisjoint({"wednesday", "pdt", "pst", "cst", "agenda", "reminder"}), words
    assert {"dts", "sensor", "telemetry", "meeting"} <= words


def test_discovery_reads_neither_reports_robots_repeats_nor_trailers() -> None:
    """Generated threads: a robot's recurring report (its reply is read), a robot's message,
    a repeat (its subject still names the thread) and a patch's trailers."""
    rows = [  # (message_id, thread_id, sender, author, subject, authored, repeat_of)
        *[
            (f"r{i}", f"r{i}", "Ops@x.org", "ops", "Status report", "queue depth graphs", None)
            for i in range(10)
        ],
        ("a0", "r0", "ann@x.org", "ann", "Re: Status report", "why is the queue so deep", None),
        ("f0", "f0", "few@x.org", "few", "Monthly digest", "digest of fermentation", None),
        ("b0", "b0", "bot@x.org", "bot", "Build failed", "compiler exploded", None),
        ("b1", "b0", "ann@x.org", "ann", "Re: Build failed", "the linker broke", None),
        (
            "p0",
            "p0",
            "dev@x.org",
            "dev",
            "[PATCH] fix spi",
            "Fix the spi clock.\n\n"
            "Signed-off-by: Dev One <dev@x.org>\nReviewed-by: Ann Lee <ann@x.org>\n"
            "Cc: list at x.org\nChange-Id: I0123456789abcdef",
            None,
        ),
        ("p1", "p1", "dev@x.org", "dev", "[PATCH v2] fix spi", "Fix the spi clock.", "p0"),
    ]
    rows += [(f"f{i}", f"f{i}", *rows[11][2:]) for i in range(1, 9)]
    columns = ["message_id", "thread_id", "from_email", "author_id", "subject", "authored"]
    messages = pd.DataFrame([r[:6] for r in rows], columns=columns)
    messages["repeat_of"] = [r[6] for r in rows]
    messages["subject_norm"] = (
        messages["subject"].str.replace(r"(?i)^(re: |\[patch[^]]*\] )", "", regex=True).str.lower()
    )
    messages["date"] = pd.date_range("2020-01-01", periods=len(rows), freq="D", tz="UTC")
    documents = thread_documents(messages, automated={"bot", "ops"})
    assert documents.loc["r0"].tolist() == ["", "\nwhy is the queue so deep"]
    assert documents.loc["r1"].tolist() == ["", ""]
    assert documents.loc["f0"].tolist() == ["monthly digest", "digest of fermentation"]
    assert documents.loc["b0"].tolist() == ["", "\nthe linker broke"]
    assert documents.loc["p0"].tolist() == ["fix spi", "Fix the spi clock."]
    assert documents.loc["p1"].tolist() == ["fix spi", ""]
    # without the columns that tell senders, robots and repeats, every message is read
    bare = thread_documents(messages.drop(columns=["from_email", "author_id", "repeat_of"]))
    assert bare.loc["r1"].tolist() == ["status report", "queue depth graphs"]
    assert bare.loc["p1"].tolist() == ["fix spi", "Fix the spi clock."]


@pytest.mark.parametrize(
    ("terms", "independent"),
    [
        ("regex:sprout\\w*|regex:home[\\w-]+", r"\b(?:sprout\w*|home[\w-]+)\b"),  # RE2 prefilter
        ("regex:bono(?=\\s)|regex:(ellis)\\b", r"\b(?:bono(?=\s)|ellis)\b"),  # no RE2 form
        ("regex:\\d+\\.\\d+\\s*ms", r"\b\d+\.\d+\s*ms\b"),
    ],
)
def test_regex_terms_find_what_python_finds(
    clearwater: pd.DataFrame, terms: str, independent: str
) -> None:
    found = match_messages(clearwater, [TopicRule.from_terms("t", terms)])
    pattern = re.compile(independent, re.IGNORECASE)
    text = (clearwater["subject_norm"].fillna("") + "\n" + clearwater["authored"].fillna("")).map(
        fold
    )
    expected = clearwater.loc[text.map(lambda t: bool(pattern.search(t))), "message_id"]
    assert len(expected) > 20
    assert set(found["message_id"]) == set(expected)


# --- discovered topics of large archives: learnt from a sample of threads -------------------------

_SUBJECT_WORDS = {
    "dairy": "cheese milk butter cream yogurt cow farm churn",
    "space": "rocket orbit launch satellite booster payload thrust capsule",
    "music": "guitar chord melody amplifier pedal rhythm tune strings",
}


def generated_threads(n_threads: int) -> pd.DataFrame:
    """Threads of one to three messages, each thread on one of three subjects in words of its
    own, a word of any subject, and words every thread uses (too common to be a topic's)."""
    rng = random.Random(7)
    kinds = list(_SUBJECT_WORDS)
    rows = []
    for t in range(n_threads):
        kind = kinds[t % 3]
        words = _SUBJECT_WORDS[kind].split()
        for m in range(1 + t % 4 % 3):
            stray = _SUBJECT_WORDS[rng.choice(kinds)].split()
            text = " ".join(
                [
                    *rng.sample(words, k=5),
                    *rng.sample(stray, k=1),
                    "meeting",
                    "tomorrow",
                    "office",
                ]
            )
            rows.append((f"<{t}.{m}@gen>", f"<{t}.0@gen>", f"Re: {rng.choice(words)}", text, kind))
    return pd.DataFrame(
        {
            "message_id": [r[0] for r in rows],
            "thread_id": [r[1] for r in rows],
            "subject": [r[2] for r in rows],
            "authored": [r[3] for r in rows],
            "date": pd.Timestamp("2020-01-01", tz="UTC") + pd.to_timedelta(range(len(rows)), "min"),
            "kind": [r[4] for r in rows],  # what the test knows, not the topics
        }
    )


def test_topics_of_many_threads_are_learnt_from_a_sample_and_given_to_every_thread() -> None:
    """Above ``fit_threads`` threads the topics come from a seeded sample of them, and every
    thread (12,000 here: two stretches of the transform) still gets its subject's topic."""
    messages = generated_threads(12_000)
    topics, found = discover_topics(messages, n_topics=3, seed=0, fit_threads=600)
    kind_of_label = {}
    for topic, label in zip(topics["topic"], topics["label"], strict=True):
        (kind,) = {
            k
            for k, words in _SUBJECT_WORDS.items()
            if set(label.split(" / ")) <= set(words.split())
        }
        kind_of_label[topic] = kind
    assert sorted(kind_of_label.values()) == sorted(_SUBJECT_WORDS)
    # every message of every thread, nearly all with their own subject's topic (NMF is no
    # perfect clustering: on all 12,000 threads 97% are)
    assert set(found["message_id"]) == set(messages["message_id"])
    kind = messages.set_index("message_id")["kind"]
    assert (found["topic"].map(kind_of_label) == found["message_id"].map(kind)).mean() > 0.95
    joined = found.merge(messages[["message_id", "thread_id"]], on="message_id")
    assert (joined.groupby("thread_id")["topic"].nunique() == 1).all()
    assert found["score"].between(0.3, 1).all() and (found["via"] == "model").all()
    # the same seed, the same sample and topics; at or under the cap, every thread is learnt from
    again = discover_topics(messages, n_topics=3, seed=0, fit_threads=600)
    pd.testing.assert_frame_equal(topics, again[0])
    pd.testing.assert_frame_equal(found, again[1])
    other = discover_topics(messages, n_topics=3, seed=1, fit_threads=600)[1]
    whole = discover_topics(messages, n_topics=3, seed=0)[1]
    assert not np.allclose(found["score"], other["score"])
    assert not np.allclose(found["score"], whole["score"])
    at_cap = discover_topics(messages, n_topics=3, seed=0, fit_threads=12_000)[1]
    pd.testing.assert_frame_equal(whole, at_cap)
    with pytest.raises(AnalyzerError, match="at least n_topics"):
        discover_topics(messages, n_topics=3, fit_threads=2)


def test_topics_learnt_from_a_sample_of_real_threads_are_the_whole_archive_topics(
    twisted_2008_2013: pd.DataFrame,
) -> None:
    """On six years of twisted-python, most of the six topics learnt from a third of the threads
    are topics learnt from all of them (four; the others are the sample's: a job advertisement,
    and the run of junk posts an autoresponder sent on 1 January 2012, which the sample drawn
    since threading follows more quotes holds), and nearly every message that had a topic still
    has one."""
    messages = twisted_2008_2013
    n_threads = messages["thread_id"].nunique()
    whole_topics, whole = discover_topics(messages, n_topics=6, seed=0)
    topics, found = discover_topics(messages, n_topics=6, seed=0, fit_threads=n_threads // 3)
    whole_words = [set(d.split()[1:]) for d in whole_topics["definition"]]
    shared = [max(len(set(d.split()[1:]) & w) for w in whole_words) for d in topics["definition"]]
    assert sum(n >= 3 for n in shared) >= 4, list(topics["definition"])
    joined = found.merge(messages[["message_id", "thread_id"]], on="message_id")
    assert (joined.groupby("thread_id")["topic"].nunique() == 1).all()
    assert found["message_id"].is_unique
    assert len(found) > 0.99 * len(whole)
    again = discover_topics(messages, n_topics=6, seed=0, fit_threads=n_threads // 3)
    pd.testing.assert_frame_equal(found, again[1])


def test_message_topics_say_where_the_terms_were_found() -> None:
    """A reply inherits its subject: 'matched_in' tells a message that names the WGEC in its
    own words from one whose subject alone does (the researcher audit: 37 of the sample's 59
    WGEC messages matched only in the subject)."""
    frame = pd.DataFrame(
        {
            "message_id": ["a", "b", "c", "d"],
            "thread_id": ["t", "t", "t", "t"],
            "subject_norm": ["wgec draft", "wgec draft", "lunch", "wgec draft"],
            "authored": ["no mention", "the WGEC chair", "the WGEC met", "Bonnes vacances"],
        }
    )
    rule = TopicRule.from_terms("wgec", "WGEC", thread_share=1.0)
    table = match_topics(frame, [rule]).set_index("message_id")
    assert table["matched_in"].to_dict() == {
        "a": "subject",
        "b": "subject+authored",
        "c": "authored",
        "d": "subject",
    }
    assert set(table["via"]) == {"text"}


def test_a_term_named_only_in_pasted_code_is_matched_in_code() -> None:
    """A patch's ``GPIO_ACTIVE_LOW`` or a driver's ``i2c_client`` is the code the sender pasted,
    which word counts leave out: ``matched_in`` says ``code``, and ``matched_authored`` of the
    topic timelines does not count it as the sender naming the topic (ux43: all 31 messages
    "matched in authored" on GPIO_ACTIVE_LOW named it only in diff lines)."""
    messages = analysed("openbmc-mbox-2019").messages
    rule = TopicRule.from_terms("gpio", "GPIO_ACTIVE_LOW")
    table = match_messages(messages, [rule]).merge(messages, on="message_id")
    assert len(table) >= 20
    for row in table.itertuples():
        naming = [line for line in row.authored.split("\n") if "GPIO_ACTIVE_LOW" in line]
        in_patch = all(re.match(r"[-+ \t@]", line) for line in naming)
        if naming and in_patch:  # every line naming it is a diff's or code's
            assert row.matched_in in ("code", "subject+code"), (row.message_id, naming)
    assert (table["matched_in"] == "code").sum() >= 20

    frame = pd.DataFrame(
        {
            "message_id": ["prose", "patch", "both", "subject-patch"],
            "thread_id": ["t1", "t2", "t3", "t4"],
            "subject_norm": ["boot order", "boot order", "boot order", "gpio names"],
            "authored": [
                "The GPIO names should follow the schematic.",
                "Fixed as below.\n\n"
                + "\n".join(
                    f"+\tgpio-line-names = <&gpio{i} 1 GPIO_ACTIVE_LOW>;" for i in range(6)
                ),
                "Each GPIO gets a name.\n\n"
                + "\n".join(
                    f"+\tgpio-line-names = <&gpio{i} 1 GPIO_ACTIVE_LOW>;" for i in range(6)
                ),
                "Fixed as below.\n\n"
                + "\n".join(
                    f"+\tgpio-line-names = <&gpio{i} 1 GPIO_ACTIVE_LOW>;" for i in range(6)
                ),
            ],
        }
    )
    rule = TopicRule.from_terms("gpio", "gpio")
    found = match_topics(frame, [rule]).set_index("message_id")["matched_in"].to_dict()
    assert found == {
        "prose": "authored",
        "patch": "code",
        "both": "authored",
        "subject-patch": "subject+code",
    }
