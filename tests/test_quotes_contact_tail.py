"""Contact blocks under the sender's name or sign-off that `label_contact_block` misses, on real
messages (read from ../shared/corpora): NEC's template a blank line under the name and closed by
a printing sentence, Senseney's phone and fax under his department, Vanasco's "c." / "e." / "w."
fields under "// Jonathan Vanasco", Nokia's double-spaced HTML signature; and a meeting's dial-in
under the sender's sign-off, which stays the sender's."""

from __future__ import annotations

from pathlib import Path

from quoted_files import quoted_files, row_of


def _last_line(text: str) -> str:
    return [line.strip() for line in text.splitlines() if line.strip()][-1]


def test_nec_template_under_the_name_is_the_signature(corpora: Path) -> None:
    """ "Peter Skrzynski" / "" / "Technical Lead" / ... / "T: ..., M: ..., F: ..." / address /
    link / logo / "Please consider the environment before printing this email"."""
    frame = quoted_files(corpora, "clearwater-pipermail/2015-October.txt")
    row = row_of(frame, "2a06daaa30f141cf895b2a482be00825@ex15w.necnz.internal")
    assert _last_line(row["authored"]) == "Peter."
    assert "T: 043816257" in row["signature"]
    assert "Please consider the environment" in row["signature"]
    assert "Is there anything else that needs to be done" in row["authored"]


def test_senseney_phone_and_fax_under_his_name_are_the_signature(corpora: Path) -> None:
    frame = quoted_files(corpora, "imagej-devel-pipermail/2012-May.txt")
    row = row_of(frame, "0CADA15E942196438C242C19FA72B4FC046E53178B@NIHMLBX01.nih.gov")
    assert _last_line(row["authored"]) == "Thanks,"
    for line in ("Justin Senseney", "301-480-0028 (fax)", "Building 12A/2015"):
        assert line in row["signature"]
        assert line not in row["authored"]


def test_vanasco_labelled_fields_are_the_signature(corpora: Path) -> None:
    frame = quoted_files(corpora, "twisted-python-pipermail-gz/2012-September.txt.gz")
    row = row_of(frame, "79DEDF8C-7918-4209-8849-CC04F5DFE6BE@2xlp.com")
    assert "646.729.6436" not in row["authored"]
    assert "// Jonathan Vanasco" in row["signature"]
    assert "blog. http://destructuring.net" in row["signature"]
    assert "defer.setDebugging(True)" in row["authored"]


def test_double_spaced_html_signature_under_a_sign_off(corpora: Path) -> None:
    """Nokia's "Best Regards," / "Jiang Hongjiang" / "" / "Nokia" / "" / "Jiang Hongjiang" /
    "" / "+86 ...": the sign-off stays the sender's."""
    frame = quoted_files(corpora, "openbmc-mbox-2019/openbmc-2019-08.mbox")
    row = row_of(frame, "03edb9afa89345ec90f2b711ef0c3d73@nokia-sbell.com")
    assert _last_line(row["authored"]) == "Best Regards,"
    assert "+86 13666669403" in row["signature"]
    assert "Nokia" in row["signature"]


def test_a_meeting_dial_in_under_the_sign_off_stays_authored(corpora: Path) -> None:
    """ "Neeraj" above a rule and a Teams invitation's numbers and links: the rule sets off the
    invitation the sender pasted, which is no contact block of theirs."""
    frame = quoted_files(corpora, "openbmc-mbox-2019/openbmc-2019-12.mbox.gz")
    row = row_of(
        frame, "DM6PR21MB1388FC4CF64CC10C67235DB7C85B0@DM6PR21MB1388.namprd21.prod.outlook.com"
    )
    assert "Conference ID: 636 049 49#" in row["authored"]
    assert "Join Microsoft Teams Meeting" in row["authored"]


def test_the_senders_first_name_and_one_address_stay_authored(corpora: Path) -> None:
    """ "Thanks," / "Vinayak" / "" / "Mail: <the list's address>": the sign-off's name is no
    second contact line, and one address is no contact block."""
    frame = quoted_files(corpora, "clearwater-pipermail/2016-February.txt")
    row = row_of(
        frame, "DF4PR84MB0059649B9A36D637EECEE7B6FBA00@DF4PR84MB0059.NAMPRD84.PROD.OUTLOOK.COM"
    )
    assert "Vinayak" in row["authored"]
    assert "Mail: clearwater at lists.projectclearwater.org" in row["authored"]


def test_a_corporate_template_closed_by_its_networks_and_motto_is_the_signature(
    corpora: Path,
) -> None:
    """Ericsson's HTML template, made text, runs 14 lines under Tomas Toftgård's name (title,
    department, phone, address, logo, a motto linked phrase by phrase, "Follow us on:
    Facebook<...> LinkedIn<...>"): longer than a block was allowed to run, and closed by lines
    that read as prose (the authored-text audit, audit30: 41 words kept)."""
    frame = quoted_files(corpora, "bigbang-testdata/3GPP_mbox", list_name="3gpp")
    row = row_of(
        frame, "HE1PR0702MB3643B736A6DB0C7DB5500FDCFAB29@HE1PR0702MB3643.eurprd07.prod.outlook.com"
    )
    for line in ("Master Researcher", "Phone: +46722441850", "Torshamnsgatan 23", "Follow us on"):
        assert line not in row["authored"]
        assert line in row["signature"]
    assert row["authored"].rstrip().endswith("Best regards,\nTomas")  # the logo goes too
    assert row["signature"].startswith("[http://mediabank.ericsson.net/")
