"""Quote segmentation (analyzer.quotes) with its context: the thread, the list, real messages
against golden labels (tests/golden/quotes, bodies read from ../shared/corpora), the gold set
against a measured floor, and what the stage returns.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer.api import parse_sources
from analyzer.quotes import (
    AncestorIndex,
    LabelledLine,
    LineLabel,
    apply_quotes,
    learn_footers,
    segment,
    split_message,
)
from analyzer.quotes.ancestry import Ancestor, flatten
from analyzer.quotes.scoring import (
    aggregate,
    is_scored,
    load_gold,
    normalise_line,
    score_message,
    score_remover,
)
from analyzer.quotes.segmenter import label_lines
from analyzer.quotes.structures import disclaimer_lines
from analyzer.threads import thread_messages

GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "gold" / "quotes-dev.jsonl"
GOLDEN = Path(__file__).parent / "golden" / "quotes"


# --- the thread and the list ------------------------------------------------------------------


PARENT = """Hi all,

I am trying to install Clearwater manually and bono answers 404 on every REGISTER
request that the client sends, even with the shared configuration in place.

Thanks,
Vladimir
"""


def test_unmarked_repeat_of_an_ancestor_is_a_quote() -> None:
    reply = """That is fixed in the next release.

Chris

I am trying to install Clearwater manually and bono answers 404 on every REGISTER
request that the client sends, even with the shared configuration in place.
"""
    alone = [line.label for line in segment(reply)]
    threaded = [line.label for line in segment(reply, ancestor_texts=[PARENT])]
    assert alone[4:6] == [LineLabel.OWN, LineLabel.OWN]
    assert threaded[4:6] == [LineLabel.QUOTE, LineLabel.QUOTE]
    assert threaded[0] == LineLabel.OWN


def test_reply_below_an_unmarked_quote_is_own_when_the_thread_shows_where_it_ends() -> None:
    reply = """Hi,

On March 26, 2015 at 8:49:21 AM, Vladimir (vlad at example.com) wrote:

I am trying to install Clearwater manually and bono answers 404 on every REGISTER
request that the client sends, even with the shared configuration in place.

You need to set the upstream hostname in the shared configuration first, then restart
bono and sprout on every node before trying to register again.
"""
    alone = [line.label for line in segment(reply)]
    threaded = [line.label for line in segment(reply, ancestor_texts=[PARENT])]
    assert alone[7:9] == [LineLabel.QUOTE] * 2
    assert threaded[4:6] == [LineLabel.QUOTE] * 2
    assert threaded[7:9] == [LineLabel.OWN] * 2


def test_a_message_that_repeats_its_parent_from_the_top_is_not_quoting_it() -> None:
    # a bot's report threaded under the previous report: same text, nothing new above it
    labels = {line.label for line in segment(PARENT, ancestor_texts=[PARENT])}
    assert LineLabel.QUOTE not in labels


LISTING_PARENT = """Hi Matt,

The output from dpkg-query is:

user at homestead-1:~$ dpkg-query -s homestead-prov
Package: homestead-prov
Status: install ok unpacked
Priority: optional
Section: network
Installed-Size: 199
Maintainer: Project Clearwater Maintainers <maintainers at projectclearwater.org>
Architecture: amd64
Source: crest
Version: 1.0-160111.145732
Depends: crest
Conffiles:
 /etc/init.d/homestead-prov newconffile
Description: Provisioning backend for Homestead, the Cassandra powered HSS gateway
Homepage: http://projectclearwater.org/

Regards
Peter.
"""

LISTING_REPLY = """HI Matt,
Thanks, yes the sudo apt-get install -f did work, and it is now all working OK.
user at homestead-1:~$ dpkg-query -s homestead-prov
Package: homestead-prov
Status: install ok installed
Priority: optional
Section: network
Installed-Size: 199
Maintainer: Project Clearwater Maintainers <maintainers at projectclearwater.org>
Architecture: amd64
Source: crest
Version: 1.0-160111.145732
Depends: crest
Conffiles:
 /etc/init.d/homestead-prov newconffile
Description: Provisioning backend for Homestead, the Cassandra powered HSS gateway
Homepage: http://projectclearwater.org/
Many thanks,
Regards
Peter.

-----Original Message-----
From: Matt Williams
Sent: Friday, 22 January 2016 2:44 a.m.
Subject: RE: Bulk provisioning problem

Please can you try "sudo apt-get install -f" and send the dpkg-query output again.
"""


def test_new_lines_around_a_listing_pasted_again_stay_own() -> None:
    # (shaped on clearwater 7cf93750...@ex15w.necnz.internal: the whole block was a quote)
    labels = [line.label for line in segment(LISTING_REPLY, ancestor_texts=[LISTING_PARENT])]
    assert labels[:2] == [LineLabel.OWN] * 2
    assert labels[2:17] == [LineLabel.QUOTE] * 15  # "installed" for "unpacked": kept inside
    assert labels[17:20] == [LineLabel.OWN] * 3  # "Regards / Peter." repeat, but are two words
    assert LineLabel.QUOTE not in {line.label for line in segment(LISTING_REPLY)[:20]}


PATCH_PARENT = """Add a driver for the INSPUR power supply.

+config SENSORS_INSPUR_IPSPS
+	tristate "INSPUR Power System Power Supply"
+	help
+	  If you say yes here you get hardware monitoring support for the INSPUR
+	  Power System power supply.
+
+	  This driver can also be built as a module. If so, the module will
+	  be called inspur-ipsps.
"""


def _from(sender_is_the_replier: bool, *texts: str) -> AncestorIndex:
    return AncestorIndex(
        lambda: [Ancestor(flatten(text), text, sender_is_the_replier) for text in texts]
    )


def test_a_listing_the_sender_posted_before_and_pastes_again_above_any_quote_is_theirs() -> None:
    """Between new lines of the sender's and above all they quote, a listing their own earlier
    message holds is a command run again (their paste); the same listing from another sender,
    or below a quote, is quoted."""

    def labels_of(reply: str, ancestors: AncestorIndex) -> list[LineLabel]:
        return label_lines(reply, ancestors=ancestors)[1]

    own = labels_of(LISTING_REPLY, _from(True, LISTING_PARENT))
    assert own[:20] == [LineLabel.OWN] * 20
    others = labels_of(LISTING_REPLY, _from(False, LISTING_PARENT))
    assert others[2:17] == [LineLabel.QUOTE] * 15
    below = "> Did the install work?\n\n" + LISTING_REPLY
    assert labels_of(below, _from(True, LISTING_PARENT))[4:19] == [LineLabel.QUOTE] * 15


def test_an_answer_written_into_an_unmarked_quote_is_own() -> None:
    reply = """Looks good, one comment below.

> Add a driver for the INSPUR power supply.

    +config SENSORS_INSPUR_IPSPS
    +	tristate "INSPUR Power System Power Supply"
    +	help
Why can't a common pmbus driver work for this simple device? Nothing extra is done here.
    +	  If you say yes here you get hwmon support for the INSPUR
    +	  Power System power supply.
    +
    +	  This driver can also be built as a module. If so, the module will
    +	  be called inspur-ipsps.
