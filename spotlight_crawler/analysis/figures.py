"""The report's charts: matplotlib figures (no pyplot, no GUI backend) as SVG text to inline.

The same input gives the same SVG (a fixed hash salt for element ids, no date, text kept as
text in one bundled font), and any text is drawn as written: a dollar sign never starts mathtext.
"""

from __future__ import annotations

import colorsys
import hashlib
import io
import re
from collections.abc import Sequence
from datetime import date
from html import escape
from typing import Any

import matplotlib.dates as mdates
from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

STYLE: dict[Any, Any] = {  # rc keys are typed as literals in matplotlib's stubs
    "svg.hashsalt": "spotlight-report",
    "svg.fonttype": "none",
    "text.parse_math": False,
    "font.family": "DejaVu Sans",
}
LIGHTNESSES = (0.32, 0.45, 0.58)


def colour_of(name: str) -> str:
    """A series' colour from its name alone, the same in every report: hue and one of three
    lightnesses from a hash of the name (two names may still come out close). "other" and
    names in parentheses ("(no section)") are greys."""
    if name == "other":
        return "#999999"
    if name.startswith("("):
        return "#cccccc"
    digest = hashlib.sha1(name.encode("utf-8"), usedforsecurity=False).digest()
    hue = int.from_bytes(digest[:4], "big") % 360
    lightness = LIGHTNESSES[digest[5] % len(LIGHTNESSES)]
    red, green, blue = colorsys.hls_to_rgb(hue / 360, lightness, 0.6)
    return f"#{round(red * 255):02x}{round(green * 255):02x}{round(blue * 255):02x}"


def stacked_per_day(name: str, title: str, days: Sequence[date], series: dict[str, list[int]]) -> str:
    """Stories per day as stacked bars, one bar per calendar day (a day with none is a gap),
    as an ``<svg data-chart=name>`` element."""
    with rc_context(STYLE):
        fig = Figure(figsize=(9, 2.8))
        ax = fig.subplots()
        x = mdates.date2num(list(days))
        bottom = [0] * len(days)
        for label, counts in series.items():
            ax.bar(x, counts, width=0.9, bottom=bottom, label=label, color=colour_of(label), linewidth=0)
            bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
        locator = mdates.AutoDateLocator(minticks=3, maxticks=10)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlim(x[0] - 1, x[-1] + 1)
        ax.set_ylabel("stories")
        ax.set_title(title, loc="left")
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]  # no XML declaration or DOCTYPE inside HTML
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)  # RDF, with addresses
    return svg.replace("<svg", f'<svg data-chart="{name}" role="img" aria-label="{escape(title)}"', 1)
