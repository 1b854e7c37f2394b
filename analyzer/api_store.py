"""The public API's side of the store: reading archives into it (``ingest``, ``fetch``), parsing
without it, what it holds, and its analysis (``analyze``, ``analysis``, ``prepare_analysis``:
run, kept beside the store, read back). ``analyzer.api`` gives these functions too, as the rest
of the API; they are here so that the API stays one module a reader can hold.
"""

from __future__ import annotations

import contextlib
import os
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa

from analyzer import ingest as ingest_stage
from analyzer.config import DEFAULT_DATA_DIR, ListConfig, load_list_config
from analyzer.coverage import PartialRun, coverage_table, partial_runs
from analyzer.dateranges import check_zone
from analyzer.defects import damaged, defect_kinds, is_repair
from analyzer.errors import (
    AnalyzerError,
    AnalyzerWarning,
    StaleParseWarning,
    StoreError,
    with_nearest,
)
from analyzer.fetch import FetchReport, PeriodOutcome, fetch_list_archive
from analyzer.ingest import IngestReport, ParseOptions, SourceOutcome
from analyzer.pipeline import Analysis, run_analysis
from analyzer.schema import EXTRA_MESSAGE_COLUMNS, MESSAGE_COLUMNS
from analyzer.store import (
    MessageStore,
    SourceRecord,
    copied_list_warning,
    count_duplicates_across,
    integers_stay_integers,
    no_such_list_hint,
    store_order,
)
from analyzer.stored_analysis import AnalysisProgress, cached_analysis, refresh_analysis

PathLike = str | os.PathLike[str]
"""Where a path is asked for, a ``str`` does as well as a ``Path``."""


def _options(config: ListConfig) -> ParseOptions:
    return ParseOptions(
        list_name=config.name, list_charset=config.charset, server_time_zone=config.time_zone
    )


@dataclass(frozen=True, slots=True)
class ZoneChange:
    """Sources of the list parsed with another server ``time_zone`` than its configuration now
    gives: the zone reads their zone-less dates (and Pipermail's), so until they are parsed again
    their dates are those of the old zone, and every table counts with them. Told rather than
    done on reading, since parsing again takes as long as the first ingest."""

    list_name: str
    parsed_with: tuple[str | None, ...]
    """The zones those sources were parsed with (None: no zone set, read as UTC)."""
    configured: str | None
    """The zone the configuration now gives (None: none)."""
    sources: int
    """How many sources were parsed with another zone..."""
    of: int
    """...of the sources whose parse options the manifest records."""

    def said(self, fix: str = "") -> str:
        """The one line that tells it: the list, the old and new zone, how to parse again
        (``fix``; by default the CLI command)."""
        fix = fix or f"`analyzer ingest --list {self.list_name}`"
        which = (
            "its sources were"
            if self.sources == self.of
            else (f"{self.sources} of its {self.of} sources were")
        )
        old = " and ".join(_zone_name(zone) for zone in self.parsed_with)
        return (
            f"list {self.list_name!r}: {which} parsed with time_zone {old}, but its "
            f"configuration now says {_zone_name(self.configured)}: its dates are read in the "
            f"old zone until {fix} parses them again"
        )


def _zone_name(zone: str | None) -> str:
    return zone or "none (UTC)"


def zone_change(store: MessageStore, config: ListConfig) -> ZoneChange | None:
    """Whether the store's sources were parsed with another ``time_zone`` than ``config``'s
    (from the manifest alone). Sources of a manifest written before the options were recorded
    say nothing (the next ingest parses them again anyway)."""
    parsed = [
        record.parse_options.get("time_zone")
        for record in store.read_manifest().values()
        if record.parse_options
    ]
    old = [zone for zone in parsed if zone != config.time_zone]
    if not old:
        return None
    return ZoneChange(
        list_name=store.list_name,
        parsed_with=tuple(sorted(set(old), key=lambda zone: zone or "")),
        configured=config.time_zone,
        sources=len(old),
        of=len(parsed),
    )


