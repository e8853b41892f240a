"""The report's charts: matplotlib figures (no pyplot, no GUI backend) to SVG text that the page inlines.

Deterministic for the same input, so a report can be compared byte for byte: a fixed
``svg.hashsalt`` (element ids), no creation date in the metadata, one bundled font
(DejaVu Sans ships with matplotlib), and text kept as text rather than glyph paths. Any
text (a section name, a title) is drawn as it is: dollar signs never start mathtext.
"""

from __future__ import annotations

import colorsys
import hashlib
import io
import re
from collections.abc import Sequence
from datetime import date
from typing import Any

import matplotlib.dates as mdates
from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

STYLE: dict[Any, Any] = {  # rc keys are typed as literals in matplotlib's stubs
    "svg.hashsalt": "spotlight-report",
    "svg.fonttype": "none",
    # Every label is the site's text or ours, never TeX: "$\foo$" in a section name is drawn
    # as it is instead of stopping the report with a mathtext error.
    "text.parse_math": False,
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.axisbelow": True,
}
# Colour-blind safe (Okabe-Ito), for what is not a named series (coverage, below-minimum marks).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#999999"]
# Series that name no section or kind of their own: greys.
OTHER_COLOUR = "#999999"
NONE_COLOUR = "#cccccc"
LIGHTNESSES = (0.32, 0.45, 0.58)


def colour_of(name: str) -> str:
    """A series' colour (a section, an author kind), from its name alone: the same name has the
    same colour in every report, whatever else the report holds. The hue and one of three
    lightnesses come from a hash of the name (saturation fixed, each readable on white); two
    names may still come out close. "other" and names in parentheses ("(no section)") are grey."""
    if name == "other":
        return OTHER_COLOUR
    if name.startswith("("):
        return NONE_COLOUR
    digest = hashlib.sha1(name.encode("utf-8"), usedforsecurity=False).digest()
    hue = int.from_bytes(digest[:4], "big") % 360
    lightness = LIGHTNESSES[digest[5] % len(LIGHTNESSES)]
    red, green, blue = colorsys.hls_to_rgb(hue / 360, lightness, 0.6)
    return f"#{round(red * 255):02x}{round(green * 255):02x}{round(blue * 255):02x}"


def to_svg(fig: Figure, name: str, title: str) -> str:
    """The figure as an ``<svg>`` element marked ``data-chart=name``, ready to inline."""
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]  # no XML declaration or DOCTYPE inside HTML
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)  # RDF naming matplotlib: no use here
    svg = re.sub(r'\s(width|height)="[^"]*"', "", svg.split(">", 1)[0], count=2) + ">" + svg.split(">", 1)[1]
    label = title.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return svg.replace("<svg", f'<svg data-chart="{name}" role="img" aria-label="{label}"', 1)


def stacked_per_day(name: str, title: str, days: Sequence[date], series: dict[str, list[int]]) -> str:
    """Stories per day as stacked bars, one bar per calendar day: a day with none is a visible gap."""
    with rc_context(STYLE):
        fig = Figure(figsize=(9, 2.8))
        ax = fig.subplots()
        bottom = [0] * len(days)
        x = mdates.date2num(list(days))
        for label, counts in series.items():
            ax.bar(x, counts, width=0.9, bottom=bottom, label=label, color=colour_of(label), linewidth=0)
            bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
        locator = mdates.AutoDateLocator(minticks=3, maxticks=10)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel("stories")
        ax.set_title(title, loc="left")
        if days:
            ax.set_xlim(mdates.date2num(days[0]) - 1, mdates.date2num(days[-1]) + 1)
        if series:
            ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
        return to_svg(fig, name, title)


def coverage_bars(name: str, title: str, coverage: Sequence[tuple[str, float, float | None]]) -> str:
    """Share of records with each field, with the run monitors' minimum as a mark where one is set."""
    with rc_context(STYLE):
        fig = Figure(figsize=(9, 0.22 * len(coverage) + 0.9))
        ax = fig.subplots()
        labels = [field for field, _, _ in coverage][::-1]
        shares = [share * 100 for _, share, _ in coverage][::-1]
        minimums = [m for _, _, m in coverage][::-1]
        colours = [
            PALETTE[3] if m is not None and s + 1e-9 < m * 100 else PALETTE[0]
            for s, m in zip(shares, minimums, strict=False)
        ]
        ax.barh(labels, shares, color=colours, height=0.7)
        for y, needed in enumerate(minimums):
            if needed is not None:
                ax.plot([needed * 100] * 2, [y - 0.45, y + 0.45], color="black", linewidth=1.5)
        for y, share in enumerate(shares):
            ax.text(min(share, 100) + 1, y, f"{share:.0f}%", va="center", fontsize=8)
        ax.set_xlim(0, 112)
        ax.set_xlabel("% of records (black mark: the run monitors' minimum; red: below it)")
        ax.set_title(title, loc="left")
        ax.grid(axis="y", visible=False)
        return to_svg(fig, name, title)


def ranked_bars(name: str, title: str, rows: Sequence[tuple[str, int]], unit: str) -> str:
    """Horizontal bars for a ranking (most frequent first, at the top), each in its name's colour."""
    with rc_context(STYLE):
        fig = Figure(figsize=(9, 0.22 * max(len(rows), 1) + 0.9))
        ax = fig.subplots()
        labels = [label for label, _ in rows][::-1]
        values = [value for _, value in rows][::-1]
        ax.barh(labels, values, color=[colour_of(label) for label in labels], height=0.7)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(unit)
        ax.set_title(title, loc="left")
        ax.grid(axis="y", visible=False)
        return to_svg(fig, name, title)
