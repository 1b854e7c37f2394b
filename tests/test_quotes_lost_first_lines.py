"""A quoted paragraph's first line that lost its `>` (Gmail's HTML-to-text conversion) while
the quoted message is not in the archive, on real imagej-devel replies; and the sender's own
lines above a quote that must stay theirs."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from quoted_files import quoted_files, row_of

from analyzer.quotes import split_message


def _no_parent_here(frame: pd.DataFrame, row: pd.Series) -> None:
    """The quoted message is not in the archive: nothing of the thread can match the line."""
    parent = row["parent_id"]
    assert not isinstance(parent, str) or parent not in set(frame["message_id"])


def test_a_first_line_that_gmails_full_quote_below_repeats_is_quoted(corpora: Path) -> None:
    # Curtis Rueden answers inline; Gmail left the first line of a one-line quoted paragraph
    # unmarked above a bare ">", and set the whole quoted message under his reply
    march = quoted_files(corpora, "imagej-devel-pipermail/2011-March.txt")
    toby = row_of(march, "AANLkTimk9JUeeOtpxx=r9M-Pxzi0LJe6KWzJ9J9=4-xt@mail.gmail.com")
    _no_parent_here(march, toby)
    assert "wrong classname in the bat file" not in toby["authored"]
    assert "Sure, I am CCing the list." in toby["authored"]
    assert "Thanks for letting me know." in toby["authored"]

    october = quoted_files(corpora, "imagej-devel-pipermail/2011-October.txt")
    wayne = row_of(october, "CADN69ymeZ6FBie1x4dtg+xhnzgGQeqVC07UuyA6s=OdQbFNC-g@mail.gmail.com")
    _no_parent_here(october, wayne)
    assert wayne["authored"].startswith("Hi Wayne,\n\nThanks for investigating.")
    assert "I was able to run all the failing tests." not in wayne["authored"]


def test_first_lines_of_johannes_paragraphs_are_not_curtis(corpora: Path) -> None:
    # Curtis answers a message posted to fiji-devel (no parent here): "I have gotten a user..."
    # (its quoted paragraph goes on "> What is the status...") is found nowhere else; "So:
    # Johan, ..." is in the full quote below his reply
    march = quoted_files(corpora, "imagej-devel-pipermail/2012-March.txt")
    row = row_of(march, "CADN69ymdQOKSD7ozTGaY5eWLsQy3wB3G_4SLwSY2kjCAGJyZMg@mail.gmail.com")
    _no_parent_here(march, row)
    authored = row["authored"]
    assert "I have gotten a user" not in authored
    assert "if you feel up for it" not in authored
    assert authored.startswith("Hi Johan et. al,\n\nI agree with the other comments")
    assert "I definitely agree." in authored
    assert "Johan, if you need an i18n system now, go for it." in authored


def test_a_quoted_bullets_first_line_left_on_an_open_word_is_quoted(corpora: Path) -> None:
    # Brad's bullet "- I haven't found a clean way to reference code that's under the" /
    # "> Java default package in code...": the line stops on "the", the marked line goes on.
    # Without the full quote under the reply (cut here), only the open ending tells.
    march = quoted_files(corpora, "imagej-devel-pipermail/2011-March.txt")
    row = row_of(march, "AANLkTimr=Un0KHfhjBc8V5BgnO91eyo2SeO4MxtP3KGx@mail.gmail.com")
    _no_parent_here(march, row)
    assert "I haven't found a clean way" not in row["authored"]
    reply = row["body"].split("\nOn Fri, Mar 18, 2011")[0]
    assert "> Java default package" in reply and "Brad <" not in reply
    lone = split_message(reply).authored
    assert "I haven't found a clean way" not in lone
    assert "Hmm, I am not too familiar with this issue." in lone


def test_the_senders_own_line_glued_above_a_quote_stays_authored(corpora: Path) -> None:
    # Jean-Paul agrees in the words of the quote just above his line ("This is the most
    # important point." / "> [snip]"): what it repeats is above it, not below
    june = quoted_files(corpora, "twisted-python-pipermail-gz/2011-June.txt.gz")
    jp = row_of(june, "20110615015701.1894.325973391.divmod.xquotient.369@localhost.localdomain")
    assert jp["authored"].startswith("This is the most important point.\n")
    # Glyph (Apple Mail, no wrapping) glues two sentences of his own above the quote he answers
    january = quoted_files(corpora, "twisted-python-pipermail-gz/2017-January.txt.gz")
    glyph = row_of(january, "DB302537-C004-4CAA-9D5F-135F8989DDD9@twistedmatrix.com")
    shaped = "It is shaped the same.  The reason you're seeing the error is due to the issue"
    assert shaped in glyph["authored"]
    assert shaped in split_message(glyph["body"]).authored  # without its ancestors too
    # Le Wang announces the log she pastes, marked: "The log on Homestead node shows that"
    clearwater = quoted_files(corpora, "clearwater-pipermail/2016-January.txt")
    wang = row_of(clearwater, "D2D009E0.13238%le.l.wang@ericsson.com")
    assert "The log on Homestead node shows that" in wang["authored"]


def test_a_link_alone_between_quotes_above_a_bare_marker_stays_authored(corpora: Path) -> None:
    """Patrick Venture's only own line is the review link he sets under the quote it answers,
    above Gmail's bare `>` lines: a link alone continues no quoted paragraph (the audit of
    empty authored texts, audit29); his message's authored text was empty."""
    september = quoted_files(corpora, "openbmc-mbox-2019/openbmc-2019-09.mbox", list_name="openbmc")
    row = row_of(september, "CAO=notxsoU=1dvDMuaQd0_iLindkLFaWyrnTxQ9q=jeQLskU2g@mail.gmail.com")
    link = "https://gerrit.openbmc-project.xyz/c/openbmc/phosphor-pid-control/+/25048"
    assert row["authored"] == link


def test_a_line_above_a_quotes_end_that_its_parent_lacks_stays_authored(corpora: Path) -> None:
    """Jean-Paul Calderone's one line sits above the end of Glyph's quote, its last word
    wrapped into it ("glyph can summarize if he" / "> wants." / "> -glyph"): taken for the first
    line of a quoted paragraph that lost its `>`, though Glyph's message, in the archive and
    read whole, does not hold it (the audits of empty authored texts, audit28 and audit30;
    18 messages of the six archives regain such a line)."""
    december = quoted_files(corpora, "twisted-python-pipermail-gz/2016-December.txt.gz")
    row = row_of(december, "CAEeXt4NWBKQAct6kG-Y1ncFR2ZOoSHRpeFkbCnG5U2g9Ni_SAA@mail.gmail.com")
    assert row["authored"].startswith("(Followed-up on IRC in Twisted admin channe;")
    assert "Have there been any examples of it working yet?" not in row["authored"]
