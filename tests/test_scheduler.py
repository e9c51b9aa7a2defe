"""The scheduler: known optima, the checker, edge cases, --keep-announced, determinism."""

from __future__ import annotations

import random
import threading
from dataclasses import replace

import pytest

from floor.domain.model import EventSpec, Participant, Request, ScheduleSpec
from floor.eventfolder.generate import generate_event
from floor.scheduler import (
    Fixed,
    Person,
    Placement,
    Problem,
    Req,
    Result,
    check,
    lp,
    problem_from_spec,
    solve,
)
from floor.scheduler.instance import compile_problem
from floor.scheduler.solve import first_fit


def run(problem: Problem, seconds: float = 5.0, **kw) -> Result:
    """Solve and insist the independent checker finds nothing wrong."""
    result = solve(problem, seconds=seconds, **kw)
    assert check(problem, result) == []
    assert result.placed_priority <= result.upper_bound + 1e-9
    assert len(result.placements) + len(result.unplaced) == len(problem.requests)
    return result


def make(n_rounds: int, tables: int | list[str], people: dict[str, set[int] | None],
         pairs: list[tuple[str, str, int]] = (), homes: dict[str, str] | None = None,
         fixed=(), open_rounds=None) -> Problem:
    rounds = tuple(range(1, n_rounds + 1))
    names = tuple(tables) if isinstance(tables, list) else tuple(f"T{i}" for i in
                                                                 range(1, tables + 1))
    homes = homes or {}
    ps = {p: Person(p, frozenset(rounds if r is None else r), homes.get(p))
          for p, r in people.items()}
    reqs = tuple(Req(i, a, b, w) for i, (a, b, w) in enumerate(pairs))
    return Problem(rounds, names, ps, reqs, tuple(fixed),
                   None if open_rounds is None else frozenset(open_rounds))


# -- known optima ------------------------------------------------------------------------

@pytest.mark.parametrize("n", [1, 3, 6, 10])
def test_complete_buyer_seller_graph_fits_in_n_rounds(n):
    buyers = [f"B{i}" for i in range(n)]
    sellers = [f"S{i}" for i in range(n)]
    pb = make(n, n, {p: None for p in buyers + sellers},
              [(b, s, 1) for b in buyers for s in sellers])
    res = run(pb)
    assert res.placed_priority == n * n and not res.unplaced
    assert res.proven_optimal and res.idle_rounds == 0


@pytest.mark.parametrize("n,d,seed", [(8, 3, 1), (20, 5, 2), (40, 8, 3), (60, 12, 4)])
def test_regular_bipartite_graph_fits_in_degree_rounds(n, d, seed):
    rng = random.Random(seed)
    # d disjoint perfect matchings: shifts of a random relabelling, at random offsets
    left, right = list(range(n)), list(range(n))
    rng.shuffle(left)
    rng.shuffle(right)
    shifts = rng.sample(range(n), d)
    pairs = {(left[i], right[(i + k) % n]) for i in range(n) for k in shifts}
    assert len(pairs) == n * d
    people = {f"A{i}": None for i in range(n)} | {f"B{i}": None for i in range(n)}
    pb = make(d, n, people, [(f"A{i}", f"B{j}", 1 + (i + j) % 3) for i, j in sorted(pairs)])
    res = run(pb)
    assert not res.unplaced
    assert res.proven_optimal


def exact_optimum(problem: Problem) -> int:
    inst = compile_problem(problem)
    assign, status, _ = lp.exact(inst, time_limit=30)
    assert status == "optimal"
    return sum(inst.w[e] for e in assign)


@pytest.mark.parametrize("seed", range(1, 7))
def test_small_random_events_match_exact_solver(seed):
    spec = generate_event(20 + seed, 60 + 10 * seed, 4 + seed % 4, 6 + seed % 5, seed,
                          home_table_share=0.1, partial_share=0.3, popular_share=0.1)
    pb = problem_from_spec(spec)
    res = run(pb)
    assert res.placed_priority == exact_optimum(pb)
    assert res.proven_optimal


def test_medium_event_reaches_bound_with_fewer_idle_rounds_than_greedy():
    spec = generate_event(300, 1500, 12, 60, 5, home_table_share=0.1)
    pb = problem_from_spec(spec)
    res = run(pb, seconds=8)
    ff = first_fit(pb)
    assert check(pb, ff) == []
    assert res.placed_priority >= 0.998 * res.upper_bound
    assert res.placed_priority >= ff.placed_priority
    assert res.idle_rounds <= ff.idle_rounds


