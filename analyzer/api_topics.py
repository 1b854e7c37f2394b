"""The topic half of the public API (``analyzer.api`` gives every function here too): which
messages are about which topic, configured or discovered, and the topic timelines.

It also holds what the API's functions share to read a list's messages for its tables
(``analysed_messages``), to choose the zone of its periods (``period_zone``) and to read a
``since``/``until`` range in that zone (``list_dates``: every function that takes a range reads
it there, so that one range keeps the same messages everywhere).
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from pathlib import Path

import pandas as pd

from analyzer import topic_timelines as by_topic
from analyzer.api_store import PathLike, analysis, period_zone
from analyzer.config import DEFAULT_DATA_DIR, ListConfig, config_path, load_list_config
from analyzer.dateranges import DateLike, DateRange, date_range
from analyzer.errors import AnalyzerError, AnalyzerWarning, ConfigError, in_words_of
from analyzer.identity import author_names, automated_authors
from analyzer.schema import TABLE_SOURCE_COLUMNS
from analyzer.timelines import period_code
from analyzer.topics import (
    DiscoveryProgress,
    TopicRule,
    no_match_hint,
    resolve_topic,
    topic_rules_from_config,
    topic_tables,
    topics_table,
)


def analysed_messages(
    list_name: str, data_dir: PathLike, extra: Sequence[str] = ()
) -> pd.DataFrame:
    """The messages as the tables built from them read them: only the columns they are made of
    (``TABLE_SOURCE_COLUMNS``, and the ``extra`` an output shows; never the bodies)."""
    columns = (*TABLE_SOURCE_COLUMNS, *extra)
    return analysis(list_name, data_dir, bodies=False, columns=columns).messages


def authors_table(list_name: str, data_dir: PathLike) -> pd.DataFrame:
    """The list's authors table alone (the messages are not read): ``api.authors`` without
    a range."""
    return analysis(list_name, data_dir, bodies=False, columns=("message_id",)).authors


def topic_rules(list_name: str, data_dir: PathLike = DEFAULT_DATA_DIR) -> list[TopicRule]:
    """The rule topics of the list's configuration."""
    config = load_list_config(list_name, Path(data_dir))
    with _naming_the_file(config):
        return topic_rules_from_config(config.topics)


@contextlib.contextmanager
def _naming_the_file(config: ListConfig) -> Iterator[None]:
    """A topic that cannot be read is named with the file it is in."""
    try:
        yield
    except ConfigError as exc:
        if config.path is None or str(exc).startswith(str(config.path)):
            raise
        raise ConfigError(f"{config.path}: {exc}") from None


_DISCOVERY_PROGRESS: ContextVar[DiscoveryProgress | None] = ContextVar(
    "discovery_progress", default=None
)


@contextlib.contextmanager
def discovery_progress(on_progress: DiscoveryProgress) -> Iterator[None]:
    """Within it, every function that discovers topics tells ``on_progress`` how it goes
    (``DiscoveryProgress``: tens of seconds on a large list); a context rather than one more
    argument of the ten functions that can discover (the timelines, the network, ...)."""
    token = _DISCOVERY_PROGRESS.set(on_progress)
    try:
        yield
    finally:
        _DISCOVERY_PROGRESS.reset(token)


