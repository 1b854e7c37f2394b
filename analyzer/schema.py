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
)

# Columns the store keeps beyond the public ones: what the archive itself says about a message
# that the headers do not (Pipermail HTML thread pages), and the attachments that were listed.
EXTRA_MESSAGE_COLUMNS: tuple[str, ...] = (
    "archive_parent_id",
    "archive_thread_order",
    "attachments",
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
)

AUTHOR_COLUMNS: tuple[str, ...] = (
    "author_id",
    "name",
    "emails",
    "domains",
    "affiliation",
    "n_messages",
    "n_words_authored",
    "first",
    "last",
    "threads_started",
)

EDGE_COLUMNS: tuple[str, ...] = (
    "message_id",
    "date",
    "source_author",
    "target_author",
    "thread_id",
)

TOPIC_COLUMNS: tuple[str, ...] = ("topic", "label", "definition")
MESSAGE_TOPIC_COLUMNS: tuple[str, ...] = ("message_id", "topic", "score")
TIMELINE_COLUMNS: tuple[str, ...] = ("key", "period", "messages", "words", "authors", "threads")

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
