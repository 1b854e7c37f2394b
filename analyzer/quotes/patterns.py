"""Line-level patterns of quoting, list software and signatures, compiled once.

Every test here looks at one line (or a short run of lines) and is cheap to reject: callers only
run a regular expression after a plain string test (a colon at the end, a dash at the start...)
has made a match possible.

The patterns are written in lower case and are matched against lower-cased text: Python's
case-insensitive matching is an order of magnitude slower than lower-casing first.
"""

from __future__ import annotations

import re

# --- quote markers -----------------------------------------------------------------------------

# Python interpreter prompt after ">>>": code, not prose (`>>> import x`, `>>> a = f(1)`, `>>>`).
INTERPRETER_CODE = re.compile(
    r"(?:$|(?:import|from|print|def|class|for|while|if|with|return|help|exit|quit)\b"
    r"|[A-Za-z_][\w.]*\s*(?:=|\(|\[|\.)|[a-z_][\w.]*\s*$|\^[A-Z]\s*$)"  # ^D: end of input
)

# What a sender leaves where they cut a quote.
ELISIONS = frozenset(
    {
        "[...]",
        "[..]",
        "[snip]",
        "<snip>",
        "[snipped]",
        "(snip)",
        "[ ... ]",
        "<...>",
        "[…]",
        "[...snip...]",
        "-snip-",
        "<snipped>",
        "[ snip ]",
        "(...)",
    }
)

# An elision where it cannot be anything else: between an attribution and its quote.
ELISION_LINE = re.compile(
    r"^(?:[\[(<]\s*(?:\.\.+|…|\?|snip)[^\])>]*[\])>]|\.\.\.+|…|[*~-]+\s*snip\w*\s*[*~-]+)$", re.I
)

# --- attributions ------------------------------------------------------------------------------

# Verbs that close an attribution ("... wrote:"), in the languages seen on lists.
_WROTE = (
    r"wrote|writes|written|write|said|says|schrieb|schreibt|geschrieben|a\s+[ée?]crit|[ée]crit"
    r"|escribi[óo]|ha\s+escrito?|escreveu|ha\s+scritto|scrisse|schreef|heeft\s+geschreven"
    r"|geschreven|skrev|skriver|kirjoitti|napisa[łl]a?|nap[íi]?sal|pisze|написала?|пишет|yazd[ıi]"
    r"|έγραψε|írta|a\s+scris|寫道|写道|のメッセージ"
)
# "on <date>" after the verb, a time's colons included ("wrote on 10/07/2007 01:04:56 PM:").
_WHEN = r"(?:[^:]|(?<=\d):(?=\d)){1,48}"
ATTRIBUTION_VERB_END = re.compile(
    # (a Chinese verb may follow the time with no space: "於 2019年7月18日 週四 上午7:01寫道：")
    r"(?:^|[\s,)>\]\"']|(?=[寫写]道))(?:"
    + _WROTE
    + r")(?:\(a\))?(?:\s+(?:the\s+following|on\s+"
    + _WHEN
    + r"))?"
    r"\s*[:：]$"
)
# German and Dutch put the name after the verb ("Am 6. März 2012 schrieb Bob <bob at x.org>:"),
# Czech Evolution the date ("Bob píše v Út 24. 07. 2012 v 20:48 +0100:").
ATTRIBUTION_VERB_NAME = re.compile(
    r"\b(?:schrieb|schreef|p[íi][šs]e\s+v)\s+(?:[^:]|(?<=\d):(?=\d)){1,120}[:：]$"
    # Gmail in Hebrew: "בתאריך <date> מאת <name> <address>:" ("on <date>, from <name>")
    r"|^בתאריך\s(?:[^:]|(?<=\d):(?=\d)){1,80}\sמאת\s[^:]{1,120}[:：]$"
)
ATTRIBUTION_QUOTING = re.compile(
    r"^(?:quoting|zitat\s+von|citando|citation\s+de)\s+[^:]{1,120}[:：]$"
)
# A piece of each verb of _WROTE and ATTRIBUTION_VERB_NAME: a text holding none of them matches
# neither pattern.
_WRITING_PIECES = (
    "wrot",
    "writ",
    "said",
    "says",
    "schr",
    "crit",
    "scri",
    "escrev",
    "skr",
    "kirjoitti",
    "nap",
    "pisze",
    "написал",
    "пишет",
    "yazd",
    "έγραψε",
    "írta",
    "寫道",
    "写道",
    "のメッセージ",
    "píše",
    "píse",
    "piše",
    "pise",
    "מאת",
)


