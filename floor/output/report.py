"""The day's figures as files: a PDF or a self-contained HTML page with charts drawn by
matplotlib, or JSON (`floor report -o`). The figures themselves are `floor/views/figures.py`."""

from __future__ import annotations

import base64
import html
import io
import re
from datetime import datetime
from pathlib import Path

import sqlite_utils

from floor.domain.clock import hhmm
from floor.domain.vocabulary import (
    OUTCOME_WORDS,
    OUTCOMES,
    STATUS_WORDS,
    STATUSES_AS_REPORTED,
    UNRECORDED_WORDS,
)
from floor.views.figures import figures, headline, to_json


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


# -- charts (matplotlib, loaded only when a chart is drawn) ---------------------------

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


# -- tables shared by PDF and HTML ---------------------------------------------------

def tables(f: dict) -> list[tuple[str, list[str], list[list[str]]]]:
    """(title, header, rows) for each table of the report."""
    p, m, r, o = f["participants"], f["meetings"], f["requests"], f["outcomes"]
    placed = m["placed"]
    out = [
        ("Participants", ["", "count", "share"], [
            ["registered", str(p["registered"]), ""],
            ["absent for the day", str(p["absent"]), ""],
            ["expected", str(p["expected"]), ""],
            ["checked in (of expected)", str(p["checked_in_expected"]),
             _pct(p["checked_in_share"])],
            ["not arrived", str(p["not_arrived"]), ""],
            ["walk-ins", str(p["walk_ins"]), ""]]),
        ("By country", ["country", "registered", "checked in", "absent"], [
            [f"{c['name']} ({c['country']})", str(c["registered"]), str(c["checked_in"]),
             str(c["absent"])] for c in p["by_country"]]),
        ("By sector", ["sector", "registered"], [
            [s["sector"], str(s["registered"])] for s in p["by_sector"]]),
        ("Meetings", ["", "count", "share of placed"], [
            ["requested", str(r["requested"]), ""],
            ["requests placed", str(r["placed"]), _pct(r["placed_share"]) + " of requested"],
            ["placed (all meetings booked)", str(placed), ""],
            ["held", str(m["held"]), _pct(m["shares"]["held"])],
            ["no-show", str(m["noshow"]), _pct(m["shares"]["noshow"])],
            ["cancelled", str(m["cancelled"]), _pct(m["shares"]["cancelled"])],
            ["planned (to come, running, unconfirmed)",
             f"{m['planned']} ({m['planned_upcoming']}, {m['planned_running']}, "
             f"{m['planned_unconfirmed']})", _pct(m["shares"]["planned"])],
            ["re-matched", str(m["rematched"]), _pct(m["shares"]["rematched"])],
            ["show rate (held of held + no-show)", "", _pct(m["show_rate"])]]),
        ("Outcomes", ["outcome", "meetings"], [
            *[[OUTCOME_WORDS[k], str(o["by_outcome"][k])] for k in OUTCOMES],
            [UNRECORDED_WORDS, str(o["unrecorded"])],
            ["considered", str(o["considered"])]]),
        ("Meetings held, country × country", ["", *f["countries"]["countries"]], [
            [a, *[str(f["countries"]["matrix"][a][b]) for b in f["countries"]["countries"]]]
            for a in f["countries"]["countries"]]),
        ("Rounds", ["round", "time", "placed", "held", "no-show", "cancelled", "planned"], [
            [str(x["round"]), f"{x['starts']}–{x['ends']}", str(x["placed"]), str(x["held"]),
             str(x["noshow"]), str(x["cancelled"]), str(x["planned"])] for x in f["rounds"]]),
    ]
    return out


# -- HTML -------------------------------------------------------------------------------

HTML_STYLE = """
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; margin: 2em auto;
       max-width: 60em; color: #222; padding: 0 1em; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; } .sub { color: #666; margin-top: 0; }
.headline { font-size: 1.1em; background: #f3f6f9; padding: 0.8em 1em; border-radius: 4px; }
.tiles { display: flex; flex-wrap: wrap; gap: 0.8em; margin: 1em 0; }
.tile { border: 1px solid #ddd; border-radius: 4px; padding: 0.6em 1em; min-width: 8em; }
.tile b { display: block; font-size: 1.6em; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border-bottom: 1px solid #e0e0e0; padding: 0.25em 0.8em; text-align: right; }
th:first-child, td:first-child { text-align: left; }
th { background: #f5f5f5; } h2 { font-size: 1.15em; margin-top: 1.5em; }
figure { margin: 1em 0; } figure svg { max-width: 100%; height: auto; }
.cols { display: flex; flex-wrap: wrap; gap: 2em; }
"""


