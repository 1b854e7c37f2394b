"""The Pipermail HTML reader against real archive trees (imagej-devel, twisted-python, reality)."""

from __future__ import annotations

import email
import gzip
import itertools
import re
import shutil
import tarfile
from collections import Counter
from email import policy
from email.message import Message
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from analyzer import api
from analyzer import ingest as ingest_stage
from analyzer.cli import cli
from analyzer.corpora import corpora_dir
from analyzer.model import RawMessage
from analyzer.readers.pipermail_html import (
    COPIED_ID_NOTE,
    COPY_NOTE,
    INDEX_ID_NOTE,
    INFERRED_ID_NOTE,
    PAGE_REFERENCE_PREFIX,
    READER_NAME,
    _infer_message_ids,
    _read_page,
    body_text,
    decode_page,
    find_period_folders,
    looks_like_pipermail_period_folder,
    parse_thread_index,
    read_period_folder,
)

CORPORA = corpora_dir()
IMAGEJ = CORPORA / "imagej-devel-pipermail"
TXT_SEPARATOR = re.compile(rb"^From \S+(?: at |@)\S+ .*\n", re.MULTILINE)


@pytest.fixture(scope="module")
def twisted_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The twisted HTML tree, unpacked once for this module."""
    target = tmp_path_factory.mktemp("twisted-html")
    with tarfile.open(CORPORA / "twisted-pipermail-html.tar.gz") as archive:
        archive.extractall(target, filter="data")
    return target / "twisted-pipermail-html"


@pytest.fixture(scope="module")
def imagej_messages() -> dict[Path, list[RawMessage]]:
    return {folder: list(read_period_folder(folder)) for folder in find_period_folders(IMAGEJ)}


def by_page(messages: list[RawMessage]) -> dict[str, RawMessage]:
    return {Path(message.source).name: message for message in messages}


def headers(message: RawMessage) -> Message:
    return email.message_from_bytes(message.data, policy=policy.compat32)


def body(message: RawMessage) -> str:
    return message.data.partition(b"\n\n")[2].decode("utf-8")


def lines(text: str) -> list[str]:
    kept = [line.rstrip() for line in text.splitlines()]
    while kept and not kept[-1]:
        kept.pop()
    return kept


def message_id(message: RawMessage) -> str | None:
    found = re.search(rb"^Message-ID: <(.*)>$", message.data, re.MULTILINE)
    return found.group(1).decode() if found else None


def txt_archive(path: Path) -> dict[str, tuple[Message, str]]:
    """Headers and body of each message in a Pipermail ``.txt``/``.txt.gz``, by Message-ID."""
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    found: dict[str, tuple[Message, str]] = {}
    for chunk in TXT_SEPARATOR.split(raw)[1:]:
        head, _, text = chunk.partition(b"\n\n")
        parsed = email.message_from_bytes(head, policy=policy.compat32)
        # Trac's weekly summaries write their Message-ID without angle brackets.
        identifier = re.search(r"<([^>]*)>|^\s*(\S+@\S+)\s*$", str(parsed.get("Message-ID", "")))
        if identifier:
            key = identifier.group(1) or identifier.group(2)
            found.setdefault(key, (parsed, text.decode("utf-8", "replace")))
    return found


def header_parent(parsed: Message) -> str | None:
    found = re.search(r"<([^>]*)>", str(parsed.get("In-Reply-To") or ""))
    return found.group(1) if found else None


# --- finding folders and counting pages ------------------------------------------------------


def test_imagej_tree_has_all_months_and_pages(
    imagej_messages: dict[Path, list[RawMessage]],
) -> None:
    folders = list(imagej_messages)
    assert len(folders) == 72
    assert (folders[0].name, folders[-1].name) == ("2009-November", "2015-October")
    assert sum(len(messages) for messages in imagej_messages.values()) == 2718
    assert len(imagej_messages[IMAGEJ / "2014-January"]) == 49
    every = [message for messages in imagej_messages.values() for message in messages]
    assert all(message.reader == READER_NAME and not message.defects for message in every)


def test_twisted_tree_counts(twisted_tree: Path) -> None:
    python_folders = find_period_folders(twisted_tree / "twisted-python")
    assert [folder.name for folder in python_folders] == [
        "1945-February",
        "2003-April",
        "2010-March",
        "2016-March",
    ]
    assert sum(len(list(read_period_folder(folder))) for folder in python_folders) == 1642
    assert len(list(read_period_folder(twisted_tree / "twisted-python" / "2010-March"))) == 480
    reality = find_period_folders(twisted_tree / "reality")
    assert len(reality) == 37  # the attachments/ folder is not a period folder
    assert sum(len(list(read_period_folder(folder))) for folder in reality) == 231
    assert len(find_period_folders(twisted_tree)) == 41


def test_index_is_position_in_page_number_order() -> None:
    messages = list(read_period_folder(IMAGEJ / "2014-January"))
    assert [message.index for message in messages] == list(range(49))
    names = [Path(message.source).name for message in messages]
    assert names == sorted(names)
    assert names[0] == "001885.html"


def test_looks_like_period_folder(tmp_path: Path, twisted_tree: Path) -> None:
    assert looks_like_pipermail_period_folder(IMAGEJ / "2014-January")
    assert looks_like_pipermail_period_folder(twisted_tree / "reality" / "1999-August")
    assert not looks_like_pipermail_period_folder(IMAGEJ)
    assert not looks_like_pipermail_period_folder(twisted_tree / "reality" / "attachments")
    assert not looks_like_pipermail_period_folder(IMAGEJ / "2014-January.txt")
    assert not looks_like_pipermail_period_folder(tmp_path)
    (tmp_path / "000001.html").write_text("<html><body>not an archive page</body></html>")
    assert not looks_like_pipermail_period_folder(tmp_path)


# --- fields of chosen pages, checked by hand against the pages ---------------------------------


def test_mailman_21_page_fields() -> None:
    page = by_page(list(read_period_folder(IMAGEJ / "2014-January")))["001885.html"]
    parsed = headers(page)
    assert parsed["Subject"] == (
        "[ImageJ-devel] [fiji-devel] Fiji updater operates on what directories and what file types?"
    )
    assert parsed["From"] == '"Johannes Schindelin" <Johannes.Schindelin at gmx.de>'
    assert parsed["Date"] == "Wed Jan  1 17:34:53 CST 2014"
    assert parsed["Message-ID"] == (
        "<alpine.DEB.1.00.1401020027460.1191@s15462909.onlinehome-server.info>"
    )
    assert parsed["In-Reply-To"] is None  # the mailto link carries the page's own ID
    assert parsed.get_content_charset() == "utf-8"
    assert page.archive_thread_order == 0 and page.archive_parent_id is None


def test_entities_in_subject_and_name_are_undone() -> None:
    page = by_page(list(read_period_folder(IMAGEJ / "2010-September")))["000162.html"]
    assert headers(page)["Subject"] == (
        "[ImageJ-devel] Imglib project organization & Bio-Formats support"
    )
    page = by_page(list(read_period_folder(IMAGEJ / "2015-January")))["002412.html"]
    parsed = headers(page)
    assert page.data.startswith('From: "Christian Göschl" <christian.goeschl at gmx.at>\n'.encode())
    assert parsed["Date"] == "Thu Jan 15 09:20:47 CST 2015"
    assert message_id(page) == (
        "trinity-3b56da31-bbac-48fb-bb6d-c9492a5010e7-1421335247039@3capp-gmx-bs43"
    )


def test_html_401_page_fields(twisted_tree: Path) -> None:
    pages = by_page(list(read_period_folder(twisted_tree / "twisted-python" / "2003-April")))
    parsed = headers(pages["036000.html"])
    assert parsed["Subject"] == "[Twisted-Python] FTP Server"
    assert parsed["From"] == '"Andrew Bennetts" <andrew-twisted at puzzling.org>'
    assert parsed["Date"] == "Tue Apr  8 07:36:53 MDT 2003"
    assert parsed["Message-ID"] == "<20030408133653.GC8291@frobozz.local>"


def test_old_pipermail_page_carries_in_reply_to_not_own_id(twisted_tree: Path) -> None:
    pages = by_page(list(read_period_folder(twisted_tree / "twisted-python" / "2010-March")))
    old, rebuilt = pages["021705.html"], pages["054205.html"]
    parsed = headers(old)
    assert parsed["From"] == '"Jonathan Lange" <jml at mumak.net>'
    assert parsed["Date"] == "Mon Mar  1 08:56:52 EST 2010"
    assert parsed["In-Reply-To"] == "<4B86C66B.8010609@noir.com>"
    # the stale copy is not in thread.html; its ID comes from the listed copy of the rebuild
    assert old.archive_thread_order is None
    assert "html: page not listed in thread.html" in old.defects
    assert COPIED_ID_NOTE in old.defects
    assert headers(rebuilt)["Date"] == "Mon Mar  1 06:56:52 MST 2010"
    assert (
        message_id(old)
        == message_id(rebuilt)
        == ("d06a5cd31003010556x781d3c9dj7cd4e35643ad352@mail.gmail.com")
    )


def test_oldest_pipermail_pages(twisted_tree: Path) -> None:
    january = by_page(list(read_period_folder(twisted_tree / "reality" / "2000-January")))
    parsed = headers(january["000074.html"])
    assert parsed["From"] == '"Glyph Lefkowitz" <glyph@twistedmatrix.com>'
    assert parsed["Date"] == "Wed, 19 Jan 2000 23:13:17 -0500 (EST)"
    assert parsed["Subject"] == "[Reality] V3(4?) RFC?"
    august = by_page(list(read_period_folder(twisted_tree / "reality" / "1999-August")))
    folded = august["000009.html"]
    assert headers(folded)["Subject"] == (
        "[Reality] verbObject location -- what to do about verb ambiguity?"
    )
    # no Message-ID anywhere on these pages: the parent is named by its page
    assert message_id(august["000003.html"]) is None
    assert folded.archive_parent_id == (
        PAGE_REFERENCE_PREFIX + str(twisted_tree / "reality" / "1999-August" / "000003.html")
    )


# --- bodies ------------------------------------------------------------------------------------


def test_body_equals_txt_archive() -> None:
    txt = txt_archive(IMAGEJ.parent / "imagej-devel-pipermail" / "2014-January.txt")
    page = by_page(list(read_period_folder(IMAGEJ / "2014-January")))["001885.html"]
    expected = txt[message_id(page) or ""][1]
    assert lines(body(page)) == lines(expected)
    assert "> > Almost correct. The file extensions accepted are dependent on the" in body(page)
    assert '"ImageJ-linux64 --all-my-special-args..."' in body(page)


def test_link_wrappers_dropped_text_kept(twisted_tree: Path) -> None:
    folder = twisted_tree / "twisted-python" / "2010-March"
    page = by_page(list(read_period_folder(folder)))["054205.html"]
    expected = txt_archive(twisted_tree / "twisted-python" / "2010-March.txt")
    assert lines(body(page)) == lines(expected[message_id(page) or ""][1])
    assert body(page).startswith(
        "On Thu, Feb 25, 2010 at 6:50 PM, K. Richard Pixley <rich at noir.com> wrote:\n"
    )


def test_whole_month_bodies_match_txt_but_for_non_ascii() -> None:
    """The .txt archive turns non-ASCII characters into '?'; the pages keep them."""
    txt = txt_archive(IMAGEJ / "2014-January.txt")
    outcome = Counter()
    for page in read_period_folder(IMAGEJ / "2014-January"):
        expected = lines(txt[message_id(page) or ""][1])
        if lines(body(page)) == expected:
            outcome["equal"] += 1
        elif lines(re.sub(r"[^\x00-\x7f]", "?", body(page))) == expected:
            outcome["non-ascii"] += 1
    assert outcome == {"equal": 37, "non-ascii": 12}


def test_targeted_parsing_equals_beautifulsoup(twisted_tree: Path) -> None:
    folder = twisted_tree / "twisted-python" / "2010-March"
    pages = sorted(folder.glob("[0-9][0-9][0-9][0-9][0-9][0-9].html"))
    assert len(pages) == 480
    for path in pages:
        text, _ = decode_page(path.read_bytes())
        article = text.split("<!--beginarticle-->")[1].split("<!--endarticle-->")[0]
        soup = BeautifulSoup(article, "lxml")
        pre = soup.find("pre")
        expected = (pre or soup).get_text()
        assert lines(body_text(article)) == lines(expected), path


def test_entities_are_undone_once() -> None:
    article = (
        '\n<PRE>a &amp;gt; b &gt;<i> c\n</I>&#233; &amp;amp; <A HREF="x">u at h</A>\n\n</PRE>\n'
    )
    assert body_text(article) == "a &gt; b > c\né &amp; u at h\n"


# --- thread.html -----------------------------------------------------------------------------


def test_thread_key_recovers_depth_beyond_three() -> None:
    messages = list(read_period_folder(IMAGEJ / "2014-January"))
    page_of_id = {message_id(message): Path(message.source).name for message in messages}
    parent_page = {
        Path(message.source).name: page_of_id[message.archive_parent_id]
        for message in messages
        if message.archive_parent_id
    }
    chain = ["001925.html"]
    while chain[-1] in parent_page:
        chain.append(parent_page[chain[-1]])
    assert chain == [
        "001925.html",
        "001923.html",
        "001922.html",
        "001921.html",
        "001920.html",
        "001919.html",
        "001916.html",
    ]
    index_html, _ = decode_page((IMAGEJ / "2014-January" / "thread.html").read_bytes())
    entries = {entry.page_number: entry for entry in parse_thread_index(index_html)}
    assert entries[1925].depth == 6  # the page's comment and nesting say 3
    orders = sorted(message.archive_thread_order for message in messages)
    assert orders == list(range(49))


def test_message_ids_in_keys_with_dashes() -> None:
    """2009 keys hold ``date/message-id`` components whose IDs contain '-'."""
    pages = by_page(list(read_period_folder(IMAGEJ / "2009-December")))
    assert pages["000008.html"].archive_parent_id == (
        "857a86450912081616r1246e457ldebd105a62e66e01@mail.gmail.com"
    )


def test_thread_parents_agree_with_in_reply_to(
    imagej_messages: dict[Path, list[RawMessage]],
) -> None:
    tally = Counter()
    for folder, messages in imagej_messages.items():
        txt = txt_archive(folder.with_name(folder.name + ".txt"))
        for message in messages:
            parsed, _ = txt[message_id(message) or ""]
            parent = header_parent(parsed)
            if parent is None:
                continue
            tally["header parent"] += 1
            if parent not in txt:
                tally["outside month"] += 1
            elif message.archive_parent_id == parent:
                tally["agree"] += 1
            elif message.archive_parent_id is None:
                tally["root in thread.html"] += 1  # the parent reached the archive later
            else:
                tally["other parent"] += 1
    assert tally["header parent"] == 2127
    assert tally["outside month"] == 334
    assert tally["agree"] >= 1773
    assert tally["other parent"] == 0


# --- what only the page archive knows about IDs --------------------------------------------------


def test_inferred_and_copied_ids_are_right(twisted_tree: Path) -> None:
    checked = Counter()
    for folder in find_period_folders(twisted_tree):
        txt_path = folder.with_name(folder.name + ".txt.gz")
        txt = txt_archive(txt_path) if txt_path.exists() else {}
        for message in read_period_folder(folder):
            notes = {INFERRED_ID_NOTE, COPIED_ID_NOTE, INDEX_ID_NOTE} & set(message.defects)
            if not notes:
                continue
            parsed, _ = txt[message_id(message) or ""]
            shown = str(headers(message)["From"]).rsplit("<", 1)[1].rstrip(">")
            assert shown in str(parsed["From"]), message.source
            checked[notes.pop()] += 1
    # 731: every stale copy without an ID of its own (2003-April, 2010-March) but none.
    assert checked == {INDEX_ID_NOTE: 51, COPIED_ID_NOTE: 731}


def test_ids_in_thread_keys_agree_with_pages_and_inference(twisted_tree: Path) -> None:
    """Keys of the ``date/message-id`` form name the page's Message-ID: where the page shows
    one, or a reply's In-Reply-To gives one, they are the same."""
    tally: Counter[str] = Counter()
    for folder in [*find_period_folders(twisted_tree), *find_period_folders(IMAGEJ)]:
        index_html, _ = decode_page((folder / "thread.html").read_bytes())
        entries = parse_thread_index(index_html)
        files = {entry.page_number: folder / f"{entry.page_number:06d}.html" for entry in entries}
        pages = {number: _read_page(path) for number, path in files.items() if path.exists()}
        _infer_message_ids(pages, {e.page_number: e.parent_page_number for e in entries})
        for entry in entries:
            page = pages.get(entry.page_number)
            if entry.message_id is None or page is None:
                continue
            if page.message_id is None:
                tally["key only"] += 1
                continue
            assert page.message_id == entry.message_id, (folder, entry.key)
            tally["inferred" if INFERRED_ID_NOTE in page.defects else "shown"] += 1
    assert tally == {"shown": 800, "inferred": 21, "key only": 30}
    mixed = "01049217697/64E9FA92-6466-11D7@example.com-01049221752.35889-"
    assert (
        parse_thread_index(f'<!--1 {mixed} --><LI><A HREF="000001.html">x</A>')[0].message_id
        is None
    )