"""
    labels = [line.label for line in segment(reply, ancestor_texts=[PATCH_PARENT])]
    assert labels[4:7] == [LineLabel.QUOTE] * 3
    assert labels[7] == LineLabel.OWN  # shares no run of words with the patch
    assert labels[8:13] == [LineLabel.QUOTE] * 5  # "hwmon" for "hardware monitoring": nearly
    assert segment(reply)[7].label == LineLabel.OWN


def test_repeated_runs_follow_the_ancestor_line_after_line() -> None:
    index = AncestorIndex.from_texts([LISTING_PARENT])
    lines = LISTING_REPLY.split("\n")[:20]
    # "HI Matt," and "Regards / Peter." do occur, but are too short to tell a quote
    assert index.repeated_runs(lines) == [(2, 4), (5, 17)]
    assert index.repeated_runs(["BI> Status: install ok unpacked", "BI> Priority: optional"]) == [
        (0, 2)
    ]  # initials before `>` are a quote marker, not words of the quote
    assert AncestorIndex.from_texts([]).repeated_runs(lines) == []


def _list_bodies() -> list[str]:
    openers = ["Hi all,", "Hello,", "Dear team,", "Quick question:", "Thanks Bob,", "Hey,"]
    bodies = []
    for k in range(30):
        bodies.append(
            f"{openers[k % len(openers)]}\n\nMessage number {k} about topic {k * 7}.\n\n"
            "Regards,\nCurtis\n\n"
            "Hacia una Universidad comprometida con la Paz Territorial\n"
        )
    for k in range(30):
        bodies.append(
            f"See <http://jenkins.example.org/job/{k}/>\n\nBuild step failed for {k}\n"
            "Build step 'Execute shell' marked build as failure\n"
        )
    return bodies


def test_learned_footers_find_boilerplate_never_seen_before() -> None:
    model = learn_footers(_list_bodies())
    body = "Hello,\n\nA new message.\n\nRegards,\nCurtis\n\nHacia una Universidad comprometida con la Paz Territorial\n"
    labels = [line.label for line in segment(body, known_footers=model)]
    assert labels[-2] == LineLabel.FOOTER
    assert labels[4:6] == [LineLabel.OWN, LineLabel.OWN]  # the sign-off recurs too, but is own
    assert [line.label for line in segment(body)][-2] == LineLabel.OWN


def test_learned_footers_skip_sign_offs_and_bot_templates() -> None:
    model = learn_footers(_list_bodies())
    assert not model.is_footer_line("Regards,")
    assert not model.is_footer_line("Curtis")
    assert not model.is_footer_line("Build step 'Execute shell' marked build as failure")
    assert model.is_footer_line("Hacia una Universidad comprometida con la Paz Territorial")


def test_learned_footers_with_senders_need_several_of_them() -> None:
    bodies = _list_bodies()
    one_sender = learn_footers(bodies, ["curtis@example.org"] * len(bodies))
    assert not one_sender.is_footer_line(
        "Hacia una Universidad comprometida con la Paz Territorial"
    )
    many = learn_footers(bodies, [f"user{k % 5}@example.org" for k in range(len(bodies))])
    assert many.is_footer_line("Hacia una Universidad comprometida con la Paz Territorial")


# --- what the stage returns -------------------------------------------------------------------


def test_split_message_gathers_authored_text_signature_and_counts() -> None:
    body = (
        "\n\nHi Bob,\n\nYes, Friday works.\n\nAlice\n-- \nAlice Example\n\n"
        "On Tue, 3 May 2016, Bob <bob at example.org> wrote:\n> Can we ship on Friday?\n"
        "> Tests pass.\n"
    )
    split = split_message(body)
    assert split.authored == "Hi Bob,\n\nYes, Friday works.\n\nAlice"
    assert split.signature == "-- \nAlice Example"
    assert split.n_words_authored == 6
    assert split.n_lines_quoted == 3
    assert [line.text for line in split.lines] == body.split("\n")
    assert isinstance(split.lines[0], LabelledLine)


def test_apply_quotes_fills_the_columns_and_uses_the_thread() -> None:
    reply = (
        "That is fixed in the next release.\n\nChris\n\n"
        "I am trying to install Clearwater manually and bono answers 404 on every REGISTER\n"
        "request that the client sends, even with the shared configuration in place.\n"
    )
    frame = pd.DataFrame(
        {
            "message_id": ["a", "b", "c"],
            "list": ["clearwater", "clearwater", "other"],
            "parent_id": [None, "a", None],
            "body": [PARENT, reply, None],
            "from_name": ["Vladimir", "Chris", "Nobody"],
        }
    )
    result = apply_quotes(frame)
    assert list(frame.columns) == ["message_id", "list", "parent_id", "body", "from_name"]
    assert result.loc[1, "authored"] == "That is fixed in the next release.\n\nChris"
    assert result.loc[1, "n_lines_quoted"] == 2
    assert result.loc[1, "n_words_authored"] == 8
    assert result.loc[2, "authored"] == "" and result.loc[2, "n_words_authored"] == 0
    lone = apply_quotes(frame.drop(columns=["parent_id"]))
    assert lone.loc[1, "n_lines_quoted"] == 0
    assert result["n_words_authored"].dtype == "int64"


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "",
                " ",
                "> a",
                ">> b c",
                "text here",
                "-- ",
                "On x wrote:",
                "From: a",
                "Sent: 1 May 2020",
                "Subject: s",
                "|x y z w",
                "\r",
            ]
        )
        | st.text(max_size=30),
        max_size=25,
    )
)
def test_one_label_per_line_and_blank_means_white_space(lines: list[str]) -> None:
    body = "\n".join(lines)
    labelled = segment(body)
    assert [line.text for line in labelled] == body.split("\n")
    for line in labelled:
        assert (line.label == LineLabel.BLANK) == (line.text.strip() == "")


# --- real messages against golden labels ------------------------------------------------------


GOLDEN_FILES = sorted(GOLDEN.glob("*.json"))


def test_golden_files_are_there() -> None:
    assert len(GOLDEN_FILES) >= 10


@pytest.mark.parametrize("path", GOLDEN_FILES, ids=[p.stem for p in GOLDEN_FILES])
def test_real_message_matches_golden_labels(path: Path, corpora: Path) -> None:
    golden = json.loads(path.read_text(encoding="utf-8"))
    source = corpora / golden["source"]
    frame = parse_sources([source], source.parent.name)
    row = frame[frame["source_index"] == golden["source_index"]]
    assert len(row) == 1 and row.iloc[0]["message_id"] == golden["message_id"]
    expected = [label for label, count in golden["label_runs"] for _ in range(count)]
    labelled = segment(row.iloc[0]["body"])
    wrong = [
        f"  line {k}: expected {e}, got {line.label.value}: {line.text[:80]!r}"
        for k, (e, line) in enumerate(zip(expected, labelled, strict=True))
        if e != line.label.value
    ]
    assert not wrong, "\n" + "\n".join(wrong)


# --- real replies that were lost to a signature or to a quote ----------------------------------


def _threaded_month(corpora: Path, path: str) -> pd.DataFrame:
    """One archive file, threaded and through the quotes stage, as the pipeline has it."""
    return apply_quotes(thread_messages(parse_sources([corpora / path], path.split("/")[0])))


def _row(frame: pd.DataFrame, message_id: str) -> pd.Series:
    rows = frame[frame["message_id"] == message_id]
    assert len(rows) == 1, message_id
    return rows.iloc[0]


def test_a_short_reply_above_the_signature_delimiter_is_authored(corpora: Path) -> None:
    # twisted@itamarst.org, 16 Oct 2002: "Sure," was read as a name, "look at x.y" as an address
    frame = _threaded_month(corpora, "twisted-python-pipermail-gz/2002-October.txt.gz")
    row = _row(frame, "20021016200901.40961400.twisted@itamarst.org")
    assert row["authored"] == "Sure, look at twisted.web.vhost module."
    assert row["signature"].startswith("-- \nItamar Shtull-Trauring")
    assert split_message(row["body"]).authored == row["authored"]


def test_a_reply_above_a_link_is_not_a_contact_block(corpora: Path) -> None:
    # Lei YU on openbmc: "No, this affects..." read as a name opening a contact block (a link)
    frame = _threaded_month(corpora, "openbmc-mbox-2019/openbmc-2019-07.mbox.gz")
    row = _row(frame, "CAARXrtk_AOkHQU09YO1rAzo7A4BbMw0gts+5r3jLK7upyJGXXw@mail.gmail.com")
    assert isinstance(row["parent_id"], str)  # with its ancestors here, without them below
    reply = [
        "No, this affects BMC update as well.",
        "With https://gerrit.openbmc-project.xyz/c/openbmc/meta-phosphor/+/21208,",
        "the APIs in /org/openbmc/control/flash/bmc will be dropped.",
        "",
        "BMC code update shall use the APIs in /xyz/openbmc_project/software instead.",
    ]
    lone = split_message(row["body"])
    assert row["authored"] == lone.authored == "\n".join(reply)
    assert row["signature"] == lone.signature == ""


def test_new_text_around_a_listing_pasted_again_is_authored(corpora: Path) -> None:
    # Peter Skrzynski on clearwater, 2016-January: his thanks and sign-off above an Outlook
    # header were a quote, because the dpkg-query listing between them repeats an ancestor's;
    # the listing is his too: he ran the command again ("install ok installed", where his
    # earlier message said "unpacked"), above all he quotes (blind audit 24, error E3)
    frame = _threaded_month(corpora, "clearwater-pipermail/2016-January.txt")
    row = _row(frame, "7cf93750ca69416ea4082e72b749fade@ex15w.necnz.internal")
    lines = row["body"].split("\n")
    top = lines[: lines.index("From: Matt Williams [mailto:Matt.Williams at metaswitch.com]")]
    assert top[1].startswith("Thanks, yes the ?sudo apt-get install -f? did work")
    assert top[20:23] == ["Many thanks,", "Regards", "Peter."]
    assert row["authored"] == "\n".join(top[:23])
    # the listing between them does repeat an ancestor's
    listing = top[2:20]
    assert listing[0].endswith("dpkg-query -s homestead-prov") and listing[1:2] == [
        "Package: homestead-prov"
    ]
    by_id = dict(zip(frame["message_id"], frame["body"], strict=True))
    ancestors: list[str] = []
    parent = row["parent_id"]
    while isinstance(parent, str) and len(ancestors) < 3:
        ancestors.append(by_id[parent])
        parent = _row(frame, parent)["parent_id"]
    index = AncestorIndex(lambda: [Ancestor(flatten(text), text, False) for text in ancestors])
    assert (index.overlap(listing) or 0) >= 0.6
    assert index.repeated_runs(top[:2]) == index.repeated_runs(top[20:23]) == []


def test_output_pasted_again_double_spaced_above_the_quote_is_authored(corpora: Path) -> None:
    """Nicola Principe, clearwater 2015-October: after the fix, the cluster's status again,
    double-spaced (one line per paragraph) above Eleanor's quote; its lines that match his
    first message's output were each taken for a quote, leaving a garbled copy (blind audit
    24, E3). What he quotes below stays quoted."""
    frame = _threaded_month(corpora, "clearwater-pipermail/2015-October.txt")
    row = _row(frame, "002401d1058a$c95f0b50$5c1d21f0$@principe@datatronics.es")
    status = [line.strip() for line in row["authored"].split("\n") if line.strip()]
    opening = status.index("also applied the shared config on all the 4. It worked.")
    assert status[opening + 1 : opening + 5] == [
        "Describing the Sprout Memcached cluster in site site1:",
        "The local node is in this cluster",
        "The cluster is stable",
        "10.4.0.157 is in state normal",
    ]
    assert status.count("Describing the Sprout Chronos cluster in site site1:") == 1
    assert status[-1] == "Nicola" and "De: Eleanor Merry" not in row["authored"]


def test_a_digest_under_an_unmarked_quote_stays_quoted_past_its_notices(corpora: Path) -> None:
    # Graeme Robertson on clearwater, 2016-September: his reply quotes Surender's message, which
    # quotes a whole digest under "-----Original Message-----". The digest's own "next part"
    # notice ended the unmarked quote, and its later sections (Michael Katsoulis's "Hi all ...
    # Thanks in advance", Surender's "Log level set to 2", the digest footer) counted as Graeme's.
    frame = _threaded_month(corpora, "clearwater-pipermail/2016-September.txt")
    row = _row(
        frame, "CY4PR02MB26169F0D2D19946AC837C595E3F30@CY4PR02MB2616.namprd02.prod.outlook.com"
    )
    authored = row["authored"]
    assert authored.startswith("Hi Surender,\n\nIt's great to hear that you're making progress.")
    assert authored.rstrip().endswith("Thanks,\n\nGraeme")
    for others in ("Message: 2", "Michael Katsoulis", "Log level set to 2", "Digest Footer"):
        assert others not in authored
    assert row["n_words_authored"] == 130  # 413 with the digest's sections


def test_a_digest_sections_headers_pasted_into_a_reply_are_not_authored(corpora: Path) -> None:
    # Andrew Francis on twisted-python, 2009-July, reads the digest: he answers Glyph above the
    # section he pastes ("Message: 3", its headers, Glyph's text), which counted as his words.
    frame = _threaded_month(corpora, "twisted-python-pipermail-gz/2009-July.txt.gz")
    below = _row(frame, "718184.80659.qm@web34203.mail.mud.yahoo.com")
    assert below["authored"] == (
        "Hi Glyph:\n\nCan do. Tell me how to submit a document patch.\n\nCheers,\nAndrew"
    )
    # At the top (a greeting at most above it), the pasted headers are followed by his answer,
    # which stays his: only the headers go.
    december = _threaded_month(corpora, "twisted-python-pipermail-gz/2008-December.txt.gz")
    above = _row(december, "216266.16154.qm@web34205.mail.mud.yahoo.com")
    assert above["authored"].startswith("Hi Joe:\n\nI would argue all these things")
    assert "Message: 6" not in above["authored"] and "Joe Strout" not in above["authored"]
    # (his sketches of code, "if __name__ == ..." and "def callback-for-stockTicker():" with
    # their bodies, are no one's words: not counted)
    assert above["n_words_authored"] == 180


def test_a_reply_under_a_marked_quote_whose_first_line_lost_its_marker_is_kept(
    corpora: Path,
) -> None:
    # Justin on twisted-python, 2014-September: under "... wrote:" the quote's first line is a
    # bare ">>>" (read as a Python prompt, so unmarked), the rest marked with ">". The quote
    # was taken for an unmarked one running to the end, and his whole reply was lost.
    frame = _threaded_month(corpora, "twisted-python-pipermail-gz/2014-September.txt.gz")
    row = _row(frame, "54070F31.1010601@editshare.com")
    assert "No, not yet since I don't have a 100%-reliable test case" in row["authored"]
    assert row["authored"].rstrip().endswith("--Justin")
    assert row["n_words_authored"] >= 40


def test_a_subject_wrapped_without_indentation_does_not_open_an_unmarked_quote(
    corpora: Path,
) -> None:
    # Paul G on twisted-python, 2005-December (Outlook Express): the quoted message's Subject
    # is wrapped onto an unindented line ("workandwhat to do about it") above the ">" quote
    # he answers inline. That line was taken for the first of an unmarked quote running to the
    # end, and all his answers were lost (19 of his messages, 3,300 words).
    frame = _threaded_month(corpora, "twisted-python-pipermail-gz/2005-December.txt.gz")
    row = _row(frame, "0ba401c60e57$59d3bc70$6402a8c0@dcore")
    assert row["authored"].startswith("just to clarify: there was no question to the effect of")
    assert row["authored"].rstrip().endswith("-p")
    assert "workandwhat" not in row["authored"]


def test_an_mh_attribution_and_a_signature_opening_with_a_motto(corpora: Path) -> None:
    # Anders Hammarquist on twisted-python, 2002-November: MH's "In a message of <date>, Andrew
    # Bennetts writes:" above the quote, and a signature whose first line after "-- " is a
    # motto (" -- Of course I'm crazy, ..."), both kept as his words (taken for cmake output).
    frame = _threaded_month(corpora, "twisted-python-pipermail-gz/2002-November.txt.gz")
    row = _row(frame, "200211222024.gAMKOsE10060@haddock.cd.chalmers.se")
    assert row["authored"].startswith("Not that I fit the names, but I've been working")
    assert row["authored"].rstrip().endswith("/Anders")
    assert "Of course I'm crazy" in row["signature"]
    assert "Anders Hammarquist" in row["signature"]


def test_a_contact_block_under_three_dashes_is_a_signature(corpora: Path) -> None:
    # Ed Suominen on twisted-python, 2005-March: "---" / "Ed Suominen" / "Registered Patent
    # Agent" / ... / "Web Site: http://www.eepatents.com" counted as his words.
    frame = _threaded_month(corpora, "twisted-python-pipermail-gz/2005-March.txt.gz")
    row = _row(frame, "200503141059.51652.general@eepatents.com")
    assert "Registered Patent Agent" not in row["authored"]
    assert "Registered Patent Agent" in row["signature"]


def test_a_notice_glued_to_the_sign_off_is_not_authored(corpora: Path) -> None:
    # Deloitte's "Important Notice: This email is subject to ... disclaimers" line, glued under
    # the sender's name, was authored text once a sentence stopped being a contact block
    frame = _threaded_month(corpora, "twisted-python-pipermail-gz/2005-April.txt.gz")
    row = _row(frame, "B2ED2925358BE644B40D37F9E01ECE147B47BF@zajnb0406.za.deloitte.com")
    lone = split_message(row["body"])
    notice = [line for line in lone.lines if line.text.startswith("Important Notice:")]
    assert len(notice) == 1 and notice[0].label is LineLabel.FOOTER
    above = lone.lines[lone.lines.index(notice[0]) - 1]
    assert (above.text, above.label) == ("Antoine.", LineLabel.OWN)  # the sign-off stays
    assert lone.authored.endswith("http://www.faqs.org/rfcs/rfc3489.html\n\nRegards\n\nAntoine.")
    # In the archive, the digest section Marinus pasted under his reply shows the Message-ID of
    # Antoine's message: that is its parent, and Antoine's words are not Marinus's.
    assert row["parent_id"] == "1112714804.13160.8.camel@p-dhcp-333-72.rd.francetelecom.fr"
    assert row["authored"].startswith("My original motivation was to do")
    assert "You are wrong, UDP is more and more adopted" not in row["authored"]
    assert "Important Notice" not in row["authored"]
    # the same notice closes the month's other messages from that firm: never authored
    noticed = frame["body"].str.contains("Important Notice: This email", regex=False)
    assert noticed.sum() >= 4
    assert not frame.loc[noticed, "authored"].str.contains("Disclaimer", regex=False).any()


def test_a_webmail_advert_after_the_quote_is_not_authored(corpora: Path) -> None:
    # Hotmail's "____" / "The new MSN 8: smart spam protection..." / link, below the quote
    frame = _threaded_month(corpora, "twisted-python-pipermail-gz/2004-August.txt.gz")
    row = _row(frame, "BAY12-F1CPx33E1ioWw000c9f76@hotmail.com")
    lone = split_message(row["body"])
    assert row["authored"] == lone.authored
    assert lone.authored.startswith("Glyph - maybe we missed why the change.")
    assert lone.authored.endswith("Thanks.\n\nSerg")
    advert = [line for line in lone.lines if "MSN 8" in line.text or "join.msn.com" in line.text]
    assert len(advert) == 2 and {line.label for line in advert} == {LineLabel.FOOTER}
    # the month's other Hotmail adverts go too
    advertised = frame["body"].str.contains("join.msn.com", regex=False)
    assert advertised.sum() >= 20
    assert not frame.loc[advertised, "authored"].str.contains("MSN", regex=False).any()


@pytest.mark.parametrize(
    "message_id",
    [
        "1129435812.2163671.1606502063242@mail.yahoo.com",
        "1354599131.2145920.1606502387534@mail.yahoo.com",
    ],
)
def test_an_attribution_glued_to_a_quoted_footer_is_not_authored(
    corpora: Path, message_id: str
) -> None:
    # Yahoo Mail on Android: "On ..., X via USRP-users<...> wrote:   ______" and then the
    # quoted list footer, read as the sender's text
    frame = _threaded_month(corpora, "usrp-users-mbox/usrp-users-2020-11.mbox")
    row = _row(frame, message_id)
    lone = split_message(row["body"])
    attribution = [line for line in lone.lines if line.text.strip().startswith("On Fri, Nov 27")]
    assert len(attribution) == 1 and attribution[0].label is LineLabel.ATTRIBUTION
    for authored in (row["authored"], lone.authored):
        assert authored.endswith("\nAmp")
        assert "wrote:" not in authored and "mailing list" not in authored
    assert row["signature"] == "Sent from Yahoo Mail on Android "


# --- scoring and the gold set -------------------------------------------------------------------


def test_scoring_follows_the_guide() -> None:
    assert normalise_line("  > >  Hello   world ") == "Hello world"
    assert normalise_line("|| a") == "a"
    assert not is_scored(normalise_line("> x"))
    lines = ["Thanks,", "> Thanks,", "> quoted text", "x"]
    labels = ["own", "quote", "quote", "own"]
    score = score_message(lines, labels, "Thanks,\nsomething else")
    assert (score.own_kept, score.own_removed, score.removable_kept) == (1, 0, 0)
    assert score.exact
    keeps_all = score_message(lines, labels, "\n".join(lines))
    assert keeps_all.removable_kept == 2 and not keeps_all.exact
    figures = aggregate([score, keeps_all])
    assert figures.recall == 1.0 and figures.precision == pytest.approx(2 / 4)


# Measured on the whole gold file (lone messages, no thread): F1 0.995, exact 95.6%.
GOLD_F1_FLOOR = 0.99
GOLD_EXACT_FLOOR = 0.93


def test_gold_set_scores_above_the_measured_floor() -> None:
    assert GOLD.is_file(), f"the gold set is missing: expected it at {GOLD}"
    messages = load_gold(GOLD)
    assert len(messages) >= 160
    figures = score_remover(messages, lambda body: split_message(body).authored)
    assert figures.f1 >= GOLD_F1_FLOOR, figures
    assert figures.exact_rate >= GOLD_EXACT_FLOOR, figures
    assert figures.signature_accuracy >= 0.98, figures


def test_another_senders_text_at_the_top_is_quoted_even_without_known_markers() -> None:
    """A reply that opens with its parent's words under a marker no rule knows (`-> `), or
    none at all, quotes them: restating from the top is kept only for the sender's own text."""
    parent = (
        "Have a look at twisted.spread, the distributed object system with marshalling,\n"
        "serialization, networked observation and reference counting.\n"
    )
    reply = (
        "-> Have a look at twisted.spread, the distributed object system with marshalling,\n"
        "-> serialization, networked observation and reference counting.\n"
        "\n"
        "Very cool, although I much prefer clarity and conciseness in API names.\n"
    )
    another = AncestorIndex(lambda: [Ancestor(flatten(parent), parent, same_sender=False)])
    assert split_message(reply, ancestors=another).authored == reply.split("\n")[3]
    restated = reply.replace("-> ", "")
    assert split_message(restated, ancestors=another).authored == reply.split("\n")[3]
    # the sender's own earlier text, restated from the top (a bot's next report), stays own;
    # so does any when the senders are not known
    own = AncestorIndex(lambda: [Ancestor(flatten(parent), parent, same_sender=True)])
    assert split_message(restated, ancestors=own).authored == restated.strip()
    assert split_message(restated, ancestor_texts=[parent]).authored == restated.strip()


