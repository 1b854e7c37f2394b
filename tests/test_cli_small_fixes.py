"""Small things the commands say: which senders are robots, a mistyped list name, a FIFO in a
source folder, an empty topic network."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from analyzer import api
from analyzer.cli import cli
from analyzer.errors import StoreError


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
    assert "(16 messages)  [automated]" in placeholder
    people = [line for line in lines if "messages)" in line and "bogus" not in line]
    assert people and not any("[automated]" in line for line in people)
    assert any(line.startswith("[automated]: a robot") for line in lines)


def test_a_mistyped_list_name_gets_the_nearest_stored_one(twisted: Path) -> None:
    for command in (["info"], ["authors"], ["timeline", "authors", "--freq", "M"]):
        said = CliRunner().invoke(cli, [*command, "--list", "tpp", "--data-dir", str(twisted)])
        assert isinstance(said.exception, StoreError)  # main() says it in one line
        assert str(said.exception) == (
            f"list 'tpp' has no store in {twisted} (did you mean 'tp'?); the lists there: tp "
            "(to make it: analyzer ingest SOURCE... --list tpp)"
        )
