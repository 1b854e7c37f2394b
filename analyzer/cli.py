"""The ``analyzer`` command: parses options, calls the public API, prints results.

The tool's own errors become one line on stderr and exit status 1; nothing here knows formats.
Here are the group, the commands that read a list's analysis and ``demo``; ``ingest`` and
``info`` are in ``analyzer.cli_ingest``, the ``timeline`` commands in ``analyzer.cli_timeline``,
the commands that manage stored lists in ``analyzer.cli_lists`` (all given here too).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
import pandas as pd

from analyzer import api
from analyzer.cli_common import (
    PERIODS,
    StageBar,
    analyse,
    api_warnings_said,
    author_option,
    check_range,
    check_seed,
    counted,
    data_dir_option,
    discover_option,
    discovering,
    emit,
    ignoring_api_zone_warnings,
    include_automated_option,
    list_option,
    output_option,
    range_hint,
    range_options,
    seed_option,
    terms_option,
    tz_option,
)
from analyzer.cli_ingest import info, ingest, print_ingest_report, run_ingest
from analyzer.cli_lists import COMMANDS as LIST_COMMANDS
from analyzer.cli_timeline import timeline
from analyzer.config import config_path
from analyzer.errors import AnalyzerError
from analyzer.export import EXPORT_FORMATS, check_export_path, check_output_folder

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "archives" / "sample"
SAMPLE_LIST = "civics-forum"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="analyzer")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Study debates on mailing lists: ingest archives, then explore threads, authors, topics."""
    ctx.with_resource(ignoring_api_zone_warnings())


cli.add_command(ingest)
cli.add_command(info)
cli.add_command(timeline)
for _command in LIST_COMMANDS:
    cli.add_command(_command)

_SINGULAR = {"messages": "message", "threads": "thread", "edges": "edge", "authors": "author"}


@cli.command()
@click.argument("table", type=click.Choice(api.TABLES))
@list_option
@data_dir_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="File to write: .csv, .jsonl, .json or .parquet.",
)
@click.option(
    "--columns",
    default=None,
    metavar="A,B,...",
    help="Only these columns, comma-separated (messages always keep message_id); of the "
    "messages table only these are read, in much less memory.",
)
@author_option(
    "Only this author's rows: their messages, the replies they gave or received (edges), their row (authors)"
)
@range_options
@tz_option
def export(
    table: str,
    list_name: str,
    data_dir: Path,
    output: Path,
    columns: str | None,
    author_ids: tuple[str, ...],
    since: str | None,
    until: str | None,
    tz: str | None,
) -> None:
    """Write a table (messages, threads, edges, authors) to a file.

    With --since/--until: the messages dated in that range, the replies dated in it (edges),
    the threads with messages in it counted over them, the authors who wrote in it with their
    figures counted over it.
    """
    check_export_path(output)
    check_range(since, until, tz)
    wanted = None if columns is None else [c.strip() for c in columns.split(",") if c.strip()]
    analyse(list_name, data_dir)
    frame = api.table(
        table,
        list_name,
        data_dir,
        columns=wanted,
        author_ids=list(author_ids) or None,
        since=since,
        until=until,
        tz=tz,
    )
    api.export_frame(frame, output)
    click.echo(f"Wrote {len(frame)} {table if len(frame) != 1 else _SINGULAR[table]} to {output}")


@cli.command()
@list_option
@data_dir_option
@click.option(
    "--by",
    type=click.Choice(["largest", "latest"]),
    default="largest",
    show_default=True,
    help="largest: most messages first; latest: most recent activity first.",
)
@click.option(
    "--limit", type=click.IntRange(min=1), default=20, show_default=True, help="Threads to show."
)
@output_option
@range_options
@tz_option
def threads(
    list_name: str,
    data_dir: Path,
    by: str,
    limit: int,
    output: Path | None,
    since: str | None,
    until: str | None,
    tz: str | None,
) -> None:
    """Print the largest or latest threads, with the ID that ``timeline thread`` takes.

    With --since/--until, the threads with messages dated in that range, counted over it (as
    export threads counts them).
    """
    check_range(since, until, tz)
    if output is not None:
        check_export_path(output)
    analyse(list_name, data_dir)
    every = api.threads(list_name, data_dir, since=since, until=until, tz=tz)
    table = api.select_threads(every, by=by, limit=limit)  # type: ignore[arg-type]
    if output is not None:
        api.export_frame(table, output)
        click.echo(f"Wrote {len(table)} threads to {output}")
        return
    if table.empty:
        click.echo(f"No threads. {range_hint(since, until)}".rstrip())
        return
    columns = ["start", "end", "n_messages", "n_authors", "max_depth", "subject", "thread_id"]
    shown = table[columns].copy()
    for day in ("start", "end"):
        shown[day] = shown[day].dt.strftime("%Y-%m-%d")
    long = shown["subject"].str.len() > 60  # cut, and marked so: it was not the subject's end
    shown["subject"] = shown["subject"].where(~long, shown["subject"].str.slice(0, 59) + "…")
    click.echo(shown.to_string(index=False))


