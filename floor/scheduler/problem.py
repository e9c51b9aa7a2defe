"""The scheduler's own problem and result, as plain data (no SQLite, no Textual).

Rounds are identified by their numbers (usually 1..R), tables by their names, people by
their ids. Everything here is immutable except `Result`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Person:
    id: str
    rounds: frozenset[int]  # rounds they are available for (the whole round)
    home_table: str | None = None  # all their meetings happen at this table


@dataclass(frozen=True)
class Req:
    """A request still to place."""
    id: int
    a: str
    b: str
    priority: int = 1


@dataclass(frozen=True)
class Fixed:
    """A meeting already placed or held: it stays, and occupies both people and the table."""
    a: str
    b: str
    round: int
    table: str
    request_id: int | None = None


@dataclass(frozen=True)
class Problem:
    rounds: tuple[int, ...]  # round numbers in time order, e.g. (1, ..., R)
    tables: tuple[str, ...]  # table names
    people: Mapping[str, Person]
    requests: tuple[Req, ...]  # to place (not already placed)
    fixed: tuple[Fixed, ...] = ()
    open_rounds: frozenset[int] | None = None  # if set, new meetings only go into these


@dataclass(frozen=True)
class Placement:
    request_id: int
    round: int
    table: str


@dataclass
class Result:
    """What `solve` found.

    - `placed_priority`: total priority of the placed requests (fixed meetings not counted);
    - `upper_bound`: no schedule of these requests can place more total priority;
    - `idle_rounds`: for every person, the rounds strictly between their first and their
      last meeting (fixed meetings included; rounds counted in `Problem.rounds` order,
      whether or not the person is available for them) in which they have no meeting,
      summed over people;
    - `table_changes`: for every person without a home table, the number of times two of
      their consecutive meetings (in round order, fixed included) are at different tables,
      summed over people.
    """
    placements: list[Placement]
    unplaced: dict[int, str]  # request id -> why it could not be placed, for a person to read
    placed_priority: int
    upper_bound: float
    idle_rounds: int
    table_changes: int
    seconds: float
    proven_optimal: bool
    bound_method: str = ""  # how `upper_bound` was computed
    stats: dict[str, object] = field(default_factory=dict)  # phase timings and counters
