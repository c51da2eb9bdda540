"""Charts drawn on the server as inline SVG: no script, no chart library, no CDN.

Each chart is an `<svg role="img">` named by its `<title>` and summed up by its `<desc>`;
the page shows the same numbers in a table beside it, which is what a screen reader reads.
Colours are SVG presentation attributes (`fill=`), never `style=`, so that the
Content-Security-Policy may forbid inline styles. The drawing scales with the page width
(viewBox); its text is sized for a phone.
"""


import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

WIDTH = 400


FONT_SIZE = 13


# About how many characters of FONT_SIZE fit across WIDTH.
CHARS_PER_LINE = 56


COLOURS = {
    "primary": "#0b5d57",  # jade
    "brand": "#8a1c2b",  # lacquer red
    "warn": "#8a4b00",
    "muted": "#6b7480",
    "track": "#e3e7ec",
    "ink": "#1b1f24",
}


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    # Written at the end of the label's line; the value itself when not given.
    text: str | None = None
    # A limit (a capacity) makes the bar a gauge: a full-width track, filled value/limit.
    limit: int | None = None
    tone: str = "primary"


@dataclass(frozen=True)
class Column:
    label: str
    value: int
    # Under the axis for the first and the last column (e.g. "18 Mar").
    short_label: str


def bar_chart(chart_id: str, title: str, bars: Sequence[Bar], description: str = "") -> Markup:
    """Horizontal bars, one per line: its label and number above, the bar below.

    Bars without a limit are drawn to the scale of the largest of them; bars with a limit
    fill their own track, so that gauges of different capacities compare by how full they are.
    """
    row, label_y, bar_y, bar_h = 40, 15, 21, 12
    height = max(len(bars), 1) * row
    svg = _svg(chart_id, title, description, height)
    scale = max((b.value for b in bars if b.limit is None), default=0) or 1
    for i, bar in enumerate(bars):
        top = i * row
        group = ET.SubElement(svg, "g", {"class": f"svg-chart__bar svg-chart__bar--{bar.tone}"})
        _sub(group, "title", text=f"{bar.label}: {bar.text or bar.value}")
        figure = bar.text or str(bar.value)
        _text(group, 0, top + label_y, _shorten(bar.label, CHARS_PER_LINE - len(figure) - 3))
        _text(group, WIDTH, top + label_y, figure, anchor="end", weight="bold")
        if bar.limit:
            _rect(group, 0, top + bar_y, WIDTH, bar_h, COLOURS["track"])
            share = min(bar.value / bar.limit, 1)
        else:
            share = bar.value / scale
        if bar.value:
            _rect(group, 0, top + bar_y, max(WIDTH * share, 2), bar_h, COLOURS[bar.tone])
    return _markup(svg)


def column_chart(
    chart_id: str, title: str, columns: Sequence[Column], description: str = ""
) -> Markup:
    """Columns over time: the largest value marked, the first and the last day named."""
    plot_top, plot_h, axis_gap = 18, 130, 18
    height = plot_top + plot_h + axis_gap
    svg = _svg(chart_id, title, description, height)
    peak = max((c.value for c in columns), default=0) or 1
    slot = WIDTH / max(len(columns), 1)
    gap = min(slot * 0.2, 4)
    baseline = plot_top + plot_h
    _text(svg, 0, plot_top - 5, str(peak), fill=COLOURS["muted"])
    _line(svg, 0, plot_top, WIDTH, plot_top, COLOURS["track"])
    for i, column in enumerate(columns):
        group = ET.SubElement(svg, "g", {"class": "svg-chart__column"})
        _sub(group, "title", text=f"{column.label}: {column.value}")
        h = plot_h * column.value / peak
        # An invisible full-height target, so that the tooltip of a small column is easy to reach.
        _rect(group, i * slot, plot_top, slot, plot_h, "transparent")
        if column.value:
            x, w = i * slot + gap / 2, max(slot - gap, 1)
            _rect(group, x, baseline - h, w, h, COLOURS["primary"])
    _line(svg, 0, baseline, WIDTH, baseline, COLOURS["ink"])
    if columns:
        _text(svg, 0, height - 3, columns[0].short_label, fill=COLOURS["muted"])
        if len(columns) > 1:
            _text(svg, WIDTH, height - 3, columns[-1].short_label, anchor="end",
                  fill=COLOURS["muted"])
    return _markup(svg)


# --- Drawing --------------------------------------------------------------------------------


def _svg(chart_id: str, title: str, description: str, height: float) -> ET.Element:
    labelled_by = f"{chart_id}-title" + (f" {chart_id}-desc" if description else "")
    svg = ET.Element("svg", {
        "xmlns": "http://www.w3.org/2000/svg",
        "class": "svg-chart",
        "id": chart_id,
        "role": "img",
        "aria-labelledby": labelled_by,
        "viewBox": f"0 0 {WIDTH} {_n(height)}",
        "width": str(WIDTH),
        "height": _n(height),
        "preserveAspectRatio": "xMinYMin meet",
        "font-family": "system-ui, sans-serif",
        "font-size": str(FONT_SIZE),
    })
    _sub(svg, "title", {"id": f"{chart_id}-title"}, text=title)
    if description:
        _sub(svg, "desc", {"id": f"{chart_id}-desc"}, text=description)
    return svg


def _sub(parent: ET.Element, tag: str, attrs: dict | None = None, text: str | None = None):
    element = ET.SubElement(parent, tag, attrs or {})
    if text is not None:
        element.text = text
    return element


def _rect(parent, x, y, w, h, fill) -> None:
    _sub(parent, "rect", {"x": _n(x), "y": _n(y), "width": _n(w), "height": _n(h), "fill": fill})


def _line(parent, x1, y1, x2, y2, stroke) -> None:
    _sub(parent, "line", {"x1": _n(x1), "y1": _n(y1), "x2": _n(x2), "y2": _n(y2),
                          "stroke": stroke, "stroke-width": "1"})


def _text(parent, x, y, content: str, anchor: str = "start", weight: str = "normal",
          fill: str = COLOURS["ink"]) -> None:
    _sub(parent, "text", {"x": _n(x), "y": _n(y), "text-anchor": anchor, "font-weight": weight,
                          "fill": fill}, text=content)


def _shorten(text: str, limit: int) -> str:
    """Labels longer than a line are cut with an ellipsis (the full label is in the tooltip)."""
    limit = max(limit, 8)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _n(number: float) -> str:
    return f"{number:.1f}".rstrip("0").rstrip(".")


def _markup(svg: ET.Element) -> Markup:
    # ElementTree escapes every text and attribute value; the result is safe to embed.
    return Markup(ET.tostring(svg, encoding="unicode"))
