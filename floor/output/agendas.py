"""Agendas: one A4 page per participant: name, organisation, the day in time order (the
lines come from `floor/views/agenda.py`), and their badge QR code.

Reprints mark what changed. What each agenda showed is kept in a JSON file beside the
event file (`event.printed.json` for `event.db`; no schema change): for each participant,
when it was printed and, per round, the table and the partner. A reprint compares the
day now with that record: a new or changed meeting is shaded and marked ►, a meeting that
is gone is listed as "no longer", and the page says since when. Reads only the event
file; writes only the PDF and the record."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

import sqlite_utils

from db import read_event
from floor.domain.clock import hhmm, stamp
from floor.domain.names import country_label, initial, latin
from floor.domain.vocabulary import HELD
from floor.output import pdfkit, qr
from floor.output.pdfkit import CHANGED_FILL, GREY, MARGIN, footer
from floor.views.agenda import Agenda, Line, agendas_for

QR_SIZE = 34.0
QR_BOX = 8


def record_path(db_path: str | Path) -> Path:
    """Where the print record of an event file lives: beside it."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.stem + ".printed.json")


def read_record(path: str | Path | None) -> dict:
    if path is None or not Path(path).exists():
        return {"agendas": {}}
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"agendas": {}}
    data.setdefault("agendas", {})
    return data


def write_record(path: str | Path, record: dict) -> None:
    path = Path(path)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True),
                         encoding="utf-8")
    os.replace(temporary, path)  # whole or not at all


# -- drawing ----------------------------------------------------------------------------

COLUMNS = (("Time", 27), ("Table", 15), ("Meeting with", 76), ("Country", 30),
           ("Sector", 32))


