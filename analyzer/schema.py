"""Column names of the public tables, defined once (see DESIGN.md, "Tables").

Exports, notebooks and other tools depend on these names; every stage imports them from here.
"""

from __future__ import annotations

import pyarrow as pa

MESSAGE_COLUMNS: tuple[str, ...] = (
    "message_id",
    "list",
    "date",
    "tz_offset_minutes",
    "from_name",
    "from_email",
    "author_id",
    "subject",
    "subject_norm",
    "in_reply_to",
    "references",
    "parent_id",
    "thread_id",
    "depth",
    "body",
    "authored",
    "signature",
    "n_words_authored",
    "n_lines_quoted",
    "source",
    "source_index",
    "defects",
    # beyond DESIGN.md's, after them:
    "affiliation",  # of the address this message came from: a person's changes over the years
    "repeat_of",  # the sender's earlier message this one says again: its words count once
)

# Columns the store keeps beyond the public ones: what the archive itself says about a message
# that the headers do not (Pipermail HTML thread pages), and the attachments that were listed.
EXTRA_MESSAGE_COLUMNS: tuple[str, ...] = (
    "archive_parent_id",
    "archive_thread_order",
    "attachments",
)

# The message columns that the tables, timelines, topics, reply network and report are built
# from (13 of 26): they read no other, and on a million messages the rest are 0.3 GB. (Topic
# discovery reads ``repeat_of``: a repeat's words are read once.)
TABLE_SOURCE_COLUMNS: tuple[str, ...] = (
    "message_id",
    "date",
    "from_name",
    "from_email",
    "author_id",
    "subject",
    "subject_norm",
    "parent_id",
    "thread_id",
    "depth",
    "authored",
    "n_words_authored",
    "repeat_of",
)

THREAD_COLUMNS: tuple[str, ...] = (
    "thread_id",
    "root_id",
    "subject",
    "start",
    "end",
    "n_messages",
    "n_authors",
    "max_depth",
    # beyond DESIGN.md's, after them: how soon someone answered the thread's starter
    "first_reply_delay_hours",  # hours from its first message to the first reply by another
    "first_replier",  # that reply's author_id
)

AUTHOR_COLUMNS: tuple[str, ...] = (
    "author_id",
    "name",
    "emails",
    "domains",
    "affiliation",  # the one most of their messages came from
    "n_messages",
    "n_words_authored",
    "first",
    "last",
    "threads_started",
    # beyond DESIGN.md's, after them:
    "affiliations",  # every one, in the order they first wrote from it
)

EDGE_COLUMNS: tuple[str, ...] = (
    "message_id",
    "date",
    "source_author",
    "target_author",
    "thread_id",
    # beyond DESIGN.md's, after them:
    "parent_id",  # the message answered (target_author's)
)

TOPIC_COLUMNS: tuple[str, ...] = ("topic", "label", "definition")
MESSAGE_TOPIC_COLUMNS: tuple[str, ...] = ("message_id", "topic", "score")
TIMELINE_COLUMNS: tuple[str, ...] = ("key", "period", "messages", "words", "authors", "threads")

# Columns that some tables add after DESIGN.md's (authors, message_topics, timelines), and the
# tables DESIGN.md does not name (reply network, merges, topic threads): defined here too, so
# that every public column name is in this one module.

# authors: whether every message of the author is automated, and why addresses were merged
AUTHOR_EXTRA_COLUMNS: tuple[str, ...] = ("is_automated", "merge_reasons")
# identity's record of merges and of addresses several people share
MERGE_COLUMNS: tuple[str, ...] = ("author_id", "key", "other", "reason")
SHARED_COLUMNS: tuple[str, ...] = ("address", "reason")

MATCH_COLUMNS: tuple[str, ...] = (*MESSAGE_TOPIC_COLUMNS, "via", "matched_in")
"""``via`` says why a message is in a topic: ``text`` (its subject or authored text matched),
``thread`` (its thread belongs to the topic) or ``model`` (a discovered topic); for ``text``,
``matched_in`` says where: ``subject``, ``authored`` (the sender's prose), ``code`` (only the
code, logs or output the sender pasted, which word counts leave out too), ``subject+authored`` or
``subject+code`` (a reply's subject is inherited: matched in the subject alone, the sender's own
words did not name the topic), null for the other rows."""
# per thread and topic: how many of its messages match, and whether the thread belongs
THREAD_TOPIC_COLUMNS: tuple[str, ...] = (
    "thread_id",
    "topic",
    "messages",
    "matched",
    "share",
    "belongs",
)