def parse_zone_change(list_name: str, data_dir: PathLike = DEFAULT_DATA_DIR) -> ZoneChange | None:
    """Whether the list's sources were parsed with another ``time_zone`` than its configuration
    now gives (``ZoneChange``; None when they were not): ``analysis``, ``prepare_analysis`` and
    ``store_info`` warn of it (``StaleParseWarning``)."""
    store = open_store(list_name, data_dir)
    return zone_change(store, load_list_config(list_name, Path(data_dir)))


def _warn_of_zone_change(store: MessageStore, config: ListConfig) -> None:
    change = zone_change(store, config)
    if change is not None:
        name = change.list_name
        fix = (
            f"`analyzer ingest --list {name}` (in Python: "
            f"api.ingest(api.source_paths({name!r}), list_name={name!r}))"
        )
        warnings.warn(change.said(fix), StaleParseWarning, stacklevel=3)


def _source_list(sources: PathLike | Sequence[PathLike]) -> list[str | Path]:
    """One source or several; text stays text (it may be a glob or a URL)."""
    many = [sources] if isinstance(sources, str | os.PathLike) else sources
    return [s if isinstance(s, str) else Path(s) for s in many]


def ingest(
    sources: PathLike | Sequence[PathLike],
    *,
    list_name: str,
    data_dir: PathLike = DEFAULT_DATA_DIR,
    workers: int | None = None,
    on_plan: Callable[[int, int], None] | None = None,
    on_source_done: Callable[[SourceOutcome], None] | None = None,
    scheduler: str | None = None,
    staging_url: str | None = None,
    force: bool = False,
) -> IngestReport:
    """Read archive files, folders or globs (one, or a sequence) into the list's store
    (incremental, idempotent).

    ``force``: parse the sources again even when unchanged, which mends a partition damaged
    inside (the error reading it says so); an unchanged source is otherwise passed over without
    its partition being read.

    ``workers``: processes that parse (default: one per core). ``on_plan(sources, bytes)`` is
    told what will be read, ``on_source_done`` each source's outcome as it ends.

    ``scheduler``: a Dask scheduler address to parse on a cluster instead of local processes.
    ``staging_url``: where the workers write their partitions when they cannot write to
    ``data_dir`` (an object-store URL such as ``s3://bucket/prefix``); they are moved from
    there into the store.

    Each problem is also an ``AnalyzerWarning`` (a notebook shows them), one per problem: a
    source that failed, with why; one whose data is damaged (stored all the same), with what
    (again while it is unchanged); the archives of several lists stored as one; a list folder
    copied by hand from another list's. The report keeps them too: ``report.failed``,
    ``report.lists``, ``report.copied_warning``.
    """
    config = load_list_config(list_name, Path(data_dir))
    report = ingest_stage.ingest(
        _source_list(sources),
        data_dir=Path(data_dir),
        options=_options(config),
        workers=workers,
        on_plan=on_plan,
        on_source_done=on_source_done,
        scheduler=scheduler,
        staging_url=staging_url,
        force=force,
    )
    for problem in ingest_problems(report):
        warnings.warn(problem, AnalyzerWarning, stacklevel=2)
    return report


def ingest_problems(report: IngestReport) -> list[str]:
    """The problems of an ingest, one line each, as ``ingest`` warns of them."""
    problems = []
    for outcome in report.failed:
        if outcome.status == "failed":
            error = outcome.error or "failed"
            named = error if error.startswith(f"{outcome.path}: ") else f"{outcome.path}: {error}"
            problems.append(f"{named} (not ingested)")
            continue
        again = " (unchanged since the last ingest)" if outcome.status == "unchanged" else ""
        assert outcome.record is not None  # (``failed``: a record with defects)
        problems.extend(
            f"{outcome.path}: {defect}{again}" for defect in outcome.record.source_defects
        )
    if report.lists_warning:
        problems.append(report.lists_warning)
    if report.copied_warning:
        problems.append(report.copied_warning)
    return problems


