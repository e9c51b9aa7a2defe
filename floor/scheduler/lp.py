"""HiGHS models of the round assignment: the LP relaxations (upper bounds and guidance) and
the exact 0/1 model (a polishing step for small and medium events).

Time-indexed model: x[e,r] in {0,1} for each request e and allowed round r;
    sum_r x[e,r] <= 1                      (a request is placed at most once)
    sum_{e containing p} x[e,r] <= 1       (a person meets at most once per round)
    sum_e x[e,r] <= cap[r]                 (free tables of the round)
    maximise sum w[e] x[e,r].
Its LP relaxation is `time_indexed_lp`. `degree_lp` is a weaker, much smaller relaxation
without rounds: y[e] in [0,1]; for each person, sum of y over their requests <= the number
of rounds that any of their requests may use; sum y <= the free tables over the rounds
any request may use.

highspy is imported inside the functions: OR-Tools (the benchmark's reference) and highspy
bundle clashing HiGHS builds and cannot share a process, so importing this module must not
load highspy.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from floor.scheduler.instance import Instance


@dataclass
class Model:
    cols_e: np.ndarray  # request of each column
    cols_r: np.ndarray  # round of each column
    starts: np.ndarray
    index: np.ndarray
    row_upper: np.ndarray
    cost: np.ndarray

    @property
    def ncol(self) -> int:
        return len(self.cols_e)


def count_columns(inst: Instance) -> int:
    return sum(bin(m).count("1") for m in inst.allowed)


def time_indexed(inst: Instance) -> Model:
    R = inst.R
    E = len(inst.w)
    cols_e, cols_r, index = [], [], []
    pr_row: dict[int, int] = {}
    nrow = E
    for e in range(E):
        m = inst.allowed[e]
        a, b = inst.ea[e], inst.eb[e]
        r = 0
        while m:
            if m & 1:
                ka, kb = a * R + r, b * R + r
                ra = pr_row.get(ka)
                if ra is None:
                    ra = pr_row[ka] = nrow
                    nrow += 1
                rb = pr_row.get(kb)
                if rb is None:
                    rb = pr_row[kb] = nrow
                    nrow += 1
                index.extend((e, ra, rb, -1 - r))  # round rows: numbered below
                cols_e.append(e)
                cols_r.append(r)
            m >>= 1
            r += 1
    idx = np.asarray(index, dtype=np.int64)
    neg = idx < 0
    idx[neg] = nrow + (-1 - idx[neg])
    row_upper = np.ones(nrow + R)
    row_upper[nrow:] = inst.cap
    ce = np.asarray(cols_e, dtype=np.int64)
    w = np.asarray(inst.w, dtype=np.float64)
    return Model(ce, np.asarray(cols_r, dtype=np.int64),
                 np.arange(0, 4 * len(cols_e) + 1, 4, dtype=np.int64), idx, row_upper,
                 w[ce] if len(ce) else np.zeros(0))


def _highs(model_ncol, nrow, cost, starts, index, row_upper, *, integer=False,
           time_limit=None, stop: threading.Event | None = None, presolve=True, tick=None):
    import highspy

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("random_seed", 0)
    if not presolve:
        h.setOptionValue("presolve", "off")
    if time_limit is not None:
        h.setOptionValue("time_limit", float(max(0.01, time_limit)))
    lp = highspy.HighsLp()
    lp.num_col_ = model_ncol
    lp.num_row_ = nrow
    lp.col_cost_ = np.asarray(cost, dtype=np.float64)
    lp.col_lower_ = np.zeros(model_ncol)
    lp.col_upper_ = np.ones(model_ncol)
    lp.row_lower_ = np.full(nrow, -highspy.kHighsInf)
    lp.row_upper_ = np.asarray(row_upper, dtype=np.float64)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.asarray(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.asarray(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.ones(len(index))
    lp.sense_ = highspy.ObjSense.kMaximize
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * model_ncol
    h.passModel(lp)
    if stop is not None or tick is not None:
        def interrupt(ev):
            if tick is not None:
                tick()
            if stop is not None and stop.is_set():
                ev.interrupt()
        h.cbSimplexInterrupt.subscribe(interrupt)
        h.cbIpmInterrupt.subscribe(interrupt)
        if integer:
            h.cbMipInterrupt.subscribe(interrupt)
    return h


def time_indexed_lp(inst: Instance, model: Model | None = None, *, time_limit=None,
                    stop=None, tick=None) -> tuple[float | None, np.ndarray | None]:
    """(bound, column values), or (None, None) if HiGHS did not finish.

    Solved by interior point without crossover (robustly fast on these models, where the
    simplex methods sometimes stall); the bound returned is not HiGHS's objective but one
    recomputed from its row duals, which is a valid upper bound for any duals."""
    import highspy

    model = model or time_indexed(inst)
    if model.ncol == 0:
        return 0.0, np.zeros(0)
    h = _highs(model.ncol, len(model.row_upper), model.cost, model.starts, model.index,
               model.row_upper, time_limit=time_limit, stop=stop, presolve=False,
               tick=tick)
    h.setOptionValue("solver", "ipm")
    h.setOptionValue("run_crossover", "off")
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None, None
    sol = h.getSolution()
    bound = dual_bound(model, np.asarray(sol.row_dual))
    return bound, np.asarray(sol.col_value)


def dual_bound(model: Model, row_dual: np.ndarray) -> float:
    """Weak duality: for y >= 0, max c.x s.t. Ax <= u, 0 <= x <= 1 is at most
    u.y + sum_j max(0, c_j - (A^T y)_j). Tried with both sign conventions, the smaller
    kept (each is valid)."""
    best = float("inf")
    col_of = np.repeat(np.arange(model.ncol), np.diff(model.starts))
    for sign in (1.0, -1.0):
        y = np.maximum(0.0, sign * row_dual)
        aty = np.bincount(col_of, weights=y[model.index], minlength=model.ncol)
        value = float(model.row_upper @ y + np.maximum(0.0, model.cost - aty).sum())
        best = min(best, value)
    return best


def degree_lp(inst: Instance, *, time_limit=None, stop=None
              ) -> tuple[float | None, np.ndarray | None]:
    """(bound, y per request), or (None, None) if HiGHS did not finish."""
    import highspy

    E = len(inst.w)
    P = len(inst.pids)
    reach = [0] * P
    any_round = 0
    for e in range(E):
        m = inst.allowed[e]
        if m:
            reach[inst.ea[e]] |= m
            reach[inst.eb[e]] |= m
            any_round |= m
    cols = [e for e in range(E) if inst.allowed[e]]
    if not cols:
        return 0.0, np.zeros(E)
    index = []
    for e in cols:
        index.extend((inst.ea[e], inst.eb[e], P))
    row_upper = [bin(m).count("1") for m in reach]
    row_upper.append(sum(c for r, c in enumerate(inst.cap) if any_round >> r & 1))
    h = _highs(len(cols), P + 1, [inst.w[e] for e in cols], range(0, 3 * len(cols) + 1, 3),
               index, row_upper, time_limit=time_limit, stop=stop, presolve=False)
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None, None
    y = np.zeros(E)
    y[cols] = np.asarray(h.getSolution().col_value)
    return h.getInfo().objective_function_value, y


def exact(inst: Instance, model: Model | None = None, *, start: dict[int, int] | None = None,
          time_limit: float | None = None, node_limit: int | None = None,
          stop: threading.Event | None = None, tick=None):
    """Solve the 0/1 model. Returns (assignment {e: round} or None, status, dual bound)
    with status one of "optimal", "node_limit", "time_limit", "interrupted", "other"."""
    import highspy

    model = model or time_indexed(inst)
    if model.ncol == 0:
        return {}, "optimal", 0.0
    h = _highs(model.ncol, len(model.row_upper), model.cost, model.starts, model.index,
               model.row_upper, integer=True, time_limit=time_limit, stop=stop, tick=tick)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.999)  # priorities are integers
    if node_limit is not None:
        h.setOptionValue("mip_max_nodes", int(node_limit))
    if start:
        pos = {(int(e), int(r)): i for i, (e, r) in enumerate(zip(model.cols_e, model.cols_r))}
        idx = np.asarray(sorted(pos[(e, r)] for e, r in start.items()), dtype=np.int32)
        h.setSolution(len(idx), idx, np.ones(len(idx)))
    h.run()
    st = h.getModelStatus()
    S = highspy.HighsModelStatus
    status = {S.kOptimal: "optimal", S.kSolutionLimit: "node_limit",
              S.kTimeLimit: "time_limit", S.kInterrupt: "interrupted"}.get(st, "other")
    if st == S.kIterationLimit:
        status = "node_limit"
    info = h.getInfo()
    if info.primal_solution_status < 2 and status != "optimal":
        return None, status, info.mip_dual_bound
    x = np.asarray(h.getSolution().col_value)
    chosen = np.nonzero(x > 0.5)[0]
    assign = {int(model.cols_e[i]): int(model.cols_r[i]) for i in chosen}
    return assign, status, info.mip_dual_bound