def _page(pdf, agenda: Agenda, event: dict, printed_at: str) -> None:
    pdf.add_page()
    p = agenda.person
    width = pdf.w - 2 * MARGIN
    text_w = width - QR_SIZE - 4
    pdf.set_text_color(*GREY)
    pdfkit.fit(pdf, f"{event['name']} · {event['date']} · {event['venue']}", text_w, 9, 6)
    pdf.set_xy(MARGIN, MARGIN)
    pdf.cell(text_w, 4, pdfkit.clip(pdf, f"{event['name']} · {event['date']} · "
                                         f"{event['venue']}", text_w))
    pdf.set_text_color(0, 0, 0)
    size = pdfkit.fit(pdf, p["name"], text_w, 24, 12, "B")
    pdf.set_xy(MARGIN, MARGIN + 7)
    pdf.cell(text_w, size * 0.45, pdfkit.clip(pdf, p["name"], text_w))
    y = MARGIN + 8 + size * 0.45
    for text, largest, style in ((p["organisation"], 14, "B"),
                                 (" · ".join(x for x in (country_label(p["country"]), p["sector"],
                                                         p["role"]) if x), 10, "")):
        if not text:
            continue
        pdfkit.fit(pdf, text, text_w, largest, 7, style)
        pdf.set_xy(MARGIN, y)
        pdf.cell(text_w, largest * 0.45, pdfkit.clip(pdf, text, text_w))
        y += largest * 0.45 + 2
    pdf.set_font(pdfkit.FAMILY, "", 9)
    pdf.set_xy(MARGIN, y)
    extra = [f"Agenda of {p['id']}"]
    if p["home_table"]:
        extra.append(f"your table all day: {p['home_table']}")
    if p["arrive"] or p["leave"]:
        extra.append(f"here {p['arrive'] or 'from the start'}–{p['leave'] or 'the end'}")
    pdf.cell(text_w, 4, " · ".join(extra))
    qr_x = pdf.w - MARGIN - QR_SIZE
    if agenda.token:
        pdf.image(qr.image(agenda.token, box_size=QR_BOX), x=qr_x, y=MARGIN, w=QR_SIZE,
                  h=QR_SIZE)
        pdf.set_font(pdfkit.FAMILY, "", 6)
        pdf.set_text_color(*GREY)
        pdf.set_xy(qr_x, MARGIN + QR_SIZE - 1)
        pdf.cell(QR_SIZE, 3, agenda.token, align="C")
        pdf.set_xy(qr_x, MARGIN + QR_SIZE + 2)
        pdf.cell(QR_SIZE, 3, "check in with this code", align="C")
        pdf.set_text_color(0, 0, 0)
    else:
        pdf.set_font(pdfkit.FAMILY, "", 8)
        pdf.set_xy(qr_x, MARGIN + QR_SIZE / 2)
        pdf.cell(QR_SIZE, 4, "no badge code yet", align="C")
    y = max(y + 8, MARGIN + QR_SIZE + 8)

    if agenda.printed_before is not None:
        pdf.set_fill_color(*CHANGED_FILL)
        pdf.set_font(pdfkit.FAMILY, "B", 10)
        pdf.set_xy(MARGIN, y)
        since = agenda.printed_before.replace("T", " ")[:16]
        note = (f"Updated {hhmm(printed_at)}: {agenda.changes} change(s) since your agenda "
                f"of {since}, marked ►" if agenda.changes
                else f"Reprinted {hhmm(printed_at)}: no change since your agenda of {since}")
        pdf.cell(width, 7, note, fill=bool(agenda.changes), new_x="LMARGIN")
        y += 10

    # the table of the day
    rows = len(agenda.lines)
    row_h = max(4.5, min(8.0, (pdf.h - 18 - y - 7) / max(rows, 1)))
    font = 9 if row_h >= 6 else 7.5
    pdf.set_font(pdfkit.FAMILY, "B", 9)
    pdf.set_fill_color(235, 238, 242)
    pdf.set_xy(MARGIN, y)
    for title, w in COLUMNS:
        pdf.cell(w, 7, title, fill=True)
    y += 7
    for line in agenda.lines:
        _row(pdf, line, y, row_h, font)
        y += row_h
    pdf.set_draw_color(200, 200, 200)
    pdf.line(MARGIN, y, MARGIN + width, y)
    footer(pdf, f"{page_label(p)} · printed {printed_at.replace('T', ' ')[:16]} · "
                "changes are announced at the desk; the floor screen has the latest")


def page_label(person: dict) -> str:
    """What a page is filed under in the A-to-Z pile: "P · GR01 Γιώργος Παπαδόπουλος
    (giorgos papadopoulos)", so a desk that does not read Greek still finds it."""
    spelt = latin(person["name"])
    also = f" ({spelt})" if spelt != person["name"].casefold() else ""
    return f"{initial(person['name'])} · {person['id']} {person['name']}{also}"


