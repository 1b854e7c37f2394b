"""A short first name in the header, the full one in the sign-off (a gap the blind audits left, id43)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analyzer.api import parse_sources
from analyzer.identity import resolve_authors
from analyzer.identity.names import first_names_akin
from analyzer.identity.signatures import signed_first_names


def _messages(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """(address, name, date, body) per message."""
    return pd.DataFrame(
        {
            "message_id": [f"m{k}@x" for k in range(len(rows))],
            "from_email": [r[0] for r in rows],
            "from_name": [r[1] for r in rows],
            "subject": [f"[l] question {k}" for k in range(len(rows))],
            "body": [r[3] for r in rows],
            "date": pd.to_datetime([r[2] for r in rows], utc=True),
        }
    )


def test_first_name_sign_offs_and_kin_names() -> None:
    texts = [
        "Any pointers welcome.\n\nThank you for your time,\nAdrian\n",
        "Ok.\n\nThanks, Alex",
        "Thanks!",
    ]
    assert signed_first_names(texts) == {"adrian": 1, "alex": 1}
    assert not signed_first_names(["I will look into it.\nThe Deferred fires twice\n"])
    assert first_names_akin("adi", "adrian")
    assert first_names_akin("bill", "william")
    assert first_names_akin("mark", "martin")  # kin only: a sign-off decides
    assert not first_names_akin("john", "mary")


def test_a_short_header_name_signed_in_full_joins_the_full_name() -> None:
    question = "How do I batch the commits?\n\nThanks,\n"
    messages = _messages(
        [
            ("adrian.pop@old.example", "Adrian Pop", "2005-04-10", "Hello\n\nAdrian\n"),
            ("adi.pop@new.example", "Adi Pop", "2014-09-04", question + "Adrian\n"),
            # written side by side: Chris who signs Christine is kept from Christine Ray
            ("christine.ray@a.example", "Christine Ray", "2010-01-01", "Hi\n\nChristine\n"),
            ("chris@b.example", "Chris Ray", "2010-02-01", question + "Christine\n"),
            ("christine.ray@a.example", "Christine Ray", "2010-03-01", "Hi\n\nChristine\n"),
            # a full name signed short tells nothing: every Alexander signs "Alex"
            ("alex@c.example", "Alex May", "2003-08-17", question + "Alex\n"),
            ("alexander@d.example", "Alexander May", "2004-05-14", question + "Alex\n"),
        ]
    )
    ids = resolve_authors(messages).messages.set_index("from_email")["author_id"]
    assert ids["adi.pop@new.example"] == "adrian.pop@old.example"
    assert ids["chris@b.example"] == "chris@b.example"
    assert ids["alexander@d.example"] == "alexander@d.example"


def test_twisted_adi_libotean_is_adrian_libotean(corpora: Path) -> None:
    """A gap the blind audits left (id43): "Adi Libotean" (2014, proatria.com) signs "Adrian"; Adrian Libotean
    wrote from asylum-studios.ro in 2005. (Six lists: 11 pairs of one surname under kin first
    names, this the only one joined; Alexander May, who signs "Alex" like Alex May, is not.)"""
    folder = corpora / "twisted-python-pipermail-gz"
    frame = parse_sources(
        [folder / "2005-April.txt.gz", folder / "2014-September.txt.gz"], "twisted"
    )
    result = resolve_authors(frame)
    ids = result.messages.set_index("from_email")["author_id"]
    assert ids["adi.libotean@proatria.com"] == "adrian.libotean@asylum-studios.ro"
    authors = result.authors.set_index("author_id")
    assert authors.loc["adrian.libotean@asylum-studios.ro", "name"] == "Adrian Libotean"
