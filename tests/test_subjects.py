"""Base subjects: prefixes of many languages, stacked list tags, notes, digests, trackers."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer.api import parse_sources
from analyzer.subjects import (
    display_subject,
    is_digest_subject,
    is_reply_subject,
    is_tracker_subject,
    normalize_subject,
)


@pytest.mark.parametrize(
    ("subject", "base"),
    [
        ("Hello World", "hello world"),
        ("Re: Hello  World", "hello world"),
        ("RE: re: Re: hello\tworld", "hello world"),
        ("Re[2]: Hello", "hello"),
        ("Re(3): Hello", "hello"),
        ("Re^2: Hello", "hello"),
        ("Re : Ça va", "ça va"),
        ("AW: Antwort: Frage", "frage"),
        ("SV: VS: Antw: Odp: question", "question"),
        ("Fwd: Fw: WG: TR: news", "news"),
        ("回复：你好", "你好"),
        ("Re：full-width colon", "full-width colon"),
        ("[bestbits] [governance] Re: Fwd: IGF agenda", "igf agenda"),
        ("[list] Re: [other] Bar", "bar"),
        ("Re: [a][b]  c", "c"),
        ("Fwd: [x] Re: z", "z"),
        ("[Fwd: Re: [l] inner subject]", "inner subject"),
        ("Re: [Fwd: wrapped]", "wrapped"),
        ("FW: Re: hello (fwd)", "hello"),
        ("[ImageJ-devel] Naming [was: Re: [fiji-devel] old]", "naming"),
        ("New topic (was: Old topic)", "new topic"),
        (
            "Re: [Project Clearwater] Clearwater Digest, Vol 40, Issue 24",
            "clearwater digest, vol 40, issue 24",
        ),
        ("[ImageJ-devel] [Bug 752] New: Profile plot", "[bug 752] profile plot"),
        ("Re: [ImageJ-devel] [Bug 752] Profile plot", "[bug 752] profile plot"),
        ("[announce]", "[announce]"),
        ("Reg: Finding problem", "reg: finding problem"),
        ("Regarding: lunch", "regarding: lunch"),
        ("Are: you there", "are: you there"),
        ("(was: only a note)", "(was: only a note)"),
        ("", ""),
        (None, ""),
    ],
)
def test_base_subject(subject: str | None, base: str) -> None:
    assert normalize_subject(subject) == base


@pytest.mark.parametrize(
    ("subject", "reply"),
    [
        ("Re: x", True),
        ("[list] RE: x", True),
        ("AW: x", True),
        ("Re[2]: x", True),
        ("Fwd: Re: x", True),
        ("Fwd: x", False),
        ("x", False),
        ("Regarding: x", False),
        ("[list] x", False),
        (None, False),
    ],
)
def test_reply_subject(subject: str | None, reply: bool) -> None:
    assert is_reply_subject(subject) is reply


def test_digests_and_trackers() -> None:
    assert is_digest_subject("Re: [Project Clearwater] Clearwater Digest, Vol 40, Issue 24")
    assert is_digest_subject("imagej-devel Digest, Vol 3, Issue 7")
    assert not is_digest_subject("A digest of the discussion so far")
    assert is_tracker_subject("[ImageJ-devel] [Bug 691] Modern Mode fails")
    assert is_tracker_subject("[ImageJ-devel] [ImageJ] #1553: Make it easier")
    assert not is_tracker_subject("[ImageJ-devel] Bug in ImgLib2")


def test_real_subjects_of_a_thread_share_one_base(corpora: Path) -> None:
    """In clearwater, every header-linked reply has its parent's base subject (or a changed one
    that is visibly different), and no base subject keeps a reply prefix or the list tag."""
    messages = parse_sources(sorted((corpora / "clearwater-pipermail").glob("*.txt")), "cw")
    bases = messages["subject"].map(normalize_subject)
    assert not bases.str.startswith(("re:", "aw:", "[clearwater]", "[project clearwater]")).any()
    by_id = dict(zip(messages["message_id"], bases, strict=True))
    pairs = [
        (base, by_id[parent])
        for base, parent in zip(bases, messages["in_reply_to"], strict=True)
        if isinstance(parent, str) and parent in by_id
    ]
    same = sum(child == parent for child, parent in pairs)
    assert len(pairs) > 800
    assert same / len(pairs) > 0.95


@pytest.mark.parametrize(
    ("subject", "shown"),
    [
        ("Re: [civics-forum] WGEC: the Chair's draft", "WGEC: the Chair's draft"),
        ("RE: Re: [Twisted-Python] Deferred  question (was: x)", "Deferred question"),
        ("AW: [ImageJ-devel] SciJava", "SciJava"),
        (None, ""),
    ],
)
def test_display_subject_keeps_the_writers_case(subject: str | None, shown: str) -> None:
    assert display_subject(subject) == shown
    assert display_subject(subject).lower() == normalize_subject(subject)
