"""The day as the printouts read it: people, live meetings, rounds and breaks, in order."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlite_utils

from db import queries
from floor.report import country_name
from floor.timetable import RoundTime, Timetable

MARGIN = 15.0
GREY = (110, 110, 110)
CHANGED_FILL = (255, 236, 179)


@dataclass
class Day:
    event: dict
    timetable: Timetable
    breaks: list[dict]
    tables: list[str]
    people: dict[str, dict]
    meetings: list[dict]  # live (planned or held), by round then table
    by_person: dict[str, list[dict]] = field(default_factory=dict)
    by_table: dict[str, list[dict]] = field(default_factory=dict)

    def partner(self, m: dict, pid: str) -> dict:
        return self.people[m["b"] if m["a"] == pid else m["a"]]

    def round(self, no: int) -> RoundTime:
        return self.timetable.get(no)

    def time(self, no: int) -> str:
        r = self.timetable.get(no)
        return f"{r.starts:%H:%M}–{r.ends:%H:%M}"

    def timeline(self) -> list[tuple[datetime, str, object]]:
        """Rounds and breaks in time order: (start, "round"|"break", RoundTime|dict)."""
        items = [(r.starts, "round", r) for r in self.timetable.rounds]
        for b in self.breaks:
            start = datetime.fromisoformat(f"{self.event['date']}T{b['starts']}")
            items.append((start, "break", b))
        return sorted(items, key=lambda i: (i[0], i[1] == "round"))


def load_day(db: sqlite_utils.Database) -> Day:
    ev = queries.event(db)
    breaks = queries.breaks(db)
    day = Day(ev, Timetable(ev["date"], queries.rounds(db), breaks), breaks,
              queries.tables(db), {p["id"]: p for p in queries.participants(db)},
              queries.meetings(db, live_only=True))
    for m in day.meetings:
        day.by_person.setdefault(m["a"], []).append(m)
        day.by_person.setdefault(m["b"], []).append(m)
        day.by_table.setdefault(m["table_name"], []).append(m)
    return day


def country(code: str) -> str:
    return f"{country_name(code)} ({code})" if country_name(code) != code else code


def org_or_name(p: dict) -> str:
    return p["organisation"] or p["name"]


def footer(pdf, text: str) -> None:
    from floor import pdfkit

    auto, margin = pdf.auto_page_break, pdf.b_margin
    pdf.set_auto_page_break(False)  # the footer sits below the page-break line
    x, y = pdf.get_x(), pdf.get_y()
    pdf.set_font(pdfkit.FAMILY, "", 7)
    pdf.set_text_color(*GREY)
    pdf.set_xy(MARGIN, pdf.h - 10)
    pdf.cell(pdf.w - 2 * MARGIN, 4, pdfkit.clip(pdf, text, pdf.w - 2 * MARGIN))
    pdf.set_text_color(0, 0, 0)
    pdf.set_xy(x, y)
    pdf.set_auto_page_break(auto, margin)