# timelines: DESIGN.md's columns first, then each timeline's own
AUTHOR_TIMELINE_COLUMNS: tuple[str, ...] = (
    *TIMELINE_COLUMNS,
    "threads_started",
    "replies_given",
    "replies_received",
    "first",
    "last",
    "start",
    "name",
)
TOPIC_TIMELINE_COLUMNS: tuple[str, ...] = (
    *TIMELINE_COLUMNS,
    "matched",
    "matched_authored",
    "first",
    "last",
    "start",
    "leading_authors",
    "key_thread",
    "key_subject",
)
# a topic's timeline by author (``timeline topics --by-author``): one row per topic (``key``, as
# in the topic timeline, to join them), period and author; the rows behind ``leading_authors``
TOPIC_AUTHOR_COLUMNS: tuple[str, ...] = (
    "key",
    "period",
    "author",
    "name",
    "messages",
    "words",
    "threads",
    "matched",
    "matched_authored",
    "first",
    "last",
    "start",
    "label",  # the topic's, as the topics table gives it: what nmf-03 is about
)
COVERAGE_COLUMNS: tuple[str, ...] = ("month", "messages", "covered", "sources")
"""``api.coverage``: which months the archive covers (``analyzer.coverage``)."""
THREAD_ACTIVITY_COLUMNS: tuple[str, ...] = (*TIMELINE_COLUMNS, "first", "last", "start")
THREAD_TIMELINE_COLUMNS: tuple[str, ...] = (
    "position",
    "message_id",
    "date",
    "author",
    "name",
    "parent_id",
    "parent_author",
    "parent_name",
    "depth",
    "reply_delay_hours",
    "hours_since_start",
    "words",
    "snippet",
)
# one author's messages in date order (``timeline author``)
AUTHOR_MESSAGES_COLUMNS: tuple[str, ...] = (
    "position",
    "message_id",
    "date",
    "name",
    "affiliation",
    "thread_id",
    "subject",
    "depth",
    "parent_author",
    "parent_name",
    "words",
    "snippet",
    "topics",
    "topic_labels",  # each of ``topics``' label, in its order: what nmf-03 is about
)
TOPIC_THREAD_COLUMNS: tuple[str, ...] = (
    "thread_id",
    "subject",
    "messages",
    "thread_messages",
    "share",
    "matched",
    "matched_authored",
    "authors",
    "words",
    "first",
    "last",
)

# the reply network: one row per pair of people (and period), and its nodes
NETWORK_COLUMNS: tuple[str, ...] = (
    "source_author",
    "target_author",
    "weight",
    "words",
    "threads",
    "first",
    "last",
)
NODE_COLUMNS: tuple[str, ...] = (
    "author",
    "name",
    "affiliation",
    "is_automated",
    "messages",
    "words",
    "replies_given",
    "replies_received",
    "first",
    "last",
)

_STR = pa.string()
_LIST_STR = pa.list_(pa.string())

# Arrow schema of the stored (parsed) messages: the columns the parse stage fills. Later stages
# (threads, quotes, identity) add theirs when the messages table is built from the store.
STORED_MESSAGE_SCHEMA = pa.schema(
    [
        ("message_id", _STR),
        ("list", _STR),
        ("date", pa.timestamp("us", tz="UTC")),
        ("tz_offset_minutes", pa.int32()),
        ("from_name", _STR),
        ("from_email", _STR),
        ("subject", _STR),
        ("in_reply_to", _STR),
        ("references", _LIST_STR),
        ("body", _STR),
        ("source", _STR),
        ("source_index", pa.int64()),
        ("defects", _LIST_STR),
        ("archive_parent_id", _STR),
        ("archive_thread_order", pa.int64()),
        ("attachments", _LIST_STR),
    ]
)

STORED_MESSAGE_COLUMNS: tuple[str, ...] = tuple(STORED_MESSAGE_SCHEMA.names)
