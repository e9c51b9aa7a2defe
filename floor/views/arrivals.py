"""Who is not here yet: everyone expected (not checked in, not marked absent) with their
next meeting and partner, late ones first (their meeting has started without them), then
by how soon the next meeting starts, then A to Z. The floor's list and
`floor people --not-arrived` show the same."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlite_utils

from db import read_event, read_people
from floor.domain.names import sort_key
from floor.views.door import NextMeeting, next_meeting


@dataclass(frozen=True)
class Awaited:
    person: dict
    next_meeting: NextMeeting | None
    minutes: int | None  # until that meeting starts; negative: late by that much

    @property
    def late(self) -> bool:
        return self.minutes is not None and self.minutes <= 0

    def when(self) -> str:
        if self.minutes is None:
            return "no meeting left"
        if self.late:
            return f"LATE {-self.minutes} min"
        return f"in {self.minutes} min"

    def meeting(self) -> str:
        nxt = self.next_meeting
        if nxt is None:
            return "—"
        here = "here" if nxt.partner_here else "not here either"
        return (f"{nxt.starts} round {nxt.round} at {nxt.table} with {nxt.partner_name}"
                f" ({nxt.partner_organisation}, {here})")

    def line(self) -> str:
        p = self.person
        return "  ".join((p["id"], p["name"], p["organisation"] or "—", self.when(),
                          self.meeting()))


def not_arrived(db: sqlite_utils.Database, now: datetime) -> list[Awaited]:
    timetable = read_event.timetable(db)
    out = []
    for p in read_people.participants(db):
        if p["checked_in_at"] or p["absent_at"]:
            continue
        nxt = next_meeting(db, p["id"], now)
        minutes = None
        if nxt is not None:
            starts = timetable.get(nxt.round).starts
            minutes = int((starts - now).total_seconds() / 60)  # toward zero
        out.append(Awaited(p, nxt, minutes))
    return sorted(out, key=lambda a: (a.minutes is None, a.minutes or 0,
                                      sort_key(a.person["name"])))
