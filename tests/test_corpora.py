"""Where the tests and benchmarks find the real corpora: ../shared/corpora, or $ANALYZER_CORPORA."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from analyzer.corpora import CORPORA_ENV, corpora_dir

PROJECT = Path(__file__).resolve().parents[1]


def test_the_corpora_are_beside_the_project_unless_the_variable_says_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(CORPORA_ENV, raising=False)
    assert corpora_dir() == PROJECT.parent / "shared" / "corpora"
    monkeypatch.setenv(CORPORA_ENV, str(tmp_path / "corpora"))
    assert corpora_dir() == tmp_path / "corpora"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(CORPORA_ENV, "elsewhere/corpora")  # relative: to where it is run from
    assert corpora_dir() == tmp_path / "elsewhere" / "corpora"
    monkeypatch.setenv(CORPORA_ENV, "")
    assert corpora_dir() == PROJECT.parent / "shared" / "corpora"


def _pytest(corpora: str, *tests: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests],
        cwd=PROJECT,
        env={**os.environ, CORPORA_ENV: corpora},
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_tests_read_the_corpora_where_the_variable_points(
    corpora: Path, tmp_path: Path
) -> None:
    """The suite runs on corpora moved elsewhere, and says where it looked when they are not
    there (through the fixture as through the modules that read them at import)."""
    moved = tmp_path / "moved" / "corpora"
    moved.parent.mkdir()
    moved.symlink_to(corpora, target_is_directory=True)
    tests = ["tests/test_readers.py::test_naive_mailbox_splits_where_we_do_not"]
    tests.append("tests/test_reader_html.py::test_index_is_position_in_page_number_order")
    found = _pytest(str(moved), *tests)
    assert found.returncode == 0, found.stdout
    missing = _pytest(str(tmp_path / "nowhere"), *tests)
    assert missing.returncode != 0
    assert f"the real corpora are missing: expected them at {tmp_path / 'nowhere'}" in (
        missing.stdout
    )
    assert f"set {CORPORA_ENV}" in missing.stdout
