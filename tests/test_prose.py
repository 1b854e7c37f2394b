"""Machine output in a sender's own text (analyzer.quotes.prose): console sessions, listings
in aligned columns and SIP/SDP dumps stay in `authored` but are not counted as words, while
the sender's sentences, short ones and those with colons, still are."""

from __future__ import annotations

from pathlib import Path

from analyzer.quotes import split_message
from analyzer.quotes.prose import count_prose_words, count_words, prose_text
from tests.quoted_files import quoted_files, row_of


def test_a_terminal_session_pasted_into_a_question_is_not_counted(corpora: Path) -> None:
    """Hrishikesh Karanjikar's "SIP 408 - Request Timeout" counted 2,433 words, nearly all of
    them his sessions on six nodes (`[ellis]cwellis1 at cwellis1:~$ sudo monit summary`, the
    monit table, `clearwater-etcdctl cluster-health`, `cat` of the configuration)."""
    month = quoted_files(corpora, "clearwater-pipermail/2017-July.txt")
    message = row_of(month, "CABmBNEZE612nguPbg8-dLhvRDBB0g7VDo8cuHZ87BrPURT-UHg@mail.gmail.com")
    assert "[ellis]cwellis1 at cwellis1:~$ sudo monit summary" in message["authored"]
    assert count_words(message["authored"]) > 2_400  # the text is all there
    prose = prose_text(message["authored"])
    for own in (
        "I have created 6 VMs using Virtualbox and using host only network.",
        "How ever I am getting error mentioned in subject line.",
        "Please let me know what is wrong with the setup?",
    ):
        assert own in prose
    for output in ("monit summary", "Running", "is healthy", "isLeader", "Shared Config"):
        assert output not in prose
    assert message["n_words_authored"] < 100


def test_monit_status_pasted_after_a_prompt_is_not_counted(corpora: Path) -> None:
    """`sudo monit status`: a process's name, then its rows (a name, many spaces, a value)."""
    month = quoted_files(corpora, "clearwater-pipermail/2015-July.txt")
    message = row_of(month, "3C790BE8-7385-4EF3-BA85-82E38DC782A5@gmail.com")
    assert "  monitoring status                 Monitored" in message["authored"]
    prose = prose_text(message["authored"])
    assert "Can you help me on how to configure a number to use Memento AS in Ellis UI?" in prose
    assert "Monitored" not in prose and "effective uid" not in prose
    assert "Process 'nginx_process'" not in prose


def test_prompts_and_the_output_under_them() -> None:
    session = [
        "This is what I get on sprout:",
        "",
        "[sprout]ubuntu at ip-10-0-0-1:~$ sudo monit summary",
        "The Monit daemon 5.18.1 uptime: 2h 3m",
        "member 275f7358be9c56b9 is healthy: got healthy result from",
        "http://10.0.0.1:4000",
        "",
        "root@bono-1:~# clearwater-etcdctl cluster-health",
        "cluster is healthy",
        "user@host$ ls /etc/clearwater",
        "local_config  shared_config",
        "[root at node1 ~]# service sprout restart",
        "$ make deb",
        "Selecting previously unselected package ntp.",
        "",
        "Any idea why sprout stays down after the restart?",
    ]
    text = "\n".join(session)
    assert prose_text(text) == "\n".join([session[0], session[-1]])
    assert split_message(text + "\n").authored == text  # it stays in the text


def test_a_sentence_under_a_prompt_ends_the_session() -> None:
    text = "\n".join(
        [
            "$ python runner.py",
            "Traceback (most recent call last):",
            "The traceback above comes every time I start it, and only on the second",
            "machine, never on my laptop where the same code runs fine.",
            "Any idea?",
        ]
    )
    assert prose_text(text) == "\n".join(text.split("\n")[2:])
    # a `$` that a client wrapped to the head of a line of prose is no prompt
    wrapped = "It costs five dollars, and the second one costs ten\n$ a month, which is too much."
    assert prose_text(wrapped) == wrapped


def test_listings_in_aligned_columns_are_not_counted() -> None:
    monit = [
        "Process 'sprout_process'",
        "  status                            Running",
        "  monitoring status                 Monitored",
        "  pid                               1234",
        "  data collected                    Wed, 29 Jul 2015 17:40:55",
        "Process 'bono_process'",
        "  status                            Execution failed",
        "  monitoring status                 Monitored",
    ]
    table = [
        " Service Name                     Status                      Type",
        " node-cwellis1                    Running                     System",
        " ellis_process                    Running                     Process",
    ]
    text = "\n".join(["My sprout will not start. Here is monit:", *monit, "", *table])
    assert prose_text(text) == "My sprout will not start. Here is monit:"


def test_sip_and_sdp_dumps_are_not_counted() -> None:
    dump = [
        "Here is the INVITE bono forwards:",
        "",
        "INVITE sip:6505550399 at example.com SIP/2.0",
        "",
        "Via: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bK649d40",
        "",
        "user-agent: X-Lite release 4.9.4 stamp 80103",
        "",
        "Content-Type: application/sdp",
        "",
        "v=0",
        "",
        "o=- 1464090650769336 1 IN IP4 10.0.0.2",
        "",
        "s=X-Lite release 4.9.4 stamp 80103",
        "",
        "c=IN IP4 10.0.0.2",
        "",
        "m=audio 7070 RTP/AVP 9 8 120 0 84 101",
        "",
        "a=rtpmap:120 opus/48000/2",
        "",
        "Why does the callee never see it?",
    ]
    text = "\n".join(dump)
    assert (
        prose_text(text) == "Here is the INVITE bono forwards:\nWhy does the callee never see it?"
    )


