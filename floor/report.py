"""The day's figures, as one plain dict (JSON as it stands), and the same figures as a
PDF or a self-contained HTML page, with charts drawn by matplotlib.

Every group adds up, and `check_sums` says where it does not:

- participants: sum of by_country = sum of by_sector = registered;
  expected = registered - absent; checked_in = checked_in_expected + checked_in_absent;
- meetings: placed (every meeting booked today, whatever became of it)
  = held + noshow + cancelled + planned = sum of by_origin = sum over rounds;
  planned = upcoming + running + unconfirmed (round over, never marked held or no-show);
- requests: requested = placed + open; held <= placed;
- country x country: the pairs (each meeting counted once) add up to held;
- outcomes: the sum of by_outcome + unrecorded = considered (meetings held, no-show, or
  whose round is over, plus any meeting that already has an outcome).

Knows nothing of Textual; reads only (db/queries, db/reports)."""

from __future__ import annotations

import base64
import html
import io
import json
import re
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from db import queries, reports
from db.schema import MEETING_ORIGINS, MEETING_STATUSES, OUTCOMES
from floor.clock import stamp
from floor.ops.outcomes import OUTCOME_WORDS
from floor.timetable import Timetable

STATUS_WORDS = {"held": "held", "noshow": "no-show", "cancelled": "cancelled",
                "planned": "planned"}


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def country_name(code: str) -> str:
    try:
        import pycountry

        found = pycountry.countries.get(alpha_2=code)
    except (ImportError, LookupError, KeyError):
        found = None
    return getattr(found, "common_name", None) or getattr(found, "name", None) or code


def figures(db: sqlite_utils.Database, now: datetime) -> dict[str, Any]:
    """The day's figures at `now` (the clock's now: what is over, running or to come)."""
    ev = queries.event(db)
    rounds = queries.rounds(db)
    timetable = Timetable(ev["date"], rounds, queries.breaks(db))
    people = queries.participants(db)
    country_of = {p["id"]: p["country"] for p in people}
    meetings = reports.all_meetings(db)
    requests = reports.requests_with_meetings(db)

    # -- participants ---------------------------------------------------------------
    by_country: dict[str, dict] = {}
    for p in people:
        row = by_country.setdefault(p["country"], {
            "country": p["country"], "name": country_name(p["country"]),
            "registered": 0, "checked_in": 0, "absent": 0})
        row["registered"] += 1
        row["checked_in"] += bool(p["checked_in_at"])
        row["absent"] += bool(p["absent_at"])
    sectors = Counter(p["sector"] or "(none)" for p in people)
    absent = sum(1 for p in people if p["absent_at"])
    checked = [p for p in people if p["checked_in_at"]]
    checked_absent = sum(1 for p in checked if p["absent_at"])
    participants = {
        "registered": len(people),
        "expected": len(people) - absent,
        "absent": absent,
        "checked_in": len(checked),
        "checked_in_expected": len(checked) - checked_absent,
        "checked_in_absent": checked_absent,
        "not_arrived": len(people) - absent - (len(checked) - checked_absent),
        "walk_ins": sum(1 for p in people if p["walk_in"]),
        "organisations": len({(p["organisation"] or p["name"]).casefold() for p in people}),
        "countries": len(by_country),
        "by_country": sorted(by_country.values(), key=lambda r: (-r["registered"], r["country"])),
        "by_sector": [{"sector": s, "registered": n}
                      for s, n in sorted(sectors.items(), key=lambda kv: (-kv[1], kv[0]))],
        "checked_in_share": _share(len(checked) - checked_absent, len(people) - absent),
    }

    # -- meetings -------------------------------------------------------------------
    status = Counter(m["status"] for m in meetings)
    planned_when = Counter()
    due: list[dict] = []  # meetings an outcome can be asked of
    for m in meetings:
        rnd = timetable.get(m["round"])
        over = rnd.ends <= now
        if m["status"] == "planned":
            planned_when["unconfirmed" if over else "running" if rnd.starts <= now
                         else "upcoming"] += 1
        if m["outcome"] or m["status"] in ("held", "noshow") or (
                m["status"] == "planned" and over):
            due.append(m)
    placed = len(meetings)
    rematched = [m for m in meetings if m["origin"] == "rematch"]
    meeting_figures = {
        "placed": placed,
        **{s: status.get(s, 0) for s in MEETING_STATUSES},
        "planned_upcoming": planned_when["upcoming"],
        "planned_running": planned_when["running"],
        "planned_unconfirmed": planned_when["unconfirmed"],
        "rematched": len(rematched),
        "rematched_held": sum(1 for m in rematched if m["status"] == "held"),
        "noshow_one_side": sum(1 for m in meetings
                               if m["status"] == "noshow" and m["noshow_of"]),
        "by_origin": {o: sum(1 for m in meetings if m["origin"] == o) for o in MEETING_ORIGINS},
        "shares": {s: _share(status.get(s, 0), placed) for s in MEETING_STATUSES}
                  | {"rematched": _share(len(rematched), placed)},
        # of the meetings whose fate is known, how many took place
        "show_rate": _share(status.get("held", 0),
                            status.get("held", 0) + status.get("noshow", 0)),
    }

    # -- requests -------------------------------------------------------------------
    request_figures = {
        "requested": len(requests),
        "placed": sum(1 for r in requests if r["live"]),
        "open": sum(1 for r in requests if not r["live"]),
        "held": sum(1 for r in requests if r["held"]),
        "meetings_without_request": sum(1 for m in meetings if m["request_id"] is None),
    }
    request_figures["placed_share"] = _share(request_figures["placed"], len(requests))
    request_figures["held_share"] = _share(request_figures["held"], len(requests))

    # -- country x country (held) -----------------------------------------------------
    codes = sorted(by_country)
    matrix = {a: {b: 0 for b in codes} for a in codes}
    pairs = Counter()
    for m in meetings:
        if m["status"] != "held":
            continue
        a, b = sorted((country_of[m["a"]], country_of[m["b"]]))
        pairs[(a, b)] += 1
        matrix[a][b] += 1
        if a != b:
            matrix[b][a] += 1
    country_matrix = {
        "countries": codes,
        "matrix": matrix,  # symmetric; a meeting within one country counts once
        "pairs": [{"a": a, "b": b, "held": n} for (a, b), n in sorted(pairs.items())],
        "cross_country": sum(n for (a, b), n in pairs.items() if a != b),
        "same_country": sum(n for (a, b), n in pairs.items() if a == b),
    }

    # -- outcomes -------------------------------------------------------------------
    recorded = Counter(m["outcome"] for m in due if m["outcome"])
    outcomes = {
        "considered": len(due),
        "by_outcome": {o: recorded.get(o, 0) for o in OUTCOMES},
        "unrecorded": sum(1 for m in due if not m["outcome"]),
        "follow_ups": recorded.get("cooperation-possible", 0),
        "words": dict(OUTCOME_WORDS),
    }

    # -- rounds ---------------------------------------------------------------------
    per_round = []
    for r in timetable.rounds:
        mine = [m for m in meetings if m["round"] == r.no]
        counts = Counter(m["status"] for m in mine)
        per_round.append({
            "round": r.no, "starts": f"{r.starts:%H:%M}", "ends": f"{r.ends:%H:%M}",
            "state": ("over" if r.ends <= now else "running" if r.starts <= now
                      else "to come"),
            "placed": len(mine), **{s: counts.get(s, 0) for s in MEETING_STATUSES}})

    phase = timetable.phase(now)
    return {
        "event": {"name": ev["name"], "date": ev["date"], "venue": ev["venue"],
                  "short_id": ev["short_id"], "rounds": len(rounds),
                  "tables": len(queries.tables(db)), "slot_minutes": ev["slot_minutes"]},
        "at": stamp(now),
        "phase": {"kind": phase.kind,
                  "round": phase.round.no if phase.round else None,
                  "next": phase.next.no if phase.next else None},
        "participants": participants,
        "meetings": meeting_figures,
        "requests": request_figures,
        "countries": country_matrix,
        "outcomes": outcomes,
        "rounds": per_round,
    }


