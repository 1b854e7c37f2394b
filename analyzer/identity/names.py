"""Person names as mail headers spell them, reduced to forms that can be compared.

Three levels: ``clean_display_name`` keeps case and accents (what a report shows),
``normalize_person_name`` folds them (what two spellings of one name share), and ``name_match_keys``
gives the keys under which two *distinctive* names are taken for one person.
"""

from __future__ import annotations

import email.header
import re
import unicodedata
from collections.abc import Iterable
from itertools import pairwise

# Letters that Unicode decomposition does not reduce to an ASCII base letter.
_EXTRA_FOLDS = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "ß": "ss",
        "ẞ": "SS",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "TH",
        "ı": "i",
    }
)

# Words that make a name a role, a service or a group rather than a person.
GENERIC_NAME_TOKENS: frozenset[str] = frozenset(
    [
        "admin",
        "administrator",
        "administrators",
        "account",
        "accounts",
        "announce",
        "announcements",
        "anonymous",
        "auto",
        "automated",
        "automatic",
        "board",
        "bot",
        "bots",
        "bounce",
        "bounces",
        "bugzilla",
        "build",
        "builder",
        "buildbot",
        "ci",
        "committee",
        "contact",
        "daemon",
        "developers",
        "devel",
        "digest",
        "discuss",
        "discussion",
        "editor",
        "editors",
        "everyone",
        "foundation",
        "git",
        "github",
        "gitlab",
        "group",
        "help",
        "helpdesk",
        "info",
        "information",
        "jira",
        "list",
        "lists",
        "listserv",
        "mailer",
        "mailing",
        "mailman",
        "majordomo",
        "moderator",
        "moderators",
        "news",
        "newsletter",
        "noreply",
        "notification",
        "notifications",
        "notifier",
        "office",
        "owner",
        "owners",
        "postmaster",
        "project",
        "reply",
        "request",
        "robot",
        "root",
        "secretariat",
        "security",
        "server",
        "service",
        "services",
        "staff",
        "support",
        "system",
        "team",
        "test",
        "testing",
        "trac",
        "unknown",
        "user",
        "users",
        "webmaster",
    ]
)

# Titles and generational suffixes: they do not tell two people apart.
_HONORIFICS: frozenset[str] = frozenset(
    [
        "dr",
        "prof",
        "mr",
        "mrs",
        "ms",
        "mx",
        "sir",
        "jr",
        "sr",
        "ii",
        "iii",
        "iv",
        "phd",
        "md",
        "msc",
        "bsc",
        "dipl",
        "ing",
    ]
)

_ENCODED_WORD = re.compile(r"=\?[^?]+\?[bBqQ]\?[^?]*\?=")
_BRACKETED = re.compile(r"\[[^\]]*\]|\([^)]*\)|<[^>]*>|\{[^}]*\}")
_VIA = re.compile(r"^(?P<name>.+?)\s+via\s+\S.*$", re.IGNORECASE)
_QUALIFIER = re.compile(r"\s+[-–—|]\s+.*$")
_OBFUSCATED_ADDRESS = re.compile(r"^(\S+)\s+at\s+(\S+\.\S*)$", re.IGNORECASE)
_QUOTES = "\"'`“”„‘’‚«»‹›"
_ALL_CAPS_CODE = re.compile(r"^[A-Z]{2,5}$")
# "Chris Elford projectclearwater.org": an organisation's domain appended to the name.
_DOMAIN_WORD = re.compile(
    r"(?<!\S)[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|edu|gov|mil|int|info|biz|io|[a-z]{2})(?!\S)",
    re.IGNORECASE,
)


def fold_accents(text: str) -> str:
    """Drop diacritics and spell the letters that have no ASCII base (ø, ß, ł…) in ASCII."""
    text = text.translate(_EXTRA_FOLDS)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def looks_like_address(text: str) -> bool:
    """True when a display name is only an address (``joe at x.org``, ``joe@x....``)."""
    text = _OBFUSCATED_ADDRESS.sub(r"\1@\2", text.strip())
    return "@" in text and not any(c.isspace() for c in text)


def _decode_encoded_words(text: str) -> str:
    if not _ENCODED_WORD.search(text):
        return text
    try:
        parts = email.header.decode_header(text)
    except (ValueError, LookupError):
        return text
    out = []
    for part, charset in parts:
        if isinstance(part, bytes):
            try:
                out.append(part.decode(charset or "ascii", "replace"))
            except LookupError:
                out.append(part.decode("latin-1", "replace"))
        else:
            out.append(part)
    return "".join(out)


def _strip_invisible(text: str) -> str:
    # Bidi marks and other format characters survive in real headers (‪‪Jeff Chan‬‬).
    if text.isascii():
        return text
    return "".join(
        " " if unicodedata.category(c) in ("Zs", "Cc") else c
        for c in text
        if unicodedata.category(c) != "Cf"
    )


