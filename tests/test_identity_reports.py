"""Periodic reports on real archives: a script's weekly output is not the words of the person
whose address sent it, and a person's own short series of one subject stays theirs."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analyzer.api import parse_sources
from analyzer.identity import resolve_authors
from analyzer.identity.reports import periodic_reports
from analyzer.threads import thread_messages

TWISTED = "twisted-python-pipermail-gz"
ADDRESS = "exarkun@twistedmatrix.com"


def _twisted(corpora: Path, months: list[str]) -> pd.DataFrame:
    folder = corpora / TWISTED
    return thread_messages(parse_sources([folder / f"{m}.txt.gz" for m in months], "twisted"))


def _summaries(messages: pd.DataFrame, address: str) -> pd.Series:
    """The tracker's summaries sent from ``address``: threads it started under that subject."""
    return (
        (messages["from_email"] == address)
        & messages["parent_id"].isna()
        & (messages["subject_norm"] == "weekly bug summary")
    )


def test_a_weekly_report_from_a_persons_address_is_an_automated_sender(corpora: Path) -> None:
    """twisted-python's "Weekly Bug Summary" came for years from Jean-Paul Calderone's address,
    between his own messages: the summaries are one automated author named by the subject,
    and everything else he sent from the address stays his, a person's."""
    months = ["2010-January", "2010-February", "2010-March", "2010-April"]
    threaded = _twisted(corpora, months)
    # (an archive that holds its months twice has the same reports: a copy is no resend)
    assert periodic_reports(pd.concat([threaded, threaded])) == periodic_reports(threaded)
    result = resolve_authors(threaded)
    messages, authors = result.messages, result.authors.set_index("author_id")
    summaries = _summaries(messages, ADDRESS)
    assert summaries.sum() >= 15
    report = f"{ADDRESS}/weekly-bug-summary"
    assert set(messages.loc[summaries, "author_id"]) == {report}
    assert authors.at[report, "is_automated"]
    assert authors.at[report, "name"] == "Weekly Bug Summary"
    assert authors.at[report, "n_messages"] == summaries.sum()
    assert any("periodic report" in r for r in authors.at[report, "merge_reasons"])

    own = messages[(messages["from_email"] == ADDRESS) & ~summaries]
    assert len(own) >= 30  # his replies, some in the summaries' threads, and his own threads
    assert set(own["author_id"]) == {ADDRESS}  # (his, sent without a display name here)
    assert not authors.at[ADDRESS, "is_automated"]


def test_an_address_that_sends_only_reports_is_automated_and_joins_no_one(
    corpora: Path,
) -> None:
    """In 2008 exarkun@twistedmatrix.com sent the summaries alone (Jean-Paul wrote from
    divmod.com): the address keeps its own id, is automated, and is not joined to Jean-Paul
    by its local part."""
    months = ["2008-January", "2008-February", "2008-March", "2008-April"]
    result = resolve_authors(_twisted(corpora, months))
    messages, authors = result.messages, result.authors.set_index("author_id")
    sent = messages["from_email"] == ADDRESS
    assert sent.sum() == _summaries(messages, ADDRESS).sum() >= 15
    assert set(messages.loc[sent, "author_id"]) == {ADDRESS}
    assert authors.at[ADDRESS, "is_automated"]
    divmod = set(messages.loc[messages["from_email"] == "exarkun@divmod.com", "author_id"])
    assert ADDRESS not in divmod and not authors.loc[list(divmod), "is_automated"].any()


def test_a_series_short_of_the_thresholds_stays_with_its_person(corpora: Path) -> None:
    """Two months of the weekly summary (under ten) are not yet a report; nor are openbmc's
    seven test work group meeting reminders, one every two weeks: they stay their sender's."""
    messages = resolve_authors(_twisted(corpora, ["2010-January", "2010-February"])).messages
    summaries = _summaries(messages, ADDRESS)
    assert 0 < summaries.sum() < 10
    assert set(messages.loc[messages["from_email"] == ADDRESS, "author_id"]) == {
        messages.loc[summaries, "author_id"].iloc[0]
    }
    assert "/" not in messages.loc[summaries, "author_id"].iloc[0]

    openbmc = thread_messages(parse_sources([corpora / "openbmc-mbox-2019"], "openbmc"))
    assert periodic_reports(openbmc) == {}
    reminders = openbmc["subject_norm"].str.startswith("openbmc test work group meeting")
    sender = set(openbmc.loc[reminders & openbmc["parent_id"].isna(), "from_email"])
    assert len(sender) == 1 and reminders.sum() >= 7
    result = resolve_authors(openbmc)
    authors = result.authors.set_index("author_id")
    (author,) = set(result.messages.loc[result.messages["from_email"].isin(sender), "author_id"])
    assert not authors.at[author, "is_automated"]
