"""Parsing real messages: headers, addresses, dates, charsets, MIME, defects instead of errors."""

from __future__ import annotations

import email
import re
from datetime import UTC, datetime, timedelta
from email.header import decode_header, make_header
from email.utils import parseaddr
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer.dates import message_id_time, parse_local_date
from analyzer.decoding import one_space
from analyzer.defects import is_repair
from analyzer.errors import SourceError
from analyzer.ingest import CUT_SHORT_COPY_DEFECT, ParseOptions, parse_source, parse_sources
from analyzer.model import RawMessage
from analyzer.parse import (
    _envelope_date,
    _parse_ascii_head,
    _parse_bytes_head,
    _parse_from,
    decode_text,
    deobfuscate_address,
    enriched_to_text,
    parse_message,
    split_head,
)
from analyzer.quotes import apply_quotes
from analyzer.readers import read_source
from analyzer.schema import STORED_MESSAGE_SCHEMA


def _rows(path: Path) -> list[dict]:
    return [parse_message(raw, list_name="t") for raw in read_source(path).messages]


def test_pipermail_message_fields(corpora: Path) -> None:
    row = _rows(corpora / "clearwater-pipermail" / "2016-May.txt")[0]
    assert row["message_id"] == "57273bfd.85a9ca0a.7311d.7867@mx.google.com"
    assert row["from_email"] == "masood.tahir696@gmail.com"
    assert row["date"] == datetime(2016, 5, 2, 11, 16, 59, tzinfo=UTC)
    assert row["tz_offset_minutes"] == 0
    assert row["subject"] == "[Project Clearwater] sip client authentication issue error 408"
    assert (
        row["in_reply_to"]
        == "SN1PR0201MB1856723C2603F4C73D6965C1E1650@SN1PR0201MB1856.namprd02.prod.outlook.com"
    )
    assert row["references"] == [
        "57220259.e70d9d0a.5ca25.ffffb335@mx.google.com",
        "SN1PR0201MB1856723C2603F4C73D6965C1E1650@SN1PR0201MB1856.namprd02.prod.outlook.com",
    ]
    assert row["body"].startswith("Hi Chris,")
    assert row["defects"] == []


def test_broken_offset_falls_back_to_a_plausible_date(corpora: Path) -> None:
    rows = _rows(corpora / "twisted-python-pipermail-gz" / "1945-February.txt.gz")
    assert len(rows) == 2
    # The separator says 1945 (where Pipermail filed it): no better; the wall clock is kept.
    assert rows[0]["date"] == datetime(2002, 10, 21, 15, 2, 34, tzinfo=UTC)
    for row in rows:
        assert any("broken offset '+50579034'" in d for d in row["defects"])
        assert any("local time was taken as UTC" in d for d in row["defects"])
    good_separator = RawMessage(
        source="t",
        index=0,
        envelope="a at b.org  Mon Oct 21 11:02:34 2002",
        data=b"From: a at b.org\nDate: Mon, 21 Oct 2002 15:02:34 +50579034\nMessage-ID: <x@y>\n\nhi\n",
    )
    row = parse_message(good_separator, list_name="t")
    assert row["date"] == datetime(2002, 10, 21, 11, 2, 34, tzinfo=UTC)
    assert any("used the separator's date" in d for d in row["defects"])


def test_dates_without_zone_are_read_in_the_list_time_zone(twisted_html_tree: Path) -> None:
    """reality's server wrote 45 Date headers without a zone (``Sat Apr  3 23:40:24 2004``).
    Its pages say MST/MDT, and in America/Denver those dates fall within minutes of the
    ``From_`` line, the server's own arrival time: read as UTC they were 6-7 hours early."""
    zone = ZoneInfo("America/Denver")
    read_in_zone = "date has no time zone; read in the list's time zone America/Denver"
    arrival_gaps: list[timedelta] = []
    after_arrival: list[str] = []
    as_utc = 0
    for path in sorted((twisted_html_tree / "reality").glob("*.txt.gz")):
        for raw in read_source(path).messages:
            defects = parse_message(raw, list_name="reality")["defects"]
            as_utc += "date has no time zone; taken as UTC" in defects
            row = parse_message(raw, list_name="reality", server_zone=zone)
            arrival = parse_local_date(_envelope_date(raw.envelope), zone)
            assert arrival is not None
            if read_in_zone in row["defects"]:
                assert row["tz_offset_minutes"] is None  # the server's zone, not the writer's
                arrival_gaps.append(abs(row["date"] - arrival.utc))
            elif any("after the message reached the server" in d for d in row["defects"]):
                assert row["date"] == arrival.utc
                after_arrival.append(row["message_id"])
    assert as_utc == 45
    assert len(arrival_gaps) == 44
    assert max(arrival_gaps) <= timedelta(minutes=10)
    # Glyph's "Sun Apr  4 20:23:27 2004" (no zone) would fall 7.5 h after it arrived at
    # 12:56:10 MDT: written elsewhere; the arrival is the better date.
    assert after_arrival == ["BCB88024-8669-11D8-9D8B-000393C9700E@twistedmatrix.com"]

    frame = parse_sources(
        [twisted_html_tree / "reality" / "2004-April.txt.gz"],
        ParseOptions("reality", server_time_zone="America/Denver"),
    ).set_index("message_id")
    row = frame.loc["20040404063306.24283.904559571.divmod.quotient.14@ohm"]
    # Its Message-ID was made at 06:33:06 UTC, its page says 23:33:06 MST; Date 23:40:24.
    assert row["date"] == pd.Timestamp("2004-04-04 06:40:24", tz="UTC")
    assert pd.isna(row["tz_offset_minutes"])  # MST is the server's zone, the writer's unknown
    assert read_in_zone in list(row["defects"])


