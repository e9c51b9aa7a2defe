"""One badge scan at a door: judged, logged, and (if good) a check-in, in the same frame
as every other action (one BEGIN IMMEDIATE transaction).

- accepted: the participant's check-in + one journal row (action "checkin", so the
  manager's `undo_check_in` takes it back) + the scan row pointing at that journal row;
- anything else (already, double read, unreadable, foreign, forged, unknown, revoked):
  only the scan row. The scan log is the door's record of refusals; nothing goes to the
  `rejection` table and no state changes.

The answer is built only after the transaction committed, so the door never says
"Welcome" for a scan it did not record; where to go next is read after the commit, so the
write lock is held for the judgement and the writes alone. Two stations scanning the same
badge at once are serialised by the write lock: the first checks the person in, the
second finds them checked in. A second read of the same badge (at any station) within
DOUBLE_READ_SECONDS of the last one is a "double-read": logged, answered calmly, never
alarmed.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlite_utils

from db import read_people, scans
from floor.domain.clock import Clock
from floor.domain.names import person_label
from floor.domain.scanmend import printable, storable
from floor.domain.vocabulary import (
    ALREADY,
    CHECKED_IN,
    CHECKIN_ACTION,
    DOUBLE_READ,
    RED,
    VALID,
    VERDICT_COLOURS,
)
from floor.ops import rules
from floor.ops.base import run
from floor.views import badge
from floor.views.door import ScanAnswer, next_meeting

DOUBLE_READ_SECONDS = 2.0


def scan_badge(db: sqlite_utils.Database, raw: str, *, station: str, clock: Clock,
               double_read_seconds: float = DOUBLE_READ_SECONDS) -> ScanAnswer:
    """Judge one scan and log it; check the person in if the badge is good and they are
    not yet in. Never raises for bad input: every scan gets an answer and a scan row.
    `double_read_seconds=0` turns double-read detection off. A file that cannot be
    written raises (FileProblem, sqlite3.OperationalError): then nothing was recorded."""
    now = clock.now()
    kept = storable(raw)  # a lone surrogate is an unreadable badge, not a crash
    seen: dict = {}

    def body(tx) -> str:
        check = badge.check(tx.db, raw)
        person, verdict, message = check.participant, check.verdict, check.reason
        if verdict == VALID:
            person = read_people.participant(tx.db, person["id"])  # as of this transaction
            last = scans.last_scan_of(tx.db, person["id"])
            if (last and double_read_seconds > 0
                    and _seconds_between(last["at"], now) <= double_read_seconds):
                verdict = DOUBLE_READ
                message = (f"{person_label(person)}: read again within "
                           f"{double_read_seconds:g} s (last at {last['station']})")
            elif person["checked_in_at"]:
                verdict = ALREADY
                message = rules.already_in(person)
            else:
                tx.update("participant", {"id": person["id"]}, rules.checked_in(tx.now, station))
                verdict = CHECKED_IN
                message = f"{person_label(person)} checked in at {station} (badge scan)"
                person = read_people.participant(tx.db, person["id"])

        def log_scan(journal_id: int | None) -> None:
            seen["scan_id"] = scans.append_scan(
                tx.db, at=tx.now, station=station, raw=kept, token=check.token,
                participant_id=person["id"] if person else None, verdict=verdict,
                message=message, journal_id=journal_id)
            seen["journal_id"] = journal_id

        tx.then(log_scan)
        seen.update(check=check, person=person, verdict=verdict, message=message, at=tx.now)
        return message

    run(db, clock, station, CHECKIN_ACTION, {"raw": printable(raw)}, body,
        journal_unchanged=False)
    person, check = seen["person"], seen["check"]
    # Where to go next is read once the lock is let go: four doors and a manager share
    # it, and the timetable and the agenda are a third of a scan's work.
    meeting = (next_meeting(db, person["id"], now)
               if person is not None and VERDICT_COLOURS[seen["verdict"]] != RED else None)
    return ScanAnswer(seen["verdict"], station, seen["at"], kept, seen["message"], check.token,
                      person, meeting,
                      person["checked_in_at"] if person else None,
                      person["checked_in_station"] if person else None,
                      seen["scan_id"], seen["journal_id"], check.notes)


def _seconds_between(earlier: str, now: datetime) -> float:
    return abs((now - datetime.fromisoformat(earlier)) / timedelta(seconds=1))
