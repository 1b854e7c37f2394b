"""Which topics a table, timeline or report shows: the configured ones, or discovered ones."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

import pandas as pd

from analyzer.topics.discovery import DiscoveryProgress, discover_topics
from analyzer.topics.matching import MATCH_COLUMNS, match_topics
from analyzer.topics.rules import TopicRule, topics_table

if TYPE_CHECKING:
    from analyzer.dateranges import DateRange


def topic_tables(
    messages: pd.DataFrame,
    rules: Sequence[TopicRule],
    *,
    discover: int | None = None,
    seed: int = 0,
    dates: DateRange | None = None,
    on_progress: DiscoveryProgress | None = None,
    automated: Collection[str] = (),
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(topics, message_topics)``: ``discover`` topics found with ``seed`` when it is given,
    else the rule topics.

    The one place that makes this choice, so that the report, the command line and the API
    show the same topics (and assign the same messages to them) for the same N and seed.
    With ``dates``, message_topics holds the messages dated in that range: discovered topics
    are learnt from those messages alone (the debate of those years, not of the whole
    archive); rule topics are matched in the whole archive, so that a message is in a topic
    (also through its thread) whatever the range, and its rows are then kept.
    ``on_progress`` is told how discovery goes (``DiscoveryProgress``); the messages of the
    ``automated`` authors (ids) are not read to discover topics (they are given their thread's).
    A range without messages has no topics (empty tables, as every table of it is).
    """
    if discover is not None:
        learnt_from = messages if dates is None else dates.messages(messages)
        if dates is not None and learnt_from.empty:  # a range without messages has no topic
            return topics_table([]), pd.DataFrame(columns=list(MATCH_COLUMNS))
        return discover_topics(
            learnt_from, discover, seed, on_progress=on_progress, automated=automated
        )
    matched = match_topics(messages, rules)
    return topics_table(rules), matched if dates is None else dates.message_rows(matched, messages)
