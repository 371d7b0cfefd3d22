"""The unsubscribe page's form: one button, protected against cross-site posts."""

from __future__ import annotations

from flask_wtf import FlaskForm


class UnsubscribeForm(FlaskForm):
    """No fields: the CSRF token is the whole point (a mail client's one-click POST needs none)."""