def may_name_writing(lowered: str) -> bool:
    """Whether `ATTRIBUTION_VERB_END` or `ATTRIBUTION_VERB_NAME` may match lower-cased text
    (plain substring tests, much cheaper than the two searches)."""
    for piece in _WRITING_PIECES:
        if piece in lowered:
            break
    else:
        return False
    return True


# Gmail in some locales: "2016-12-02 14:10 GMT+08:00 Bob <bob at example.org>:".
ATTRIBUTION_ADDRESS_END = re.compile(r"[>)\]][^<>()]{0,6}[:：]$")

EMAIL = re.compile(r"[\w.+-]+(?:@| at )[\w-]+(?:\.[\w-]+)+")
# One address character before the `@` is enough to tell whether there is an address, and
# saves the engine from re-scanning every word of the line from each of its letters.
_EMAIL_FROM_LAST_CHAR = re.compile(r"[\w.+-](?:@| at )[\w-]+(?:\.[\w-]+)+")


def has_email(text: str) -> bool:
    """Whether `EMAIL` finds an address in `text` (an `@` or ` at ` must be there first)."""
    return ("@" in text or " at " in text) and _EMAIL_FROM_LAST_CHAR.search(text) is not None


DATE_OR_TIME = re.compile(
    r"\b(?:19|20)\d\d\b|\b\d{1,2}:\d\d\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b"
    r"|\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct"
    r"|nov|dec)[a-z]*\.?\s+\d|\d\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|年|月"
)

_DATE_CHARACTER = re.compile(r"[\d年月]")


def has_date_or_time(lowered: str) -> bool:
    """Whether `DATE_OR_TIME` finds a date or time in lower-cased text. Each of its forms holds
    a digit, 年 or 月, or a weekday's name: those plain tests rule most lines out first."""
    return (
        _DATE_CHARACTER.search(lowered) is not None
        or "mon" in lowered
        or "tue" in lowered
        or "wed" in lowered
        or "thu" in lowered
        or "fri" in lowered
        or "sat" in lowered
        or "sun" in lowered
    ) and DATE_OR_TIME.search(lowered) is not None


# --- Outlook-style separators and header blocks ---------------------------------------------------

# (rules of ASCII dashes, or of Unicode ones: ProtonMail's "‐‐‐‐‐‐‐ Original Message ‐‐‐‐‐‐‐")
ORIGINAL_MESSAGE = re.compile(
    r"^[-_=\u2010-\u2015\u2212]{2,}(?:\s|&nbsp;)*(?:original\s+message|ursprüngliche\s+nachricht|urspr.ngliche\s+nachricht"
    r"|message\s+d'origine|mensaje\s+original|messaggio\s+originale|oorspronkelijk\s+bericht"
    r"|originalmeddelande|oprindelig\s+meddelelse|alkuperäinen\s+viesti"
    r"|wiadomo[śs][ćc]\s+oryginalna|původní\s+zpráva|исходное\s+сообщение|原始邮件|原始郵件|邮件原件"
    r"|mensagem\s+original|reply\s+message|original\s+appointment)(?:\s|&nbsp;)*[-_=\u2010-\u2015\u2212]{2,}|^[^\w\s]{0,3}\s*original\s+message\s*[^\w\s]{0,3}$"
    r"|^message\s+du\s+\d{1,2}/\d{1,2}/\d{2,4}"
    # (QQ Mail's English banner: "------------------ Original ------------------")
    r"|^-{6,}\s*original\s*-{6,}$"
)
FORWARD_BANNER = re.compile(
    r"^(?:[-_=\u2010-\u2015\u2212]{2,}\s*(?:forwarded\s+message|weitergeleitete\s+nachricht"
    r"|message\s+transf[ée]r[ée]|mensaje\s+reenviado|messaggio\s+inoltrato"
    r"|doorgestuurd\s+bericht|mensagem\s+encaminhada|videresendt\s+melding"
    r"|vidarebefordrat\s+meddelande|пересылаемое\s+сообщение|转发的邮件|轉寄的郵件)"
    r"\s*[-_=\u2010-\u2015\u2212]{2,}|begin\s+forwarded\s+message\s*:|-{2,}\s*forwarded\s+by\b.*"
    # mutt's "----- Forwarded message from Ann <a@b.org> -----", MH's "------- Forwarded Message"
    r"|-{3,}\s*forwarded\s+message\s+from\b.{1,120}?-{3,}\s*$|-{5,}\s*forwarded\s+message\s*$)"
)
UNDERSCORE_RULE = re.compile(r"^_{20,}$")