_NAMESAKES_SHOWN = 10


@cli.command()
@list_option
@data_dir_option
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=50,
    show_default=True,
    help="Authors to show, the most active first.",
)
@click.option(
    "--sort",
    "sort_by",
    type=click.Choice(["messages", "words"]),
    default="messages",
    show_default=True,
    help="Most active by messages, or by their own words (n_words_authored: quotes, "
    "signatures, pasted output and repeats not counted).",
)
@range_options
@tz_option
def authors(
    list_name: str,
    data_dir: Path,
    limit: int,
    sort_by: str,
    since: str | None,
    until: str | None,
    tz: str | None,
) -> None:
    """List authors with their messages, own words, addresses and why addresses were merged.

    With --since/--until, those who wrote in that range, with their messages in it.
    """
    check_range(since, until, tz)
    analyse(list_name, data_dir)
    table = api.authors(list_name, data_dir, since=since, until=until, tz=tz)
    order = ["n_messages", "n_words_authored"]
    if sort_by == "words":
        order.reverse()
    table = table.sort_values(order, ascending=False, kind="stable").head(limit)
    if table.empty:
        click.echo(f"No authors. {range_hint(since, until)}".rstrip())
    for row in table.to_dict(orient="records"):
        emails = ", ".join(str(e) for e in row["emails"])
        automated = row.get("is_automated")
        robot = "  [automated]" if pd.notna(automated) and bool(automated) else ""
        activity = (
            f"{counted(int(row['n_messages']), 'message')}, "
            f"{counted(int(row['n_words_authored']), 'word')}"
        )
        click.echo(f"{row['author_id']}  {row['name']}  ({activity}){robot}  {emails}")
        reasons = row.get("merge_reasons")
        for reason in [] if reasons is None else list(reasons):
            click.echo(f"    {reason}")
    if "is_automated" in table and table["is_automated"].eq(True).any():
        click.echo(
            "[automated]: a robot, list owner or the list's own address (is_automated): not "
            "counted among the people of the topic timelines and the report"
        )
    shown = set(table["author_id"])
    apart = [(name, ids) for name, ids in api.namesakes(list_name, data_dir) if shown & set(ids)]
    if apart:
        click.echo(
            "\nKept apart though they share a name (one-word names are never merged on their "
            f"own); if they are one person, add [authors] merge = [[...]] to "
            f"{config_path(list_name, data_dir)}:"
        )
        for name, ids in apart[:_NAMESAKES_SHOWN]:
            click.echo(f"    {name}: {', '.join(ids)}")
        if len(apart) > _NAMESAKES_SHOWN:
            click.echo(f"    ... and {len(apart) - _NAMESAKES_SHOWN} more")