def test_rebuilt_month_keeps_one_id_per_message(twisted_tree: Path) -> None:
    messages = list(read_period_folder(twisted_tree / "twisted-python" / "2010-March"))
    listed = {message_id(m) for m in messages if m.archive_thread_order is not None}
    stale = [m for m in messages if m.archive_thread_order is None]
    assert len(listed) == 240 and len(stale) == 240
    # Every stale copy, even the 10 whose text differs from the listed page's (attachment links
    # rewritten, entities escaped otherwise, a body cut at an unescaped "From " line), is
    # matched by sender, subject and instant.
    assert {message_id(m) for m in stale} == listed
    assert all(
        any(d.startswith("html: an earlier or later build") for d in m.defects) for m in stale
    )
    # Each comes right after the listed page it copies: the store keeps the listed one.
    for previous, message in itertools.pairwise(messages):
        if message.archive_thread_order is None:
            assert previous.archive_thread_order is not None
            assert message_id(previous) == message_id(message)


# --- a rebuilt archive read from its pages alone ------------------------------------------------

TWISTED_MONTHS = ("1945-February", "2003-April", "2010-March", "2016-March")


def _ingested(sources: list[Path], folder: Path, name: str) -> pd.DataFrame:
    api.ingest(sources, list_name=name, data_dir=folder, workers=1)
    return api.messages(name, folder, bodies=False).set_index("message_id")