def _invert_last_first(text: str) -> str:
    """``Last, First`` becomes ``First Last``; ``Name, a title of several words`` loses the title."""
    if text.count(",") != 1:
        return text.replace(",", " ")
    before, after = (part.strip() for part in text.split(","))
    after_words = after.split()
    if not before:
        return after
    if not after_words:
        return before
    if all(w.replace(".", "").lower() in _HONORIFICS for w in after_words):  # "Ph.D."
        return before
    while len(after_words) >= 2 and _ALL_CAPS_CODE.match(after_words[-1]) and not after.isupper():
        after_words = after_words[:-1]
    before_words = before.split()
    # Trailing organisation codes ("Senseney, Justin NIH", "Ram, Vinayak NFV BU") are dropped above;
    # a long tail after a full name is a title ("Tyrion Lannister, Hand of the King").
    if len(before_words) >= 2 and (
        len(after_words) >= 3 or any(w.lower() in {"of", "the", "at", "for"} for w in after_words)
    ):
        return before
    return " ".join([*after_words, before])


def clean_display_name(name: str | None) -> str:
    """The name a person gave, without the wrapping that lists and mail clients add.

    Undoes quoting, RFC 2047 words, ``X via ListName`` and ``X (via Service)`` rewriting,
    bracketed tags (``[ext]``, ``(NSB - CN/Hangzhou)``, Chinese names in parentheses), Lotus Notes
    ``Name/Unit/Org``, `` - qualifier`` suffixes and ``Last, First`` order. Case and accents stay.
    A name that is only an address gives ``""``.
    """
    if not name:
        return ""
    text = _strip_invisible(_decode_encoded_words(unicodedata.normalize("NFKC", name)))
    text = " ".join(text.split()).strip(_QUOTES + " ")
    if looks_like_address(text):
        return ""
    via = _VIA.match(text)
    if via:
        text = via.group("name")
    text = _BRACKETED.sub(" ", text)
    without_domains = _DOMAIN_WORD.sub(" ", text)
    if without_domains.strip():
        text = without_domains
    text = text.split("/", 1)[0]
    text = _QUALIFIER.sub("", text)
    text = " ".join(text.split()).strip(_QUOTES + " ,;:")
    # Inner quotes mark nicknames (Brynden "Blackfish" Tully): drop the nickname.
    text = re.sub(r"\s[\"“][^\"”]*[\"”]\s", " ", f" {text} ").strip()
    text = text.strip(_QUOTES + " ")
    if looks_like_address(text):
        return ""
    text = _invert_last_first(text)
    return " ".join(text.split()).strip(_QUOTES + " .")


def _to_tokens(text: str) -> list[str]:
    text = fold_accents(text).lower()
    text = re.sub(r"['’`]", "", text)
    return "".join(c if c.isalnum() else " " for c in text).split()


def normalize_person_name(name: str | None) -> str:
    """One spelling per name: accents folded, lower case, ``Last, First`` → ``first last``.

    >>> normalize_person_name('"Stark, Catelyn T."')
    'catelyn t stark'
    >>> normalize_person_name("Jonas Øgaard via imagej-devel")
    'jonas ogaard'
    """
    return normalize_display_name(clean_display_name(name))


def normalize_display_name(display: str) -> str:
    """``normalize_person_name`` of a name that ``clean_display_name`` has already cleaned."""
    return " ".join(t for t in _to_tokens(display) if t not in _HONORIFICS)


def drop_address_echo(display: str, normalized: str, address: str) -> str:
    """``Kevin High khigh`` from ``khigh@cisco.com`` is ``kevin high``: the handle is not a name.

    Only a last word in lower case after capitalised words counts as an echo (``Dan White`` of
    ``white@…`` keeps his surname).
    """
    words = display.split()
    tokens = normalized.split()
    local = "".join(c for c in address.split("@", 1)[0].lower() if c.isalnum())
    if (
        len(tokens) >= 3
        and local
        and tokens[-1] == local
        and words
        and words[-1].islower()
        and any(not w.islower() for w in words[:-1])
    ):
        return " ".join(tokens[:-1])
    return normalized


# English short forms of first names that do not begin as the full name does (those that do,
# "Chris", "Matt", fit it by prefix): Bill la Forge is William la Forge.
_SHORT_FORMS = {
    **dict.fromkeys(("bill", "billy", "will", "willy"), "william"),
    **dict.fromkeys(("bob", "bobby", "rob", "robbie"), "robert"),
    **dict.fromkeys(("dick", "rick", "ricky", "rich"), "richard"),
    **dict.fromkeys(("jim", "jimmy", "jamie"), "james"),
    **dict.fromkeys(("mike", "mick", "micky"), "michael"),
    **dict.fromkeys(("dave", "davy"), "david"),
    **dict.fromkeys(("tom", "tommy"), "thomas"),
    **dict.fromkeys(("charlie", "chuck"), "charles"),
    **dict.fromkeys(("ted", "eddie", "ned"), "edward"),
    **dict.fromkeys(("joe", "joey"), "joseph"),
    **dict.fromkeys(("jack", "johnny"), "john"),
    **dict.fromkeys(("harry", "hank"), "henry"),
    **dict.fromkeys(("peggy", "maggie", "meg"), "margaret"),
    **dict.fromkeys(("liz", "beth", "betty"), "elizabeth"),
    "tony": "anthony",
    "andy": "andrew",
    "larry": "lawrence",
    "sue": "susan",
}