def _row(pdf, line: Line, y: float, h: float, font: float) -> None:
    x = MARGIN
    widths = [w for _, w in COLUMNS]
    total = sum(widths)
    pdf.set_draw_color(225, 225, 225)
    pdf.line(x, y, x + total, y)
    if line.mark:
        pdf.set_fill_color(*CHANGED_FILL)
        pdf.rect(x, y, total, h, style="F")
    pdf.set_xy(x, y)
    pdf.set_font(pdfkit.FAMILY, "", font)
    mark = "► " if line.mark else ""
    if line.kind == "break":
        pdf.set_text_color(*GREY)
        pdf.cell(widths[0], h, line.time)
        pdf.set_font(pdfkit.FAMILY, "I" if pdfkit.has_style(pdf, "I") else "", font)
        pdf.cell(total - widths[0], h, "Break")
    elif line.kind in ("free", "away"):
        pdf.set_text_color(*GREY)
        pdf.cell(widths[0], h, line.time)
        pdf.cell(widths[1], h, "")
        pdf.cell(total - widths[0] - widths[1], h, pdfkit.clip(
            pdf, "free" if line.kind == "free" else "not here (arrival/leaving time)",
            total - widths[0] - widths[1]))
    elif line.kind == "gone":
        pdf.cell(widths[0], h, mark + line.time)
        pdf.cell(widths[1], h, "—")
        pdf.set_font(pdfkit.FAMILY, "B", font)
        pdf.cell(total - widths[0] - widths[1], h,
                 pdfkit.clip(pdf, f"no meeting any more (was {line.was}): free",
                             total - widths[0] - widths[1]))
    else:
        pdf.cell(widths[0], h, mark + line.time)
        pdf.set_font(pdfkit.FAMILY, "B", font + 1)
        pdf.cell(widths[1], h, pdfkit.clip(pdf, line.table, widths[1] - 1))
        who = f"{line.partner} — {line.partner_name}" if line.partner != line.partner_name \
            else line.partner
        if line.status == HELD:
            who = "✓ " + who
        if line.was:  # the name gives way to what changed
            who = ("✓ " if line.status == HELD else "") + f"{line.partner} (was {line.was})"
        pdf.set_font(pdfkit.FAMILY, "B" if line.mark else "", font)
        pdf.cell(widths[2], h, pdfkit.clip(pdf, who, widths[2] - 1))
        pdf.set_font(pdfkit.FAMILY, "", font)
        pdf.cell(widths[3], h, pdfkit.clip(pdf, line.country, widths[3] - 1))
        pdf.cell(widths[4], h, pdfkit.clip(pdf, line.sector, widths[4] - 1))
    pdf.set_text_color(0, 0, 0)


def render(agendas: list[Agenda], event: dict, printed_at: str) -> bytes:
    pdf = pdfkit.new_pdf(f"Agendas — {event['name']}")
    for agenda in agendas:
        _page(pdf, agenda, event, printed_at)
    if not agendas:
        pdf.add_page()
    return bytes(pdf.output())


def write_agendas(db: sqlite_utils.Database, path: str | Path, *, now: datetime,
                  participant_ids: list[str] | None = None,
                  record: str | Path | None = None) -> list[Agenda]:
    """Write the agendas PDF. With `record` (a JSON file), compare with what was printed
    before and, once the PDF is written, remember what these pages show."""
    previous = read_record(record)
    agendas = agendas_for(db, participant_ids, previous)
    event = read_event.event(db)
    printed_at = stamp(now)
    Path(path).write_bytes(render(agendas, event, printed_at))
    if record is not None:
        for agenda in agendas:
            previous["agendas"][agenda.person["id"]] = {"printed_at": printed_at,
                                                        "rounds": agenda.seen}
        write_record(record, previous)
    return agendas


def reprint_path(db_path: str | Path, who: str, now: datetime) -> Path:
    """Where a reprint asked for on the floor goes: beside the event file, named for whom
    and when, so it never overwrites a file still at the printer
    ("event.agenda-GR01-1016.pdf")."""
    db_path = Path(db_path)
    return db_path.with_name(f"{db_path.stem}.agenda-{who}-{now:%H%M%S}.pdf")


def changed_since_printed(db: sqlite_utils.Database, record: str | Path) -> list[str]:
    """Who has a printed agenda that no longer says what their day is (A to Z)."""
    return [a.person["id"] for a in agendas_for(db, None, read_record(record)) if a.changes]


def reprint(db: sqlite_utils.Database, db_path: str | Path, *, now: datetime,
            participant_ids: list[str] | None = None) -> tuple[Path | None, list[Agenda]]:
    """Reprint some agendas from the floor, or (None) every agenda that changed since it
    was printed, beside the event file and against its print record. (None, []) when
    nothing changed."""
    record = record_path(db_path)
    ids = participant_ids if participant_ids is not None else changed_since_printed(db, record)
    if not ids:
        return None, []
    path = reprint_path(db_path, ids[0] if len(ids) == 1 else "changed", now)
    return path, write_agendas(db, path, now=now, participant_ids=ids, record=record)