def fetch(
    list_name: str,
    *,
    data_dir: PathLike = DEFAULT_DATA_DIR,
    url: str | None = None,
    on_plan: Callable[[int, int], None] | None = None,
    on_progress: Callable[[PeriodOutcome], None] | None = None,
    delay: float | None = None,
) -> FetchReport:
    """Download (or bring up to date) the list's archive from its URL into
    ``<data_dir>/<list>/download/``; ``url`` defaults to the list configuration's, ``delay``
    (seconds between requests) to its ``[fetch]`` table's."""
    options = {} if delay is None else {"delay": delay}
    return fetch_list_archive(
        list_name,
        data_dir=Path(data_dir),
        url=url,
        on_plan=on_plan,
        on_progress=on_progress,
        **options,
    )


def parse_sources(
    paths: Sequence[PathLike],
    list_name: str,
    *,
    charset: str | None = None,
    time_zone: str | None = None,
) -> pd.DataFrame:
    """Parse sources into a messages table without storing anything (tests, quick looks).

    Copies of one Message-ID are kept once, the first in source order, as in the store. No
    list configuration is read: give the server's ``time_zone`` and the list's ``charset``
    here. The columns the analysis adds (``analyze``) are there, empty.
    """
    options = ParseOptions(list_name=list_name, list_charset=charset, server_time_zone=time_zone)
    return _with_public_columns(ingest_stage.parse_sources(_source_list(paths), options))


def _with_public_columns(frame: pd.DataFrame) -> pd.DataFrame:
    for column in MESSAGE_COLUMNS:
        if column not in frame.columns:
            frame[column] = None
    return integers_stay_integers(frame[[*MESSAGE_COLUMNS, *EXTRA_MESSAGE_COLUMNS]])


def open_store(list_name: str, data_dir: PathLike) -> MessageStore:
    store = MessageStore(Path(data_dir), list_name)
    if not store.exists():
        hint = no_such_list_hint(list_name, Path(data_dir))
        raise StoreError(
            f"list {list_name!r} has no store in {data_dir}{hint} (to make it: analyzer ingest "
            f"SOURCE... --list {list_name})"
        )
    return store


def source_paths(list_name: str, data_dir: PathLike = DEFAULT_DATA_DIR) -> list[str]:
    """The paths of the sources the list's store was made from, in the store's order, read from
    its manifest alone: an ingest with no SOURCE checks them again even when a partition is
    missing or cut short (and parses its source anew), where ``store_info`` cannot read."""
    records = open_store(list_name, data_dir).read_manifest()
    return [records[key].path for key in store_order(records)]


def stored_messages(list_name: str, data_dir: PathLike = DEFAULT_DATA_DIR) -> pd.DataFrame:
    """The parsed messages as stored, one row per Message-ID, before any analysis."""
    return _with_public_columns(open_store(list_name, data_dir).read_messages())


def list_config(list_name: str, data_dir: PathLike = DEFAULT_DATA_DIR) -> ListConfig:
    """The list's configuration (``<data_dir>/<list>.toml``; the defaults when there is none)."""
    return load_list_config(list_name, Path(data_dir))


def analyze(frame: pd.DataFrame, config: ListConfig | None = None) -> pd.DataFrame:
    """Run the analysis stages on a messages table: threads, then quotes, then identity.

    ``config`` (see ``list_config``) brings the list's subject tags, author merges and splits
    and organisations; without it, none are applied.
    """
    return run_analysis(frame, config).messages


