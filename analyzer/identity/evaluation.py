"""How well the merges agree with a hand-made key of who is who.

A key is a CSV with ``address,name,person``: one row per (address, name) pair as the archive spells
them. Scores are pairwise: over all pairs of distinct keys, precision is the share of pairs put in
one author that are one person, recall the share of one-person pairs put in one author.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analyzer.errors import AnalyzerError

KEY_COLUMNS: tuple[str, ...] = ("address", "name", "person")


@dataclass(frozen=True)
class PairwiseScores:
    """Pair counts and the scores derived from them."""

    true_pairs: int
    predicted_pairs: int
    correct_pairs: int
    n_keys: int
    n_persons: int
    n_authors: int

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0


def load_identity_key(path: Path) -> pd.DataFrame:
    """Read a key; addresses lower case, names as written, empty cells as ``""``."""
    key = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = set(KEY_COLUMNS) - set(key.columns)
    if missing:
        raise AnalyzerError(f"{path}: identity key lacks columns {sorted(missing)}")
    key["address"] = key["address"].str.strip().str.lower()
    if key.duplicated(["address", "name"]).any():
        raise AnalyzerError(f"{path}: identity key lists an (address, name) pair twice")
    return key[list(KEY_COLUMNS)]


def _pairs_within(labels: pd.Series) -> int:
    return sum(n * (n - 1) // 2 for n in Counter(labels).values())


def pairwise_scores(messages: pd.DataFrame, key: pd.DataFrame) -> PairwiseScores:
    """Compare the ``author_id`` of resolved messages with the persons of ``key``.

    Every (from_email, from_name) pair of ``messages`` must be in the key: a key that does not cover
    the data would score what it happens to contain.
    """
    senders = (
        pd.DataFrame(
            {
                "address": messages["from_email"].fillna("").astype(str).str.strip().str.lower(),
                "name": messages["from_name"].fillna("").astype(str).str.strip(),
                "author_id": messages["author_id"],
            }
        )
        .drop_duplicates(["address", "name"])
        .merge(key, on=["address", "name"], how="left")
    )
    unknown = senders[senders["person"].isna()]
    if len(unknown):
        sample = unknown[["address", "name"]].head(5).to_dict("records")
        raise AnalyzerError(f"{len(unknown)} senders are not in the identity key, e.g. {sample}")
    true_pairs = _pairs_within(senders["person"])
    predicted_pairs = _pairs_within(senders["author_id"])
    correct_pairs = _pairs_within(senders["person"] + "\x00" + senders["author_id"])
    return PairwiseScores(
        true_pairs=true_pairs,
        predicted_pairs=predicted_pairs,
        correct_pairs=correct_pairs,
        n_keys=len(senders),
        n_persons=senders["person"].nunique(),
        n_authors=senders["author_id"].nunique(),
    )
