#!/usr/bin/env python3
"""Write the bundled sample archive: Pipermail monthly text files of the fictional civics-forum list.

Usage: ``python archives/sample/make_sample.py [--out DIR]`` (default: next to this script).

The output is byte-identical on every run: the messages are data in the ``sample_posts_*`` modules,
and the parts that look random in real archives (Message-IDs, attachment folders) are derived from
hashes of the message keys. The files follow what Mailman 2.1's Pipermail writes: a ``From_`` line
with the obfuscated address and the server's local time (America/New_York), six headers, the text
part, scrub notices for the parts it removed, and no list footer (Mailman adds the footer on delivery,
after archiving, so it only shows up where a reply quotes a delivered copy).
"""

from __future__ import annotations

import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the archive folder

import argparse  # noqa: E402
import base64  # noqa: E402
import gzip  # noqa: E402
import hashlib  # noqa: E402
import re  # noqa: E402
import textwrap  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from datetime import datetime  # noqa: E402
from pathlib import Path  # noqa: E402
from zoneinfo import ZoneInfo  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from sample_features import FEATURES  # noqa: E402
from sample_model import Person, Post  # noqa: E402
from sample_people import PEOPLE  # noqa: E402
from sample_posts_dec import POSTS_DEC  # noqa: E402
from sample_posts_feb import POSTS_FEB  # noqa: E402
from sample_posts_jan import POSTS_JAN  # noqa: E402
from sample_posts_nov import POSTS_NOV  # noqa: E402
from sample_posts_oct import POSTS_OCT  # noqa: E402

ALL_POSTS: list[Post] = POSTS_OCT + POSTS_NOV + POSTS_DEC + POSTS_JAN + POSTS_FEB
HTML_CLIENTS = frozenset({"gmail", "outlook", "apple"})

LIST_NAME = "civics-forum"
LIST_ADDRESS = "civics-forum@lists.example.org"
BOUNCES_ADDRESS = "civics-forum-bounces@lists.example.org"
ARCHIVE_URL = "http://lists.example.org/pipermail/civics-forum"
SERVER_TIME_ZONE = ZoneInfo("America/New_York")
GZIPPED_MONTHS = frozenset({"2017-December"})
FOOTER = (
    "_______________________________________________\n"
    "civics-forum mailing list\n"
    f"{LIST_ADDRESS}\n"
    "http://lists.example.org/mailman/listinfo/civics-forum"
)

DAY_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DAY_FULL = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_FULL = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WRAP_WIDTH = {"thunderbird": 72, "alpine": 72, "plain": 72, "mailman": 72, "gmail": 76, "apple": 76}
ADDRESS_RE = re.compile(r"([A-Za-z0-9._%+-]+)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
MARKER_RE = re.compile(r"^\{\{(q:.*|attr)\}\}$")


@dataclass(frozen=True)
class Rendered:
    """A post after rendering: what its replies need to quote and reference it."""

    post: Post
    person: Person
    name: str
    address: str
    client: str
    sent: datetime
    message_id: str
    references: tuple[str, ...]
    subject: str
    body: str
    """The text as the sender wrote it, addresses not yet obfuscated, no scrub notices."""
    record: str
    """The whole Pipermail record (From_ line to the blank line after the body)."""


def obfuscate(text: str) -> str:
    """Pipermail's address hiding: ``user@host`` becomes ``user at host``."""
    return ADDRESS_RE.sub(r"\1 at \2", text)


def digest(key: str, salt: str = "") -> str:
    return hashlib.sha256(f"{salt}{key}".encode()).hexdigest()


def message_id_for(post: Post, client: str, address: str, sent: datetime) -> str:
    """A Message-ID shaped like the one the sender's client would make."""
    h = digest(post.key)
    domain = address.split("@", 1)[1]
    if client == "gmail":
        raw = base64.b64encode(hashlib.sha256(post.key.encode()).digest()).decode()
        return f"CA{raw[:42].replace('/', '_')}@mail.gmail.example"
    if client == "outlook":
        americas = sent.strftime("%z").startswith("-")
        region = "namprd04" if americas else "eurprd07"
        host = f"{'BN6PR' if americas else 'DB6PR'}07MB{int(h[:4], 16) % 9000 + 1000}"
        return f"{host}{h[4:26].upper()}@{host}.{region}.prod.outlook.example"
    if client == "apple":
        u = h.upper()
        return f"{u[:8]}-{u[8:12]}-{u[12:16]}-{u[16:20]}-{u[20:32]}@{domain}"
    if client == "alpine":
        stamp = sent.strftime("%y%m%d%H%M%S")
        return f"alpine.DEB.2.20.{stamp}{int(h[:2], 16) % 10}.{int(h[2:6], 16) % 9000 + 1000}@nemo.{domain}"
    if client == "plain":
        return f"{h[:8].upper()}.{int(h[8:14], 16) % 10**7:07d}@{domain}"
    if client == "mailman":
        return (
            f"mailman.{int(h[:4], 16) % 900 + 100}.{int(sent.timestamp())}."
            f"{int(h[4:8], 16) % 9000 + 1000}.{LIST_NAME}@lists.example.org"
        )
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}@{domain}"


