"""Numbers in plain words, in the viewer's language: curves, timeframes, correlations.

The analysis package writes its sentences in English; the cache keeps only numbers, and these
words are written when a page is shown, so each viewer reads them in their own language.
"""

from __future__ import annotations

from typing import Any

from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from surveyapp.core.i18n import local_number
from surveyapp.insights.health import STATUS_LABELS
from surveyapp.insights.labels import (
    CONSTRUCTS,
    MILESTONE_KINDS,
    OUTCOMES,
    RATINGS,
    SURVEY_STATUSES,
    TIMEFRAME_BUCKETS,
    TIMEFRAME_PARTS,
)

ALPHA = 0.05
GUIDE_DAYS = (30, 60, 90)
#: (kind of test, direction) -> the sentence for a link that holds after adjustment.
LINKS = {
    ("groups", "up"): _l(
        "Accounts that reached first value rated %(rating)s higher than those that did not "
        "(rank-biserial %(effect)s, adjusted p = %(p)s, %(n)s accounts)."
    ),
    ("groups", "down"): _l(
        "Accounts that reached first value rated %(rating)s lower than those that did not "
        "(rank-biserial %(effect)s, adjusted p = %(p)s, %(n)s accounts)."
    ),
    ("ranks", "up"): _l(
        "Higher %(rating)s goes with more days to first value (Spearman %(effect)s, "
        "adjusted p = %(p)s, %(n)s accounts)."
    ),
    ("ranks", "down"): _l(
        "Higher %(rating)s goes with fewer days to first value (Spearman %(effect)s, "
        "adjusted p = %(p)s, %(n)s accounts)."
    ),
}


def percent(share: float) -> str:
    """A share (0.47) as the viewer writes a percentage ("47%", "٪۴۷")."""
    return str(format_percent(share))


def km_sentence(ttfv: dict[str, Any]) -> str:
    """The time-to-first-value curve in words: shares by day 30/60/90 and the median."""
    shares = {f"by{day}": percent(ttfv["reached_by"][str(day)]) for day in GUIDE_DAYS}
    text = _(
        "%(by30)s of accounts reached first value by day 30, %(by60)s by day 60 and %(by90)s "
        "by day 90.",
        **shares,
    )
    if ttfv["median"] is None:
        return text + " " + _("Fewer than half have reached it so far, so there is no median yet.")
    low, high = (local_number(round(v)) if v is not None else "?" for v in ttfv["median_ci"])
    median = local_number(round(ttfv["median"]))
    return (
        text
        + " "
        + _(
            "Median time to first value: %(median)s days (95%% confidence interval %(low)s to "
            "%(high)s).",
            median=median,
            low=low,
            high=high,
        )
    )


def churn_sentence(churn: dict[str, Any]) -> str:
    """The competing-risk shares in words: how many churned, and day 90's shares."""
    last = churn["by_day"][str(GUIDE_DAYS[-1])]
    return _(
        "%(churned)s of %(n)s accounts churned before reaching first value. By day %(day)s, "
        "%(value)s had reached first value and %(lost)s had churned before reaching it.",
        churned=local_number(churn["churned"]),
        n=local_number(churn["n"]),
        day=local_number(GUIDE_DAYS[-1]),
        value=percent(last["value"]),
        lost=percent(last["churned"]),
    )


def timeframe_sentence(row: dict[str, Any]) -> str:
    """One stated-timeframe group of the overview in words."""
    return _(
        "%(bucket)s: %(n)s accounts, %(on_time)s reached in time, %(late)s late, "
        "%(waiting_within)s waiting in time, %(waiting_past)s waiting past it.",
        bucket=TIMEFRAME_BUCKETS[row["bucket"]],
        **{k: local_number(row[k]) for k in ("n", *TIMEFRAME_PARTS)},
    )


def correlation_sentence(row: dict[str, Any]) -> str:
    """What one rating × outcome row says, or that it says nothing clear."""
    rating = RATINGS.get(row["rating"], row["rating"])
    outcome = OUTCOMES.get(row["outcome"], row["outcome"])
    p = row["p_adjusted"]
    if p is None:
        return _(
            "Not enough answers to compare %(rating)s with %(outcome)s.",
            rating=rating,
            outcome=outcome,
        )
    numbers = {"p": _decimal(p, "0.###"), "n": local_number(row["n"]), "rating": rating}
    if p >= ALPHA:
        text = _(
            "No clear link between %(rating)s and %(outcome)s (adjusted p = %(p)s).",
            outcome=outcome,
            **numbers,
        )
    else:
        groups = row["rank_biserial"] is not None
        effect = float(row["rank_biserial"] if groups else row["spearman_rho"] or 0)
        key = ("groups" if groups else "ranks", "up" if effect > 0 else "down")
        text = str(LINKS[key]) % {**numbers, "effect": _decimal(effect, "0.00")}
    if row["warning"]:
        text += " " + _("Few accounts: read with care.")
    return text


def _decimal(value: float, pattern: str) -> str:
    if 0 < value < 0.001:
        return "< " + str(format_decimal(0.001, "0.###"))
    return str(format_decimal(value, pattern))


def template_words() -> dict[str, Any]:
    """The words for stored codes, and the sentence helpers, for every CS template."""
    return {
        "health_labels": STATUS_LABELS,
        "survey_status_labels": SURVEY_STATUSES,
        "construct_labels": CONSTRUCTS,
        "milestone_kinds": MILESTONE_KINDS,
        "rating_labels": RATINGS,
        "outcome_labels": OUTCOMES,
        "timeframe_buckets": TIMEFRAME_BUCKETS,
        "timeframe_parts": TIMEFRAME_PARTS,
        "percent": percent,
        "correlation_sentence": correlation_sentence,
    }
