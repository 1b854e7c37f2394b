"""The ``ingest`` command, which reads archives into a list's store (downloading them first
where a URL is named, with progress bars), and ``info``, which says what the store holds.

Apart from ``analyzer.cli``, which gives both names and whose ``demo`` ingests with
``run_ingest`` and ``print_ingest_report``.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path
from typing import Any

import click
import pandas as pd
from tqdm import tqdm

from analyzer import api
from analyzer.cli_common import (
    analyse,
    counted,
    data_dir_option,
    list_option,
    say_zone_change,
)
from analyzer.config import config_path, load_list_config
from analyzer.errors import AnalyzerError, AnalyzerWarning, StaleParseWarning
from analyzer.fetch import FAILED, PeriodOutcome, is_url
from analyzer.ingest import IngestReport, SourceOutcome


def _new_messages(outcome: SourceOutcome) -> int:
    """Messages a source brought that the store did not hold (none for an unchanged one)."""
    if outcome.status != "ingested" or outcome.record is None:
        return 0
    return outcome.new if outcome.new is not None else outcome.record.stored


def print_ingest_report(report: IngestReport) -> None:
    """A row per source (found, new, duplicates, rejected, with defects), then the totals and
    what was passed over."""
    rows = []
    for outcome in report.outcomes:
        rec = outcome.record
        if outcome.status == "failed":
            rows.append([Path(outcome.path).name, "FAILED", "", "", "", "", ""])
            continue
        assert rec is not None
        rows.append(
            [
                Path(outcome.path).name,
                outcome.status,
                str(rec.separators),
                str(_new_messages(outcome)),
                str(rec.duplicates + (rec.duplicates_across or 0)),
                str(rec.rejected),
                str(rec.messages_with_defects),
            ]
        )
    header = ["source", "status", "found", "new", "duplicates", "rejected", "with defects"]
    table = pd.DataFrame(rows, columns=header)
    click.echo(table.to_string(index=False))
    ingested = [o for o in report.outcomes if o.status == "ingested" and o.record]
    unchanged = sum(1 for o in report.outcomes if o.status == "unchanged")
    found = sum(o.record.separators for o in ingested if o.record)
    stored = sum(_new_messages(o) for o in ingested)
    dups = sum(
        o.record.duplicates + (o.record.duplicates_across or 0) for o in ingested if o.record
    )
    rejected = sum(o.record.rejected for o in ingested if o.record)
    defects = sum(o.record.messages_with_defects for o in ingested if o.record)
    repaired = sum(o.record.messages_repaired for o in ingested if o.record)
    failed = sum(1 for o in report.outcomes if o.status == "failed")
    # (a source parsed again, changed or grown, finds messages the store already held)
    held = found - stored - dups - rejected
    click.echo(
        f"{len(ingested)} source(s) parsed, {unchanged} unchanged and skipped"
        + (f", {failed} failed" if failed else "")
        + f": {found} messages found, {stored} stored"
        + (f", {held} already in the store" if held > 0 else "")
        + f", {dups} duplicates, {rejected} rejected, {defects} with defects"
        + (
            f", {repaired} repaired (the list's address in From replaced by the sender's, "
            "from Reply-To; not defects)"
            if repaired
            else ""
        )
    )
    if ingested == [] and unchanged and not failed:
        click.echo("Nothing changed since the last ingest; nothing was parsed.")
    warned = sum(
        1
        for o in report.outcomes
        if o.status == "unchanged" and o.record and o.record.source_defects
    )
    if warned:  # why the exit status is 1 though nothing failed now
        click.echo(
            f"{warned} unchanged source(s) still hold the problems warned of above, as at their "
            "last ingest."
        )
    if report.skipped:
        names = _first_few([Path(p).name for p in report.skipped])
        click.echo(f"Passed over {len(report.skipped)} file(s) that are not mail archives: {names}")
    if report.copies:
        kinds = ", ".join(
            f"{n} {kind}{'s' * (n > 1 and kind == 'HTML folder')}"
            for kind, n in report.copy_kinds.items()
        )
        click.echo(
            f"Passed over {counted(len(report.copies), 'copy', 'copies')} of months read from "
            f"another file ({kinds}): not read, so not counted as duplicates (of a month's "
            ".txt.gz, .txt and HTML folder, the first there is read; name a copy as a SOURCE "
            "to read it too)"
        )
    if report.special:
        several = len(report.special) > 1
        click.echo(
            f"Passed over {len(report.special)} "
            f"{'entries that are' if several else 'entry that is'} not a regular "
            f"file (named pipe, socket, device): {_first_few(report.special)}"
        )
    if report.dropped:
        it = "them" if len(report.dropped) > 1 else "it"
        click.echo(
            f"Passed over {len(report.dropped)} dropped source{'s' * (len(report.dropped) > 1)}: "
            f"{_first_few(report.dropped)}; give {it} by name to ingest {it} again."
        )


_NAMED = 5
"""Files a notice names (the rest are counted)."""


def _first_few(names: list[str]) -> str:
    more = f" and {len(names) - _NAMED} more" if len(names) > _NAMED else ""
    return ", ".join(names[:_NAMED]) + more


class _Progress:
    """A progress bar on stderr, made once the total is known (hidden when not a terminal)."""

    def __init__(self, unit: str, description: str) -> None:
        self.unit = unit
        self.description = description
        self.bar: tqdm[Any] | None = None

    def plan(self, total: int, _to_do: int = 0) -> None:
        self.bar = tqdm(
            total=total, unit=self.unit, desc=self.description, disable=None, file=sys.stderr
        )

    def step(self, label: str) -> None:
        if self.bar is not None:
            self.bar.update(1)
            self.bar.set_postfix_str(label)

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()


def run_ingest(
    sources: tuple[str, ...],
    list_name: str,
    data_dir: Path,
    workers: int | None,
    scheduler: str | None = None,
    staging_url: str | None = None,
    force: bool = False,
) -> IngestReport:
    """Ingest with a progress bar per source; each failure and source warning is one line on
    stderr as it comes."""
    if scheduler:
        click.echo(f"Connecting to the Dask scheduler at {scheduler}...", err=True)
    with _Progress("source", f"ingest {list_name}") as progress:

        def on_done(outcome: SourceOutcome) -> None:
            progress.step(Path(outcome.path).name)
            if outcome.status == "failed":
                tqdm.write(f"analyzer: error: {outcome.error}", file=sys.stderr)
            elif outcome.record and outcome.record.source_defects:
                # an unchanged source still holds what was warned of when it was parsed
                again = (
                    " (unchanged since the last ingest)" if outcome.status == "unchanged" else ""
                )
                for defect in outcome.record.source_defects:
                    tqdm.write(
                        f"analyzer: warning: {outcome.path}: {defect}{again}", file=sys.stderr
                    )

        with warnings.catch_warnings():  # each problem is said here, as it comes, and below
            warnings.simplefilter("ignore", AnalyzerWarning)
            return api.ingest(
                list(sources),
                list_name=list_name,
                data_dir=data_dir,
                workers=workers,
                on_plan=progress.plan,
                on_source_done=on_done,
                scheduler=scheduler,
                staging_url=staging_url,
                force=force,
            )


def _fetch(
    url: str | None, list_name: str, data_dir: Path, delay: float | None
) -> tuple[list[str], bool]:
    """Bring the list's download folder up to date; return its sources and whether all went."""
    with _Progress("period", f"fetch {list_name}") as progress:

        def on_progress(outcome: PeriodOutcome) -> None:
            progress.step(outcome.period)
            if outcome.status == FAILED:
                tqdm.write(f"analyzer: error: {outcome.period}: {outcome.reason}", file=sys.stderr)

        report = api.fetch(
            list_name,
            data_dir=data_dir,
            url=url,
            on_plan=progress.plan,
            on_progress=on_progress,
            delay=delay,
        )
    click.echo(report.summary())
    return [str(p) for p in report.sources], not report.failed


