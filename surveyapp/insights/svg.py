"""Charts as data for one SVG template: marks in a view box, a title and a text alternative.

Charts are drawn on the server (no JavaScript, no CDN); the template escapes every text and
attribute, so a customer's words can be a label safely.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from surveyapp.core.i18n import local_number

TAGS = frozenset({"path", "line", "rect", "circle", "polygon", "text"})


@dataclass(frozen=True)
class Mark:
    tag: str
    attrs: dict[str, str]
    text: str = ""

    def __post_init__(self) -> None:
        if self.tag not in TAGS:
            raise ValueError(f"not a chart mark: {self.tag}")


@dataclass
class Chart:
    #: Unique on the page: the ids of the title and description derive from it.
    key: str
    title: str
    #: The text alternative: what the chart shows, in a sentence or two.
    description: str
    width: int = 640
    height: int = 280
    marks: list[Mark] = field(default_factory=list)

    def add(self, tag: str, text: str = "", **attrs: float | str) -> None:
        """Add a mark; ``class_`` becomes ``class`` and ``stroke_width`` ``stroke-width``."""
        names = {name: name.rstrip("_").replace("_", "-") for name in attrs}
        self.marks.append(Mark(tag, {names[k]: _format(v) for k, v in attrs.items()}, text))


@dataclass(frozen=True)
class Scale:
    """A linear map from data values to view-box coordinates, clamped to the domain."""

    low: float
    high: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        span = self.high - self.low or 1.0
        share = min(max((value - self.low) / span, 0.0), 1.0)
        return self.start + share * (self.end - self.start)


def nice_step(high: float, count: int = 6) -> float:
    """A round step (1, 2, 5 x 10^n) giving about ``count`` ticks from 0 to ``high``."""
    raw = max(high, 1e-9) / count
    power = 10 ** math.floor(math.log10(raw))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= raw)


def ticks(high: float, step: float | None = None) -> list[float]:
    step = step or nice_step(high)
    return [i * step for i in range(int(high // step) + 1)]


def _format(value: float | str) -> str:
    return f"{value:.1f}".removesuffix(".0") if isinstance(value, float) else str(value)


#: Plot margins inside the view box: left (tick labels), right, top, bottom (axis label).
LEFT, RIGHT, TOP, BOTTOM = 52, 16, 20, 44


def draw_axes(
    chart: Chart,
    x: Scale,
    y: Scale,
    x_ticks: list[float],
    y_text: dict[float, str],
    x_label: str,
) -> None:
    """Grid lines with tick labels on y, tick labels on x, and the x axis title."""
    for tick in y_text:
        chart.add("line", x1=x.start, x2=x.end, y1=y(tick), y2=y(tick), class_="grid")
        chart.add(
            "text", y_text[tick], x=x.start - 6, y=y(tick) + 4, class_="tick", text_anchor="end"
        )
    for tick in x_ticks:
        chart.add(
            "text", x_text(tick), x=x(tick), y=y.start + 16, class_="tick", text_anchor="middle"
        )
    chart.add("line", x1=x.start, x2=x.end, y1=y.start, y2=y.start, class_="axis")
    middle = (x.start + x.end) / 2
    chart.add(
        "text", x_label, x=middle, y=chart.height - 8, class_="axis-label", text_anchor="middle"
    )


def x_text(value: float) -> str:
    return local_number(round(value))


def legend(chart: Chart, entries: list[tuple[str, str]]) -> None:
    """Colour swatches with their labels, along the bottom of the chart."""
    left, top = LEFT, chart.height - 28
    for css, label in entries:
        chart.add("rect", x=left, y=top, width=12, height=12, class_=css)
        chart.add("text", label, x=left + 16, y=top + 11, class_="legend")
        left += 30 + 7 * len(label)


def shorten(text: str, limit: int = 28) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis (long labels overlap)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