# -- rules -------------------------------------------------------------------------------

def test_home_tables_are_used_and_two_home_people_share_one_of_theirs():
    pb = make(3, 4, {"H1": None, "H2": None, "X": None, "Y": None},
              [("H1", "H2", 1), ("H1", "X", 1), ("Y", "H2", 1), ("X", "Y", 1)],
              homes={"H1": "T3", "H2": "T4"})
    res = run(pb)
    assert not res.unplaced
    table = {p.request_id: p.table for p in res.placements}
    assert table[0] in ("T3", "T4") and table[1] == "T3" and table[2] == "T4"


def test_availability_is_respected_and_explained():
    pb = make(4, 2, {"A": {1, 2}, "B": {3, 4}, "C": {2, 3}, "D": set()},
              [("A", "B", 1), ("A", "C", 1), ("B", "C", 1), ("C", "D", 2)])
    res = run(pb)
    assert {p.request_id for p in res.placements} == {1, 2}
    assert "never available in the same round" in res.unplaced[0]
    assert "D is available for no round" in res.unplaced[3]


def test_requests_that_cannot_fit_get_reasons():
    # a star: the centre has 2 rounds and 5 requests; one table
    people = {"C": None} | {f"P{i}": None for i in range(5)}
    pb = make(2, 1, people, [("C", f"P{i}", 1 if i else 3) for i in range(5)])
    res = run(pb)
    assert res.placed_priority == 4 and res.proven_optimal
    assert 0 in {p.request_id for p in res.placements}  # the priority-3 request wins
    assert len(res.unplaced) == 3
    for rid, why in res.unplaced.items():  # request rid is C with P{rid}
        assert why == f"C has other meetings in all the 2 rounds they share with P{rid}"


def test_fixed_meetings_stay_and_block_people_and_tables():
    fixed = (Fixed("A", "B", 1, "T1", 99), Fixed("C", "D", 2, "T2", 98))
    pb = make(2, 2, {p: None for p in "ABCDE"},
              [("A", "C", 1), ("B", "D", 1), ("A", "E", 1), ("C", "E", 1)], fixed=fixed)
    res = run(pb)
    for p in res.placements:
        assert (p.round, p.table) not in {(1, "T1"), (2, "T2")}
    assert all(p.request_id not in (98, 99) for p in res.placements)
    assert res.placed_priority == 2  # each round has one table left


def test_open_rounds_only():
    pb = make(4, 3, {p: None for p in "ABCD"},
              [("A", "B", 1), ("C", "D", 1), ("A", "C", 1), ("B", "D", 1), ("A", "D", 1)],
              open_rounds={3, 4})
    res = run(pb)
    assert all(p.round in (3, 4) for p in res.placements)
    assert res.placed_priority == 4
    closed = make(4, 3, {"A": {1, 2}, "B": None}, [("A", "B", 1)], open_rounds={3, 4})
    assert "still open" in run(closed).unplaced[0]


def test_keep_announced_moves_nothing_already_placed():
    spec = generate_event(40, 160, 8, 10, 11, home_table_share=0.1)
    pb = problem_from_spec(spec)
    first = run(pb)
    by_id = {q.id: q for q in pb.requests}
    held = tuple(Fixed(by_id[p.request_id].a, by_id[p.request_id].b, p.round, p.table,
                       p.request_id) for p in first.placements)
    placed_ids = {p.request_id for p in first.placements}
    rest = tuple(q for q in pb.requests if q.id not in placed_ids)
    # the event is under way: rounds 1-3 have started; two more tables turned up
    later = replace(pb, tables=pb.tables + ("X1", "X2"), requests=rest, fixed=held,
                    open_rounds=frozenset(range(4, 9)))
    second = run(later)
    assert all(p.round >= 4 for p in second.placements)
    assert second.placed_priority >= 1  # new tables give room for something
    before = {(f.request_id, f.round, f.table) for f in held}
    assert before == {(p.request_id, p.round, p.table) for p in first.placements}


# -- edge cases --------------------------------------------------------------------------

def test_no_requests():
    res = run(make(3, 2, {"A": None, "B": None}))
    assert res.placements == [] and res.unplaced == {} and res.placed_priority == 0
    assert res.proven_optimal and res.upper_bound == 0


