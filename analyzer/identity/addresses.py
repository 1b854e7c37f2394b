"""What an address says about its owner: the mailbox behind it, a role, a robot, an organisation."""

from __future__ import annotations

import re
from collections.abc import Mapping

from analyzer.identity.names import GENERIC_NAME_TOKENS, is_distinctive, normalize_person_name
from analyzer.model import PLACEHOLDER_ADDRESSES

# Free mail providers: an address there says nothing about where its owner works.
WEBMAIL_DOMAINS: frozenset[str] = frozenset(
    [
        "gmail.com",
        "googlemail.com",
        "google.com.invalid",
        "yahoo.com",
        "yahoo.co.uk",
        "yahoo.fr",
        "yahoo.de",
        "yahoo.es",
        "yahoo.it",
        "yahoo.co.in",
        "yahoo.co.jp",
        "yahoo.com.br",
        "yahoo.com.cn",
        "yahoo.com.tw",
        "yahoo.ca",
        "ymail.com",
        "rocketmail.com",
        "hotmail.com",
        "hotmail.co.uk",
        "hotmail.fr",
        "hotmail.de",
        "hotmail.it",
        "hotmail.es",
        "live.com",
        "live.co.uk",
        "live.fr",
        "live.de",
        "outlook.com",
        "outlook.fr",
        "outlook.de",
        "msn.com",
        "aol.com",
        "aim.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "gmx.de",
        "gmx.net",
        "gmx.at",
        "gmx.ch",
        "gmx.com",
        "gmx.fr",
        "web.de",
        "freenet.de",
        "t-online.de",
        "mail.ru",
        "inbox.ru",
        "list.ru",
        "bk.ru",
        "yandex.ru",
        "yandex.com",
        "ya.ru",
        "rambler.ru",
        "qq.com",
        "foxmail.com",
        "163.com",
        "126.com",
        "yeah.net",
        "sina.com",
        "sina.cn",
        "sohu.com",
        "aliyun.com",
        "naver.com",
        "hanmail.net",
        "daum.net",
        "protonmail.com",
        "protonmail.ch",
        "proton.me",
        "pm.me",
        "tutanota.com",
        "tutanota.de",
        "fastmail.com",
        "fastmail.fm",
        "fastmail.net",
        "zoho.com",
        "zohomail.com",
        "hey.com",
        "mail.com",
        "email.com",
        "usa.com",
        "post.com",
        "inbox.com",
        "laposte.net",
        "orange.fr",
        "wanadoo.fr",
        "free.fr",
        "sfr.fr",
        "libero.it",
        "virgilio.it",
        "tiscali.it",
        "alice.it",
        "seznam.cz",
        "wp.pl",
        "o2.pl",
        "onet.pl",
        "interia.pl",
        "rediffmail.com",
        "comcast.net",
        "verizon.net",
        "att.net",
        "sbcglobal.net",
        "earthlink.net",
        "cox.net",
        "charter.net",
        "btinternet.com",
        "sky.com",
        "ntlworld.com",
        "bigpond.com",
        "optusnet.com.au",
        "shaw.ca",
        "rogers.com",
        "sympatico.ca",
        "telus.net",
        "xs4all.nl",
        "hetnet.nl",
        "planet.nl",
        "ziggo.nl",
        "kpnmail.nl",
        "telenet.be",
        "skynet.be",
        "bluewin.ch",
        "hushmail.com",
        "lavabit.com",
        "riseup.net",
        "disroot.org",
        "posteo.de",
        "posteo.net",
        "mailbox.org",
        "runbox.com",
        "gmx.us",
    ]
)

