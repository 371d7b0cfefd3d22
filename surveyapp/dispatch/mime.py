"""An outbox row as the bytes of a multipart/alternative email (plain text first, then HTML).

Written out directly rather than through ``email.message.EmailMessage``: the structure never
varies, and the standard library's header machinery cost more per message (about 1 ms) than
the SMTP exchange itself. tests/dispatch/test_mime.py parses the result back with the standard
library in every locale.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from email.header import Header
from email.utils import formataddr, formatdate
from functools import lru_cache

from surveyapp.dispatch.models import OutboxMessage

CRLF = b"\r\n"


def build_mime(message: OutboxMessage, from_name: str, from_address: str) -> bytes:
    """The message to hand to SMTP; its Message-ID comes from the row, so a resend after a
    crash carries the same one and receivers can tell it is the same email."""
    boundary = f"=_{uuid.uuid4().hex}"
    headers = [
        ("From", _from_header(from_name, from_address)),
        ("To", message.to_address),
        ("Subject", header_value("Subject", message.subject)),
        ("Date", formatdate(usegmt=True)),
        ("Message-ID", message.message_id),
        *((name, header_value(name, value)) for name, value in (message.headers or {}).items()),
        ("MIME-Version", "1.0"),
        ("Content-Type", f'multipart/alternative; boundary="{boundary}"'),
    ]
    lines = [f"{name}: {value}".encode("ascii") for name, value in headers]
    return CRLF.join(
        [
            *lines,
            b"",
            *_part(boundary, "text/plain", message.body_text),
            *_part(boundary, "text/html", message.body_html),
            f"--{boundary}--".encode("ascii"),
            b"",
        ]
    )


def header_value(name: str, value: str) -> str:
    """ASCII as it is when short or unbreakable (a List-Unsubscribe URL must stay whole);
    long text folded at spaces; anything else as RFC 2047 encoded words."""
    if not value.isascii():
        return encoded_words(value)
    if len(name) + len(value) < 78 or " " not in value:
        return value
    return Header(value, "us-ascii", header_name=name).encode(linesep="\r\n")


def encoded_words(text: str) -> str:
    """RFC 2047 base64 words of whole characters, each short enough (64 characters) for a
    folded line under 78; the standard library's Header did the same ten times slower."""
    words, chunk, size = [], [], 0
    for character in text:
        width = len(character.encode("utf-8"))
        if size + width > WORD_BYTES:
            words.append("".join(chunk))
            chunk, size = [], 0
        chunk.append(character)
        size += width
    words.append("".join(chunk))
    return "\r\n ".join(
        f"=?utf-8?b?{base64.b64encode(word.encode('utf-8')).decode('ascii')}?=" for word in words
    )


#: Bytes of text per encoded word: 39 bytes are 52 base64 characters, 64 with the markers.
WORD_BYTES = 39


@lru_cache(maxsize=16)
def _from_header(name: str, address: str) -> str:
    return formataddr((name, address), charset="utf-8")


def _part(boundary: str, content_type: str, text: str) -> list[bytes]:
    encoding, body = _encoded(text.replace("\r\n", "\n"))
    return [
        f"--{boundary}".encode("ascii"),
        f'Content-Type: {content_type}; charset="utf-8"'.encode("ascii"),
        f"Content-Transfer-Encoding: {encoding}".encode("ascii"),
        b"",
        body,
    ]


def _encoded(text: str) -> tuple[str, bytes]:
    """Quoted-printable while mostly ASCII (readable in any mail source), else base64
    (Persian text would triple in quoted-printable)."""
    data = text.encode("utf-8")
    if len(data) - len(text) > len(text) // 4:
        return "base64", base64.encodebytes(data).replace(b"\n", CRLF)
    encoded = binascii.b2a_qp(data, quotetabs=False, istext=True, header=False)
    return "quoted-printable", encoded.replace(b"\n", CRLF)
