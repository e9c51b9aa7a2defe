"""The day as the printouts read it: people (A to Z whatever their script), live
meetings, rounds and breaks, in order (agendas, signs, the catalogue)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlite_utils

from db import read_event, read_meetings, read_people
from floor.domain.names import sort_key
from floor.domain.time import RoundTime, Timetable


@dataclass
class Day:
    event: dict
    timetable: Timetable
    breaks: list[dict]
    tables: list[str]
    people: dict[str, dict]  # A to Z by name in Latin letters: the order pages are printed
    meetings: list[dict]  # live (planned or held), by round then table
    by_person: dict[str, list[dict]] = field(default_factory=dict)
    by_table: dict[str, list[dict]] = field(default_factory=dict)

    def partner(self, m: dict, pid: str) -> dict:
        return self.people[m["b"] if m["a"] == pid else m["a"]]

    def round(self, no: int) -> RoundTime:
        return self.timetable.get(no)

    def time(self, no: int) -> str:
        return self.timetable.get(no).span

    def timeline(self) -> list[tuple[datetime, str, object]]:
        """Rounds and breaks in time order: (start, "round"|"break", RoundTime|dict)."""
        items = [(r.starts, "round", r) for r in self.timetable.rounds]
        for b in self.breaks:
            start = datetime.fromisoformat(f"{self.event['date']}T{b['starts']}")
            items.append((start, "break", b))
        return sorted(items, key=lambda i: (i[0], i[1] == "round"))


def load_day(db: sqlite_utils.Database) -> Day:
    ev = read_event.event(db)
    breaks = read_event.breaks(db)
    day = Day(ev, read_event.timetable(db), breaks,
              read_event.tables(db),
              {p["id"]: p for p in sorted(read_people.participants(db),
                                          key=lambda p: sort_key(p["name"]))},
              read_meetings.meetings(db, live_only=True))
    for m in day.meetings:
        day.by_person.setdefault(m["a"], []).append(m)
        day.by_person.setdefault(m["b"], []).append(m)
        day.by_table.setdefault(m["table_name"], []).append(m)
    return day