def test_unknown_markers_and_resent_questions_on_real_threads(corpora: Path) -> None:
    """Derek Simkowiak quoted Sean Riley with `-> ` (2002), from the top of his reply;
    Mathieu Longtin sent his question again from another address (2002); Peter Stradinger
    sent his again to the right list after an answer that quoted it (2004): both stay theirs."""
    march = _threaded_month(corpora, "twisted-python-pipermail-gz/2002-March.txt.gz")
    derek = _row(march, "Pine.LNX.4.33.0203132215240.18886-100000@archer.realloc.net")
    assert "->" not in derek["authored"]
    assert derek["authored"].lstrip().startswith("Very cool (although, I have to say it")
    july = _threaded_month(corpora, "twisted-python-pipermail-gz/2002-July.txt.gz")
    mathieu = _row(july, "NEBBJNGFKLOOKFNBHMBEAEFEDHAA.mathieu.twisted@closetwork.org")
    assert "What are the plans for those two services?" in mathieu["authored"]
    february = _threaded_month(corpora, "twisted-python-pipermail-gz/2004-February.txt.gz")
    peter = _row(february, "20040215230721.5153.qmail@web13706.mail.yahoo.com")
    assert "I'm fairly new to Twisted" in peter["authored"]


# (archive file, Message-ID, words of the sender's that the reply keeps, words of others' it
# does not): replies the quotes stage had lost, each with why.
RECOVERED_REPLIES = [
    # typed into a Gmail quote (its first line took a `>`) right above Pipermail's "next
    # part" notice (Anshul Singhle, 2011): it came out empty
    (
        "twisted-python-pipermail-gz/2011-July.txt.gz",
        "BANLkTikct2fb3S+Tbb-5gKHGA3nXJdhYmg@mail.gmail.com",
        "Do I need to create my own deferred that is fired",
        "ClientCreator.connectTCP",
    ),
    # typed into a Gmail quote under a quoted sign-off too short to compare ("S"; 2009)
    (
        "twisted-python-pipermail-gz/2009-December.txt.gz",
        "9d748c780912070730x49d60274ga675047b05f016b@mail.gmail.com",
        "enough syntactic sugar for me.",
        "Yuck",
    ),
    # results typed between Outlook-quoted paragraphs of a parent longer than 8,000
    # characters, which was read only in part (Andrew Peng, openbmc, July 2019): empty
    (
        "openbmc-mbox-2019/openbmc-2019-07.mbox.gz",
        "57cb5d0b9b4e4397941a23fa2e3a2b1f@lenovo.com",
        "### host image size (64 Bytes)",
        "Did you try only sending",
    ),
    # typed at the end of Gmail's quote, one `>` line no ancestor holds, nothing else (2007)
    (
        "twisted-python-pipermail-gz/2007-March.txt.gz",
        "dbeb95830703290252g1f6cf8fdq65c3d935d2b4f63d@mail.gmail.com",
        "thanks, I should read the code carefully.",
        "def render(self, request):",
    ),
    # the same above the sender's `-- ` (Mikhail Terekhov, 2013)
    (
        "twisted-python-pipermail-gz/2013-August.txt.gz",
        "CALCsMPQ1iWcP_FPuw_Yx=t1sAEgLYFTr+XgwjagK4dVjW8Ss5w@mail.gmail.com",
        "May be you could create a pull request to this repository?",
        "Qt4Reactor (my original file)",
    ),
    # a reply's first line took the `>`, its rest (left own) did not (Kevin Horn, 2013)
    (
        "twisted-python-pipermail-gz/2013-March.txt.gz",
        "CA+U=zK2MWopdfKhjBEWK9-HFMDsVOYLAc+BaZ6ec_DzAyKXB3A@mail.gmail.com",
        "No this was not brought up until well into the process. I (sort of)",
        "We need to have release-automation tools",
    ),
    # the patch quoted by indenting it, found in full only in the long parent (Vijay Khemka,
    # August 2019: 90 lines of it kept)
    (
        "openbmc-mbox-2019/openbmc-2019-08.mbox",
        "70B3A211-2F43-4712-9B92-D407AA3C3934@fb.com",
        "This can be dynamic read by chip identify function",
        "i2c_smbus_read_byte_data",
    ),
]


