"""Blocks a sender marked as pasted (analyzer.quotes.blocks): a Markdown fence, an indent,
two rules; their lines take the block's status, the sender's sentences around them stay."""

from __future__ import annotations

from analyzer.quotes.prose import count_prose_words, prose_text


def test_a_fenced_line_that_reads_as_words_is_code() -> None:
    """openbmc: ``void log(Msg msg, Entry... e)`` inside a fence counted, and the sentence
    above the fence was dropped with the paragraph of signs it opened."""
    text = "\n".join(
        [
            "Maybe something like below:",
            "```cpp",
            "struct traceLog",
            "{",
            "    template <level L, typename Msg, typename... Entry>",
            "    void log(Msg msg, Entry... e)",
            "    {",
            '        phosphor::logging::log<L>(msg, entry("CODE_LINE=%d", location.line()),',
            "                                  e...);",
            "    }",
            "};",
            "```",
            "What do you think?",
        ]
    )
    prose = prose_text(text)
    assert prose == "Maybe something like below:\nWhat do you think?"
    assert count_prose_words(text) == len(prose.split())


def test_an_unclosed_fence_fences_nothing() -> None:
    text = "I typed ``` by mistake\n```\nand this is still my sentence, written by me."
    assert "still my sentence" in prose_text(text)


def test_a_long_tilde_line_is_a_heading_s_underline_not_a_fence() -> None:
    text = "\n".join(
        [
            "Deferreds",
            "~~~~~~~~~~",
            "What does it mean to run this in the event loop, and why?",
            "Threads",
            "~~~~~~~~~~",
        ]
    )
    assert "What does it mean" in prose_text(text)


def test_a_sentence_in_brackets_under_code_stays() -> None:
    """imagej: "(This assumes that in labelMap the value 0 means ?no label?)." under a loop."""
    text = "\n".join(
        [
            "\tfor ( final UnsignedByteType input : Views.flatIterable( labelMap ) )",
            "\t{",
            "\t\tfinal LabelingType< Integer > element = labelCursor.next();",
            "\t\telement.add( input.get() );",
            "\t}",
            "(This assumes that in labelMap the value 0 means ?no label?).",
        ]
    )
    assert "(This assumes" in prose_text(text)


def test_output_under_a_prompt_in_empty_brackets_is_not_counted() -> None:
    """clearwater: ``[]ubuntu at stress:~$ run_stress`` and "Starting initial registration,
    will take 0 seconds", "Test complete" counted."""
    text = "\n".join(
        [
            "when i ran 10, it showing error like:",
            "",
            "[]ubuntu at stress:~$ /usr/share/clearwater/bin/run_stress <home_domain> 10 2",
            "Starting initial registration, will take 0 seconds",
            "Initial registration succeeded",
            "Test complete",
            "",
            "Thanks, Please give some solution",
        ]
    )
    prose = prose_text(text)
    assert prose == "when i ran 10, it showing error like:\nThanks, Please give some solution"


def test_root_s_bare_prompt_opens_a_session_a_comment_does_not() -> None:
    text = "\n".join(
        [
            "# python -V",
            "Python 2.6.1",
            "",
            "# make sure that the server is up first",
            "then the client will connect.",
        ]
    )
    prose = prose_text(text)
    assert "Python 2.6.1" not in prose
    assert "make sure that the server is up first" in prose


def test_a_program_s_question_and_answer_is_output_after_a_blank_line() -> None:
    """clearwater: ``cw-config upload`` printed "Please check the config changes and confirm
    ...", then "Do you want to continue?  [yes/no] yes"."""
    text = "\n".join(
        [
            "[ellis]ubuntu at ellis-0:/var/log$ cw-config upload shared_config",
            "Config successfully validated",
            "",
            "Please check the config changes and confirm that you wish to continue.",
            "Do you want to continue?  [yes/no] yes",
            "shared_config successfully uploaded",
            "",
            "After this, if I download shared_config on sprout, I get an empty file.",
        ]
    )
    prose = prose_text(text)
    assert prose == "After this, if I download shared_config on sprout, I get an empty file."
