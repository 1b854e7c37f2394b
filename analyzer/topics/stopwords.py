"""Words that name no subject, left out of discovered topics: mail's own words, greetings and
sign-offs in the languages lists are written in, and the names of the list's people."""

from __future__ import annotations

import re
from collections import Counter
from typing import Final

import numpy as np
import pandas as pd

from analyzer.identity import is_automated_sender
from analyzer.identity.names import clean_display_name, is_distinctive, normalize_display_name
from analyzer.topics.rules import normalize_text

# Words every mailing list is full of and that name no subject.
_MAIL_WORDS: Final = """wrote writes said thanks thank regards cheers hi hello dear best sorry ok okay yes yeah
    just like think know want need use using used make way thing things really actually maybe
    good great sure does did doing don didn doesn isn aren wasn won wouldn couldn shouldn ve ll
    http https www com org net html htm mailto mail email list lists message messages sent
    reply question questions problem help bit lot let got get getting going new time people subject
    work works working try trying tried able instead seems probably anyway point right"""
MAIL_STOP_WORDS: Final[frozenset[str]] = frozenset(_MAIL_WORDS.split())

# When, not what: weekdays, months and time zones (a meeting invitation's "Wednesday 10am PDT"),
# and the words of calendar and conference-call boilerplate. ("may" is an English stop word;
# "sun" and "wet", "west" are words.)
_CALENDAR: Final = """monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu
    thur thurs fri sat january february march april june july august september october november
    december jan feb mar apr jun jul aug sep sept oct nov dec
    utc gmt pst pdt mst mdt cst cdt est edt akst akdt hst cet cest eet eest bst ist jst kst hkt
    sgt aest aedt awst nzst nzdt
    agenda reminder webex passcode conferencing teleconference canceled cancelled"""
CALENDAR_WORDS: Final[frozenset[str]] = frozenset(_CALENDAR.split())

# Tokens of pasted code and shell lines that prose carries ("self.transport", "def f():",
# "sudo vi /var/log/..."): they tell that code was shown, not what the thread is about.
_CODE: Final = """self cls def elif kwargs args argv sudo usr var tmp src echo grep mkdir chmod
    chown const void struct bool nullptr printf endl foo baz qux"""
CODE_WORDS: Final[frozenset[str]] = frozenset(_CODE.split())

# How messages open and close, as the text is folded (no accents, lower case): English, Italian,
# German, French, Spanish, Portuguese, Dutch, Scandinavian, Polish.
_GREETINGS: Final = """hey hiya bye goodbye greetings sincerely kind warmest wishes truly thx thanx
    tia folks guys everybody
    ciao grazie saluti cordiali distinti buongiorno buonasera
    gruss grusse gruesse grussen herzliche herzlichen viele liebe beste schone schonen dank danke
    vielen hallo tschuss mfg
    merci cordialement salut salutations bonjour bonsoir amicalement bises remerciements
    saludos saludo gracias hola atentamente abrazo abrazos
    obrigado obrigada abraco abracos atenciosamente
    groeten groetjes bedankt hartelijke
    hej tack halsningar hilsen mvh
    pozdrawiam pozdrowienia dzieki dziekuje"""
GREETING_WORDS: Final[frozenset[str]] = frozenset(_GREETINGS.split())

# Addresses (also Pipermail's "user at host.org") and URLs: their pieces ("gmx", "edu", "cgi")
# would otherwise be the words of topics about notification mail.
_ADDRESS_OR_URL: Final = re.compile(
    r"\b(?:https?|ftp)://\S+|\bwww\.\S+|[\w.+-]+(?:@| at )[\w-]+(?:\.[\w-]+)+", re.IGNORECASE
)