@cli.command()
@list_option
@data_dir_option
@click.option(
    "--freq",
    type=PERIODS,
    default=None,
    help="One edge per pair and period (with its period) instead of one per pair: in "
    "GraphML, parallel edges, which Gephi merges unless told not to.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="File to write: .graphml (Gephi), .csv, .jsonl, .json or .parquet.",
)
@author_option("Only the replies this author gave or received")
@click.option(
    "--topic",
    default=None,
    metavar="NAME",
    help="Only the replies about this topic (as `topics --message-topics` assigns them): one "
    "of the list's configuration, one defined with --terms, or a discovered one (nmf-03) with "
    "--discover N.",
)
@terms_option("Define --topic on the spot: 'phrase one|phrase two|regex:...'.")
@discover_option("--topic is one of N topics found in the text (nmf-01...).")
@seed_option
@range_options
@tz_option
def network(
    list_name: str,
    data_dir: Path,
    freq: str | None,
    output: Path,
    author_ids: tuple[str, ...],
    topic: str | None,
    terms: str | None,
    discover: int | None,
    seed: int,
    since: str | None,
    until: str | None,
    tz: str | None,
) -> None:
    """Write who replied to whom, weighted by the number of replies.

    With --topic, the replies about that topic: who argued with whom about it (GraphML nodes:
    the topic's authors, their messages and words on it). With --since/--until, the replies
    dated in that range (whenever the message they answer was), and the GraphML nodes'
    figures counted over it.
    """
    check_seed(discover)
    check_range(since, until, tz)
    if topic is None and (terms is not None or discover is not None):
        raise AnalyzerError(
            "--terms and --discover say what the topic of --topic NAME is: name it "
            "(--topic docker --terms 'docker|kubernetes', --topic nmf-03 --discover 6)"
        )
    if output.suffix.lower() not in (".graphml", *EXPORT_FORMATS):
        raise AnalyzerError(
            f"{output}: unknown network format {output.suffix or '(none)'!r}; use .graphml "
            "(Gephi, Cytoscape) or a table: .csv, .jsonl, .json, .parquet"
        )
    check_output_folder(output)
    analyse(list_name, data_dir)
    with api_warnings_said():  # an empty network: said after the line that says it
        with discovering(list_name, discover):
            path = api.write_reply_network(
                list_name,
                output,
                freq,
                author_ids=list(author_ids) or None,
                topic=topic,
                terms=terms,
                discover=discover,
                seed=seed,
                since=since,
                until=until,
                tz=tz,
                data_dir=data_dir,
            )
        about = "" if topic is None else f" about {topic!r}"
        size = api.reply_network_size(path)
        nodes = "author node" if path.suffix.lower() == ".graphml" else "author"
        click.echo(
            f"Wrote the reply network{about} to {path}: {counted(size.authors, nodes)}, "
            f"{counted(size.edges, 'edge')}, {counted(size.replies, 'reply', 'replies')}"
        )


@cli.command()
@list_option
@data_dir_option
@discover_option("Find N topics in the text (NMF) instead of the configured ones.")
@seed_option
@click.option(
    "--topic",
    default=None,
    metavar="NAME",
    help="Only this topic: a configured one, one defined by --terms, or a discovered one with "
    "--discover N.",
)
@terms_option("Define --topic on the spot: 'phrase one|phrase two|regex:...'.")
@output_option
@click.option(
    "--message-topics",
    "message_topics",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help="Also write which messages are about which topic (message_id, topic, score, via) "
    "to FILE (.csv, .jsonl, .json, .parquet): every sender's, automated ones' too (the "
    "table leaves them out unless --include-automated; export authors says who they are).",
)
@range_options
@tz_option
@include_automated_option
def topics(
    list_name: str,
    data_dir: Path,
    discover: int | None,
    seed: int,
    topic: str | None,
    terms: str | None,
    output: Path | None,
    message_topics: Path | None,
    since: str | None,
    until: str | None,
    tz: str | None,
    include_automated: bool,
) -> None:
    """The list's topics and how many messages each has (as the report counts them: not
    those of automated senders, unless --include-automated).

    With --since/--until, the messages dated in that range: configured topics are matched in
    the whole list and their messages in the range counted; discovered topics are learnt from
    the range's messages alone. With --topic (and --terms), one topic: --message-topics then
    lists its messages.
    """
    check_seed(discover)
    check_range(since, until, tz)
    if terms is not None and topic is None:
        raise AnalyzerError(
            "--terms says what the topic of --topic NAME is: name it "
            "(--topic deferreds --terms 'deferred|callback')"
        )
    for path in (output, message_topics):
        if path is not None:
            check_export_path(path)
    analyse(list_name, data_dir)
    if topic is not None:
        with discovering(list_name, discover):
            table, matched = api.topic_matches(
                list_name,
                topic,
                terms=terms,
                discover=discover,
                seed=seed,
                since=since,
                until=until,
                tz=tz,
                data_dir=data_dir,
            )
    elif discover is not None:
        with discovering(list_name, discover):
            table, matched = api.discovered_topics(
                list_name, discover, seed, since=since, until=until, tz=tz, data_dir=data_dir
            )
    else:
        table = api.topics(list_name, data_dir)
        if table.empty:
            raise api.no_topics_error(list_name, data_dir)
        matched = api.message_topics(list_name, data_dir, since=since, until=until, tz=tz)
    people = api.people_matches(list_name, matched, data_dir, include_automated=include_automated)
    counts = api.topic_sizes(list_name, people, data_dir, include_automated=True)  # (kept above)
    table = table.assign(messages=table["topic"].map(counts).fillna(0).astype(int))
    emit(table, output, "topics", range_hint(since, until))
    if terms is not None and topic is not None and matched.empty:
        dates = api.list_dates(list_name, data_dir, since, until, tz)[1]
        said = api.nothing_matches(list_name, topic, terms, dates, data_dir)
        click.echo(f"analyzer: warning: {said}", err=True)
    if message_topics is not None:  # every sender's, as network --topic reads them
        api.export_frame(matched, message_topics)
        robots = len(matched) - len(people)
        which = (
            f" ({robots:,} of them automated senders', which the table does not count: "
            "export authors gives is_automated)"
            if robots
            else ""
        )
        click.echo(f"Wrote {len(matched):,} message topics to {message_topics}{which}")