_HEADER_FAMILIES: dict[str, tuple[str, ...]] = {
    "from": (
        "from",
        "de",
        "von",
        "da",
        "van",
        "från",
        "od",
        "fra",
        "kimden",
        "mittente",
        "发件人",
        "發件人",
        "寄件者",
        "差出人",
        "보낸 사람",
        "від",
        "от",
    ),
    "sent": (
        "sent",
        "date",
        "enviado",
        "enviado el",
        "enviada em",
        "gesendet",
        "datum",
        "envoyé",
        "envoye",
        "inviato",
        "data",
        "verzonden",
        "skickat",
        "sendt",
        "wysłano",
        "tarih",
        "发送时间",
        "發送時間",
        "时间",
        "時間",
        "日期",
        "送信日時",
        "보낸 날짜",
        "отправлено",
        "дата",
    ),
    "to": (
        "to",
        "para",
        "an",
        "à",
        "a",
        "aan",
        "till",
        "til",
        "do",
        "kime",
        "destinatario",
        "收件人",
        "宛先",
        "받는 사람",
        "кому",
        "cc",
        "bcc",
        "cc.",
        "kopie",
        "copie à",
        "抄送",
        "副本",
        "참조",
    ),
    "subject": (
        "subject",
        "asunto",
        "assunto",
        "betreff",
        "objet",
        "oggetto",
        "onderwerp",
        "ämne",
        "emne",
        "temat",
        "konu",
        "主题",
        "主旨",
        "主題",
        "件名",
        "제목",
        "тема",
    ),
}
HEADER_FAMILY: dict[str, str] = {
    key: family for family, keys in _HEADER_FAMILIES.items() for key in keys
}
# "From: x", "*From:* x", "From : x", "发件人：x"; the key is group 1.
HEADER_LINE = re.compile(r"^\*{0,2}\s*([^\W\d_][^:：*]{0,16}?)\s*\*{0,2}\s*[:：]\s*\*{0,2}(.*)$")
# A field name lost to charset damage: "???: ", "????: ", "?? : ".
GARBLED_HEADER_LINE = re.compile(r"^\?{2,6} ?[:：] *\S")
# Keys that betray a protocol trace (SIP, HTTP) rather than a quoted mail header.
PROTOCOL_HEADER = re.compile(
    r"^(?:via|call-id|cseq|contact|content-length|max-forwards|record-route|route|user-agent"
    r"|allow|supported|require|p-[\w-]+|host|accept|content-type|x-[\w-]+|www-authenticate"
    r"|authorization|expires|event|server)\s*:"
)

# --- list software and mail servers --------------------------------------------------------------

PIPERMAIL_PART = re.compile(r"^-{14} (?:next part|[^-\s][^-]{1,30}) -{14}$")
PIPERMAIL_SCRUBBED = re.compile(
    r"^(?:an?\s+(?:html|non-text|embedded(?:\s+and\s+charset-unspecified)?)\s+"
    r"(?:attachment|text|message)\s+was\s+scrubbed|skipped\s+content\s+of\s+type\b"
    r"|an\s+embedded\s+message\s+was\s+scrubbed)"
)
# "Url : ..." in Pipermail before 2.1.10; a field may be empty ("Desc:").
PIPERMAIL_ATTACHMENT_FIELD = re.compile(
    r"^(?:name|type|size|desc|url|filename|encoding) ?:(?:\s|$)"
)

