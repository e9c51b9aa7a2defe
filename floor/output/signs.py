"""Table signs: one A4 page per table, its name as large as the page allows, and the
day's meetings at that table (time, the two organisations and their countries)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import sqlite_utils

from floor.domain.clock import stamp
from floor.domain.errors import Refused
from floor.domain.names import org_or_name
from floor.output import pdfkit
from floor.output.pdfkit import GREY, MARGIN, footer
from floor.views.printday import Day, load_day


def _sign(pdf, day: Day, table: str, printed_at: str) -> None:
    pdf.add_page()
    width = pdf.w - 2 * MARGIN
    ev = day.event
    pdf.set_text_color(*GREY)
    pdfkit.fit(pdf, ev["name"], width, 12, 7)
    pdf.set_xy(MARGIN, MARGIN)
    pdf.cell(width, 6, pdfkit.clip(pdf, ev["name"], width), align="C")
    pdf.set_font(pdfkit.FAMILY, "", 14)
    pdf.set_xy(MARGIN, MARGIN + 9)
    pdf.cell(width, 7, "TABLE", align="C")
    pdf.set_text_color(0, 0, 0)
    size = pdfkit.fit(pdf, table, width, 260, 40, "B")  # 260 pt: about 9 cm high
    height = size * 0.3528 * 0.78  # pt to mm, cap height and a little
    pdf.set_xy(MARGIN, MARGIN + 20)
    pdf.cell(width, height, table, align="C")
    y = MARGIN + 24 + height
    homes = [p for p in day.people.values() if p["home_table"] == table]
    if homes:
        pdf.set_font(pdfkit.FAMILY, "B", 14)
        pdf.set_xy(MARGIN, y)
        text = " · ".join(f"{org_or_name(p)} ({p['country']})" for p in homes)
        pdf.cell(width, 8, pdfkit.clip(pdf, text, width), align="C")
        y += 11
    meetings = day.by_table.get(table, [])
    pdf.set_draw_color(180, 180, 180)
    pdf.line(MARGIN, y, MARGIN + width, y)
    y += 3
    if not meetings:
        pdf.set_font(pdfkit.FAMILY, "", 14)
        pdf.set_xy(MARGIN, y)
        pdf.cell(width, 8, "No meeting at this table today", align="C")
    else:
        row_h = max(5.0, min(11.0, (pdf.h - 16 - y) / len(meetings)))
        font = 13 if row_h >= 9 else 10 if row_h >= 7 else 8
        for m in meetings:
            a, b = day.people[m["a"]], day.people[m["b"]]
            pdf.set_xy(MARGIN, y)
            pdf.set_font(pdfkit.FAMILY, "B", font)
            pdf.cell(32, row_h, f"{day.round(m['round']).starts:%H:%M}  R{m['round']}")
            pdf.set_font(pdfkit.FAMILY, "", font)
            half = (width - 32 - 8) / 2
            pdf.cell(half, row_h, pdfkit.clip(pdf, f"{org_or_name(a)} ({a['country']})", half))
            pdf.cell(8, row_h, "–", align="C")
            pdf.cell(half, row_h, pdfkit.clip(pdf, f"{org_or_name(b)} ({b['country']})", half))
            y += row_h
    footer(pdf, f"table {table} · printed {printed_at.replace('T', ' ')[:16]} · "
                "changes during the day are on the floor screen")


def render(day: Day, printed_at: str, tables: list[str] | None = None) -> bytes:
    pdf = pdfkit.new_pdf(f"Table signs — {day.event['name']}")
    for table in tables if tables is not None else day.tables:
        _sign(pdf, day, table, printed_at)
    if not pdf.pages:
        pdf.add_page()
    return bytes(pdf.output())


def write_signs(db: sqlite_utils.Database, path: str | Path, *, now: datetime,
                tables: list[str] | None = None) -> int:
    """Write one sign per table (or the listed ones); returns how many."""
    day = load_day(db)
    chosen = day.tables if tables is None else tables
    for name in chosen:
        if name not in day.tables:
            raise Refused(f"there is no table {name!r}")
    Path(path).write_bytes(render(day, stamp(now), chosen))
    return len(chosen)
