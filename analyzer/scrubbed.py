"""What Mailman's scrubber left of a message's attachments in a Pipermail archive.

Pipermail archives replace each attachment by a notice (its name, type, size and a URL on the
list server). The notices are read back into the ``attachments`` column, as MIME attachments of
mbox mail are, so that a researcher sees what was attached. The HTML copy of a message that
also had a text part ("An HTML attachment was scrubbed") is the message itself, not an
attachment, and is left out, as for MIME mail.
"""

from __future__ import annotations

import re
from typing import Final

_NOTICE: Final = re.compile(
    r"^(?P<kind>A non-text attachment|An embedded message|An embedded and charset-unspecified text)"
    r" was scrubbed\.\.\.[ \t]*\n(?P<fields>(?:[A-Z][A-Za-z-]*:[^\n]*(?:\n|$))*)",
    re.MULTILINE,
)
_FIELD: Final = re.compile(r"^([A-Z][A-Za-z-]*):[ \t]*(.*?)[ \t]*$", re.MULTILINE)
_SIZE: Final = re.compile(r"^(\d+)\s*bytes$")
_DEFAULT_TYPE: Final = {
    "An embedded message": "message/rfc822",
    "An embedded and charset-unspecified text": "text/plain",
}


def scrubbed_attachments(body: str) -> list[str]:
    """``name|type|size`` of each attachment notice in ``body`` (size in bytes, 0 unknown)."""
    if "was scrubbed..." not in body:
        return []
    found = []
    for notice in _NOTICE.finditer(body):
        fields = dict(_FIELD.findall(notice["fields"]))
        name = fields.get("Name", "")
        if name == "not available":
            name = ""
        name = name.replace(" at ", "@") if "@" not in name else name
        kind = fields.get("Type") or _DEFAULT_TYPE.get(notice["kind"], "application/octet-stream")
        size = _SIZE.match(fields.get("Size", ""))
        found.append(f"{name}|{kind}|{int(size[1]) if size else 0}")
    return found
