"""Which topics a table, timeline or report shows: the configured ones, or discovered ones."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analyzer.topics.discovery import discover_topics
from analyzer.topics.matching import match_topics
from analyzer.topics.rules import TopicRule, topics_table


def topic_tables(
    messages: pd.DataFrame,
    rules: Sequence[TopicRule],
    *,
    discover: int | None = None,
    seed: int = 0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(topics, message_topics)``: ``discover`` topics found with ``seed`` when it is given,
    else the rule topics.

    The one place that makes this choice, so that the report, the command line and the API
    show the same topics (and assign the same messages to them) for the same N and seed.
    """
    if discover is not None:
        return discover_topics(messages, discover, seed)
    return topics_table(rules), match_topics(messages, rules)
