"""The bundled sample archive: it regenerates byte for byte and holds every feature it promises.

Standard library only, on purpose: these tests check the data the analyzer is tested on, so they
must not depend on the analyzer itself.
"""

from __future__ import annotations

import gzip
import re
import subprocess
import sys
import tomllib
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from email.header import decode_header, make_header
from email.utils import parsedate_to_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "archives" / "sample"
CONFIG = REPO / "archives" / "civics-forum.toml"
SERVER_TIME_ZONE = ZoneInfo("America/New_York")

# The intended number of records (From_ separators) per monthly file.
RECORDS_PER_FILE = {
    "2017-October.txt": 14,
    "2017-November.txt": 19,
    "2017-December.txt.gz": 14,
    "2018-January.txt": 27,
    "2018-February.txt": 14,
}
GENERATED_FILES = {*RECORDS_PER_FILE, "README.md"}
LONG_THREAD_SUBJECT = "WGEC: the chair's draft recommendations"

MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
SEPARATOR_RE = re.compile(
    rf"^From (\S+ at \S+)  ((?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:{MONTHS}) [ \d]\d "
    r"\d\d:\d\d:\d\d \d{4})$",
    re.MULTILINE,
)
OBFUSCATED_ADDRESS_RE = re.compile(r"[\w.+-]+ at ([\w-]+(?:\.[\w-]+)+)")
RESERVED_DOMAIN_RE = re.compile(r"(?:^|\.)(?:example|example\.(?:org|net|com))$", re.IGNORECASE)


@dataclass(frozen=True)
class Record:
    """One message as Pipermail archived it: its file, From_ line, headers and body."""

    file: str
    address: str
    arrived: datetime
    headers: dict[str, str]
    body: str

    @property
    def message_id(self) -> str:
        return self.headers.get("Message-ID", "").strip("<>")

    @property
    def parent_id(self) -> str:
        """The In-Reply-To target, or the last References entry when In-Reply-To is missing."""
        if "In-Reply-To" in self.headers:
            return self.headers["In-Reply-To"].strip("<>")
        references = self.headers.get("References", "").split()
        return references[-1].strip("<>") if references else ""


