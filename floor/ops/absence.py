"""Absent for the day: release a person's later meetings at once, and fill their
partners' freed rounds from open requests, without moving any other meeting."""

from __future__ import annotations

import sqlite_utils

from db import queries
from floor.clock import Clock
from floor.ops import rules
from floor.ops.base import Done, Refused, run
from floor.timeslots import is_available
from floor.model import Round


def mark_absent(db: sqlite_utils.Database, participant_id: str, *, clock: Clock,
                actor: str = "manager", refill: bool = True) -> Done:
    def body(tx):
        p = rules.person(tx.db, participant_id)
        if p["absent_at"]:
            raise Refused(f"{rules.label(p)} is already marked absent ({p['absent_at'][11:16]})")
        now = clock.now()
        timetable = rules.timetable(tx.db)
        tx.update("participant", {"id": p["id"]}, {"absent_at": tx.now})
        released, freed = 0, []
        for m in queries.meetings(tx.db, participant_id=p["id"], live_only=True):
            if m["status"] != "planned" or timetable.is_over(m["round"], now):
                continue
            if timetable.has_started(m["round"], now):
                tx.update("meeting", {"id": m["id"]}, {"status": "noshow", "noshow_of": p["id"]})
            else:
                tx.update("meeting", {"id": m["id"]}, {"status": "cancelled"})
                partner = m["b"] if m["a"] == p["id"] else m["a"]
                freed.append((partner, m["round"], m["table_name"]))
            released += 1
        filled = _refill(tx, freed) if refill else []
        text = f"{rules.label(p)} absent for the day: {released} meeting(s) released"
        if filled:
            text += "; refilled " + ", ".join(filled)
        return text

    return run(db, clock, actor, "absent", {"participant": participant_id}, body)


def _refill(tx, freed: list[tuple[str, int, str]]) -> list[str]:
    """For each partner's freed round, place their best open request with someone free
    then, at the freed table (or a home table the rules demand)."""
    filled = []
    rounds = {r["no"]: r for r in queries.rounds(tx.db)}
    for partner_id, round_no, table_name in freed:
        partner = queries.participant(tx.db, partner_id)
        if partner["absent_at"]:
            continue
        rnd = rounds[round_no]
        span = Round(rnd["no"], rnd["starts"], rnd["ends"])
        busy = queries.busy_in_round(tx.db, round_no)
        if partner_id in busy or not is_available(partner["arrive"], partner["leave"], span):
            continue
        for request in queries.open_requests(tx.db):  # priority first
            if partner_id not in (request["a"], request["b"]):
                continue
            other = queries.participant(tx.db, request["b"] if request["a"] == partner_id
                                        else request["a"])
            if other["id"] in busy or other["absent_at"] or not is_available(
                    other["arrive"], other["leave"], span):
                continue
            homes = [h for h in (partner["home_table"], other["home_table"]) if h]
            where = table_name if not homes or table_name in homes else homes[0]
            if queries.live_meeting_at(tx.db, round_no, where):
                continue
            tx.insert("meeting", {"round": round_no, "table_name": where, "a": request["a"],
                                  "b": request["b"], "request_id": request["id"],
                                  "status": "planned", "origin": "rematch"})
            filled.append(f"{request['a']}–{request['b']} in round {round_no} at {where}")
            break
    return filled