# Local-part words of addresses that send on their own (robots) or on behalf of a role.
_AUTOMATED_LOCAL_TOKENS: frozenset[str] = frozenset(
    [
        "noreply",
        "donotreply",
        "bounce",
        "bounces",
        "mailer",
        "daemon",
        "postmaster",
        "mailman",
        "majordomo",
        "listserv",
        "owner",
        "request",
        "notification",
        "notifications",
        "notify",
        "alerts",
        "alert",
        "buildbot",
        "bugzilla",
        "bugs",
        "trac",
        "jira",
        "github",
        "gitlab",
        "ci",
        "bot",
        "robot",
        "cron",
        "autobuild",
        "automailer",
        "nobody",
        "do-not-reply",
        "no-reply",
        "mailer-daemon",
        "lkp",
        "drafts",  # the IETF's internet-drafts@ announcements
    ]
)
# Robot names that are also people's names: a robot only as the whole local part of an address
# without a person's full name (jenkins@imagej.net, not Travis Kiel <travis@crystaltech.com>).
_AMBIGUOUS_ROBOT_LOCAL_PARTS: frozenset[str] = frozenset(["jenkins", "hudson", "travis", "gerrit"])
_AUTOMATED_NAME_TOKENS: frozenset[str] = frozenset(
    [
        "bot",
        "robot",
        "daemon",
        "mailer",
        "mailman",
        "majordomo",
        "listserv",
        "bugzilla",
        "buildbot",
        "jira",
        "trac",
        "notification",
        "notifications",
        "noreply",
    ]
)
# Local parts used by a role or by anybody; they do not identify one person.
_ROLE_LOCAL_PARTS: frozenset[str] = frozenset(
    [
        "admin",
        "administrator",
        "info",
        "contact",
        "office",
        "support",
        "help",
        "helpdesk",
        "hello",
        "team",
        "sales",
        "webmaster",
        "postmaster",
        "hostmaster",
        "abuse",
        "security",
        "list",
        "lists",
        "mail",
        "email",
        "root",
        "user",
        "test",
        "noreply",
        "no-reply",
        "donotreply",
        "do-not-reply",
        "notifications",
        "notification",
        "news",
        "newsletter",
        "announce",
        "editor",
        "editors",
        "secretariat",
        "secretary",
        "board",
        "staff",
        "jobs",
        "press",
        "media",
        "marketing",
        "service",
        "services",
        "feedback",
        "enquiries",
        "inquiries",
        "invalid",
        "unknown",
        "nobody",
        "anonymous",
    ]
)
_LIST_SUFFIXES = ("-bounces", "-owner", "-request", "-admin", "-confirm", "-join", "-leave")
_SECOND_LEVEL_LABELS = frozenset(
    [
        "ac",
        "co",
        "com",
        "edu",
        "gov",
        "govt",
        "net",
        "org",
        "mil",
        "nic",
        "or",
        "ne",
        "go",
        "gob",
        "gouv",
        "lg",
        "sch",
        "ltd",
        "plc",
    ]
)
_LOCAL_SPLIT = re.compile(r"[._\-+]+")


def split_address(address: str) -> tuple[str, str]:
    """The local part and the domain (``""`` when there is no ``@``)."""
    local, _, domain = address.rpartition("@")
    if not _:
        return address, ""
    return local, domain


def is_truncated(address: str) -> bool:
    """Pipermail cut long addresses in some pages: ``joe@example....``."""
    return address.endswith("...")


def mailbox_key(address: str) -> str:
    """One spelling per mailbox: ``+tags`` dropped, Gmail dots dropped, googlemail is gmail."""
    local, domain = split_address(address.lower())
    if not domain:
        return local
    local = local.split("+", 1)[0] or local
    if domain == "googlemail.com":
        domain = "gmail.com"
    if domain == "gmail.com":
        local = local.replace(".", "")
    return f"{local}@{domain}"


def local_part_key(address: str) -> str:
    """The local part without ``+tag``, for matching one person across providers."""
    local, _ = split_address(address.lower())
    return local.split("+", 1)[0] or local


def _local_tokens(local: str) -> list[str]:
    return [t for t in _LOCAL_SPLIT.split(local.lower()) if t]


