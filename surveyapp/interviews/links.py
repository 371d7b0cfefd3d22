"""Links to recordings and notes: only http and https, so a link can never run a script."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask_babel import gettext as _

MAX_LENGTH = 2000
SAFE_SCHEMES = ("http", "https")


class LinkError(ValueError):
    """A link a staff member typed that cannot be kept; the message says why."""


def check_link(url: str) -> str:
    """The link, trimmed, if it is an absolute http(s) address; LinkError otherwise."""
    url = url.strip()
    if not url:
        raise LinkError(_("Give the address of the recording or the notes."))
    if len(url) > MAX_LENGTH:
        raise LinkError(_("The address is longer than %(max)s characters.", max=MAX_LENGTH))
    if any(ord(character) < 33 or ord(character) == 127 for character in url):
        raise LinkError(_("The address must not contain spaces or control characters."))
    try:
        parts = urlsplit(url)
    except ValueError:
        raise LinkError(_("This is not a web address.")) from None
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.hostname:
        raise LinkError(_("Only http:// and https:// addresses can be linked."))
    return url


def is_safe_link(url: str | None) -> bool:
    """Whether a stored link may be rendered as a link (rows written by other means too)."""
    try:
        return bool(url) and check_link(url or "") == (url or "").strip()
    except LinkError:
        return False