def test_html_pages_alone_give_the_messages_of_the_text_archive(
    twisted_tree: Path, tmp_path: Path
) -> None:
    """The four twisted-python months read from their pages only: each message once (not a
    stale copy as well), stored from the page thread.html lists, with its place there; the
    same Message-IDs as the months' ``.txt.gz``. (Before: 840 stored, 16 of them copies with
    synthetic IDs, 784 "not listed", 17 with an archive parent, 2 without a date.)"""
    python = twisted_tree / "twisted-python"
    pages_only = tmp_path / "pages"
    for month in TWISTED_MONTHS:
        shutil.copytree(python / month, pages_only / month)
    html = _ingested([pages_only], tmp_path / "html", "html")
    text = _ingested([python / f"{m}.txt.gz" for m in TWISTED_MONTHS], tmp_path / "txt", "txt")
    assert len(html) == len(text) == 824
    assert set(html.index) == set(text.index)
    assert not html.index.str.endswith("synthetic.analyzer.invalid").any()
    assert html["archive_thread_order"].notna().all()
    assert not html["defects"].map(lambda d: "html: page not listed in thread.html" in d).any()
    # Every entry of the months' thread.html that has a parent there keeps it.
    nested = 0
    for month in TWISTED_MONTHS:
        index_html, _ = decode_page((pages_only / month / "thread.html").read_bytes())
        nested += sum(e.parent_page_number is not None for e in parse_thread_index(index_html))
    assert html["archive_parent_id"].notna().sum() == nested == 624
    assert html["date"].notna().all()
    # Threads: the archive's nesting joins a few more than the headers alone (249 before).
    assert html["thread_id"].nunique() == 200
    # 205 before quotes under an Outlook header counted, 203 before Andrew Dalke's "(no subject)"
    # answer quoting Itamar found its parent by its quote (the wide search of headerless posts)
    assert text["thread_id"].nunique() == 202
    parents_agree = html["parent_id"].fillna("") == text.loc[html.index, "parent_id"].fillna("")
    # 805: the text follows quotes thread.html never saw (Andrew Dalke's answer to Itamar above)
    assert parents_agree.sum() >= 805
    # A page shows its date in the server's zone: the same instant, but the writer's offset,
    # which the text archive's Date headers give, is unknown there.
    assert html["tz_offset_minutes"].isna().all()
    assert text["tz_offset_minutes"].notna().mean() > 0.95
    same_instant = html["date"] == text.loc[html.index, "date"]
    assert same_instant.mean() > 0.95