def test_a_date_without_zone_never_lands_after_its_arrival() -> None:
    """The sample archive's ``Date: lundi 15 janvier 2018 17:40`` was written in UTC+1 and
    reached the New York server at 11:40 EST (16:40 UTC). Read in the server's zone it would
    fall six hours after that: the separator's date is used instead."""
    sample = Path(__file__).resolve().parents[1] / "archives" / "sample" / "2018-January.txt"
    (raw,) = [m for m in read_source(sample).messages if b"lundi 15 janvier" in m.data]
    new_york = ZoneInfo("America/New_York")
    row = parse_message(raw, list_name="t", server_zone=new_york)
    assert row["date"] == datetime(2018, 1, 15, 16, 40, tzinfo=UTC)
    assert any("falls 6.0 h after the message reached the server" in d for d in row["defects"])
    # Without a separator the server's zone is the only knowledge there is.
    raw.envelope = ""
    row = parse_message(raw, list_name="t", server_zone=new_york)
    assert row["date"] == datetime(2018, 1, 15, 22, 40, tzinfo=UTC)
    # A date with a zone of its own, even an unknown one, is not in the server's zone.
    raw.data = raw.data.replace(b"lundi 15 janvier 2018 17:40", b"15 Jan 2018 17:40 XYZT")
    row = parse_message(raw, list_name="t", server_zone=new_york)
    assert row["date"] == datetime(2018, 1, 15, 17, 40, tzinfo=UTC)
    assert any("unknown zone 'XYZT'" in d for d in row["defects"])


def test_time_in_a_message_id_only_when_it_is_a_plausible_time() -> None:
    """The last resort for a message with no plausible date: the time some mailers put at the
    start of the Message-ID (IDs from the reality and twisted-python archives)."""
    found = message_id_time("20040404063306.24283.904559571.divmod.quotient.14@ohm")
    assert found is not None and found.utc == datetime(2004, 4, 4, 6, 33, 6, tzinfo=UTC)
    found = message_id_time("200210211856.g9LIulJ67077@cgi-works.com")
    assert found is not None and found.utc == datetime(2002, 10, 21, 18, 56, tzinfo=UTC)
    for other in (
        "1267938315.66.1779965534@twistedmatrix.com",  # seconds since 1970, not a date
        "1333317542356.JavaMail.jenkins@dev",  # milliseconds: "year 1333"
        "200213211856.x@y",  # month 13
        "2002102118561234@y",  # 16 digits
        "CADN69y=0H7GjZEV+tphw2M2EZBOFX6s65yNHYozECntiWfJtXA@mail.gmail.com",
        None,
    ):
        assert message_id_time(other) is None, other


def test_html_page_dates_with_zone_names_agree_with_text_archive(corpora: Path) -> None:
    month = corpora / "imagej-devel-pipermail"
    html = parse_sources([month / "2014-January"], ParseOptions("imagej")).set_index("message_id")
    text = parse_sources([month / "2014-January.txt"], ParseOptions("imagej")).set_index(
        "message_id"
    )
    assert len(html) == len(text) == 49
    joined = html.add_suffix("_html").join(text.add_suffix("_txt"), how="inner")
    assert (joined["date_html"] == joined["date_txt"]).all()
    assert (joined["from_email_html"] == joined["from_email_txt"]).all()
    assert (joined["subject_html"] == joined["subject_txt"]).all()
    # The pages show the server's US Central time (CST): the same instants, but not the
    # writers' offsets, which only the text archive's Date headers give.
    assert joined["tz_offset_minutes_html"].isna().all()
    assert joined["tz_offset_minutes_txt"].nunique() > 1


def test_imagej_same_messages_from_txt_txt_gz_and_html(corpora: Path) -> None:
    root = corpora / "imagej-devel-pipermail"
    from_txt = parse_sources(sorted(root.glob("*.txt")), ParseOptions("imagej"))
    from_gz = parse_sources(sorted(root.glob("*.txt.gz")), ParseOptions("imagej"))
    from_html = parse_sources(
        sorted(p for p in root.iterdir() if p.is_dir()), ParseOptions("imagej")
    )
    assert len(from_txt) == len(from_gz) == len(from_html) == 2718
    assert set(from_txt.message_id) == set(from_gz.message_id) == set(from_html.message_id)


@pytest.mark.parametrize(
    ("obfuscated", "address"),
    [
        ("alice at example.org (Alice)", "alice@example.org (Alice)"),
        ("jan en ejemplo.es", "jan@ejemplo.es"),
        ("piet op voorbeeld.nl", "piet@voorbeeld.nl"),
        ("marco a esempio.it", "marco@esempio.it"),
    ],
)
def test_deobfuscation(obfuscated: str, address: str) -> None:
    assert deobfuscate_address(obfuscated) == address


def test_deobfuscation_leaves_prose_alone() -> None:
    assert deobfuscate_address("We met at home.") == "We met at home."


def _raw(text: str, envelope: str = "") -> RawMessage:
    return RawMessage(source="t", index=0, data=text.encode("utf-8"), envelope=envelope)


def test_bogus_address_is_no_address() -> None:
    row = parse_message(
        _raw("From: bogus at does.not.exist.com (Some One)\nMessage-ID: <x@y>\n\nhi\n"),
        list_name="t",
    )
    assert (row["from_name"], row["from_email"]) == ("Some One", "")
    assert any("placeholder bogus@does.not.exist.com; name kept" in d for d in row["defects"])


def test_pipermail_placeholder_posts_say_what_they_are(corpora: Path) -> None:
    """The 2009-April "No subject" posts from bogus@does.not.exist.com are pieces Pipermail split
    off messages of later months: they keep the placeholder as their sender (an automated one,
    not a person with no name), and the defect tells a reader why."""
    path = corpora / "twisted-python-pipermail-gz" / "2009-April.txt.gz"
    rows = [row for row in _rows(path) if row["subject"] == "No subject"]
    assert len(rows) == 16
    for row in rows:
        assert (row["from_name"], row["from_email"]) == ("", "bogus@does.not.exist.com")
        assert any("Pipermail's placeholder" in d for d in row["defects"]), row["message_id"]


