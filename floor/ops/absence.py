"""Absent for the day: release a person's later meetings at once, and fill their
partners' freed rounds from open requests, without moving any other meeting."""

from __future__ import annotations

import sqlite_utils

from db import read_event, read_meetings, read_people
from floor.domain.clock import Clock, hhmm
from floor.domain.errors import Refused
from floor.domain.names import person_label
from floor.domain.time import is_available
from floor.domain.vocabulary import CANCELLED, NOSHOW, PLANNED, REMATCH
from floor.ops import rules
from floor.ops.base import Done, run


def mark_absent(db: sqlite_utils.Database, participant_id: str, *, clock: Clock,
                actor: str = "manager", refill: bool = True) -> Done:
    # The open requests are read before the write lock is taken (the whole request table:
    # tens of ms that four doors would wait for); inside, each is checked again before
    # it is placed.
    open_requests = read_meetings.open_requests(db) if refill else []

    def body(tx):
        p = rules.person(tx.db, participant_id)
        if p["absent_at"]:
            raise Refused(f"{person_label(p)} is already marked absent ({hhmm(p['absent_at'])})")
        now = clock.now()
        timetable = read_event.timetable(tx.db)
        tx.update("participant", {"id": p["id"]}, {"absent_at": tx.now})
        released, freed = 0, []
        for m in read_meetings.meetings(tx.db, participant_id=p["id"], live_only=True):
            if m["status"] != PLANNED or timetable.is_over(m["round"], now):
                continue
            if timetable.has_started(m["round"], now):
                tx.update("meeting", {"id": m["id"]}, {"status": NOSHOW, "noshow_of": p["id"]})
            else:
                tx.update("meeting", {"id": m["id"]}, {"status": CANCELLED})
                partner = m["b"] if m["a"] == p["id"] else m["a"]
                freed.append((partner, m["round"], m["table_name"]))
            released += 1
        filled = _refill(tx, freed, open_requests) if refill else []
        text = f"{person_label(p)} absent for the day: {released} meeting(s) released"
        if filled:
            text += "; refilled " + ", ".join(filled)
        return text

    return run(db, clock, actor, "absent", {"participant": participant_id}, body)


def _refill(tx, freed: list[tuple[str, int, str]], open_requests: list[dict]) -> list[str]:
    """For each partner's freed round, place their best open request with someone free
    then, at the freed table (or a home table the rules demand). `open_requests` (most
    wanted first) were read before the transaction: one placed since (by another
    station, or by this refill) has a live meeting of its pair now and is passed over."""
    filled = []
    rounds = {r["no"]: r for r in read_event.rounds(tx.db)}
    for partner_id, round_no, table_name in freed:
        partner = read_people.participant(tx.db, partner_id)
        if partner["absent_at"]:
            continue
        rnd = rounds[round_no]
        busy = read_meetings.busy_in_round(tx.db, round_no)
        if partner_id in busy or not is_available(partner["arrive"], partner["leave"], rnd):
            continue
        for request in open_requests:  # priority first
            if partner_id not in (request["a"], request["b"]):
                continue
            other = read_people.participant(tx.db, request["b"] if request["a"] == partner_id
                                        else request["a"])
            if other["id"] in busy or other["absent_at"] or not is_available(
                    other["arrive"], other["leave"], rnd):
                continue
            if read_meetings.live_meeting_of_pair(tx.db, request["a"], request["b"]):
                continue  # placed meanwhile
            homes = [h for h in (partner["home_table"], other["home_table"]) if h]
            where = table_name if not homes or table_name in homes else homes[0]
            if read_meetings.live_meeting_at(tx.db, round_no, where):
                continue
            tx.insert("meeting", {"round": round_no, "table_name": where, "a": request["a"],
                                  "b": request["b"], "request_id": request["id"],
                                  "status": PLANNED, "origin": REMATCH})
            filled.append(f"{request['a']}–{request['b']} in round {round_no} at {where}")
            break
    return filled
