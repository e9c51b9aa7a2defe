"""The scheduler, pure: which requested meetings happen, in which round, at which table,
and an independent checker. Imports only `floor.domain` and numeric libraries (HiGHS);
never the event file (`floor/ops/schedule.py` is its bridge).

    from floor.scheduler import solve, check, problem_from_spec
    result = solve(problem_from_spec(spec), seconds=10)
    assert check(problem, result) == []

Pure Python with numpy and highspy (HiGHS); no SQLite, no Textual.
"""

from floor.scheduler.check import check
from floor.scheduler.problem import Fixed, Person, Placement, Problem, Req, Result
from floor.scheduler.solve import solve
from floor.scheduler.spec import problem_from_spec

__all__ = ["Fixed", "Person", "Placement", "Problem", "Req", "Result", "check",
           "problem_from_spec", "solve"]
