"""Who could the partner left alone meet instead, best first.

A stranded person is here, free this round, and their meeting this round was a no-show.
Candidates are people here and free this round (another stranded partner, a walk-in,
someone without a meeting) whom they have not met and are not booked to meet. Open
requests between the two come first, then another stranded partner or a walk-in, then
another country, then the same sector."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlite_utils

from db import read_event, read_meetings, read_people
from floor.domain.time import is_available


@dataclass(frozen=True)
class Proposal:
    stranded: str
    partner: str
    round: int
    table: str
    score: tuple
    reasons: tuple[str, ...] = field(default=())
    request_id: int | None = None


def stranded_in_round(db: sqlite_utils.Database, round_no: int) -> list[dict]:
    """People here and free in the round whose meeting in it was a no-show, with the
    table they were left at."""
    busy = read_meetings.busy_in_round(db, round_no)
    people = {p["id"]: p for p in read_people.participants(db)}
    out, seen = [], set()
    for m in read_meetings.noshow_meetings(db, round_no):
        for pid in (m["a"], m["b"]):
            p = people[pid]
            if (pid in busy or pid in seen or not p["checked_in_at"] or p["absent_at"]
                    or m["noshow_of"] in (None, pid)):
                continue
            seen.add(pid)
            out.append({**p, "left_at": m["table_name"]})
    return out


def _available(p: dict, rnd: dict) -> bool:
    return is_available(p["arrive"], p["leave"], rnd)


def proposals_for(db: sqlite_utils.Database, stranded: dict, round_no: int, *,
                  limit: int = 10) -> list[Proposal]:
    rnd = read_event.round_(db, round_no)
    busy = read_meetings.busy_in_round(db, round_no)
    met = read_meetings.pairs_met_or_booked(db, stranded["id"])
    open_requests = {}
    for r in read_meetings.open_requests(db):
        if stranded["id"] in (r["a"], r["b"]):
            other = r["b"] if r["a"] == stranded["id"] else r["a"]
            open_requests[other] = r
    stranded_ids = {p["id"] for p in stranded_in_round(db, round_no)}
    table = stranded.get("left_at") or stranded["home_table"]
    proposals = []
    for c in read_people.participants(db):
        if (c["id"] == stranded["id"] or c["id"] in busy or c["id"] in met
                or not c["checked_in_at"] or c["absent_at"] or not _available(c, rnd)):
            continue
        where = table
        if stranded["home_table"]:
            where = stranded["home_table"]
        elif c["home_table"]:
            where = c["home_table"]  # they meet only there; it is free if they are free
        if where is None:
            continue
        request = open_requests.get(c["id"])
        reasons = []
        if request:
            reasons.append(f"asked for (priority {request['priority']})")
        if c["id"] in stranded_ids:
            reasons.append("also left alone")
        elif c["walk_in"]:
            reasons.append("walk-in")
        else:
            reasons.append("free this round")
        other_country = c["country"] != stranded["country"]
        if other_country:
            reasons.append(f"from {c['country']}")
        same_sector = bool(c["sector"]) and c["sector"] == stranded["sector"]
        if same_sector:
            reasons.append(c["sector"])
        score = (request["priority"] if request else 0,
                 c["id"] in stranded_ids or bool(c["walk_in"]),
                 other_country, same_sector)
        proposals.append(Proposal(stranded["id"], c["id"], round_no, where, score,
                                  tuple(reasons), request["id"] if request else None))
    proposals.sort(key=lambda p: (tuple(-int(s) for s in p.score), p.partner))
    return proposals[:limit]


def all_proposals(db: sqlite_utils.Database, round_no: int) -> dict[str, list[Proposal]]:
    return {s["id"]: proposals_for(db, s, round_no) for s in stranded_in_round(db, round_no)}
