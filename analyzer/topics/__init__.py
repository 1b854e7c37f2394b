"""Topics: which messages and threads are about what.

**Rule topics** are configured per list in ``archives/<list>.toml``::

    [topics.wgec]
    label = "Working Group on Enhanced Cooperation"   # shown in reports; default: the name
    terms = ["WGEC", "enhanced cooperation", "CSTD", "regex:enhanced\\\\s+co-?operation"]
    match = "any"          # "any" term makes a message match, or "all" of them must appear
    thread_share = 0.3     # a thread belongs to the topic when this share of its messages match
    fields = ["subject", "authored"]   # where to look (default both); quoted text never counts

``terms`` may also be one string, ``"WGEC|enhanced cooperation|regex:..."``: bars inside a
regular expression's brackets do not split it. A plain term is a phrase: its words in order, any
white space between them, on word boundaries. A ``regex:`` term is a Python regular expression,
also on word boundaries. Matching ignores case and accents (NFKD accent folding and case
folding on both sides). The subject matched is ``subject_norm`` (no list tag, no ``Re:``).

**Discovered topics** come from NMF over TF-IDF of each thread's subject and authored text
(``discover_topics``), deterministic for a seed, without the words that name no subject
(``stopwords``: mail's words, greetings, the names of the list's people). Above 50,000 threads
they are learnt from a seeded sample of threads, and then given to every thread.

Both give a topics table (TOPIC_COLUMNS) and a message_topics table (MESSAGE_TOPIC_COLUMNS,
then ``via``: ``text``, ``thread`` or ``model``); ``topic_tables`` picks one or the other for
the report, the command line and the API alike.
"""

from analyzer.topics.choice import topic_tables
from analyzer.topics.discovery import (
    DiscoveryProgress,
    discover_topics,
    thread_documents,
)
from analyzer.topics.matching import (
    MATCH_COLUMNS,
    THREAD_TOPIC_COLUMNS,
    match_messages,
    match_topics,
    thread_topics,
)
from analyzer.topics.rules import (
    DEFAULT_THREAD_SHARE,
    TopicRule,
    no_match_hint,
    normalize_text,
    resolve_topic,
    split_terms,
    term_pattern,
    topic_rules_from_config,
    topics_table,
)

__all__ = [
    "DEFAULT_THREAD_SHARE",
    "MATCH_COLUMNS",
    "THREAD_TOPIC_COLUMNS",
    "DiscoveryProgress",
    "TopicRule",
    "discover_topics",
    "match_messages",
    "match_topics",
    "no_match_hint",
    "normalize_text",
    "resolve_topic",
    "split_terms",
    "term_pattern",
    "thread_documents",
    "thread_topics",
    "topic_rules_from_config",
    "topic_tables",
    "topics_table",
]
