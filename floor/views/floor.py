"""Everything a floor screen shows, read in one go: the plain-data model behind the grid,
the header counts and the details pane. Knows nothing of Textual."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlite_utils

from db import read_event, read_meetings, read_people
from floor.domain.names import fold
from floor.domain.state import meeting_state
from floor.domain.time import Timetable
from floor.domain.vocabulary import AT_RISK, NOSHOW, REMATCH, RUNNING, is_live


@dataclass
class FloorSnapshot:
    event: dict
    timetable: Timetable
    tables: list[str]
    people: dict[str, dict]
    meetings: dict[int, dict]
    # (table, round) -> meeting id: the live meeting, else the latest one that was there
    cells: dict[tuple[str, int], int] = field(default_factory=dict)
    by_person: dict[str, list[int]] = field(default_factory=dict)
    journal_id: int = 0

    @property
    def rounds(self) -> list[int]:
        return [r.no for r in self.timetable.rounds]

    def state(self, meeting_id: int, now: datetime) -> str:
        m = self.meetings[meeting_id]
        return meeting_state(m, self.people[m["a"]], self.people[m["b"]], self.timetable,
                             now, self.event["grace_minutes"])

    def cell(self, table: str, round_no: int) -> dict | None:
        meeting_id = self.cells.get((table, round_no))
        return None if meeting_id is None else self.meetings[meeting_id]

    def agenda(self, person_id: str) -> list[dict]:
        return sorted((self.meetings[i] for i in self.by_person.get(person_id, ())),
                      key=lambda m: (m["round"], m["id"]))

    def counts(self, now: datetime) -> dict[str, int]:
        expected = [p for p in self.people.values() if not p["absent_at"]]
        current = self.timetable.current(now)
        running = at_risk = 0
        if current:
            for (table, no), mid in self.cells.items():
                if no == current.no:
                    state = self.state(mid, now)
                    running += state == RUNNING
                    at_risk += state == AT_RISK
        statuses = [m["status"] for m in self.meetings.values()]
        return {
            "checked_in": sum(1 for p in self.people.values() if p["checked_in_at"]),
            "expected": len(expected),
            "running": running,
            "at_risk": at_risk,
            "noshow": statuses.count(NOSHOW),
            "rematched": sum(1 for m in self.meetings.values()
                             if m["origin"] == REMATCH and is_live(m)),
        }


def patched(snapshot: FloorSnapshot, entries: list[dict]) -> FloorSnapshot | None:
    """A copy of `snapshot` with the journal entries' row images applied, or None when
    they touch something a patch cannot follow (then reload). Cheap: a door scan
    changes one participant, a move one meeting. Idempotent: the feed also reports this
    screen's own actions, which the read right after them already holds."""
    snap = FloorSnapshot(snapshot.event, snapshot.timetable, snapshot.tables,
                         dict(snapshot.people), dict(snapshot.meetings), dict(snapshot.cells),
                         dict(snapshot.by_person), snapshot.journal_id)
    dirty: set[tuple[str, int]] = set()
    for entry in entries:
        for change in entry["changes"]:
            table, key, after = change["t"], change["k"], change["after"]
            if table == "participant":
                pid = key["id"]
                if after is None:
                    snap.people.pop(pid, None)
                elif change["before"] is None:
                    snap.people[pid] = dict(after)
                else:
                    snap.people[pid] = {**snap.people[pid], **after}
            elif table == "meeting":
                mid = key["id"]
                old = snap.meetings.get(mid)
                if old is not None:
                    dirty.add((old["table_name"], old["round"]))
                if after is None:
                    snap.meetings.pop(mid, None)
                    continue
                if change["before"] is None:
                    new = dict(after)
                    for pid in (new["a"], new["b"]):  # once: the snapshot may have it already
                        known = snap.by_person.get(pid, [])
                        if mid not in known:
                            snap.by_person[pid] = [*known, mid]
                elif old is None:
                    return None
                else:
                    new = {**old, **after}
                snap.meetings[mid] = new
                dirty.add((new["table_name"], new["round"]))
            elif table in ("request", "token", "setting"):
                continue
            else:
                return None
        snap.journal_id = max(snap.journal_id, entry["id"])
    for cell in dirty:
        _place_cell(snap, cell)
    for pid, ids in snap.by_person.items():
        if any(i not in snap.meetings for i in ids):
            snap.by_person[pid] = [i for i in ids if i in snap.meetings]
    return snap


def _place_cell(snap: FloorSnapshot, cell: tuple[str, int]) -> None:
    """The live meeting at a (table, round), else the latest one that was there."""
    here = [m for m in snap.meetings.values() if (m["table_name"], m["round"]) == cell]
    live = [m for m in here if is_live(m)]
    chosen = (live or sorted(here, key=lambda m: m["id"])[-1:] or [None])[0]
    if chosen is None:
        snap.cells.pop(cell, None)
    else:
        snap.cells[cell] = chosen["id"]


def load_snapshot(db: sqlite_utils.Database) -> FloorSnapshot:
    from db import journal

    event = read_event.event(db)
    timetable = read_event.timetable(db)
    snap = FloorSnapshot(event, timetable, read_event.tables(db),
                         {p["id"]: p for p in read_people.participants(db)}, {},
                         journal_id=journal.last_id(db))
    for m in read_meetings.meetings(db):
        snap.meetings[m["id"]] = m
        key = (m["table_name"], m["round"])
        if is_live(m) or key not in snap.cells or not is_live(snap.meetings[snap.cells[key]]):
            snap.cells[key] = m["id"]
        for pid in (m["a"], m["b"]):
            snap.by_person.setdefault(pid, []).append(m["id"])
    return snap


def find(snapshot: FloorSnapshot, text: str, limit: int = 20) -> list[tuple[str, str, str]]:
    """Participants, organisations and tables matching part of a name:
    [(kind, key, label)]."""
    needle = fold(text.strip())
    if not needle:
        return []
    hits = []
    for table in snapshot.tables:
        if needle in fold(table):
            hits.append(("table", table, f"table {table}"))
    for p in snapshot.people.values():
        if needle in fold(p["name"]) or needle in fold(p["organisation"]) or needle == fold(p["id"]):
            hits.append(("person", p["id"],
                         f"{p['name']} · {p['organisation']} ({p['country']}) · {p['id']}"))
    return hits[:limit]
