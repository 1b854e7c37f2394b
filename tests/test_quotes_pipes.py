"""Lines that start with `|`: a quote in the style of some older clients, or the sender's own
code, table or program output (audit 26, pattern 1), told apart on real messages."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from quoted_files import quoted_files

from analyzer.quotes import split_message


def _row(frame: pd.DataFrame, message_id: str) -> pd.Series:
    return frame[frame["message_id"].str.startswith(message_id)].iloc[0]


def test_a_table_of_program_output_in_pipes_is_the_senders(corpora: Path) -> None:
    """Xiang Ma pastes his RFID reader's output, which ends with a table of `| Field : 0`
    rows between rule lines; they are the result he asks about, not a quote."""
    month = quoted_files(corpora, "usrp-users-mbox/usrp-users-2020-09.mbox", list_name="usrp")
    reader = _row(month, "CACryqrG8a3S1ARULWRPYte8aoUVmh8B-qBxjX6GS_j_kam_q-w")
    assert "| Number of queries/queryreps sent : 0" in reader["authored"]
    assert reader["authored"].endswith("| Number of unique tags : 0")
    assert "Number of unique tags" not in reader["signature"]


def test_code_the_sender_marks_with_pipes_is_the_senders(corpora: Path) -> None:
    """Chris Armstrong sets his own examples off with `| ` ("The equivalent in older versions
    of Python is" / `| from twisted.words import service` ...): no ancestor holds them and
    they read as code, so they stay in his words."""
    month = quoted_files(
        corpora, "twisted-python-pipermail-gz/2001-December.txt.gz", list_name="twisted"
    )
    radix = _row(month, "1007584253.484.0.camel@Fookidla.org")
    assert (
        "older versions of Python is\n| from twisted.words import service\n"
        "| WordsService = service\n| del service\nIt's still 3 lines long"
    ) in radix["authored"]
    assert "| twisted.my_package.module_name = twisted.my_package.MyModule" in radix["authored"]
    assert "What about" not in radix["authored"]  # the `>` quote above stays a quote


def test_pipe_quotes_of_an_old_client_stay_quotes(corpora: Path) -> None:
    """Clark Evans quotes Moshe Zadka with `| ` under "Moshe Zadka wrote:"; the `|` runs
    between his answers stay quotes too."""
    month = quoted_files(
        corpora, "twisted-python-pipermail-gz/2003-April.txt.gz", list_name="twisted"
    )
    clark = _row(month, "20030406163736.GA319@doublegemini.com")
    assert "Let me explain" not in clark["authored"]
    assert "the interface to twistd is well defined" not in clark["authored"]
    assert "I'm not going to even start talking" not in clark["authored"]
    assert "Yes, you convinced me that the implementation sucks." in clark["authored"]


def test_pipe_lines_of_code_a_parent_holds_stay_quoted() -> None:
    """The same `| ` code is the sender's when no ancestor holds it, and a quote when the
    parent does."""
    code = "| from twisted.words import service\n| WordsService = service\n| del service\n"
    body = f"In older versions of Python:\n{code}\nIt's three lines long.\n"
    assert "| del service" in split_message(body).authored
    parent = f"Here is what I use:\n\n{code.replace('| ', '')}\nCheers, Ann\n"
    quoting = split_message(body, ancestor_texts=[parent])
    assert "del service" not in quoting.authored
    assert "It's three lines long." in quoting.authored