def analysis(
    list_name: str,
    data_dir: PathLike = DEFAULT_DATA_DIR,
    *,
    bodies: bool = True,
    columns: Sequence[str] | None = None,
) -> Analysis:
    """Messages and authors of the list, analysed (kept in a cache until the store changes;
    ``prepare_analysis`` runs it first with its progress told). With ``bodies=False`` the
    messages lack ``body`` (the raw text, quotes and all), by far their largest column, and
    their list columns are ``pd.ArrowDtype`` lists: what needs only the authored text reads a
    large archive in much less memory. With ``columns``, the messages have only those columns
    (and ``message_id``), in the table's order: the others are not read at all."""
    if columns is not None:
        known = {*MESSAGE_COLUMNS, *EXTRA_MESSAGE_COLUMNS}
        if unknown := sorted(set(columns) - known):
            named = with_nearest(unknown, sorted(known))
            raise AnalyzerError(f"the messages table has no column {', '.join(named)}")
    store = open_store(list_name, data_dir)
    config = load_list_config(list_name, Path(data_dir))
    _warn_of_zone_change(store, config)
    return cached_analysis(
        store,
        config,
        lambda: stored_messages(list_name, data_dir),
        bodies=bodies,
        columns=columns,
    )


def prepare_analysis(
    list_name: str,
    data_dir: PathLike = DEFAULT_DATA_DIR,
    on_progress: AnalysisProgress | None = None,
) -> None:
    """Analyse the list now if its store, configuration or the code changed since the last
    analysis, without reading the result: the functions that read it then find it ready.

    Where the analysis cannot be kept (a data directory that cannot be written), nothing is
    done here and those functions analyse in memory, as ``analysis`` does.
    """
    store = open_store(list_name, data_dir)
    config = load_list_config(list_name, Path(data_dir))
    _warn_of_zone_change(store, config)
    with contextlib.suppress(OSError):
        refresh_analysis(store, config, on_progress=on_progress)


@dataclass(frozen=True, slots=True)
class StoreInfo:
    """Counts of a list's store, per source and in all."""

    list_name: str
    path: Path
    sources: list[SourceRecord]
    unique_messages: int
    date_min: pd.Timestamp | None
    date_max: pd.Timestamp | None
    undated: tuple[tuple[str, str], ...] = ()
    """(Message-ID, source) of each message without a date: stored, but in no period of the
    timelines or the report, so named rather than silently left out."""
    with_defects: tuple[tuple[str, str, str], ...] = ()
    """(Message-ID, source, what is wrong) of each stored message with damage among its defects
    (a date without a zone, a Message-ID made up, a broken charset): stored, with ``defects``
    saying what; named here so that the count of ``info`` can be looked into. Each message
    once, though several sources hold it (the sources' ``messages_with_defects`` count each
    copy)."""
    repaired: int = 0
    """Stored messages whose defects are all notes of a repair that worked (the list's address
    in From replaced by Reply-To: ``analyzer.defects``), not in ``with_defects``."""
    defect_kinds: tuple[tuple[str, int, bool], ...] = ()
    """(kind, messages, whether it is a repair) of the stored messages' defects, commonest
    first (``analyzer.defects.defect_kind``: the text without addresses and numbers)."""
    stored_as: str | None = None
    """The list name its messages carry, when it is not ``list_name``: a folder copied by hand
    (``cp -r jt jt2``); ``store_info`` warns of it."""
    lists_warning: str = ""
    """When the sources are the archives of several lists (their List-Id or subject tag say
    so), what ``ingest`` warned of, said again: ``store_info`` warns of it too."""
    partial: tuple[PartialRun, ...] = ()
    """Runs of months with messages but no source of their own, all filed in sources named for
    other months (``coverage``): their counts are part of what the list received."""

    def total(self, attribute: str) -> int:
        """The sum over the sources of one count of ``SourceRecord`` (``"stored"``,
        ``"duplicates"``, ``"rejected"``...)."""
        return sum(int(getattr(rec, attribute) or 0) for rec in self.sources)


