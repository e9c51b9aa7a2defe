"""Changing meetings: held, no-show, cancel, move, swap, add, and bulk placement."""

from __future__ import annotations

from typing import Iterable

import sqlite_utils

from db import read_meetings
from floor.domain.clock import Clock
from floor.domain.errors import Refused
from floor.domain.names import person_label
from floor.domain.vocabulary import (
    CANCELLED,
    HELD,
    NOSHOW,
    PLANNED,
    SCHEDULED,
    SPONTANEOUS,
    STATUS_WORDS,
)
from floor.ops import rules
from floor.ops.base import Done, run

ONLY_PLANNED = (PLANNED,)


def mark_held(db: sqlite_utils.Database, meeting_id: int, *, clock: Clock,
              actor: str = "manager") -> Done:
    """The meeting took place (its round has started)."""
    return _close_planned(db, meeting_id, HELD, clock=clock, actor=actor, action="held",
                          verb="mark as held", when=rules.has_started, done_words="held")


def mark_noshow(db: sqlite_utils.Database, meeting_id: int, absent: str | None = None, *,
                clock: Clock, actor: str = "manager") -> Done:
    """The meeting did not happen because `absent` (one of the two; None: both) did not
    come. It frees the table and the other person's seat for a re-match."""

    def body(tx):
        m = rules.meeting(tx.db, meeting_id)
        rules.status(m, ONLY_PLANNED, "mark as no-show")
        if absent is not None and absent not in (m["a"], m["b"]):
            raise Refused(f"{absent} is not in {rules.meeting_label(m)}")
        rules.has_started(tx.db, m["round"], clock.now(),
                          f"cannot mark {rules.meeting_label(m)} a no-show yet")
        tx.update("meeting", {"id": m["id"]}, {"status": NOSHOW, "noshow_of": absent})
        who = absent or "both"
        return f"no-show ({who}): {rules.meeting_label(m)}"

    return run(db, clock, actor, "noshow", {"meeting": meeting_id, "absent": absent}, body)


def cancel(db: sqlite_utils.Database, meeting_id: int, *, clock: Clock,
           actor: str = "manager") -> Done:
    """The meeting will not take place (its round is not over)."""
    return _close_planned(db, meeting_id, CANCELLED, clock=clock, actor=actor,
                          action="cancel", verb="cancel", when=rules.not_over,
                          done_words="cancelled")


def _close_planned(db, meeting_id: int, status: str, *, clock: Clock, actor: str, action: str,
                   verb: str, when, done_words: str) -> Done:
    """A planned meeting gets its final `status`, if `when` (a time rule) allows it now."""

    def body(tx):
        m = rules.meeting(tx.db, meeting_id)
        rules.status(m, ONLY_PLANNED, verb)
        when(tx.db, m["round"], clock.now(), f"cannot {verb} {rules.meeting_label(m)}")
        tx.update("meeting", {"id": m["id"]}, {"status": status})
        return f"{done_words}: {rules.meeting_label(m)}"

    return run(db, clock, actor, action, {"meeting": meeting_id}, body)


def move(db: sqlite_utils.Database, meeting_id: int, *, table: str | None = None,
         round_no: int | None = None, clock: Clock, actor: str = "manager") -> Done:
    """Move a planned meeting to another table and/or round, where both people are free
    and available and the table is free."""

    def body(tx):
        m = rules.meeting(tx.db, meeting_id)
        rules.status(m, ONLY_PLANNED, "move")
        now = clock.now()
        what = f"cannot move {rules.meeting_label(m)}"
        rules.not_over(tx.db, m["round"], now, what)
        new_round = m["round"] if round_no is None else rules.round_no(tx.db, round_no)["no"]
        new_table = m["table_name"] if table is None else rules.table(tx.db, table)
        if (new_round, new_table) == (m["round"], m["table_name"]):
            raise Refused(f"{rules.meeting_label(m)} is already there")
        rules.not_over(tx.db, new_round, now, what)
        a, b = rules.person(tx.db, m["a"]), rules.person(tx.db, m["b"])
        for p in (a, b):
            rules.available(tx.db, p, new_round)
            rules.free_in_round(tx.db, p, new_round, ignore_meeting=m["id"])
        rules.table_free(tx.db, new_table, new_round, ignore_meeting=m["id"])
        rules.home_table_allows(a, b, new_table)
        tx.update("meeting", {"id": m["id"]}, {"round": new_round, "table_name": new_table})
        return (f"moved meeting {m['id']} ({m['a']}–{m['b']}) from round {m['round']} "
                f"{m['table_name']} to round {new_round} {new_table}")

    return run(db, clock, actor, "move",
               {"meeting": meeting_id, "table": table, "round": round_no}, body)


