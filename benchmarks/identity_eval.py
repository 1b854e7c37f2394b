"""Author identity: pairwise precision and recall against the hand-made keys, and speed at scale.

Run: .venv/bin/python benchmarks/identity_eval.py [--quotes] [--scale N]

For each keyed corpus it parses the archive, resolves the authors and prints the pairwise scores
(pairs of distinct (address, name) senders that are one person). ``--quotes`` runs threading and
the quotes stage first, as the pipeline does (slower; signatures then come from the quotes stage).
The scale run builds N messages from the twisted-python senders, replicated as new people (every
word of names and local parts respelled) to about 50,000 addresses, and times ``resolve_authors`` on them.
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from analyzer.api import parse_sources
from analyzer.corpora import corpora_dir
from analyzer.identity import resolve_authors
from analyzer.identity.evaluation import load_identity_key, pairwise_scores

ROOT = Path(__file__).resolve().parents[1]
CORPORA = corpora_dir()
KEYS = ROOT / "tests" / "data" / "identity"


def _twisted_recent() -> pd.DataFrame:
    folder = CORPORA / "twisted-python-pipermail-gz"
    files = [
        p for p in sorted(folder.glob("*.txt.gz")) if p.name[:4].isdigit() and p.name >= "2016"
    ]
    frame = parse_sources(files, "twisted-python")
    return frame[pd.to_datetime(frame["date"], utc=True).dt.year >= 2016]


# (label, how to read the messages, key file, how the key relates to the rules)
KEYED: list[tuple[str, Callable[[], pd.DataFrame], str, str]] = [
    (
        "imagej-devel",
        lambda: parse_sources(sorted((CORPORA / "imagej-devel-pipermail").glob("*.txt")), "imagej"),
        "imagej-devel.csv",
        "developed on",
    ),
    (
        "openbmc 2019",
        lambda: parse_sources([CORPORA / "openbmc-mbox-2019"], "openbmc"),
        "openbmc-2019.csv",
        "seen while developing",
    ),
    (
        "clearwater",
        lambda: parse_sources([CORPORA / "clearwater-pipermail"], "clearwater"),
        "clearwater.csv",
        "keyed before first run",
    ),
    ("twisted 2016-", _twisted_recent, "twisted-python-2016.csv", "keyed after, scored once"),
]


def _prepare(frame: pd.DataFrame, with_quotes: bool) -> pd.DataFrame:
    if not with_quotes:
        return frame
    from analyzer.quotes import apply_quotes
    from analyzer.threads import thread_messages

    return apply_quotes(thread_messages(frame))


def evaluate(with_quotes: bool) -> None:
    print(
        f"{'corpus':14} {'keys':>5} {'persons':>7} {'authors':>7} {'pairs':>5} "
        f"{'precision':>9} {'recall':>7} {'seconds':>7}  key"
    )
    for label, read, key_file, relation in KEYED:
        frame = _prepare(read(), with_quotes)
        start = time.perf_counter()
        result = resolve_authors(frame)
        seconds = time.perf_counter() - start
        scores = pairwise_scores(result.messages, load_identity_key(KEYS / key_file))
        print(
            f"{label:14} {scores.n_keys:5d} {scores.n_persons:7d} {scores.n_authors:7d} "
            f"{scores.true_pairs:5d} {scores.precision:9.4f} {scores.recall:7.4f} "
            f"{seconds:7.2f}  {relation}"
        )


def _suffix(n: int) -> str:
    """A pronounceable suffix per copy, so that each copy of the senders is new people."""
    letters, vowels = "bcdfghjklmnprstvz", "aeiou"
    out = ""
    while n:
        out += letters[n % len(letters)] + vowels[(n // len(letters)) % len(vowels)]
        n //= len(letters) * len(vowels)
    return out


def _respell(text: str, suffix: str) -> str:
    """Append the suffix to every word: the same structure of names and local parts, new people."""
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0) + suffix, text)


def scale(n_messages: int) -> None:
    twisted = parse_sources([CORPORA / "twisted-python-pipermail-gz"], "twisted-python")
    senders = twisted.groupby(["from_email", "from_name"]).size().reset_index(name="count")
    copies = max(1, round(50_000 / twisted["from_email"].nunique()))
    rng = np.random.default_rng(1)
    addresses, names = [], []
    for copy in range(copies):
        suffix = _suffix(copy)
        for address, name in zip(senders["from_email"], senders["from_name"], strict=True):
            local, at, domain = address.partition("@")
            addresses.append(_respell(local, suffix) + at + domain)
            names.append(_respell(name, suffix))
    weights = np.tile(senders["count"].to_numpy(dtype=float), copies)
    picks = rng.choice(len(addresses), size=n_messages, p=weights / weights.sum())
    bodies = twisted["body"].to_numpy()
    frame = pd.DataFrame(
        {
            "message_id": [f"m{i}" for i in range(n_messages)],
            "from_email": np.asarray(addresses, dtype=object)[picks],
            "from_name": np.asarray(names, dtype=object)[picks],
            "date": pd.to_datetime(
                rng.integers(10**9, 1.6 * 10**9, n_messages), unit="s", utc=True
            ),
            "body": bodies[rng.integers(0, len(bodies), n_messages)],
            "parent_id": None,
            "thread_id": [f"m{i}" for i in range(n_messages)],
            "n_words_authored": rng.integers(0, 400, n_messages),
        }
    )
    start = time.perf_counter()
    result = resolve_authors(frame)
    seconds = time.perf_counter() - start
    print(
        f"scale: {n_messages:,} messages, {frame['from_email'].nunique():,} addresses, "
        f"{len(result.authors):,} authors in {seconds:.1f} s "
        f"({n_messages / seconds:,.0f} messages/s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quotes", action="store_true", help="run threads and quotes first")
    parser.add_argument("--scale", type=int, default=1_000_000, help="messages in the scale run")
    args = parser.parse_args()
    evaluate(args.quotes)
    if args.scale:
        scale(args.scale)


if __name__ == "__main__":
    main()