# Lines that only list software, bug trackers, gateways or virus scanners write.
LIST_FOOTER_LINE = re.compile(
    r"https?://\S+/(?:mailman/)?(?:listinfo|options)(?:/|\b)|/cgi-bin/mailman/"
    r"|^[\w .()-]{1,60}\bmailing\s+list\b(?::?\s+\S+)?$"
    r"|you\s+received\s+this\s+(?:message|email)\s+because\s+you\s+are\s+subscribed"
    r"|to\s+unsubscribe\s+from\s+this\s+group|to\s+post\s+to\s+this\s+group"
    r"|for\s+more\s+options,\s+visit|visit\s+this\s+group\s+at|view\s+this\s+discussion\s+on"
    r"|^you\s+are\s+receiving\s+this\s+mail\s+because|^you\s+are\s+(?:the\s+assignee|watching"
    r"|on\s+the\s+cc\s+list|the\s+qa\s+contact)|^you\s+reported\s+the\s+bug"
    r"|scanned\s+for\s+viruses|by\s+mailscanner|^believed\s+to\s+be\s+clean"
    r"|view\s+this\s+message\s+in\s+context|at\s+nabble\.com"
    # Google Groups' footer links, not a thread a sender points to (".../forum/#!topic/...")
    r"|groups\.google\.com/(?:d/(?:optout|msgid)\b|group/[\w.-]+/?(?:\?hl=[\w-]+)?\.?$)"
    r"|^to\s+unsubscribe\b|unsubscribe\s+(?:send|e-?mail)|^manage\s+your\s+subscription"
    r"|^do\s+you\s+yahoo!?\?|yahoo!\s+mail|^get\s+your\s+free\s+download\s+of\s+msn"
    r"|msn\s+hotmail|with\s+msn\s+messenger|^this\s+(?:e-?mail|message)\s+has\s+been\s+scanned"
    r"|windows\s+live\s+(?:spaces|messenger|hotmail)|avast\.com/sig-email|^virus-free\.?(?:\s+www\.avast\.com)?$|^www\.avast\.com$"
    r"|^<#[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}>$"  # the anchor under Avast's advert
    # read receipts that a mail tracker appends as links (its opt-out, its pixel)
    r"|^<?https?://(?:mailstat\.us/tr/|(?:www\.)?mailtrack\.io/|t\.sidekickopen\d*\.com/)\S*>?$"
    r"|^sent\s+with\s+mailtrack\b"
)
# Adverts that free-mail services appended ("Do You Yahoo!?" and the line under it).
MAIL_ADVERT = re.compile(
    r"^do\s+you\s+yahoo!?\?|yahoo!\s+mail|^get\s+your\s+free\s+download\s+of\s+msn"
    r"|msn\s+hotmail|with\s+msn\s+messenger"
)
# Free-mail and webmail services, whose adverts closed their users' messages ("Yahoo! Autos.
# Looking for a sweet ride? ...", "Get your free encrypted email at https://www.hushmail.com").
MAIL_SERVICE = re.compile(
    r"\b(?:yahoo|ymail|hotmail|msn|windows\s+live|hushmail|hushssl|netscape|aol|lycos"
    r"|rediff(?:mail)?|gmx)\b"
)
# Lines allowed inside a list-footer block besides the footer lines themselves.
FOOTER_FILLER = re.compile(
    r"^(?:[-_=*~#]{2,}\s*|--\s*|[\w.+-]+(?:@| at )[\w-]+(?:\.[\w-]+)+(?:<mailto:[^>]*>)?"
    r"|<?https?://\S+>?|---)$"
)

