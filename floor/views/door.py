"""The door's answer to a scan, as plain data: who, where to go next, in words and a
colour. The screen, `floor checkin` and the served door all say the same thing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlite_utils

from db import read_event, read_meetings, read_people
from floor.domain.clock import hhmm
from floor.domain.vocabulary import (
    ALREADY,
    CHECKED_IN,
    DOUBLE_READ,
    PLANNED,
    RED,
    VERDICT_COLOURS,
    VERDICT_TITLES,
)


@dataclass(frozen=True)
class NextMeeting:
    round: int
    table: str
    starts: str  # HH:MM
    ends: str
    partner_id: str
    partner_name: str
    partner_organisation: str
    partner_here: bool
    running: bool  # the round is under way now

    def line(self) -> str:
        partner = f"{self.partner_name} ({self.partner_organisation})"
        if self.running:
            here = "is there" if self.partner_here else "has not arrived yet"
            return (f"Go to table {self.table} now (round {self.round}, until {self.ends}): "
                    f"{partner} {here}")
        here = "is here" if self.partner_here else "has not arrived yet"
        return (f"Next: table {self.table} at {self.starts} (round {self.round}) with "
                f"{partner}, who {here}")


@dataclass(frozen=True)
class ScanAnswer:
    verdict: str  # the scan table's verdict
    station: str
    at: str
    raw: str
    message: str  # the reason or summary, as logged
    token: str | None = None
    participant: dict | None = field(default=None, repr=False)
    next_meeting: NextMeeting | None = None
    checked_in_at: str | None = None  # when and where they were checked in (amber)
    checked_in_station: str | None = None
    scan_id: int | None = None
    journal_id: int | None = None
    notes: tuple[str, ...] = ()

    @property
    def colour(self) -> str:
        return VERDICT_COLOURS[self.verdict]

    @property
    def accepted(self) -> bool:
        return self.verdict == CHECKED_IN

    @property
    def title(self) -> str:
        return VERDICT_TITLES[self.verdict]

    @property
    def who(self) -> str | None:
        p = self.participant
        if p is None:
            return None
        return f"{p['name']} — {p['organisation']}" if p["organisation"] else p["name"]

    def lines(self) -> list[str]:
        """The answer in words, most important first (screen and `floor checkin`)."""
        out = [self.title + (f", {self.participant['name']}" if self.accepted else "")]
        if self.who and not self.accepted:
            out.append(self.who)
        elif self.accepted and self.participant["organisation"]:
            out.append(self.participant["organisation"])
        if self.verdict in (ALREADY, DOUBLE_READ) and self.checked_in_at:
            out.append(f"checked in at {hhmm(self.checked_in_at)} at "
                       f"{self.checked_in_station}")
        if self.participant is not None and self.colour != RED:
            out.append(self.next_meeting.line() if self.next_meeting
                       else "No meeting left today: ask at the desk")
        if self.colour == RED:
            out.append(self.message)
            out.append("Please see the registration desk")
        return out


def next_meeting(db: sqlite_utils.Database, participant_id: str,
                 now: datetime) -> NextMeeting | None:
    """The person's live meeting that is running now, or else the next to start."""
    timetable = read_event.timetable(db)
    for m in read_meetings.meetings(db, participant_id=participant_id, live_only=True):
        if m["status"] != PLANNED:
            continue
        rnd = timetable.get(m["round"])
        if rnd.ends <= now:
            continue
        partner = read_people.participant(db, m["b"] if m["a"] == participant_id else m["a"])
        return NextMeeting(m["round"], m["table_name"], f"{rnd.starts:%H:%M}",
                           f"{rnd.ends:%H:%M}", partner["id"], partner["name"],
                           partner["organisation"], bool(partner["checked_in_at"]),
                           rnd.starts <= now)
    return None


@dataclass(frozen=True)
class NotRecorded:
    """A scan the event file did not take: never the previous person's answer. `kept`:
    it waits in the door's queue and is sent as soon as the file takes writes again."""

    raw: str
    at: str
    why: str  # one sentence: what is wrong with the file
    kept: bool
    waiting: int = 0  # scans not recorded yet, this one included

    colour = RED
    title = "Not recorded"

    def lines(self) -> list[str]:
        out = [self.title, self.why]
        if self.kept:
            out.append("Scan again or check in by name at the desk")
            out.append(f"Kept: sent as soon as the event file takes writes again "
                       f"({self.waiting} waiting)")
        else:
            out.append("Check in by name at the desk")
        return out

