"""What an address says about its owner: the mailbox behind it, a role, a robot, an organisation."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

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
        # internet providers, mail forwarders and alumni addresses: no employer either
        "rr.com",
        "optonline.net",
        "adelphia.net",
        "bellsouth.net",
        "mindspring.com",
        "pacbell.net",
        "swbell.net",
        "ameritech.net",
        "qwest.net",
        "frontiernet.net",
        "juno.com",
        "netscape.net",
        "excite.com",
        "lycos.com",
        "usa.net",
        "myrealbox.com",
        "hush.com",
        "hush.ai",
        "pobox.com",
        "iki.fi",
        "acm.org",
        "ieee.org",
        "alum.mit.edu",
        "users.sourceforge.net",
        "users.sf.net",
        "telia.com",
        "home.nl",
        "chello.nl",
        "kabelmail.de",
        "arcor.de",
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
# The public suffixes of more than one label: what a registry hands out names under, as
# ``co.uk`` or ``id.au`` (where Australians register personal names: ``aj.id.au`` and
# ``jms.id.au`` are two people's domains, not one organisation ``id.au``). Taken from the
# ICANN section of the Public Suffix List (publicsuffix.org, 2023) for 72 country codes,
# without its long lists of towns (Japan, Norway, Italy, Poland): no dependency to install,
# and every domain of the test corpora splits as the whole list splits it.
_SECOND_LEVEL_SUFFIXES: dict[str, str] = {
    "ae": "ac co gov mil net org sch",
    "ar": "bet com coop edu gob gov int mil musica mutual net org senasa tur",
    "at": "ac co gv or",
    "au": "act asn com conf edu gov id info net nsw nt org oz qld sa tas vic wa",
    "be": "ac",
    "bg": "0 1 2 3 4 5 6 7 8 9 a b c d e f g h i j k l m n o p q r s t u v w x y z",
    "bh": "com edu gov net org",
    "bo": (
        "academia agro arte blog bolivia ciencia com cooperativa democracia deporte ecologia "
        "economia edu empresa gob indigena industria info int medicina mil movimiento musica "
        "natural net nombre noticias org patria plurinacional politica profesional pueblo "
        "revista salud tecnologia tksat transporte tv web wiki"
    ),
    "br": (
        "abc adm adv agr aju am app arq art ato b bhz bib bio blog bmd bsb cim cng cnt com "
        "coop coz cri def des det dev ecn eco edu emp enf eng esp etc eti far flog fm fnd fot "
        "foz fst g12 geo ggf gov gru imb ind inf jab jdf jor jus leg lel log mat med mil mp "
        "mus net not ntr odo ong org poa ppg pro psc psi pvh qsl radio rec rep rio seg sjc "
        "slg slz srv taxi tc tec teo the tmp trd tur tv udi vet vix vlog wiki zlg"
    ),
    "ca": "ab bc gc mb nb nf nl ns nt nu on pe qc sk yk",
    "cl": "co gob gov mil",
    "cn": (
        "ac ah bj com cq edu fj gd gov gs gx gz ha hb he hi hk hl hn jl js jx ln mil mo net "
        "nm nx org qh sc sd sh sn sx tj tw xj xz yn zj"
    ),
    "co": "arts com edu firm gov info int mil net nom org rec web",
    "cy": "ac biz com ekloges gov ltd mil net org press pro tm",
    "dz": "art asso com edu gov net org pol soc tm",
    "ec": "com edu fin gob gov info k12 med mil net org pro",
    "ee": "aip com edu fie gov lib med org pri riik",
    "eg": "com edu eun gov mil name net org sci",
    "es": "com edu gob nom org",
    "fr": (
        "aeroport asso avocat avoues cci chambagri chirurgiens-dentistes com "
        "experts-comptables geometre-expert gouv greta huissier-justice medecin nom notaires "
        "pharmacien port prd tm veterinaire"
    ),
    "gh": "com edu gov mil org",
    "gr": "com edu gov net org",
    "hk": "com edu gov idv net org",
    "hr": "com from iz name",
    "hu": (
        "2000 agrar bolt casino city co erotica erotika film forum games hotel info ingatlan "
        "jogasz konyvelo lakas media news org priv reklam sex shop sport suli szex tm tozsde "
        "utazas video"
    ),
    "id": "ac biz co desa go mil my net or ponpes sch web",
    "il": "ac co gov idf k12 muni net org",
    "in": (
        "5g 6g ac ai am bihar biz business ca cn co com coop cs delhi dr edu er firm gen gov "
        "gujarat ind info int internet io me mil net nic org pg post pro res travel tv uk up "
        "us"
    ),
    "iq": "com edu gov mil net org",
    "ir": "ac co gov id net org sch",
    "is": "com edu gov int net org",
    "it": (
        "ag al an ao ap aq ar at av ba bg bi bl bn bo br bs bt bz ca cb ce ch ci cl cn co cr "
        "cs ct cz edu en fc fe fg fi fm fr ge go gov gr im is kr lc le li lo lt lu mb mc me "
        "mi mn mo ms mt na no nu og or ot pa pc pd pe pg pi pn po pr pt pu pv pz ra rc re rg "
        "ri rm rn ro sa si so sp sr ss sv ta te tn to tp tr ts tv ud va vb vc ve vi vr vs vt "
        "vv"
    ),
    "jo": "com edu gov mil name net org sch",
    "jp": (
        "ac ad aichi akita aomori chiba co ed ehime fukui fukuoka fukushima gifu go gr gunma "
        "hiroshima hokkaido hyogo ibaraki ishikawa iwate kagawa kagoshima kanagawa kochi "
        "kumamoto kyoto lg mie miyagi miyazaki nagano nagasaki nara ne niigata oita okayama "
        "okinawa or osaka saga saitama shiga shimane shizuoka tochigi tokushima tokyo tottori "
        "toyama wakayama yamagata yamaguchi yamanashi"
    ),
    "ke": "ac co go info me mobi ne or sc",
    "kr": "ac co es go hs kg mil ms ne or pe re sc",
    "kw": "com edu emb gov ind net org",
    "lb": "com edu gov net org",
    "lk": "ac assn com edu gov grp hotel int ltd net ngo org sch soc web",
    "lt": "gov",
    "lv": "asn com conf edu gov id mil net org",
    "ma": "ac co gov net org press",
    "mt": "com edu net org",
    "mx": "com edu gob net org",
    "my": "biz com edu gov mil name net org",
    "ng": "com edu gov i mil mobi name net org sch",
    "no": (
        "aa ah al bu dep fhs fm folkebibl fylkesbibl ha herad hl hm idrett jan-mayen kommune "
        "mil mr museum nl nt of ol oslo priv rl sf st stat svalbard tm tr va vf vgs"
    ),
    "nz": "ac co cri geek gen govt health iwi kiwi maori mil net org parliament school",
    "om": "co com edu gov med museum net org pro",
    "pe": "com edu gob mil net nom org",
    "ph": "com edu gov i mil net ngo org",
    "pk": "biz com edu fam gob gok gon gop gos gov info net org web",
    "pl": (
        "agro aid atm auto bialystok biz bydgoszcz com edu gmina gov gsm info katowice mail "
        "media miasta mil net nieruchomosci nom olsztyn opole org pc powiat priv realestate "
        "rel rzeszow sex shop sklep sos szczecin szkola targi tm tourism travel turystyka "
        "warszawa waw wroclaw zgora"
    ),
    "pt": "com edu gov int net nome org publ",
    "py": "com coop edu gov mil net org",
    "qa": "com edu gov mil name net org sch",
    "ro": "arts com firm info nom nt org rec store tm www",
    "rs": "ac co edu gov in org",
    "sa": "com edu gov med net org pub sch",
    "se": (
        "a ac b bd brand c d e f fh fhsk fhv g h i k komforb kommunalforbund komvux l lanbib "
        "m n naturbruksgymn o org p parti pp press r s t tm u w x y z"
    ),
    "sg": "com edu gov net org per",
    "th": "ac co go in mi net or",
    "tn": "com ens fin gov ind info intl mincom nat net org perso tourism",
    "tr": "av bbs bel biz com dr edu gen gov info k12 kep mil name nc net org pol tel tsk tv web",
    "tw": "club com ebiz edu game gov idv mil net org",
    "ua": (
        "ck cn com cr cv dn dp edu gov if in kh km kr ks kv lg lt lv mk net od org pl rv sb "
        "sm te uz vn zp zt"
    ),
    "uk": "ac co gov ltd me net nhs org plc police",
    "us": (
        "ak al ar as az ca co ct dc de dni fed fl ga gu hi ia id il in isa kids ks ky la ma "
        "md me mi mn mo ms mt nc nd ne nh nj nm nsn nv ny oh ok or pa pr ri sc sd tn tx ut va "
        "vi vt wa wi wv wy"
    ),
    "uy": "com edu gub mil net org",
    "ve": "arts bib co com e12 edu firm gob gov info int mil net nom org rar rec store tec web",
    "vn": "ac biz com edu gov health info int name net org pro",
    "za": "ac agric alt co edu gov grondar law mil net ngo nic nis nom org school tm web",
}
# Public suffixes below those, by the suffix they are under.
_THIRD_LEVEL_SUFFIXES: dict[str, str] = {
    "edu.au": "act catholic nsw nt qld sa tas vic wa",
    "gov.au": "qld sa tas vic wa",
    "nsw.edu.au": "schools",
    "gov.br": "ac al am ap ba ce df es go ma mg ms mt pa pb pe pi pr rj rn ro rr rs sc se sp to",
    "ac.at": "sth",
    "co.im": "ltd plc",
    **{
        f"{state}.us": "k12 cc lib"
        for state in _SECOND_LEVEL_SUFFIXES["us"].split()
        if len(state) == 2  # the states; not dni, fed, isa, kids, nsn
    },
}
PUBLIC_SUFFIXES: frozenset[str] = frozenset(
    f"{label}.{parent}"
    for table in (_SECOND_LEVEL_SUFFIXES, _THIRD_LEVEL_SUFFIXES)
    for parent, labels in table.items()
    for label in labels.split()
)
"""Public suffixes of two labels or more; ``registrable_domain`` keeps one label before them."""
# Where every name one level below is a public suffix (``*.np``, ``*.sch.uk`` in the list).
_EVERY_NAME_BELOW: frozenset[str] = frozenset(
    ["bd", "ck", "er", "fk", "jm", "kh", "mm", "np", "pg", "sch.uk", "nom.br"]
)
_LONGEST_SUFFIX = max(suffix.count(".") for suffix in PUBLIC_SUFFIXES) + 1
# Elsewhere, a generic second-level label under a country code is taken for a public suffix
# (``com.pk``, ``co.il``), as registries commonly do.
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
    return is_notification_address(address)


def is_notification_address(address: str) -> bool:
    """A service's address that mails on people's behalf (``no-reply@``, ``notifications@``):
    "Vijay Khemka (via Dropbox)" there is Dropbox telling of him, not his message, where a
    list's rewritten ``From`` ("Chris via USRP-users") is the person's."""
    local, _ = split_address(address.lower())
    return (
        any(
            t in {"noreply", "donotreply", "notifications", "notification"}
            for t in _local_tokens(local)
        )
        or "no-reply" in local
        or "do-not-reply" in local
    )


_SUBJECT_TAG = re.compile(r"\[([^\[\]]{2,60})\]")
_TAGGED_SHARE = 0.2
"""Share of the subjects a tag must open to be the list's name (Mailman's subject prefix)."""
_SUBJECTS_SAMPLED = 20_000


def _alnum(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


def list_names(subjects: Sequence[str], labels: Iterable[str] = ()) -> frozenset[str]:
    """The names a list goes by, as an address's local part spells them (letters and digits,
    lower case): the tag its software puts in front of most subjects ("[Twisted-Python]"),
    and the labels it is stored under."""
    names = {_alnum(label) for label in labels if _alnum(label)}
    step = max(1, len(subjects) // _SUBJECTS_SAMPLED)
    sampled = subjects[::step]
    counts: Counter[str] = Counter()
    for subject in sampled:
        tag = _SUBJECT_TAG.search(subject[:120]) if "[" in subject else None
        if tag:
            counts[_alnum(tag.group(1))] += 1
    names.update(
        tag for tag, count in counts.items() if tag and count >= _TAGGED_SHARE * len(sampled)
    )
    return frozenset(names)


def is_list_address(address: str, names: frozenset[str]) -> bool:
    """Whether an address is the list's own ("twisted-python@..." for "[Twisted-Python]"): the
    list sends from it, people's mail rewritten and spam forged alike, so it is no one's."""
    local, _ = split_address(address.lower())
    return bool(local) and _alnum(local) in names


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


def _suffix_labels(labels: list[str]) -> int:
    """How many of the last labels are the public suffix (the longest that is one)."""
    longest = 1
    for n in range(2, min(len(labels), _LONGEST_SUFFIX) + 1):
        if (
            ".".join(labels[-n:]) in PUBLIC_SUFFIXES
            or ".".join(labels[1 - n :]) in _EVERY_NAME_BELOW
        ):
            longest = n
    if longest == 1 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL_LABELS:
        return 2
    return longest


def registrable_domain(domain: str) -> str:
    """``linux.vnet.ibm.com`` → ``ibm.com``; ``lifesci.dundee.ac.uk`` → ``dundee.ac.uk``;
    ``aj.id.au`` stays whole: one label before the public suffix (``PUBLIC_SUFFIXES``, else a
    generic second-level label under a country code), the whole domain when it has no more.
    """
    labels = [label for label in domain.lower().strip(".").split(".") if label]
    if len(labels) <= 2:
        return ".".join(labels)
    return ".".join(labels[-(_suffix_labels(labels) + 1) :])


# Free mail brands, under whatever country domain ("yahoo.com.ar", "live.it", "gmail.example").
WEBMAIL_BRANDS: frozenset[str] = frozenset(
    ["gmail", "googlemail", "yahoo", "ymail", "hotmail", "live", "outlook", "msn", "aol", "gmx"]
)
# Domains reserved for examples (RFC 2606): no one's organisation.
RESERVED_DOMAINS: frozenset[str] = frozenset(["example.com", "example.net", "example.org"])


def affiliation_for_address(address: str, organisations: Mapping[str, str]) -> str | None:
    """The organisation an address stands for, or None for webmail and addresses without domain.

    ``organisations`` maps a domain to a name; a mapped domain also covers its subdomains
    (``intel.com`` covers ``linux.intel.com``). Unmapped domains give their registrable domain.
    """
    _, domain = split_address(address.lower())
    if not domain or is_truncated(domain) or "." not in domain:
        return None
    registrable = registrable_domain(domain)
    if domain in WEBMAIL_DOMAINS or registrable in WEBMAIL_DOMAINS:
        return None
    if registrable.split(".")[0] in WEBMAIL_BRANDS or registrable in RESERVED_DOMAINS:
        return None  # (yahoo.com.ar, live.it; example.net, as in made-up addresses)
    labels = domain.split(".")
    for start in range(len(labels) - 1):
        candidate = ".".join(labels[start:])
        if candidate in organisations:
            return organisations[candidate]
    return registrable_domain(domain)
