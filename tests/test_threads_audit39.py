"""Threading errors found by the blind audit thr38 and fixed in thr39, on the real messages."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analyzer.api import parse_sources
from analyzer.threads import thread_messages


def _parents(paths: list[Path]) -> pd.Series:
    return thread_messages(parse_sources(paths, "l")).set_index("message_id")["parent_id"]


def test_twisted_an_in_reply_to_that_holds_a_senders_address_gives_way_to_references(
    corpora: Path,
) -> None:
    """Blind audit thr38: Jon Dyte's VM mailer wrote the replied-to sender's address in
    In-Reply-To ("glyph@twistedmatrix.com") and the chain in References; the address names no
    message, so the last References entry is the parent. (Six lists: 4 messages have such an
    In-Reply-To, 2 parents change, both read, both right; the other 2 had it already.)"""
    months = [
        corpora / "twisted-python-pipermail-gz" / f"2002-{m}.txt.gz" for m in ("June", "July")
    ]
    parent = _parents(months)
    assert parent["15624.56213.487457.472154@erdos.totient.com"] == (
        "20020613.060015.77059905.glyph@twistedmatrix.com"
    )
    assert parent["15686.64565.556903.194894@erdos.totient.com"] == (
        "E17ZUkl-0003Lh-00@config14.kundenserver.de"
    )


def test_an_in_reply_to_that_is_a_messages_own_id_stays_one() -> None:
    """An ID shaped like an address is still an ID when a message of the table has it."""
    messages = pd.DataFrame(
        {
            "message_id": ["ann@host.org", "b@x", "c@x"],
            "from_email": ["ann@host.org", "bob@host.org", "ann@host.org"],
            "subject": ["s", "Re: s", "Re: s"],
            "date": pd.to_datetime(["2020-01-01", "2020-01-02", "2020-01-03"], utc=True),
            "in_reply_to": [None, "ann@host.org", "bob@host.org"],
            "references": [[], ["ann@host.org"], ["ann@host.org", "b@x"]],
        }
    )
    parent = thread_messages(messages).set_index("message_id")["parent_id"]
    assert parent["b@x"] == "ann@host.org"  # the address is also a message's own ID
    assert parent["c@x"] == "b@x"  # Bob's address names no message: References tell


def test_bigbang_a_reply_to_a_digest_under_an_items_subject_goes_by_its_quote(
    corpora: Path,
) -> None:
    """Blind audit thr38: Perry Greenfield answered the Numpy-discussion digest (not archived)
    under the subject of its item, quoting Pete Shinners' message word for word; a second
    reply to the same digest kept "Re: Numpy-discussion digest", which tells the missing
    parent is a digest, so the first reply is placed by its quote as a lone one is. (Six lists:
    1 parent changes, right.)"""
    parent = _parents([corpora / "bigbang-testdata" / "2001-November.txt"])
    assert parent["NFBBIJKCMEHBALEOENDEGEPACGAA.greenfield@home.com"] == (
        "3BF59D10.2070107@shinners.org"
    )
