"""Threading at scale and its accuracy where the archive lost the reply headers.

Prints:
1. the time to thread a synthetic archive of a million messages (placeholders, headerless
   replies, loops and copies included), and to build its threads and edges tables;
2. parent accuracy of the HTML-only path on imagej-devel: the Pipermail pages carry no reply
   headers, so parents come from thread.html, then quotes and subjects; truth is the parent the
   In-Reply-To/References headers of the same months' .txt files give;
3. parent accuracy of the subject-and-date fallback (and of subjects plus quoted text) on
   clearwater and twisted-python with their reply headers removed; same truth, which calls
   every message that had no reply headers a root (hence also the share among those with).

Run: .venv/bin/python benchmarks/threads_scale.py [--messages 1000000] [--skip-real]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from analyzer.api import parse_sources
from analyzer.corpora import corpora_dir
from analyzer.threads import edges_table, thread_messages, threads_table

CORPORA = corpora_dir()


def synthetic_archive(n: int, seed: int = 0) -> pd.DataFrame:
    """n messages in threads of about 8, replies to random earlier messages of their thread.

    2% never reach the archive (their replies point at placeholders), 3% of replies lost their
    reply headers, 0.05% answer their own reply (loops), 0.5% are stored twice.
    """
    rng = np.random.default_rng(seed)
    sizes = rng.geometric(1 / 8, size=n)
    sizes = sizes[np.cumsum(sizes) <= n]
    sizes = np.append(sizes, n - sizes.sum()) if sizes.sum() < n else sizes
    thread = np.repeat(np.arange(len(sizes)), sizes)
    start = np.repeat(np.cumsum(sizes) - sizes, sizes)
    position = np.arange(n) - start
    parent = np.where(position > 0, start + (rng.random(n) * position).astype(np.int64), -1)

    ids = [f"{i:x}.{seed}@synthetic.example" for i in range(n)]
    references: list[list[str] | None] = [None] * n
    thread_start = rng.integers(0, 10 * 365 * 86400, size=len(sizes)) * 10**9
    delays = (rng.exponential(6 * 3600, size=n) * 10**9).astype(np.int64)
    dates = np.empty(n, dtype=np.int64)
    for i in range(n):  # parents come first within a thread
        p = parent[i]
        if p < 0:
            dates[i] = thread_start[thread[i]]
        else:
            chain = references[p]
            references[i] = ([*chain[-9:], ids[p]]) if chain else [ids[p]]
            dates[i] = dates[p] + delays[i]
    in_reply_to = [ids[p] if p >= 0 else None for p in parent]
    subjects = [
        f"Re: Topic {t}" if p >= 0 else f"Topic {t}" for t, p in zip(thread, parent, strict=True)
    ]
    frame = pd.DataFrame(
        {
            "message_id": ids,
            "in_reply_to": in_reply_to,
            "references": references,
            "subject": subjects,
            "date": pd.to_datetime(dates, utc=True),
            "from_email": [f"author{a}@synthetic.example" for a in rng.integers(0, 5000, n)],
        }
    )
    headerless = (parent >= 0) & (rng.random(n) < 0.03)
    frame.loc[headerless, "in_reply_to"] = None
    frame.loc[headerless, "references"] = None
    looping = np.flatnonzero((parent >= 0) & (rng.random(n) < 0.0005))
    frame.loc[frame.index[parent[looping]], "in_reply_to"] = (
        frame["message_id"].iloc[looping].values
    )
    frame = frame[rng.random(n) >= 0.02]
    copies = frame.sample(frac=0.005, random_state=seed)
    return pd.concat([frame, copies], ignore_index=True)


def timed(label: str, function, *args):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = function(*args)
    print(f"  {label:<44} {time.perf_counter() - started:7.2f} s")
    return result


def scale(n: int) -> None:
    print(f"Synthetic archive of {n:,} messages")
    archive = timed("generate (not part of threading)", synthetic_archive, n)
    print(f"  rows: {len(archive):,} (2% lost, 0.5% stored twice)")
    threaded = timed("thread_messages", thread_messages, archive)
    threads = timed("threads_table", threads_table, threaded)
    edges = timed("edges_table", edges_table, threaded)
    placeholders = threaded["thread_id"].isin(archive["message_id"]).mean()
    print(
        f"  threads: {len(threads):,}; edges: {len(edges):,}; max depth: "
        f"{threaded['depth'].max()}; threads named after a present root: {placeholders:.1%}"
    )


def agreement(truth: pd.Series, found: pd.Series, among: pd.Series | None = None) -> str:
    found = found.reindex(truth.index)
    same = truth.fillna("-") == found.fillna("-")
    if among is not None:
        same = same[among.reindex(truth.index).fillna(False).astype(bool)]
    return f"{same.mean():.4f} ({int(same.sum())}/{len(same)})"


def parents(messages: pd.DataFrame, **options: object) -> pd.Series:
    threaded = thread_messages(messages, **options)  # type: ignore[arg-type]
    return threaded.drop_duplicates("message_id").set_index("message_id")["parent_id"]


def _has_headers(messages: pd.DataFrame) -> pd.Series:
    """Per Message-ID: whether the message had reply headers, so that the truth is known; one
    without them is a root in the truth, whatever it answers (an auto-reply that keeps the
    subject, a reply from a client that sets none)."""
    unique = messages.drop_duplicates("message_id").set_index("message_id")
    return unique["in_reply_to"].notna() | unique["references"].map(
        lambda refs: refs is not None and len(refs) > 0
    )


def html_accuracy() -> None:
    folder = CORPORA / "imagej-devel-pipermail"
    text = parse_sources(sorted(folder.glob("*.txt")), "imagej-devel")
    html = parse_sources(sorted(p for p in folder.iterdir() if p.is_dir()), "imagej-devel")
    truth = parents(text, use_subjects=False)
    has_headers = _has_headers(text)
    has_parent = truth.notna()
    print(f"\nimagej-devel, HTML pages only ({len(html):,} pages; truth: .txt reply headers)")
    print(
        "  parent accuracy                     all messages        with reply headers"
        "  whose parent is archived"
    )
    for label, options in [
        ("thread.html only", {"use_subjects": False}),
        ("+ subjects across months", {"use_bodies": False}),
        ("+ quoted text (default)", {}),
    ]:
        started = time.perf_counter()
        found = parents(html, **options)
        took = time.perf_counter() - started
        print(
            f"  {label:<30} {agreement(truth, found)}  {agreement(truth, found, has_headers)}"
            f"  {agreement(truth, found, has_parent)}  [{took:.2f} s]"
        )


def fallback_accuracy() -> None:
    sets = {
        "clearwater": sorted((CORPORA / "clearwater-pipermail").glob("*.txt*")),
        "twisted-python": sorted((CORPORA / "twisted-python-pipermail-gz").glob("*.txt.gz")),
    }
    print("\nReply headers removed: parent accuracy (truth: the headers)")
    print(
        "  list            messages  subject+date         subject+date+quotes  "
        "(of those with headers)  [time]"
    )
    for name, paths in sets.items():
        messages = parse_sources(paths, name)
        truth = parents(messages, use_subjects=False)
        has_headers = _has_headers(messages)
        bare = messages.assign(in_reply_to=None, references=None)
        by_subject = parents(bare, use_bodies=False)
        started = time.perf_counter()
        with_quotes = parents(bare)
        took = time.perf_counter() - started
        print(
            f"  {name:<15} {len(truth):>8,}  {agreement(truth, by_subject):<20} "
            f"{agreement(truth, with_quotes):<20} "
            f"{agreement(truth, with_quotes, has_headers):<24} [{took:.1f} s]"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--skip-real", action="store_true", help="only the synthetic timing")
    options = parser.parse_args()
    scale(options.messages)
    if not options.skip_real:
        html_accuracy()
        fallback_accuracy()


if __name__ == "__main__":
    main()
