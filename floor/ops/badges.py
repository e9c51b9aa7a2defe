"""Badge tokens: issue one to whoever has none (printing badges), reissue one (reprint:
the old badge is revoked). Each call is one transaction and one journal row."""

from __future__ import annotations

from typing import Iterable

import sqlite_utils

from db import read_people, scans
from floor.domain.clock import Clock
from floor.domain.errors import Refused
from floor.domain.names import person_label
from floor.domain.tokens import MAX_SERIAL
from floor.ops import rules
from floor.ops.base import Done, run


def issue_tokens(db: sqlite_utils.Database, participant_ids: Iterable[str] | None = None,
                 *, clock: Clock, actor: str = "manager") -> Done | None:
    """Give a first valid token to each listed person (default: everyone) who has none.
    Returns None when everyone listed already has one (nothing to journal)."""
    wanted = None if participant_ids is None else list(dict.fromkeys(participant_ids))
    for pid in wanted or ():
        rules.person(db, pid)  # an unknown id is refused before anything is written
    have = scans.valid_tokens(db)
    people = (read_people.participants(db) if wanted is None
              else [read_people.participant(db, pid) for pid in wanted])
    if all(p["id"] in have for p in people):
        return None

    # Who is listed was read above, before the write lock (everyone: a full read four
    # doors would wait for); who holds a valid token is read again inside. A person
    # registered in between gets theirs at the next issue (a walk-in at the door gets
    # one in the same transaction as their registration).
    def body(tx):
        valid = scans.valid_tokens(tx.db)  # again, inside the transaction
        issued = []
        for p in people:
            if p["id"] in valid:
                continue
            serial = scans.next_serial(tx.db, p["id"])
            tx.insert("token", {"participant_id": p["id"], "serial": serial,
                                "issued_at": tx.now, "revoked_at": None})
            issued.append(p["id"])
        shown = ", ".join(issued[:5]) + (f" and {len(issued) - 5} more" if len(issued) > 5
                                         else "")
        return f"badge tokens issued for {len(issued)}: {shown}"

    return run(db, clock, actor, "issue-tokens", {"participants": wanted}, body)


def reissue_token(db: sqlite_utils.Database, participant_id: str, *, clock: Clock,
                  actor: str = "manager") -> Done:
    """A new badge for one person (lost, misprinted, name corrected): revokes the valid
    token, if any, and issues the next serial."""

    def body(tx):
        p = rules.person(tx.db, participant_id)
        serial = scans.next_serial(tx.db, p["id"])
        if serial > MAX_SERIAL:
            raise Refused(f"{person_label(p)} already had {MAX_SERIAL} badges")
        old = scans.valid_token(tx.db, p["id"])
        if old:
            tx.update("token", {"participant_id": p["id"], "serial": old["serial"]},
                      {"revoked_at": tx.now})
        tx.insert("token", {"participant_id": p["id"], "serial": serial,
                            "issued_at": tx.now, "revoked_at": None})
        revoked = f", badge {old['serial']} revoked" if old else ""
        return f"new badge {serial} for {person_label(p)}{revoked}"

    return run(db, clock, actor, "reissue-token", {"participant": participant_id}, body)