def test_a_pipermail_piece_is_dated_when_mailman_archived_it(corpora: Path) -> None:
    """Every piece filed in 2009-April.txt.gz says the rebuild's 2009-04-26 12:47:01; the time
    in its Message-ID (mailman.5.1249585064...) is when it arrived, seconds after the message it
    was cut from: its date, a repair. The bodiless piece of 2009-June.txt.gz got its Message-ID
    in the 2019 rebuild: its Date stays."""
    folder = corpora / "twisted-python-pipermail-gz"
    rows = {row["message_id"]: row for row in _rows(folder / "2009-April.txt.gz")}
    piece = rows["mailman.5.1249585064.23371.twisted-python@twistedmatrix.com"]
    assert piece["date"] == datetime(2009, 8, 6, 18, 57, 44, tzinfo=UTC)
    assert piece["tz_offset_minutes"] is None
    [note] = [d for d in piece["defects"] if d.startswith("date:")]
    assert "'Sun, 26 Apr 2009 12:47:01 -0000'" in note and is_repair(note)
    assert len({r["date"] for r in rows.values() if r["subject"] == "No subject"}) == 16
    rows = {row["message_id"]: row for row in _rows(folder / "2009-June.txt.gz")}
    later = rows["mailman.5.1574573429.12674.twisted-python@twistedmatrix.com"]
    assert later["date"] == datetime(2009, 6, 3, 19, 43, 36, tzinfo=UTC)
    assert not any(d.startswith("date:") for d in later["defects"])


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            'Message from "Fred L. Drake" <fdrake@acm.org> of "Tue, 10 Sep 2002" <1.2@zope.com>',
            "1.2@zope.com",
        ),
        ("Message from Glyph Lefkowitz <glyph@twistedmatrix.com>", None),  # a sender, no ID
        ("<id1@x.org> (message from Foo Bar <foo@bar.org> on Mon, 1 Jan 2001)", "id1@x.org"),
        ("<id2@x.org>; from sune@mel.dk on Thu, Dec 06, 2001", "id2@x.org"),
        ("<a@b.org> <c@d.org>", "a@b.org"),
        ("Message from Ann <ann at host.org> of Tue <x.y at host.org>", "x.y@host.org"),
    ],
)
def test_in_reply_to_of_old_clients_gives_the_message_not_the_sender(
    header: str, expected: str | None
) -> None:
    text = f"From: a@example.org\nMessage-ID: <m@x>\nIn-Reply-To: {header}\n\nbody\n"
    assert parse_message(_raw(text), list_name="t")["in_reply_to"] == expected


def test_missing_message_id_gets_stable_synthetic_id() -> None:
    text = "From: a@example.org\nDate: Mon, 2 May 2016 11:16:59 +0000\nSubject: s\n\nbody\n"
    first = parse_message(_raw(text), list_name="t")
    again = parse_message(_raw(text), list_name="t")
    other = parse_message(_raw(text.replace("body", "other body")), list_name="t")
    assert first["message_id"] == again["message_id"] != other["message_id"]
    assert first["message_id"].endswith("@synthetic.analyzer.invalid")
    assert any("synthetic" in d for d in first["defects"])


def test_messages_without_any_date_are_kept() -> None:
    row = parse_message(_raw("From: a@example.org\nMessage-ID: <x@y>\n\nhi\n"), list_name="t")
    assert row["date"] is None and any("no Date header" in d for d in row["defects"])
    dated = parse_message(
        _raw(
            "From: a@example.org\nDate: yesterday\nMessage-ID: <x@y>\n\nhi\n",
            "a at b  Mon Jan  6 10:24:58 2014",
        ),
        list_name="t",
    )
    assert dated["date"] == datetime(2014, 1, 6, 10, 24, 58, tzinfo=UTC)
    assert any("unreadable Date" in d for d in dated["defects"])


@pytest.mark.parametrize("year", ["0001", "9999"])
def test_absurd_years_are_recorded(year: str) -> None:
    row = parse_message(
        _raw(
            f"From: a@example.org\nDate: Mon, 1 Jan {year} 00:00:00 +0000\nMessage-ID: <x@y>\n\nhi\n"
        ),
        list_name="t",
    )
    assert any("implausible Date" in d for d in row["defects"])


def test_charsets_declared_wrong_and_unknown(corpora: Path) -> None:
    hk = corpora / "hyperkitty-testdata"
    wrong = _rows(hk / "payload-utf8-wrong.txt")[0]
    assert any("does not match its declared charset" in d for d in wrong["defects"])
    assert wrong["body"].startswith("diff --cc")
    latin = _rows(hk / "payload-iso8859.txt")[0]
    assert latin["defects"] == [] and any(ord(c) > 127 for c in latin["body"])
    unknown = _rows(hk / "payload-unknown.txt")[0]
    assert unknown["body"].strip()
    headers = _rows(hk / "non-ascii-headers.txt")[0]
    assert any(ord(c) > 127 for c in headers["from_name"] + headers["subject"])


def test_html_only_mail_becomes_text_and_attachments_are_listed(corpora: Path) -> None:
    hk = corpora / "hyperkitty-testdata"
    html = _rows(hk / "html-email-1.txt")[0]
    assert "<" not in html["body"] or "<html" not in html["body"].lower()
    assert html["body"].strip()
    with_attachment = _rows(hk / "attachment-1.txt")[0]
    assert with_attachment["attachments"]
    _name, ctype, size = with_attachment["attachments"][0].split("|")
    assert ctype and int(size) > 0
    assert "base64" not in with_attachment["body"].lower()


