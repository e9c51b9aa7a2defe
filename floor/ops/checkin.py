"""Checking people in at the door (and taking it back)."""

from __future__ import annotations

import sqlite_utils

from db import journal
from floor.domain.clock import Clock
from floor.domain.errors import Refused
from floor.domain.names import person_label
from floor.domain.vocabulary import CHECKIN_ACTION
from floor.ops import rules
from floor.ops.base import Done, run
from floor.ops.undo import undo


def check_in(db: sqlite_utils.Database, participant_id: str, *, clock: Clock,
             station: str = "manager") -> Done:
    def body(tx):
        p = rules.person(tx.db, participant_id)
        if p["checked_in_at"]:
            raise Refused(rules.already_in(p))
        tx.update("participant", {"id": p["id"]}, rules.checked_in(tx.now, station))
        return f"{person_label(p)} checked in at {station}"

    return run(db, clock, station, CHECKIN_ACTION, {"participant": participant_id}, body)


def undo_check_in(db: sqlite_utils.Database, participant_id: str, *, clock: Clock,
                  actor: str = "manager") -> Done:
    """Take back the check-in of one person (a badge scanned by mistake), even if other
    actions came after it."""
    p = rules.person(db, participant_id)
    if not p["checked_in_at"]:
        raise Refused(f"{person_label(p)} is not checked in")
    entry = journal.newest_touching(db, "participant", {"id": p["id"]},
                                    action=CHECKIN_ACTION)
    if entry is not None:
        return undo(db, entry["id"], clock=clock, actor=actor)
    raise Refused(f"no check-in of {person_label(p)} in the journal to take back")
