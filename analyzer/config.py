"""List configurations: ``archives/<list>.toml`` (URL, server time zone, charset, tags, topics,
author merges). Every key is optional; a list without a file works with the defaults."""

from __future__ import annotations

import codecs
import csv
import tomllib
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analyzer.errors import ConfigError, unknown_keys
from analyzer.identity.overrides import overrides_from_config

DEFAULT_DATA_DIR = Path("archives")
"""Stores and downloads go to ``<data_dir>/<list>/``; list configurations sit beside them."""


@dataclass(frozen=True, slots=True)
class ListConfig:
    """What the tool knows about one list beyond its messages."""

    name: str
    url: str | None = None
    time_zone: str | None = None
    """IANA zone of the archive server (Pipermail pages and ``From_`` lines use its local time;
    Date headers without a zone are read in it)."""
    period_time_zone: str | None = None
    """IANA zone whose local time the timelines', network's and report's periods and every
    command's ``--since``/``--until`` days are of, unless ``--tz`` says otherwise (None: UTC);
    there is no ``tz`` key, which could mean this or ``time_zone``. Apart from
    ``time_zone``: where the server stood says how to read its times, not which day a
    researcher counts a post on."""
    charset: str | None = None
    """Charset to try after UTF-8 for bodies that declare none."""
    tags: tuple[str, ...] = ()
    """Subject tags the list adds, such as ``[bestbits]`` (key ``tags`` or ``strip_tags``)."""
    source: Path | None = None
    """Local archive folder or file to ingest when no source is named (relative to the file)."""
    topics: dict[str, Any] = field(default_factory=dict)
    authors: dict[str, Any] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None


BUNDLED_CONFIG_DIR = Path(__file__).resolve().parent.parent / "archives"
"""The project's own ``archives/`` folder (the sample list and bestbits are configured there)."""


def _with_organisations_file(config: Path, authors: dict[str, Any]) -> dict[str, Any]:
    """Merge ``[authors] organisations_file`` (CSV: domain,organisation; relative to the
    configuration) into ``[authors.organisations]``, whose own entries win."""
    name = authors["organisations_file"]
    if not isinstance(name, str):
        raise ConfigError(f"{config}: authors.organisations_file must be a path")
    mapping_path = config.parent / name
    try:
        with open(mapping_path, newline="", encoding="utf-8") as fh:
            rows = [row for row in csv.reader(fh) if row and not row[0].startswith("#")]
    except OSError as exc:
        raise ConfigError(f"{mapping_path}: cannot be read ({exc.strerror})") from None
    if rows and [c.strip().lower() for c in rows[0][:2]] == ["domain", "organisation"]:
        rows = rows[1:]
    mapping: dict[str, str] = {}
    for number, row in enumerate(rows, start=1):
        if len(row) < 2 or not row[0].strip() or not row[1].strip():
            raise ConfigError(f"{mapping_path}: row {number} is not 'domain,organisation'")
        mapping[row[0].strip().lower()] = row[1].strip()
    merged = {k: v for k, v in authors.items() if k != "organisations_file"}
    merged["organisations"] = {**mapping, **authors.get("organisations", {})}
    return merged


def config_path(list_name: str, data_dir: Path = DEFAULT_DATA_DIR) -> Path:
    """Where the list's configuration is: the data directory first, then ``./archives`` and the
    project's ``archives/``; the data directory's path when there is none yet."""
    for folder in (data_dir, DEFAULT_DATA_DIR, BUNDLED_CONFIG_DIR):
        candidate = folder / f"{list_name}.toml"
        if candidate.is_file():
            return candidate
    return data_dir / f"{list_name}.toml"


KNOWN_KEYS = frozenset(
    {
        "list",
        "name",
        "description",
        "source",
        "url",
        "time_zone",
        "timezone",
        "period_time_zone",
        "charset",
        "tags",
        "strip_tags",
        "topics",
        "authors",
        "fetch",
    }
)
"""The keys a list configuration may have at its top (or in its ``[list]`` table)."""

FETCH_KEYS = frozenset({"delay", "retries", "timeout", "connections"})
"""The keys of its ``[fetch]`` table."""

AUTHORS_KEYS = frozenset({"merge", "split", "shared", "organisations", "organisations_file"})
"""The keys of its ``[authors]`` table."""

