"""A bug tracker's scaffolding (Bugzilla's bug link, change table, comment heading, field
block and attachment notes; Trac's ticket table and change bullets) stays in `authored`, as
the gold has it (bug-827, bug-572), but is no one's words: the word count leaves it out and
counts the commenter's text (blind audit out38, errors 14, 16 and 19)."""

from __future__ import annotations

from pathlib import Path

from analyzer.quotes.prose import count_prose_words, count_words, prose_text
from tests.quoted_files import quoted_files, row_of


def test_bugzilla_change_table_and_heading_are_not_counted(corpora: Path) -> None:
    frame = quoted_files(corpora, "imagej-devel-pipermail/2013-January.txt")
    changed = row_of(frame, "bug-541-194-HoxlRfEP95@http.fiji.sc/bugzilla/")
    authored = changed["authored"]
    for scaffolding in ("show_bug.cgi", "changed:", "|Removed", "--- Comment #"):
        assert scaffolding in authored  # the mail is the sender's
        assert scaffolding not in prose_text(authored), scaffolding
    comment = "Could you try the tips at http://fiji.sc/Debugging#Command_line_debugging?"
    assert prose_text(authored).strip() == comment
    assert changed["n_words_authored"] == count_words(comment)


def test_a_new_bug_s_fields_and_attachment_notes_are_not_counted(corpora: Path) -> None:
    frame = quoted_files(
        corpora,
        "imagej-devel-pipermail/2012-December.txt",
        "imagej-devel-pipermail/2013-January.txt",
        "imagej-devel-pipermail/2013-August.txt",
    )
    new_bug = row_of(frame, "bug-541-194@http.fiji.sc/bugzilla/")["authored"]
    assert "Bug ID:" in new_bug
    prose = prose_text(new_bug)
    assert prose.startswith("i have tried re installing the program")
    for field in ("Bug ID:", "Summary:", "Product:", "Reporter:", "show_bug.cgi"):
        assert field not in prose, field
    attached = row_of(frame, "bug-647-194-mx65dnZ9cr@http.fiji.sc/bugzilla/")["authored"]
    assert "attachment.cgi" in attached
    assert prose_text(attached).strip() == "macros used to produce an error above"


def test_trac_ticket_table_and_change_bullets_are_not_counted(corpora: Path) -> None:
    frame = quoted_files(corpora, "imagej-devel-pipermail/2013-March.txt")
    ticket = row_of(frame, "032.e8a909cb16fca957252f885571296eda@imagej.net")
    assert "Changes (by" in ticket["authored"]
    comment = "dscho, please associated with some feature ticket"
    assert prose_text(ticket["authored"]).strip() == comment
    assert ticket["n_words_authored"] == count_words(comment)


def test_a_person_s_status_lines_and_tables_count() -> None:
    """Without a tracker's heading, table or field block, such lines are the sender's."""
    text = (
        "Status: the build is green again.\n"
        "Priority: low, as far as I can tell.\n\n"
        "Created attachment 3 for you\n"
        "Comment #2 above says the same.\n"
    )
    assert count_prose_words(text) == count_words(text)
