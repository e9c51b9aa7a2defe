"""Badges to print: A4 sheets of eight badges (2 × 4) with dashed cut lines.

Each badge: the name large, the organisation, the country, the sector, the QR code of the
person's valid token, and where and when their first meeting is. DejaVu Sans carries
Greek, accented and Maltese letters (Ġ ċ ħ ż). Reads only: tokens are issued by
floor.ops.issue_tokens / reissue_token before printing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from db import read_event, read_meetings, read_people, scans
from floor.domain.errors import Refused
from floor.domain.names import country_label, sort_key
from floor.domain.time import Timetable
from floor.output import qr
from floor.output.pdfkit import fit, new_pdf
from floor.views.badge import token_for

PAGE_W, PAGE_H = 210.0, 297.0
MARGIN = 10.0  # most printers cannot print to the edge
COLUMNS, ROWS = 2, 4
CELL_W = (PAGE_W - 2 * MARGIN) / COLUMNS  # 95 mm
CELL_H = (PAGE_H - 2 * MARGIN) / ROWS  # 69.25 mm
PAD = 5.0
QR_SIZE = 34.0  # mm, quiet zone included
QR_BOX = 8  # pixels a module in the embedded PNG (sharp at any printer resolution)


@dataclass(frozen=True)
class Badge:
    participant_id: str
    name: str
    organisation: str
    country: str  # "Greece (GR)"
    sector: str
    token: str
    first_meeting: str  # "First meeting: table T1 at 09:00 (round 1)"


def first_meeting_line(db: sqlite_utils.Database, participant_id: str,
                       timetable: Timetable) -> str:
    mine = [m for m in read_meetings.meetings(db, participant_id=participant_id, live_only=True)]
    if not mine:
        return "First meeting: see the registration desk"
    m = mine[0]  # ordered by round
    rnd = timetable.get(m["round"])
    return f"First meeting: table {m['table_name']} at {rnd.starts:%H:%M} (round {m['round']})"


def badges_for(db: sqlite_utils.Database, participant_ids: list[str] | None = None
               ) -> list[Badge]:
    """The badges to print (everyone A to Z by name in Latin letters, Greek names among
    the others; or the listed ids in that order). Raises Refused for an unknown id or a
    person with no valid token."""
    timetable = read_event.timetable(db)
    if participant_ids is None:
        people = sorted(read_people.participants(db), key=lambda p: sort_key(p["name"]))
    else:
        people = []
        for pid in participant_ids:
            person = read_people.participant(db, pid)
            if person is None:
                raise Refused(f"no participant with id {pid!r}")
            people.append(person)
    valid = scans.valid_tokens(db)
    out = []
    for p in people:
        if p["id"] not in valid:
            raise Refused(f"{p['id']} has no badge token yet (issue tokens first)")
        out.append(Badge(p["id"], p["name"], p["organisation"], country_label(p["country"]),
                         p["sector"], token_for(db, p, valid[p["id"]]["serial"]),
                         first_meeting_line(db, p["id"], timetable)))
    return out


def _cut_lines(pdf) -> None:
    pdf.set_draw_color(150, 150, 150)
    pdf.set_line_width(0.2)
    pdf.set_dash_pattern(dash=2, gap=2)
    for col in range(COLUMNS + 1):
        x = MARGIN + col * CELL_W
        pdf.line(x, 0, x, PAGE_H)
    for row in range(ROWS + 1):
        y = MARGIN + row * CELL_H
        pdf.line(0, y, PAGE_W, y)
    pdf.set_dash_pattern()


def _badge(pdf, badge: Badge, x: float, y: float, event_name: str) -> None:
    inner = CELL_W - 2 * PAD
    pdf.set_text_color(90, 90, 90)
    fit(pdf, event_name, inner, 8, 5)
    pdf.set_xy(x + PAD, y + PAD)
    pdf.cell(inner, 4, event_name)
    pdf.set_text_color(0, 0, 0)
    size = fit(pdf, badge.name, inner, 24, 11, "B")
    pdf.set_xy(x + PAD, y + PAD + 5)
    if pdf.get_string_width(badge.name) <= inner:
        pdf.cell(inner, size * 0.45, badge.name)
        top = y + PAD + 5 + size * 0.45 + 2
    else:  # still too long at the smallest size: two lines
        pdf.multi_cell(inner, size * 0.42, badge.name, max_line_height=size * 0.42)
        top = pdf.get_y() + 2
    qr_x, qr_y = x + CELL_W - PAD - QR_SIZE, y + CELL_H - PAD - QR_SIZE
    text_w = qr_x - (x + PAD) - 2
    lines = [(badge.organisation, 12, "B"), (badge.country, 10, ""),
             (badge.sector, 10, "")]
    for text, largest, style in lines:
        if not text:
            continue
        fit(pdf, text, text_w, largest, 7, style)
        pdf.set_xy(x + PAD, top)
        pdf.cell(text_w, largest * 0.45, text)
        top += largest * 0.45 + 1.5
    pdf.set_font("DejaVu", "B", 9)
    pdf.set_xy(x + PAD, y + CELL_H - PAD - 11)
    pdf.multi_cell(text_w, 4.2, badge.first_meeting, max_line_height=4.2)
    pdf.image(qr.image(badge.token, box_size=QR_BOX), x=qr_x, y=qr_y, w=QR_SIZE, h=QR_SIZE)
    pdf.set_font("DejaVu", "", 6)
    pdf.set_text_color(120, 120, 120)
    pdf.set_xy(qr_x, qr_y + QR_SIZE - 1.5)
    pdf.cell(QR_SIZE, 2.5, badge.token, align="C")
    pdf.set_text_color(0, 0, 0)


def render(badges: list[Badge], event_name: str) -> bytes:
    """The PDF of these badges, eight to a page."""
    pdf = new_pdf(f"Badges — {event_name}")
    per_page = COLUMNS * ROWS
    for start in range(0, max(len(badges), 1), per_page):
        pdf.add_page()
        _cut_lines(pdf)
        for i, badge in enumerate(badges[start:start + per_page]):
            col, row = i % COLUMNS, i // COLUMNS
            _badge(pdf, badge, MARGIN + col * CELL_W, MARGIN + row * CELL_H, event_name)
    return bytes(pdf.output())


def write_badges(db: sqlite_utils.Database, path: str | Path,
                 participant_ids: list[str] | None = None) -> int:
    """Write the badges PDF; returns how many badges it holds."""
    badges = badges_for(db, participant_ids)
    Path(path).write_bytes(render(badges, read_event.event(db)["name"]))
    return len(badges)
