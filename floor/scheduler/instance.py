"""The problem compiled to integer indices and round bitmasks, shared by the solver parts.

Round positions 0..R-1 follow `Problem.rounds`. For each request, `allowed[e]` is the mask
of rounds where it may go: both people available and free of fixed meetings, the round
open, and, for home-table people, their home table not taken by a fixed meeting (a
meeting of two home-table people needs one of the two tables). A table assignment always
exists for a set of new meetings in a round as long as (a) no person is in two of them
and (b) there are at most `cap[r]` of them, `cap[r]` being the tables free of fixed
meetings: meetings with a home-table person use distinct home tables (their owners are
distinct and in no other meeting that round), the others take any table left. So the
round assignment can be searched on its own and the tables given afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass

from floor.scheduler.problem import Problem


@dataclass
class Instance:
    problem: Problem
    R: int
    pids: list[str]
    pidx: dict[str, int]
    ea: list[int]  # internal request index -> person index (-1 if unknown)
    eb: list[int]
    w: list[int]
    req_ids: list[int]
    allowed: list[int]  # bitmask over round positions
    cap: list[int]  # free tables per round position
    fixed_busy: list[int]  # per person: mask of rounds taken by fixed meetings
    reasons: dict[int, str]  # internal request index -> why it can never be placed


def _bits(mask: int) -> int:
    return bin(mask).count("1")


def compile_problem(problem: Problem) -> Instance:
    rounds = list(problem.rounds)
    R = len(rounds)
    rpos = {r: i for i, r in enumerate(rounds)}
    full = (1 << R) - 1
    open_mask = full
    if problem.open_rounds is not None:
        open_mask = 0
        for r in problem.open_rounds:
            if r in rpos:
                open_mask |= 1 << rpos[r]

    pids = sorted(problem.people)
    pidx = {p: i for i, p in enumerate(pids)}
    avail = [0] * len(pids)
    for i, p in enumerate(pids):
        m = 0
        for r in problem.people[p].rounds:
            if r in rpos:
                m |= 1 << rpos[r]
        avail[i] = m

    tables = list(problem.tables)
    table_set = set(tables)
    taken: list[set[str]] = [set() for _ in range(R)]
    fixed_busy = [0] * len(pids)
    for f in problem.fixed:
        if f.round not in rpos:
            continue
        r = rpos[f.round]
        taken[r].add(f.table)
        for x in (f.a, f.b):
            if x in pidx:
                fixed_busy[pidx[x]] |= 1 << r
    cap = [sum(1 for t in tables if t not in taken[r]) for r in range(R)]
    table_free: dict[str, int] = {}
    for t in tables:
        m = 0
        for r in range(R):
            if t not in taken[r]:
                m |= 1 << r
        table_free[t] = m

    has_table = 0  # rounds with at least one table free of fixed meetings
    for r in range(R):
        if cap[r] > 0:
            has_table |= 1 << r
    ea, eb, w, req_ids, allowed = [], [], [], [], []
    reasons: dict[int, str] = {}
    for e, q in enumerate(problem.requests):
        a, b = pidx.get(q.a, -1), pidx.get(q.b, -1)
        ea.append(a)
        eb.append(b)
        w.append(q.priority)
        req_ids.append(q.id)
        if a < 0 or b < 0:
            allowed.append(0)
            who = q.a if a < 0 else q.b
            reasons[e] = f"{who} is not a participant"
            continue
        if a == b:
            allowed.append(0)
            reasons[e] = f"{q.a} cannot meet themselves"
            continue
        if q.priority <= 0:
            allowed.append(0)
            reasons[e] = f"priority {q.priority} is not positive"
            continue
        pa, pb = problem.people[q.a], problem.people[q.b]
        ma = avail[a] & ~fixed_busy[a]
        mb = avail[b] & ~fixed_busy[b]
        ha, hb = pa.home_table, pb.home_table
        if ha is not None and hb is not None:
            tmask = table_free.get(ha, 0) | table_free.get(hb, 0)
        elif ha is not None:
            tmask = table_free.get(ha, 0)
        elif hb is not None:
            tmask = table_free.get(hb, 0)
        else:
            tmask = full
        m = ma & mb & tmask & open_mask & has_table
        allowed.append(m)
        if m:
            continue
        # explain, most basic cause first
        if not avail[a]:
            reasons[e] = f"{q.a} is available for no round"
        elif not avail[b]:
            reasons[e] = f"{q.b} is available for no round"
        elif not (avail[a] & avail[b]):
            reasons[e] = f"{q.a} and {q.b} are never available in the same round"
        elif not (avail[a] & avail[b] & open_mask):
            reasons[e] = f"{q.a} and {q.b} share no round that is still open"
        elif not (ma & mb & open_mask):
            reasons[e] = (f"{q.a} and {q.b} share no free round: the rounds they share are "
                          "taken by meetings already placed")
        elif not (ma & mb & open_mask & has_table):
            reasons[e] = "every table is taken in the rounds they share"
        else:
            homes = [h for h in (ha, hb) if h is not None]
            missing = [h for h in homes if h not in table_set]
            if missing and len(missing) == len(homes):
                reasons[e] = f"home table {missing[0]} is not one of the event's tables"
            else:
                who = q.a if ha is not None else q.b
                reasons[e] = (f"{who}'s home table is taken by a meeting already placed in "
                              "every round they share")
    return Instance(problem, R, pids, pidx, ea, eb, w, req_ids, allowed, cap, fixed_busy,
                    reasons)