def is_role_address(address: str) -> bool:
    """An address of a role, a list or a robot, which several people may write from."""
    local, _ = split_address(address.lower())
    if not local:
        return False
    if local in _ROLE_LOCAL_PARTS or local.startswith("owner-"):
        return True
    if local.endswith(_LIST_SUFFIXES):
        return True
    return (
        any(
            t in {"noreply", "donotreply", "notifications", "notification"}
            for t in _local_tokens(local)
        )
        or "no-reply" in local
        or "do-not-reply" in local
    )


def is_automated_sender(address: str, normalized_name: str) -> bool:
    """Notification robots, ``noreply`` senders, list owners and Mailman itself (its placeholder
    for a message without a sender too)."""
    if address.lower() in PLACEHOLDER_ADDRESSES:
        return True
    local, _ = split_address(address.lower())
    tokens = _local_tokens(local)
    if local.endswith(_LIST_SUFFIXES) or local.startswith("owner-"):
        return True
    if "no-reply" in local or "do-not-reply" in local or "mailer-daemon" in local:
        return True
    if any(t.rstrip("0123456789") in _AUTOMATED_LOCAL_TOKENS for t in tokens):
        return True
    if local in _AMBIGUOUS_ROBOT_LOCAL_PARTS and not is_distinctive(normalized_name):
        return True
    return any(t in _AUTOMATED_NAME_TOKENS for t in normalized_name.split())


def is_distinctive_local_part(local: str) -> bool:
    """A local part that names one person (``jpoczatek``, ``ray.lue``), not a role or a word."""
    if not local or local in _ROLE_LOCAL_PARTS:
        return False
    tokens = _local_tokens(local)
    if any(t in GENERIC_NAME_TOKENS or t in _AUTOMATED_LOCAL_TOKENS for t in tokens):
        return False
    if local in _AMBIGUOUS_ROBOT_LOCAL_PARTS:
        return False
    letters = sum(c.isalpha() for c in local)
    if len(tokens) >= 2 and sum(len(t) >= 2 for t in tokens) >= 2:
        return letters >= 5
    return letters >= 6


def name_from_local_part(address: str) -> str:
    """``paul.vancil@dell.com`` → ``paul vancil``: a name only when the local part spells one.

    Needs two or three alphabetic words separated by ``.``, ``_`` or ``-`` (trailing digits are
    dropped), at least two of them longer than an initial.
    """
    local, domain = split_address(address.lower())
    if not domain:
        return ""
    local = local.split("+", 1)[0]
    words = [w.rstrip("0123456789") for w in re.split(r"[._\-]+", local) if w]
    if not 2 <= len(words) <= 3 or not all(w.isalpha() for w in words):
        return ""
    if sum(len(w) >= 2 for w in words) < 2:
        return ""
    return normalize_person_name(" ".join(words))


def registrable_domain(domain: str) -> str:
    """``linux.vnet.ibm.com`` → ``ibm.com``; ``lifesci.dundee.ac.uk`` → ``dundee.ac.uk``.

    A small rule instead of the public suffix list: keep three labels when the second-level label
    is a generic one under a two-letter country code (``ac.uk``, ``com.tw``), else two.
    """
    labels = [label for label in domain.lower().strip(".").split(".") if label]
    if len(labels) <= 2:
        return ".".join(labels)
    if len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL_LABELS:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def affiliation_for_address(address: str, organisations: Mapping[str, str]) -> str | None:
    """The organisation an address stands for, or None for webmail and addresses without domain.

    ``organisations`` maps a domain to a name; a mapped domain also covers its subdomains
    (``intel.com`` covers ``linux.intel.com``). Unmapped domains give their registrable domain.
    """
    _, domain = split_address(address.lower())
    if not domain or is_truncated(domain) or "." not in domain:
        return None
    if domain in WEBMAIL_DOMAINS or registrable_domain(domain) in WEBMAIL_DOMAINS:
        return None
    labels = domain.split(".")
    for start in range(len(labels) - 1):
        candidate = ".".join(labels[start:])
        if candidate in organisations:
            return organisations[candidate]
    return registrable_domain(domain)