@click.command()
@click.argument("sources", nargs=-1, required=False)
@list_option
@data_dir_option
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes to parse with (default: one per core).",
)
@click.option(
    "--scheduler",
    default=None,
    help="Dask scheduler address (tcp://host:8786) to parse on a cluster; the workers read the "
    "sources by the same paths, and write to the data directory unless --staging-url is given.",
)
@click.option(
    "--staging-url",
    default=None,
    metavar="URL",
    help="Where the workers write their partitions when they cannot write to the data "
    "directory (s3://bucket/prefix, gs://..., file:///shared/path); they are moved from there "
    "into the store.",
)
@click.option(
    "--delay",
    type=click.FloatRange(min=0),
    default=None,
    help="Seconds between requests when downloading (default: the list's [fetch] delay, or 1).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Parse the sources again even when unchanged (mends a partition damaged inside, which "
    "an unchanged source's ingest does not read).",
)
@click.option(
    "--analyze/--no-analyze",
    default=True,
    show_default=True,
    help="Also bring the list's analysis up to date (threads, quotes, authors), so that the "
    "commands that read it start at once; with --no-analyze the first of them does it.",
)
def ingest(
    sources: tuple[str, ...],
    list_name: str,
    data_dir: Path,
    workers: int | None,
    scheduler: str | None,
    staging_url: str | None,
    delay: float | None,
    force: bool,
    analyze: bool,
) -> None:
    """Read archives into the list's store: files, folders, globs, or a Pipermail/HyperKitty URL.

    With no SOURCE, the list's configuration (archives/<list>.toml) names it: its local
    `source`, else its `url`, which is downloaded (only what changed since the last run); else
    the sources the list's store was made from are checked again.
    """
    urls = [s for s in sources if is_url(s)]
    local = [s for s in sources if not is_url(s)]
    if len(urls) > 1:
        raise AnalyzerError("name one archive URL per list (its periods share one download folder)")
    fetched_ok = True
    if not sources:
        config = load_list_config(list_name, data_dir)
        if config.source is not None:
            local = [str(config.source)]
        elif config.url:
            urls = [config.url]
        else:
            local = _stored_sources(list_name, data_dir)
    if urls:
        fetched, fetched_ok = _fetch(urls[0], list_name, data_dir, delay)
        local.extend(fetched)
    report = run_ingest(tuple(local), list_name, data_dir, workers, scheduler, staging_url, force)
    if report.outcomes and all(o.status == "failed" for o in report.outcomes):
        raise click.exceptions.Exit(1)  # each failure has had its one line; nothing else to say
    print_ingest_report(report)
    for warning in (report.lists_warning, report.copied_warning):
        if warning:
            click.echo(f"analyzer: warning: {warning}", err=True)
    click.echo(f"Store: {data_dir / list_name / 'store'}")
    if analyze:
        analyse(list_name, data_dir, ingested=True)
    if report.failed or not fetched_ok:
        raise click.exceptions.Exit(1)