def test_page_with_an_implausible_date_takes_the_time_of_its_message_id(
    twisted_tree: Path,
) -> None:
    """1945-February's pages show the 1945 dates Pipermail computed from a broken offset
    (``+50579034``); thread.html's keys give their Message-IDs, whose times (sendmail's, UTC)
    are a few minutes from the hour the ``.txt`` gives (its wall clock: the sender was UTC-4)."""
    folder = twisted_tree / "twisted-python" / "1945-February"
    pages = api.parse_sources([folder], "t").set_index("message_id")
    text = api.parse_sources([folder.with_name("1945-February.txt.gz")], "t")
    assert set(pages.index) == set(text["message_id"])
    first = pages.loc["200210211856.g9LIulJ67077@cgi-works.com"]
    assert first["date"] == pd.Timestamp("2002-10-21 18:56", tz="UTC")
    assert list(first["defects"]) == [
        INDEX_ID_NOTE,
        "implausible Date 'Wed Feb  7 20:28:34 EDT 1945'; used the time in its Message-ID, "
        "taken as UTC",
    ]
    for message_id, date in zip(text["message_id"], text["date"], strict=True):
        gap = pages.loc[message_id, "date"] - (date + pd.Timedelta(hours=4))
        assert abs(gap) < pd.Timedelta(minutes=10)


