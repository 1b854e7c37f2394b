"""The command line as a user meets it: counts printed, one-line errors, exit statuses."""

from __future__ import annotations

import gzip
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from analyzer.config import BUNDLED_CONFIG_DIR, load_list_config
from analyzer.errors import ConfigError
from analyzer.schema import MESSAGE_COLUMNS


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from analyzer.cli import main; main()", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


@pytest.fixture()
def months(corpora: Path, tmp_path: Path) -> list[Path]:
    src = tmp_path / "src"
    src.mkdir()
    return [
        Path(shutil.copy2(corpora / "imagej-devel-pipermail" / name, src / name))
        for name in ("2014-January.txt", "2014-February.txt.gz")
    ]


def test_ingest_info_export(months: list[Path], tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    first = run("ingest", *map(str, months), "--list", "ij", "--data-dir", data)
    assert first.returncode == 0, first.stderr
    assert "2014-January.txt" in first.stdout and "2 source(s) parsed" in first.stdout
    assert "messages found" in first.stdout
    second = run("ingest", *map(str, months), "--list", "ij", "--data-dir", data)
    assert second.returncode == 0
    assert "0 source(s) parsed, 2 unchanged" in second.stdout
    assert "nothing was parsed" in second.stdout
    info = run("info", "--list", "ij", "--data-dir", data)
    assert info.returncode == 0 and "unique messages in 2 sources" in info.stdout
    assert f"Configuration: none ({Path(data) / 'ij.toml'} would set" in info.stdout
    (Path(data) / "ij.toml").write_text(
        'time_zone = "Europe/Berlin"\ntags = ["[ImageJ-devel]"]\n'
        '[topics.ops]\nterms = ["ops"]\n[authors]\nmerge = [["a@x.example", "b@y.example"]]\n'
    )
    info = run("info", "--list", "ij", "--data-dir", data)
    assert info.returncode == 0, info.stderr
    assert (
        f"Configuration: {Path(data) / 'ij.toml'} (server time zone Europe/Berlin; periods in UTC;"
        " subject tags [ImageJ-devel]; topics ops; authors: 1 merge)"
    ) in info.stdout
    for suffix in (".csv", ".jsonl", ".parquet"):
        out = tmp_path / f"messages{suffix}"
        done = run("export", "messages", "--list", "ij", "--data-dir", data, "-o", str(out))
        assert done.returncode == 0, done.stderr
        frame = (
            pd.read_csv(out)
            if suffix == ".csv"
            else pd.read_json(out, lines=True)
            if suffix == ".jsonl"
            else pd.read_parquet(out)
        )
        assert list(frame.columns[: len(MESSAGE_COLUMNS)]) == list(MESSAGE_COLUMNS)
        assert frame.message_id.is_unique and len(frame) > 49
    line = (tmp_path / "messages.jsonl").read_text().splitlines()[0]
    assert isinstance(json.loads(line)["references"], list)


def test_ingest_also_analyses_unless_told_not_to(months: list[Path], tmp_path: Path) -> None:
    """The slow part (threads, quotes, authors) is done by `ingest`, with its progress bar,
    not by the first command that reads the list; `--no-analyze` leaves it to that one."""
    data = tmp_path / "data"
    done = run("ingest", str(months[0]), "--list", "ij", "--data-dir", str(data))
    assert done.returncode == 0, done.stderr
    assert (data / "ij" / "analysis" / "authors.parquet").is_file()
    lazy = run("ingest", str(months[0]), "--list", "lazy", "--data-dir", str(data), "--no-analyze")
    assert lazy.returncode == 0, lazy.stderr
    assert (data / "lazy" / "store").is_dir() and not (data / "lazy" / "analysis").exists()
    authors = run("authors", "--list", "lazy", "--data-dir", str(data))
    assert authors.returncode == 0 and (data / "lazy" / "analysis" / "authors.parquet").is_file()


def test_export_of_chosen_columns(months: list[Path], tmp_path: Path) -> None:
    """--columns writes only those columns (messages keep message_id), in the table's order,
    with the same values as the whole export; an unknown column is one error naming it."""
    data = str(tmp_path / "data")
    assert run("ingest", *map(str, months), "--list", "ij", "--data-dir", data).returncode == 0
    whole_path, some_path = tmp_path / "whole.parquet", tmp_path / "some.parquet"
    base = ("--list", "ij", "--data-dir", data)
    assert run("export", "messages", *base, "-o", str(whole_path)).returncode == 0
    done = run(
        "export", "messages", *base, "-o", str(some_path), "--columns", "n_words_authored, date"
    )
    assert done.returncode == 0, done.stderr
    whole, some = pd.read_parquet(whole_path), pd.read_parquet(some_path)
    assert list(some.columns) == ["message_id", "date", "n_words_authored"]
    pd.testing.assert_frame_equal(some, whole[list(some.columns)])
    threads_path = tmp_path / "threads.csv"
    done = run("export", "threads", *base, "-o", str(threads_path), "--columns", "n_messages")
    assert done.returncode == 0, done.stderr
    assert list(pd.read_csv(threads_path).columns) == ["n_messages"]
    for table in ("messages", "authors"):
        _one_line_error(
            run("export", table, *base, "-o", str(tmp_path / "x.csv"), "--columns", "wordz"),
            f"the {table} table has no column 'wordz'",
        )
    _one_line_error(  # a misspelt column is named with the one meant
        run("export", "messages", *base, "-o", str(tmp_path / "x.csv"), "--columns", "autor_id"),
        "has no column 'autor_id' (did you mean 'author_id'?)",
    )
    assert not (tmp_path / "x.csv").exists()


def _one_line_error(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.startswith("analyzer: error")]
    assert len(lines) >= 1, result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in result.stderr


def test_bad_inputs_give_one_line_and_keep_the_store(months: list[Path], tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    assert run("ingest", str(months[0]), "--list", "ij", "--data-dir", data).returncode == 0
    manifest = tmp_path / "data" / "ij" / "store" / "manifest.json"
    before = manifest.read_bytes()
    _one_line_error(
        run("ingest", str(tmp_path / "nope.txt"), "--list", "ij", "--data-dir", data),
        "nope.txt",
        "no such file",
    )
    junk = tmp_path / "junk.txt"
    junk.write_text("hello\n")
    _one_line_error(
        run("ingest", str(junk), "--list", "ij", "--data-dir", data),
        "junk.txt",
        "not a mail archive",
    )
    truncated = tmp_path / "2014-March.txt.gz"
    packed = gzip.compress(b"".join(p.read_bytes() for p in months[:1]))
    truncated.write_bytes(packed[: len(packed) // 2])
    result = run("ingest", str(truncated), "--list", "ij2", "--data-dir", data)
    assert (
        result.returncode != 0
        and "2014-March.txt.gz" in result.stderr
        and "truncated" in result.stderr
    )
    assert manifest.read_bytes() == before
    _one_line_error(run("info", "--list", "never", "--data-dir", data), "never", "no store")
    _one_line_error(
        run(
            "export", "messages", "--list", "ij", "--data-dir", data, "-o", str(tmp_path / "x.xlsx")
        ),
        "x.xlsx",
    )


def test_reingest_of_an_unchanged_damaged_file_repeats_its_warning(
    months: list[Path], tmp_path: Path
) -> None:
    """Exit status 1 on every ingest while a truncated file stays as it is, and each time the
    warning that says why (before: 1 with only "Nothing changed since the last ingest")."""
    truncated = tmp_path / "2014-March.txt.gz"
    packed = gzip.compress(months[0].read_bytes())
    truncated.write_bytes(packed[: len(packed) // 2])
    args = ("ingest", str(truncated), "--list", "ij", "--data-dir", str(tmp_path / "data"))
    first, again = run(*args), run(*args)
    warning = f"analyzer: warning: {truncated}: gzip stream is truncated after "
    assert first.returncode == again.returncode == 1
    assert warning in first.stderr
    assert "Nothing changed since the last ingest" in again.stdout
    (line,) = [line for line in again.stderr.splitlines() if line.startswith(warning)]
    assert line.endswith("; kept what precedes (unchanged since the last ingest)")
    assert "1 unchanged source(s) still hold the problems warned of above" in again.stdout
    clean = ("ingest", str(months[0]), "--list", "ok", "--data-dir", str(tmp_path / "data"))
    assert run(*clean).returncode == run(*clean).returncode == 0  # a sound file: 0 each time


@pytest.fixture()
def served_imagej(corpora: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A copy of the imagej-devel Pipermail archive on a local HTTP server (127.0.0.1 only)."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    root = tmp_path / "www" / "imagej-devel"
    shutil.copytree(corpora / "imagej-devel-pipermail", root)

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(tmp_path / "www"))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/imagej-devel/"
    server.shutdown()
    server.server_close()


def test_ingest_by_url_then_again_with_nothing_new(served_imagej: str, tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    first = run("ingest", served_imagej, "--list", "ij", "--data-dir", data, "--delay", "0")
    assert first.returncode == 0, first.stderr
    assert "72 downloaded" in first.stdout
    info = run("info", "--list", "ij", "--data-dir", data)
    assert "2718 unique messages" in info.stdout
    second = run("ingest", served_imagej, "--list", "ij", "--data-dir", data, "--delay", "0")
    assert second.returncode == 0, second.stderr
    assert "0 downloaded" in second.stdout
    assert "0 source(s) parsed" in second.stdout


def test_ingest_without_source_uses_the_configuration(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    missing = run("ingest", "--list", "nolist", "--data-dir", str(tmp_path / "data"))
    _one_line_error(missing, "no SOURCE given", "nolist")
    config = tmp_path / "data" / "local.toml"
    sample = Path(__file__).resolve().parents[1] / "archives" / "sample"
    config.write_text(f'source = "{sample}"\ntime_zone = "America/New_York"\n')
    done = run("ingest", "--list", "local", "--data-dir", str(tmp_path / "data"))
    assert done.returncode == 0, done.stderr
    assert "5 source(s) parsed" in done.stdout and "87 stored" in done.stdout


def test_a_copy_from_another_month_counts_alike_on_every_ingest_and_in_info(
    tmp_path: Path,
) -> None:
    data = str(tmp_path / "data")
    sample = str(Path(__file__).resolve().parents[1] / "archives" / "sample")
    first = run("ingest", sample, "--list", "civics-forum", "--data-dir", data, "--workers", "1")
    second = run("ingest", sample, "--list", "civics-forum", "--data-dir", data, "--workers", "1")
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    # Per source: status, found, new, duplicates, rejected, with defects.
    rows = {line.split()[0]: line.split()[1:] for line in first.stdout.splitlines()[1:6]}
    again = {line.split()[0]: line.split()[1:] for line in second.stdout.splitlines()[1:6]}
    # One November message is a copy of December's (December's .txt.gz comes first by path).
    assert rows["2017-November.txt"] == ["ingested", "19", "18", "1", "0", "0"]
    assert again["2017-November.txt"] == ["unchanged", "19", "0", "1", "0", "0"]  # none new
    drop_new = {k: v[1:2] + v[3:] for k, v in rows.items()}
    assert drop_new == {k: v[1:2] + v[3:] for k, v in again.items()}
    assert "88 messages found, 87 stored, 1 duplicates, 0 rejected" in first.stdout
    info = run("info", "--list", "civics-forum", "--data-dir", data)
    assert "87 unique messages in 5 sources" in info.stdout
    assert "Found 88, stored 87, duplicates within sources 0, across sources 1, rejected 0" in (
        info.stdout
    )


class _Terminal(io.StringIO):
    """What a terminal of 100 columns would have shown, as text."""

    def isatty(self) -> bool:
        return True


def test_a_long_analysis_shows_its_stages_on_a_terminal(
    months: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from analyzer import api
    from analyzer.cli_common import analyse

    api.ingest(months, list_name="ij", data_dir=tmp_path, workers=1)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setenv("COLUMNS", "100")
    analyse("ij", tmp_path)
    shown = terminal.getvalue()
    for stage in ("load", "threads", "quotes", "identity", "write"):
        assert f"analyse ij: {stage}" in shown
    assert "analyse ij: quotes: 100%" in shown
    cleared = len(shown)
    analyse("ij", tmp_path)  # up to date: no bar at all
    assert len(terminal.getvalue()) == cleared


def test_threads_shows_the_id_that_timeline_thread_takes(
    months: list[Path], tmp_path: Path
) -> None:
    data = str(tmp_path / "data")
    assert run("ingest", *map(str, months), "--list", "ij", "--data-dir", data).returncode == 0
    listed = run("threads", "--list", "ij", "--data-dir", data, "--limit", "3")
    assert listed.returncode == 0, listed.stderr
    header, *rows = listed.stdout.splitlines()
    assert header.split()[-1] == "thread_id" and len(rows) == 3
    largest = rows[0].split()[-1]  # the thread ID, in full
    n_messages = int(rows[0].split()[2])
    out = tmp_path / "thread.csv"
    thread = run("timeline", "thread", largest, "--list", "ij", "--data-dir", data, "-o", str(out))
    assert thread.returncode == 0, thread.stderr
    assert len(pd.read_csv(out)) == n_messages > 1
    printed = run("timeline", "thread", largest, "--list", "ij", "--data-dir", data)
    ids = pd.read_csv(out)["message_id"]
    assert all(message_id in printed.stdout for message_id in ids)  # whole, to be pasted
    unknown = run("timeline", "thread", "nosuch@id", "--list", "ij", "--data-dir", data)
    assert unknown.returncode == 1 and unknown.stderr.count("\n") == 1
    assert "no thread or message 'nosuch@id' in list 'ij'" in unknown.stderr
    nothing = run(
        "timeline", "topic", "none", "--terms", "zzzzqq", "--list", "ij", "--data-dir", data
    )
    assert nothing.returncode == 0, nothing.stderr
    # every period of the list, with zeros, and a warning that the terms matched nothing
    assert nothing.stdout.split()[:2] == ["key", "period"] and "none " in nothing.stdout
    assert nothing.stderr.startswith("analyzer: warning: topic 'none': no message matches it")
    exported = tmp_path / "threads.csv"
    written = run(
        "threads", "--list", "ij", "--data-dir", data, "--by", "latest", "-o", str(exported)
    )
    assert written.returncode == 0, written.stderr
    latest = pd.read_csv(exported)
    assert len(latest) == 20 and latest["end"].is_monotonic_decreasing


def test_output_cut_short_by_its_reader_ends_quietly(months: list[Path], tmp_path: Path) -> None:
    """`analyzer ... | head`: once the reader has gone, no traceback and no error line (click
    quiets the broken pipe and exits with status 1)."""
    data = str(tmp_path / "data")
    assert run("ingest", *map(str, months), "--list", "ij", "--data-dir", data).returncode == 0
    command = "from analyzer.cli import main; main()"
    args = ["timeline", "authors", "--freq", "D", "--list", "ij", "--data-dir", data]
    full = run(*args)
    assert full.returncode == 0 and len(full.stdout) > 10_000  # more than a buffer's worth
    process = subprocess.Popen(
        [sys.executable, "-c", command, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    process.stdout.close()  # the reader leaves before anything is written
    _, errors = process.communicate(timeout=300)
    assert process.returncode == 1
    assert errors == ""


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (
            'tz = "America/New_York"',
            "unknown key 'tz': did you mean period_time_zone (the zone whose days and periods "
            "--since/--until and the timelines count in, as --tz) or time_zone (the archive "
            "server's clock, to read its dates)?",
        ),
        ('[list]\ntz = "UTC"', "[list]: unknown key 'tz': did you mean period_time_zone"),
        (
            'period_timezone = "UTC"',
            "unknown key 'period_timezone' (did you mean 'period_time_zone'?); known keys: "
            "authors, charset, description, fetch, list, name, period_time_zone, source, "
            "strip_tags, tags, time_zone, timezone, topics, url",
        ),
        (
            "[fetch]\ndelai = 2",
            "[fetch]: unknown key 'delai' (did you mean 'delay'?); known keys: connections, "
            "delay, retries, timeout",
        ),
        ("[authors]\nsplits = []", "[authors]: unknown key 'splits' (did you mean 'split'?)"),
        (
            'time_zone = "UTC"\ntimezone = "America/New_York"',
            "time_zone and timezone are one key: give one of them",
        ),
    ],
)
def test_a_key_the_configuration_does_not_have_is_an_error(
    tmp_path: Path, text: str, error: str
) -> None:
    """``tz = ...`` (as ``--tz``) was read as the server's ``time_zone``, which parsed every
    source again and left the periods in UTC; a misspelt ``[fetch]`` key did nothing."""
    (tmp_path / "zoned.toml").write_text(text + "\n", "utf-8")
    with pytest.raises(ConfigError) as caught:
        load_list_config("zoned", tmp_path)
    assert str(caught.value).startswith(f"{tmp_path / 'zoned.toml'}: {error}")
    assert "\n" not in str(caught.value)


def test_the_bundled_configurations_load() -> None:
    """The commented examples in ``archives/`` use only keys the configuration has; the
    ``[fetch]`` keys it takes are those the download reads."""
    from analyzer.config import FETCH_KEYS
    from analyzer.fetch import _FETCH_OPTIONS

    for path in sorted(BUNDLED_CONFIG_DIR.glob("*.toml")):
        config = load_list_config(path.stem, BUNDLED_CONFIG_DIR)
        assert config.path == path
    assert load_list_config("civics-forum", BUNDLED_CONFIG_DIR).time_zone == "America/New_York"
    assert set(_FETCH_OPTIONS) == FETCH_KEYS


def test_configuration_mistakes_are_named(months: list[Path], tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run("ingest", *map(str, months), "--list", "ij", "--data-dir", str(data)).returncode == 0
    none = run("topics", "--list", "ij", "--data-dir", str(data))
    assert none.returncode == 1 and "no topics configured" in none.stderr
    assert "--discover" in none.stderr and "Empty DataFrame" not in none.stdout
    # every command that needs topics says it in the same words
    for command in (["timeline", "topics"], ["timeline", "topics", "--by-author"]):
        same = run(*command, "--list", "ij", "--data-dir", str(data))
        assert same.returncode == 1 and same.stderr == none.stderr
    config = data / "ij.toml"
    config.write_text('[topic.maven]\nterms = ["maven"]\n', encoding="utf-8")
    typo = run("topics", "--list", "ij", "--data-dir", str(data))
    assert typo.returncode == 1 and len(typo.stderr.splitlines()) == 1
    assert f"{config}: unknown key 'topic' (did you mean 'topics'?)" in typo.stderr
    config.write_text('[topics.maven]\nlabel = "Maven"\n', encoding="utf-8")
    bad = run("timeline", "topic", "maven", "--list", "ij", "--data-dir", str(data))
    assert bad.returncode == 1 and f"{config}: " in bad.stderr and "terms" in bad.stderr
    config.write_text('name = "imagej"\n', encoding="utf-8")
    other = run("topics", "--list", "ij", "--data-dir", str(data))
    assert other.returncode == 1 and "name = 'imagej'" in other.stderr
    config.write_text('[authors]\nmerged = [["a@example.org", "b@example.org"]]\n', "utf-8")
    authors = run("authors", "--list", "ij", "--data-dir", str(data))
    assert authors.returncode == 1 and authors.stderr.strip().splitlines() == [
        f"analyzer: error: {config}: [authors]: unknown key 'merged' (did you mean 'merge'?); "
        "known keys: merge, organisations, organisations_file, shared, split"
    ]
    config.write_text('[topics.maven]\nterms = ["maven"]\n', encoding="utf-8")
    fine = run("topics", "--list", "ij", "--data-dir", str(data))
    assert fine.returncode == 0 and "maven" in fine.stdout


def test_nothing_to_ingest_is_one_error_and_leaves_no_store(corpora: Path, tmp_path: Path) -> None:
    """An empty folder, a folder of non-mail files, a lone non-archive file, a configuration
    with a time zone that does not exist: one line each, status 1, and no list that seems to
    exist afterwards."""
    data = tmp_path / "data"
    empty = tmp_path / "empty"
    empty.mkdir()
    pictures = tmp_path / "pictures"
    pictures.mkdir()
    (pictures / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (pictures / "README").write_text("photos of the meeting\n")
    junk = tmp_path / "random.bin"
    junk.write_bytes(bytes(range(256)) * 4)
    for source, needle in (
        (empty, "no mail archive found"),
        (pictures, "passed over, not mail: README, photo.png"),
        (junk, "random.bin"),
    ):
        result = run("ingest", str(source), "--list", "nothing", "--data-dir", str(data))
        assert result.returncode == 1, result.stdout
        assert [line for line in result.stderr.splitlines() if line] == [
            line for line in result.stderr.splitlines() if line.startswith("analyzer: error: ")
        ]
        assert needle in result.stderr and result.stdout == "", result.stdout
        assert not (data / "nothing").exists()
    (tmp_path / "data" / "zoned.toml").write_text('time_zone = "Mars/Olympus"\n', "utf-8")
    months = sorted((corpora / "imagej-devel-pipermail").glob("2013-*.txt"))
    zoned = run("ingest", *map(str, months), "--list", "zoned", "--data-dir", str(data))
    assert zoned.returncode == 1 and zoned.stderr.count("Mars/Olympus") == 1
    assert "zoned.toml" in zoned.stderr and not (data / "zoned").exists()


def test_demo_writes_every_output_it_names(tmp_path: Path) -> None:
    """The README's first command: the sample archive in, tables, timelines, network and report
    out, each file it names there; run from another folder, as a user might."""
    data = tmp_path / "data"
    result = run("demo", "--data-dir", str(data), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "87 stored" in result.stdout and "Passed over" not in result.stdout
    written = [
        Path(line.rsplit(" ", 1)[-1])
        for line in result.stdout.splitlines()
        if line.startswith("Wrote ")
    ]
    names = {path.name for path in written}
    assert {"messages.csv", "threads.csv", "edges.csv", "authors.csv", "replies.graphml"} <= names
    assert "index.html" in names and all(path.is_file() and path.stat().st_size for path in written)
    messages = pd.read_csv(data / "civics-forum" / "exports" / "messages.csv")
    assert len(messages) == 87 and list(messages.columns[: len(MESSAGE_COLUMNS)]) == list(
        MESSAGE_COLUMNS
    )
    # Efua's repost of her job offer counts only its new line ("Reposting, as the deadline is
    # only a week away."): her words are counted once.
    repost = messages.set_index("message_id").loc[
        "CAc8IHX4Ue3T9vZioNLeocTYC65bO5XhZslB+s_pOhDD@mail.gmail.example"
    ]
    assert repost["repeat_of"] == "CAp8Q0V7NQh0gkAgo_tRKuf4kBz6T1VWq8gTGuq+5afJ@mail.gmail.example"
    assert repost["n_words_authored"] == 9 and "Tech Justice Collective" in repost["authored"]
    # and the list's monthly reminder, the same each month, counts its words once too
    repeats = messages[messages["repeat_of"].notna()]
    assert len(repeats) == 5
    assert (repeats["from_email"] == "civics-forum-owner@lists.example.org").sum() == 4


def test_every_output_names_an_author_as_the_authors_table(corpora: Path, tmp_path: Path) -> None:
    """clearwater's people send as 'Kwon, Alan', 'Chris Elford (projectclearwater.org)' or with no
    name at all: the author timeline, the GraphML nodes, the thread timelines and the report all
    show the authors table's name for each author_id, never the From name used most."""
    from analyzer import api
    from analyzer.report import collect

    data = str(tmp_path / "data")
    source = str(corpora / "clearwater-pipermail")
    assert run("ingest", source, "--list", "clearwater", "--data-dir", data).returncode == 0

    def wrote(*command: str, name: str) -> Path:
        out = tmp_path / name
        done = run(*command, "--list", "clearwater", "--data-dir", data, "-o", str(out))
        assert done.returncode == 0, done.stderr
        return out

    authors = pd.read_parquet(wrote("export", "authors", name="authors.parquet"))
    table = dict(zip(authors["author_id"], authors["name"], strict=True))
    assert len(table) == 231 and all(table.values())  # (besmir is Besmir Tola)
    assert table["alan.kwon@interoptechnologies.com"] == "Alan Kwon"
    assert table["sainath.ellendula@wipro.com"] == "sainath.ellendula"

    def read(path: Path) -> pd.DataFrame:
        return pd.read_csv(path, keep_default_na=False)  # a name is text, "NA" too

    timeline = read(wrote("timeline", "authors", "--freq", "Y", name="timeline.csv"))
    assert dict(zip(timeline["key"], timeline["name"], strict=True)) == table

    graph = nx.read_graphml(wrote("network", name="replies.graphml"))
    assert {node: graph.nodes[node]["name"] for node in graph} == table
    assert {node: graph.nodes[node]["label"] for node in graph} == table

    # the threads where people wrote under names the authors table does not show
    messages = api.messages("clearwater", data, columns=["from_name", "author_id", "thread_id"])
    raw = messages["from_name"].fillna("")
    renamed = messages[raw != messages["author_id"].map(table)]
    assert renamed["author_id"].nunique() > 40
    threads = renamed["thread_id"].value_counts().index[:3]
    for number, thread_id in enumerate(threads):
        thread = read(wrote("timeline", "thread", thread_id, name=f"thread{number}.csv"))
        assert len(thread) > 1
        assert list(thread["name"]) == [table[a] for a in thread["author"]]

    # no two clearwater people share a name, so the report shows the table's name as it is
    report = collect(api.analysis("clearwater", data), api.list_config("clearwater", data))
    assert dict(zip(report.authors["author"], report.authors["name"], strict=True)) == table
    assert dict(zip(report.nodes["author"], report.nodes["name"], strict=True)) == table
    for view in report.largest:
        assert list(view.messages["name"]) == [table[a] for a in view.messages["author"]]


def test_authors_shows_the_namesakes_it_kept_apart(tmp_path: Path) -> None:
    """'parminder' at two addresses stays two authors (one-word names are never merged on their
    own); `authors` names them and the file where a merge joins them."""
    messages = [
        ("parminder@itfc.example", "parminder", "<a@x>", "Mon, 01 Jan 2018 10:00:00 +0000"),
        ("parminder.js@gmail.example", "parminder", "<b@x>", "Tue, 02 Jan 2018 10:00:00 +0000"),
        ("ann@uni.example", "Ann Lee", "<c@x>", "Wed, 03 Jan 2018 10:00:00 +0000"),
    ]
    mbox = tmp_path / "list.mbox"
    mbox.write_text(
        "".join(
            f"From {address} Mon Jan  1 00:00:00 2018\nFrom: {name} <{address}>\n"
            f"Message-ID: {mid}\nDate: {date}\nSubject: WGEC\n\nText of {name}.\n\n"
            for address, name, mid, date in messages
        )
    )
    data = str(tmp_path / "data")
    assert run("ingest", str(mbox), "--list", "bb", "--data-dir", data).returncode == 0
    printed = run("authors", "--list", "bb", "--data-dir", data)
    assert printed.returncode == 0, printed.stderr
    assert "Kept apart though they share a name" in printed.stdout
    assert "    parminder: parminder.js@gmail.example, parminder@itfc.example" in printed.stdout
    assert f"add [authors] merge = [[...]] to {Path(data) / 'bb.toml'}:" in printed.stdout


def test_ingest_without_source_checks_the_stored_sources_again(
    corpora: Path, tmp_path: Path
) -> None:
    """`ingest --list NAME` alone, with no source or url configured: the sources the store
    was made from are checked again (it was an error), and one gone from the disk is said."""
    months = tmp_path / "months"
    months.mkdir()
    for name in ("2016-May.txt", "2016-June.txt"):
        shutil.copy(corpora / "clearwater-pipermail" / name, months / name)
    data = str(tmp_path / "data")
    where = ("--list", "cw", "--data-dir", data, "--no-analyze")
    assert run("ingest", "--list", "cw", "--data-dir", data).returncode == 1  # no store yet
    assert run("ingest", str(months), *where).returncode == 0
    again = run("ingest", *where)
    assert again.returncode == 0, again.stderr
    assert "2 source(s) parsed" not in again.stdout and "0 source(s) parsed, 2 unchanged" in (
        again.stdout
    )
    (months / "2016-June.txt").unlink()
    gone = run("ingest", *where)
    assert gone.returncode == 0, gone.stderr
    assert "2016-June.txt: no longer there; its messages stay stored" in gone.stderr
    assert "0 source(s) parsed, 1 unchanged" in gone.stdout


def test_a_folder_holding_two_lists_is_said(corpora: Path, tmp_path: Path) -> None:
    """A Mailman archive folder keeps a folder per list: ingested as one, the two lists are
    said to be two (they were merged without a word); yearly folders of one list are not."""
    tree = tmp_path / "pipermail"
    for folder, source in (
        ("clearwater", corpora / "clearwater-pipermail" / "2016-May.txt"),
        ("imagej-devel", corpora / "imagej-devel-pipermail" / "2014-January.txt"),
    ):
        (tree / folder).mkdir(parents=True)
        shutil.copy(source, tree / folder / source.name)
    data = str(tmp_path / "data")
    mixed = run("ingest", str(tree), "--list", "mixed", "--data-dir", data, "--no-analyze")
    assert mixed.returncode == 0, mixed.stderr
    assert (
        "analyzer: warning: the sources are the archives of 2 lists, as their messages say "
        f"(List-Id, subject tag): imagej-devel ({tree}/imagej-devel/2014-January.txt); project "
        f"clearwater ({tree}/clearwater/2016-May.txt); stored as one list 'mixed': ingest each "
        "list's sources with its own --list" in mixed.stderr
    )
    years = tmp_path / "years"
    for year, name in (("2016", "2016-May.txt"), ("2017", "2017-May.txt")):
        (years / year).mkdir(parents=True)
        shutil.copy(corpora / "clearwater-pipermail" / name, years / year / name)
    one = run("ingest", str(years), "--list", "cw", "--data-dir", data, "--no-analyze")
    assert one.returncode == 0, one.stderr
    assert "warning" not in one.stderr


def test_a_source_parsed_again_counts_the_messages_already_stored_apart(
    months: list[Path], tmp_path: Path
) -> None:
    """After a configuration change every source is parsed again: its messages are neither
    new nor duplicates, and the summary's figures add up to those found."""
    data = tmp_path / "data"
    first = run("ingest", str(months[0]), "--list", "ij", "--data-dir", str(data), "--no-analyze")
    assert first.returncode == 0, first.stderr
    (data / "ij.toml").write_text('time_zone = "America/New_York"\n')
    again = run("ingest", str(months[0]), "--list", "ij", "--data-dir", str(data), "--no-analyze")
    assert again.returncode == 0, again.stderr
    found = re.search(
        r"(\d+) messages found, 0 stored, (\d+) already in the store, 0 dup", again.stdout
    )
    assert found is not None, again.stdout
    assert found.group(1) == found.group(2) != "0"


def test_ingest_says_the_copies_of_months_it_passed_over(corpora: Path, tmp_path: Path) -> None:
    """A folder holding a month as .txt.gz, .txt and HTML pages: the ingest read one copy and
    never said that it passed over the others; its table listed the months alphabetically
    (ux44). Now one line counts the copies by kind, and the rows are in date order."""
    archive = corpora / "imagej-devel-pipermail"
    folder = tmp_path / "ij"
    folder.mkdir()
    for name in ("2010-April.txt.gz", "2010-April.txt", "2010-April", "2010-August.txt"):
        (folder / name).symlink_to(archive / name)
    (folder / "2010-March").symlink_to(archive / "2010-March")  # its pages alone: read
    data = str(tmp_path / "data")
    said = run("ingest", str(folder), "--list", "ij", "--data-dir", data, "--no-analyze")
    assert said.returncode == 0, said.stderr
    rows = [line.split()[0] for line in said.stdout.splitlines()[1:4]]
    assert rows == ["2010-March", "2010-April.txt.gz", "2010-August.txt"]
    assert (
        "Passed over 2 copies of months read from another file (1 .txt, 1 HTML folder): not "
        "read, so not counted as duplicates" in said.stdout
    )
    again = run("ingest", str(folder), "--list", "ij", "--data-dir", data, "--no-analyze")
    assert "Passed over 2 copies of months read from another file" in again.stdout
