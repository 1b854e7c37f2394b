"""Shared fixtures: where the real corpora are (they must be there: tests fail, not skip)."""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest

from analyzer.corpora import CORPORA_ENV, corpora_dir

CORPORA = corpora_dir()  # ../shared/corpora, or $ANALYZER_CORPORA


@pytest.fixture(scope="session")
def corpora() -> Path:
    assert CORPORA.is_dir(), (
        f"the real corpora are missing: expected them at {CORPORA} "
        f"(set {CORPORA_ENV} to the folder that holds them)"
    )
    return CORPORA


@pytest.fixture(scope="session")
def twisted_html_tree(corpora: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The twisted-python / reality Pipermail HTML tree, unpacked once per test session."""
    target = tmp_path_factory.mktemp("twisted-html")
    with tarfile.open(corpora / "twisted-pipermail-html.tar.gz") as archive:
        archive.extractall(target, filter="data")
    return target / "twisted-pipermail-html"
