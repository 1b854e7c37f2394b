"""Where the real archives are that the tests and benchmarks read: the one place that says so.

``$ANALYZER_CORPORA`` when it is set (the corpora elsewhere than beside the project), else
``../shared/corpora`` beside the project folder, the layout of the development checkout and CI.
The library itself reads no corpus: this serves the code that measures it.
"""

from __future__ import annotations

import os
from pathlib import Path

CORPORA_ENV = "ANALYZER_CORPORA"
_BESIDE_THE_PROJECT = Path(__file__).resolve().parents[2] / "shared" / "corpora"


def corpora_dir() -> Path:
    """The folder of the real corpora (which may not exist: the caller says so)."""
    named = os.environ.get(CORPORA_ENV, "").strip()
    return Path(named).expanduser().absolute() if named else _BESIDE_THE_PROJECT
