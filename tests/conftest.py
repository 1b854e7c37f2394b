"""Shared fixtures: where the real corpora are (they must be there: tests fail, not skip)."""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"


@pytest.fixture(scope="session")
def corpora() -> Path:
    assert CORPORA.is_dir(), f"the real corpora are missing: expected them at {CORPORA}"
    return CORPORA


@pytest.fixture(scope="session")
def twisted_html_tree(corpora: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The twisted-python / reality Pipermail HTML tree, unpacked once per test session."""
    target = tmp_path_factory.mktemp("twisted-html")
    with tarfile.open(corpora / "twisted-pipermail-html.tar.gz") as archive:
        archive.extractall(target, filter="data")
    return target / "twisted-pipermail-html"