def test_no_people_no_rounds_no_tables():
    res = run(Problem((), (), {}, ()))
    assert res.placed_priority == 0
    res = run(make(2, 0, {"A": None, "B": None}, [("A", "B", 1)]))
    assert res.unplaced and res.placed_priority == 0


def test_everyone_with_a_home_table():
    people = {f"P{i}": None for i in range(6)}
    homes = {f"P{i}": f"T{i + 1}" for i in range(6)}
    pairs = [(f"P{i}", f"P{j}", 1) for i in range(6) for j in range(i + 1, 6)]
    res = run(make(5, 6, people, pairs, homes=homes))
    assert res.placed_priority == 15  # K6 is 5-edge-colourable
    assert res.table_changes == 0


def test_one_round():
    pb = make(1, 10, {p: None for p in "ABCDEF"},
              [("A", "B", 1), ("B", "C", 2), ("C", "D", 1), ("E", "F", 1), ("A", "F", 1)])
    res = run(pb)
    assert res.placed_priority == 3 and res.proven_optimal  # a matching: B-C (2) + E-F


def test_more_tables_than_needed():
    pb = make(3, 50, {p: None for p in "ABC"}, [("A", "B", 1), ("B", "C", 1), ("A", "C", 1)])
    res = run(pb)
    assert res.placed_priority == 3 and res.idle_rounds == 1  # a triangle: someone waits


def test_bad_requests_do_not_crash():
    pb = make(2, 2, {"A": None, "B": None}, [("A", "A", 1), ("A", "Z", 1), ("A", "B", 1)],
              homes={"B": "T9"})
    res = run(pb)
    assert "themselves" in res.unplaced[0]
    assert "Z is not a participant" in res.unplaced[1]
    assert "T9" in res.unplaced[2]


def test_problem_from_spec_turns_placed_requests_into_fixed():
    spec = EventSpec("e", "2026-05-14", "v", ScheduleSpec("09:00", 20, 3, ("T1", "T2")),
                     (Participant("A", "a", "o", "IT"), Participant("B", "b", "o", "FR",
                                                                      arrive="09:20"),
                      Participant("C", "c", "o", "MT", table="T2")),
                     (Request("A", "B", 1, 2, "T1"), Request("A", "C", 2), Request("B", "C")))
    pb = problem_from_spec(spec)
    assert pb.fixed == (Fixed("A", "B", 2, "T1", 0),)
    assert [q.id for q in pb.requests] == [1, 2]
    assert pb.people["B"].rounds == frozenset({2, 3})
    assert pb.people["C"].home_table == "T2"
    res = run(pb)
    assert res.placed_priority == 3


# -- running -----------------------------------------------------------------------------

def test_deterministic():
    pb = problem_from_spec(generate_event(60, 400, 8, 15, 3, partial_share=0.3))
    a, b = run(pb), run(pb)
    assert a.placements == b.placements and a.unplaced == b.unplaced


def test_progress_and_stop():
    pb = problem_from_spec(generate_event(60, 400, 8, 15, 4))
    seen = []
    run(pb, progress=lambda f, phase: seen.append((f, phase)))
    assert seen[-1] == (1.0, "done")
    assert all(0 <= f <= 1 for f, _ in seen)
    assert [f for f, _ in seen] == sorted(f for f, _ in seen)
    stop = threading.Event()
    stop.set()
    res = run(pb, stop=stop)
    assert res.seconds < 2


# -- the checker catches each kind of violation -------------------------------------------

def _base():
    pb = make(3, 3, {"A": {1, 2, 3}, "B": None, "C": {1, 2}, "H": None},
              [("A", "B", 2), ("B", "C", 1), ("A", "H", 1)], homes={"H": "T3"},
              fixed=(Fixed("C", "H", 3, "T3", 50),))
    res = Result([Placement(0, 1, "T1"), Placement(1, 2, "T1"), Placement(2, 2, "T3")], {},
                 placed_priority=4, upper_bound=4, idle_rounds=0, table_changes=2,
                 seconds=0, proven_optimal=True)
    return pb, res


def test_checker_accepts_a_valid_schedule():
    pb, res = _base()
    assert check(pb, res) == []