def read_text(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return data.decode("utf-8")


def parse_headers(block: str) -> dict[str, str]:
    headers: dict[str, str] = {}
    name = ""
    for line in block.split("\n"):
        if line[:1] in (" ", "\t"):
            headers[name] += " " + line.strip()
        else:
            name, _, value = line.partition(": ")
            headers[name] = value
    return headers


def split_records(file: str, text: str) -> list[Record]:
    matches = list(SEPARATOR_RE.finditer(text))
    records = []
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        end = following.start() if following else len(text)
        chunk = text[match.end() + 1 : end]
        header_block, _, body = chunk.partition("\n\n")
        arrived = datetime.strptime(match.group(2), "%a %b %d %H:%M:%S %Y")
        records.append(
            Record(
                file=file,
                address=match.group(1),
                arrived=arrived.replace(tzinfo=SERVER_TIME_ZONE),
                headers=parse_headers(header_block),
                body=body,
            )
        )
    return records


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return {name: read_text(SAMPLE / name) for name in RECORDS_PER_FILE}


@pytest.fixture(scope="module")
def records(texts: dict[str, str]) -> list[Record]:
    return [record for name, text in texts.items() for record in split_records(name, text)]


@pytest.fixture(scope="module")
def config() -> dict:
    with CONFIG.open("rb") as handle:
        return tomllib.load(handle)


def decoded(value: str) -> str:
    return str(make_header(decode_header(value)))


def parsed_date(value: str) -> datetime | None:
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None


def from_name(record: Record) -> str:
    match = re.fullmatch(r"\S+ at \S+ \((.*)\)", record.headers["From"])
    assert match, record.headers["From"]
    return decoded(match.group(1))


def quote_blocks(body: str) -> list[str]:
    """Runs of consecutive quoted (`>`) lines in a body."""
    return re.findall(r"(?:^>.*(?:\n|$))+", body, re.MULTILINE)


# --- the generator -----------------------------------------------------------------------------


def test_generator_rewrites_the_committed_files_byte_for_byte(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(SAMPLE / "make_sample.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    assert {p.name for p in tmp_path.iterdir()} == GENERATED_FILES
    for name in sorted(GENERATED_FILES):
        fresh, committed = (tmp_path / name).read_bytes(), (SAMPLE / name).read_bytes()
        if name.endswith(".gz"):
            # Compressed bytes depend on the zlib build; the payload and the header must not.
            assert fresh[4:8] == committed[4:8] == b"\0\0\0\0", "gzip mtime must be 0"
            fresh, committed = gzip.decompress(fresh), gzip.decompress(committed)
        assert fresh == committed, f"{name} differs from a fresh run of make_sample.py"


def test_generator_leaves_no_bytecode_in_the_archive_folder() -> None:
    assert not (SAMPLE / "__pycache__").exists()


# --- Pipermail structure -----------------------------------------------------------------------


def test_each_file_holds_the_intended_number_of_separators(texts: dict[str, str]) -> None:
    counts = {name: len(SEPARATOR_RE.findall(text)) for name, text in texts.items()}
    assert counts == RECORDS_PER_FILE


def test_body_lines_starting_with_from_are_not_separators(texts: dict[str, str]) -> None:
    loose = {
        name: [
            line
            for line in text.split("\n")
            if line.startswith("From ") and not SEPARATOR_RE.match(line)
        ]
        for name, text in texts.items()
    }
    assert loose["2017-December.txt.gz"] == [
        "From what I saw at the third meeting, the members who want a new body"
    ]
    assert len(loose["2018-January.txt"]) == 1
    assert sum(len(lines) for lines in loose.values()) == 2


def test_records_carry_pipermail_headers_and_obfuscated_senders(records: list[Record]) -> None:
    for record in records:
        assert {"From", "Date", "Subject"} <= record.headers.keys()
        assert record.headers["From"].startswith(record.address + " (")
        assert "[civics-forum]" in record.headers["Subject"]
        assert record.body.endswith("\n"), "a blank line must precede the next separator"


def test_from_line_time_is_the_date_header_in_server_time(records: list[Record]) -> None:
    seen: set[str] = set()
    mismatched = []
    for record in records:
        sent = parsed_date(record.headers["Date"])
        again = record.message_id in seen and record.message_id != ""
        seen.add(record.message_id)
        if sent is None or sent.astimezone(SERVER_TIME_ZONE) != record.arrived:
            mismatched.append((record.headers["Date"], again))
    # The broken Date header, and the second archived copy of the duplicate (released later).
    assert sorted(mismatched) == [
        ("Tue, 28 Nov 2017 09:10:00 +0200", True),
        ("lundi 15 janvier 2018 17:40", False),
    ]


def test_every_address_and_host_is_a_reserved_example_name(
    texts: dict[str, str], records: list[Record]
) -> None:
    everything = "\n".join(texts.values())
    domains = set(OBFUSCATED_ADDRESS_RE.findall(everything))
    domains |= set(re.findall(r"@([\w.-]+)>", everything))
    domains |= set(re.findall(r"https?://([\w.-]+)", everything))
    domains |= set(re.findall(r"\bwww\.([\w.-]+\w)", everything))
    assert domains
    assert sorted(d for d in domains if not RESERVED_DOMAIN_RE.search(d)) == []


def test_addresses_are_obfuscated_outside_id_headers(records: list[Record]) -> None:
    for record in records:
        assert "@" not in record.body, record.message_id
        assert "@" not in record.headers["From"]


def test_authors(records: list[Record], config: dict) -> None:
    addresses = {r.address for r in records}
    groups = config["authors"]["merge"]
    merged = {a for group in groups for a in group}
    people = len(addresses) - (len(merged) - len(groups))
    assert len(addresses) == 21
    assert 15 <= people <= 25


# --- threads -----------------------------------------------------------------------------------


def test_long_thread_is_deep_and_crosses_a_month_boundary(records: list[Record]) -> None:
    by_id = {r.message_id: r for r in records if r.message_id}
    root = next(
        r for r in records if r.headers["Subject"] == f"[civics-forum] {LONG_THREAD_SUBJECT}"
    )

    def depth_below_root(record: Record) -> int | None:
        depth = 0
        while record is not root:
            if record.parent_id not in by_id:
                return None
            record, depth = by_id[record.parent_id], depth + 1
        return depth

    members = {r.message_id: depth_below_root(r) for r in by_id.values()}
    thread = {mid: depth for mid, depth in members.items() if depth is not None}
    assert len(thread) >= 15
    assert max(thread.values()) >= 4
    assert {by_id[mid].file for mid in thread} == {"2018-January.txt", "2018-February.txt"}


def test_a_message_id_is_archived_in_two_months(records: list[Record]) -> None:
    files: dict[str, set[str]] = {}
    for record in records:
        if record.message_id:
            files.setdefault(record.message_id, set()).add(record.file)
    repeated = {mid: f for mid, f in files.items() if len(f) > 1}
    assert list(repeated.values()) == [{"2017-November.txt", "2017-December.txt.gz"}]


def test_one_message_has_no_message_id_and_one_a_broken_date(records: list[Record]) -> None:
    assert sum("Message-ID" not in r.headers for r in records) == 1
    assert [r.headers["Date"] for r in records if parsed_date(r.headers["Date"]) is None] == [
        "lundi 15 janvier 2018 17:40"
    ]


def test_threading_header_variants(records: list[Record]) -> None:
    replies = [r for r in records if re.match(r"(?i)re: ", r.headers["Subject"])]
    assert any("References" in r.headers and "In-Reply-To" not in r.headers for r in replies)
    assert any("References" not in r.headers and "In-Reply-To" not in r.headers for r in replies)


# --- reply styles, signatures and boilerplate ----------------------------------------------------

FEATURE_PATTERNS = {
    "quote at depth 1": r"^> [^>\s]",
    "quote at depth 2": r"^> ?> ?[^>\s]",
    "Outlook original message block": (
        r"^-----Original Message-----\nFrom: .+ On Behalf Of .+\nSent: .+\nTo: .+\nSubject: .+\n\n\S"
    ),
    "Outlook header block without separator": (
        r"^(?<!-\n)From: civics-forum \[mailto:.+\] On Behalf Of .+\nSent: .+\nTo: .+\nSubject: .+"
    ),
    "attribution wrapped over two lines": r"^On .+, 20\d\d at .+ <\S+ at \S+>\nwrote:\n> ",
    "forwarded message": (
        r"^---------- Forwarded message ---------\nFrom: .+\nDate: .+\nSubject: .+\nTo: .+\n\n"
    ),
    "signature separator": r"^-- $",
    "contact-block signature": (
        r"^(?:Dr\. )?[A-Z]\w+ [A-Z]\w+\n[^\n>]+\n[^\n>]+\n(?:Tel\.|T:) \+\d[\d ]+"
    ),
    "sent from my phone": r"^Sent from my phone$",
    "sent from my iPhone": r"^Sent from my iPhone$",
    "scrubbed HTML part": (
        r"^-------------- next part --------------\nAn HTML attachment was scrubbed\.\.\.\n"
        r"URL: <http://lists\.example\.org/pipermail/civics-forum/attachments/\d{8}/[0-9a-f]{8}/"
        r"attachment\.html>$"
    ),
    "scrubbed non-text attachment": (
        r"^-------------- next part --------------\nA non-text attachment was scrubbed\.\.\.\n"
        r"Name: .+\nType: .+\nSize: \d+ bytes\nDesc: .+\nURL: <http://lists\.example\.org/.+>$"
    ),
    "list footer (unmarked, in an Outlook quote)": (
        r"^_{47}\ncivics-forum mailing list\ncivics-forum at lists\.example\.org\n"
        r"http://lists\.example\.org/mailman/listinfo/civics-forum$"
    ),
    "list footer (quoted with >)": r"^> _{47}\n> civics-forum mailing list$",
    "script tag": r"<script\b[^>]*>\s*</script>",
}


@pytest.mark.parametrize("feature", sorted(FEATURE_PATTERNS))
def test_feature_is_present(feature: str, records: list[Record]) -> None:
    pattern = re.compile(FEATURE_PATTERNS[feature], re.MULTILINE)
    assert any(pattern.search(r.body) for r in records), feature


def test_list_footer_is_not_on_every_archived_message(records: list[Record]) -> None:
    # Mailman archives before it decorates; footers only come back inside quoted copies.
    with_footer = [r for r in records if "civics-forum mailing list" in r.body]
    assert 0 < len(with_footer) < len(records) // 4


def test_inline_reply_alternates_quotes_and_own_text(records: list[Record]) -> None:
    interleaved = [
        r
        for r in records
        if len(quote_blocks(r.body)) >= 2
        and re.search(r"^>.*\n\n[^>\n].*\n(?:.*\n)*?\n>", r.body, re.MULTILINE)
    ]
    assert len(interleaved) >= 2


def test_top_posted_reply_puts_own_text_before_the_attribution(records: list[Record]) -> None:
    top_posted = []
    for record in records:
        match = re.search(r"^On .+\nwrote:\n> ", record.body, re.MULTILINE)
        if match and record.body[: match.start()].strip():
            top_posted.append(record)
    assert top_posted


# --- identities, encodings and special messages --------------------------------------------------


def test_one_person_writes_from_two_addresses_under_two_names(
    records: list[Record], config: dict
) -> None:
    (group,) = config["authors"]["merge"]
    names = {
        email: {from_name(r) for r in records if r.address == email.replace("@", " at ")}
        for email in group
    }
    assert all(names.values()), names
    first, second = names.values()
    assert first.isdisjoint(second)


def test_display_name_forms(records: list[Record]) -> None:
    names = {from_name(r) for r in records}
    assert "Lindqvist, Margareta" in names
    assert {"Renée Fontaine", "Tomás Ibarra", "Carlos Mendonça"} <= names
    assert any(from_name(r) == r.address for r in records), "a name that is the address"
    raw = {r.headers["From"] for r in records}
    assert any("=?UTF-8?B?" in v for v in raw) and any("=?iso-8859-1?Q?" in v for v in raw)


def test_an_encoded_subject_decodes_to_non_ascii(records: list[Record]) -> None:
    encoded = [r.headers["Subject"] for r in records if "=?utf-8?q?" in r.headers["Subject"]]
    assert len(encoded) == 2
    assert all("Renée" in decoded(s) for s in encoded)


def test_cross_posted_thread_carries_both_tags(records: list[Record]) -> None:
    tagged = [r for r in records if "[civics-forum] [governance]" in r.headers["Subject"]]
    assert len(tagged) == 4


def test_bodies_hold_non_ascii_text(records: list[Record]) -> None:
    assert sum(any(ord(c) > 127 for c in r.body) for r in records) >= 10
    assert any("Libertés Numériques" in r.body for r in records)


def test_automated_monthly_reminder_in_every_month(records: list[Record], config: dict) -> None:
    bot = "civics-forum-owner@lists.example.org"
    reminders = [r for r in records if r.address == bot.replace("@", " at ")]
    assert Counter(r.file for r in reminders) == Counter(RECORDS_PER_FILE.keys())


# --- the list configuration ---------------------------------------------------------------------


def test_config_names_the_list_and_its_server_time_zone(config: dict) -> None:
    assert config["name"] == "civics-forum"
    assert ZoneInfo(config["timezone"]) == SERVER_TIME_ZONE
    assert (CONFIG.parent / config["source"]).resolve() == SAMPLE
    assert set(config["strip_tags"]) == {"civics-forum", "governance"}


def test_every_topic_term_occurs_in_the_archive(config: dict, texts: dict[str, str]) -> None:
    everything = "\n".join(texts.values()).lower()
    for topic in config["topics"].values():
        assert topic["label"]
        for term in topic["terms"]:
            assert term.lower() in everything, term


def test_wgec_topic_peaks_in_january(config: dict, records: list[Record]) -> None:
    terms = [t.lower() for t in config["topics"]["wgec"]["terms"]]
    per_file = Counter(
        r.file for r in records if any(t in (r.headers["Subject"] + r.body).lower() for t in terms)
    )
    assert per_file.most_common(1)[0][0] == "2018-January.txt"
    assert per_file["2018-January.txt"] >= 1.5 * max(
        n for f, n in per_file.items() if f != "2018-January.txt"
    )