def topic_frames(
    list_name: str,
    data_dir: PathLike,
    discover: int | None,
    seed: int,
    dates: DateRange | None = None,
    extra: Sequence[str] = (),
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(messages, topics, message_topics): the configured topics, or ``discover`` topics found
    with ``seed`` (``topic_tables``, as the report finds them); with ``dates``, message_topics
    holds the messages in that range (``topic_tables`` says how); the messages with the
    ``extra`` columns too."""
    rules = [] if discover is not None else topic_rules(list_name, data_dir=data_dir)
    frame = analysed_messages(list_name, data_dir, extra)
    robots = automated_authors(authors_table(list_name, data_dir)) if discover else set()
    found, matched = topic_tables(
        frame,
        rules,
        discover=discover,
        seed=seed,
        dates=dates,
        on_progress=_DISCOVERY_PROGRESS.get(),
        automated=robots,  # what robots say is not read to discover topics
    )
    return frame, found, matched


def one_topic(
    list_name: str,
    topic: str,
    terms: str | Sequence[str] | None,
    discover: int | None,
    seed: int,
    data_dir: PathLike,
    dates: DateRange | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(messages, message_topics) of one topic: configured, given by ``terms`` or discovered."""
    frame, _, matched = _one_topic_tables(list_name, topic, terms, discover, seed, data_dir, dates)
    return frame, matched


def _one_topic_tables(
    list_name: str,
    topic: str,
    terms: str | Sequence[str] | None,
    discover: int | None,
    seed: int,
    data_dir: PathLike,
    dates: DateRange | None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(messages, its row of the topics table, message_topics) of one topic (``one_topic``);
    with ``discover``, message_topics holds every discovered topic's."""
    if discover is not None:
        if terms is not None:
            raise AnalyzerError(
                f"topic {topic!r}: give its terms or the number of topics to discover, not both"
            )
        frame, found, matched = topic_frames(list_name, data_dir, discover, seed, dates)
        if found.empty:
            raise AnalyzerError(
                f"no topic {topic!r}: no message is dated {dates} to find topics in"
            )
        if topic not in set(found["topic"]):
            raise AnalyzerError(
                f"no topic {topic!r} among the {discover} discovered with seed {seed} "
                f"(topics: {', '.join(found['topic'])})"
            )
        return frame, found[found["topic"] == topic].reset_index(drop=True), matched
    config = load_list_config(list_name, Path(data_dir))
    # terms given on the spot are no file's: only a topic of the configuration names it
    with _naming_the_file(config) if terms is None else contextlib.nullcontext():
        rule = resolve_topic(config.topics, topic, terms)
    frame = analysed_messages(list_name, data_dir)
    return frame, topics_table([rule]), topic_tables(frame, [rule], dates=dates)[1]


def list_dates(
    list_name: str,
    data_dir: PathLike,
    since: DateLike | None,
    until: DateLike | None,
    tz: str | None,
) -> tuple[str, DateRange | None]:
    """(the zone, the range): what every function of the API that takes ``since``/``until``
    reads them with, so that one range keeps the same messages in every table, timeline,
    topic, network and report. The days are those of ``period_zone`` (``tz``, else the list's
    ``period_time_zone``, else UTC); the range is None when neither end is given."""
    zone = period_zone(list_name, data_dir, tz)
    return zone, date_range(since, until, tz=zone)


def _robots(list_name: str, data_dir: PathLike, include_automated: bool) -> set[str]:
    """The automated senders whose messages a topic's figures leave out (none when asked to
    include them), as the report's topics do."""
    if include_automated:
        return set()
    return automated_authors(
        authors_table(list_name, data_dir)
    )  # (the table alone: no second read)


def topic_timeline(
    list_name: str,
    topic: str,
    freq: str = "M",
    *,
    terms: str | Sequence[str] | None = None,
    discover: int | None = None,
    seed: int = 0,
    since: DateLike | None = None,
    until: DateLike | None = None,
    include_automated: bool = False,
    tz: str | None = None,
    data_dir: PathLike = DEFAULT_DATA_DIR,
) -> pd.DataFrame:
    """Per period, a topic's messages, authors, threads and leading participants. The topic is
    one of the list's configuration, or defined on the spot by ``terms``
    (``"phrase one|phrase two|regex:..."``), or one of the ``discover`` topics found with
    ``seed`` (``nmf-01``…, as ``discovered_topics`` and the report name them). With
    ``since``/``until``, over the topic's messages dated in that range. Automated senders
    (the authors table's ``is_automated``) and their messages are left out, unless
    ``include_automated``."""
    period_code(freq)  # before the store is looked for
    zone, dates = list_dates(list_name, data_dir, since, until, tz)
    frame, matched = one_topic(list_name, topic, terms, discover, seed, data_dir, dates)
    _warn_if_nothing_matches(list_name, topic, terms, matched, dates, data_dir)
    robots = _robots(list_name, data_dir, include_automated)
    return by_topic.topic_timeline(
        frame, matched, topic, freq, dates=dates, automated=robots, tz=zone
    )


def _warn_if_nothing_matches(
    list_name: str,
    topic: str,
    terms: str | Sequence[str] | None,
    matched: pd.DataFrame,
    dates: DateRange | None,
    data_dir: PathLike,
) -> None:
    """An ``AnalyzerWarning`` (``nothing_matches``) when the terms given on the spot match no
    message: a timeline of zeros is no finding about the list (stack: the API's caller)."""
    if terms is not None and not (matched["topic"] == topic).any():
        said = nothing_matches(list_name, topic, terms, dates, data_dir)
        warnings.warn(said, AnalyzerWarning, stacklevel=3)


def nothing_matches(
    list_name: str,
    topic: str,
    terms: str | Sequence[str],
    dates: DateRange | None,
    data_dir: PathLike = DEFAULT_DATA_DIR,
) -> str:
    """What ``analyzer topics`` and the topic timelines say of terms given on the spot that
    match no message (of the range ``dates``): how terms are written, or, when they match
    messages outside the range, that the range is why (seconds to look the terms up in the
    whole list, only when nothing matched in the range)."""
    if dates is not None:
        _, anywhere = topic_matches(list_name, topic, terms=terms, data_dir=data_dir)
        if not anywhere.empty:
            return (
                f"topic {topic!r}: its terms match {len(anywhere):,} messages, none dated {dates}"
            )
    return f"topic {topic!r}: no message matches it: {no_match_hint(terms)}"


def topic_timelines(
    list_name: str,
    freq: str = "M",
    *,
    discover: int | None = None,
    seed: int = 0,
    since: DateLike | None = None,
    until: DateLike | None = None,
    include_automated: bool = False,
    tz: str | None = None,
    data_dir: PathLike = DEFAULT_DATA_DIR,
) -> pd.DataFrame:
    """``topic_timeline`` of every topic in one long table (``key`` is the topic), in the order
    of the topics table: the configured topics, or the ``discover`` topics found with ``seed``
    (found once for all of them); with ``since``/``until``, over that range; automated
    senders as in ``topic_timeline``."""
    period_code(freq)  # before the store is looked for
    zone, dates = list_dates(list_name, data_dir, since, until, tz)
    frame, found, matched = _every_topic(list_name, data_dir, discover, seed, dates)
    topics_ = list(found["topic"])
    robots = _robots(list_name, data_dir, include_automated)
    return by_topic.topic_timelines(
        frame, matched, topics_, freq, dates=dates, automated=robots, tz=zone
    )


def _every_topic(
    list_name: str,
    data_dir: PathLike,
    discover: int | None,
    seed: int,
    dates: DateRange | None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(messages, the topics table, message_topics) of the tables of every topic; a list with
    none configured and none to discover is an error that says how to have some (a range
    without messages has no topics to discover: empty tables)."""
    frame, found, matched = topic_frames(list_name, data_dir, discover, seed, dates)
    if found.empty and discover is None:
        raise no_topics_error(list_name, data_dir)
    return frame, found, matched


def topic_labels(found: pd.DataFrame) -> dict[str, str]:
    """Each topic's label by id, from a topics table (its id where it has none): what a
    reader of a table that names topics by id (``nmf-03``) is shown beside it."""
    return {
        str(topic): str(label) if isinstance(label, str) and label else str(topic)
        for topic, label in zip(found["topic"], found["label"], strict=True)
    }


def no_topics_error(list_name: str, data_dir: PathLike) -> AnalyzerError:
    """What every command that needs topics says of a list with none configured."""
    said = (
        f"list {list_name!r} has no topics configured (add [topics.NAME] with its terms to "
        f"{config_path(list_name, Path(data_dir))}), or discover N of them"
    )
    return in_words_of(AnalyzerError(f"{said} (discover=N)"), f"{said} (--discover N)")


def topic_author_timeline(
    list_name: str,
    freq: str = "M",
    *,
    topic: str | None = None,
    terms: str | Sequence[str] | None = None,
    discover: int | None = None,
    seed: int = 0,
    since: DateLike | None = None,
    until: DateLike | None = None,
    include_automated: bool = False,
    tz: str | None = None,
    data_dir: PathLike = DEFAULT_DATA_DIR,
) -> pd.DataFrame:
    """Per topic (``key``), period and author (TOPIC_AUTHOR_COLUMNS): their messages, words,
    threads and matched messages on it; the topic timelines' ``leading_authors`` as a long
    table to pivot. Every topic (configured, or ``discover`` found with ``seed``), or the one
    ``topic`` (as ``topic_timeline`` takes it); with ``since``/``until``, over that range.
    Automated senders have no rows, unless ``include_automated``."""
    period_code(freq)  # before the store is looked for
    zone, dates = list_dates(list_name, data_dir, since, until, tz)
    if topic is None:
        if terms is not None:
            raise AnalyzerError("terms define a topic: name the topic too")
        frame, found, matched = _every_topic(list_name, data_dir, discover, seed, dates)
    else:
        frame, found, matched = _one_topic_tables(
            list_name, topic, terms, discover, seed, data_dir, dates
        )
        _warn_if_nothing_matches(list_name, topic, terms, matched, dates, data_dir)
        found = found[found["topic"] == topic]
    people = authors_table(list_name, data_dir)  # (the table alone: no second read)
    robots = set() if include_automated else automated_authors(people)
    return by_topic.topic_author_timeline(
        frame,
        matched,
        list(found["topic"]),
        freq,
        names=author_names(people),
        labels=topic_labels(found),
        automated=robots,
        tz=zone,
    )


def topic_threads(
    list_name: str,
    topic: str,
    *,
    terms: str | Sequence[str] | None = None,
    discover: int | None = None,
    seed: int = 0,
    limit: int | None = 20,
    since: DateLike | None = None,
    until: DateLike | None = None,
    include_automated: bool = False,
    tz: str | None = None,
    data_dir: PathLike = DEFAULT_DATA_DIR,
) -> pd.DataFrame:
    """The key threads of a topic (configured, given by ``terms`` or discovered, as in
    ``topic_timeline``), most of its messages first; with ``since``/``until``, over that
    range; the messages of automated senders are left out, unless ``include_automated``."""
    _, dates = list_dates(list_name, data_dir, since, until, tz)
    frame, matched = one_topic(list_name, topic, terms, discover, seed, data_dir, dates)
    robots = _robots(list_name, data_dir, include_automated)
    return by_topic.topic_threads(frame, matched, topic, limit, dates=dates, automated=robots)


def message_topics(
    list_name: str,
    data_dir: PathLike = DEFAULT_DATA_DIR,
    *,
    discover: int | None = None,
    seed: int = 0,
    since: DateLike | None = None,
    until: DateLike | None = None,
    tz: str | None = None,
) -> pd.DataFrame:
    """Which messages are about which configured topic, or which of the ``discover`` topics
    found with ``seed`` (MESSAGE_TOPIC_COLUMNS, then ``via``); with ``since``/``until``, the
    messages dated in that range (discovered topics learnt from them), days of ``tz`` (else
    the list's ``period_time_zone``, else UTC)."""
    _, dates = list_dates(list_name, data_dir, since, until, tz)
    return topic_frames(list_name, data_dir, discover, seed, dates)[2]


def discovered_topics(
    list_name: str,
    n_topics: int = 10,
    seed: int = 0,
    *,
    since: DateLike | None = None,
    until: DateLike | None = None,
    tz: str | None = None,
    data_dir: PathLike = DEFAULT_DATA_DIR,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Topics found in the threads' authored text (NMF over TF-IDF): (topics, message_topics),
    the same for the same ``n_topics``, ``seed`` and range as in the report and the
    timelines. With ``since``/``until`` (days of ``tz``, else of the list's
    ``period_time_zone``, else UTC), learnt from the messages dated in that range (the threads
    as they were then), which are the only ones given a topic."""
    _, dates = list_dates(list_name, data_dir, since, until, tz)
    _, found, matched = topic_frames(list_name, data_dir, n_topics, seed, dates)
    return found, matched


def topic_matches(
    list_name: str,
    topic: str,
    *,
    terms: str | Sequence[str] | None = None,
    discover: int | None = None,
    seed: int = 0,
    since: DateLike | None = None,
    until: DateLike | None = None,
    tz: str | None = None,
    data_dir: PathLike = DEFAULT_DATA_DIR,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(topics, message_topics) of one topic, as ``topic_timeline`` takes it (configured,
    defined on the spot by ``terms``, or one of the ``discover`` topics found with ``seed``):
    its row of the topics table and the messages about it, those dated in the range with
    ``since``/``until``."""
    _, dates = list_dates(list_name, data_dir, since, until, tz)
    _, found, matched = _one_topic_tables(list_name, topic, terms, discover, seed, data_dir, dates)
    return found, matched[matched["topic"] == topic].reset_index(drop=True)


def people_matches(
    list_name: str,
    matched: pd.DataFrame,
    data_dir: PathLike = DEFAULT_DATA_DIR,
    *,
    include_automated: bool = False,
) -> pd.DataFrame:
    """The rows of ``matched`` (a message_topics table) that people sent: those of automated
    senders left out unless ``include_automated``, as the topic timelines and the report count
    them (a list owner's monthly reminder is no one's contribution to a topic)."""
    robots = _robots(list_name, data_dir, include_automated)
    if robots and len(matched):
        senders = analysis(
            list_name, data_dir, bodies=False, columns=("message_id", "author_id")
        ).messages
        robot_ids = senders.loc[senders["author_id"].isin(robots), "message_id"]
        matched = matched[~matched["message_id"].isin(set(robot_ids))].reset_index(drop=True)
    return matched


def topic_sizes(
    list_name: str,
    matched: pd.DataFrame,
    data_dir: PathLike = DEFAULT_DATA_DIR,
    *,
    include_automated: bool = False,
) -> pd.Series:
    """Messages per topic of ``matched`` (a message_topics table), by topic id, as
    ``people_matches`` keeps them."""
    kept = people_matches(list_name, matched, data_dir, include_automated=include_automated)
    if not len(kept):
        return pd.Series(dtype=int)
    return kept.groupby("topic")["message_id"].nunique()


def topics(list_name: str, data_dir: PathLike = DEFAULT_DATA_DIR) -> pd.DataFrame:
    """The topics table (TOPIC_COLUMNS) of the topics the list's configuration defines; see
    ``discovered_topics`` for topics found in the text."""
    return topics_table(topic_rules(list_name, data_dir))
