"""The notebooks run to the end, from the notebooks folder as Jupyter would run them, and draw
their plots; they are stored without outputs and use only the public API."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
KERNEL = "analyzer-tests"
EXPECTED = ("explore_a_list.ipynb", "wgec_debate.ipynb")


@pytest.fixture
def kernel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A kernel spec of this interpreter, found first on JUPYTER_PATH: the notebooks run with the
    packages under test whatever kernels the machine has. Temporary files go under tmp_path."""
    spec = tmp_path / "jupyter" / "kernels" / KERNEL
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    kernel_json = {"argv": argv, "display_name": KERNEL, "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(kernel_json), "utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    return KERNEL


def test_the_notebooks_are_stored_clean_and_use_the_public_api() -> None:
    assert sorted(path.name for path in NOTEBOOKS.glob("*.ipynb")) == sorted(EXPECTED)
    for name in EXPECTED:
        notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
        nbformat.validate(notebook)
        code = [cell for cell in notebook.cells if cell.cell_type == "code"]
        assert code, name
        for cell in code:
            assert cell.outputs == [] and cell.execution_count is None, name
            imports = re.findall(r"^\s*(?:from|import)\s+(analyzer\S*)(.*)$", cell.source, re.M)
            assert all(module == "analyzer" and rest.strip() == "import api"
                       for module, rest in imports), (name, imports)  # fmt: skip


def _run(name: str, kernel: str, setup: str = "") -> nbformat.NotebookNode:
    """Run the notebook; ``setup``, a cell run after its first code cell (a user's own
    SOURCES and LIST)."""
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    if setup:
        first = next(i for i, cell in enumerate(notebook.cells) if cell.cell_type == "code")
        notebook.cells.insert(first + 1, nbformat.v4.new_code_cell(setup))
    client = NotebookClient(
        notebook,
        timeout=120,
        kernel_name=kernel,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    client.execute()  # raises CellExecutionError, naming the cell, when one fails
    return notebook


def _outputs(notebook: nbformat.NotebookNode) -> tuple[int, str]:
    """(number of PNG plots, all printed text) of an executed notebook."""
    images, texts = 0, []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            images += "image/png" in data
            texts.append(output.get("text", "") + data.get("text/plain", ""))
    return images, "\n".join(texts)


def _listing() -> list[str]:
    return sorted(str(path.relative_to(NOTEBOOKS)) for path in NOTEBOOKS.rglob("*"))


def test_the_exploration_notebook_runs_to_the_end(kernel: str) -> None:
    before = _listing()
    notebook = _run("explore_a_list.ipynb", kernel)
    images, text = _outputs(notebook)
    assert images >= 3
    counts = re.search(r"(\d+) sources, (\d+) messages, 2017-10-01 to 2018-02-12", text)
    assert counts is not None and counts.group(1) == "5" and int(counts.group(2)) > 50
    assert "Working Group on Enhanced Cooperation" in text
    assert _listing() == before  # it wrote nothing beside itself


def test_the_exploration_notebook_runs_on_a_list_of_ones_own(
    kernel: str, corpora: Path, tmp_path: Path
) -> None:
    """As its text invites: SOURCES, LIST and DATA_DIR changed, a list with no configuration (no
    topics, no zone) runs to the end (ux38: its topics cell named the sample's "wgec" topic), and
    the user's data directory and what it held are still there after it (ux43: its last cell
    removed DATA_DIR, every list stored in it)."""
    month = corpora / "clearwater-pipermail" / "2015-November.txt"
    own = tmp_path / "my-lists"
    (own / "other-list").mkdir(parents=True)
    (own / "other-list" / "kept.txt").write_text("a list stored before", "utf-8")
    setup = f"SOURCES = [Path({str(month)!r})]\nLIST = 'clearwater'\nDATA_DIR = Path({str(own)!r})"
    notebook = _run("explore_a_list.ipynb", kernel, setup)
    images, text = _outputs(notebook)
    assert images >= 3
    assert re.search(r"1 sources, \d+ messages, 2015-11-\d\d to 2015-1\d-\d\d", text), text
    assert "No topics configured: the largest topic found in the text instead." in text
    assert (own / "other-list" / "kept.txt").read_text("utf-8") == "a list stored before"
    assert (own / "clearwater" / "store" / "manifest.json").is_file()
    assert not list((tmp_path / "scratch").iterdir())  # its own temporary folder is removed


def test_the_wgec_notebook_runs_on_bestbits_or_the_sample(kernel: str) -> None:
    bestbits = (NOTEBOOKS.parent / "archives" / "bestbits" / "store").is_dir()
    before = _listing()
    notebook = _run("wgec_debate.ipynb", kernel)
    images, text = _outputs(notebook)
    assert images >= 3
    if bestbits:
        assert "Using the bestbits archive." in text
    else:
        assert "No bestbits store: using the sample archive" in text
        assert "WGEC: the chair's draft recommendations" in text  # the sample's key thread
        assert "5 sources stored, 0 not ingested, 0 problems in stored sources" in text
        assert "Months and days are of America/New_York" in text  # the list's time_zone
    # the WGEC months: matched against matched_authored (the sample's November: 9 and 2)
    assert re.search(r"\s+messages\s+matched\s+matched_authored\s+named_share", text)
    assert _listing() == before


def test_the_readme_command_runs_both_notebooks() -> None:
    """The command the README gives runs from the project folder, each notebook in its own
    folder (``../archives/sample`` from there) on this venv's Python, and writes nothing."""
    readme = (NOTEBOOKS.parent / "README.md").read_text("utf-8")
    (command,) = re.findall(r"^\.venv/bin/(jupyter execute .*)$", readme, re.M)
    program, *args = command.split()
    assert args[1:] == [f"notebooks/{name}" for name in EXPECTED]
    jupyter = Path(sys.executable).parent / program  # this venv's, as .venv/bin/ is in CI
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    before = _listing()
    done = subprocess.run(
        [str(jupyter), *args],
        cwd=NOTEBOOKS.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("Executing notebook with kernel") == 2
    assert _listing() == before
