"""From an event folder (EventSpec) to the scheduler's Problem."""

from __future__ import annotations

from floor.domain.model import EventSpec
from floor.domain.time import available_rounds, compute_rounds
from floor.scheduler.problem import Fixed, Person, Problem, Req


def problem_from_spec(spec: EventSpec) -> Problem:
    """Rounds 1..slots; each participant available for the rounds their arrive/leave allow;
    a request with both `slot` and `table` becomes a Fixed meeting, any other a Req. The
    ids are the indexes in `spec.requests`."""
    day = compute_rounds(spec.schedule)
    people = {p.id: Person(p.id, frozenset(available_rounds(p, day)), p.table or None)
              for p in spec.participants}
    reqs, fixed = [], []
    for i, r in enumerate(spec.requests):
        if r.slot is not None and r.table:
            fixed.append(Fixed(r.a, r.b, r.slot, r.table, i))
        else:
            reqs.append(Req(i, r.a, r.b, r.priority))
    return Problem(rounds=tuple(x.no for x in day), tables=tuple(spec.schedule.tables),
                   people=people, requests=tuple(reqs), fixed=tuple(fixed))
