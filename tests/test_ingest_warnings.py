"""``api.ingest`` warns of every problem it went past, so that a notebook shows them; the CLI
says each once, in its own words."""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

from analyzer import api
from analyzer.errors import AnalyzerWarning


def _sources(corpora: Path, folder: Path) -> list[Path]:
    """Two real clearwater months, three files that fail (an empty mbox, a text that is no
    mail, bytes that are none) and a month whose gzip is cut short (stored, damaged)."""
    folder.mkdir()
    months = [
        corpora / "clearwater-pipermail" / name for name in ("2015-August.txt", "2016-May.txt")
    ]
    empty = folder / "empty.mbox"
    empty.write_bytes(b"")
    cut = folder / "2016-June.txt.gz"
    cut.write_bytes(
        gzip.compress((corpora / "clearwater-pipermail" / "2016-May.txt").read_bytes())[:300]
    )
    notes = folder / "notes.mbox"
    notes.write_text("shopping list: eggs, milk\n")
    binary = folder / "data.mbox"
    binary.write_bytes(bytes(range(256)) * 4)
    return [months[0], empty, notes, binary, months[1], cut]


def test_api_ingest_warns_of_each_failed_source_and_of_several_lists(
    corpora: Path, tmp_path: Path
) -> None:
    sources = _sources(corpora, tmp_path / "in")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        report = api.ingest(sources, list_name="cw", data_dir=tmp_path / "data", workers=1)
    failed = [o.path for o in report.outcomes if o.status == "failed"]
    assert failed == [str(p) for p in sources[1:4]]
    said = [str(w.message) for w in caught if issubclass(w.category, AnalyzerWarning)]
    assert len(said) == 4
    # one per source, in the order the ingest lists them (Pipermail months by date first)
    by_source = {path: [m for m in said if m.startswith(f"{path}: ")] for path in sources}
    for path in sources[1:4]:
        [message] = by_source[path]
        assert message.endswith(" (not ingested)")
    assert by_source[sources[1]] == [f"{sources[1]}: is empty (not ingested)"]
    assert "is not a mail archive" in by_source[sources[2]][0]
    [cut] = by_source[sources[5]]
    assert "truncated" in cut
    assert all(w.filename == __file__ for w in caught)  # pointed at the caller's line

    imagej = corpora / "imagej-devel-pipermail" / "2014-January.txt"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        api.ingest(imagej, list_name="cw", data_dir=tmp_path / "data", workers=1)
    [merged] = [str(w.message) for w in caught]
    assert merged.startswith("the sources are the archives of 2 lists") and str(imagej) in merged


def test_the_cli_says_each_failure_once(corpora: Path, tmp_path: Path) -> None:
    sources = _sources(corpora, tmp_path / "in")
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from analyzer.cli import main; main()",
            "ingest",
            *map(str, sources),
            "--list",
            "cw",
            "--data-dir",
            str(tmp_path / "data"),
            "--no-analyze",
            "--workers",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1
    assert "AnalyzerWarning" not in done.stderr
    for path in sources[1:4]:
        assert done.stderr.count(str(path)) == 1, done.stderr
    assert "3 source(s) parsed, 0 unchanged and skipped, 3 failed" in done.stdout
    shutil.rmtree(tmp_path / "in")