_AMBIGUOUS = {
    "tz": "period_time_zone (the zone whose days and periods --since/--until and the "
    "timelines count in, as --tz) or time_zone (the archive server's clock, to read its dates)",
}
"""Keys that could mean two of the known ones: said, rather than guessed (``tz``, written by
analogy with ``--tz``, was once read as ``time_zone``, which parsed every source again)."""


def _check_keys(where: str, table: dict[str, Any]) -> None:
    """A misspelt key (``[topic.x]`` for ``[topics.x]``) would silently do nothing (``where``:
    the file, and ``[list]`` for that table)."""
    for key in table:
        if key in _AMBIGUOUS:
            raise ConfigError(f"{where}: unknown key {key!r}: did you mean {_AMBIGUOUS[key]}?")
    if unknown := set(table) - KNOWN_KEYS:
        raise unknown_keys(where, unknown, KNOWN_KEYS)


def _check_table(path: Path, content: dict[str, Any], name: str, known: frozenset[str]) -> None:
    """``[name]`` is a table of only the ``known`` keys."""
    table = content.get(name, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [{name}] must be a table")
    if unknown := set(table) - known:
        raise unknown_keys(f"{path}: [{name}]", unknown, known)


def load_list_config(list_name: str, data_dir: Path = DEFAULT_DATA_DIR) -> ListConfig:
    """Read ``<data_dir>/<list>.toml``; a missing file gives the defaults."""
    path = config_path(list_name, data_dir)
    if not path.is_file():
        return ListConfig(name=list_name)
    try:
        content = tomllib.loads(path.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror})") from None
    section = content.get("list", content)
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: [list] must be a table")
    _check_keys(str(path), content)
    if section is not content:
        _check_keys(f"{path}: [list]", section)
    _check_table(path, content, "fetch", FETCH_KEYS)
    _check_table(path, content, "authors", AUTHORS_KEYS)
    named = section.get("name", content.get("name"))
    if named is not None and named != list_name:
        raise ConfigError(
            f"{path}: name = {named!r}, but it is read as the configuration of list "
            f"{list_name!r} (a list's configuration is <data-dir>/<list>.toml)"
        )

    def text(key: str, *aliases: str) -> str | None:
        for name in (key, *aliases):
            value = section.get(name, content.get(name))
            if value is not None:
                if not isinstance(value, str):
                    raise ConfigError(f"{path}: {name} must be a string, not {value!r}")
                return value
        return None

    tags = section.get("tags", content.get("tags", content.get("strip_tags", ())))
    if isinstance(tags, str):
        tags = [tags]
    if not isinstance(tags, list | tuple) or not all(isinstance(t, str) for t in tags):
        raise ConfigError(f"{path}: tags must be a list of strings")
    topics = content.get("topics", {})
    authors = content.get("authors", {})
    if not isinstance(topics, dict) or not isinstance(authors, dict):
        raise ConfigError(f"{path}: [topics] and [authors] must be tables")
    if "organisations_file" in authors:
        authors = _with_organisations_file(path, authors)
        content = {**content, "authors": authors}
    try:  # read now, so that a mistake there is told with the file's name, before any work
        overrides_from_config(content)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    if all(section.get(k, content.get(k)) is not None for k in ("time_zone", "timezone")):
        raise ConfigError(f"{path}: time_zone and timezone are one key: give one of them")
    time_zone = text("time_zone", "timezone")
    period_time_zone = text("period_time_zone")
    for key, zone in (("time_zone", time_zone), ("period_time_zone", period_time_zone)):
        if zone is None:
            continue
        try:
            zoneinfo.ZoneInfo(zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ConfigError(
                f"{path}: {key} {zone!r} is not an IANA time zone "
                "(such as 'America/New_York' or 'Europe/Geneva')"
            ) from None
    charset = text("charset")
    if charset is not None:
        try:
            codecs.lookup(charset)
        except LookupError:
            raise ConfigError(f"{path}: charset {charset!r} is not one Python knows") from None
    return ListConfig(
        name=list_name,
        url=text("url"),
        time_zone=time_zone,
        period_time_zone=period_time_zone,
        charset=charset,
        tags=tuple(tags),
        source=(path.parent / src) if (src := text("source")) else None,
        topics=topics,
        authors=authors,
        raw=content,
        path=path,
    )