def test_messages_without_a_date_are_counted_and_named(twisted_tree: Path, tmp_path: Path) -> None:
    """The 1945 pages without their thread.html have no Message-ID and no plausible date: they
    are stored, and ``info`` and the report say so instead of counting them silently out."""
    source = tmp_path / "pages"
    shutil.copytree(twisted_tree / "twisted-python" / "2016-March", source / "2016-March")
    shutil.copytree(twisted_tree / "twisted-python" / "1945-February", source / "1945-February")
    (source / "1945-February" / "thread.html").unlink()
    data = tmp_path / "data"
    api.ingest([source], list_name="t", data_dir=data, workers=1)
    info = api.store_info("t", data)
    assert info.unique_messages == 79
    assert len(info.undated) == 2
    assert {Path(page).name for _, page in info.undated} == {"002044.html", "002056.html"}
    shown = CliRunner().invoke(cli, ["info", "--list", "t", "--data-dir", str(data)])
    assert shown.exit_code == 0
    assert "Without a date (left out of timelines and the report): 2" in shown.output
    assert all(f"<{message_id}>" in shown.output for message_id, _ in info.undated)
    page = api.write_report("t", tmp_path / "report", data_dir=data).read_text("utf-8")
    assert "77 messages, " in page
    assert "2 more without a date, in no period" in page


