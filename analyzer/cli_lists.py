"""The commands that manage the lists of a data directory: ``lists``, ``delete``, ``rename``
and ``drop-source`` (the work is ``analyzer.api_lists``'; here options, questions, output)."""

from __future__ import annotations

from pathlib import Path

import click
import pandas as pd

from analyzer import api
from analyzer.cli_common import counted, data_dir_option, list_option
from analyzer.store import copied_list_warning


def _day(stamp: pd.Timestamp | None) -> str:
    return "" if stamp is None else stamp.strftime("%Y-%m-%d")


def _analysis_state(current: bool | None) -> str:
    return {True: "up to date", False: "out of date", None: "unknown (bad configuration)"}[current]


@click.command("lists")
@data_dir_option
def lists(data_dir: Path) -> None:
    """Every list stored in the data directory: messages, sources, dates, last ingest."""
    found = api.stored_lists(data_dir)
    if not found:
        click.echo(
            f"No list is stored in {data_dir} (analyzer ingest SOURCE... --list NAME stores one)."
        )
        return
    table = pd.DataFrame(
        [
            {
                "list": summary.name,
                "messages": summary.messages,
                "sources": summary.sources,
                "first": _day(summary.first),
                "last": _day(summary.last),
                "last ingested": (
                    ""
                    if summary.last_ingested is None
                    else summary.last_ingested.strftime("%Y-%m-%d %H:%M")
                ),
                "analysis": (
                    "unreadable store"
                    if summary.problem is not None
                    else "to parse again (time_zone changed)"
                    if summary.zone_change is not None
                    else _analysis_state(summary.analysis_current)
                ),
            }
            for summary in found
        ]
    )
    click.echo(table.to_string(index=False))
    for summary in found:
        if summary.problem is not None:
            click.echo(f"analyzer: warning: list {summary.name!r}: {summary.problem}", err=True)
        if summary.stored_as is not None:
            said = copied_list_warning(summary.name, summary.path, summary.stored_as)
            click.echo(f"analyzer: warning: {said}", err=True)
        if summary.zone_change is not None:
            click.echo(f"analyzer: warning: {summary.zone_change.said()}", err=True)


@click.command("delete")
@list_option
@data_dir_option
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def delete(list_name: str, data_dir: Path, yes: bool) -> None:
    """Delete a list's folder: its store, analysis, downloads and exports (its configuration
    <data-dir>/<list>.toml is kept)."""
    if not yes:
        summary = next((s for s in api.stored_lists(data_dir) if s.name == list_name), None)
        if summary is not None:  # (else the API's error names the lists there are)
            asked = (
                f"Delete list {list_name!r} ({counted(summary.messages, 'message')} from "
                f"{summary.sources} source(s)) and everything in {summary.path}?"
            )
            try:
                confirmed = click.confirm(asked)
            except click.exceptions.Abort:  # no answer: stdin closed (a script) or Ctrl-C
                click.echo("\nNothing was deleted (no answer; --yes deletes without asking).")
                raise click.exceptions.Exit(1) from None
            if not confirmed:
                click.echo("Nothing was deleted.")
                raise click.exceptions.Exit(1)
    deleted = api.delete_list(list_name, data_dir)
    click.echo(f"Deleted list {list_name!r} ({deleted.path}).")
    if deleted.configuration_kept is not None:
        click.echo(f"Its configuration {deleted.configuration_kept} was kept.")


@click.command("rename")
@list_option
@click.argument("new")
@data_dir_option
def rename(list_name: str, new: str, data_dir: Path) -> None:
    """Rename the list to NEW: its folder and the list of every stored message (the analysis
    is made again by the next command that reads it)."""
    renamed = api.rename_list(list_name, new, data_dir)
    click.echo(
        f"Renamed list {list_name!r} to {new!r} ({counted(renamed.messages, 'message')}, {renamed.path})."
    )
    if renamed.configuration_kept is not None:
        click.echo(
            f"Its configuration {renamed.configuration_kept} was kept under the old name; "
            f"rename it to {renamed.configuration_kept.with_name(new + '.toml')} (and its "
            "name key, if it has one) for the list to keep it."
        )


@click.command("drop-source")
@list_option
@click.argument("source")
@data_dir_option
def drop_source(list_name: str, source: str, data_dir: Path) -> None:
    """Take one source out of the list: its messages go, except those another source holds.

    SOURCE is its path as `analyzer info --sources` lists it, or its file name when no other
    source has it. The list remembers it: an ingest of a folder or glob that holds it passes
    over it; naming it as a SOURCE of `analyzer ingest` stores it again.
    """
    dropped = api.drop_source(list_name, source, data_dir)
    gone = dropped.messages_before - dropped.messages_after
    click.echo(
        f"Dropped {dropped.source.path} from list {list_name!r}: {counted(gone, 'message')} gone, "
        f"{dropped.messages_after} left (the analysis is made again by the next command)."
    )
    click.echo(
        "An ingest of a folder or glob that holds it passes over it; name it as a SOURCE of "
        "`analyzer ingest` to store it again."
    )


COMMANDS = (lists, delete, rename, drop_source)
