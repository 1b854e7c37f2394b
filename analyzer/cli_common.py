"""What the commands share: the options they take alike, the analysis they bring up to date
before reading the list, and how they print or write a table."""

from __future__ import annotations

import contextlib
import math
import sys
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click
import pandas as pd
from click.core import ParameterSource
from tqdm import tqdm

from analyzer import api
from analyzer.config import DEFAULT_DATA_DIR
from analyzer.dateranges import date_range
from analyzer.errors import AnalyzerWarning, StaleParseWarning

list_option = click.option(
    "--list", "list_name", required=True, help="Name of the list (its store and configuration)."
)
DATA_DIR_VARIABLE = "ANALYZER_DATA_DIR"
"""The environment variable that sets ``--data-dir`` of every command (``--data-dir`` wins):
one's data directory set once in a shell, not typed in every command."""

data_dir_option = click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_DATA_DIR,
    show_default=True,
    envvar=DATA_DIR_VARIABLE,
    show_envvar=True,
    help=f"Folder of list configurations and stores (<data-dir>/<list>/); the environment "
    f"variable {DATA_DIR_VARIABLE} sets it for every command.",
)
output_option = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write (.csv, .jsonl, .json, .parquet); without it, print the table.",
)

PERIODS = click.Choice(["D", "W", "M", "Q", "Y"])
"""Timeline periods: day, week, month, quarter, year."""

freq_option = click.option(
    "--freq",
    type=PERIODS,
    default="M",
    show_default=True,
    help="Period: day, week, month, quarter or year.",
)


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """``1 message``, ``2 messages``, ``3 replies``: a count with its noun as one says it."""
    return f"{number:,} {noun}" if number == 1 else f"{number:,} {plural or noun + 's'}"


def range_hint(since: str | None, until: str | None) -> str:
    """Why a table of a range may be empty, in the range's words (empty without a range)."""
    if since is None and until is None:
        return ""
    return f"(none dated {range_words(since, until)})"


def range_words(since: str | None, until: str | None) -> str:
    """``from 2016-01-01 to the end``: a range as said in a sentence."""
    return f"from {since or 'the start'} to {until or 'the end'}"


include_automated_option = click.option(
    "--include-automated",
    is_flag=True,
    help="Count the messages of automated senders (list owners, bots: the authors table's "
    "is_automated) too; by default a topic is what people wrote on it, as in the report.",
)