def without_addresses(text: str) -> str:
    """The text with its addresses and links blanked out.

    Line by line (no address or link spans lines), and only the lines that could hold one: the
    pattern tried at every position of every text took half the time of topic discovery.
    """
    if "@" not in text and " at " not in text and "://" not in text and "www." not in text:
        return text
    lines = text.split("\n")
    for i, (line, lower) in enumerate(zip(lines, text.lower().split("\n"), strict=True)):
        if "@" in line or "://" in line or " at " in lower or "www." in lower:
            lines[i] = _ADDRESS_OR_URL.sub(" ", line)
    return "\n".join(lines)


_WORD: Final = re.compile(r"[^\W\d_]{3,}")  # the words discovered topics are made of
# Messages whose case is counted: enough to tell a name from a word, few enough to be quick.
_CASE_SAMPLE: Final = 20_000
# A word that is the whole last line of this many of those messages is a signature.
_MIN_SIGN_OFFS: Final = 3
_AROUND_A_NAME: Final = " \t-–—~,.!"  # "-- Curtis", "Ciao,", "Johannes."
# Given names that are also the names of subjects: languages, software, countries, cities.
_SUBJECT_NAMES: Final = """ruby julia ada pascal crystal jade jasmine hudson phoenix sage octave
    maple mercury jordan india israel georgia chad victoria florence paris sydney austin dallas
    orlando virginia carolina"""
SUBJECT_NAMES: Final[frozenset[str]] = frozenset(_SUBJECT_NAMES.split())


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and word[1:].islower()


def _given_names(messages: pd.DataFrame) -> set[str]:
    """The first words of the names people send under (``Curtis`` of ``Curtis Rueden``, also
    of ``Rueden, Curtis``), capitalised as names are; not of robots, roles or one-word names."""
    if "from_name" not in messages:
        return set()
    columns = ["from_name", "from_email"] if "from_email" in messages else ["from_name"]
    names: set[str] = set()
    for row in messages[columns].drop_duplicates().itertuples(index=False):
        display = clean_display_name(row[0] if isinstance(row[0], str) else None)
        normalized = normalize_display_name(display)
        address = row[1] if len(row) > 1 and isinstance(row[1], str) else ""
        if not is_distinctive(normalized) or is_automated_sender(address, normalized):
            continue
        names.update(w for w in _WORD.findall(display.split()[0]) if _capitalised(w))
    return names


def people_names(messages: pd.DataFrame) -> frozenset[str]:
    """The names of the list's people as the text is folded: the given names of ``from_name``
    and the words people sign with (``Dscho``, ``kevin``: alone on the last line of three
    messages or more), each only when the list's text uses it as a name (capitalised in prose,
    or signing a message) at least as often as it writes it in lower case in prose.

    A name that is also a word (``Will``, ``Read``, ``Trust``, ``Master``), or a project that
    ends some messages (``Twisted``), is written in lower case more often, and stays a possible
    topic word; so do the given names that also name subjects (``Ruby``, ``Julia``, ``Jordan``).
    The text read is the authored text of up to 20,000 messages spread evenly over the table.
    """
    if "authored" not in messages or messages.empty:
        return frozenset()
    n = len(messages)
    spread = np.unique(np.linspace(0, n - 1, min(n, _CASE_SAMPLE)).astype(np.int64))
    prose: Counter[str] = Counter()
    sign_offs: Counter[str] = Counter()
    for text in messages["authored"].take(spread).tolist():
        if not isinstance(text, str):
            continue
        lines = without_addresses(text).strip().splitlines()
        for line in lines[:-1]:
            if not _WORD.fullmatch(line.strip(_AROUND_A_NAME)):  # not a greeting or signature
                prose.update(_WORD.findall(line))
        if lines:
            last = lines[-1].strip(_AROUND_A_NAME)
            if _WORD.fullmatch(last):
                sign_offs[last.lower()] += 1
            else:
                prose.update(_WORD.findall(last))
    candidates = {w.lower() for w in _given_names(messages)}
    candidates.update(w for w, times in sign_offs.items() if times >= _MIN_SIGN_OFFS)
    return frozenset(
        normalize_text(w)
        for w in candidates - SUBJECT_NAMES
        if prose[w.capitalize()] + sign_offs[w] >= prose[w]
    )
