"""The analysis pipeline: quotes on every core agree with one process; the cache is invalidated."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analyzer import api, stored_analysis
from analyzer.ingest import ParseOptions, ingest, parse_sources
from analyzer.pipeline import (
    MAX_CHUNK_MESSAGES,
    QUOTE_CHUNKS,
    quote_chunks,
    quotes_in_parallel,
    quotes_to_files,
    run_analysis,
)
from analyzer.quotes import apply_quotes
from analyzer.quotes.frame import MAX_ANCESTORS
from analyzer.store import MessageStore
from analyzer.stored_analysis import (
    ANALYSIS_STAGES,
    analyze_store,
    load_for_analysis,
    read_analysis,
)
from analyzer.threads import thread_messages
from analyzer.threads.tables import threads_table


def test_quotes_in_parallel_agree_with_one_process(corpora: Path) -> None:
    threaded = thread_messages(
        parse_sources([corpora / "clearwater-pipermail"], ParseOptions("cw"))
    )
    serial = apply_quotes(threaded)
    parallel = quotes_in_parallel(threaded, workers=2, min_messages=0)
    assert parallel.index.equals(threaded.index)
    assert parallel["message_id"].equals(threaded["message_id"])
    # Each chunk learns the list's footers from a quarter of it: nearly the same, not always.
    assert (parallel["authored"] == serial["authored"]).mean() > 0.99
    # A chunk gives the quote rules what the whole table does: whether a message starts a
    # thread (the crash dump its sender pasted with `>` marks is theirs).
    steven = parallel["message_id"].str.startswith("CAFVTNVwxxybpG9xLDc6")
    assert parallel.loc[steven, "authored"].str.contains("Basic stack dump:").all()
    small = quotes_in_parallel(threaded.head(100), workers=2)  # below the threshold: one process
    # The same values; the texts come back as Arrow strings rather than Python objects.
    pd.testing.assert_frame_equal(small, apply_quotes(threaded.head(100)), check_dtype=False)
    assert small["authored"].dtype == "str"


def test_quote_chunks_are_stretches_that_take_their_ancestors_along() -> None:
    rng = np.random.default_rng(7)
    n = 120_000
    # Replies answer a message up to a few thousand rows earlier, or now and then a later one.
    offsets = rng.integers(1, 3_000, n)
    parent_row = np.arange(n) - offsets
    later = rng.random(n) < 0.01
    parent_row[later] = np.arange(n)[later] + offsets[later]
    is_reply = (parent_row >= 0) & (parent_row < n) & (rng.random(n) < 0.7)
    ids = np.array([f"m{i}" for i in range(n)], dtype=object)
    parents = np.where(is_reply, ids[np.clip(parent_row, 0, n - 1)], None)
    frame = pd.DataFrame({"message_id": ids, "parent_id": parents})
    chunks = quote_chunks(frame)
    # Consecutive stretches that cover every row once, each bounded in size.
    assert [c.start for c in chunks] == [0, *(c.stop for c in chunks[:-1])]
    assert chunks[-1].stop == n
    assert max(c.stop - c.start for c in chunks) == MAX_CHUNK_MESSAGES
    assert len(chunks) == -(-n // MAX_CHUNK_MESSAGES)  # memory does not grow with the archive
    row_of = {message_id: row for row, message_id in enumerate(ids)}
    for chunk in chunks:
        members = set(range(chunk.start, chunk.stop)) | set(chunk.context.tolist())
        assert not set(chunk.context.tolist()) & set(range(chunk.start, chunk.stop))
        for row in range(chunk.start, chunk.stop, 97):
            ancestor = parents[row]
            for _ in range(MAX_ANCESTORS):  # the ancestors quote removal reads are at hand
                if ancestor is None:
                    break
                assert row_of[ancestor] in members
                ancestor = parents[row_of[ancestor]]
    assert len(quote_chunks(frame.head(20_000))) == QUOTE_CHUNKS  # a small archive uses every core


@pytest.mark.parametrize(
    ("bodies_in_memory", "workers"),
    [(True, 2), (False, 2), (False, 1)],
    ids=["held", "lean", "lean-1"],
)
def test_stored_analysis_equals_the_analysis_in_memory(
    corpora: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    bodies_in_memory: bool,
    workers: int,
) -> None:
    source = corpora / "clearwater-pipermail"
    ingest([source], data_dir=tmp_path, options=ParseOptions("cw"), workers=2)
    store = MessageStore(tmp_path, "cw")
    if not bodies_in_memory:  # as for a large archive: no body and no quote text held at once
        monkeypatch.setattr(stored_analysis, "BODIES_IN_MEMORY_MAX", 0)
    told: list[tuple[str, int, int]] = []
    stages = analyze_store(
        store, tmp_path / "analysis", workers=workers, on_progress=lambda *e: told.append(e)
    )
    assert list(stages) == list(ANALYSIS_STAGES)
    # Progress: every stage told at its start and end, in order; quote removal chunk by chunk.
    assert list(dict.fromkeys(stage for stage, _, _ in told)) == list(ANALYSIS_STAGES)
    for stage in ANALYSIS_STAGES:
        events = [(done, total) for name, done, total in told if name == stage]
        if stage == "quotes":
            chunks = events[-1][1]
            assert events == [(0, 0)] + [(k, chunks) for k in range(1, chunks + 1)]
        else:
            assert events == [(0, 1), (1, 1)]
    stored = read_analysis(store, tmp_path / "analysis")
    in_memory = run_analysis(api.stored_messages("cw", tmp_path))
    assert len(stored.messages) == 1_808
    pd.testing.assert_frame_equal(
        stored.messages.astype(object), in_memory.messages.astype(object), check_dtype=False
    )
    assert stored.authors["author_id"].tolist() == in_memory.authors["author_id"].tolist()

    # Chunks on two workers that read their bodies from the store agree with chunks given them.
    frame, partitions = load_for_analysis(store)
    assert "body" not in frame  # bodies are read where they are needed
    threaded = thread_messages(frame, use_bodies=False)
    from_store = quotes_to_files(threaded, tmp_path, 2, partitions)
    with_bodies = threaded.assign(body=store.read_messages()["body"].to_numpy())
    given = quotes_in_parallel(with_bodies, 2, min_messages=0)
    counts = ["n_words_authored", "n_lines_quoted"]
    pd.testing.assert_frame_equal(from_store.counts, given[counts])
    every_row = np.arange(len(threaded))
    assert (
        from_store.own_texts(every_row) == (given["authored"] + "\n" + given["signature"]).tolist()
    )
    assert from_store.authored_texts(every_row[::-1]) == given["authored"].tolist()[::-1]

    # Files that do not belong to the store are refused, not joined to the wrong rows.
    (tmp_path / "analysis" / "added_columns.parquet").write_bytes(b"")
    with pytest.raises(ValueError):
        read_analysis(store, tmp_path / "analysis")


def test_analysis_cache_follows_the_store_and_the_configuration(
    corpora: Path, tmp_path: Path
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy2(corpora / "imagej-devel-pipermail" / "2014-January.txt", src)
    api.ingest([src], list_name="ij", data_dir=tmp_path, workers=1)
    first = api.messages("ij", tmp_path)
    assert (tmp_path / "ij" / "analysis" / "key").is_file()
    assert api.messages("ij", tmp_path)["authored"].equals(first["authored"])
    shutil.copy2(corpora / "imagej-devel-pipermail" / "2014-February.txt", src)
    api.ingest([src], list_name="ij", data_dir=tmp_path, workers=1)
    assert len(api.messages("ij", tmp_path)) > len(first)
    key = (tmp_path / "ij" / "analysis" / "key").read_text()
    (tmp_path / "ij.toml").write_text('[authors.organisations]\n"wisc.edu" = "UW-Madison"\n')
    authors = api.authors("ij", tmp_path)
    assert (tmp_path / "ij" / "analysis" / "key").read_text() != key
    assert "UW-Madison" in set(authors["affiliation"])


def test_prepare_analysis_runs_it_once_and_tells_its_progress(
    corpora: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy2(corpora / "imagej-devel-pipermail" / "2014-January.txt", src)
    api.ingest([src], list_name="ij", data_dir=tmp_path, workers=1)
    runs: list[Path] = []
    analyse = stored_analysis.analyze_store

    def counted(store: MessageStore, folder: Path, *args: object, **kwargs: object) -> object:
        runs.append(folder)
        return analyse(store, folder, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(stored_analysis, "analyze_store", counted)
    told: list[tuple[str, int, int]] = []
    api.prepare_analysis("ij", tmp_path, on_progress=lambda *e: told.append(e))
    assert len(runs) == 1
    assert told[0] == ("load", 0, 1) and told[-1] == ("write", 1, 1)
    # The readers find it ready; a second preparation finds nothing to do and tells nothing.
    assert len(api.messages("ij", tmp_path)) == len(api.stored_messages("ij", tmp_path))
    before = len(told)
    api.prepare_analysis("ij", tmp_path, on_progress=lambda *e: told.append(e))
    assert len(runs) == 1 and len(told) == before


def test_organisations_from_a_mapping_file(corpora: Path, tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy2(corpora / "imagej-devel-pipermail" / "2014-January.txt", src)
    api.ingest([src], list_name="ij", data_dir=tmp_path, workers=1)
    (tmp_path / "orgs.csv").write_text("domain,organisation\nwisc.edu,University of Wisconsin\n")
    (tmp_path / "ij.toml").write_text(
        '[authors]\norganisations_file = "orgs.csv"\n[authors.organisations]\n"gmx.de" = "GMX"\n'
    )
    affiliations = set(api.authors("ij", tmp_path)["affiliation"])
    assert "University of Wisconsin" in affiliations


def test_the_lean_read_of_the_analysis_holds_the_same_messages_in_less(
    corpora: Path, tmp_path: Path
) -> None:
    api.ingest([corpora / "clearwater-pipermail"], list_name="cw", data_dir=tmp_path, workers=1)
    whole = api.messages("cw", tmp_path)
    lean = api.messages("cw", tmp_path, bodies=False)
    # No body; every other column holds the same values (lists as lists).
    assert "body" in whole and list(lean.columns) == [c for c in whole.columns if c != "body"]
    for name in ("references", "defects", "attachments"):
        assert isinstance(lean[name].dtype, pd.ArrowDtype)
        assert lean[name].map(list).tolist() == whole[name].map(list).tolist()
        lean = lean.drop(columns=[name])
    pd.testing.assert_frame_equal(lean, whole[lean.columns])
    assert lean.memory_usage(deep=True).sum() < whole.memory_usage(deep=True).sum() / 2
    # Each column in one piece, though the store holds one file per month: a row selection
    # on a column of many pieces joins them first, every time.
    assert len(MessageStore(tmp_path, "cw").partition_paths()) > 1
    for frame in (lean, whole):
        for name in ("message_id", "authored", "thread_id"):
            assert frame[name].array._pa_array.num_chunks == 1  # type: ignore[attr-defined]
    # The tables built from the messages read the lean form and agree with the whole one.
    pd.testing.assert_frame_equal(api.threads("cw", tmp_path), threads_table(whole))