_DISCLAIMER_STRONG = (
    r"intended\s+(?:[\w-]+\s+){0,7}?(?:recipient|addressee|individual|person)|(?:received|got)\s+this\s+(?:e-?mail|message|communication|transmission)"
    r"(?:\s+\w+)?\s+(?:in|by)\s+(?:error|mistake)|received\s+in\s+error|par\s+erreur"
    r"|por\s+(?:engano|error)|irrtümlich|(?:notify|inform|contact|advise)\s+(?:the\s+sender|the\s+originator)|strictly\s+prohibited"
    r"|(?:confidential|privileged|proprietary)(?:\s+and|\s+or|,)+\s+(?:confidential|privileged"
    r"|proprietary)|informations?\s+confidentielles|not\s+liable|no\s+liability"
    r"|(?:cannot|can\s*not|does\s+not|do\s+not|will\s+not)\s+accept\s+(?:any\s+)?(?:responsibility|liability)"
    r"|registered\s+(?:charity|office|in\s+england)|information\s+contained\s+in\s+this"
    r"\s+(?:e-?mail|message|communication)"
    # "Ce message est confidentiel", "Este mensaje ... es confidencial", "Questo messaggio è
    # riservato", "Diese Nachricht ist vertraulich"
    r"|\b(?:ce|cet|le\s+pr[ée]sent|este|esta|questo|diese[rs]?)\s+(?:message|courriel|e-?mail"
    r"|mensaje|mensagem|correo(?:\s+electr[óo]nico)?|messaggio|nachricht)"
    r"(?:\s+(?:et|y|e|und)\s+(?:ses|sus|seus|i\s+suoi|seine|ihre)\s+[\w-]+(?:\s+[\w-]+)?)?"
    r"\s+(?:est|es|é|è|ist|sont|son|são|sono|sind)\s+(?:strictement\s+|estrictamente\s+"
    r"|strettamente\s+|streng\s+)?(?:confidentiel|confidencial|riservat|vertraulich)"
)
_DISCLAIMER_WEAK = (
    r"confidential|privileged|prohibited|destinataire|destinat[áa]rio|empfänger|delete|liability"
    r"|unauthori[sz]ed|dissemination|virus|disclaimer|responsabilit|vertraulich|confidencial"
    r"|notify\s+us\b"
)
# A vendor's terms for the code or the services it mails ("You assume all risks for use of the
# Code", "... Part 744, U.S. Export Administration Regulations"): legal words, but a reply may
# use them too, so they make a disclaimer only in a long text with a weak phrase.
DISCLAIMER_TERMS = re.compile(
    r"\byou\s+assume\s+(?:all|any|the\s+entire)\s+risks?\b|export\s+administration\s+regulations"
)
DISCLAIMER_STRONG = re.compile(_DISCLAIMER_STRONG)
DISCLAIMER_WEAK = re.compile(_DISCLAIMER_WEAK)
# A text that speaks of the message it is in ("this e-mail", "this message was sent using"):
# what servers and mail services append does; senders rarely write so of their own mail.
SELF_REFERENCE = re.compile(r"\bthis\s+(?:e-?mail|mail|message|communication|transmission)\b")
# Code, diffs and tables: text of the sender's (or a bot's), never boilerplate.
CODE_LINE = re.compile(r"^[+\-@<>|]|[;{}]$|\w\(|==|__|\bfiles? changed\b")

# --- signatures ----------------------------------------------------------------------------------

