"""The account page's charts: the ratings over time, and which charts the page has."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from surveyapp.core.i18n import local_number
from surveyapp.insights.summary import AccountSummary, RatingPoint
from surveyapp.insights.svg import (
    BOTTOM,
    LEFT,
    RIGHT,
    TOP,
    Chart,
    Scale,
    draw_axes,
    nice_step,
    ticks,
)
from surveyapp.insights.timeline_chart import day_text, timeline_chart

SERIES = {
    "perceived_quality": _l("Perceived quality"),
    "perceived_price": _l("Perceived price"),
    "value_achieved": _l("Value achieved"),
}


def ratings_chart(points: Sequence[RatingPoint]) -> Chart | None:
    """Each rating over the journey (days since the start) on its own scale's range."""
    dated = [p for p in points if p.day is not None]
    if not dated:
        return None
    sentences = [
        _(
            "%(rating)s: %(value)s on day %(day)s.",
            rating=SERIES[p.construct],
            value=local_number(round(p.value)),
            day=day_text(p.day or 0),
        )
        for p in dated
    ]
    chart = Chart("ratings", _("Ratings over time"), " ".join(sentences), height=260)
    low, high = min(p.low for p in dated), max(p.high for p in dated)
    last = max(30.0, max(p.day or 0 for p in dated) * 1.1)
    x = Scale(0, last, LEFT, chart.width - RIGHT)
    y = Scale(low, high, chart.height - BOTTOM, TOP + 16)
    draw_axes(
        chart,
        x,
        y,
        ticks(last, nice_step(last, 6)),
        {v: local_number(v) for v in range(low, high + 1)},
        _("Days since the start"),
    )
    for index, (construct, label) in enumerate(SERIES.items()):
        series = [p for p in dated if p.construct == construct]
        if not series:
            continue
        path = "M" + "L".join(f"{x(p.day or 0):.1f},{y(p.value):.1f}" for p in series)
        chart.add("path", d=path, class_=f"series series-{index}")
        for point in series:
            chart.add(
                "circle", cx=x(point.day or 0), cy=y(point.value), r=4, class_=f"dot series-{index}"
            )
        legend_x = LEFT + index * 200
        chart.add("rect", x=legend_x, y=2, width=12, height=12, class_=f"swatch series-{index}")
        chart.add("text", str(label), x=legend_x + 16, y=13, class_="legend")
    return chart


def account_charts(summary: AccountSummary, now: datetime) -> dict[str, Chart]:
    """The charts the account page has data for."""
    charts = {
        "milestones": timeline_chart(summary.account, summary.milestones, summary.progress, now),
        "ratings": ratings_chart(summary.ratings),
    }
    return {name: chart for name, chart in charts.items() if chart is not None}