def test_scrub_notice_stays_in_body(corpora: Path) -> None:
    row = _rows(corpora / "hyperkitty-testdata" / "pipermail_nextpart.txt")[0]
    assert "-------------- next part --------------" in row["body"]


def test_pipermail_scrub_notices_list_the_attachments(corpora: Path) -> None:
    """Pipermail keeps a notice (name, type, size, URL) where an attachment was: the attachments
    column lists them, as it lists the MIME attachments of mbox mail; the HTML copy of a
    message is the message itself, not an attachment."""
    months = sorted((corpora / "imagej-devel-pipermail").glob("201[01]-*.txt"))
    frame = parse_sources(months, ParseOptions("imagej"))
    notices = frame["body"].str.count(
        r"(?m)^(?:A non-text attachment|An embedded message|An embedded and charset-unspecified "
        r"text) was scrubbed\.\.\."
    )
    listed = frame["attachments"].map(len)
    assert notices.sum() > 20
    assert (listed == notices).all()
    labels = [label for labels in frame["attachments"] for label in labels]
    assert (
        "CellProfiler-madison.pptx|application/vnd.openxmlformats-officedocument.presentationml.presentation|171085"
        in labels
    )
    assert "Tubeness_.java|text/plain|0" in labels  # no size given for embedded text
    assert not any("text/html" in label for label in labels)


def test_broken_mime_never_raises(corpora: Path) -> None:
    """mail_multipart_bad.2 makes Python's email raise on walk(); we record and go on."""
    ietf = corpora / "ietf-mailarchive-testdata"
    for path in sorted(ietf.iterdir()):
        if path.name == "mail_bad.1":  # "It has no headers": not mail at all
            with pytest.raises(SourceError, match="mail_bad.1: is not a mail archive"):
                read_source(path)
            continue
        for raw in read_source(path).messages:
            row = parse_message(raw, list_name="ietf")
            assert row["message_id"]


def _only_message(path: Path) -> dict:
    (raw,) = read_source(path).messages
    return parse_message(raw, list_name="ietf")


def test_mime_damage_that_email_leaves_undone_is_undone(corpora: Path) -> None:
    """Real clients' MIME mistakes that Python's ``email`` reads literally: the text is kept and
    decoded all the same, with a defect saying what was wrong where a guess was made."""
    ietf = corpora / "ietf-mailarchive-testdata"
    # The declared boundary (an unclosed quote) is nowhere in the body: the text was lost.
    broken = _only_message(ietf / "mail_multipart_bad.1")
    assert broken["body"].startswith("Hello,\n\nThis is a test email.\n")
    assert broken["attachments"] == []
    assert "multipart's declared boundary not found; split at the one it holds" in broken["defects"]
    # "Content-Transfer-Encoding: base64 " (a space after it) is base64.
    assert _only_message(ietf / "bad_transfer_encoding.mail")["body"] == "Hello. Testing\n"
    # UTF-8 bytes labelled ISO-8859-1 ("BalÃ¡s" when read as labelled).
    for name in ("latin1.mail", "latin1.mbox"):
        mislabelled = _only_message(ietf / name)
        assert "Ivan Balás is a tennis player." in mislabelled["body"]
        assert mislabelled["defects"] == ["body declared 'iso-8859-1' is UTF-8; read as UTF-8"]
    # Real Latin-1 labelled Latin-1 is read as labelled (twisted-python's, clearwater's bodies
    # never changed with this rule).
    assert decode_text("Balás".encode("latin-1"), "iso-8859-1", None, []) == "Balás"
    # Attachment names in RFC 2047 words or folded over lines, as clients write them.
    (attachment,) = _only_message(corpora / "hyperkitty-testdata" / "attachment-4.txt")[
        "attachments"
    ]
    assert attachment == "todo-déjeuner.txt|text/plain|112"
    folded = _only_message(ietf / "attachment_folded_name.mail")["attachments"]
    assert folded == ["this_is_a really_long filename|text/plain|88"]


def test_text_enriched_is_read_as_text(corpora: Path) -> None:
    """RFC 1896 formatting commands (<bold>, <color><param>...</param>) are not words."""
    body = _only_message(corpora / "ietf-mailarchive-testdata" / "mail_text_enriched.1")["body"]
    assert "<" not in body and "ffff" not in body
    assert body.startswith("Hello,\nThis is a test email which demonstrates")
    assert "C I S C O  S Y S T E M S  Glen Clark - Software Engineer" in body
    assert enriched_to_text("a <<b> line\nwrapped\n\nnew") == "a <b> line wrapped\nnew"


def test_an_attached_message_is_a_forwarded_one_not_the_senders_words(corpora: Path) -> None:
    """A message/rfc822 part reads as a forwarded message (its sender's header lines, then its
    text): quote removal leaves it out of the sender's own words, where its text alone, pasted
    after the sender's, was counted as the sender's."""
    message = _only_message(
        corpora / "ietf-mailarchive-testdata" / "attachment_message_rfc822.mail"
    )
    assert message["body"] == (
        "This is an example with a text attachment.\n\n"
        "-------- Forwarded message --------\n"
        "From: Joe Smith <joe@example.com>\n"
        "Date: Thu, 9 Jun 2005 17:45:18 -0400\n"
        "Subject: subject of message\n"
        "To: fred@example.com\n\n"
        "Hello,\n\nThis is the inline message.\n"
    )
    segmented = apply_quotes(pd.DataFrame([message]))
    assert segmented["authored"].iloc[0].strip() == "This is an example with a text attachment."
    # An attached message's attachments are listed (openbmc: the file in an S/MIME message).
    september = corpora / "openbmc-mbox-2019" / "openbmc-2019-09.mbox"
    raw = next(m for m in read_source(september).messages if b"0f4eb2$2fgecj@orsmga002" in m.data)
    signed = parse_message(raw, list_name="openbmc")
    assert signed["attachments"] == ["winmail.dat|application/ms-tnef|6426"]
    assert "Subject: Collectd and librrd based telemetry collection" in signed["body"]