@pytest.mark.parametrize(
    ("path", "message_id", "own", "quoted"),
    RECOVERED_REPLIES,
    ids=[case[1][:24] for case in RECOVERED_REPLIES],
)
def test_replies_lost_inside_quotes_are_recovered(
    corpora: Path, path: str, message_id: str, own: str, quoted: str
) -> None:
    authored = _row(_threaded_month(corpora, path), message_id)["authored"]
    assert own in authored
    assert quoted not in authored


def test_the_senders_signature_is_no_evidence_of_a_quote(corpora: Path) -> None:
    """Under an attribution, the sender's own signature repeats their earlier messages: taken
    for the quoted text, it made the reply above it part of the quote (Christopher Armstrong,
    his quote cut to a summary, 2004: empty), or kept the signature as his words below the
    reply (Valentino Volonghi, 2005)."""
    august = _threaded_month(corpora, "twisted-python-pipermail-gz/2004-August.txt.gz")
    radix = _row(august, "60ed19d404082519413fcea99d@mail.gmail.com")
    assert radix["authored"].endswith("This is getting too hairy for me. Glyph, you take it.")
    assert "International Man of Twistery" in radix["signature"]
    october = _threaded_month(corpora, "twisted-python-pipermail-gz/2005-October.txt.gz")
    valentino = _row(october, "20051004135607.GK14358@divmod.com")
    assert valentino["authored"] == "Wonderful!\nBut I wouldn't mind a link :)"
    assert "Valentino Volonghi aka Dialtone" in valentino["signature"]
    # clear-signed, his `-- ` escaped as `- --`: the follow-up to his own announcement, under
    # "On ..., Valentino Volonghi wrote:" with nothing quoted, came out empty (2008)
    signed = _row(
        _threaded_month(corpora, "twisted-python-pipermail-gz/2008-October.txt.gz"),
        "D5934D57-AEDE-402B-BEC1-08FABD471DCA@gmail.com",
    )
    assert signed["authored"].startswith("Of course I was totally forgetting URLs:")
    assert signed["authored"].endswith("Have fun!")
    assert "- --\nValentino Volonghi aka Dialtone" in signed["signature"]