@pytest.mark.parametrize("mutate,expect", [
    (lambda pb, r: r.placements.__setitem__(1, Placement(1, 1, "T2")), "2 meetings in round 1"),
    (lambda pb, r: r.placements.__setitem__(2, Placement(2, 2, "T1")), "table T1 holds 2"),
    (lambda pb, r: r.placements.__setitem__(1, Placement(1, 3, "T1")),
     "C is not available in round 3"),
    (lambda pb, r: r.placements.__setitem__(2, Placement(2, 1, "T2")), "home table is T3"),
    (lambda pb, r: r.placements.__setitem__(2, Placement(2, 3, "T2")), "H has 2 meetings"),
    (lambda pb, r: r.placements.__setitem__(0, Placement(0, 9, "T1")), "not a round"),
    (lambda pb, r: r.placements.__setitem__(0, Placement(0, 1, "T7")), "not a table"),
    (lambda pb, r: r.placements.append(Placement(0, 3, "T1")), "placed 2 times"),
    (lambda pb, r: r.placements.append(Placement(50, 1, "T2")), "a fixed meeting"),
    (lambda pb, r: r.placements.pop(), "neither placed nor listed"),
    (lambda pb, r: r.unplaced.__setitem__(0, "why"), "both placed and listed"),
    (lambda pb, r: setattr(r, "placed_priority", 5), "placed priority is 4"),
    (lambda pb, r: setattr(r, "upper_bound", 3), "below the placed priority"),
    (lambda pb, r: setattr(r, "idle_rounds", 2), "idle rounds are 0"),
    (lambda pb, r: setattr(r, "table_changes", 1), "table changes are 2"),
])
def test_checker_catches(mutate, expect):
    pb, res = _base()
    mutate(pb, res)
    found = check(pb, res)
    assert any(expect in v for v in found), found


def test_checker_catches_closed_rounds_and_counts_idle_and_changes():
    pb, res = _base()
    assert any("not open" in v for v in check(replace(pb, open_rounds=frozenset({2, 3})), res))
    # A meets in rounds 1 and 3 only: one idle round; B changes table
    pb2 = make(3, 2, {p: None for p in "ABC"}, [("A", "B", 1), ("A", "C", 1)])
    res2 = Result([Placement(0, 1, "T1"), Placement(1, 3, "T2")], {}, 2, 2, 1, 1, 0, True)
    assert check(pb2, res2) == []
    res2.table_changes = 0
    assert check(pb2, res2) == ["table changes are 1, the result says 0"]


def _random_problem(seed: int) -> Problem:
    """Small odd problems: partial availability, home tables (some missing), fixed
    meetings, closed rounds, duplicate pairs, priorities 1-3."""
    rng = random.Random(seed)
    R = rng.randint(1, 6)
    T = rng.randint(1, 5)
    tables = [f"T{i}" for i in range(1, T + 1)]
    n = rng.randint(2, 12)
    ids = [f"P{i}" for i in range(n)]
    people = {}
    home_pool = tables + ["T99"]
    rng.shuffle(home_pool)
    for p in ids:
        rounds = {r for r in range(1, R + 1) if rng.random() < 0.8}
        home = home_pool.pop() if home_pool and rng.random() < 0.2 else None
        people[p] = Person(p, frozenset(rounds), home)
    fixed = []
    busy = set()
    for _ in range(rng.randint(0, 3)):
        a, b = rng.sample(ids, 2)
        r, t = rng.randint(1, R), rng.choice(tables)
        if {(a, r), (b, r), (t, r)} & busy:
            continue
        busy |= {(a, r), (b, r), (t, r)}
        fixed.append(Fixed(a, b, r, t, 1000 + len(fixed)))
    reqs = tuple(Req(i, *rng.sample(ids, 2), rng.choice((1, 1, 1, 2, 3)))
                 for i in range(rng.randint(0, 25)))
    open_rounds = None
    if rng.random() < 0.3:
        open_rounds = frozenset(r for r in range(1, R + 1) if rng.random() < 0.6)
    return Problem(tuple(range(1, R + 1)), tuple(tables), people, reqs, tuple(fixed),
                   open_rounds)


@pytest.mark.parametrize("seed", range(40))
def test_random_small_problems_are_valid_and_optimal(seed):
    pb = _random_problem(seed)
    res = run(pb)
    assert res.placed_priority == exact_optimum(pb)
    assert res.proven_optimal