MOBILE_SIGNATURE = re.compile(
    r"^(?:sent\s+(?:from|with|using|via)\s+(?:my\s+|the\s+)?\S.{0,40}$|get\s+outlook\s+for\s+\w+"
    # a longer tag that names the device or the system at its end, with no sentence stop
    # outside a link: "Sent via the Samsung Galaxy S8+, an AT&T 4G LTE smartphone", "Sent from
    # Mail<https://go.microsoft.com/fwlink/?LinkId=550986> for Windows 10"
    r"|sent\s+(?:from|with|using|via)\s+(?!.*\b(?:i|you|we|he|she|they|will|would|can|please)\b)"
    r"(?:<[^<>]*>|[^.!?<>]){1,90}\b(?:smartphone|phone|tablet"
    r"|for\s+(?:windows|android|ios|iphone|ipad|mac))\b[\s\d.]{0,6}$"
    r"|.{0,60}\bsent[\s?]+from[\s?]+my[\s?]+(?:iphone|ipad|blackberry|android|mobile|phone|smartphone"
    r"|samsung|galaxy|nokia|htc|windows\s+phone)\b"
    r"|envoy[ée]\s+de\s+mon\s+\S+|von\s+meinem\s+\S+\s+gesendet|enviado\s+desde\s+mi\s+\S+"
    r"|inviato\s+da(?:l)?\s+(?:mio\s+)?\S+|发自我的|從我的.*傳送|verzonden\s+met\s+|skickat\s+från\s+min)"
)
# NetEase Mail Master's tag under the signature template it fills in (a name, "邮箱：" and the
# address): "签名由 网易邮箱大师 定制", "signature customised by NetEase Mail Master", on one
# line or three, with links between its words. A client's tag, like "Sent from my iPhone".
NETEASE_TAG = "网易邮箱大师"
NETEASE_TAG_WHOLE = "签名由网易邮箱大师定制"
# The template on the tag's own line: "1026646700 邮箱：1026646700@qq.com 签名由 ..."
NETEASE_TEMPLATE_LINE = re.compile(r"^(?:\S{1,40}\s+)?邮箱[:：]\s*\S+@\S+\s+签名由")
NETEASE_ADDRESS_LINE = re.compile(r"^(?:邮箱[:：]\s*)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+$")
MOBILE_HINT = re.compile(r"sent|outlook|envoy|gesendet|enviado|inviato|verzonden|skickat|发自|從")
SEPARATOR_RULE = re.compile(r"^(?:(?:[-_=*~#+]\s?){4,}|_{3})$")
PHONE = re.compile(
    r"(?:\b(?:tel|phone|mobile|mob|cell|fax|office|direct|fixe|handy|tél|ph)\b\.?\s*[:.]?"
    r"|(?:^|\s)[tmpfod]\s*:)\s*\+?[\d(]"
    r"|\+\d[\d\s().-]{7,}\d|\(\d{2,4}\)\s*\d[\d\s-]{5,}\d|\b\d{3}[.-]\d{3}[.-]\d{4}\b"
)
_DIGIT_OR_PARENTHESIS = re.compile(r"[\d(]")


def has_phone(lowered: str) -> bool:
    """Whether `PHONE` finds a number in lower-cased text (each of its forms holds a digit or
    an opening parenthesis)."""
    return _DIGIT_OR_PARENTHESIS.search(lowered) is not None and PHONE.search(lowered) is not None


# A messenger handle on a contact line: "Skype: rodrigo.moreira2007", "WeChat ID: lgc88".
MESSENGER = re.compile(
    r"^(?:skype|whatsapp|wechat|telegram|viber|icq|msn|aim|jabber|xmpp|gtalk|qq)"
    r"(?:\s*(?:id|name))?\s*[:：]\s*\S+$"
)
URL = re.compile(r"https?://\S*|\bwww\.[\w-]+\.\S*")
# An OpenPGP key's id or fingerprint (lowered): "PGP: 7C6B 7C5D ...", "PGP Fingerprint = 9996 719F
# ...", "GPG key 0x29E99DD6", "Key fingerprint = ...": whom to write to privately.
KEY_FINGERPRINT = re.compile(
    r"\b(?:pgp|gpg|gnupg|fingerprint)\b[^\n]{0,24}?(?:0x)?[0-9a-f]{4}(?:\s{0,2}[0-9a-f]{4}){1,9}\b"
)
TITLE_OR_ORGANISATION = re.compile(
    r"\b(?:engineer|developer|manager|director|architect|specialist|consultant|scientist"
    r"|researcher|professor|prof\.|lecturer|student|ph\.?\s?d|postdoc|fellow|presidente?|ceo|cto"
    r"|cio|coo|vp|vice\s+president|lead|head\s+of|founder|partner|officer|analyst|intern|apprenti"
    r"|associate|assistant|technician|coordinator|administrator|maintainer|programmer"
    r"|university|universit[äéà]t?|universidad|universidade|università|institute|institut[eo]?"
    r"|istituto|instytut|association|associa[çc][ãa]o|asociaci[óo]n|fundaci[óo]n|funda[çc][ãa]o"
    r"|fondation|fondazione|stiftung"
    r"|college|school|department|dept\.?|laboratory|lab|centre|center|inc\.?|ltd\.?|llc|gmbh"
    r"|corp\.?|corporation|company|technologies|technology|systems|solutions|services|group"
    r"|foundation|limited|pvt|s\.a\.|b\.v\.|ag|team|division|faculty|hospital)\b"
)
VALEDICTION = re.compile(
    r"^(?:best|best\s+regards|kind\s+regards|warm\s+regards|regards|many\s+thanks|thanks|thank\s+you"
    r"|thx|cheers|ciao|bye|br|brgds|rgds|sincerely|yours|yours\s+sincerely|best\s+wishes"
    r"|greetings|salut|cordialement|saludos|gr[üu](?:ss|ß)e|mit\s+freundlichen\s+gr[üu](?:ss|ß)en"
    r"|atenciosamente|abra[çc]os|abrazos|un\s+abrazo|bien\s+[àa]\s+vous|saluti|groetjes"
    r"|att|hope\s+this\s+helps|all\s+the\s+best|take\s+care|have\s+a\s+nice\s+day)"
    r"[\s,.!]*(?:and\s+good\s+luck[\s,.!]*)?$"
)
GREETING = re.compile(r"^(?:hi|hello|hey|dear|good\s+(?:morning|afternoon|evening))\b")