def test_alots_attribution_without_a_colon_is_not_authored(corpora: Path) -> None:
    """ "Quoting Ann (2019-08-16 07:11:32)" above a `>` quote (alot, kernel maintainers)."""
    month = _threaded_month(corpora, "openbmc-mbox-2019/openbmc-2019-08.mbox")
    stephen = _row(month, "20190816173345.766E82086C@mail.kernel.org")
    assert stephen["authored"] == "Maybe we should register the gates?"
    lines = ["Quoting that section, with regards to changes (2019-08-16 07:11:32) is fine.", ""]
    assert split_message("\n".join([*lines, "> no"])).authored.startswith("Quoting that")


def test_a_disclaimer_under_an_unmarked_quote_is_no_reply(corpora: Path) -> None:
    """Below a chain quoted without markers, the disclaimer of the sender's server repeats no
    ancestor, but is no answer either (usrp, September 2020: 78 words of it were Ryan's)."""
    month = _threaded_month(corpora, "usrp-users-mbox/usrp-users-2020-09.mbox")
    ryan = _row(month, "2b63d40519044e2492588368fee34e9b@dynetics.com")
    assert "You probably have a GCC < 5.3.0" in ryan["authored"]
    assert "Export Administration Regulations" not in ryan["authored"]
    warning = (
        "warning: although infocomp has taken reasonable precautions so that no viruses are"
        " present in this e-mail, the company cannot accept responsibility for any loss or"
        " damage arising from the use of e-mail attachments."
    )
    assert disclaimer_lines(warning, 3) == 3


def test_outlook_for_mac_quotes_by_indenting_between_the_answers_too(corpora: Path) -> None:
    """Outlook for Mac indents the quote four spaces under 'On 10/10/19, 8:11 PM, "Ann"
    <...> wrote:'; an indented line after the sender's answer is quoted again (Ben's
    "Cheers," / "Ben." kept as Vijay Khemka's words; 31 openbmc messages kept such lines)."""
    month = _threaded_month(corpora, "openbmc-mbox-2019/openbmc-2019-10.mbox")
    vijay = _row(month, "AD92CCF8-91B2-4EA1-9915-812D701E9CFA@fb.com")
    assert vijay["authored"] == "Let me send again via git send-email."
    # the sender's own indented lines in other messages are left alone
    body = "Try this:\n\n    reactor.callLater(0, d.callback, None)\n    reactor.run()\n"
    assert split_message(body, ancestor_texts=["How do I fire it?"]).authored == body.strip()


def test_no_answers_are_sought_inside_a_quote_the_sender_signed_off_above(
    corpora: Path,
) -> None:
    """A sender who signs off above the quote ("Neeraj", "Ellie") answered there: a list of
    the quoted mail that repeats no ancestor (its items glued in the parent's archived text)
    is not an answer of theirs; one who writes "see my comments below" did answer inside."""
    july = _threaded_month(corpora, "openbmc-mbox-2019/openbmc-2019-07.mbox.gz")
    neeraj = _row(
        july, "BL0PR2101MB0932FB1DD8260618791E3AF6C8060@BL0PR2101MB0932.namprd21.prod.outlook.com"
    )
    assert neeraj["authored"].endswith("come up with proposal.\n\nNeeraj")
    andrew = _row(july, "dc89fd1273184d9d932bf8a7c8db1c6a@lenovo.com")
    assert "## BMC Registers:" in andrew["authored"]
    september = _threaded_month(corpora, "clearwater-pipermail/2015-September.txt")
    ellie = _row(
        september, "BN3PR02MB1255CC7B410F610B1F4BFF159B5A0@BN3PR02MB1255.namprd02.prod.outlook.com"
    )
    assert ellie["authored"].endswith("than the original INVITE?\n\nEllie")


# (archive file, Message-ID, the sender's words that stay, another's short line that goes):
# lines of others too short to compare on their own, and attributions without a colon.
SHORT_QUOTED_LINES = [
    # pierre's sign-off between two unmarked quotes of his text (Clayton Daley, 2014)
    (
        "twisted-python-pipermail-gz/2014-April.txt.gz",
        "CACKEAnXvjggutstq5NXqFjL1-WqKdbC3a0DHa3p54eEOh=jPxA@mail.gmail.com",
        "That way code written in the @inlineCallback syntax can be used",
        "kaiyou.",
    ),
    # Adi's first line under his attribution, his next paragraph quoted (Kyle Altendorf, 2021)
    (
        "twisted-python-pipermail-gz/2021-March.txt.gz",
        "813547f4b385506e70b61067abc1f9fb@fstab.net",
        "I do have deletion enabled in my repos.",
        "Great. Thank for the info.",
    ),
    # Gmail kept the quoted line and dropped its marker, an empty `>` line below it (2011)
    (
        "imagej-devel-pipermail/2011-April.txt",
        "BANLkTim_+7k5osh5T0TM5GQO4rN0dDkuYA@mail.gmail.com",
        "Great, let us know if you have any questions about it!",
        "All working now, thanks!",
    ),
    # the same with the beginning of a longer line of Johannes's (Mark Hiner, 2014)
    (
        "imagej-devel-pipermail/2014-April.txt",
        "CA+B=mGpHe87auV+p3xTepXDUTec0qnEA=DBzqjmiKs3unvnQSA@mail.gmail.com",
        "Did you actually get a build failure in Spanish",
        "Unfortunately, it is back",
    ),
    # Nabble's "Curtis Rueden wrote" above each `>` quote (Birgit Moeller, 2015)
    (
        "imagej-devel-pipermail/2015-March.txt",
        "1427568126400-954.post@n6.nabble.com",
        "Hi Curtis!",
        "Curtis Rueden wrote",
    ),
    # Barry's sign-off in Adi's reply typed into Gmail's quote, its marker lost (2020)
    (
        "twisted-python-pipermail-gz/2020-December.txt.gz",
        "CAFycZ9cG=PnvPejVLqEsq5wSy2TMcvKQyJpgfi0jkSx_ni=OPA@mail.gmail.com",
        "Cheers\nAdi",
        "Adi\n\nBarry",
    ),
    # a lone "From: Pete Shinners <...>" above the quote (Perry Greenfield, 2001)
    (
        "bigbang-testdata/2001-November.txt",
        "NFBBIJKCMEHBALEOENDEGEPACGAA.greenfield@home.com",
        "",
        "From: Pete Shinners",
    ),
]


