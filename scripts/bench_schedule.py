#!/usr/bin/env python
"""Benchmark the scheduler against first-fit greedy, the LP bound and OR-Tools CP-SAT.

    .venv/bin/python scripts/bench_schedule.py [--quick] [--seconds S] [--extra]

Events come from `floor.generate.generate_event` (seed 1). For each: our solver with a
budget of S seconds (default 10), plain first-fit greedy (priority first, earliest free
round), the LP relaxation of the time-indexed model solved to the end with HiGHS (the
bound is recomputed from the duals, so it is valid), and CP-SAT on the plain 0/1 model
with the same budget (2 workers, in a separate process: OR-Tools and highspy cannot be
loaded together). Every schedule goes through the independent checker.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from floor.eventfolder.generate import generate_event  # noqa: E402
from floor.scheduler import (  # noqa: E402
    check,
    lp,  # noqa: E402
    problem_from_spec,
    solve,
)
from floor.scheduler.instance import compile_problem  # noqa: E402
from floor.scheduler.reference import cpsat_isolated  # noqa: E402
from floor.scheduler.solve import first_fit, result_from_rounds  # noqa: E402

EVENTS = [
    ("25/100/8/12", dict(participants=25, requests=100, rounds=8, tables=12)),
    ("300/1500/12/60 home 10%", dict(participants=300, requests=1500, rounds=12, tables=60,
                                      home_table_share=0.10)),
    ("400/3000/12/60 scarce", dict(participants=400, requests=3000, rounds=12, tables=60)),
    ("500/4000/14/150 pop+30% part", dict(participants=500, requests=4000, rounds=14,
                                           tables=150, popular_share=0.05,
                                           partial_share=0.30)),
    ("2000/12000/16/400", dict(participants=2000, requests=12000, rounds=16, tables=400)),
]
EXTRA = [  # harder than the issue's list: tables plentiful, people are the limit
    ("500/4000/14/300 pop+30% part", dict(participants=500, requests=4000, rounds=14,
                                           tables=300, popular_share=0.05,
                                           partial_share=0.30)),
    ("2000/12000/16/1000 30% part", dict(participants=2000, requests=12000, rounds=16,
                                          tables=1000, partial_share=0.30)),
]


def verdict(problem, result) -> str:
    v = check(problem, result)
    return "ok" if not v else f"{len(v)} errors: {v[0]}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="first three events, 3 s budgets")
    ap.add_argument("--seconds", type=float, default=None)
    ap.add_argument("--extra", action="store_true", help="also the harder extra events")
    ap.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    ap.add_argument("--no-cpsat", action="store_true", help="skip the CP-SAT reference")
    args = ap.parse_args()
    budget = args.seconds or (3.0 if args.quick else 10.0)
    events = EVENTS[:3] if args.quick else EVENTS + (EXTRA if args.extra else [])
    rows = []
    for name, kw in events:
        spec = generate_event(seed=args.seed, **kw)
        problem = problem_from_spec(spec)
        inst = compile_problem(problem)

        t = time.perf_counter()
        ours = solve(problem, seconds=budget)
        wall = time.perf_counter() - t
        ff = first_fit(problem)

        t = time.perf_counter()
        full, _ = lp.time_indexed_lp(inst)
        deg, _ = lp.degree_lp(inst)
        bound = min(x for x in (full, deg, float("inf")) if x is not None)
        bound = math.floor(bound + 1e-6 * max(1.0, abs(bound)))
        lp_s = time.perf_counter() - t

        t = time.perf_counter()
        if args.no_cpsat:
            assign, cp_value, cp_opt = {}, 0, False
        else:
            assign, cp_value, cp_opt, _ = cpsat_isolated(problem, budget, 2)
        cp_s = time.perf_counter() - t
        cp = result_from_rounds(problem, assign, upper_bound=bound)

        checks = [verdict(problem, ours), verdict(problem, ff), verdict(problem, cp)]
        rows.append(dict(
            event=name, req=len(problem.requests),
            ours=ours.placed_priority, t=wall, idle=ours.idle_rounds, tc=ours.table_changes,
            proven="yes" if ours.proven_optimal else "no",
            ff=ff.placed_priority, ff_idle=ff.idle_rounds,
            bound=bound, lp_s=lp_s,
            cp=cp_value, cp_mark="*" if cp_opt else "", cp_idle=cp.idle_rounds,
            r_bound=ours.placed_priority / bound if bound else 1.0,
            r_cp=f"{ours.placed_priority / cp_value:.2%}" if cp_value else "-",
            r_ff=ff.placed_priority / bound if bound else 1.0,
            check="ok" if all(c == "ok" for c in checks) else " | ".join(checks),
        ))
        print(f"# {name}: done (ours {wall:.1f}s, LP {lp_s:.1f}s, CP-SAT {cp_s:.1f}s)",
              file=sys.stderr, flush=True)

    head = (f"{'event':<30} {'req':>6} | {'ours':>6} {'time':>6} {'idle':>6} {'proven':>6} | "
            f"{'greedy':>6} {'idle':>6} | {'LP bnd':>6} | {'CP-SAT':>7} {'idle':>6} | "
            f"{'ours/bnd':>8} {'ours/CP':>7} {'grd/bnd':>7} | check")
    print(f"seed {args.seed}; budget {budget:g} s per solver; CP-SAT 2 workers; '*' = CP-SAT "
          f"proved optimal, '-' = it found no schedule; {os.cpu_count()} CPUs")
    print(head)
    print("-" * len(head))
    for r in rows:
        print(f"{r['event']:<30} {r['req']:>6} | {r['ours']:>6} {r['t']:>5.2f}s {r['idle']:>6} "
              f"{r['proven']:>6} | {r['ff']:>6} {r['ff_idle']:>6} | {r['bound']:>6} | "
              f"{r['cp']:>6}{r['cp_mark']:1} {r['cp_idle']:>6} | {r['r_bound']:>8.2%} "
              f"{r['r_cp']:>7} {r['r_ff']:>7.2%} | {r['check']}")


if __name__ == "__main__":
    main()
