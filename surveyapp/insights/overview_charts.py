"""The overview's charts: time-to-first-value curve, timeframes against reality, bars."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import gettext as _

from surveyapp.core.i18n import local_number
from surveyapp.insights.labels import CHURN_PARTS, TIMEFRAME_BUCKETS, TIMEFRAME_PARTS
from surveyapp.insights.svg import (
    BOTTOM,
    LEFT,
    RIGHT,
    TOP,
    Chart,
    Scale,
    draw_axes,
    legend,
    shorten,
    ticks,
)
from surveyapp.insights.wording import (
    GUIDE_DAYS,
    churn_sentence,
    km_sentence,
    percent,
    timeframe_sentence,
)

BAR = 34
LABELS = 200


def km_chart(ttfv: dict[str, Any]) -> Chart:
    """Share of accounts that reached first value by each day (Kaplan–Meier, with its band)."""
    curve = ttfv["curve"]
    chart = Chart("ttfv-curve", _("Share of accounts that reached first value"), km_sentence(ttfv))
    last = max(GUIDE_DAYS[-1], curve[-1][0])
    x = Scale(0, last, LEFT, chart.width - RIGHT)
    y = Scale(0, 1, chart.height - BOTTOM, TOP)
    shares = {s: percent(s) for s in (0, 0.25, 0.5, 0.75, 1)}
    draw_axes(chart, x, y, ticks(last, 30), shares, _("Days since the start"))
    band = [(x(d), y(hi)) for d, _s, _lo, hi in curve] + [
        (x(d), y(lo)) for d, _s, lo, _hi in reversed(curve)
    ]
    chart.add("polygon", points=" ".join(f"{a:.1f},{b:.1f}" for a, b in band), class_="km-band")
    steps = [f"M{x(0):.1f},{y(curve[0][1]):.1f}"]
    steps += [f"H{x(day):.1f}V{y(share):.1f}" for day, share, _lo, _hi in curve[1:]]
    chart.add("path", d="".join(steps), class_="km-line")
    for index, day in enumerate(GUIDE_DAYS):
        chart.add("line", x1=x(day), x2=x(day), y1=y(0), y2=y(1), class_="guide")
        label = _(
            "day %(day)s: %(share)s",
            day=local_number(day),
            share=percent(ttfv["reached_by"][str(day)]),
        )
        # Staggered, so the labels of nearby days never overlap on a long curve.
        chart.add("text", label, x=x(day) + 4, y=TOP + 12 + 14 * index, class_="guide-label")
    if ttfv["median"] is not None:
        median = x(ttfv["median"])
        chart.add("path", d=f"M{x(0):.1f},{y(0.5):.1f}H{median:.1f}V{y(0):.1f}", class_="median")
        text = _("median: day %(day)s", day=local_number(round(ttfv["median"])))
        chart.add("text", text, x=median + 4, y=y(0.5) - 6, class_="median-label")
    return chart


def timeframe_chart(rows: Sequence[dict[str, Any]]) -> Chart:
    """One stacked bar per stated timeframe: reached in time, late, waiting in time or past."""
    sentences = [timeframe_sentence(row) for row in rows]
    bars = [
        (
            str(TIMEFRAME_BUCKETS[row["bucket"]]),
            [(part, row[part] / row["n"], local_number(row[part])) for part in TIMEFRAME_PARTS],
        )
        for row in rows
    ]
    title = _("Stated timeframe against what happened")
    return stacked_chart("timeframes", title, " ".join(sentences), bars, TIMEFRAME_PARTS)


def churn_chart(churn: dict[str, Any]) -> Chart:
    """By day 30/60/90: reached first value, churned before it, neither yet (competing risks)."""
    bars = []
    for day in GUIDE_DAYS:
        shares = churn["by_day"][str(day)]
        rest = max(1.0 - shares["value"] - shares["churned"], 0.0)
        parts = [("value", shares["value"]), ("churned", shares["churned"]), ("neither", rest)]
        label = _("day %(day)s", day=local_number(day))
        bars.append((label, [(part, share, percent(share)) for part, share in parts]))
    title = _("Reaching first value against churning before it")
    return stacked_chart("churn", title, churn_sentence(churn), bars, CHURN_PARTS)


def stacked_chart(
    key: str,
    title: str,
    description: str,
    bars: Sequence[tuple[str, Sequence[tuple[str, float, str]]]],
    parts: dict[str, Any],
) -> Chart:
    """One bar per (label, [(part, share of the bar, share as text)]), with a legend."""
    chart = Chart(key, title, description, height=TOP + BAR * len(bars) + 56)
    x = Scale(0, 1, LABELS, chart.width - RIGHT)
    for index, (label, segments) in enumerate(bars):
        top = TOP + index * BAR
        chart.add("text", label, x=LABELS - 8, y=top + 18, class_="tick", text_anchor="end")
        done = 0.0
        for part, share, text in segments:
            left, right = x(done), x(done + share)
            chart.add(
                "rect", x=left, y=top, width=right - left, height=BAR - 8, class_=f"part-{part}"
            )
            if share >= 0.07:
                middle = (left + right) / 2
                chart.add(
                    "text", text, x=middle, y=top + 18, class_="bar-value", text_anchor="middle"
                )
            done += share
    legend(chart, [(f"part-{part}", str(label)) for part, label in parts.items()])
    return chart


def bar_chart(key: str, title: str, items: Sequence[tuple[str, float, str]], high: float) -> Chart:
    """Horizontal bars: (label, value, value as text) each, on a common scale up to ``high``."""
    description = "; ".join(f"{label}: {text}" for label, _value, text in items)
    chart = Chart(key, title, description, height=TOP + BAR * len(items) + 8)
    x = Scale(0, high or 1, LABELS, chart.width - RIGHT - 56)
    for index, (label, value, text) in enumerate(items):
        top = TOP + index * BAR
        chart.add(
            "text", shorten(label), x=LABELS - 8, y=top + 18, class_="tick", text_anchor="end"
        )
        chart.add(
            "rect", x=x(0), y=top, width=max(x(value) - x(0), 1), height=BAR - 8, class_="bar"
        )
        chart.add("text", text, x=x(value) + 6, y=top + 18, class_="bar-label")
    return chart


def overview_charts(payload: dict[str, Any], titles: dict[str, str]) -> dict[str, Chart]:
    """The charts the overview has data for."""
    charts: dict[str, Chart] = {}
    if payload.get("ttfv"):
        charts["ttfv"] = km_chart(payload["ttfv"])
    if payload.get("churn"):
        charts["churn"] = churn_chart(payload["churn"])
    if payload.get("timeframes"):
        charts["timeframes"] = timeframe_chart(payload["timeframes"])
    themes = (payload.get("themes") or {}).get("themes") or []
    if themes:
        items = [(", ".join(t["terms"][:3]), t["size"], local_number(t["size"])) for t in themes]
        charts["themes"] = bar_chart(
            "theme-sizes", _("Accounts per theme"), items, themes[0]["size"]
        )
    responses = payload.get("responses") or []
    if responses:
        items = [
            (titles.get(r["survey"], r["survey"]), r["rate"], percent(r["rate"])) for r in responses
        ]
        charts["responses"] = bar_chart("response-rates", _("Response rate per survey"), items, 1.0)
    return charts