@pytest.mark.parametrize(
    ("path", "message_id", "own", "quoted"),
    SHORT_QUOTED_LINES,
    ids=[case[1][:24] for case in SHORT_QUOTED_LINES],
)
def test_short_lines_and_colonless_attributions_of_others_are_not_authored(
    corpora: Path, path: str, message_id: str, own: str, quoted: str
) -> None:
    authored = _row(_threaded_month(corpora, path), message_id)["authored"]
    assert own in authored and authored.strip()
    assert quoted not in authored


def test_a_short_answer_beside_a_marked_quote_stays_the_senders() -> None:
    """Beside a `>` quote, a short line is an answer even where the quoted message went on
    with the same words: "Faisal," under the question Faisal signed, "Correct." (twisted)."""
    parent = "Some sample code could help me the best.\n\nFaisal\n"
    reply = "> Some sample code could help me the best.\n\nFaisal,\n\nPlease refer to the docs."
    assert split_message(reply, ancestor_texts=[parent]).authored.startswith("Faisal,")


# --- signatures and notices found whole on real messages ---------------------------------------


@pytest.mark.parametrize(
    ("path", "message_id", "ends", "signature", "gone"),
    [
        pytest.param(  # Ettus's code "As Is" and NI's export terms hid the block above them
            "usrp-users-mbox/usrp-users-2020-10.mbox",
            "CAGNhwTPzCyeR6YQ7rTYVFfWxchg1g-qrom+vF34_2ybY9AO2bA@mail.gmail.com",
            "request & we'll try this again. - MLD",
            "---\nDr Michael L Dickens\nPrincipal RF Applications Engineer",
            ["DISCLAIMER", "Export Administration", "Ettus Research Technical Support"],
            id="vendor-terms",
        ),
        pytest.param(  # his sign-off, glued above Aricent's notice, went with it
            "clearwater-pipermail/2016-December.txt",
            "MAXPR01MB03486A1D435030AD871933E0E6830@MAXPR01MB0348.INDPRD01.PROD.OUTLOOK.COM",
            "signaling_dns_server=10.96.0.10\n\nBR\nParwinder",
            "",
            ["DISCLAIMER"],
            id="sign-off-above-notice",
        ),
        pytest.param(  # the block was found from "Italy" (a phone below it) down only
            "clearwater-pipermail/2016-March.txt",
            "8CB925E42B68A941930F536B2D28DDDA0109B7CC4C@XMB-DCFR-38.europe.corp.altran.com",
            "Thank you very much,\nBest Regards,\n/Marcello",
            "Marcellino Marchitto\nTelecommunication & Media\nBU Telco&Media\nAdv. Consultant",
            ["Via Tiburtina", "00131 Roma"],
            id="department-and-street",
        ),
        pytest.param(  # the firm above the name
            "clearwater-pipermail/2017-September.txt",
            "3226A3C8-26C3-47D5-A8DF-13784F1706E7@redmatter.com",
            "Kind regards\nJim",
            "RedMatter Ltd\nJim Page\nVP Mobile Services",
            ["RedMatter"],
            id="firm-above-name",
        ),
        pytest.param(  # NetEase Mail Master's tag over three lines, its template above it
            "openbmc-mbox-2019/openbmc-2019-11.mbox.gz",
            "CC8CA82F-E2BE-483E-B2FE-7B1C56277A54@gmail.com",
            "000000f0  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|",
            "z1908144712\nz1908144712@gmail.com\n签名由\n网易邮箱大师\n定制",
            ["z1908144712@gmail.com", "网易邮箱大师"],
            id="client-tag",
        ),
        pytest.param(  # a call sign after the name, under "---"
            "usrp-users-mbox/usrp-users-2020-10.mbox",
            "740f10e7-9cd4-fe62-2e0f-9c2720592a65@dcsmail.net",
            "- I could not find the sample rates on your website.",
            "---\nBarry Duggan KV4FV\nhttps://github.com/duggabe",
            ["duggabe"],
            id="call-sign",
        ),
    ],
)
def test_signatures_and_notices_are_found_whole(
    corpora: Path, path: str, message_id: str, ends: str, signature: str, gone: list[str]
) -> None:
    row = _row(_threaded_month(corpora, path), message_id)
    assert row["authored"].endswith(ends)
    assert row["signature"].startswith(signature)
    assert not [text for text in gone if text in row["authored"]]


def test_short_lines_that_stay_the_senders_beside_a_quote() -> None:
    """The short-line rule leaves alone the sender's greeting at the top where the parent began
    with a greeting of its own ("Hi" there, "Hi," here: at the top the line must be the
    parent's as written), and the sender's code that shares a statement with the parent's."""
    parent = (
        "Hi\n\nIt is fine to run both of sides within the same process, many test\n"
        "suites in twisted do this.\n\nd = defer.Deferred()\n\nCheers\n"
    )
    greeting = (
        "Hi,\n\n   It is fine to run both of sides within the same process, many test\n"
        "> suites in twisted do this.\n>\n\nThat is what I did, thanks.\n"
    )
    assert split_message(greeting, ancestor_texts=[parent]).authored.startswith("Hi,")
    quoted = greeting.replace("Hi,", "Hi")
    assert split_message(quoted, ancestor_texts=[parent]).authored.startswith("That is")
    code = (
        "Try this:\n\n> It is fine to run both of sides within the same process, many test\n"
        "> suites in twisted do this.\n\nd = defer.Deferred()\n\nIt works here."
    )
    assert "d = defer.Deferred()" in split_message(code, ancestor_texts=[parent]).authored


def test_protonmail_banner_and_a_reply_under_a_quoted_footer_link(corpora: Path) -> None:
    """ProtonMail's banner is ruled with Unicode hyphens ('‐‐‐‐‐‐‐ Original Message ‐‐‐‐‐‐‐',
    kept in 22 of 24 openbmc messages); a reply glued under the quoted footer's link is no
    wrapped tail of it (peter, 2015: came out empty)."""
    banner = "‐‐‐‐‐‐‐ Original Message ‐‐‐‐‐‐‐"
    reply = f"Thanks, that works.\n\n{banner}\nOn Friday, Ann wrote:\n\n> Try it.\n"
    assert split_message(reply).authored == "Thanks, that works."
    october = _threaded_month(corpora, "twisted-python-pipermail-gz/2015-October.txt.gz")
    peter = _row(october, "5614D94B.9050400@yahoo.de")
    assert peter["authored"] == "thank you very much, i will try to adapt that solution to my code."


# --- text that repeats the thread but is the sender's ------------------------------------------


def _threaded_months(corpora: Path, paths: list[str]) -> pd.DataFrame:
    """Several files of one archive, threaded together (a thread that spans months)."""
    frame = parse_sources([corpora / path for path in paths], paths[0].split("/")[0])
    return apply_quotes(thread_messages(frame))


def test_code_posted_again_by_its_sender_stays_theirs(corpora: Path) -> None:
    """A program posted again, revised, between the sender's lines: its imports repeat the
    sender's own message of the day before (shweta mani, 2008), a script repeats the sender's
    earlier messages that others quoted (Hadrien Mary, imagej 2015)."""
    months = _threaded_months(
        corpora,
        [
            "twisted-python-pipermail-gz/2008-September.txt.gz",
            "twisted-python-pipermail-gz/2008-October.txt.gz",
        ],
    )
    authored = _row(months, "d13e157d0810012310x45557d12o5682ce7ffafa7628@mail.gmail.com")[
        "authored"
    ]
    assert "from twisted.internet import defer, protocol, reactor" in authored
    assert "from tkFileDialog import asksaveasfilename" in authored
    imagej = _threaded_month(corpora, "imagej-devel-pipermail/2015-January.txt")
    script = _row(imagej, "CAEpSnna=t=JbuRGDg+CUjoUT1SeDZAJhpirPaP+_9txUUgnx6Q@mail.gmail.com")
    assert "config.imgOpenerSetRegion(ImageRegion(axes, ranges))" in script["authored"]


