"""S/MIME: the text of an opaque-signed message (its MIME entity inside the CMS SignedData) is
read; encrypted or malformed blobs give a defect and no text; a detached signature stays an
attachment, its blob never text."""

from __future__ import annotations

import base64
import email
import email.policy
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analyzer.model import RawMessage
from analyzer.parse import parse_message
from analyzer.readers import read_source
from analyzer.smime import OPAQUE_TYPES, signed_entity

OPENBMC = "openbmc-mbox-2019"
INTEL = "DBA24EEE99A3B3489FF472F5E94DE6D789{}@IRSMSX101.ger.corp.intel.com"

# A DER writer, to make the blobs the tests need.
SIGNED_OID = bytes.fromhex("2a864886f70d010702")
DATA_OID = bytes.fromhex("2a864886f70d010701")
ENVELOPED_OID = bytes.fromhex("2a864886f70d010703")
SHA1_OID = bytes.fromhex("2b0e03021a")


def tlv(tag: int, content: bytes) -> bytes:
    """A definite-length element (tag octet, DER length, content)."""
    size = len(content)
    if size < 0x80:
        return bytes([tag, size]) + content
    octets = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(octets)]) + octets + content


def indefinite(tag: int, *children: bytes) -> bytes:
    """A BER constructed element of indefinite length, ended by end-of-contents."""
    return bytes([tag, 0x80]) + b"".join(children) + b"\x00\x00"


def signed_blob(entity: bytes, *, ber: bool = False, content_oid: bytes = DATA_OID) -> bytes:
    """ContentInfo(SignedData) holding ``entity``: DER, or BER as Outlook writes it (indefinite
    lengths, the content in constructed OCTET STRING segments)."""
    digests = tlv(0x31, tlv(0x30, tlv(0x06, SHA1_OID) + b"\x05\x00"))
    signer_infos = tlv(0x31, b"")
    if ber:
        segments = [tlv(0x04, entity[i : i + 7]) for i in range(0, len(entity), 7)]
        econtent = indefinite(0xA0, indefinite(0x24, *segments))
        encap = indefinite(0x30, tlv(0x06, content_oid), econtent)
        signed = indefinite(0x30, tlv(0x02, b"\x01"), digests, encap, signer_infos)
        return indefinite(0x30, tlv(0x06, SIGNED_OID), indefinite(0xA0, signed))
    encap = tlv(0x30, tlv(0x06, content_oid) + tlv(0xA0, tlv(0x04, entity)))
    signed = tlv(0x30, tlv(0x02, b"\x01") + digests + encap + signer_infos)
    return tlv(0x30, tlv(0x06, SIGNED_OID) + tlv(0xA0, signed))


ENTITY = (
    b'Content-Type: text/plain; charset="iso-8859-1"\r\n'
    b"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
    b"Caf=E9 au lait, signed.\r\n"
)


def message_of(blob: bytes, content_type: str = "application/pkcs7-mime") -> RawMessage:
    wrapped = base64.encodebytes(blob)
    head = (
        "From: Signer <signer@example.org>\nMessage-ID: <signed@example.org>\n"
        "Date: Mon, 2 Sep 2019 09:41:41 +0000\nMIME-Version: 1.0\n"
        f'Content-Type: {content_type}; smime-type=signed-data; name="smime.p7m"\n'
        'Content-Disposition: attachment; filename="smime.p7m"\n'
        "Content-Transfer-Encoding: base64\n\n"
    )
    return RawMessage("made", 0, head.encode() + wrapped)


def _real(corpora: Path, name: str, key: str) -> RawMessage:
    return next(m for m in read_source(corpora / name).messages if key.encode() in m.data)


def _real_blob(corpora: Path) -> bytes:
    raw = _real(corpora, f"{OPENBMC}/openbmc-2019-10.mbox", INTEL.format("F9E367"))
    message = email.message_from_bytes(raw.data, policy=email.policy.compat32)
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload


@pytest.mark.parametrize(
    ("month", "suffix", "opening"),
    [
        ("09", "F6AE1C", "I've reviewed your design for OpenBMC telemetry framework"),
        ("09", "F95BBA", "Sorry for inconvenience, but I had trouble with my corporate e-mail."),
        ("10", "F9E367", "Sorry for the late response. For now streaming shall be supported"),
    ],
)
def test_opaque_signed_openbmc_messages_have_their_text(
    corpora: Path, month: str, suffix: str, opening: str
) -> None:
    """Outlook's opaque-signed mail (BER, indefinite lengths, the content in segments): the
    multipart/mixed inside is read as any message's, its text part is the body, its TNEF file
    an attachment; the p7m container is no attachment of its own."""
    raw = _real(corpora, f"{OPENBMC}/openbmc-2019-{month}.mbox", INTEL.format(suffix))
    row = parse_message(raw, list_name="openbmc")
    assert opening in " ".join(row["body"].split())
    assert row["defects"] == []
    assert [a.split("|")[:2] for a in row["attachments"]] == [
        ["winmail.dat", "application/ms-tnef"]
    ]
    assert "MIAGCSqGSIb3DQEHAq" not in row["body"]


def test_a_signed_message_forwarded_by_a_scanner_and_a_signed_part(corpora: Path) -> None:
    """The same blob attached to a scanner's notice reads as a forwarded message with its text;
    usrp-users: a pkcs7-mime part beside the list's footer gives the text before the footer."""
    notice = _real(corpora, f"{OPENBMC}/openbmc-2019-09.mbox", "0f4eb2$2fgecj@orsmga002")
    row = parse_message(notice, list_name="openbmc")
    forwarded = row["body"].split("-------- Forwarded message --------\n", 1)[1]
    assert forwarded.startswith('From: "Matuszczak, Piotr" <piotr.matuszczak@intel.com>\n')
    assert "I've reviewed your design for OpenBMC telemetry framework" in forwarded
    usrp = _real(
        corpora, "usrp-users-mbox/usrp-users-2020-09.mbox", "d509ab3c99a24ae0a9ec6d74f9b0f847@"
    )
    body = parse_message(usrp, list_name="usrp-users")["body"]
    assert body.startswith("Hello,\n\nThe B210 has separate connectors for a 1-PPS and 10-MHz")
    assert body.index("Ken Clark") < body.index("USRP-users mailing list")