def _stored_sources(list_name: str, data_dir: Path) -> list[str]:
    """The sources a list's store was made from, to check again when no SOURCE is named and the
    configuration names none (those gone from the disk are said, and left as stored)."""
    if not (data_dir / list_name / "store").is_dir():
        raise AnalyzerError(
            f"no SOURCE given and list {list_name!r} has no source or url in its "
            f"configuration ({config_path(list_name, data_dir)}) and no store yet"
        )
    paths = api.source_paths(list_name, data_dir)
    there = [path for path in paths if Path(path).exists()]
    for path in paths:
        if path not in there:
            click.echo(
                f"analyzer: warning: {path}: no longer there; its messages stay stored", err=True
            )
    if not there:
        raise AnalyzerError(f"no SOURCE given and none of list {list_name!r}'s sources is there")
    return there


_UNDATED_SHOWN = 10
"""Messages without a date (or with defects) that ``info`` names (the rest are counted)."""


@click.command()
@list_option
@data_dir_option
@click.option(
    "--sources",
    "list_sources",
    is_flag=True,
    help="List the stored sources: path (as drop-source takes it), messages, first and last day.",
)
def info(list_name: str, data_dir: Path, list_sources: bool) -> None:
    """What the list's store holds: sources, counts, rejected messages and their reasons."""
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always", AnalyzerWarning)
        summary = api.store_info(list_name, data_dir)
    for warning in said:  # (a folder copied from another list's)
        if issubclass(warning.category, StaleParseWarning):
            continue  # said below, in the CLI's words
        if issubclass(warning.category, AnalyzerWarning):
            click.echo(f"analyzer: warning: {warning.message}", err=True)
        else:
            warnings.showwarning(
                warning.message, warning.category, warning.filename, warning.lineno
            )
    say_zone_change(list_name, data_dir)
    if list_sources:
        click.echo(api.source_table(list_name, data_dir).to_string(index=False))
        return
    click.echo(
        f"List {summary.list_name}: {summary.unique_messages} unique messages in {len(summary.sources)} sources"
    )
    if summary.date_min is not None:
        click.echo(f"Dates: {summary.date_min} .. {summary.date_max}")
    for run in summary.partial:  # (a rise there is not a rise of the debate)
        click.echo(str(run))
    if summary.undated:
        shown = summary.undated[:_UNDATED_SHOWN]
        more = len(summary.undated) - len(shown)
        click.echo(f"Without a date (left out of timelines and the report): {len(summary.undated)}")
        for message_id, source in shown:
            click.echo(f"  <{message_id}> in {source}")
        if more:
            click.echo(f"  and {more} more")
    click.echo(
        f"Found {summary.total('separators')}, stored {summary.total('stored')}, duplicates within "
        f"sources {summary.total('duplicates')}, across sources "
        f"{summary.total('duplicates_across')}, rejected {summary.total('rejected')}"
    )
    if summary.repaired:
        click.echo(
            f"Repaired (stored; their `defects` column notes what was done): {summary.repaired}"
        )
    if summary.defect_kinds:
        click.echo("Kinds of defects (messages with one):")
        for kind, count, repair in summary.defect_kinds:
            click.echo(f"  {count:>6}  {kind}{'  [a repair]' if repair else ''}")
    if summary.with_defects:
        shown_defects = summary.with_defects[:_UNDATED_SHOWN]
        click.echo(
            f"With defects (stored; their `defects` column says what): {len(summary.with_defects)}"
        )
        for message_id, source, defects in shown_defects:
            click.echo(f"  <{message_id}> in {source}: {defects}")
        if len(summary.with_defects) > len(shown_defects):
            click.echo(f"  and {len(summary.with_defects) - len(shown_defects)} more")
    click.echo(f"Store: {summary.path}")
    click.echo(_configuration_line(list_name, data_dir))
    click.echo(f"Sources: {len(summary.sources)} (`analyzer info --sources` lists them)")
    for rec in summary.sources:
        if rec.rejected_reasons or rec.source_defects:
            click.echo(f"{rec.path}:")
            for reason in rec.source_defects + rec.rejected_reasons:
                click.echo(f"  {reason}")


def _configuration_line(list_name: str, data_dir: Path) -> str:
    """What the list's configuration sets, in one line: what its tables are read with."""
    config = load_list_config(list_name, data_dir)
    if config.path is None:
        return (
            f"Configuration: none ({config_path(list_name, data_dir)} would set the server's "
            "time zone, subject tags, topics and decisions on authors)"
        )
    said = []
    if config.url:
        said.append(f"url {config.url}")
    if config.time_zone:
        said.append(f"server time zone {config.time_zone}")
    said.append(f"periods in {config.period_time_zone or 'UTC'}")
    if config.tags:
        said.append("subject tags " + ", ".join(config.tags))
    if config.topics:
        said.append("topics " + ", ".join(sorted(config.topics)))
    decisions = [
        f"{len(config.authors[key])} {one if len(config.authors[key]) == 1 else many}"
        for key, one, many in (
            ("merge", "merge", "merges"),
            ("split", "split", "splits"),
            ("shared", "shared address", "shared addresses"),
        )
        if config.authors.get(key)
    ]
    if decisions:
        said.append("authors: " + ", ".join(decisions))
    return f"Configuration: {config.path} ({'; '.join(said)})"
