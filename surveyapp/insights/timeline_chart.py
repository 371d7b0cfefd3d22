"""The account page's milestone timeline: days since the start, the timeframe, today."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from flask_babel import gettext as _

from surveyapp.accounts.models import Account
from surveyapp.core.i18n import local_number
from surveyapp.insights.progress import Progress
from surveyapp.insights.svg import LEFT, RIGHT, TOP, Chart, Scale, nice_step, ticks
from surveyapp.insights.timeline import MilestoneEntry, journey_day


def day_text(day: float) -> str:
    return local_number(round(day))


def timeline_chart(
    account: Account, milestones: Sequence[MilestoneEntry], progress: Progress, now: datetime
) -> Chart | None:
    """Milestones on a line of days since the start, with the timeframe's end and today."""
    today = journey_day(account, now)
    if today is None:
        return None
    sentences = [
        _("Day %(day)s: %(label)s.", day=day_text(m.day or 0), label=m.label) for m in milestones
    ]
    chart = Chart(
        "milestones",
        _("Milestones since the start"),
        " ".join(sentences) or _("No milestones yet."),
        height=200,
    )
    deadline = progress.expected_days or 0
    last = max([today, deadline, *(m.day or 0 for m in milestones)]) * 1.05 + 1
    x = Scale(0, last, LEFT, chart.width - RIGHT)
    middle = 110
    chart.add("line", x1=x(0), x2=x(last), y1=middle, y2=middle, class_="axis")
    for tick in ticks(last, nice_step(last, 8)):
        chart.add(
            "text", day_text(tick), x=x(tick), y=middle + 58, class_="tick", text_anchor="middle"
        )
    chart.add(
        "text",
        _("Days since the start"),
        x=(x(0) + x(last)) / 2,
        y=chart.height - 8,
        class_="axis-label",
        text_anchor="middle",
    )
    if progress.expected_days:
        label = (
            _("timeframe ends: day %(day)s", day=day_text(deadline))
            if progress.stated
            else _("benchmark: day %(day)s", day=day_text(deadline))
        )
        chart.add("line", x1=x(deadline), x2=x(deadline), y1=TOP, y2=middle + 40, class_="deadline")
        chart.add("text", label, y=TOP + 10, class_="deadline-label", **_beside(chart, x(deadline)))
    chart.add("line", x1=x(today), x2=x(today), y1=TOP + 16, y2=middle + 40, class_="today")
    today_label = _("today: day %(day)s", day=day_text(today))
    chart.add("text", today_label, y=TOP + 30, class_="today-label", **_beside(chart, x(today)))
    for index, milestone in enumerate(milestones):
        _milestone_mark(chart, x(milestone.day or 0), middle, milestone, above=index % 2 == 0)
    return chart


def _beside(chart: Chart, at: float) -> dict[str, float | str]:
    """A label next to a vertical line: to its right, or to its left near the right edge."""
    if at > chart.width * 0.6:
        return {"x": at - 4, "text_anchor": "end"}
    return {"x": at + 4, "text_anchor": "start"}


def _milestone_mark(
    chart: Chart, at: float, middle: float, milestone: MilestoneEntry, above: bool
) -> None:
    if milestone.is_first_value:
        points = " ".join(
            f"{at + dx:.1f},{middle + dy:.1f}" for dx, dy in ((0, -11), (11, 0), (0, 11), (-11, 0))
        )
        chart.add("polygon", points=points, class_="ms-first-value")
    elif milestone.kind == "customer":
        points = " ".join(
            f"{at + dx:.1f},{middle + dy:.1f}" for dx, dy in ((0, -7), (7, 0), (0, 7), (-7, 0))
        )
        chart.add("polygon", points=points, class_="ms-customer")
    else:
        chart.add("circle", cx=at, cy=middle, r=6, class_="ms-functional")
    label = (
        _("First value") + ": " + milestone.label if milestone.is_first_value else milestone.label
    )
    label = label if len(label) <= 40 else label[:39] + "…"
    if at < chart.width * 0.25:  # near an edge, the label runs inwards instead of centred
        place: dict[str, float | str] = {"x": at - 8, "text_anchor": "start"}
    elif at > chart.width * 0.75:
        place = {"x": at + 8, "text_anchor": "end"}
    else:
        place = {"x": at, "text_anchor": "middle"}
    # Labels alternate above and below the line; first value's sits higher, on a row of its own.
    row = middle - 40 if milestone.is_first_value else middle - 18 if above else middle + 30
    chart.add("text", label, y=row, class_="ms-label", **place)
