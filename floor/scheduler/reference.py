"""Reference solvers on the plain 0/1 model, for tests and benchmarks (not used by `solve`).

The model: x[e,r] in {0,1} for each request e and allowed round r (see `instance`);
sum_r x[e,r] <= 1; per person and round <= 1; per round <= free tables; maximise the total
priority. `exact_mip` uses HiGHS (a dependency already); `cpsat` uses OR-Tools CP-SAT
(the `bench` extra). Both return (round assignment {internal e: round position}, value,
proven optimal, best bound). `solve` uses neither.
"""

from __future__ import annotations

from floor.scheduler.instance import Instance


def _columns(inst: Instance):
    cols = []
    for e in range(len(inst.w)):
        m, r = inst.allowed[e], 0
        while m:
            if m & 1:
                cols.append((e, r))
            m >>= 1
            r += 1
    return cols


def exact_mip(inst: Instance, seconds: float = 60.0):
    """HiGHS on the 0/1 model (see `lp.exact`)."""
    from floor.scheduler import lp

    assign, status, dual = lp.exact(inst, time_limit=seconds)
    assign = assign or {}
    value = sum(inst.w[e] for e in assign)
    return assign, value, status == "optimal", float(value) if status == "optimal" else dual


def cpsat(inst: Instance, seconds: float = 10.0, workers: int = 2):
    from ortools.sat.python import cp_model

    cols = _columns(inst)
    if not cols:
        return {}, 0, True, 0.0
    m = cp_model.CpModel()
    x = [m.new_bool_var(f"x{e}_{r}") for e, r in cols]
    by_e: dict[int, list] = {}
    by_pr: dict[tuple[int, int], list] = {}
    by_r: dict[int, list] = {}
    for v, (e, r) in zip(x, cols):
        by_e.setdefault(e, []).append(v)
        by_pr.setdefault((inst.ea[e], r), []).append(v)
        by_pr.setdefault((inst.eb[e], r), []).append(v)
        by_r.setdefault(r, []).append(v)
    for vs in by_e.values():
        if len(vs) > 1:
            m.add_at_most_one(vs)
    for vs in by_pr.values():
        if len(vs) > 1:
            m.add_at_most_one(vs)
    for r, vs in by_r.items():
        if len(vs) > inst.cap[r]:
            m.add(sum(vs) <= inst.cap[r])
    m.maximize(sum(inst.w[e] * v for v, (e, _) in zip(x, cols)))
    s = cp_model.CpSolver()
    s.parameters.max_time_in_seconds = float(seconds)
    s.parameters.num_workers = workers
    s.parameters.random_seed = 0
    st = s.solve(m)
    assign = {}
    value = 0
    if st in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        for v, (e, r) in zip(x, cols):
            if s.value(v):
                assign[e] = r
                value += inst.w[e]
    return assign, value, st == cp_model.OPTIMAL, s.best_objective_bound


def _cpsat_child(problem, seconds, workers):
    from floor.scheduler.instance import compile_problem
    inst = compile_problem(problem)
    return cpsat(inst, seconds, workers)


def cpsat_isolated(problem, seconds: float = 10.0, workers: int = 2):
    """`cpsat` in a fresh process: OR-Tools 9.15 and highspy 1.15 bundle clashing HiGHS
    builds and cannot be loaded into the same process."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(1) as pool:
        return pool.apply(_cpsat_child, (problem, seconds, workers))
