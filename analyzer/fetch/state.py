"""What earlier fetches of a list left: per period the file chosen and its message counts, per URL
the server's validators. One small JSON file, rewritten atomically after every period, so an
interrupted run resumes where it stopped."""

from __future__ import annotations

import json
import os
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from analyzer.fetch.http import Validators

STATE_FILE = ".fetch-state.json"
"""In the download folder; the leading dot keeps it out of the sources that ingest discovers."""
STAGING_DIR = ".partial"
"""Unfinished downloads (``.part`` files, HTML folders being filled) wait here."""
_FORMAT = 1


@dataclass(slots=True)
class PeriodRecord:
    """A period fetched completely: the local source and what was known when it was fetched."""

    file: str
    """Name of the file or folder in the download folder."""
    kind: str
    """``txt.gz``, ``txt``, ``html`` or ``mbox.gz``."""
    listed_size: str | None = None
    """The size the archive index printed for the period (Pipermail's ``10 KB``)."""
    html_count: int | None = None
    """Message pages the period's thread.html listed, when it was read."""
    text_count: int | None = None
    """Messages found in the text archive that was kept (or compared)."""

    @classmethod
    def from_json(cls, data: object) -> PeriodRecord | None:
        if not isinstance(data, dict) or not isinstance(data.get("file"), str):
            return None
        if not isinstance(data.get("kind"), str):
            return None

        def number(key: str) -> int | None:
            value = data.get(key)
            return value if isinstance(value, int) else None

        listed = data.get("listed_size")
        return cls(
            file=data["file"],
            kind=data["kind"],
            listed_size=listed if isinstance(listed, str) else None,
            html_count=number("html_count"),
            text_count=number("text_count"),
        )


@dataclass(slots=True)
class FetchState:
    """The state of one download folder; methods are safe to call from several threads."""

    path: Path
    url: str = ""
    newest: str | None = None
    """The newest period when the archive was last read: it may have grown since."""
    periods: dict[str, PeriodRecord] = field(default_factory=dict)
    resources: dict[str, Validators] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    """Messages found in a text archive when it was last downloaded, to judge it on a 304."""
    save_interval: float = 1.0
    """``complete`` writes at most this often (a hard kill loses at most this much progress)."""
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _saved_at: float = field(default=float("-inf"), repr=False)

    @classmethod
    def load(cls, folder: Path, url: str) -> FetchState:
        """Read the folder's state; a missing or unreadable state starts afresh.

        Periods are known by name, so a list that moved (a new host, http to https) keeps its
        local copies; validators are kept per URL and only apply where the URL is the same.
        """
        path = folder / STATE_FILE
        state = cls(path=path, url=url)
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            return state
        if not isinstance(data, dict) or data.get("format") != _FORMAT:
            return state
        newest = data.get("newest")
        state.newest = newest if isinstance(newest, str) else None
        periods = data.get("periods")
        if isinstance(periods, dict):
            for name, raw in periods.items():
                record = PeriodRecord.from_json(raw)
                if record is not None:
                    state.periods[str(name)] = record
        resources = data.get("resources")
        if isinstance(resources, dict):
            state.resources = {str(k): Validators.from_json(v) for k, v in resources.items()}
            state.counts = {
                str(k): v["messages"]
                for k, v in resources.items()
                if isinstance(v, dict) and isinstance(v.get("messages"), int)
            }
        return state

    def _key(self, url: str) -> str:
        """Resources are known relative to the archive's URL, so they survive a move."""
        return url[len(self.url) :] if self.url and url.startswith(self.url) else url

    def validators(self, url: str) -> Validators | None:
        with self._lock:
            return self.resources.get(self._key(url))

    def messages(self, url: str) -> int | None:
        with self._lock:
            return self.counts.get(self._key(url))

    def remember(self, url: str, validators: Validators, messages: int | None = None) -> None:
        with self._lock:
            key = self._key(url)
            self.resources[key] = validators
            if messages is None:
                self.counts.pop(key, None)
            else:
                self.counts[key] = messages

    def complete(self, name: str, record: PeriodRecord) -> None:
        """Record a finished period; write the state unless it was written very recently."""
        with self._lock:
            self.periods[name] = record
            if time.monotonic() - self._saved_at >= self.save_interval:
                self._save()

    def forget(self, name: str) -> None:
        with self._lock:
            if self.periods.pop(name, None) is not None:
                self._save()

    def record(self, name: str) -> PeriodRecord | None:
        with self._lock:
            return self.periods.get(name)

    def save(self) -> None:
        with self._lock:
            self._save()

    def _save(self) -> None:
        data: dict[str, Any] = {
            "format": _FORMAT,
            "url": self.url,
            "newest": self.newest,
            "periods": {k: asdict(v) for k, v in sorted(self.periods.items())},
            "resources": {
                k: {**v.to_json(), "messages": self.counts.get(k)}
                for k, v in sorted(self.resources.items())
            },
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(self.path.name + ".tmp")
        temporary.write_text(json.dumps(data, separators=(",", ":")), "utf-8")
        os.replace(temporary, self.path)  # whole or not at all; a lost state only costs requests
        self._saved_at = time.monotonic()