def test_subjects_an_export_wrapped_in_quotes_are_unwrapped(corpora: Path) -> None:
    """BigBang's LISTSERV mboxes write every subject as a Python repr (``subject: 'Re: x'``,
    once inside an encoded word): unwrapped, a reply's subject is its thread's again."""
    mbox = corpora / "bigbang-testdata" / "3GPP_mbox" / "3GPP_TSG_RAN_WG4_NR-MIMO-OTA.mbox"
    frame = parse_sources([mbox], ParseOptions("3gpp"))
    subjects = frame["subject"]
    assert not subjects.str.match(r"^'.*'$").any()
    assert (subjects == "Re: scaled channel model tables").sum() == 12
    assert (subjects == "答复: scaled channel model tables").any()  # in =?utf-8?b?J+etlOWkjTo=?=
    assert (
        parse_message(RawMessage("x", 0, b"Subject: 'Hello'\nFrom: a@b.c\n\nHi\n"), list_name="x")[
            "subject"
        ]
        == "Hello"
    )
    # a subject with a quote of its own inside is not a repr: left as it is
    assert (
        parse_message(
            RawMessage("x", 0, b"Subject: 'Tis the 'season'\nFrom: a@b.c\n\nHi\n"), list_name="x"
        )["subject"]
        == "'Tis the 'season'"
    )


def test_source_table_counts_duplicates_within_a_file(corpora: Path) -> None:
    table, record = parse_source(
        corpora / "twisted-python-pipermail-gz" / "2003-April.txt.gz", ParseOptions("t")
    )
    assert record.separators == record.stored + record.duplicates + record.rejected
    assert record.duplicates > 0.4 * record.separators
    assert table.num_rows == record.stored
    assert pd.Series(table.column("message_id").to_pylist()).is_unique


@pytest.mark.parametrize("month", ["2010-February.txt.gz", "2009-January.txt.gz"])
def test_source_table_is_every_message_parsed_with_later_copies_dropped(
    corpora: Path, month: str
) -> None:
    """parse_source skips the full parse of a copy whose header block it has seen; the table and
    the counts must be what parsing every message gives, keeping of each ID the first copy unless
    a later one is that copy with more text after it (a copy cut short).
    2010-February holds 278 copies whose body differs from the first (scrubbed-attachment URLs)
    and one copy cut short, 2009-January two messages without a Message-ID."""
    path = corpora / "twisted-python-pipermail-gz" / month
    table, record = parse_source(path, ParseOptions("t"))
    rows = _rows(path)
    first: dict[str, dict] = {}
    for row in rows:
        kept = first.setdefault(row["message_id"], row)
        short = kept["body"].rstrip()
        if row["body"].startswith(short) and row["body"][len(short) :].strip():
            first[row["message_id"]] = {**row, "defects": [*row["defects"], CUT_SHORT_COPY_DEFECT]}
    expected = pa.Table.from_pylist(list(first.values()), schema=STORED_MESSAGE_SCHEMA)
    assert table.equals(expected)
    assert record.stored == len(first)
    assert record.duplicates == len(rows) - len(first) > 0.4 * len(rows)
    assert record.messages_with_defects == sum(1 for row in first.values() if row["defects"])


def _message(envelope: bytes, head: bytes, body: bytes) -> bytes:
    return b"From " + envelope + b"\n" + head + b"\n\n" + body + b"\n\n"


def test_copies_are_told_by_message_id_never_by_a_header_block_without_one(
    tmp_path: Path,
) -> None:
    with_id = b"From: a at example.org (A)\nDate: Mon, 2 Apr 2001 00:58:51 +0200\nMessage-ID: <x@y>"
    without = b"From: b at example.org (B)\nSubject: no id, no date"
    archive = tmp_path / "2001-April.txt"
    archive.write_bytes(
        _message(b"a at example.org  Mon Apr  2 00:58:51 2001", with_id, b"first body")
        + _message(b"a at example.org  Sun Apr  1 22:58:51 2001", with_id, b"second body")
        # Same header block without ID or date: the envelope and the body make the synthetic ID.
        + _message(b"b at example.org  Mon Apr  2 01:00:00 2001", without, b"same")
        + _message(b"b at example.org  Mon Apr  2 02:00:00 2001", without, b"same")
        + _message(b"b at example.org  Mon Apr  2 02:00:00 2001", without, b"same")
    )
    table, record = parse_source(archive, ParseOptions("t"))
    assert (record.separators, record.stored, record.duplicates) == (5, 3, 2)
    assert table.column("body").to_pylist()[0] == "first body\n"
    assert table.column("source_index").to_pylist() == [0, 2, 3]


_BLANKS_AND_TEXT = st.text(alphabet=st.sampled_from(list("\t\r\x0b\x0c\x1c\x1f :ab")), max_size=6)
_HEAD_LINE = st.tuples(
    st.sampled_from(["", " ", "\t", "\x1c", "\x0c"]),
    st.sampled_from(["From", "subject", "Message-ID", "DATE", "X-Other", "", "junk"]),
    _BLANKS_AND_TEXT,
    st.sampled_from([":", ""]),
    _BLANKS_AND_TEXT,
).map("".join)
_HEAD_TEXT = st.lists(_HEAD_LINE, max_size=8).map("\n".join)


@given(_HEAD_TEXT)
@settings(max_examples=200, deadline=None)
def test_ascii_header_blocks_read_as_the_byte_by_byte_reader_reads_them(text: str) -> None:
    head = text.encode("ascii")
    by_bytes: list[str] = []
    by_text: list[str] = []
    assert _parse_bytes_head(head, by_bytes) == _parse_ascii_head(text, by_text)
    assert by_bytes == by_text


