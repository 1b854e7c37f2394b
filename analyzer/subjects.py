"""Base subjects: what is left of a subject once mail clients and list servers are done with it.

Threading falls back to subjects for messages that lost their reply headers, and a subject only
matches its replies once the reply and forward prefixes of many languages (``Re:``, ``AW:``,
``SV:``, ``Re[2]:``, ``回复:`` …), list tags (``[bestbits] [governance]``), ``(fwd)`` suffixes and
``(was: …)`` notes are gone, in whatever order and nesting clients stacked them.
"""

from __future__ import annotations

import re
import unicodedata

# Reply prefixes, lower case: English, German (AW, Antwort), Scandinavian (SV), Finnish (VS),
# Dutch (Antw), Italian (R, RIF), Portuguese (RES), Polish (Odp), Turkish (YNT), Czech (Odp),
# Hungarian (Vá), Greek (ΑΠ, ΣΧΕΤ), Icelandic (Sv), Chinese (回复, 回覆, 答复), Hebrew (השב).
_REPLY_WORDS = (
    "re",
    "aw",
    "antwort",
    "sv",
    "vs",
    "antw",
    "r",
    "rif",
    "res",
    "odp",
    "ynt",
    "vá",
    "απ",
    "σχετ",
    "回复",
    "回覆",
    "答复",
    "השב",
)
# Forward prefixes: English, German (WG), French (TR), Spanish (RV), Portuguese (ENC), Polish (PD),
# Dutch (Doorst), Swedish (VB), Finnish (VL), Italian (I), Hungarian (Továbbítás),
# Chinese (转发, 轉寄).
_FORWARD_WORDS = (
    "fwd",
    "fw",
    "wg",
    "tr",
    "rv",
    "enc",
    "pd",
    "doorst",
    "vb",
    "vl",
    "i",
    "továbbítás",
    "转发",
    "轉寄",
)


# Auto-responders' prefixes, lower case: "Auto-Re:", "AutoReply:", "Automatic reply:", "Auto
# Response:", "Out of Office:" (and "Out of Office AutoReply:"), German (Abwesenheitsnotiz,
# Automatische Antwort), French (Réponse automatique), Spanish (Respuesta automática), Italian
# (Risposta automatica), Dutch (Automatisch antwoord), Chinese (自动回复). Not a bare "Auto:":
# a patch's "[PATCH] auto: fix …" names a subsystem.
_AUTO_WORDS = (
    r"auto[- ]?re",
    r"auto[- ]?reply",
    r"auto[- ]?response",
    r"auto[- ]?answer",
    r"automatic reply",
    r"out of (?:the )?office(?: auto[- ]?reply)?",
    r"abwesenheitsnotiz",
    r"automatische antwort",
    r"r[ée]ponse automatique",
    r"respuesta autom[aá]tica",
    r"risposta automatica",
    r"automatisch antwoord",
    r"自动回复",
)


def _prefix_pattern(words: tuple[str, ...]) -> str:
    # Longest first so that "antwort" wins over "antw" and "fwd" over "fw".
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    # An optional counter (Re[2]:, Re(3):, Re^2:, Re*2:) and an ASCII or full-width colon, which
    # French clients precede with a space ("Re :").
    return rf"(?:{alternatives})\s*(?:\[\d+\]|\(\d+\)|\^\d+|\*\d+)?\s*[:：]"