def test_a_detached_signature_is_an_attachment_never_text(corpora: Path) -> None:
    """multipart/signed: the text part is the body as before; the p7s blob is listed only."""
    rows = [
        parse_message(raw, list_name="openbmc")
        for raw in read_source(corpora / OPENBMC / "openbmc-2019-08.mbox").messages
        if b"application/pkcs7-signature" in raw.data
    ]
    assert len(rows) == 2
    for row in rows:
        assert len(row["body"].split()) > 20
        assert "MII" not in row["body"] and "MIAG" not in row["body"]
        assert any("|application/pkcs7-signature|" in a for a in row["attachments"])
        assert row["defects"] == []


@pytest.mark.parametrize("ber", [False, True])
@pytest.mark.parametrize("content_type", OPAQUE_TYPES)
def test_made_signed_blobs_are_read_with_their_charset(ber: bool, content_type: str) -> None:
    blob = signed_blob(ENTITY, ber=ber)
    assert signed_entity(blob) == (ENTITY, "")
    row = parse_message(message_of(blob, content_type), list_name="t")
    assert row["body"] == "Café au lait, signed.\n"
    assert row["attachments"] == [] and row["defects"] == []


def _digests_and_content(econtent: bytes) -> bytes:
    """ContentInfo(SignedData) whose encapContentInfo holds ``econtent`` after id-data."""
    encap = tlv(0x30, tlv(0x06, DATA_OID) + econtent)
    signed = tlv(0x30, tlv(0x02, b"\x01") + tlv(0x31, b"") + encap + tlv(0x31, b""))
    return tlv(0x30, tlv(0x06, SIGNED_OID) + tlv(0xA0, signed))


GOOD = signed_blob(ENTITY)


@pytest.mark.parametrize(
    ("blob", "problem"),
    [
        (tlv(0x30, tlv(0x06, ENVELOPED_OID) + tlv(0xA0, tlv(0x30, b""))), "enveloped (encrypted)"),
        (_digests_and_content(b""), "without its content (a detached signature"),
        (GOOD[: len(GOOD) // 2], "runs past its container"),
        (b"\x30\x80\x06\x09" + SIGNED_OID, "ends where an element should begin"),
        (tlv(0x04, b"not a ContentInfo"), "ContentInfo expected"),
        (b"-----BEGIN PKCS7-----", "runs past its container"),
        (b"\x30\x84\xff\xff\xff\xff", "runs past its container"),
        (b"\x30\x89" + b"\x01" * 9, "length longer than the blob"),
        (b"\x30\x02\x04\x80", "indefinite length on a primitive element"),
        (_digests_and_content(tlv(0xA0, tlv(0x02, b"\x01"))), "eContent expected"),
        (_digests_and_content(tlv(0xA0, b"\x24\x80" * 40)), "nested too deep"),
        (signed_blob(ENTITY, content_oid=ENVELOPED_OID), "signed content of type 1.2.840"),
    ],
)
def test_malformed_or_encrypted_blobs_give_a_defect_and_no_text(blob: bytes, problem: str) -> None:
    unpacked = signed_entity(blob)
    assert unpacked.entity == b"" and problem in unpacked.problem
    row = parse_message(message_of(blob), list_name="t")
    assert row["body"] == ""
    assert [d for d in row["defects"] if problem in d]
    assert row["defects"][0].startswith("S/MIME application/pkcs7-mime not read: ")
    assert row["attachments"][0].startswith("smime.p7m|application/pkcs7-mime|")


def test_signed_content_that_is_no_mime_entity_stays_an_attachment() -> None:
    """A signed file (an Italian invoice.xml.p7m) is not the message's text."""
    row = parse_message(message_of(signed_blob(b"%PDF-1.4\n\x00\x01binary")), list_name="t")
    assert row["body"] == ""
    assert row["defects"] == ["S/MIME signed content is not a MIME entity; kept as an attachment"]
    assert len(row["attachments"]) == 1


@settings(
    max_examples=int(os.environ.get("ANALYZER_PROPERTY_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_mutated_real_blobs_never_raise(corpora: Path, data: st.DataObject) -> None:
    """A real Outlook blob with bytes flipped, cut or repeated: the entity or a reason."""
    blob = bytearray(_real_blob(corpora))
    for _ in range(data.draw(st.integers(min_value=1, max_value=4))):
        where = data.draw(st.integers(min_value=0, max_value=min(len(blob), 400)))
        action = data.draw(st.sampled_from(["flip", "cut", "repeat", "truncate"]))
        if action == "flip" and where < len(blob):
            blob[where] ^= data.draw(st.integers(min_value=1, max_value=255))
        elif action == "cut":
            del blob[where : where + data.draw(st.integers(min_value=1, max_value=40))]
        elif action == "repeat":
            blob[where:where] = blob[where : where + data.draw(st.integers(1, 40))]
        else:
            del blob[where:]
    unpacked = signed_entity(bytes(blob))
    assert bool(unpacked.entity) != bool(unpacked.problem) or unpacked == (b"", "")
    row = parse_message(message_of(bytes(blob)), list_name="t")
    assert isinstance(row["body"], str)
