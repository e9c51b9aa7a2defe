"""`solve`: place as much total priority as possible, then fewer idle rounds, then fewer
table changes; and say how far from the best possible the result can be.

Phases (each bounded by counts, not by the clock, so the result does not depend on the
machine; see "Determinism" below):
1. Bound and guidance. The LP relaxation of the time-indexed model (HiGHS interior point;
   the bound is recomputed from the duals, so it is valid) when it has at most
   `FULL_LP_COLUMNS` columns, else the much smaller degree relaxation (see `lp`).
   Priorities are integers, so the bound is rounded down.
2. Construction. Four greedy passes, the best kept: in the order the LP suggests (requests
   it places fully first, then by priority, then by how much the LP wants them, then
   those with fewer possible rounds) or by priority alone; each meeting into the free
   round that adds the fewest idle rounds, or into the earliest free round.
3. Repair. Each unplaced request that could still raise the total is inserted by swapping
   two rounds along one alternating chain (the edge-colouring step), else by an ejection
   chain (the meetings in its way move to other rounds, recursively, a bounded number of
   steps), else by replacing lighter meetings when the total priority goes up.
4. Exact polish. If a gap to the bound is left and the 0/1 model has at most
   `EXACT_COLUMNS` columns, HiGHS solves it exactly, started from the schedule found. Its
   answer is used only when HiGHS proves it optimal (or stops at its node limit), never a
   time-limited incumbent, so the result stays reproducible.
5. Idle rounds. Kempe-chain swaps between two rounds (each round's meetings form a
   matching; swapping a connected alternating chain keeps it one) that move someone's
   first or last meeting into a gap, while the total idle rounds go down.
6. Tables (see `tables`).

Determinism: no randomness; every loop has a count limit. Only three things can make two
runs differ: the `stop` event; the LP of phase 1 not finishing within 40% of `seconds`
(then the degree relaxation guides instead); and the exact polish reaching its time limit
(then its result is dropped and the heuristic schedule kept, so only `proven_optimal` and
`upper_bound` can differ between a fast and a slow machine). On the benchmark events
neither limit is anywhere near.
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
PLATEAU_BUDGET = 150_000
PLATEAU_ITERATIONS = 30
PLATEAU_TENURE = 3


def solve(problem: Problem, *, seconds: float = 10.0,
          progress: Callable[[float, str], None] | None = None,
          stop: threading.Event | None = None) -> Result:
    """Schedule `problem` (see the module docstring for how). `progress(fraction, phase)`
    is called now and then; setting `stop` returns the best schedule found so far, soon.
    `seconds` bounds the optional steps (the LP's and the exact polish's time limits); the
    heuristic phases are bounded by counts and finish well within a second or two on an
    event of 2,000 people."""
    t0 = time.perf_counter()
    deadline = t0 + max(0.1, seconds)
    stats: dict[str, float] = {}

    shown: list = [-1.0, ""]

    def report(fraction: float, phase: str) -> None:
        """To `progress`: never backwards, and only on a new phase or a 1% step."""
        if progress is None:
            return
        f = max(shown[0], min(1.0, fraction))
        if phase != shown[1] or f >= shown[0] + 0.01 or (f == 1.0 and shown[0] < 1.0):
            shown[0], shown[1] = f, phase
            progress(f, phase)

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
            lp_limit = max(0.5, 0.4 * seconds)
            began = time.perf_counter()

            def lp_tick() -> None:
                report(0.05 + 0.2 * min(1.0, (time.perf_counter() - began) / lp_limit),
                       "computing the upper bound")

            value, x = lp.time_indexed_lp(inst, model, stop=stop, time_limit=lp_limit,
                                          tick=lp_tick)
            if value is not None:
                bound, method = value, "LP relaxation (rounds x requests)"
                for i in x.nonzero()[0]:
                    guide[int(model.cols_e[i])] += float(x[i])
        if bound is None:  # small and fast (well under a second): not interrupted
            value, y = lp.degree_lp(inst)
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

    # 2-3. construction and repair, from the LP's guidance and, when that does not reach
    # the bound, from the degree relaxation's too (each guides better on some events)
    guides = [guide]
    if method.startswith("LP relaxation (rounds") and not stopped():
        _, y = lp.degree_lp(inst, stop=stop)
        if y is not None:
            guides.append([float(v) for v in y])
    best = None
    for k, g in enumerate(guides):
        if best is not None and (best[0].value >= upper or stopped()):
            break
        built = _build(inst, g, upper, stats, report, stopped, k)
        if best is None or built[0].value > best[0].value:
            best = built
    search, order = best
    stats["repair_value"] = search.value

    # 4. exact polish
    search.log.clear()
    proven = search.value >= upper
    t = time.perf_counter()
    if not proven and 0 < ncols <= EXACT_COLUMNS and not stopped():
        left = deadline - time.perf_counter()
        if left > 0.2:
            report(0.6, "proving optimality")
            model = model or lp.time_indexed(inst)
            start = {e: r for e, r in enumerate(search.rnd) if r >= 0}
            limit = left * 0.8
            began = time.perf_counter()

            def tick() -> None:
                report(0.6 + 0.15 * min(1.0, (time.perf_counter() - began) / limit),
                       "proving optimality")

            assign, status, dual = lp.exact(inst, model, start=start, time_limit=limit,
                                            node_limit=EXACT_NODES, stop=stop, tick=tick)
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

    # plateau walk: swap unplaced requests in at no loss, a tabu list against undoing,
    # keep the best schedule seen
    t = time.perf_counter()
    if not proven and search.value < upper and not stopped():
        tabu: dict[int, int] = {}
        work = 0
        best_value, best_rnd = search.value, list(search.rnd)
        it = 0
        for it in range(PLATEAU_ITERATIONS):
            if work > PLATEAU_BUDGET or stopped() or best_value >= upper:
                break
            moved = False
            todo = [e for e in order if search.rnd[e] < 0 and not search.hopeless(e)]
            for e in todo:
                if search.rnd[e] >= 0 or tabu.get(e, -1) >= it:
                    continue
                search.nodes = 0
                if search.swap_in(e, 3, 100, tabu, it):
                    tabu[e] = it + PLATEAU_TENURE
                    moved = True
                work += search.nodes + 1
                if search.value > best_value:
                    best_value, best_rnd = search.value, list(search.rnd)
                if work > PLATEAU_BUDGET:
                    break
            search.log.clear()
            if not moved:
                break
        if search.value < best_value:
            _load(search, {e: r for e, r in enumerate(best_rnd) if r >= 0})
        stats["plateau_iterations"] = it
        stats["plateau_nodes"] = work
        proven = search.value >= upper
        report(0.78, "improving the schedule")
    stats["plateau_s"] = time.perf_counter() - t

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


def _build(inst: Instance, guide: list[float], upper: int, stats: dict, report, stopped,
           k: int) -> tuple[Search, list[int]]:
    """Greedy constructions guided by `guide` (the best kept), then the repair passes."""
    t = time.perf_counter()
    tag = "" if k == 0 else f"_{k}"
    E = len(inst.w)
    report(0.25 + 0.2 * k, "placing meetings")
    order = sorted((e for e in range(E) if inst.allowed[e]),
                   key=lambda e: (-(guide[e] > 0.9), -inst.w[e], -round(guide[e], 2),
                                  bin(inst.allowed[e]).count("1"), e))
    # four cheap constructions, the best kept: LP order or priority order; each meeting into
    # the round adding the fewest idle rounds, or into the earliest free round (better
    # when tables are scarce)
    by_priority = sorted(order, key=lambda e: (-inst.w[e], bin(inst.allowed[e]).count("1"), e))
    search = Search(inst)
    search.greedy(order)
    for o, compact in ((order, False), (by_priority, True), (by_priority, False)):
        other = Search(inst)
        other.greedy(o, compact=compact)
        if other.value > search.value:
            search = other
    search.log.clear()
    stats[f"greedy{tag}_value"] = search.value

    # 3. repair
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
    stats[f"repair{tag}_value"] = search.value
    stats[f"repair{tag}_nodes"] = work
    stats[f"build{tag}_s"] = time.perf_counter() - t
    return search, order


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
            out[rid] = f"no table left in the {word} where {q.a} and {q.b} are both free"
        if inst.w[e] > 1:
            out[rid] += f" (priority {inst.w[e]})"
    return out