def test_copies_without_any_message_id_are_stored_once(twisted_tree: Path, tmp_path: Path) -> None:
    """A stale copy of a listed page that has no Message-ID either reads as that page, so that
    their content-derived IDs agree."""
    march = twisted_tree / "twisted-python" / "2010-March"
    shutil.copy(march / "021705.html", tmp_path / "021705.html")  # old template: no own ID
    shutil.copy(march / "021705.html", tmp_path / "054205.html")
    (tmp_path / "thread.html").write_text(
        '<!--0 01267451812.54205- -->\n<LI><A HREF="054205.html">[Twisted-Python] x\n'
        '</A><A NAME="54205">&nbsp;</A>\n<I>Jonathan Lange\n</I>\n'
    )
    messages = list(read_period_folder(tmp_path))
    assert [Path(m.source).name for m in messages] == ["054205.html", "021705.html"]
    assert messages[0].data == messages[1].data
    assert COPY_NOTE.format(page="054205.html") in messages[1].defects
    table, record = ingest_stage.parse_source(tmp_path, ingest_stage.ParseOptions("t"))
    assert (record.stored, record.duplicates) == (1, 1)
    assert table.column("source").to_pylist() == [str(tmp_path / "054205.html")]


# --- damage ------------------------------------------------------------------------------------


