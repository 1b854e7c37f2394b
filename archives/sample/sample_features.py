"""Which post shows which archive feature; the generator turns this into the README's table."""

from __future__ import annotations

LONG_THREAD_KEYS = tuple(f"long-{n:02d}" for n in range(1, 21))

FEATURES: dict[str, list[str]] = {
    "long thread root (20 messages, depth 10, January into February)": ["long-01"],
    "long thread, first and last messages after the month boundary": ["long-16", "long-20"],
    "deepest message of the long thread (depth 10)": ["long-20"],
    "quote at depth 1 (`> `)": ["oct-wgec3-03"],
    "quote at depth 2 (`> > ` / `>> `)": ["dec-pos-03", "long-03"],
    "inline interleaved reply": ["oct-wgec3-02", "long-05"],
    "Outlook `-----Original Message-----` block, unmarked quote": ["nov-cs-02", "long-09"],
    "Outlook `From:/Sent:/To:/Subject:` block, unmarked quote": ["oct-wgec3-04", "long-04"],
    "top-posted reply, `On ... wrote:` wrapped over two lines": ["feb-st-02"],
    "Apple Mail attribution inside the quote, `Sent from my iPhone`": ["long-06"],
    "forwarded message (`---------- Forwarded message ---------`)": ["nov-fwd-01"],
    "`-- ` signature": ["oct-wgec3-01", "oct-so-01"],
    "contact-block signature without `-- ` (name, title, organisation, phone)": [
        "nov-cs-05",
        "oct-wgec3-04",
    ],
    "`Sent from my phone`, no In-Reply-To/References (subject-only reply)": ["oct-ws-03"],
    "scrubbed HTML part notice": ["oct-wgec3-02"],
    "scrubbed PDF attachment notice": ["oct-job-01", "nov-cs-07", "long-01"],
    "list footer inside quoted text (delivered copy quoted)": ["dec-pos-03", "nov-cs-02"],
    "same person, second address and name spelling (alias)": ["nov-cs-04", "long-11"],
    "`Last, First` display name": ["nov-cs-02"],
    "display name equal to the address": ["nov-tr-02"],
    "RFC 2047 From names (utf-8 Q, utf-8 B, iso-8859-1 Q)": [
        "nov-cs-03",
        "dec-pos-02",
        "oct-so-03",
    ],
    "RFC 2047 encoded subject": ["dec-away-01", "dec-away-02"],
    "body line starting with `From ` (not a separator)": ["dec-pos-05", "long-10"],
    "no Message-ID": ["jan-sd-03"],
    "broken Date header": ["jan-rp-03"],
    "References without In-Reply-To": ["nov-tr-04"],
    "duplicate: same Message-ID archived in two months": ["nov-tr-05"],
    "cross-posted, two subject tags `[civics-forum] [governance]`": ["dec-igf-01"],
    "`<script>` tag in the body": ["oct-so-01"],
    "non-ASCII body text": ["oct-so-02", "jan-rp-03", "dec-away-01"],
    "automated list message (monthly reminder)": [
        "oct-reminder",
        "nov-reminder",
        "dec-reminder",
        "jan-reminder",
        "feb-reminder",
    ],
    "Date header with a zone comment `(JST)`": ["nov-fwd-02"],
    "repost of an earlier message (its words counted once: `repeat_of`)": ["nov-job-02"],
}