def author_option(text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--author AUTHOR_ID`` (repeatable), to the ``author_ids`` argument; ``text`` says
    what it keeps."""
    return click.option(
        "--author",
        "author_ids",
        multiple=True,
        metavar="AUTHOR_ID",
        help=f"{text} (repeatable; ids as `analyzer authors` shows them, or any address or "
        "From name of one author).",
    )


def discover_option(text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--discover N``: topics found in the text (NMF), named ``nmf-01``…; with ``--seed``,
    the same in every command that takes them and in the report."""
    return click.option(
        "--discover", type=click.IntRange(min=2), default=None, metavar="N", help=text
    )


def terms_option(text: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--terms 'phrase one|phrase two|regex:...'``: a topic defined on the spot."""
    return click.option("--terms", default=None, help=text)


seed_option = click.option(
    "--seed",
    type=int,
    default=0,
    show_default=True,
    help="Random seed of topic discovery: the same number of topics and seed find the same "
    "topics in every command and in the report.",
)


def check_seed(discover: int | None, option: str = "--discover") -> None:
    """A ``--seed`` given where nothing is discovered would be ignored without a word."""
    source = click.get_current_context().get_parameter_source("seed")
    if discover is None and source is ParameterSource.COMMANDLINE:
        raise click.UsageError(f"--seed only applies to discovered topics: give {option} N too")


_WHOLE = ("key", "key_thread", "thread_id", "message_id", "parent_id", "author", "parent_author")
"""Columns printed whole: an ID cut short cannot be pasted into the next command."""


def emit(frame: pd.DataFrame, output: Path | None, what: str, empty_hint: str = "") -> None:
    """Print the table (long texts cut, IDs whole) or write it to ``output``; an empty one is
    said in words (with ``empty_hint``: why it may be empty), not as pandas' "Empty
    DataFrame"."""
    if frame.empty and output is None:
        click.echo(f"No rows of {what}." + (f" {empty_hint}" if empty_hint else ""))
        return
    if output is None:
        shown = frame.copy()
        for column in shown.columns:
            if shown[column].dtype in (object, "str"):
                text = shown[column].map(_shown)
                cut = (text.str.len() > 40) & (column not in _WHOLE)
                shown[column] = text.where(~cut, text.str.slice(0, 39) + "…")
        with pd.option_context("display.width", 200, "display.max_columns", 14):
            click.echo(shown.to_string(index=False))
        return
    api.export_frame(frame, output)
    click.echo(f"Wrote {len(frame)} rows of {what} to {output}")


def _shown(value: object) -> str:
    """A cell of a printed table: nothing for a missing value (not 'nan' beside 'None')."""
    if isinstance(value, str):
        return value
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


class StageBar:
    """One progress bar for the analysis (or the report: ``doing``), its stages one after the
    other (made on the first report: an analysis read from the cache shows none; hidden when
    not a terminal)."""

    def __init__(self, list_name: str, doing: str = "analyse", hidden_note: str = "") -> None:
        self.list_name = list_name
        self.doing = doing
        self.hidden_note = hidden_note  # said once on stderr when the bar is hidden
        self.stage = ""
        self.bar: tqdm[Any] | None = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        description = f"{self.doing} {self.list_name}: {stage}"
        if self.bar is None and self.hidden_note and not sys.stderr.isatty():
            click.echo(f"analyzer: {self.hidden_note}", err=True)
        if self.bar is None:
            self.bar = tqdm(
                total=total or None,
                desc=description,
                unit="step",
                disable=None,
                file=sys.stderr,
                leave=False,
            )
        elif stage != self.stage:
            self.bar.set_description(description, refresh=False)
            self.bar.total = total or None  # before reset, which keeps the old one for None
            self.bar.reset(total=total or None)
        self.stage = stage
        if total and self.bar.total != total:
            self.bar.total = total
        self.bar.n = done
        self.bar.refresh()

    def __enter__(self) -> StageBar:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.close()


def analyse(list_name: str, data_dir: Path, *, ingested: bool = False) -> None:
    """Bring the list's analysis up to date before a command reads it, with a progress bar
    (minutes on a large archive; nothing to do when the cache is current). Where no bar is
    shown (not a terminal), one line says why a reading command takes long; not after an
    ingest (``ingested``), whose analysis is expected."""
    note = (
        ""
        if ingested
        else f"analysing {list_name}: its stored analysis is missing or out of date "
        "(minutes on a large list)"
    )
    say_zone_change(list_name, data_dir)
    with StageBar(list_name, hidden_note=note) as bar:
        api.prepare_analysis(list_name, data_dir, on_progress=bar)


def say_zone_change(list_name: str, data_dir: Path) -> None:
    """One line on stderr when the list's sources were parsed with another ``time_zone`` than
    its configuration now gives (the tables then count with the old zone's dates), naming
    the ingest that parses them again. (The API's own warning of it, which names the Python
    call too, is not shown by the CLI: ``ignoring_api_zone_warnings``.)"""
    change = api.parse_zone_change(list_name, data_dir)
    if change is not None:
        click.echo(f"analyzer: warning: {change.said()}", err=True)


@contextlib.contextmanager
def ignoring_api_zone_warnings() -> Iterator[None]:
    """While a command runs: the API's ``StaleParseWarning`` unshown, since the CLI says it in
    its own words (``say_zone_change``)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StaleParseWarning)
        yield


@contextlib.contextmanager
def api_warnings_said() -> Iterator[None]:
    """The API's ``AnalyzerWarning``s of the block said on stderr after it, each one line
    (``analyzer: warning: ...``) after what the command printed; other libraries' shown as they
    would have been; the API's ``StaleParseWarning`` not (``say_zone_change`` says it)."""
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always", AnalyzerWarning)
        yield
    for warning in said:
        if issubclass(warning.category, StaleParseWarning):
            continue
        if issubclass(warning.category, AnalyzerWarning):
            click.echo(f"analyzer: warning: {warning.message}", err=True)
        else:
            warnings.showwarning(
                warning.message, warning.category, warning.filename, warning.lineno
            )


@contextlib.contextmanager
def discovering(list_name: str, discover: int | None) -> Iterator[None]:
    """A progress bar while ``discover`` topics are found, stage by stage (the command said
    nothing for the 12-21 s twisted-python's take); nothing when none are."""
    if discover is None:
        yield
        return
    with StageBar(list_name, f"discover {discover} topics in") as bar, api.discovery_progress(bar):
        yield


def range_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--since DATE`` and ``--until DATE``: the stretch of the list a command reads; every
    command that takes them takes ``tz_option`` too (the days are of that zone), and passes
    both to the API, which reads them alike everywhere (``api_topics.list_dates``)."""
    until = click.option(
        "--until",
        default=None,
        metavar="DATE",
        help="Only what is dated up to this day, itself included (YYYY-MM-DD; a day of the "
        "--tz zone, by default the list's period_time_zone, else UTC).",
    )
    since = click.option(
        "--since",
        default=None,
        metavar="DATE",
        help="Only what is dated from this day on (YYYY-MM-DD; a day of the --tz zone); "
        "messages without a date are left out of any range.",
    )
    return since(until(command))


tz_option = click.option(
    "--tz",
    default=None,
    metavar="ZONE",
    help="IANA time zone (America/New_York...) whose local time the periods and the "
    "--since/--until days are of, in every command alike; default: the list's "
    "period_time_zone, else UTC. Dates in the tables stay UTC.",
)


def check_range(since: str | None, until: str | None, tz: str | None = None) -> None:
    """A day that cannot be read, an empty range or an unknown time zone: one error line,
    before the analysis is brought up to date (minutes on a large archive), naming the
    option."""
    date_range(since, until, names=("--since", "--until"), tz=tz)
