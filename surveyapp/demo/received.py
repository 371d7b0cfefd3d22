"""Read an email the demo's mail catcher received: to whom, about what, and its two links."""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass
from email.message import EmailMessage

SURVEY_LINK = re.compile(r"https?://[^\s<>\"']+/s/[A-Za-z0-9_-]+")
UNSUBSCRIBE_LINK = re.compile(r"https?://[^\s<>\"']+/unsubscribe/[A-Za-z0-9_-]+")


@dataclass(frozen=True)
class ReceivedMail:
    to: str
    subject: str
    survey_link: str | None
    unsubscribe_link: str | None

    def line(self) -> str:
        """One line for the demo's console."""
        return (
            f"To: {self.to} | Subject: {self.subject} | "
            f"Survey: {self.survey_link or '(none)'} | "
            f"Unsubscribe: {self.unsubscribe_link or '(none)'}"
        )


def parse_mail(raw: bytes) -> EmailMessage:
    return email.message_from_bytes(raw, policy=email.policy.default)  # type: ignore[return-value]


def read_mail(raw: bytes) -> ReceivedMail:
    """The recipient, subject, personal survey link (from the text part) and one-click
    unsubscribe address (List-Unsubscribe, else the link in the text)."""
    message = parse_mail(raw)
    text = _text_of(message)
    survey = SURVEY_LINK.search(text)
    header = str(message.get("List-Unsubscribe", "")).strip()
    unsubscribe = UNSUBSCRIBE_LINK.search(header) or UNSUBSCRIBE_LINK.search(text)
    return ReceivedMail(
        to=str(message.get("To", "")),
        subject=" ".join(str(message.get("Subject", "")).split()),
        survey_link=survey.group(0) if survey else None,
        unsubscribe_link=unsubscribe.group(0) if unsubscribe else None,
    )


def _text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    return str(part.get_content()) if part is not None else ""