@given(st.text(alphabet=st.sampled_from(list("ab \t\n\r\x0b\x0c\x1c\x85\xa0\u2003\u3000\u200b"))))
def test_blanks_collapse_as_the_regex_collapses_them(text: str) -> None:
    assert one_space(text) == re.sub(r"\s+", " ", text)


# --- who sent it: the From header as lists and old archives write it ----------------------------


@pytest.mark.parametrize(
    ("value", "name", "address"),
    [
        # Old Pipermail (reality 1999-2000) and LISTSERV exports: no angle brackets.
        ("Glyph Lefkowitz glyph@divunal.com", "Glyph Lefkowitz", "glyph@divunal.com"),
        ("Glyph Lefkowitz glyph at divunal.com", "Glyph Lefkowitz", "glyph@divunal.com"),
        ("glyph@divunal.com Glyph Lefkowitz", "Glyph Lefkowitz", "glyph@divunal.com"),
        ('Ben "NetJunki" Moore bam98@hampshire.edu', 'Ben "NetJunki" Moore', "bam98@hampshire.edu"),
        (
            '"Rodriguez-Herrera, Alfonso"              Alfonso.Rodriguez-Herrera@SPIRENT.COM',
            "Rodriguez-Herrera, Alfonso",
            "alfonso.rodriguez-herrera@spirent.com",
        ),
        ('"xingjinqiang@oppo.com" xingjinqiang@oppo.com', "", "xingjinqiang@oppo.com"),
        # Spam in twisted-python 2009-January: the address in parentheses is the only one.
        ("Tamika (twisted-python@twistedmatrix.com)", "Tamika", "twisted-python@twistedmatrix.com"),
        # Pipermail's own form still reads as it did.
        ("glyph at divunal.com (Glyph Lefkowitz)", "Glyph Lefkowitz", "glyph@divunal.com"),
        ("Glyph Lefkowitz <glyph at divunal.com>", "Glyph Lefkowitz", "glyph@divunal.com"),
    ],
)
def test_from_without_angle_brackets(value: str, name: str, address: str) -> None:
    defects: list[str] = []
    assert _parse_from(value, defects) == (name, address)
    assert defects == []


def test_an_address_with_blanks_is_never_stored() -> None:
    defects: list[str] = []
    assert _parse_from("Foo Bar <foo bar@example.org>", defects) == ("Foo Bar", "")
    assert defects == ["From header holds no readable address; its words kept as the name"]


def test_old_pipermail_senders_have_addresses_without_blanks(
    corpora: Path, twisted_html_tree: Path
) -> None:
    reality = parse_sources([twisted_html_tree / "reality"], ParseOptions("reality"))
    assert len(reality) == 231
    assert not reality["from_email"].str.contains(r"\s").any()
    glyph = reality[reality["from_name"] == "Glyph Lefkowitz"]
    assert glyph.groupby("from_email").size().to_dict() == {
        "glyph@divmod.com": 2,
        "glyph@divunal.com": 10,  # "From: Glyph Lefkowitz glyph@divunal.com" (1999)
        "glyph@twistedmatrix.com": 41,  # 38 of them "Glyph Lefkowitz glyph@twistedmatrix.com"
        "reality@twistedmatrix.com": 19,
    }
    spam = parse_sources(
        [corpora / "twisted-python-pipermail-gz" / "2009-January.txt.gz"],
        ParseOptions("twisted-python"),
    )
    tamika = spam[spam["from_name"] == "Tamika"]
    assert len(tamika) == 2
    assert set(tamika["from_email"]) == {"twisted-python@twistedmatrix.com"}


USRP_LIST = "usrp-users@lists.ettus.com"
MUNGED = f"from: list address {USRP_LIST} replaced by Reply-To (DMARC munging)"


def _usrp_raw(corpora: Path) -> list[RawMessage]:
    folder = corpora / "usrp-users-mbox"
    return [m for path in sorted(folder.glob("*.mbox")) for m in read_source(path).messages]


def test_dmarc_munged_from_takes_the_sender_from_reply_to(corpora: Path) -> None:
    """usrp-users writes "Name via USRP-users <the list>" in From and the sender in Reply-To."""
    raws = _usrp_raw(corpora)
    rows = [parse_message(raw, list_name="usrp-users") for raw in raws]
    assert len(rows) == 634
    for raw, row in zip(raws, rows, strict=True):
        original = email.message_from_bytes(raw.data)
        assert " via USRP-users" in str(make_header(decode_header(original["From"])))
        reply_to = parseaddr(original["Reply-To"])[1].lower()
        assert reply_to != USRP_LIST
        assert row["from_email"] == reply_to
        assert " via " not in row["from_name"] and row["from_name"]
        assert MUNGED in row["defects"]
    assert len({row["from_email"] for row in rows}) == 119  # was 1: the list's address
    tom = [row for row in rows if row["from_name"] == "Tom McDermott"]
    assert tom and {row["from_email"] for row in tom} == {"tom.n5eg@gmail.com"}
    names = {row["from_name"] for row in rows}
    assert {"Marcus D. Leech", "Koyel Das (Vehere)", "张忠山", "Bálint Horváth"} <= names
    # Read within the archive, each message gives the sender it gives when read alone.
    archive = parse_sources([corpora / "usrp-users-mbox"], ParseOptions("usrp-users"))
    alone = {row["message_id"]: (row["from_name"], row["from_email"]) for row in rows}
    assert set(archive["message_id"]) == set(alone)
    assert all(
        alone[m] == (n, e)
        for m, n, e in zip(
            archive["message_id"], archive["from_name"], archive["from_email"], strict=True
        )
    )