def test_prose_with_colons_gaps_and_lists_still_counts() -> None:
    """Colons, two spaces after a full stop or a colon, a numbered list and justified text
    are the sender's writing, not columns of output."""
    prose = [
        "Note: this works with the default settings.",
        "Thanks: Bob",
        "Reason: I did not restart the node.",
        "Pros:  fast, simple",
        "Cons:  needs a compiler",
        "1)  Install the package",
        "2)  Run the tests",
        "When  the function  takes 30  minutes to  really process  the  item, the",
        "reactor   will  keep   a  lot   of  deferreds   and  huge   portions  of",
        "memory.  Therefore, I  would  like to  store  myself those  items (in  a",
        "database for example).  It works.  See you at 10:00 tomorrow.",
        "You can reach me at bob at example.com, or on the list.",
    ]
    text = "\n".join(prose)
    assert prose_text(text) == text
    assert count_prose_words(text) == count_words(text)


def test_a_build_servers_report_is_not_counted(corpora: Path) -> None:
    """Jenkins's "Build failed in Jenkins" mails to imagej-devel are its build logs (193 of
    them made 19% of the list's words): a link to the build, its changes, its log."""
    month = quoted_files(corpora, "imagej-devel-pipermail/2012-May.txt")
    message = row_of(month, "1186804450.147.1336790306954.JavaMail.jenkins@dev")
    assert count_words(message["authored"]) > 900
    assert message["n_words_authored"] == 0
    people = month[~month["message_id"].str.contains("jenkins", regex=False)]
    assert (people["n_words_authored"] > 0).sum() > 0.9 * len(people)


def test_log_records_wrapped_at_72_columns_are_not_counted(corpora: Path) -> None:
    """sipp's error log, its stamps apart by a tab, each record wrapped onto a line that ends
    as a sentence ("remote peer probably closed the socket: Connection reset by peer.")."""
    month = quoted_files(corpora, "clearwater-pipermail/2018-March.txt")
    message = row_of(month, "CAHwYWpArxx7YHuV=MKgPn1c9zbNQp109i44yceXzKBfkj7L51A@mail.gmail.com")
    prose = prose_text(message["authored"])
    assert "error log on stress node is like below:" in prose
    for output in ("Connection reset by peer", "errno = 107", "aborting call", "1522199347"):
        assert output not in prose
    assert message["n_words_authored"] < 0.2 * count_words(message["authored"])


def test_innodb_and_boot_logs_are_not_counted(corpora: Path) -> None:
    """MySQL's "150729 17:42:36  InnoDB: ..." lines and a boot's "* Starting ...   [ OK ]"
    lines, wrapped or not, are output; the questions around them are the sender's."""
    july = quoted_files(corpora, "clearwater-pipermail/2015-July.txt")
    prose = prose_text(row_of(july, "3C790BE8-7385-4EF3-BA85-82E38DC782A5@gmail.com")["authored"])
    assert "Operating system error number 11" not in prose
    assert "How can i troubleshoot" in prose
    may = quoted_files(corpora, "clearwater-pipermail/2017-May.txt")
    message = row_of(may, "CABmBNEYFOpjZKt4C-xapYefcOWeG7ehv1mAgkWoQ1e8BdOjG0w@mail.gmail.com")
    prose = prose_text(message["authored"])
    assert "Starting Mount filesystems on boot" not in prose
    assert "OK ]" not in prose
    assert "I was able to install ellis on the VM." in prose


def test_a_prompt_without_user_and_host_opens_a_session(corpora: Path) -> None:
    """`~$ sudo monit stop -g etcd`: the home directory's prompt alone, as much a prompt."""
    month = quoted_files(corpora, "clearwater-pipermail/2018-February.txt")
    message = row_of(
        month,
        "30838_1519034775_5A8AA197_30838_334_1_3F0639227D52B843A99BAD4211EC6A718B7FB9"
        "@OPEXCLILM43.corporate.adroot.infra.ftgroup",
    )
    assert "~$ sudo monit stop" in message["authored"]
    assert "monit stop" not in prose_text(message["authored"])


def test_a_python_session_with_its_banner_is_not_counted(corpora: Path) -> None:
    """An interpreter's banner, its `>>>` lines and what `help()` prints are output (but for
    a docstring's long sentence at its end, which reads as prose)."""
    month = quoted_files(corpora, "bigbang-testdata/2001-November.txt", list_name="numpy")
    message = row_of(month, "NBBBLCCOCMBHBAJCFIBKCEDCCKAA.reggie@merfinllc.com")
    prose = prose_text(message["authored"])
    assert "Actually masked arrays already have a count method" in prose
    for output in ("on win32", "for more information", "import MA", "Help on method"):
        assert output not in prose


def test_generated_output_lines_and_prose_beside_them() -> None:
    """dpkg's status lines and a log record's wrapped sentence are output; a sentence after a
    blank line, and prose that merely mentions Python or starts with "See", are not."""
    text = (
        "I upgraded the box and got this:\n\n"
        "Setting up nginx-core (1.4.6-1ubuntu3.7) ...\n"
        "Processing triggers for ufw (0.34~rc-0ubuntu2) ...\n"
        "2018-03-28\t06:39:07.232702 1522199347.232702: Error on TCP connection,\n"
        "remote peer probably closed the socket: Connection reset by peer.\n"
        "2018-03-28\t06:39:07.232712 1522199347.232712: Failed to shutdown\n\n"
        "Python 2.7 (the one in the distribution) is what I use.\n"
        "See <http://example.org/job/build/12/> for the whole log, it is long.\n"
    )
    prose = prose_text(text)
    assert prose == (
        "I upgraded the box and got this:\n"
        "Python 2.7 (the one in the distribution) is what I use.\n"
        "See <http://example.org/job/build/12/> for the whole log, it is long."
    )
