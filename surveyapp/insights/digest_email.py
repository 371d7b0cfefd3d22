"""The digest email of one CS owner: subject, text and HTML, in the owner's language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from flask import current_app, render_template
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from surveyapp.core.i18n import local_number, text_direction
from surveyapp.insights.digest import OwnerDigest, Week
from surveyapp.insights.health import BENCHMARK_DAYS, STATUS_LABELS, days_between, row_reason
from surveyapp.insights.listing import AccountRow


@dataclass(frozen=True)
class DigestItem:
    """One account as the email shows it; every text is plain (the HTML template escapes)."""

    title: str
    status: str
    status_label: str
    expected_outcome: str | None
    timeframe: str
    reason: str
    url: str


@dataclass(frozen=True)
class RenderedDigest:
    locale: str
    subject: str
    text: str
    html: str


def render_digest(digest: OwnerDigest, week: Week, now: datetime) -> RenderedDigest:
    """The digest as the owner reads it, in their language."""
    with force_locale(digest.locale):
        items = [digest_item(row, now) for row in digest.rows]
        # Translators: an email subject; %(week)s is an ISO week such as 2026-W48.
        subject = _(
            "At-risk accounts, week %(week)s: %(red)s red, %(yellow)s yellow",
            week=week.label,
            red=local_number(digest.red),
            yellow=local_number(digest.yellow),
        )
        context = {
            "locale": digest.locale,
            "direction": text_direction(digest.locale),
            "subject": subject,
            "intro": ngettext(
                "%(num)s account you own is at risk: its customer's timeframe has passed or "
                "is close, without first value.",
                "%(num)s accounts you own are at risk: their customers' timeframes have passed "
                "or are close, without first value.",
                len(items),
            ),
            "items": items,
            "list_link": _base_url() + "/at-risk?owner=" + quote(digest.address),
        }
        return RenderedDigest(
            locale=digest.locale,
            subject=subject,
            text=render_template("insights/digest.txt", **context),
            html=render_template("insights/digest.html", **context),
        )


def digest_item(row: AccountRow, now: datetime) -> DigestItem:
    account, insight = row.account, row.insight
    expected = (insight.expected_days if insight else None) or BENCHMARK_DAYS
    stated = insight is not None and insight.expected_days is not None
    elapsed = local_number(round(days_between(account.start_at, now))) if account.start_at else "?"
    if stated:
        timeframe = _(
            "They expected first value within %(expected)s days; day %(day)s now.",
            expected=local_number(round(expected)),
            day=elapsed,
        )
    else:
        timeframe = _(
            "No timeframe stated (the benchmark is %(expected)s days); day %(day)s now.",
            expected=local_number(round(expected)),
            day=elapsed,
        )
    return DigestItem(
        title=account.name or account.external_id,
        status=row.health,
        status_label=str(STATUS_LABELS[row.health]),
        expected_outcome=insight.expected_outcome if insight else None,
        timeframe=timeframe,
        reason=row_reason(row.health, account.start_at, insight, now),
        url=_base_url() + "/accounts/" + quote(account.external_id, safe="/"),
    )


def _base_url() -> str:
    return str(current_app.config["BASE_URL"]).rstrip("/")
