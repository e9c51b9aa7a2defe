"""One person's card, as plain data: who they are and how to reach them, whether they are
here, their day (every meeting, cancelled and no-show ones too), their next meeting, the
rounds they could still meet someone in, and what the journal changed for them today."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlite_utils

from db import journal, read_event, read_meetings, read_people
from floor.domain.clock import hhmm
from floor.domain.errors import Refused
from floor.domain.names import country_label
from floor.domain.time import is_available
from floor.domain.vocabulary import LIVE_STATUSES, STATUS_WORDS
from floor.views.door import NextMeeting, next_meeting


@dataclass(frozen=True)
class AgendaRow:
    meeting_id: int
    round: int
    time: str  # "10:10–10:30"
    table: str
    partner_id: str
    partner: str  # "Céline Maréchal · Azur IoT"
    partner_here: bool
    status: str  # the status word: planned, held, no-show, cancelled
    live: bool
    over: bool  # the round has ended


@dataclass(frozen=True)
class Touched:
    """A journal entry that changed something of theirs."""

    entry_id: int
    at: str  # HH:MM
    actor: str
    summary: str


@dataclass(frozen=True)
class PersonCard:
    person: dict
    status: str  # "checked in 09:19 at door 1", "not checked in", "absent since 10:02"
    contact: list[str]  # the lines under the name
    agenda: list[AgendaRow]
    next_meeting: NextMeeting | None
    open_rounds: list[int]  # rounds not over yet in which they are free and available
    touched: list[Touched]  # newest first

    @property
    def here(self) -> bool:
        return bool(self.person["checked_in_at"])

    @property
    def absent(self) -> bool:
        return bool(self.person["absent_at"])


def status_words(p: dict) -> str:
    if p["absent_at"]:
        checked = f" (checked in {hhmm(p['checked_in_at'])})" if p["checked_in_at"] else ""
        return f"absent for the day since {hhmm(p['absent_at'])}{checked}"
    if p["checked_in_at"]:
        return f"checked in {hhmm(p['checked_in_at'])} at {p['checked_in_station']}"
    return "not checked in"


def _contact(p: dict) -> list[str]:
    first = " · ".join(x for x in (p["organisation"], p["role"]) if x)
    second = " · ".join(x for x in (country_label(p["country"]), p["sector"]) if x)
    third = []
    if p["email"]:
        third.append(p["email"])
    if p["home_table"]:
        third.append(f"own table {p['home_table']}")
    if p["arrive"] or p["leave"]:
        third.append(f"here {p['arrive'] or 'from the start'}–{p['leave'] or 'the end'}")
    if p["walk_in"]:
        third.append("walk-in")
    return [line for line in (first, second, " · ".join(third)) if line]


def _touches(change: dict, pid: str, meeting_ids: set[int]) -> bool:
    key = change["k"]
    if change["t"] == "participant":
        return key.get("id") == pid
    if change["t"] == "token":
        return key.get("participant_id") == pid
    if change["t"] == "meeting":
        images = (change["before"] or {}, change["after"] or {})
        return key.get("id") in meeting_ids or any(pid in (i.get("a"), i.get("b"))
                                                   for i in images)
    return False


def touched(db: sqlite_utils.Database, pid: str, meeting_ids: set[int]) -> list[Touched]:
    """Journal entries that changed this person or one of their meetings, newest first."""
    return [Touched(e["id"], hhmm(e["at"]), e["actor"], e["summary"])
            for e in journal.entries(db, newest_first=True)
            if any(_touches(c, pid, meeting_ids) for c in e["changes"])]


def person_card(db: sqlite_utils.Database, pid: str, now: datetime) -> PersonCard:
    """Raises Refused for an unknown id."""
    p = read_people.participant(db, pid)
    if p is None:
        raise Refused(f"no participant with id {pid!r}")
    timetable = read_event.timetable(db)
    mine = read_meetings.meetings(db, participant_id=pid)
    people = {q["id"]: q for q in read_people.participants(db)}
    rows = []
    for m in mine:
        partner = people[m["b"] if m["a"] == pid else m["a"]]
        org = f" · {partner['organisation']}" if partner["organisation"] else ""
        rnd = timetable.get(m["round"])
        rows.append(AgendaRow(m["id"], m["round"], rnd.span, m["table_name"], partner["id"],
                              partner["name"] + org, bool(partner["checked_in_at"]),
                              STATUS_WORDS[m["status"]], m["status"] in LIVE_STATUSES,
                              rnd.ends <= now))
    busy = {m["round"] for m in mine if m["status"] in LIVE_STATUSES}
    open_rounds = [r.no for r in timetable.rounds
                   if r.ends > now and r.no not in busy and not p["absent_at"]
                   and is_available(p["arrive"], p["leave"],
                                    {"starts": f"{r.starts:%H:%M}", "ends": f"{r.ends:%H:%M}"})]
    return PersonCard(p, status_words(p), _contact(p), rows, next_meeting(db, pid, now),
                      open_rounds, touched(db, pid, {m["id"] for m in mine}))
