"""The ``analyzer timeline`` commands: activity over time per author and per topic, one
person's messages, one thread's."""

from __future__ import annotations

from pathlib import Path

import click

from analyzer import api
from analyzer.cli_common import (
    analyse,
    api_warnings_said,
    author_option,
    check_range,
    check_seed,
    data_dir_option,
    discover_option,
    discovering,
    emit,
    freq_option,
    include_automated_option,
    list_option,
    output_option,
    range_hint,
    range_options,
    seed_option,
    terms_option,
    tz_option,
)
from analyzer.export import check_export_path


@click.group()
def timeline() -> None:
    """Timelines per author, per topic, of one thread or of one person's messages."""


by_author_option = click.option(
    "--by-author",
    is_flag=True,
    help="One row per topic, period and author instead (key, period, author, name, messages, "
    "words, threads, matched...): the leading_authors of each period as a table to pivot.",
)


@timeline.command("authors")
@list_option
@data_dir_option
@freq_option
@output_option
@author_option("Only this author")
@click.option(
    "--fill",
    is_flag=True,
    help="Every period of the list for every author, quiet ones with zeros (as topic "
    "timelines and the report); by default only the periods an author wrote in or was "
    "replied to in (a period of replies received alone has messages 0: count the authors "
    "of a period by messages > 0).",
)
@range_options
@tz_option
def timeline_authors(
    list_name: str,
    data_dir: Path,
    freq: str,
    output: Path | None,
    author_ids: tuple[str, ...],
    fill: bool,
    since: str | None,
    until: str | None,
    tz: str | None,
) -> None:
    """Messages, authored words, threads started, replies given and received per author."""
    check_range(since, until, tz)
    if output is not None:
        check_export_path(output)
    analyse(list_name, data_dir)
    frame = api.author_timeline(
        list_name,
        freq,
        author_ids=list(author_ids) or None,
        fill=fill,
        since=since,
        until=until,
        tz=tz,
        data_dir=data_dir,
    )
    emit(frame, output, "author timeline")


@timeline.command("author")
@click.argument("author_id")
@list_option
@data_dir_option
@output_option
@discover_option(
    "Give each message its topic among N found in the text (NMF), as "
    "`analyzer topics --discover N` names them, instead of the configured topics."
)
@seed_option
@range_options
@tz_option
def timeline_author(
    author_id: str,
    list_name: str,
    data_dir: Path,
    output: Path | None,
    discover: int | None,
    seed: int,
    since: str | None,
    until: str | None,
    tz: str | None,
) -> None:
    """One author's messages in order: date, thread subject, depth, whom it answers, words,
    snippet of their own text, topics.

    AUTHOR_ID is the author's id as `analyzer authors` shows it; the topics are those of the
    list's configuration, or with --discover N the discovered ones (learnt from the range's
    messages with --since/--until).
    """
    check_seed(discover)
    check_range(since, until, tz)
    if output is not None:
        check_export_path(output)
    analyse(list_name, data_dir)
    with discovering(list_name, discover):
        frame = api.author_messages(
            list_name,
            author_id,
            discover=discover,
            seed=seed,
            since=since,
            until=until,
            tz=tz,
            data_dir=data_dir,
        )
    emit(frame, output, f"author {author_id!r} timeline", range_hint(since, until))


@timeline.command("topic")
@click.argument("topic")
@list_option
@data_dir_option
@freq_option
@output_option
@terms_option(
    "Define the topic on the spot: 'phrase one|phrase two|regex:...' (else the list's "
    "configuration defines it)."
)
@discover_option(
    "TOPIC is one of N topics found in the text (nmf-01...), as `analyzer topics --discover N` "
    "and the report name them."
)
@seed_option
@range_options
@tz_option
@by_author_option
@include_automated_option
def timeline_topic(
    topic: str,
    list_name: str,
    data_dir: Path,
    freq: str,
    output: Path | None,
    terms: str | None,
    discover: int | None,
    seed: int,
    since: str | None,
    until: str | None,
    tz: str | None,
    by_author: bool,
    include_automated: bool,
) -> None:
    """Messages, authors, threads and leading participants of a topic per period.

    TOPIC is a topic of the list's configuration, one defined with --terms, or a discovered one
    (nmf-01...) with --discover N [--seed S].
    """
    check_seed(discover)
    check_range(since, until, tz)
    if output is not None:
        check_export_path(output)
    analyse(list_name, data_dir)
    with api_warnings_said():  # terms that match nothing: said after the table
        if by_author:
            with discovering(list_name, discover):
                frame = api.topic_author_timeline(
                    list_name,
                    freq,
                    topic=topic,
                    terms=terms,
                    discover=discover,
                    seed=seed,
                    since=since,
                    until=until,
                    tz=tz,
                    include_automated=include_automated,
                    data_dir=data_dir,
                )
            emit(frame, output, f"topic {topic!r} timeline by author", range_hint(since, until))
            return
        with discovering(list_name, discover):
            frame = api.topic_timeline(
                list_name,
                topic,
                freq,
                terms=terms,
                discover=discover,
                seed=seed,
                since=since,
                until=until,
                tz=tz,
                include_automated=include_automated,
                data_dir=data_dir,
            )
        emit(frame, output, f"topic {topic!r} timeline", range_hint(since, until))


@timeline.command("topics")
@list_option
@data_dir_option
@freq_option
@output_option
@discover_option("Follow N topics found in the text (NMF) instead of the configured ones.")
@seed_option
@range_options
@tz_option
@by_author_option
@include_automated_option
def timeline_topics(
    list_name: str,
    data_dir: Path,
    freq: str,
    output: Path | None,
    discover: int | None,
    seed: int,
    since: str | None,
    until: str | None,
    tz: str | None,
    by_author: bool,
    include_automated: bool,
) -> None:
    """The timeline of every topic in one long table, one row per topic and period (with
    --by-author, per topic, period and author)."""
    check_seed(discover)
    check_range(since, until, tz)
    if output is not None:
        check_export_path(output)
    analyse(list_name, data_dir)
    read = api.topic_author_timeline if by_author else api.topic_timelines
    with discovering(list_name, discover):
        frame = read(
            list_name,
            freq,
            discover=discover,
            seed=seed,
            since=since,
            until=until,
            tz=tz,
            include_automated=include_automated,
            data_dir=data_dir,
        )
    what = "topic timelines by author" if by_author else "topic timelines"
    emit(frame, output, what, range_hint(since, until))


@timeline.command("thread")
@click.argument("thread_id")
@list_option
@data_dir_option
@output_option
@range_options
@tz_option
def timeline_thread(
    thread_id: str,
    list_name: str,
    data_dir: Path,
    output: Path | None,
    since: str | None,
    until: str | None,
    tz: str | None,
) -> None:
    """Every message of a thread in order: time, author, parent, depth, reply delay, snippet.

    THREAD_ID is the thread's ID (as `analyzer threads` prints it) or the Message-ID of any of
    its messages. With --since/--until, its messages in that range, each row as in the whole
    thread's timeline (position, hours since the thread began).
    """
    check_range(since, until, tz)
    if output is not None:
        check_export_path(output)
    analyse(list_name, data_dir)
    frame = api.thread_timeline(
        list_name, thread_id, since=since, until=until, tz=tz, data_dir=data_dir
    )
    emit(frame, output, "thread timeline", range_hint(since, until))
