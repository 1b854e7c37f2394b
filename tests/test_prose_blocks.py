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


_ECHO_CLIENT = [
    "I reproduce the problem with a modification of the Echo client example:",
    "",
    "    class EchoClientFactory(ClientFactory):",
    "        def buildProtocol(self, addr):",
    "            print 'Connected.'",
    "            return Echo()",
    "",
    "        def clientConnectionLost(self, connector, reason):",
    "            print 'Lost connection.  Reason:', reason",
    "",
    "    reactor.run()",
    "",
    "With this code the factories are only deleted when the program shuts down.",
]


def test_a_line_that_reads_as_words_in_an_indented_block_of_code_is_code() -> None:
    """twisted: ``print 'Lost connection.  Reason:', reason`` under its ``def`` counted."""
    prose = prose_text("\n".join(_ECHO_CLIENT))
    assert prose == "\n".join([_ECHO_CLIENT[0], _ECHO_CLIENT[-1]])


def test_a_block_between_rules_is_code_as_a_whole() -> None:
    text = "\n".join(
        [
            "I have added logging to trace when they get called:",
            "",
            "==========================================",
            "from twisted.python import log",
            "",
            "class FingerProtocol(basic.LineReceiver):",
            "    def lineReceived(self, user):",
            "        self.factory.getUser(user",
            '        ).addErrback(lambda _: "Internal error in server"',
            "        ).addCallback(lambda m:",
            '                      (self.transport.write(m+"\\r\\n"),',
            "                       self.transport.loseConnection()))",
            "",
            "class FingerService(service.Service):",
            "    def __init__(self, filename):",
            "        self.users = {}",
            "==========================================",
            "",
            "This is bad news for me.",
        ]
    )
    prose = prose_text(text)
    assert "Internal error" not in prose
    assert "lambda" not in prose
    assert "This is bad news for me." in prose


def test_a_paragraph_of_prose_indented_among_code_stays() -> None:
    text = "\n".join(
        [
            "Two ways:",
            "",
            "    def _releaseConnection(self, stuff, connection):",
            "        connection.release()",
            "        return stuff",
            "",
            "    Method 2: manage the release in the connection pool. Needs",
            "    to change the API of acquireconnection into taking a deferred,",
            "    with just release logic located in the same class as",
            "    acquireconnection.",
            "",
            "    class SomethingBetter:",
            "        def startDoingStuff(self):",
            "            return self.pool.acquire(d)",
        ]
    )
    prose = prose_text(text)
    assert "with just release logic located in the same class as" in prose
    assert "return stuff" not in prose


def test_a_heading_s_underline_bounds_no_block() -> None:
    text = "\n".join(
        [
            "More Ops",
            "========",
            "",
            "Here is an example of what the reduce operation does:",
            "    final float[] data = new float[] { 12, 7, 4 };",
            "    final Img< FloatType > imgA = ArrayImgs.floats( data, data.length );",
            "",
            "Topics",
            "======",
        ]
    )
    assert "Here is an example of what the reduce operation does:" in prose_text(text)


def test_a_case_label_and_its_comments_in_an_indented_block_are_code() -> None:
    """usrp: ``case ::uhd::rx_metadata_t::ERROR_CODE_TIMEOUT:`` and its ``//`` comments."""
    text = "\n".join(
        [
            "So if I modify the work() function of usrp_source_impl.cc to be:",
            "    case ::uhd::rx_metadata_t::ERROR_CODE_TIMEOUT:",
            "        // its ok to timeout, perhaps the user is doing finite streaming",
            "        return work(noutput_items, input_items, output_items);",
            "",
            "Then there are no overflows.",
        ]
    )
    prose = prose_text(text)
    assert "ERROR_CODE_TIMEOUT" not in prose
    assert "finite streaming" not in prose
    assert "Then there are no overflows." in prose


def test_a_long_sentence_under_a_list_of_identifiers_stays() -> None:
    """bigbang: a 15-word sentence after three meeting ids was dropped with them (the quoted
    ids in it made it too few words for a sentence among output)."""
    own = (
        "Each of them corresponds respectively to “GTM0”, “GTM1” and “GTM2” sessions as"
        " indicated in the SA4#110-e schedule."
    )
    text = "\n".join(["SA4#110-e-GTM0", "SA4#110-e-GTM1", "SA4#110-e-GTM2", own])
    assert prose_text(text) == own


def test_pseudo_code_in_braces_is_code() -> None:
    """usrp: "instantiate usrp object, set freq, gain, samp_rate" inside ``{ ... }``."""
    text = "\n".join(
        [
            "First, suppose I have a raw UHD application that does the following:",
            "{",
            "  instantiate usrp object, set freq, gain, samp_rate",
            "  issue stream cmd to start some time in the future (2 sec)",
            "  while(1)",
            "  {",
            "    call _rx_stream->recv()",
            "    print the error code",
            "  }",
            "}",
            "",
            "The output of this will be a timeout until the stream starts.",
        ]
    )
    prose = prose_text(text)
    assert "instantiate" not in prose
    assert "issue stream cmd" not in prose
    assert prose.startswith("First, suppose I have")
    assert prose.endswith("until the stream starts.")
