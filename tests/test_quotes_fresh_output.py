"""A sender's new patch or output pasted beside the one the thread has seen is theirs, though
most of its lines repeat the old one (blind audit audit33: the two major errors of 120)."""

from __future__ import annotations

from pathlib import Path

from quoted_files import quoted_files, row_of


def test_a_new_version_of_the_patch_under_review_is_the_senders(corpora: Path) -> None:
    """Jae Hyun Yoo answers Joel Stanley's patch with his own ("I made a new patch like
    below"): its header, context lines and the old code it removes repeat Joel's patch, quoted
    above, but its index line, hunks and added lines are new. Twenty of its lines were taken
    for a quote that lost its markers, leaving a broken patch in his text."""
    july = quoted_files(corpora, "openbmc-mbox-2019/openbmc-2019-07.mbox.gz")
    jae = row_of(july, "57538b50-691b-4787-0e59-20f7fe8c160b@linux.intel.com")
    authored = jae["authored"]
    for line in [
        "diff --git a/drivers/media/platform/aspeed-video.c",
        "index 77c209a472ca..8096319733ee 100644",
        "+++ b/drivers/media/platform/aspeed-video.c",
        "-\tif (sts & VE_INTERRUPT_COMP_COMPLETE) {",
        "  \t\tstruct aspeed_video_buffer *buf;",
    ]:
        assert line in authored, line
    # Joel's patch and its commit message, quoted with markers above, stay out
    assert "Something like the patch below" not in authored
    assert "Interrupt status flags should be cleared immediately" not in authored


def test_a_quoted_header_block_under_a_signature_is_no_fresh_output(corpora: Path) -> None:
    """Rodrigo's contact lines run into Hotmail's header block of the message he quotes
    ("Skype: ...From: Chris.Elford at metaswitch.com", "To:", "CC:", "Subject:"): lines no
    ancestor holds, but a quote's headers, not output he pasted."""
    february = quoted_files(corpora, "clearwater-pipermail/2016-February.txt")
    rodrigo = row_of(february, "BAY181-W4014AFE75D1DAD61C4DC059EA30@phx.gbl")
    assert "To: Chris.Elford at metaswitch.com" in rodrigo["body"]
    assert "To: Chris.Elford" not in rodrigo["authored"]
    assert "Subject: RE: [Clearwater]" not in rodrigo["authored"]