WORD = re.compile(r"\w+(?:['’]\w+)*")
# A plain word of prose, as a white-space separated token ("words," "don't"; not "DS2", "--").
PROSE_WORD = re.compile(r"[A-Za-z][a-z']+[,.;:!?)]*")

# Lines of machine output pasted into a message (left out of its authored word count).
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
MACHINE_LINE = re.compile(
    r"^[ \t]*(?:"
    # a log line: it begins with a time stamp (2016-06-07 15:00, 07-06-2016 15:00:42.082,
    # Jun  7 15:00:42, 15:00:42.082, a kernel's [   12.345678])
    r"[\[(<]?(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}[T _]\d{1,2}:\d\d"
    r"|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}[T _]\d{1,2}:\d\d"
    rf"|{_MONTH}\s+\d{{1,2}}\s+\d{{1,2}}:\d\d:\d\d"
    r"|\d{1,2}:\d\d:\d\d[.,]\d+"
    r"|\[\s*\d+\.\d{3,}\])"
    # a log line that begins with its level ([TRACE], [ERROR] ...)
    r"|\[(?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|FATAL|CRITICAL)\]"
    # a stack frame (Python's File "x", line 3; Java's at a.b.C(D.java:12); Ruby's
    # from /a/b.rb:33:in `run')
    r'|File "[^"\n]+", line \d+'
    r"|at [\w$.<>]+\([\w$.]*(?::\d+)?\)"
    r"|(?:from\s+)?/[^\s:]+:\d+:in\b"
    # a package listing (dpkg -l)
    r"|(?:ii|rc|hi|un)\s{2}\S+\s+\S+"
    # a SIP or HTTP start line, or one of their header lines
    r"|(?:[A-Z]+ \S+ )?(?:SIP/2\.0|HTTP/1\.[01])\b"
    r"|(?i:via|call-id|cseq|contact|content-length|max-forwards|record-route|route|allow"
    r"|supported|require|p-[\w-]+|www-authenticate|authorization|expires)\s*:"
    r"|(?i:from|to):\s*(?:\"[^\"]*\"\s*)?<?sips?:"
    r").*$",
    re.MULTILINE,
)

# A digest's section header, pasted into a reply or quoted with the digest ("Message: 3").
DIGEST_MESSAGE = re.compile(r"^Message:\s*\d+$", re.IGNORECASE)

# A plain word of prose, punctuation around it allowed ("(like", "this,", "it's."): how the
# output and code rules tell a sentence from a listing.
PLAIN_WORD = re.compile(r"(?<!\S)[(\"'`]?[A-Za-z][a-z']*[,.;:!?)\"'`]*(?!\S)")