def first_names_akin(first: str, second: str) -> bool:
    """Two different first names that may be one person's short and full form: the same first
    two letters (``adi``/``adrian``, ``alex``/``alexander``) or a known short form (``bill``/
    ``william``). Kin only: a sign-off must tell that they are one."""
    if first == second or min(len(first), len(second)) < 2:
        return False
    full = {_SHORT_FORMS.get(first, first), _SHORT_FORMS.get(second, second)}
    return first[:2] == second[:2] or len(full) == 1


def _first_name_tokens(tokens: list[str]) -> list[str]:
    """The tokens with a short first name written in full (only the first: Anna Bill is no
    Anna William)."""
    if len(tokens) >= 2 and tokens[0] in _SHORT_FORMS:
        return [_SHORT_FORMS[tokens[0]], *tokens[1:]]
    return tokens


def _match_token(token: str) -> str:
    """Reduce a token so that transliterations meet: ``moeller``/``moller``, ``li11``/``li``."""
    token = token.rstrip("0123456789")
    return token.replace("ae", "a").replace("oe", "o").replace("ue", "u")


def name_tokens(normalized: str) -> list[str]:
    """The tokens of a normalised name that identify a person: no initials, no digits, a short
    first name written in full."""
    tokens = [m for m in (_match_token(t) for t in normalized.split()) if len(m) >= 2]
    return _first_name_tokens(tokens)


def is_distinctive(normalized: str) -> bool:
    """A name that is safe to merge on: two or more real words, none of them a role word."""
    tokens = name_tokens(normalized)
    if len(tokens) < 2:
        return False
    return not any(t in GENERIC_NAME_TOKENS for t in normalized.split())


def name_match_keys(normalized: str) -> list[str]:
    """Keys under which two distinctive names count as one person.

    The tokens sorted (so ``Roysam Badri`` meets ``Badri Roysam``), and when the words between the
    first and the last are middle names, also the first and last word (``Daniel James White`` meets
    ``Daniel White``). Single initials are left out (``Kevin W Eliceiri`` is ``Kevin Eliceiri``), but
    two-letter initials stay: ``Duke KH Du`` is how a company tells its Duke Du apart.
    """
    if not is_distinctive(normalized):
        return []
    tokens = name_tokens(normalized)
    keys = [" ".join(sorted(tokens))]
    if len(tokens) >= 3 and all(len(t) >= 3 for t in tokens[1:-1]):
        keys.append(" ".join(sorted((tokens[0], tokens[-1]))))
    return keys


def _fits(small: list[str], large: list[str]) -> bool:
    """Every word of ``small`` is a word of ``large``, a prefix of one (3+ letters) or its initial."""
    # Names written as one word ("Wangwulin") fit the same name in two words ("Wang Wulin").
    large = large + [x + y for x, y in pairwise(large)]
    strong = False
    for token in small:
        if token in large or (len(token) >= 3 and any(o.startswith(token) for o in large)):
            strong = strong or len(token) >= 3
        elif not (len(token) == 1 and any(o.startswith(token) for o in large)):
            return False
    return strong


def tokens_compatible(first: Iterable[str], second: Iterable[str]) -> bool:
    """Whether one name fits the other: each word equal, a prefix or an initial of a word there.

    ``chris`` fits ``christopher coulon``; ``catelyn stark`` fits ``catelyn t stark``;
    ``wang wulin`` fits ``wangwulin linda``; ``jane smith`` does not fit ``john smith``. At least one
    word of three letters or more must fit.
    """
    a, b = list(first), list(second)
    if not a or not b:
        return False
    return any(_fits(x, y) or (len(x) > 1 and _fits(["".join(x)], y)) for x, y in ((a, b), (b, a)))


def names_compatible(first: str, second: str) -> bool:
    """``tokens_compatible`` on two normalised names (initials kept, transliteration folded)."""
    a = _first_name_tokens([_match_token(t) or t for t in first.split()])
    b = _first_name_tokens([_match_token(t) or t for t in second.split()])
    return tokens_compatible(a, b)


def names_disjoint(first: str, second: str) -> bool:
    """Two distinctive names that share no word: evidence of two people behind one address."""
    a = set(name_tokens(first))
    b = set(name_tokens(second))
    if any(x.startswith(y) or y.startswith(x) for x in a for y in b if min(len(x), len(y)) >= 3):
        return False
    return not (a & b)