def date_header(sent: datetime, suffix: str) -> str:
    return (
        f"{DAY_ABBR[sent.weekday()]}, {sent.day} {MONTH_ABBR[sent.month - 1]} {sent.year} "
        f"{sent:%H:%M:%S} {sent:%z}{suffix}"
    )


def asctime(moment: datetime) -> str:
    return (
        f"{DAY_ABBR[moment.weekday()]} {MONTH_ABBR[moment.month - 1]} {moment.day:>2} "
        f"{moment:%H:%M:%S} {moment.year}"
    )


def twelve_hour(moment: datetime) -> str:
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment:%M} {'AM' if moment.hour < 12 else 'PM'}"


def encode_word(text: str, charset: str) -> str:
    """An RFC 2047 encoded word; ``charset`` is ``utf-8-q``, ``utf-8-b`` or ``iso-8859-1-q``."""
    name, _, kind = charset.rpartition("-")
    data = text.encode(name)
    if kind == "b":
        return f"=?{name.upper()}?B?{base64.b64encode(data).decode()}?="
    safe = set(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!*+-/")
    chars = ["_" if b == 0x20 else chr(b) if b in safe else f"={b:02X}" for b in data]
    letter = "Q" if name == "iso-8859-1" else "q"
    return f"=?{name}?{letter}?{''.join(chars)}?="


def fold(name: str, value: str) -> str:
    """Fold a header at a space before column 78, as Pipermail's output shows."""
    line = f"{name}: {value}"
    out = []
    while len(line) > 78:
        cut = line.rfind(" ", len(name) + 2, 78)
        if cut < 0:
            break
        out.append(line[:cut])
        line = " " + line[cut + 1 :]
    out.append(line)
    return "\n".join(out)


def wrap(text: str, width: int | None) -> str:
    """Hard-wrap long lines the way plain-text clients do; quotes and markers stay untouched."""
    if width is None:
        return text
    out: list[str] = []
    for line in text.split("\n"):
        if len(line) <= width or line.startswith((">", "<")) or MARKER_RE.match(line):
            out.append(line)
            continue
        indent = line[: len(line) - len(line.lstrip())]
        out.extend(
            textwrap.wrap(
                line,
                width=width,
                subsequent_indent=indent,
                break_long_words=False,
                break_on_hyphens=False,
            )
        )
    return "\n".join(out)


def strip_signature(body: str) -> str:
    head, sep, _ = body.partition("\n-- \n")
    return head.rstrip("\n") if sep else body


def select_paragraphs(body: str, selection: str, key: str) -> str:
    """The paragraphs of ``body`` holding ``first`` through ``last`` (``first|last``)."""
    paragraphs = body.split("\n\n")
    bounds = []
    for needle in selection.split("|"):
        found = [i for i, p in enumerate(paragraphs) if needle in " ".join(p.split())]
        if not found:
            raise ValueError(f"{key}: no paragraph of the parent holds {needle!r}")
        bounds.append(found[0])
    return "\n\n".join(paragraphs[bounds[0] : bounds[-1] + 1])


def quote_lines(text: str, client: str) -> str:
    lines = []
    for line in text.split("\n"):
        if client in ("thunderbird", "alpine"):
            lines.append((">" if line.startswith(">") else "> ") + line if line else ">")
        elif client == "apple":
            lines.append("> " + line)
        else:
            lines.append("> " + line if line else ">")
    return "\n".join(lines)


def attribution(parent: Rendered, client: str, sent: datetime) -> str:
    when = parent.sent.astimezone(sent.tzinfo)
    who = parent.name
    if client == "thunderbird":
        return f"On {when:%d/%m/%Y %H:%M}, {who} wrote:"
    if client == "alpine":
        return f"On {DAY_ABBR[when.weekday()]}, {when.day} {MONTH_ABBR[when.month - 1]} {when.year}, {who} wrote:"
    if client == "apple":
        return f"On {when.day} {MONTH_ABBR[when.month - 1]} {when.year}, at {when:%H:%M}, {who} <{parent.address}> wrote:"
    if client == "plain":
        return f"On {when.month}/{when.day}/{when.year} {twelve_hour(when)}, {who} wrote:"
    line = (
        f"On {DAY_ABBR[when.weekday()]}, {MONTH_ABBR[when.month - 1]} {when.day}, {when.year} at "
        f"{twelve_hour(when)}, {who} <{parent.address}> wrote:"
    )
    return "\n".join(textwrap.wrap(line, width=72, break_long_words=False, break_on_hyphens=False))


def quoted_parent(post: Post, parent: Rendered, client: str, sent: datetime) -> str:
    text = parent.body
    if client in ("thunderbird", "alpine"):
        text = strip_signature(text)
    if post.quote:
        text = select_paragraphs(text, post.quote, post.key)
    if post.quote_footer:
        text = text.rstrip("\n") + "\n\n" + FOOTER
    if client == "apple":
        return quote_lines(attribution(parent, client, sent) + "\n\n" + text, client)
    return attribution(parent, client, sent) + "\n" + quote_lines(text, client)


def outlook_block(post: Post, parent: Rendered, sent: datetime) -> str:
    when = parent.sent.astimezone(sent.tzinfo)
    head = "-----Original Message-----\n" if post.style == "outlook-original" else ""
    return (
        f"{head}From: {LIST_NAME} [mailto:{BOUNCES_ADDRESS}] On Behalf Of {parent.name}\n"
        f"Sent: {DAY_FULL[when.weekday()]}, {MONTH_FULL[when.month - 1]} {when.day}, {when.year} "
        f"{twelve_hour(when)}\n"
        f"To: {LIST_ADDRESS}\n"
        f"Subject: {parent.subject}\n\n"
        f"{parent.body.rstrip()}\n\n{FOOTER}"
    )


def resolve_markers(
    text: str, post: Post, parent: Rendered | None, client: str, sent: datetime
) -> str:
    out = []
    for line in text.split("\n"):
        match = MARKER_RE.match(line)
        if not match:
            out.append(line)
            continue
        if parent is None:
            raise ValueError(f"{post.key}: quote marker without a parent")
        if match.group(1) == "attr":
            out.append(attribution(parent, client, sent))
        else:
            selected = select_paragraphs(parent.body, match.group(1)[2:], post.key)
            out.append(quote_lines(selected, client))
    return "\n".join(out)


def compose_body(
    post: Post, person: Person, parent: Rendered | None, client: str, sent: datetime
) -> str:
    own = resolve_markers(
        wrap(post.text.strip("\n"), WRAP_WIDTH.get(client)), post, parent, client, sent
    )
    if post.sig and person.signature:
        own = f"{own}\n\n{person.signature}"
    if post.style in ("none", "inline"):
        return own
    if parent is None:
        raise ValueError(f"{post.key}: style {post.style} needs a parent")
    if post.style == "bottom":
        return f"{quoted_parent(post, parent, client, sent)}\n\n{own}"
    if post.style == "top":
        return f"{own}\n\n{quoted_parent(post, parent, client, sent)}"
    if post.style in ("outlook", "outlook-original"):
        return f"{own}\n\n{outlook_block(post, parent, sent)}"
    raise ValueError(f"{post.key}: unknown style {post.style}")


def subject_for(post: Post, parent: Rendered | None, roots: dict[str, Post], client: str) -> str:
    root = roots[post.key]
    base = encode_word(root.subject, "utf-8-q") if root.encode_subject else root.subject
    tags = " ".join(f"[{tag}]" for tag in root.tags)
    if parent is None:
        return f"{tags} {base}"
    return f"{'RE' if client == 'outlook' else 'Re'}: {tags} {base}"


def scrub_notices(post: Post, person: Person, client: str, arrived: datetime) -> str:
    folder = f"{ARCHIVE_URL}/attachments/{arrived:%Y%m%d}/{digest(post.key, 'scrub')[:8]}"
    parts = []
    used: dict[str, int] = {}

    def url(ext: str) -> str:
        n = used.get(ext, 0)
        used[ext] = n + 1
        return f"{folder}/attachment{'' if n == 0 else f'-{n:04d}'}.{ext}"

    if (client in HTML_CLIENTS) if post.client else person.html:
        parts.append(f"An HTML attachment was scrubbed...\nURL: <{url('html')}>")
    for spec in post.attachments:
        name, mime, size = spec.split("|")
        parts.append(
            f"A non-text attachment was scrubbed...\nName: {name}\nType: {mime}\nSize: {size} bytes\n"
            f"Desc: not available\nURL: <{url(name.rsplit('.', 1)[1])}>"
        )
    return "".join(f"\n-------------- next part --------------\n{p}" for p in parts)


def thread_roots(posts: list[Post]) -> dict[str, Post]:
    by_key = {p.key: p for p in posts}
    roots = {}
    for post in posts:
        node = post
        while node.parent:
            node = by_key[node.parent]
        roots[post.key] = node
    return roots


def render(posts: list[Post]) -> list[Rendered]:
    """Render every post, parents first (posts are sorted by send time)."""
    roots = thread_roots(posts)
    done: dict[str, Rendered] = {}
    for post in sorted(posts, key=lambda p: parse_when(p.when)):
        if post.key in done:
            raise ValueError(f"duplicate key {post.key}")
        person = PEOPLE[post.who]
        client = post.client or person.client
        address = post.address or person.email
        name = post.name or person.name
        sent = parse_when(post.when)
        parent = done[post.parent] if post.parent else None
        if post.parent and parent is None:
            raise ValueError(f"{post.key}: parent {post.parent} is missing or later")
        if parent is not None and not parent.message_id and post.threading != "none":
            raise ValueError(f"{post.key}: its parent has no Message-ID to refer to")
        message_id = message_id_for(post, client, address, sent) if post.message_id else ""
        references = (*parent.references, parent.message_id) if parent else ()
        subject = subject_for(post, parent, roots, client)
        body = compose_body(post, person, parent, client, sent)
        arrived = sent.astimezone(SERVER_TIME_ZONE)
        shown_name = name
        if person.name_charset and not post.name:
            shown_name = encode_word(name, person.name_charset)
        headers = [
            f"From: {obfuscate(address)} ({obfuscate(shown_name)})",
            f"Date: {post.date_header or date_header(sent, person.date_suffix)}",
            fold("Subject", subject),
        ]
        if parent is not None and post.threading in ("both", "irt"):
            headers.append(f"In-Reply-To: <{parent.message_id}>")
        if parent is not None and post.threading in ("both", "refs"):
            headers.append("References: " + "\n\t".join(f"<{r}>" for r in references))
        if message_id:
            headers.append(f"Message-ID: <{message_id}>")
        text = obfuscate(body.rstrip("\n")) + scrub_notices(post, person, client, arrived)
        record = "\n".join(headers) + "\n\n" + text + "\n\n"
        done[post.key] = Rendered(
            post, person, name, address, client, sent, message_id, references, subject, body, record
        )
    return list(done.values())


def parse_when(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S %z")


def month_name(moment: datetime) -> str:
    return f"{moment.year}-{MONTH_FULL[moment.month - 1]}"


def archive_months(rendered: list[Rendered]) -> dict[str, list[tuple[datetime, str, Rendered]]]:
    """Records per monthly file, in arrival order, with each record's From_ line."""
    months: dict[str, list[tuple[datetime, str, Rendered]]] = {}
    for item in rendered:
        arrivals = [item.sent.astimezone(SERVER_TIME_ZONE)]
        if item.post.archived_again:
            again = datetime.strptime(item.post.archived_again, "%Y-%m-%d %H:%M:%S")
            arrivals.append(again.replace(tzinfo=SERVER_TIME_ZONE))
        for arrived in arrivals:
            separator = f"From {obfuscate(item.address)}  {asctime(arrived)}"
            months.setdefault(month_name(arrived), []).append((arrived, separator, item))
    for records in months.values():
        records.sort(key=lambda r: (r[0], r[2].post.key))
    return months


def feature_table(months: dict[str, list[tuple[datetime, str, Rendered]]]) -> str:
    where: dict[str, list[str]] = {}
    for month, records in months.items():
        suffix = ".txt.gz" if month in GZIPPED_MONTHS else ".txt"
        for _, _, item in records:
            where.setdefault(item.post.key, []).append(month + suffix)
    rendered = {item.post.key: item for records in months.values() for _, _, item in records}
    lines = ["| feature | key | file(s) | Message-ID |", "|---|---|---|---|"]
    for feature, keys in FEATURES.items():
        for key in keys:
            mid = rendered[key].message_id
            shown = f"`<{mid}>`" if mid else "(none)"
            lines.append(f"| {feature} | {key} | {', '.join(where[key])} | {shown} |")
    return "\n".join(lines)


def readme(months: dict[str, list[tuple[datetime, str, Rendered]]]) -> str:
    counts = "\n".join(
        f"| {m}{'.txt.gz' if m in GZIPPED_MONTHS else '.txt'} | {len(r)} |"
        for m, r in sorted(months.items(), key=lambda kv: kv[1][0][0])
    )
    items = [item for records in months.values() for _, _, item in records]
    addresses = {item.address for item in items}
    unique = {item.post.key for item in items}
    return (
        "# Sample archive: civics-forum (fictional)\n\n"
        "Generated by `make_sample.py` (do not edit the archive files by hand; edit the\n"
        "`sample_*.py` data and re-run it). Every person, organisation and address is invented;\n"
        "domains are reserved `.example` names. List configuration: `archives/civics-forum.toml`.\n\n"
        "The files follow Mailman 2.1's Pipermail: `From_` lines in the server's time zone\n"
        "(America/New_York), addresses written `user at host`, no MIME headers, scrub notices for\n"
        "removed parts, and no list footer on archived messages (Mailman adds it on delivery, so it\n"
        "only appears where a reply quotes a delivered copy), as in the real corpora.\n\n"
        "| file | records |\n|---|---|\n"
        f"{counts}\n\n"
        f"{len(items)} records holding {len(unique)} distinct messages (one is archived twice); "
        f"{len(addresses)} sender addresses\n(one person writes from two, one is the list's "
        "own automated sender).\n\n"
        "## Where each feature sits\n\n"
        f"{feature_table(months)}\n"
    )


def write_archive(out: Path) -> list[Path]:
    """Write the monthly files and the README into ``out``; return the paths written."""
    rendered = render(ALL_POSTS)
    months = archive_months(rendered)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for month, records in months.items():
        data = "".join(f"{sep}\n{item.record}" for _, sep, item in records).encode("utf-8")
        if month in GZIPPED_MONTHS:
            path = out / f"{month}.txt.gz"
            path.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
        else:
            path = out / f"{month}.txt"
            path.write_bytes(data)
        written.append(path)
    readme_path = out / "README.md"
    readme_path.write_text(readme(months), encoding="utf-8")
    written.append(readme_path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write into")
    args = parser.parse_args()
    for path in write_archive(args.out):
        print(path)


if __name__ == "__main__":
    main()