def check_sums(f: dict) -> list[str]:
    """Where the figures do not add up ([] when all is well)."""
    problems = []

    def same(what: str, left: int, right: int) -> None:
        if left != right:
            problems.append(f"{what}: {left} != {right}")

    p, m, r = f["participants"], f["meetings"], f["requests"]
    same("participants by country", sum(c["registered"] for c in p["by_country"]),
         p["registered"])
    same("participants by sector", sum(s["registered"] for s in p["by_sector"]),
         p["registered"])
    same("checked in by country", sum(c["checked_in"] for c in p["by_country"]),
         p["checked_in"])
    same("expected", p["expected"] + p["absent"], p["registered"])
    same("checked in", p["checked_in_expected"] + p["checked_in_absent"], p["checked_in"])
    same("expected = checked in + not arrived", p["checked_in_expected"] + p["not_arrived"],
         p["expected"])
    same("held + no-show + cancelled + planned = placed",
         m["held"] + m["noshow"] + m["cancelled"] + m["planned"], m["placed"])
    same("planned = upcoming + running + unconfirmed",
         m["planned_upcoming"] + m["planned_running"] + m["planned_unconfirmed"], m["planned"])
    same("meetings by origin", sum(m["by_origin"].values()), m["placed"])
    same("rematched by origin", m["by_origin"].get("rematch", 0), m["rematched"])
    same("requests placed + open = requested", r["placed"] + r["open"], r["requested"])
    if r["held"] > r["placed"] + r["open"]:
        problems.append("requests held exceed requests")
    for status in ("placed", "held", "noshow", "cancelled", "planned"):
        same(f"rounds: {status}", sum(x[status] for x in f["rounds"]), m[status])
    same("country pairs = held", sum(x["held"] for x in f["countries"]["pairs"]), m["held"])
    same("cross + same country = held", f["countries"]["cross_country"]
         + f["countries"]["same_country"], m["held"])
    o = f["outcomes"]
    same("outcomes + unrecorded = considered", sum(o["by_outcome"].values()) + o["unrecorded"],
         o["considered"])
    return problems


def to_json(f: dict) -> str:
    return json.dumps(f, ensure_ascii=False, indent=2) + "\n"


def headline(f: dict) -> str:
    """One sentence for the organisers' news item."""
    p, m, o = f["participants"], f["meetings"], f["outcomes"]
    countries = ", ".join(c["name"] for c in p["by_country"])
    return (f"{p['organisations']} organisations from {p['countries']} countries "
            f"({countries}); {p['checked_in']} of {p['registered']} participants checked in; "
            f"{m['held']} meetings held of {m['placed']} placed; {o['follow_ups']} with a "
            "cooperation possible.")


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
    for status in ("held", "noshow", "cancelled", "planned"):
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
    names = [OUTCOME_WORDS[k] for k in OUTCOMES] + ["not recorded yet"]
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
            ["not recorded yet", str(o["unrecorded"])],
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
        f'<p class="sub">{esc(e["date"])} · {esc(e["venue"])} · figures at {esc(f["at"][11:16])}</p>',
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
    from floor import pdfkit

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
    pdf.cell(width, 6, f"{e['date']} · {e['venue']} · figures at {f['at'][11:16]}",
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
    from floor import pdfkit

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
