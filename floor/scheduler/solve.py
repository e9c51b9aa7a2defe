"""`solve`: place as much total priority as possible, then fewer idle rounds, then fewer
table changes; and say how far from the best possible the result can be.

Phases (each bounded by counts, not by the clock, so the result does not depend on the
machine; see "Determinism" below):
1. Bound and guidance. The LP relaxation of the time-indexed model (HiGHS) when it has at
   most `FULL_LP_COLUMNS` columns, else the much smaller degree relaxation (see `lp`).
   Priorities are integers, so the bound is rounded down.
2. Construction. Greedy in the order the LP suggests (requests the LP places first, then
   by priority, then those with fewer possible rounds), each into the free round that adds
   the fewest idle rounds.
3. Repair. Each unplaced request the LP wanted (or of higher priority than the lightest
   placed one) is inserted by an ejection chain: the meetings in its way move to other
   rounds, recursively, a bounded number of steps; if that fails, it may replace lighter
   meetings when the total priority goes up.
4. Exact polish. If a gap to the bound is left and the 0/1 model has at most
   `EXACT_COLUMNS` columns, HiGHS solves it exactly, started from the schedule found. Its
   answer is used only when HiGHS proves it optimal (or stops at its node limit), never a
   time-limited incumbent, so the result stays reproducible.
5. Idle rounds. Kempe-chain swaps between two rounds (each round's meetings form a
   matching; swapping a connected alternating chain keeps it one) that move someone's
   first or last meeting into a gap, while the total idle rounds go down.
6. Tables (see `tables`).

Determinism: no randomness; every loop has a count limit. Only two things can cut a run
short and make it differ: the `stop` event, and the exact polish reaching its time limit
(then its result is dropped, the heuristic schedule kept, and `proven_optimal` may differ
between a fast and a slow machine). Everything else is the same on any machine.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

from floor.scheduler import lp
from floor.scheduler.instance import Instance, compile_problem
from floor.scheduler.problem import Placement, Problem, Result
from floor.scheduler.search import Search, idle_of
from floor.scheduler.tables import assign_tables

FULL_LP_COLUMNS = 80_000
EXACT_COLUMNS = 80_000
EXACT_NODES = 5_000
REPAIR_DEPTH = 3
REPAIR_NODES = 300
REPAIR_PASSES = 3
REPAIR_BUDGET = 150_000  # search nodes over the whole repair phase


def solve(problem: Problem, *, seconds: float = 10.0,
          progress: Callable[[float, str], None] | None = None,
          stop: threading.Event | None = None) -> Result:
    t0 = time.perf_counter()
    deadline = t0 + max(0.1, seconds)
    stats: dict[str, float] = {}

    def report(fraction: float, phase: str) -> None:
        if progress is not None:
            progress(min(1.0, max(0.0, fraction)), phase)

    def stopped() -> bool:
        return stop is not None and stop.is_set()

    report(0.0, "reading the problem")
    inst = compile_problem(problem)
    E = len(inst.w)
    search = Search(inst)

    # 1. bound and guidance
    report(0.05, "computing the upper bound")
    t = time.perf_counter()
    ncols = lp.count_columns(inst)
    guide = [0.0] * E
    bound = None
    method = ""
    model = None
    if ncols and not stopped():
        if ncols <= FULL_LP_COLUMNS:
            model = lp.time_indexed(inst)
            value, x = lp.time_indexed_lp(inst, model, stop=stop,
                                          time_limit=max(0.5, 0.4 * seconds))
            if value is not None:
                bound, method = value, "LP relaxation (rounds x requests)"
                for i in x.nonzero()[0]:
                    guide[int(model.cols_e[i])] += float(x[i])
        if bound is None and not stopped():
            value, y = lp.degree_lp(inst, stop=stop)
            if value is not None:
                bound, method = value, "LP relaxation of per-person round limits"
                guide = [float(v) for v in y]
    if ncols == 0:
        bound, method = 0.0, "nothing can be placed"
    if bound is None:  # interrupted: a trivial bound
        bound, method = float(sum(inst.w[e] for e in range(E) if inst.allowed[e])), \
            "sum of placeable priorities"
    upper = math.floor(bound + 1e-6 * max(1.0, abs(bound)))
    stats["bound_s"] = time.perf_counter() - t

    # 2. construction
    report(0.25, "placing meetings")
    t = time.perf_counter()
    order = sorted((e for e in range(E) if inst.allowed[e]),
                   key=lambda e: (-(guide[e] > 0.9), -inst.w[e], -round(guide[e], 2),
                                  bin(inst.allowed[e]).count("1"), e))
    # two cheap constructions, the better kept: each meeting into the round adding the
    # fewest idle rounds, or into the earliest free round (better when tables are scarce)
    by_priority = sorted(order, key=lambda e: (-inst.w[e], bin(inst.allowed[e]).count("1"), e))
    search.greedy(order)
    for o, compact in ((order, False), (by_priority, True), (by_priority, False)):
        other = Search(inst)
        other.greedy(o, compact=compact)
        if other.value > search.value:
            search = other
    search.log.clear()
    stats["greedy_value"] = search.value
    stats["greedy_s"] = time.perf_counter() - t

    # 3. repair
    t = time.perf_counter()
    work = 0
    for p in range(REPAIR_PASSES):
        if search.value >= upper or stopped():
            break
        before = search.value
        min_w = min((inst.w[e] for e in range(E) if search.rnd[e] >= 0), default=0)
        todo = [e for e in order if search.rnd[e] < 0
                and (guide[e] > 1e-6 or search.room or inst.w[e] > min_w)
                and not search.hopeless(e)]
        for i, e in enumerate(todo):
            if search.rnd[e] >= 0 or search.hopeless(e):
                continue
            if work > REPAIR_BUDGET:
                break
            if i % 64 == 0:
                if stopped():
                    break
                report(0.3 + 0.3 * (p + i / max(1, len(todo))) / REPAIR_PASSES,
                       "improving the schedule")
            if search.kempe_insert(e):
                work += 10
                continue
            search.nodes = 0
            if not search.insert(e, REPAIR_DEPTH, 0, REPAIR_NODES):
                work += search.nodes
                search.nodes = 0
                search.insert_with_loss(e, REPAIR_DEPTH, REPAIR_NODES)
            work += search.nodes
            if search.value >= upper:
                break
        if search.value == before:
            break
    stats["repair_value"] = search.value
    stats["repair_nodes"] = work
    stats["repair_s"] = time.perf_counter() - t

    # 4. exact polish
    proven = search.value >= upper
    t = time.perf_counter()
    if not proven and 0 < ncols <= EXACT_COLUMNS and not stopped():
        left = deadline - time.perf_counter()
        if left > 0.2:
            report(0.6, "proving optimality")
            model = model or lp.time_indexed(inst)
            start = {e: r for e, r in enumerate(search.rnd) if r >= 0}
            assign, status, dual = lp.exact(inst, model, start=start, time_limit=left * 0.8,
                                            node_limit=EXACT_NODES, stop=stop)
            stats["exact_status"] = status  # type: ignore[assignment]
            if assign is not None and status in ("optimal", "node_limit"):
                value = sum(inst.w[e] for e in assign)
                if value > search.value:
                    _load(search, assign)
                if status == "optimal":
                    proven = True
                    upper = min(upper, search.value)
                    method = "exact (HiGHS MIP, proven optimal)"
    stats["exact_s"] = time.perf_counter() - t

    # 5. idle rounds
    report(0.8, "closing gaps between meetings")
    t = time.perf_counter()
    if not stopped():
        stats["kempe_swaps"] = search.reduce_idle()
    stats["idle_s"] = time.perf_counter() - t

    # 6. tables, figures, reasons
    report(0.95, "giving tables")
    placements, table_changes = _tables(problem, inst, search)
    unplaced = reasons(inst, search)
    idle = sum(idle_of(m) for m in search.busy)
    report(1.0, "done")
    return Result(placements=placements, unplaced=unplaced, placed_priority=search.value,
                  upper_bound=float(max(upper, search.value)), idle_rounds=idle,
                  table_changes=table_changes, seconds=time.perf_counter() - t0,
                  proven_optimal=proven, bound_method=method, stats=stats)


def result_from_rounds(problem: Problem, assign: dict[int, int], *, upper_bound: float = 0.0,
                       seconds: float = 0.0, method: str = "") -> Result:
    """A Result for a round assignment made elsewhere ({index in problem.requests: round
    position}), e.g. by a reference solver: tables, figures and reasons as `solve` gives."""
    inst = compile_problem(problem)
    search = Search(inst)
    for e in sorted(assign):
        search._place(e, assign[e])
    placements, table_changes = _tables(problem, inst, search)
    return Result(placements=placements, unplaced=reasons(inst, search),
                  placed_priority=search.value, upper_bound=float(upper_bound),
                  idle_rounds=sum(idle_of(m) for m in search.busy),
                  table_changes=table_changes, seconds=seconds, proven_optimal=False,
                  bound_method=method)


def first_fit(problem: Problem) -> Result:
    """The plain baseline: requests by priority (then as given), each into the earliest
    round where both are free and a table is left."""
    t0 = time.perf_counter()
    inst = compile_problem(problem)
    search = Search(inst)
    search.greedy(sorted(range(len(inst.w)), key=lambda e: (-inst.w[e], e)), compact=False)
    assign = {e: r for e, r in enumerate(search.rnd) if r >= 0}
    trivial = float(sum(inst.w[e] for e in range(len(inst.w)) if inst.allowed[e]))
    return result_from_rounds(problem, assign, seconds=time.perf_counter() - t0,
                              upper_bound=trivial, method="sum of placeable priorities")


def _load(search: Search, assign: dict[int, int]) -> None:
    for e, r in enumerate(list(search.rnd)):
        if r >= 0:
            search._remove(e)
    for e in sorted(assign):
        search._place(e, assign[e])
    search.log.clear()


def _tables(problem: Problem, inst: Instance, search: Search):
    rounds = problem.rounds
    meetings = [(e, inst.pids[inst.ea[e]], inst.pids[inst.eb[e]], rounds[r])
                for e, r in enumerate(search.rnd) if r >= 0]
    tables = assign_tables(problem, meetings)
    placements = sorted((Placement(inst.req_ids[e], rounds[r], tables[e])
                         for e, r in enumerate(search.rnd) if r >= 0),
                        key=lambda p: (p.round, p.table, p.request_id))
    # table changes of people without a home table, fixed meetings included
    seats: dict[str, list[tuple[int, str]]] = {}
    pos = {r: i for i, r in enumerate(rounds)}
    for f in problem.fixed:
        if f.round in pos:
            for p in (f.a, f.b):
                seats.setdefault(p, []).append((pos[f.round], f.table))
    for e, r in enumerate(search.rnd):
        if r >= 0:
            for p in (inst.ea[e], inst.eb[e]):
                seats.setdefault(inst.pids[p], []).append((r, tables[e]))
    changes = 0
    for p, s in seats.items():
        person = problem.people.get(p)
        if person is None or person.home_table is not None:
            continue
        s.sort()
        changes += sum(1 for (_, t1), (_, t2) in zip(s, s[1:]) if t1 != t2)
    return placements, changes


def reasons(inst: Instance, search: Search) -> dict[int, str]:
    """Why each unplaced request is unplaced, in words."""
    out: dict[int, str] = {}
    problem = inst.problem
    for e in range(len(inst.w)):
        if search.rnd[e] >= 0:
            continue
        rid = inst.req_ids[e]
        if e in inst.reasons:
            out[rid] = inst.reasons[e]
            continue
        q = problem.requests[e]
        shared = inst.allowed[e]
        n = bin(shared).count("1")
        a, b = inst.ea[e], inst.eb[e]
        ra = "round" if n == 1 else f"{n} rounds"
        free_a = shared & ~search.busy[a]
        free_b = shared & ~search.busy[b]
        if not free_a and not free_b:
            out[rid] = (f"{q.a} and {q.b} both have other meetings in the {ra} they "
                        "share")
        elif not free_a:
            out[rid] = f"{q.a} has other meetings in all the {ra} they share with {q.b}"
        elif not free_b:
            out[rid] = f"{q.b} has other meetings in all the {ra} they share with {q.a}"
        elif not free_a & free_b:
            out[rid] = (f"{q.a} and {q.b} share no free round: in each of the {ra} they "
                        "share, one of them meets someone else")
        else:
            k = bin(free_a & free_b).count("1")
            word = "round" if k == 1 else f"{k} rounds"
            out[rid] = f"no table left in the {word} where both are free"
        if inst.w[e] > 1:
            out[rid] += f" (priority {inst.w[e]})"
    return out
