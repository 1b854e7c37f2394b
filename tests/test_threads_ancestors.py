"""Replies whose In-Reply-To names a message the archive lacks and whose References name an
archived ancestor: a quote of that ancestor's own text says they answer it (blind audit thr32,
section B), a quote that holds words the ancestor lacks says they answer the missing message."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analyzer.api import parse_sources
from analyzer.threads import thread_messages
from analyzer.threads.ancestors import answers_ancestor
from analyzer.threads.quoting import quoted_lines


def _parents(paths: list[Path]) -> pd.Series:
    return thread_messages(parse_sources(paths, "l")).set_index("message_id")["parent_id"]


def test_twisted_a_reply_quoting_the_archived_ancestor_answers_it(corpora: Path) -> None:
    """Thr32, B7: Christopher Armstrong's In-Reply-To names his own message, which the archive
    lacks; his References name Jeff Pitman's, whose questions he quotes under "Jeff Pitman
    wrote:" and answers one by one."""
    parent = _parents([corpora / "twisted-python-pipermail-gz" / "2005-March.txt.gz"])
    assert parent["60ed19d40503161625bc90e58@mail.gmail.com"] == (
        "200503162352.58630.symbiont@berlios.de"
    )


def test_clearwater_a_forwarded_answer_quoting_the_archived_ancestor_answers_it(
    corpora: Path,
) -> None:
    """Bud Asterisk's "Fwd: New install failure" answers Chris Elford's "Are you following our
    manual install instructions", which it quotes whole; its In-Reply-To, his own first reply,
    never reached the list."""
    parent = _parents([corpora / "clearwater-pipermail" / "2016-March.txt"])
    assert parent["CAGCNiJ+RudiSFbTa92U+CxUFTd7BSvz2e_OtnrRPunnaV_1N3g@mail.gmail.com"] == (
        "SN1PR0201MB185610B1FE00E2F9F0621038E1870@SN1PR0201MB1856.namprd02.prod.outlook.com"
    )


def test_imagej_a_reply_to_the_missing_message_stays_under_it(corpora: Path) -> None:
    """Stephan Saalfeld answers Tobias Pietzsch's "That link is not working...?", which the
    archive lacks; that message quoted Stephan's own, the archived ancestor, whose sentences
    Stephan's quote therefore holds too. Tobias's line and his "Stephan Saalfeld wrote:" are
    words the ancestor lacks: the reply keeps its header's parent, a missing one."""
    parent = _parents([corpora / "imagej-devel-pipermail" / "2012-March.txt"])
    assert pd.isna(parent["1331912173.4067.18.camel@saalfeld-thinkpad"])


def test_list_footers_and_links_in_the_quote_are_no_words_the_ancestor_lacks() -> None:
    ancestor = (
        "On Sun, 20 Oct 2002, Glyph wrote:\n> rather have it done once in a thread.\n\n"
        "I disagree. Doing it in a process with gzip would work much better and\n"
        "much saner on UNIX. I'd rather it be done twice, even if I have to do\n"
        "the UNIX version myself.\n"
    )
    reply = (
        "Moshe wrote:\n"
        "> I disagree. doing it in a process with gzip would work much better and\n"
        "> much saner on UNIX. I'd rather it be done twice, even if I have to do\n"
        "> the UNIX version myself.\n"
        "> _______________________________________________\n"
        "> Twisted-Python mailing list\n"
        "> Twisted-Python at twistedmatrix.com\n"
        "> http://twistedmatrix.com/cgi-bin/mailman/listinfo/twisted-python\n\n"
        "I agree as well.\n"
    )
    assert answers_ancestor(quoted_lines(reply), ancestor)
    answer = reply.replace("> _____", "> And so do I, for the very same reasons here.\n> _____")
    assert not answers_ancestor(quoted_lines(answer), ancestor)


def test_imagej_an_in_reply_to_a_gateway_prefixed_names_the_archived_message(
    corpora: Path,
) -> None:
    """Thr32, B28: a gateway passed Albert Cardona's message on with its ID prefixed
    ("23592_1271767159_ZZg0W0QxudrTA.00_<id>"), and Curtis Rueden's "Hi Albert" names that
    form; the archive holds Albert's message under its own ID. (Six lists: 3 such IDs, all on
    imagej-devel, each the prefixed ID of an archived message; 2 parents set, 1 already by quote.)"""
    parent = _parents([corpora / "imagej-devel-pipermail" / "2010-April.txt"])
    assert parent["z2g857a86451004201026o8923da3bn3b7ea0fefca7192@mail.gmail.com"] == (
        "u2la1c2a1201004200539nae93baaaw5245cc776c058ea0@mail.gmail.com"
    )
    assert parent["m2p857a86451004071415xf12ee8ddme1a3b36dcc776b9e@mail.gmail.com"] == (
        "y2p1f05c4da1004071355tc6dfdf4an79dd9da88786b754@mail.gmail.com"
    )
