"""What the archive kinds share: the outcome of a period, the run's context, safe local names and
atomic replacement of local copies."""

from __future__ import annotations

import filecmp
import html
import os
import re
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

from analyzer.errors import AnalyzerError
from analyzer.fetch.http import FetchError, PoliteClient
from analyzer.fetch.state import STAGING_DIR, FetchState
from analyzer.readers import read_source
from analyzer.readers.compression import read_source_bytes

DOWNLOADED = "downloaded"
NOT_MODIFIED = "not modified"
SKIPPED = "skipped"
FAILED = "failed"

_ANCHOR = re.compile(
    r"""<a\b[^>]*?\bhref\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>"']+))"""
    r"[^>]*>(?P<text>.*?)(?:</a\s*>|(?=<a\b)|$)",
    re.IGNORECASE | re.DOTALL,
)
_TAG = re.compile(r"<[^>]*>")
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")


@dataclass(frozen=True, slots=True)
class PeriodLink:
    """A period an archive index lists: its name (also its local name) and where it starts."""

    name: str
    start: date
    listed_size: str | None = None


@dataclass(frozen=True, slots=True)
class PeriodOutcome:
    """What one run did for one period."""

    period: str
    status: str
    """``downloaded``, ``not modified`` (asked, and the server or the content said so),
    ``skipped`` (not asked: unchanged since the last run) or ``failed``."""
    source: Path | None = None
    """The local file or folder that holds the period, for ingest."""
    kind: str | None = None
    """``txt.gz``, ``txt``, ``html`` or ``mbox.gz``."""
    bytes: int = 0
    reason: str | None = None
    """Why it failed or was skipped, or which fallback was taken."""


@dataclass(frozen=True, slots=True)
class FetchContext:
    client: PoliteClient
    state: FetchState
    target: Path
    max_uncompressed_bytes: int

    @property
    def staging(self) -> Path:
        return self.target / STAGING_DIR


def safe_child(root: Path, name: str) -> Path:
    """``root / name`` for a plain file name taken from a page; anything else raises FetchError.

    Names are whitelisted (letters, digits, ``.``, ``_``, ``-``, no leading dot, no separator),
    and the result is checked to sit directly in ``root`` even after symlinks are resolved.
    """
    if not _SAFE_NAME.fullmatch(name) or ".." in name:
        raise FetchError(name, "not a safe local file name; ignored")
    path = root / name
    if path.resolve().parent != root.resolve():
        raise FetchError(name, "would be written outside the download folder; ignored")
    return path


def remove_path(path: Path) -> None:
    """Remove a file or folder that a newer choice for its period replaces."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def count_messages(path: Path, max_uncompressed_bytes: int) -> int:
    """Messages in a downloaded archive file, by the same reader ingest will use.

    Raises AnalyzerError (SourceError) when it is no archive or inflates past the limit.
    """
    return len(read_source(path, max_uncompressed_bytes=max_uncompressed_bytes).messages)


def same_archive(new: Path, old: Path, max_uncompressed_bytes: int) -> bool:
    """Whether a fresh download holds what the local copy holds (gzip headers aside)."""
    if not old.is_file():
        return False
    if filecmp.cmp(new, old, shallow=False):
        return True
    try:
        fresh = read_source_bytes(new, max_uncompressed_bytes=max_uncompressed_bytes)
        known = read_source_bytes(old, max_uncompressed_bytes=max_uncompressed_bytes)
    except AnalyzerError:
        return False
    return fresh.compression is not None and fresh.data == known.data and not fresh.defects


def install(staged: Path, final: Path, max_uncompressed_bytes: int) -> bool:
    """Move a staged download to its place; False (and the copy dropped) when nothing changed,
    so the local file keeps its timestamp and ingest does not parse it again."""
    if same_archive(staged, final, max_uncompressed_bytes):
        staged.unlink()
        return False
    os.replace(staged, final)
    return True


def failure(name: str, errors: list[FetchError], notes: list[str]) -> PeriodOutcome:
    """One line for a period that could not be fetched: the first URL's problem, then counts."""
    first = str(errors[0]) if errors else "nothing could be fetched"
    others = len(errors) - 1
    if others > 0:
        first += f" (and {others} other request(s) of the period failed)"
    if notes:
        first += "; " + "; ".join(notes)
    return PeriodOutcome(name, FAILED, reason=first)


def relative_link(href: str, page_url: str, folder_url: str) -> str | None:
    """The link as a path inside ``folder_url``, or None when it leads anywhere else."""
    resolved = urljoin(page_url, href.strip())
    parts = urlsplit(resolved)
    plain = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    if parts.query or not plain.startswith(folder_url):
        return None
    return plain[len(folder_url) :]


def page_links(page: bytes) -> list[tuple[str, str]]:
    """Every ``<a href>`` of a page with its text.

    A regular expression rather than a parser: archive index pages are simple, can hold
    thousands of links, and a parser would drop links that follow a stray ``</html>``.
    """
    text = page.decode("utf-8", "replace")
    links = []
    for match in _ANCHOR.finditer(text):
        href = next(g for g in match.group("dq", "sq", "bare") if g is not None)
        label = html.unescape(_TAG.sub(" ", match.group("text")))
        links.append((html.unescape(href), " ".join(label.split())))
    return links
