"""Reply structure: who answered whom, rebuilt from whatever the archive kept of it.

Threading follows the JWZ algorithm (RFC 5256 REFERENCES) without its per-message loops: every
Message-ID, In-Reply-To and References entry becomes an integer node, parent links are arrays, and
roots, depths and loops are found by pointer doubling, so a million messages thread in seconds.

A message's parent comes from the best evidence it has, strongest first:

1. its own In-Reply-To (or, without a usable one, the last entry of its References);
2. the References chain of another message, which names the message's parent (JWZ);
3. the archive's thread index (``archive_parent_id``, from Pipermail ``thread.html``), and for a
   piece Pipermail cut off a message, the message its Mailman Message-ID's time names;
4. quoted text: an earlier message with the same base subject whose own lines it quotes (for a
   reply whose parent the archive lacks, or written in a digest, a recent message of any
   subject whose sentences it quotes);
5. its subject: a reply subject ("Re: X"; any repeated subject where the archive stripped the
   "Re:") attaches to the most recent earlier message with the same base subject within a window
   (30 days), or, when its first lines greet someone by name ("Hi Curtis,", "Thanks, Moe!") whom
   that message is not from, to the latest earlier one of the subject from that person.
   A new subject that names the old one ("CVS Tag (was Re: X)") goes on from X's messages.
   Digests, "(no subject)" and the posts of a series (one sender's weekly report under one
   subject) never join by subject: they are news, not replies.

Messages named in References but absent from the table are placeholders: they keep their place in
the tree (and name the thread when they are its root) but are never a ``parent_id``. Links that
would close a loop are cut, the weakest evidence first. Two threads that headers built are never
joined by subject: only messages without reply headers get a parent from 3–5.
"""

from analyzer.threads.core import thread_messages
from analyzer.threads.fallback import DEFAULT_QUOTE_WINDOW, DEFAULT_SUBJECT_WINDOW
from analyzer.threads.ids import clean_message_id
from analyzer.threads.tables import edges_table, select_threads, thread_order, threads_table

__all__ = [
    "DEFAULT_QUOTE_WINDOW",
    "DEFAULT_SUBJECT_WINDOW",
    "clean_message_id",
    "edges_table",
    "select_threads",
    "thread_messages",
    "thread_order",
    "threads_table",
]