def _with_reply_to(data: bytes, reply_to: bytes | None) -> bytes:
    head, body = split_head(data)
    head = re.sub(rb"(?mi)^reply-to:.*(?:\n[ \t].*)*\n?", b"", head).rstrip(b"\n")
    if reply_to is not None:
        head += b"\nReply-To: " + reply_to
    return head + b"\n\n" + body


@pytest.mark.parametrize(
    "reply_to",
    [
        None,
        b"USRP-users <usrp-users@lists.ettus.com>",
        b"Tom McDermott <tom.n5eg@gmail.com>, USRP-users <usrp-users@lists.ettus.com>",
        b"Tom McDermott <tom.n5eg@gmail.com>, Tom at work <tom@example.com>",
    ],
)
def test_dmarc_munged_from_without_one_personal_reply_to_keeps_the_list(
    corpora: Path, reply_to: bytes | None
) -> None:
    """The name keeps " via ": it is what tells the identity stage the address is the list's."""
    raw = next(r for r in _usrp_raw(corpora) if b"From: Tom McDermott via" in r.data)
    assert parse_message(raw, list_name="u")["from_email"] == "tom.n5eg@gmail.com"
    raw.data = _with_reply_to(raw.data, reply_to)
    row = parse_message(raw, list_name="u")
    assert (row["from_name"], row["from_email"]) == ("Tom McDermott via USRP-users", USRP_LIST)
    assert "from: list address kept, no one personal Reply-To (DMARC munging)" in row["defects"]


def test_via_a_service_is_not_a_munged_list(corpora: Path) -> None:
    """LinkedIn's "Name via LinkedIn" comes from its own address, not a list's."""
    path = corpora / "twisted-python-pipermail-gz" / "2011-October.txt.gz"
    rows = [r for r in _rows(path) if "LinkedIn" in r["from_name"]]
    assert rows
    for row in rows:
        assert (row["from_name"], row["from_email"]) == (
            "Mike Meng via LinkedIn",
            "member@linkedin.com",
        )
        assert not any(d.startswith("from:") for d in row["defects"])
    raw = RawMessage(
        source="t",
        index=0,
        data=b"From: Mike Meng via LinkedIn <member@linkedin.com>\n"
        b"Reply-To: mike@example.org\nMessage-ID: <x@y>\n\nhi\n",
    )
    row = parse_message(raw, list_name="t")
    assert (row["from_name"], row["from_email"]) == (
        "Mike Meng via LinkedIn",
        "member@linkedin.com",
    )


@pytest.mark.parametrize(
    ("header", "name"),
    [("Daniel Sank", "Daniel Sank"), ('"Mary Gardiner"', "Mary Gardiner"), ("markw", "markw")],
)
def test_a_from_with_a_name_and_no_address_keeps_the_name_as_written(
    header: str, name: str
) -> None:
    """Python's address parser would read the first word as an address ("daniel")."""
    defects: list[str] = []
    assert _parse_from(header, defects) == (name, "")
    assert defects == ["From header holds no address; its words kept as the name"]


def test_a_from_with_bare_addresses_among_words_keeps_the_first(twisted_html_tree: Path) -> None:
    """reality, 4 March 2000: "From: glyph@twistedmatrix.com glyph@twistedmatrix.com" was read
    as no address at all, so that one of Glyph's messages had no author."""
    messages = parse_sources([twisted_html_tree / "reality"], ParseOptions("reality"))
    assert not (messages["from_email"].fillna("") == "").any()
    defects: list[str] = []
    assert _parse_from("Joe Bloggs joe@x.org joe@y.org", defects) == ("Joe Bloggs", "joe@x.org")
    assert defects == ["From header names several addresses; the first one kept"]


@pytest.mark.parametrize(
    ("date", "offset"),
    [
        ("Mon, 21 Oct 2002 14:54:42 -0400", -240),
        ("Mon, 21 Oct 2002 14:54:42 +0000", 0),
        ("Mon, 21 Oct 2002 14:54:42 CEST", 120),
        ("Mon, 21 Oct 2002 14:54:42", None),  # no zone: the writer's is not known
        ("Mon, 21 Oct 2002 14:54:42 XYZT", None),  # an unknown zone, taken as UTC
        ("Mon, 21 Oct 2002 14:54:42 +9900", None),  # a broken offset
    ],
)
def test_the_writers_offset_is_kept_only_where_the_date_gives_it(
    date: str, offset: int | None
) -> None:
    raw = RawMessage(
        source="t",
        index=0,
        data=f"From: a@example.org\nDate: {date}\nMessage-ID: <x@example.org>\n\nhi\n".encode(),
        envelope="a@example.org  Mon Oct 21 14:54:42 2002",
        reader="mbox",
    )
    zoned = parse_message(raw, list_name="t", server_zone=ZoneInfo("Europe/Berlin"))
    assert parse_message(raw, list_name="t")["tz_offset_minutes"] == offset
    assert zoned["tz_offset_minutes"] == offset  # the server's zone is not the writer's


def test_a_copy_cut_short_gives_way_to_the_whole_copy(corpora: Path) -> None:
    """Twisted's 2009-July holds V S P's message twice: first as Pipermail's rebuild left it, cut
    at a body line that began "From omni Orb" (the rest became a "No subject" post in
    2009-April), then whole, with the line escaped. The whole copy is the one kept, in the first
    copy's place."""
    path = corpora / "twisted-python-pipermail-gz" / "2009-July.txt.gz"
    table, record = parse_source(path, ParseOptions("t"))
    ids = table.column("message_id").to_pylist()
    message_id = "1247782911.28269.1325439345@webmail.messagingengine.com"
    body = table.column("body")[ids.index(message_id)].as_py()
    assert "b) for Python QT application" in body
    assert "(so that it can receive corba messages)" in body
    defects = table.column("defects")[ids.index(message_id)].as_py()
    assert defects == [CUT_SHORT_COPY_DEFECT]
    rows = _rows(path)
    copies = [row for row in rows if row["message_id"] == message_id]
    assert len(copies) == 2 and "corba" not in copies[0]["body"]
    first_ids = list(dict.fromkeys(row["message_id"] for row in rows))
    assert ids == first_ids  # same messages, same order: only the copy changed
    assert record.duplicates == len(rows) - len(first_ids)