def test_folder_without_thread_index_still_yields_pages(tmp_path: Path) -> None:
    for page in (IMAGEJ / "2014-January").glob("0*.html"):
        shutil.copy(page, tmp_path / page.name)
    messages = list(read_period_folder(tmp_path))
    assert len(messages) == 49
    assert all(m.archive_parent_id is None and m.archive_thread_order is None for m in messages)
    assert all(not m.defects for m in messages)


def test_broken_and_missing_pages_do_not_stop_the_folder(tmp_path: Path) -> None:
    source = IMAGEJ / "2014-January"
    for name in ("thread.html", "001885.html", "001886.html", "001887.html"):
        shutil.copy(source / name, tmp_path / name)
    truncated = (source / "001888.html").read_bytes()
    (tmp_path / "001888.html").write_bytes(truncated[: truncated.index(b"<!--endarticle-->")])
    headless = (source / "001889.html").read_bytes()
    (tmp_path / "001889.html").write_bytes(headless[: headless.index(b"<!--beginarticle-->")])
    (tmp_path / "001890.html").write_bytes(b"\xff\xfe garbage")
    messages = by_page(list(read_period_folder(tmp_path)))
    assert len(messages) == 49  # the pages thread.html lists come back as stubs
    assert messages["001885.html"].defects == []
    assert any("no endarticle" in d for d in messages["001888.html"].defects)
    assert "html: no beginarticle marker" in messages["001889.html"].defects
    assert headers(messages["001889.html"])["Date"] == "Fri Jan  3 10:16:06 CST 2014"
    assert "html: no subject" in messages["001890.html"].defects
    stub = messages["001891.html"]
    assert any("missing" in d for d in stub.defects)
    assert headers(stub)["Subject"] == ("[ImageJ-devel] Interactive 3D Surface Plot - Data Export")
    assert headers(stub)["From"] == '"FriedK" <>'
    assert messages["001887.html"].archive_parent_id == message_id(messages["001886.html"])
    # a reply to a missing page names its parent by the page
    assert messages["001898.html"].archive_parent_id == (
        PAGE_REFERENCE_PREFIX + str(tmp_path / "001893.html")
    )
