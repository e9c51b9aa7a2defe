"""One badge scan at a door: judged, logged, and (if good) a check-in, all in one
BEGIN IMMEDIATE transaction.

- accepted: the participant's check-in + one journal row (action "checkin", so the
  manager's `undo_check_in` takes it back) + the scan row pointing at that journal row;
- anything else (already, double read, unreadable, foreign, forged, unknown, revoked):
  only the scan row. The scan log is the door's record of refusals; nothing goes to the
  `rejection` table and no state changes.

Two stations scanning the same badge at once are serialised by the write lock: the first
checks the person in, the second finds them checked in. A second read of the same badge
(at any station) within DOUBLE_READ_SECONDS of the last one is a "double-read": logged,
answered calmly, never alarmed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlite_utils

from db import journal, queries, scans
from db.transaction import write_transaction
from floor import tokens
from floor.clock import Clock, stamp
from floor.ops import rules
from floor.ops.base import Tx
from floor.scanmend import printable
from floor.timetable import Timetable

DOUBLE_READ_SECONDS = 2.0

COLOURS = {"checked-in": "green", "already": "amber", "double-read": "amber",
           "unknown": "red", "forged": "red", "foreign": "red", "revoked": "red",
           "unreadable": "red"}

TITLES = {"checked-in": "Welcome", "already": "Already checked in",
          "double-read": "Already checked in (read twice)", "unknown": "Unknown badge",
          "forged": "Forged badge", "foreign": "Badge from another event",
          "revoked": "Revoked badge", "unreadable": "Cannot read this scan"}


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
        return COLOURS[self.verdict]

    @property
    def accepted(self) -> bool:
        return self.verdict == "checked-in"

    @property
    def title(self) -> str:
        return TITLES[self.verdict]

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
        if self.verdict in ("already", "double-read") and self.checked_in_at:
            out.append(f"checked in at {self.checked_in_at[11:16]} at "
                       f"{self.checked_in_station}")
        if self.participant is not None and self.colour != "red":
            out.append(self.next_meeting.line() if self.next_meeting
                       else "No meeting left today: ask at the desk")
        if self.colour == "red":
            out.append(self.message)
            out.append("Please see the registration desk")
        return out


def next_meeting(db: sqlite_utils.Database, participant_id: str,
                 now: datetime) -> NextMeeting | None:
    """The person's live meeting that is running now, or else the next to start."""
    ev = queries.event(db)
    timetable = Timetable(ev["date"], queries.rounds(db), queries.breaks(db))
    for m in queries.meetings(db, participant_id=participant_id, live_only=True):
        if m["status"] != "planned":
            continue
        rnd = timetable.get(m["round"])
        if rnd.ends <= now:
            continue
        partner = queries.participant(db, m["b"] if m["a"] == participant_id else m["a"])
        return NextMeeting(m["round"], m["table_name"], f"{rnd.starts:%H:%M}",
                           f"{rnd.ends:%H:%M}", partner["id"], partner["name"],
                           partner["organisation"], bool(partner["checked_in_at"]),
                           rnd.starts <= now)
    return None


def scan_badge(db: sqlite_utils.Database, raw: str, *, station: str, clock: Clock,
               double_read_seconds: float = DOUBLE_READ_SECONDS) -> ScanAnswer:
    """Judge one scan and log it; check the person in if the badge is good and they are
    not yet in. Never raises for bad input: every scan gets an answer and a scan row.
    `double_read_seconds=0` turns double-read detection off."""
    now = clock.now()
    at = stamp(now)
    with write_transaction(db):
        check = tokens.check(db, raw)
        person = check.participant
        journal_id = None
        verdict = {"valid": None}.get(check.verdict, check.verdict)
        message = check.reason
        if verdict is None:
            person = queries.participant(db, person["id"])  # as of this transaction
            last = scans.last_scan_of(db, person["id"])
            if (last and double_read_seconds > 0
                    and _seconds_between(last["at"], now) <= double_read_seconds):
                verdict = "double-read"
                message = (f"{rules.label(person)}: read again within "
                           f"{double_read_seconds:g} s (last at {last['station']})")
            elif person["checked_in_at"]:
                verdict = "already"
                message = (f"{rules.label(person)} is already checked in: "
                           f"{person['checked_in_at'][11:16]} at "
                           f"{person['checked_in_station']}")
            else:
                tx = Tx(db, at)
                tx.update("participant", {"id": person["id"]},
                          {"checked_in_at": at, "checked_in_station": station,
                           "absent_at": None})
                message = f"{rules.label(person)} checked in at {station} (badge scan)"
                journal_id = journal.append(db, at=at, actor=station, action="checkin",
                                            summary=message, changes=tx.changes)
                verdict = "checked-in"
                person = queries.participant(db, person["id"])
        scan_id = scans.append_scan(
            db, at=at, station=station, raw=raw, token=check.token,
            participant_id=person["id"] if person else None, verdict=verdict,
            message=message, journal_id=journal_id)
        meeting = (next_meeting(db, person["id"], now)
                   if person is not None and COLOURS[verdict] != "red" else None)
    return ScanAnswer(verdict, station, at, raw, message, check.token, person, meeting,
                      person["checked_in_at"] if person else None,
                      person["checked_in_station"] if person else None,
                      scan_id, journal_id, check.notes)


def _seconds_between(earlier: str, now: datetime) -> float:
    return abs((now - datetime.fromisoformat(earlier)) / timedelta(seconds=1))


def describe_raw(raw: str) -> str:
    """The raw scan, printable, for logs and screens."""
    return printable(raw)
