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