def test_a_phrase_echoed_from_the_quote_above_is_the_senders_answer(corpora: Path) -> None:
    """Repeating a phrase of the marked quote just above is an answer ("It's a flaw in the
    design." under "I know someone is going to say it's a flaw in the design"); a quote whose
    markers were lost does not repeat the marked lines above it."""
    frame = _threaded_month(corpora, "twisted-python-pipermail-gz/2006-February.txt.gz")
    glyph = _row(frame, "20060224165317.6122.1612317390.divmod.quotient.6738@ohm")["authored"]
    assert 'I would hate to disappoint you.\n\n"It\'s a flaw in the design."' in glyph
    june = _threaded_month(corpora, "twisted-python-pipermail-gz/2003-June.txt.gz")
    question = _row(june, "20030617203011.GA6696@tao.tv.debian.net")["authored"]
    assert "What does *ActiveDirectory* need to check a users passphrase?" in question


@pytest.mark.parametrize(
    ("path", "message_id", "own", "quoted"),
    [
        pytest.param(  # his letter-spaced name, quoted from his own message above, then his
            "twisted-python-pipermail-gz/2007-April.txt.gz",
            "3A9551BA-3836-4856-A1B8-E91925CE432F@zgroupplc.com",
            "Should read before I type :)",
            "m a t t h e w   g l u b b",
            id="signature-quoted-above",
        ),
        pytest.param(  # a list another wrote, under Outlook's header after the inline answers
            "openbmc-mbox-2019/openbmc-2019-10.mbox",
            "DBA24EEE99A3B3489FF472F5E94DE6D7A30F8FE5@IRSMSX101.ger.corp.intel.com",
            "Exactly. You just set the MetricReportDefinitionType to Periodic",
            "2. Push the telemetry report to the BMC using RedFish.",
            id="outlook-quote-below-answers",
        ),
        pytest.param(  # his own bullets quoted again without markers, as anchors for answers
            "twisted-python-pipermail-gz/2013-March.txt.gz",
            "CA+U=zK0Qc=e0c6TYK2XSVDtFnP-s8tSg3HOBHA=z8eedEfG_BQ@mail.gmail.com",
            "You need this to know what nodes to create in your tree.",
            "- figure out how Sphinx modifies the doctrees",
            id="own-bullets-as-anchors",
        ),
        pytest.param(  # the list's footer, quoted, then again without its marker
            "twisted-python-pipermail-gz/2003-October.txt.gz",
            "20031028010515.3304.qmail@web13902.mail.yahoo.com",
            "you will in the\nnear future have some very-heavy-iron Twisted users",
            "http://twistedmatrix.com/cgi-bin/mailman/listinfo/twisted-python",
            id="footer-again",
        ),
    ],
)
def test_repeats_that_are_no_answers_stay_quoted(
    corpora: Path, path: str, message_id: str, own: str, quoted: str
) -> None:
    authored = _row(_threaded_month(corpora, path), message_id)["authored"]
    assert own in authored
    assert quoted not in authored


def test_a_wrapped_addresses_closing_bracket_is_no_quote_marker(corpora: Path) -> None:
    """SIPp's log wraps `To: <sip:...` before its `>;tag=...`: the `>` closes the address
    (Kosala, clearwater 2016)."""
    frame = _threaded_month(corpora, "clearwater-pipermail/2016-August.txt")
    log = _row(frame, "CAGEe17YcA6fMx-gL8H_h4MUFmsOGYA7O3N+nYjJ83BYz6SgrPQ@mail.gmail.com")
    assert (
        "To: <sip:2010000096 at example.com\n>;tag=z9hG4bKPjmTtF24BomE1irtWVZnxim6jKcUfYxxow^M\nCSeq: 1 REGISTER"
        in log["authored"]
    )
    assert log["authored"].endswith("Kosala")


@pytest.mark.parametrize(
    ("path", "message_id", "own", "quoted"),
    [
        pytest.param(  # Gnus writes the sender's own initials before what he answers
            "openbmc-mbox-2019/openbmc-2019-10.mbox",
            "11750.1571381035@dooku.sandelman.ca",
            "My experience is that the DTS file is loaded separately from the kernel.",
            "reliable and most easily accessible mechanism?",
            id="own-initials-under-attribution",
        ),
        pytest.param(  # The Bat!'s initials of the quoted author, no attribution naming him
            "twisted-python-pipermail-gz/2003-April.txt.gz",
            "129136193806.20030423122928@uch.net",
            "I am using just Psyco, but wow! Never saw these two. Thanks, Bob.",
            "Have you considered using something like BOOST.Python or Pyrex",
            id="initials-without-attribution",
        ),
    ],
)
def test_supercite_prefixes_that_no_attribution_names_are_quotes(
    corpora: Path, path: str, message_id: str, own: str, quoted: str
) -> None:
    authored = _row(_threaded_month(corpora, path), message_id)["authored"]
    assert own in authored
    assert quoted not in authored


def test_a_programs_prompt_is_no_supercite_prefix() -> None:
    """`IDL>` before commands is the interpreter's prompt, the sender's session (bigbang)."""
    body = "Try this:\n\nIDL> a = [[1,2,3,4], $\nIDL>      [5,6,7,8], $\nIDL> print, a\n\nBest"
    assert "IDL> print, a" in split_message(body).authored


# (archive file, Message-ID, the sender's last own words, a line of their signature):
# signatures in columns, in a box, or a name over a bare number.
SIGNATURE_SHAPES = [
    pytest.param(
        "bigbang-testdata/2001-November.txt",
        "Pine.OSF.3.95.1011105095309.19176F-100000@lcdx00.wm.lc.ehu.es",
        None,
        "Jon Saenz.\t\t\t\t| Tfno: +34 946012445",
        id="two-columns",
    ),
    pytest.param(
        "bigbang-testdata/2001-November.txt",
        "Pine.LNX.4.33.0111232236590.18487-100000@orb.astro.lsa.umich.edu",
        None,
        "Postdoctoral Research Fellow",
        id="boxed",
    ),
    pytest.param(
        "clearwater-pipermail/2016-October.txt",
        "16AE9ED83DBA5B4D85B058EAF39C918107E1D2BA@NDA-HCLT-MBS05.hclt.corp.hcl.in",
        "Regards",
        "8826292018",
        id="bare-number",
    ),
]


@pytest.mark.parametrize(("path", "message_id", "own", "signature"), SIGNATURE_SHAPES)
def test_signatures_in_columns_boxes_or_with_a_bare_number_are_not_authored(
    corpora: Path, path: str, message_id: str, own: str | None, signature: str
) -> None:
    row = _row(_threaded_month(corpora, path), message_id)
    assert signature not in row["authored"]
    assert signature in row["signature"]
    if own is not None:
        assert row["authored"].rstrip().endswith(own)


@pytest.mark.parametrize(
    ("path", "message_id", "kept"),
    [
        pytest.param(  # a report's listing between two rules (no name, sentences)
            "twisted-python-pipermail-gz/2005-July.txt.gz",
            "426B61E9-D6BD-49DD-BEB8-09CA32389BAA@fuhm.net",
            "http://twistedmatrix.com/bugs/issue1105 opened by cablehead",
            id="listing-between-rules",
        ),
        pytest.param(  # code between two rules
            "twisted-python-pipermail-gz/2011-March.txt.gz",
            "AANLkTi=_SPVDpJVx2rtx+9DmWiCTD69N4g_3_RP5OrMX@mail.gmail.com",
            "internet.TCPServer(9000, factory2).setServiceParent(application)",
            id="code-between-rules",
        ),
        pytest.param(  # a one-line joke reply: a name and a link, then the sign-off
            "twisted-python-pipermail-gz/2008-May.txt.gz",
            "18495.19666.61537.755458@jon.es",
            "Twisted Sister",
            id="name-and-link-reply",
        ),
    ],
)
def test_what_only_looks_like_a_boxed_or_column_signature_stays(
    corpora: Path, path: str, message_id: str, kept: str
) -> None:
    assert kept in _row(_threaded_month(corpora, path), message_id)["authored"]


