"""An auto-responder's notice, told by how its text opens ("This is an automatic reply", "I am
out of the office"): one definition for identity (a sender of nothing but notices is a robot)
and threading (a notice that keeps the subject it answers answers the latest message of it).
Auto-responders' subject prefixes ("Auto-Re:", "Out of Office:") are read in `subjects`.
"""

from __future__ import annotations

import re

# The first words of an auto-responder's notice: it says it is automatic, or that its owner is
# away ("I am out of the office", "Thank you for your email. I am currently away").
_AWAY = r"(?:out of (?:the )?office|away from (?:the |my )?(?:office|desk|e-?mail)|on (?:annual )?leave)"
_NOTICE_OPENING = re.compile(
    r"^\W*(?:"
    r"this is an? (?:automatic|automated|auto[- ]?(?:generated|matic)?)[- ]?"
    r"(?:reply|response|message|answer|notification)"
    r"|(?:automatic |auto[- ]?)(?:reply|response)\s*:"
    rf"|i(?: am|'m|’m| will be) (?:currently )?{_AWAY}"
    rf"|thank you for your (?:e-?mail|message)\W+i(?: am|'m|’m| will be) (?:currently )?{_AWAY}"
    r")",
    re.IGNORECASE,
)
OPENING_CHARS = 300
"""Characters of a text that `is_notice` reads: a notice says what it is at once."""


def is_notice(text: str) -> bool:
    """Whether a text (a sender's own text, or a body) opens as an auto-responder's notice."""
    return _NOTICE_OPENING.match(" ".join(text[:OPENING_CHARS].split())) is not None
