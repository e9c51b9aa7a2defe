"""The report's charts, drawn by matplotlib (loaded only when a chart is drawn): as PNG
for the PDF, as inline SVG for the HTML page."""

from __future__ import annotations

import io
import re

from floor.domain.vocabulary import (
    OUTCOME_WORDS,
    OUTCOMES,
    STATUS_WORDS,
    STATUSES_AS_REPORTED,
    UNRECORDED_WORDS,
)

COLOURS = {"held": "#2e7d32", "noshow": "#c62828", "cancelled": "#9e9e9e",
           "planned": "#90caf9", "registered": "#b0bec5", "checked_in": "#1565c0"}


def _figure(width: float, height: float):
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    fig.patch.set_facecolor("white")
    return fig


def chart_countries(f: dict, width: float = 6.4, height: float = 2.6):
    """Bars per country: registered and checked in."""
    rows = f["participants"]["by_country"]
    fig = _figure(width, height)
    ax = fig.add_subplot()
    x = range(len(rows))
    ax.bar([i - 0.2 for i in x], [r["registered"] for r in rows], 0.4,
           label="registered", color=COLOURS["registered"])
    ax.bar([i + 0.2 for i in x], [r["checked_in"] for r in rows], 0.4,
           label="checked in", color=COLOURS["checked_in"])
    ax.set_xticks(list(x), [f"{r['name']} ({r['country']})" for r in rows],
                  fontsize=8, rotation=0 if len(rows) <= 5 else 30)
    ax.set_title("Participants by country", fontsize=10, loc="left")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend(fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def chart_rounds(f: dict, width: float = 6.4, height: float = 2.6):
    """Stacked bars per round: held, no-show, cancelled, planned."""
    rows = f["rounds"]
    fig = _figure(width, height)
    ax = fig.add_subplot()
    labels = [f"R{r['round']}\n{r['starts']}" for r in rows]
    bottom = [0] * len(rows)
    for status in STATUSES_AS_REPORTED:
        values = [r[status] for r in rows]
        ax.bar(labels, values, 0.7, bottom=bottom, label=STATUS_WORDS[status],
               color=COLOURS[status])
        bottom = [b + v for b, v in zip(bottom, values)]
    ax.set_title("Meetings per round", fontsize=10, loc="left")
    ax.tick_params(axis="x", labelsize=7)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend(fontsize=8, frameon=False, ncols=4, loc="upper center",
              bbox_to_anchor=(0.5, -0.25))
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def chart_outcomes(f: dict, width: float = 6.4, height: float = 2.0):
    o = f["outcomes"]
    names = [OUTCOME_WORDS[k] for k in OUTCOMES] + [UNRECORDED_WORDS]
    values = [o["by_outcome"][k] for k in OUTCOMES] + [o["unrecorded"]]
    fig = _figure(width, height)
    ax = fig.add_subplot()
    ax.barh(names[::-1], values[::-1],
            color=["#bdbdbd", "#2e7d32", "#64b5f6", "#ffb74d", "#e57373"])
    for y, v in enumerate(values[::-1]):
        ax.text(v, y, f" {v}", va="center", fontsize=8)
    ax.set_title("Outcomes", fontsize=10, loc="left")
    ax.tick_params(axis="y", labelsize=8)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


CHARTS = (("countries", chart_countries), ("rounds", chart_rounds),
          ("outcomes", chart_outcomes))


def chart_png(fig, dpi: int = 200) -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=dpi)
    return out.getvalue()


def chart_svg(fig) -> str:
    import matplotlib

    out = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "floor"}):
        fig.savefig(out, format="svg", metadata={"Date": None})
    text = out.getvalue()
    text = text[text.index("<svg"):]  # drop the XML prolog and doctype: inline in HTML
    return re.sub(r"\s*<metadata>.*?</metadata>", "", text, flags=re.S)
