"""The hand-written MIME, read back by the standard library's parser, in every locale."""

from __future__ import annotations

import email
import email.policy
from types import SimpleNamespace

import pytest

from surveyapp.dispatch.mime import build_mime

ZWNJ = "\u200c"
TEXTS = {
    "en": ("What does success look like for you? A survey", "Hello Ana,\n\nPlease answer.\n"),
    "pt": ("Pesquisa de valor: algumas perguntas de Açme", "Olá, Ana,\n\nVocê = ótimo.\n"),
    "pl": ("Przypomnienie: ankieta zażółć gęślą jaźń", "Dzień dobry,\n\nJak oceniają Państwo?\n"),
    "fa": (
        f"یادآوری: نظرسنجی{ZWNJ}ها از طرف Acme " * 3,
        f"سلام،\n\nمی{ZWNJ}خواهیم بدانیم موفقیت برای شما چه معنایی دارد.\n",
    ),
    "edge": ("x" * 120, ".leading dot\n" + "long line " * 40 + "\ntrailing space \n=\n"),
}


@pytest.mark.parametrize("locale", sorted(TEXTS))
def test_round_trip(locale: str) -> None:
    subject, text = TEXTS[locale]
    row = SimpleNamespace(
        to_address="ana@example.com",
        subject=subject,
        message_id="<outbox-1@survey.test>",
        headers={
            "List-Unsubscribe": "<https://surveys.example.com/unsubscribe/" + "t" * 32 + ">",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Content-Language": locale,
        },
        body_text=text,
        body_html=f"<p>{text}</p>",
    )

    raw = build_mime(row, "Açme Success", "surveys@survey.test")

    assert raw.isascii() and all(len(line) <= 998 for line in raw.split(b"\r\n"))
    assert b"\n" not in raw.replace(b"\r\n", b"")  # CRLF line ends only
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["Subject"] == subject
    assert parsed["From"].addresses[0].display_name == "Açme Success"
    assert parsed["Message-ID"] == "<outbox-1@survey.test>"
    assert parsed["List-Unsubscribe"] == row.headers["List-Unsubscribe"]  # never folded
    assert parsed["Content-Language"] == locale
    assert [part.get_content_type() for part in parsed.iter_parts()] == ["text/plain", "text/html"]
    assert parsed.get_body(("plain",)).get_content().replace("\r\n", "\n") == text
    assert parsed.get_body(("html",)).get_content().replace("\r\n", "\n") == f"<p>{text}</p>"