def render_html(f: dict) -> str:
    """One self-contained page: inline CSS, charts as inline SVG, no external asset."""
    e, p, m, o = f["event"], f["participants"], f["meetings"], f["outcomes"]
    esc = html.escape
    tiles = [("companies checked in", f"{p['checked_in']}/{p['registered']}"),
             ("countries", p["countries"]), ("meetings held", m["held"]),
             ("no-shows", m["noshow"]), ("re-matched", m["rematched"]),
             ("cooperation possible", o["follow_ups"])]
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(e['name'])} — the day's figures</title>",
        f"<style>{HTML_STYLE}</style></head><body>",
        f"<h1>{esc(e['name'])}</h1>",
        f'<p class="sub">{esc(e["date"])} · {esc(e["venue"])} · figures at {esc(hhmm(f["at"]))}</p>',
        f'<p class="headline">{esc(headline(f))}</p>',
        '<div class="tiles">' + "".join(
            f'<div class="tile"><b>{esc(str(v))}</b>{esc(k)}</div>' for k, v in tiles)
        + "</div>",
    ]
    for name, draw in CHARTS:
        parts.append(f'<figure id="chart-{name}">{chart_svg(draw(f))}</figure>')
    for title, header, rows in tables(f):
        parts.append(f"<h2>{esc(title)}</h2><table><thead><tr>"
                     + "".join(f"<th>{esc(h)}</th>" for h in header) + "</tr></thead><tbody>")
        for row in rows:
            parts.append("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>")
        parts.append("</tbody></table>")
    parts.append('<p class="sub">Made by floor from the event file. Figures as JSON: '
                 "<code>floor report -o report.json</code>.</p></body></html>")
    return "\n".join(parts) + "\n"


# -- PDF --------------------------------------------------------------------------------

def render_pdf(f: dict) -> bytes:
    from floor.output import pdfkit

    e = f["event"]
    pdf = pdfkit.new_pdf(f"{e['name']} — the day's figures")
    pdf.set_auto_page_break(True, margin=15)
    pdf.set_margins(15, 15, 15)
    pdf.add_page()
    width = pdf.w - 30
    pdfkit.fit(pdf, e["name"], width, 18, 10, "B")
    pdf.multi_cell(width, 8, e["name"], new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdfkit.FAMILY, "", 10)
    pdf.set_text_color(90, 90, 90)
    pdf.cell(width, 6, f"{e['date']} · {e['venue']} · figures at {hhmm(f['at'])}",
             new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(2)
    pdf.set_font(pdfkit.FAMILY, "B", 11)
    pdf.set_fill_color(243, 246, 249)
    pdf.multi_cell(width, 6, headline(f), fill=True, new_x="LMARGIN", new_y="NEXT",
                   padding=2)
    pdf.ln(3)
    for name, draw in CHARTS[:2]:
        pdf.image(io.BytesIO(chart_png(draw(f, 7.0, 2.6))), w=width)
        pdf.ln(2)
    for title, header, rows in tables(f):
        if title == "Outcomes":
            if pdf.will_page_break(70):
                pdf.add_page()
            pdf.image(io.BytesIO(chart_png(chart_outcomes(f, 7.0, 2.0))), w=width)
        _pdf_table(pdf, title, header, rows, width)
    return bytes(pdf.output())


def _pdf_table(pdf, title: str, header: list[str], rows: list[list[str]], width: float) -> None:
    from floor.output import pdfkit

    if pdf.will_page_break(14 + 6 * min(len(rows), 6)):
        pdf.add_page()
    pdf.set_font(pdfkit.FAMILY, "B", 12)
    pdf.cell(width, 8, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdfkit.FAMILY, "", 9)
    first = 0.45 if len(header) <= 4 else 0.25
    widths = [width * first] + [width * (1 - first) / (len(header) - 1)] * (len(header) - 1)
    with pdf.table(col_widths=widths, text_align=["LEFT"] + ["RIGHT"] * (len(header) - 1),
                   line_height=5.5, first_row_as_headings=True,
                   headings_style=pdfkit.heading_style(), borders_layout="HORIZONTAL_LINES"
                   ) as table:
        for row in [header, *rows]:
            table.row(row)
    pdf.ln(4)


def write_report(db: sqlite_utils.Database, path: str | Path, now: datetime) -> dict:
    """Write the figures as .json, .html or .pdf (chosen by the suffix); returns them."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".json", ".html", ".htm", ".pdf"):
        raise ValueError(f"{path.name}: write a .pdf, .html or .json file")
    f = figures(db, now)
    if suffix == ".json":
        path.write_text(to_json(f), encoding="utf-8")
    elif suffix in (".html", ".htm"):
        path.write_text(render_html(f), encoding="utf-8")
    else:
        path.write_bytes(render_pdf(f))
    return f


def data_uri_png(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