@cli.command()
@list_option
@data_dir_option
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the report into (index.html and figures/).",
)
@click.option(
    "--freq",
    type=PERIODS,
    default="M",
    show_default=True,
    help="Period of the timelines.",
)
@click.option(
    "--authors",
    "top_authors",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="How many leading authors to draw.",
)
@click.option(
    "--threads",
    "top_threads",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="How many of the largest threads to draw, with their reply trees.",
)
@click.option(
    "--topics",
    "n_topics",
    type=click.IntRange(min=2),
    default=None,
    metavar="N",
    help="Show N topics found in the text (NMF), also where the list configures topics "
    "(default: the configured topics, else 6 found).",
)
@seed_option
@range_options
@tz_option
def report(
    list_name: str,
    data_dir: Path,
    output: Path,
    freq: str,
    top_authors: int,
    top_threads: int,
    n_topics: int | None,
    seed: int,
    since: str | None,
    until: str | None,
    tz: str | None,
) -> None:
    """Write a self-contained HTML report of the list (works offline) with PNG figures.

    With --since/--until, the report of that range, which its header names.
    """
    check_range(since, until, tz)
    check_output_folder(output / "index.html")
    if n_topics is None and api.topic_rules(list_name, data_dir):
        check_seed(None, "--topics")  # the configured topics are shown: nothing is discovered
    analyse(list_name, data_dir)
    with StageBar(list_name, "report") as bar:  # (a minute and more on a large list)
        page = api.write_report(
            list_name,
            output,
            data_dir=data_dir,
            freq=freq,
            top_authors=top_authors,
            top_threads=top_threads,
            n_topics=n_topics,
            seed=seed,
            since=since,
            until=until,
            tz=tz,
            on_progress=bar,
        )
    click.echo(f"Wrote the report to {page} (figures in {page.parent / 'figures'})")


@cli.command()
@data_dir_option
def demo(data_dir: Path) -> None:
    """Ingest the bundled sample archive, write its tables, timelines, network and report."""
    months = sorted(str(p) for p in SAMPLE_DIR.glob("20*.txt*"))  # not its generator's scripts
    outcome = run_ingest(tuple(months), SAMPLE_LIST, data_dir, None)
    print_ingest_report(outcome)
    analyse(SAMPLE_LIST, data_dir, ingested=True)
    out = data_dir / SAMPLE_LIST / "exports"
    for name in api.TABLES:
        frame = api.table(name, SAMPLE_LIST, data_dir)
        path = api.export_frame(frame, out / f"{name}.csv")
        click.echo(f"Wrote {len(frame)} {name} to {path}")
    timelines = {
        "author_timeline.csv": api.author_timeline(SAMPLE_LIST, "M", data_dir=data_dir),
        "wgec_timeline.csv": api.topic_timeline(SAMPLE_LIST, "wgec", "M", data_dir=data_dir),
    }
    for name, frame in timelines.items():
        click.echo(f"Wrote {len(frame)} rows to {api.export_frame(frame, out / name)}")
    graph = api.write_reply_network(SAMPLE_LIST, out / "replies.graphml", data_dir=data_dir)
    click.echo(f"Wrote the reply network to {graph}")
    with StageBar(SAMPLE_LIST, "report") as bar:
        page = api.write_report(
            SAMPLE_LIST, data_dir / SAMPLE_LIST / "report", data_dir=data_dir, on_progress=bar
        )
    click.echo(f"Wrote the report to {page}")


def main() -> None:
    """Entry point: the tool's own errors become one line and exit status 1."""
    try:
        status = cli.main(standalone_mode=False)
    except AnalyzerError as exc:
        click.echo(f"analyzer: error: {exc.cli_message or exc}", err=True)
        sys.exit(1)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("analyzer: aborted", err=True)
        sys.exit(130)
    except OSError as exc:  # a last resort: the library names the file wherever it can
        where = f"{exc.filename}: " if exc.filename else ""
        click.echo(f"analyzer: error: {where}{exc.strerror or exc}", err=True)
        sys.exit(1)
    if isinstance(status, int) and status:
        sys.exit(status)


if __name__ == "__main__":  # python -m analyzer.cli, as the `analyzer` script
    main()
