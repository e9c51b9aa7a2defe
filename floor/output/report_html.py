"""The day's figures as one self-contained HTML page: inline CSS, charts as inline SVG,
no asset from outside the laptop."""

from __future__ import annotations

import html

from floor.domain.clock import hhmm
from floor.output.charts import CHARTS, chart_svg
from floor.output.report_tables import tables
from floor.views.figures import headline

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