@pytest.mark.parametrize(
    ("path", "message_id", "own", "gone"),
    [
        pytest.param(  # his first line, right above the code of his own he quotes
            "twisted-python-pipermail-gz/2010-August.txt.gz",
            "4C6A2CA3.3090109@naumen.ru",
            "Some mistake fixes in my previous message",
            "> @inlineCallbacks",
            id="line-above-quoted-code",
        ),
        pytest.param(  # Bugzilla's comment header above the quote it answers
            "imagej-devel-pipermail/2014-June.txt",
            "bug-752-194-y2da6M8wgp@http.fiji.sc/bugzilla/",
            "--- Comment #13 from Johannes Schindelin",
            "How do I get 'get push' to use https?",
            id="tracker-comment-header",
        ),
        pytest.param(  # Lotus Notes' attribution ends with a time: "wrote on <date> <time>:"
            "twisted-python-pipermail-gz/2007-October.txt.gz",
            "OF0ED303F2.E7706FBC-ON8625736F.0060300F-8625736F.0061032D@uscmail.uscourts.gov",
            None,
            "twisted-python-bounces at twistedmatrix.com wrote on 10/07/2007 01:04:56 PM:",
            id="attribution-with-a-time",
        ),
        pytest.param(  # an attribution's first line over its marked rest stays a quote
            "twisted-python-pipermail-gz/2007-April.txt.gz",
            "20070424212033.19381.318701034.divmod.quotient.4890@ohm",
            "Could you re-send the program as an attachment?",
            "Andrew Francis",
            id="attribution-first-line",
        ),
    ],
)
def test_lines_right_above_a_marked_quote(
    corpora: Path, path: str, message_id: str, own: str | None, gone: str
) -> None:
    authored = _row(_threaded_month(corpora, path), message_id)["authored"]
    if own is not None:
        assert own in authored
    assert gone not in authored


def test_a_short_answer_between_the_lines_of_a_quoted_patch_is_the_senders(
    corpora: Path,
) -> None:
    """Outlook for Mac quotes a patch by indenting it; a five-word review comment typed between
    its lines is too short for the ancestor search, but its words are in no ancestor one after
    the other (Vijay Khemka, openbmc 2019)."""
    frame = _threaded_month(corpora, "openbmc-mbox-2019/openbmc-2019-08.mbox")
    authored = _row(frame, "70B3A211-2F43-4712-9B92-D407AA3C3934@fb.com")["authored"]
    assert "Same alignment issue in description." in authored
    assert "Please align above details." in authored


def test_a_reply_between_an_attribution_and_the_marked_quote_is_the_senders(
    corpora: Path,
) -> None:
    """Evolution's "Am ... schrieb Phil:" above the sender's own words, then Phil's `>` quote,
    which the thread repeats only in part (its joke and sign-off): the words between are the
    reply, and the message is not empty (Andreas Kostyrka, 2008)."""
    frame = _threaded_month(corpora, "twisted-python-pipermail-gz/2008-March.txt.gz")
    authored = _row(frame, "1204814992.13045.61.camel@localhost")["authored"]
    assert authored.startswith("Well, how buggy it is, is open to discussion.")
    assert "It's easy." not in authored


def test_a_contact_block_laid_out_as_fields_is_a_signature(corpora: Path) -> None:
    """`name:` / `website:` / `jabber id:` under the reply (David Creswick, 2001)."""
    frame = _threaded_month(corpora, "twisted-python-pipermail-gz/2001-August.txt.gz")
    row = _row(frame, "Pine.LNX.4.21.0108051716020.31580-100000@multivac.localhost")
    assert "David Creswick" not in row["authored"]
    assert row["authored"].endswith("http://braznet.com/david/files/chatclient.py")
    assert "jabber id:  davec at jabber.org" in row["signature"]


@pytest.mark.parametrize(
    ("path", "message_id", "reply"),
    [
        pytest.param(
            "twisted-python-pipermail-gz/2002-November.txt.gz",
            "20021102192740.4a12cd8c.twisted@itamarst.org",
            "Please note that Twisted needs to support 2.1 as well",
            id="itamar",
        ),
        pytest.param(
            "imagej-devel-pipermail/2010-August.txt",
            "alpine.DEB.1.00.1008071151040.2983@bonsai2",
            "I included the script bin/maven.sh in Fiji",
            id="dscho",
        ),
    ],
)
def test_a_shell_session_quoted_under_an_attribution_stays_a_quote(
    corpora: Path, path: str, message_id: str, reply: str
) -> None:
    """`> $ command` under "Ann wrote:" is Ann's session, quoted: not a terminal the sender
    pasted, which once unmarked it and took the reply below for the rest of an unmarked quote
    (both messages came out empty)."""
    authored = _row(_threaded_month(corpora, path), message_id)["authored"]
    assert reply in authored
    assert "$ " not in authored.split("\n")[0]


def test_a_snip_mark_between_attribution_and_quote_opens_no_unmarked_quote(
    corpora: Path,
) -> None:
    """`*snip*` under "On ..., exarkun wrote:" is an elision mark, as `[snip]` is: the quote
    is the marked one below it, and the answer between its parts is the sender's (Jasper,
    2012; the message came out empty)."""
    frame = _threaded_month(corpora, "twisted-python-pipermail-gz/2012-October.txt.gz")
    row = _row(frame, "CAA0H+QSiVp3W2=o+KVGo_PuLwe1WXey9DahG1Nhhq3FaVfszEw@mail.gmail.com")
    assert "Yes. it's difficult to understand. I see that as a hurdle." in row["authored"]
    assert "Running" not in row["authored"]


def test_a_phones_tagline_under_its_tag_is_signature(corpora: Path) -> None:
    """ "Sent via iPhone", then "Is your e-mail Premiere?" above the quote: the tagline the
    phone appends, in 11 messages of Jason J. W. Williams (2011)."""
    frame = _threaded_month(corpora, "twisted-python-pipermail-gz/2011-March.txt.gz")
    row = _row(frame, "05DD6421-1AB3-4B1B-8AF9-264C9CE35CF4@gmail.com")
    assert row["authored"].endswith("-J")
    assert "Is your e-mail Premiere?" in row["signature"]


@pytest.mark.parametrize(
    ("path", "message_id", "answer"),
    [
        pytest.param(  # Yahoo: answers to his own questions, on the lines under each (empty)
            "clearwater-pipermail/2017-August.txt",
            "695899428.3059667.1502904435489@mail.yahoo.com",
            "I tried yes thats correct and used a single public network",
            id="yahoo-inline",
        ),
        pytest.param(  # Airmail: the answer glued under the quoted line of code it is about
            "twisted-python-pipermail-gz/2016-March.txt.gz",
            "etPan.56f1a1da.2d623f43.9f5b@dzur.corp.wargaming.local",
            "You are disconnecting right here, without waiting for your Deferred to fire.",
            id="airmail-inline",
        ),
    ],
)
def test_answers_glued_to_the_quoted_lines_of_an_unmarked_quote_are_the_senders(
    corpora: Path, path: str, message_id: str, answer: str
) -> None:
    assert answer in _row(_threaded_month(corpora, path), message_id)["authored"]


@pytest.mark.parametrize(
    ("path", "message_id", "own", "quoted"),
    [
        pytest.param(  # QQ Mail: "&gt; Greetings!" under Richard's reply (blind audit 24, E4)
            "openbmc-mbox-2019/openbmc-2019-12.mbox.gz",
            "tencent_74FD2ECBC3FF44DE65AAF884C881E0C34D05@qq.com",
            "I haven't found a deleteuser d-bus interface like createuser interface.",
            ("Greetings!", "I am using openbmc", "Richard", "wrote:"),
            id="qq-mail",
        ),
        pytest.param(  # old Hotmail: "&gt;From: &lt;exarkun at divmod.com&gt;", answers between
            "twisted-python-pipermail-gz/2004-April.txt.gz",
            "BAY2-F112IwNdJiRcJq0005618e@hotmail.com",
            "I didn't know of the ClientFactory class.",
            ("exarkun", "There is a much nicer POP3 client", "reactor.run()", "&gt;"),
            id="hotmail",
        ),
    ],
)
def test_quote_markers_left_as_html_entities_quote(
    corpora: Path, path: str, message_id: str, own: str, quoted: tuple[str, ...]
) -> None:
    row = _row(_threaded_month(corpora, path), message_id)
    assert "&gt;" in row["body"]  # the body stays as the archive holds it
    assert own in row["authored"]
    for text in quoted:
        assert text not in row["authored"], text


def test_entities_named_in_plain_text_stay_as_written() -> None:
    """Only text escaped as a whole is unescaped: a writer naming entities keeps them."""
    named = "I tested it with &copy; &nbsp; &foo; and &lt;b&gt; too.\n"
    assert next(line.text for line in segment(named)) == named.rstrip("\n")
    escaped = "Thanks&nbsp;a lot.\n\nOn Mon, Ann wrote:\n&gt; Is it &lt;b&gt;?\n"
    labels = [(line.text, line.label) for line in segment(escaped)]
    assert labels[0] == ("Thanks a lot.", LineLabel.OWN)
    assert labels[3] == ("> Is it <b>?", LineLabel.QUOTE)