def _mbox_copies(tmp_path: Path, bodies: list[str]) -> Path:
    path = tmp_path / "copies.mbox"
    path.write_text(
        "".join(
            f"From a@example.org Mon Jan  5 10:00:0{i} 2015\nFrom: A <a@example.org>\n"
            f"Date: Mon, 5 Jan 2015 10:00:00 +0000\nMessage-ID: <m@example.org>\n"
            f"Subject: s\n\n{body}\n"
            for i, body in enumerate(bodies)
        )
    )
    return path


@pytest.mark.parametrize(
    ("bodies", "kept"),
    [
        (["Hello\n\n", "Hello\n\nthe rest\n"], 1),  # cut short, then whole: the whole one
        (["Hello\n\nthe rest\n", "Hello\n\n"], 0),  # whole, then cut short: the whole one
        (["Hello\n", "Goodbye and more\n"], 0),  # different texts: the first, as before
        (["Hello\n", "Hello\n\n\n"], 0),  # only blank lines more: the first
        (["Hi\n", "Hi there\n", "Hi there, all\n"], 2),  # each copy longer: the longest
    ],
)
def test_which_copy_of_a_message_is_kept(tmp_path: Path, bodies: list[str], kept: int) -> None:
    table, record = parse_source(_mbox_copies(tmp_path, bodies), ParseOptions("t"))
    assert table.num_rows == 1 and record.duplicates == len(bodies) - 1
    assert table.column("body")[0].as_py().strip() == bodies[kept].strip()


def test_the_raw_html_twin_of_a_fragments_text_is_left_out(corpora: Path) -> None:
    """A Pipermail fragment whose multipart header was lost (bogus@does.not.exist.com): its
    text, then the same words as a raw quoted-printable HTML part; the part is left out."""
    rows = _rows(corpora / "twisted-python-pipermail-gz" / "2009-April.txt.gz")
    row = next(r for r in rows if r["message_id"].startswith("mailman.16.1264093913."))
    assert row["body"].startswith('docutisl "Parser" object')
    assert row["body"].endswith("etc.\n\nKevin Horn\n")
    assert "text/html" not in row["body"] and "&gt;&gt;" not in row["body"]
    assert any("raw HTML twin" in d for d in row["defects"])
    authored = apply_quotes(pd.DataFrame([row]))["authored"].iloc[0]
    assert "<br>" not in authored and "Foolscap" not in authored
    assert "I would just get rid of it" in authored


def test_a_body_that_is_all_html_or_names_a_part_stays_as_it_is() -> None:
    def body(text: bytes) -> str:
        raw = RawMessage(source="t", index=0, envelope="", data=b"Message-ID: <x@y>\n\n" + text)
        return str(parse_message(raw, list_name="t")["body"])

    html = b"--b1\nContent-Type: text/html\n\n<p>Hello</p>\n--b1--\n"
    assert body(html) == html.decode()  # no text above: nothing to keep in its place
    named = b"The part starts\n--b1\nContent-Type: text/plain\n\nhi\n"
    assert body(named) == named.decode()
    twin = b"Hello\n\n--b1\nContent-Type: text/html\n\n<p>Hello</p>\n--b1--\nfooter\n"
    assert body(twin) == "Hello\n\nfooter\n"


def test_an_html_part_beside_the_lists_plain_footer_is_the_messages_text(corpora: Path) -> None:
    """A GMX or Thunderbird message sent as HTML alone, to which Mailman added its footer as a
    plain part (multipart/mixed: text/html, text/plain): its body was the footer alone (blind
    audit thr26: 10 usrp messages); an HTML alternative of a plain part is still left out, and
    a plain and an HTML part that say the same thing outside an alternative are one text."""
    rows = {
        row["message_id"]: row for row in _rows(corpora / "usrp-users-mbox/usrp-users-2020-09.mbox")
    }
    george = next(row for key, row in rows.items() if key.startswith("trinity-ab2db2d0"))
    assert george["body"].startswith("Hey Marcus,\n\nI answer your questions under yours.")
    assert george["body"].rstrip().endswith("listinfo/usrp-users_lists.ettus.com")
    november = _rows(corpora / "usrp-users-mbox/usrp-users-2020-11.mbox")
    marcus = next(row for row in november if row["message_id"] == "5FB596FF.2050809@gmail.com")
    assert marcus["body"].count("How are you setting up the external LO inputs?") == 1
    assert len(marcus["attachments"]) == 2  # the images of the HTML alternative
    twins = _rows(corpora / "ietf-mailarchive-testdata/bad_transfer_encoding.mail")[0]
    assert twins["body"].count("Hello. Testing") == 1


def test_an_empty_plain_alternative_gives_way_to_the_html_one() -> None:
    raw = (
        b"From: Ann <ann@example.org>\nMessage-ID: <a1@example.org>\n"
        b"Date: Mon, 2 Mar 2020 10:00:00 +0000\nSubject: x\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/alternative; boundary="b"\n\n'
        b"--b\nContent-Type: text/plain\n\n\n--b\nContent-Type: text/html\n\n"
        b"<p>The vote is on Monday.</p>\n--b--\n"
    )
    message = RawMessage(source="test", index=0, data=raw)
    assert parse_message(message, list_name="t")["body"].strip() == "The vote is on Monday."