def swap_tables(db: sqlite_utils.Database, first_id: int, second_id: int, *, clock: Clock,
                actor: str = "manager") -> Done:
    """Two planned meetings exchange tables (each keeps its round)."""

    def body(tx):
        first, second = rules.meeting(tx.db, first_id), rules.meeting(tx.db, second_id)
        if first["id"] == second["id"]:
            raise Refused("a meeting cannot swap with itself")
        for m in (first, second):
            rules.status(m, ONLY_PLANNED, "swap")
            rules.not_over(tx.db, m["round"], clock.now(), f"cannot swap {rules.meeting_label(m)}")
        if first["table_name"] == second["table_name"]:
            raise Refused(f"both meetings are at {first['table_name']}")
        for m, new_table in ((first, second["table_name"]), (second, first["table_name"])):
            other = second if m is first else first
            if m["round"] != other["round"]:
                rules.table_free(tx.db, new_table, m["round"], ignore_meeting=other["id"])
            a, b = rules.person(tx.db, m["a"]), rules.person(tx.db, m["b"])
            rules.home_table_allows(a, b, new_table)
        # A live meeting cannot share a table: park the first one out of the live set
        # for a moment (all inside this one transaction; the journal gets the net change).
        tx.update("meeting", {"id": first["id"]}, {"status": CANCELLED})
        tx.update("meeting", {"id": second["id"]}, {"table_name": first["table_name"]})
        tx.update("meeting", {"id": first["id"]},
                  {"status": PLANNED, "table_name": second["table_name"]})
        return (f"swapped tables: meeting {first['id']} now at {second['table_name']}, "
                f"meeting {second['id']} now at {first['table_name']}")

    return run(db, clock, actor, "swap", {"first": first_id, "second": second_id}, body)


def add_meeting(db: sqlite_utils.Database, a_id: str, b_id: str, round_no: int, *,
                table: str | None = None, origin: str = SPONTANEOUS, clock: Clock,
                actor: str = "manager") -> Done:
    """A new meeting between two people (a spontaneous meeting, a walk-in's, a re-match).
    It fulfils their request if they had one. Without `table`, a free one is chosen."""

    def body(tx):
        a, b = rules.person(tx.db, a_id), rules.person(tx.db, b_id)
        if a["id"] == b["id"]:
            raise Refused("a person cannot meet themselves")
        rnd = rules.round_no(tx.db, round_no)["no"]
        rules.not_over(tx.db, rnd, clock.now(), "cannot add a meeting")
        for p in (a, b):
            rules.available(tx.db, p, rnd)
            rules.free_in_round(tx.db, p, rnd)
        already = read_meetings.live_meeting_of_pair(tx.db, a["id"], b["id"])
        if already:
            raise Refused(f"{a['id']} and {b['id']} already meet: "
                          f"{rules.meeting_label(already)}")
        if table is None:
            where = rules.pick_table(tx.db, a, b, rnd)
        else:
            where = rules.table(tx.db, table)
            rules.table_free(tx.db, where, rnd)
            rules.home_table_allows(a, b, where)
        request = read_meetings.request_between(tx.db, a["id"], b["id"])
        change = tx.insert("meeting", {
            "round": rnd, "table_name": where, "a": a["id"], "b": b["id"],
            "request_id": request["id"] if request else None,
            "status": PLANNED, "origin": origin})
        return (f"new {origin} meeting {change['k']['id']}: {person_label(a)} with "
                f"{person_label(b)}, round {rnd} at {where}")

    return run(db, clock, actor, "meet",
               {"a": a_id, "b": b_id, "round": round_no, "table": table, "origin": origin},
               body)


def place_meetings(db: sqlite_utils.Database, placements: Iterable[tuple[int, int, str]], *,
                   clock: Clock, actor: str = "scheduler",
                   summary: str | None = None) -> Done:
    """Place requests as meetings: (request id, round, table) each, all in one
    transaction and one journal entry (undo takes the whole run back)."""
    return apply_schedule(db, placements, clock=clock, actor=actor, summary=summary)


def apply_schedule(db: sqlite_utils.Database, placements: Iterable[tuple[int, int, str]], *,
                   replace: Iterable[int] = (), clock: Clock, actor: str = "scheduler",
                   summary: str | None = None) -> Done:
    """A scheduler run in one transaction and one journal entry: the scheduler's own
    earlier meetings in `replace` are taken out (deleted), then `placements` (request
    id, round, table) go in. One undo restores the schedule as it was."""
    placements, replace = list(placements), list(replace)
    # Requests are imported and never change on the day: read (all of them) before the
    # write lock is taken, not under it.
    by_id = {r["id"]: r for r in read_meetings.requests(db)}

    def body(tx):
        for meeting_id in replace:
            m = rules.meeting(tx.db, meeting_id)
            if (m["origin"], m["status"]) != (SCHEDULED, PLANNED):
                raise Refused(f"{rules.meeting_label(m)} is {STATUS_WORDS[m['status']]} ({m['origin']}): "
                              "only the scheduler's planned meetings can be re-planned")
            tx.delete("meeting", {"id": meeting_id})
        for request_id, rnd, where in placements:
            req = by_id.get(request_id)
            if req is None:
                raise Refused(f"no request {request_id}")
            tx.insert("meeting", {"round": rnd, "table_name": where, "a": req["a"],
                                  "b": req["b"], "request_id": request_id,
                                  "status": PLANNED, "origin": SCHEDULED})
        return summary or f"scheduled {len(placements)} meetings"

    return run(db, clock, actor, "schedule", {"count": len(placements),
                                              "replaced": len(replace)}, body)
