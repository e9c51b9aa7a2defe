"""People added on the day (walk-ins)."""

from __future__ import annotations

import sqlite_utils

from db import read_people
from floor.domain.clock import Clock
from floor.domain.errors import Refused
from floor.domain.names import clean, country_code, fold
from floor.ops import rules
from floor.ops.base import Done, run

def next_walk_in_id(db: sqlite_utils.Database) -> str:
    taken = {p["id"] for p in read_people.participants(db)}
    n = 1
    while f"W{n:03d}" in taken:
        n += 1
    return f"W{n:03d}"


def add_participant(db: sqlite_utils.Database, *, name: str, organisation: str,
                    country: str, sector: str = "", role: str = "", email: str = "",
                    participant_id: str | None = None, walk_in: bool = True,
                    check_in_station: str | None = None, with_badge: bool = False,
                    clock: Clock, actor: str = "manager") -> Done:
    """Register a person on the day; with `check_in_station`, also check them in (a
    walk-in registered at the door is, by definition, here); with `with_badge`, also
    issue their first badge token, in the same transaction (a door that prints the QR at
    once can never register a person and fail to give them a badge)."""

    def body(tx):
        person_name, org = clean(name), clean(organisation)
        code = country_code(clean(country))
        if not person_name:
            raise Refused("a name is needed")
        if code is None:
            raise Refused(f"country {country!r}: not a country floor knows; type its "
                          "two-letter code (IT, FR, GR, MT) or its English name")
        pid = clean(participant_id) or next_walk_in_id(tx.db)
        if read_people.participant(tx.db, pid):
            raise Refused(f"participant id {pid!r} is already taken")
        values = {"id": pid, "num": read_people.next_participant_num(tx.db), "name": person_name,
                  "organisation": org, "country": code,
                  "sector": _as_the_event_spells_it(tx.db, clean(sector)),
                  "role": clean(role), "email": clean(email), "walk_in": int(walk_in)}
        if check_in_station:
            values |= rules.checked_in(tx.now, check_in_station)
        tx.insert("participant", values)
        if with_badge:
            tx.insert("token", {"participant_id": pid, "serial": 1, "issued_at": tx.now,
                                "revoked_at": None})
        kind = "walk-in" if walk_in else "participant"
        here = f", checked in at {check_in_station}" if check_in_station else ""
        return f"new {kind} {pid} {person_name} ({org}, {code}){here}"

    return run(db, clock, actor, "add-participant", {"name": name, "id": participant_id},
               body)


def _as_the_event_spells_it(db: sqlite_utils.Database, sector: str) -> str:
    """A sector typed at the desk, in the spelling the event already uses for it ("ict"
    -> "ICT"), so reports do not split one sector in two."""
    known = {fold(p["sector"]): p["sector"] for p in read_people.participants(db)
             if p["sector"]}
    return known.get(fold(sector), sector)