def store_info(list_name: str, data_dir: PathLike = DEFAULT_DATA_DIR) -> StoreInfo:
    """The store's counts; the sources' ``stored`` add up to ``unique_messages``. A store whose
    folder was copied from another list's is an ``AnalyzerWarning`` (and ``stored_as``), as are
    sources that are the archives of several lists (``lists_warning``)."""
    store = open_store(list_name, data_dir)
    stored_as = store.stored_as()
    if stored_as is not None:
        said = copied_list_warning(list_name, store.root.parent, stored_as)
        warnings.warn(said, AnalyzerWarning, stacklevel=2)
    records = store.read_manifest()
    _, lists_warning = ingest_stage.stored_lists(records.values(), list_name)
    if lists_warning:
        warnings.warn(lists_warning, AnalyzerWarning, stacklevel=2)
    _warn_of_zone_change(store, load_list_config(list_name, Path(data_dir)))
    if any(rec.duplicates_across is None for rec in records.values()):
        # A store ingested before they were counted: counted here (the next ingest keeps them).
        count_duplicates_across(records, store.partition_ids(records))
    table = store.read_table(columns=["message_id", "date"])
    ids = table.column("message_id")
    dates = table.column("date").to_pandas()
    unique = len(pa.compute.unique(ids)) if len(ids) else 0
    defective = any(rec.messages_with_defects or rec.messages_repaired for rec in records.values())
    columns = ["message_id", "date", "source", *(["defects"] if defective else [])]
    first = store.read_first_copies(columns)
    months = coverage_table(
        records, first.select(["date", "source"]).to_pandas(), period_zone(list_name, data_dir)
    )
    undated = first.filter(pa.compute.is_null(first.column("date")))
    with_defects: tuple[tuple[str, str, str], ...] = ()
    kinds: tuple[tuple[str, int, bool], ...] = ()
    repaired = 0
    if defective:  # (the defects column is read only when a source counted some)
        flawed = first.filter(pa.compute.greater(pa.compute.list_value_length(first["defects"]), 0))
        noted = list(
            zip(
                flawed.column("message_id").to_pylist(),
                flawed.column("source").to_pylist(),
                flawed.column("defects").to_pylist(),
                strict=True,
            )
        )
        with_defects = tuple(
            (message_id, source, "; ".join(defects))
            for message_id, source, defects in noted
            if damaged(defects)
        )
        repaired = len(noted) - len(with_defects)
        kinds = tuple(
            (kind, count, is_repair(kind))
            for kind, count in defect_kinds(defects for _, _, defects in noted)
        )
    return StoreInfo(
        list_name=list_name,
        path=store.root,
        sources=[records[k] for k in store_order(records)],
        unique_messages=unique,
        date_min=dates.min() if len(dates) else None,
        date_max=dates.max() if len(dates) else None,
        stored_as=stored_as,
        lists_warning=lists_warning,
        with_defects=with_defects,
        repaired=repaired,
        defect_kinds=kinds,
        partial=tuple(partial_runs(months)),
        undated=tuple(
            zip(
                undated.column("message_id").to_pylist(),
                undated.column("source").to_pylist(),
                strict=True,
            )
        ),
    )


def period_zone(list_name: str, data_dir: PathLike, tz: str | None = None) -> str:
    """The IANA zone whose local time periods and days are of: ``tz``, else the list's
    ``period_time_zone``, else UTC; an unknown name is an error that names it."""
    if tz is None:
        tz = load_list_config(list_name, Path(data_dir)).period_time_zone
    return check_zone(tz)


def coverage(
    list_name: str, data_dir: PathLike = DEFAULT_DATA_DIR, *, tz: str | None = None
) -> pd.DataFrame:
    """Which months the archive covers (``analyzer.coverage``): one row per month with messages
    or a source named for it, ``month``, ``messages``, ``covered`` (``own source``, ``filed
    elsewhere``: partly covered, its messages all filed in other months' sources, or ``not
    named``: from sources named for no month, nothing said) and ``sources``. Months of the zone
    ``tz``, else the list's ``period_time_zone``, else UTC, as the timelines'."""
    store = open_store(list_name, data_dir)
    records = store.read_manifest()
    first = store.read_first_copies(["message_id", "date", "source"])
    return coverage_table(
        records, first.select(["date", "source"]).to_pandas(), period_zone(list_name, data_dir, tz)
    )