_REPLY = _prefix_pattern(_REPLY_WORDS)
_FORWARD = _prefix_pattern(_FORWARD_WORDS)
_AUTO = re.compile(rf"(?:{'|'.join(_AUTO_WORDS)})\s*[:：]\s*", re.IGNORECASE)
# A list tag: "[bestbits]", "[Project Clearwater]", "[ImageJ-devel]". A bracket holding a colon
# ("[Fwd: subject]", "[was: …]") is not a tag.
# A bug tracker's "[Bug 752]" is no list tag: it names the conversation, so it stays.
_TRACKER_TAG = r"\[(?:bug|issue|ticket)\s*#?\d+\]"
_TAG = rf"(?!{_TRACKER_TAG})\[[^\[\]:：]{{1,60}}\]"
# The whole run of stacked prefixes and tags at the start, matched at once.
_LEADING = re.compile(rf"(?:\s*(?:{_REPLY}|{_FORWARD}|{_TAG})\s*)+", re.IGNORECASE)
_REPLY_IN_LEADING = re.compile(rf"(?:^|[\s\]:：])\s*{_REPLY}", re.IGNORECASE)
_FORWARD_IN_LEADING = re.compile(rf"(?:^|[\s\]:：])\s*{_FORWARD}", re.IGNORECASE)
_FORWARD_WRAPPED = re.compile(r"^\[\s*(?:fwd?|fw)\s*[:：]\s*(.*?)\s*\]$", re.IGNORECASE)
_FORWARD_SUFFIX = re.compile(r"\s*[\(\[]\s*(?:fwd?|fw)\s*[\)\]]\s*$", re.IGNORECASE)
# "New subject (was: Old subject)": the conversation goes on under the new subject.
_WAS_NOTE = re.compile(
    r"\s*(?:[\(\[]\s*was\s*[:：]?\s+|[,;]\s*was\s*(?:[:：]|\s+re\s*[:：])).*$", re.IGNORECASE
)
_DIGEST = re.compile(
    r"\bdigest\b[\s,]*(?:vol(?:ume)?\.?\s*\d+)?[\s,]*(?:issue|#|no\.?)\s*\d+", re.IGNORECASE
)
_WHITESPACE = re.compile(r"\s+")
# Bug trackers announce a bug as "[Bug 752] New: title" and its updates as "[Bug 752] title".
_TRACKER_NEW = re.compile(rf"({_TRACKER_TAG}\s*)new:\s*", re.IGNORECASE)
# Bugzilla's "[Bug 752] …" and Trac's "[Project] #1553: …" notifications.
_TRACKER = re.compile(rf"{_TRACKER_TAG}|(?:^|\]\s*)#\d+:\s", re.IGNORECASE)


def _clean(subject: str) -> str:
    if not subject.isascii():
        subject = unicodedata.normalize("NFKC", subject)
    return " ".join(subject.split())


def _strip_leading(text: str) -> tuple[str, bool]:
    """Remove the stacked prefixes and tags at the start; tell whether a reply prefix was there."""
    leading = _LEADING.match(text)
    if leading is None:
        return text, False
    rest = text[leading.end() :]
    if not rest:
        # Only tags and prefixes: keep the last tag ("[announce]") as the subject, if any.
        tags = re.findall(_TAG, leading.group(0))
        rest = tags[-1] if tags else ""
    return rest, _REPLY_IN_LEADING.search(leading.group(0)) is not None


def subject_parts(subject: str | None) -> tuple[str, bool]:
    """The base subject (see ``normalize_subject``) and whether the subject marks a reply."""
    base, replied, _ = subject_facts(subject)
    return base, replied


def subject_facts(subject: str | None) -> tuple[str, bool, bool]:
    """The base subject, whether the subject marks a reply, and whether an auto-responder wrote
    it: its first prefix is one of theirs ("[list] Auto-Re: X", "Out of Office: Re: X"; not
    "Re: Auto-Re: X", a person's answer to one). An auto-reply's prefix goes like "Re:"."""
    if not subject:
        return "", False, False
    text = _clean(subject).lower()
    if "new:" in text:
        text = _TRACKER_NEW.sub(r"\1", text)
    replied = automatic = patch = False
    while True:
        stripped, reply_prefix = _strip_leading(text)
        patch = patch or "patch" in text[: len(text) - len(stripped)]
        text = stripped
        while not patch and (auto := _AUTO.match(text)) is not None and auto.end() < len(text):
            automatic = automatic or not (replied or reply_prefix)
            replied = True
            text, reply_prefix = _strip_leading(text[auto.end() :])
        replied = replied or reply_prefix
        if "(" not in text and "[" not in text and "was" not in text:
            return text, replied, automatic
        before = text
        wrapped = _FORWARD_WRAPPED.match(text)
        if wrapped:
            text = wrapped.group(1)
        text = _FORWARD_SUFFIX.sub("", text)
        without_note = _WAS_NOTE.sub("", text)
        # "(was: …)" at the very start would leave nothing: keep the subject then.
        if without_note.strip():
            text = without_note
        text = text.strip()
        if text == before:
            return text, replied, automatic


