"""`floor schedule`: from the event file to the scheduler's problem and back.

Default (before the event): everything imported, held or placed by hand stays; the
scheduler's own earlier meetings in rounds not yet started may be re-planned with the
rest; any round may take a meeting. `keep_announced` (during the event): nothing placed
moves (people hold printed agendas); open requests go only into rounds that have not
started."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Callable

import sqlite_utils

from db import read_event, read_meetings, read_people
from floor import ops
from floor.domain.clock import Clock
from floor.domain.time import is_available
from floor.domain.vocabulary import PLANNED, SCHEDULED
from floor.scheduler import Fixed, Person, Problem, Req, Result, solve


@dataclass
class ScheduleRun:
    problem: Problem
    replaced: list[int]  # the scheduler's earlier planned meetings, re-planned in this run
    labels: dict[int, str]  # request id -> "A1–B2"
    started: int = 0  # rounds that had started when the run began


def problem_from_db(db: sqlite_utils.Database, now: datetime, *,
                    keep_announced: bool) -> ScheduleRun:
    rounds = read_event.rounds(db)
    timetable = read_event.timetable(db)
    people = {}
    for p in read_people.participants(db):
        available = frozenset() if p["absent_at"] else frozenset(
            r["no"] for r in rounds
            if is_available(p["arrive"], p["leave"], r))
        people[p["id"]] = Person(p["id"], available, p["home_table"])
    fixed, replaced = [], []
    for m in read_meetings.meetings(db, live_only=True):
        movable = (not keep_announced and m["origin"] == SCHEDULED
                   and m["status"] == PLANNED and not timetable.has_started(m["round"], now))
        if movable:
            replaced.append(m["id"])
        else:
            fixed.append(Fixed(m["a"], m["b"], m["round"], m["table_name"], m["request_id"]))
    fixed_requests = {f.request_id for f in fixed}
    requests = tuple(Req(r["id"], r["a"], r["b"], r["priority"]) for r in read_meetings.requests(db)
                     if r["id"] not in fixed_requests)
    not_started = frozenset(r.no for r in timetable.rounds if not timetable.has_started(r.no, now))
    problem = Problem(rounds=tuple(r["no"] for r in rounds), tables=tuple(read_event.tables(db)),
                      people=people, requests=requests, fixed=tuple(fixed),
                      open_rounds=not_started if keep_announced else None)
    labels = {r.id: f"{r.a}–{r.b}" for r in requests}
    return ScheduleRun(problem, replaced, labels, len(rounds) - len(not_started))


def schedule(db: sqlite_utils.Database, *, clock: Clock, seconds: float,
             keep_announced: bool, progress: Callable[[float, str], None] | None = None,
             stop: threading.Event | None = None) -> tuple[Result, ScheduleRun, ops.Done | None]:
    """Solve, then write the result in one transaction (nothing is written if the run is
    stopped before the end: the caller sees stop set and decides)."""
    run = problem_from_db(db, clock.now(), keep_announced=keep_announced)
    result = solve(run.problem, seconds=seconds, progress=progress, stop=stop)
    if stop is not None and stop.is_set():
        return result, run, None
    placements = [(p.request_id, p.round, p.table) for p in result.placements]
    if not placements and not run.replaced:
        return result, run, None
    done = ops.apply_schedule(db, placements, replace=run.replaced, clock=clock,
                              summary=f"scheduled {len(placements)} of "
                                      f"{len(run.problem.requests)} requests")
    return result, run, done
