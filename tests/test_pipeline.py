"""The analysis pipeline: quotes on every core agree with one process; the cache is invalidated."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

from analyzer import api
from analyzer.ingest import ParseOptions, parse_sources
from analyzer.pipeline import quotes_in_parallel
from analyzer.quotes import apply_quotes
from analyzer.threads import thread_messages


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
    small = quotes_in_parallel(threaded.head(100), workers=2)  # below the threshold: one process
    pd.testing.assert_frame_equal(small, apply_quotes(threaded.head(100)))


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