def normalize_subject(subject: str | None) -> str:
    """The base subject: lower-cased, whitespace collapsed, prefixes, tags and notes removed.

    Two messages of one conversation have the same base subject however their clients and lists
    decorated it; a digest keeps its volume and issue so that it can still be recognised.
    """
    return subject_parts(subject)[0]


def display_subject(subject: str | None) -> str:
    """The base subject as its writer cased it ("WGEC: the Chair's draft", not "wgec: the
    chair's draft"), for showing; the lower-cased ``normalize_subject`` where the casing cannot
    be found back."""
    base = normalize_subject(subject)
    if not subject or not base:
        return base
    cleaned = _clean(subject)
    lowered = cleaned.lower()
    start = lowered.rfind(base) if len(lowered) == len(cleaned) else -1
    return cleaned[start : start + len(base)] if start >= 0 else base


# The old subject a "(was: …)" note names: "CVS Tag (was Re: [List] PATCH: link)".
_FORMER = re.compile(
    r"(?:[\(\[]\s*was\s*[:：]?\s+(?P<wrapped>.*?)\s*[\)\]]?|[,;]\s*was\s*[:：]\s*(?P<plain>.*)"
    r"|[,;]\s*was\s+(?P<reply>re\s*[:：].*))\s*$",
    re.IGNORECASE,
)


def former_subject(subject: str | None) -> str:
    """The base subject of the conversation a "New subject (was: Old subject)" note says the
    message goes on from, "" for a subject without one (or whose note names nothing)."""
    if not subject or "was" not in subject.lower():
        return ""
    text = _clean(subject)
    note = _FORMER.search(text)
    if note is None or note.start() == 0:
        return ""
    return subject_parts(note["wrapped"] or note["plain"] or note["reply"] or "")[0]


def is_reply_subject(subject: str | None) -> bool:
    """Whether the subject says the message answers another (a reply prefix before the base).

    A forward (``Fwd:``) is not a reply: it brings a message to the list anew.
    """
    return subject_parts(subject)[1]


def is_forward_subject(subject: str | None) -> bool:
    """Whether the subject says the message forwards another ("Fwd: X", "[Fwd: X]", "X (fwd)")
    rather than answering it ("Re: Fwd: X" answers): a forward brings a message to the list
    anew, perhaps one the archive already holds, and its copy of it is no quote of a reply."""
    if not subject:
        return False
    text = _clean(subject).lower()
    if ":" not in text and "：" not in text and "fw" not in text:
        return False  # (a prefix and "[Fwd: …]" have a colon, "(fwd)" has "fw")
    leading = _LEADING.match(text)
    if leading is not None:
        if _REPLY_IN_LEADING.search(leading.group(0)):
            return False
        if _FORWARD_IN_LEADING.search(leading.group(0)):
            return True
        text = text[leading.end() :]
    return bool(_FORWARD_WRAPPED.match(text) or _FORWARD_SUFFIX.search(text))


def is_digest_subject(subject: str | None) -> bool:
    """Whether the subject is a list digest's ("X Digest, Vol 3, Issue 7"), reply or not.

    Replies to a digest share its subject but rarely its topic, so they never join by subject.
    """
    if not subject or ("igest" not in subject and "IGEST" not in subject):
        return False
    return _DIGEST.search(subject) is not None


def is_tracker_subject(subject: str | None) -> bool:
    """Whether the subject is a bug tracker's notification (Bugzilla "[Bug 752]", Trac "#1553:").

    Trackers thread every notification of a ticket under the first one and never quote, so
    without headers only the subject can place them.
    """
    if not subject or ("#" not in subject and "[" not in subject):
        return False
    return _TRACKER.search(subject) is not None
