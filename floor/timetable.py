"""Where in the day we are: which round is running, what has started, what is over.

Built from the rounds and breaks as stored; every answer comes from a given moment, so
every behaviour can be tested at any time of the event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from floor.timeslots import to_minutes


@dataclass(frozen=True)
class RoundTime:
    no: int
    starts: datetime
    ends: datetime


@dataclass(frozen=True)
class Phase:
    kind: str  # "before", "round", "between", "break", "after"
    round: RoundTime | None = None  # the running round, when kind == "round"
    next: RoundTime | None = None  # the next round to start, if any


class Timetable:
    def __init__(self, date: str, rounds: list[dict], breaks: list[dict] = ()):
        day = datetime.fromisoformat(date)
        at = lambda hhmm: day + timedelta(minutes=to_minutes(hhmm))  # noqa: E731
        self.rounds = [RoundTime(r["no"], at(r["starts"]), at(r["ends"])) for r in rounds]
        self.breaks = [(at(b["starts"]), at(b["ends"])) for b in breaks]
        self._by_no = {r.no: r for r in self.rounds}

    def get(self, no: int) -> RoundTime:
        return self._by_no[no]

    def __contains__(self, no: int) -> bool:
        return no in self._by_no

    def current(self, now: datetime) -> RoundTime | None:
        """The round running at `now` (start inclusive, end exclusive)."""
        for r in self.rounds:
            if r.starts <= now < r.ends:
                return r
        return None

    def has_started(self, no: int, now: datetime) -> bool:
        return self._by_no[no].starts <= now

    def is_over(self, no: int, now: datetime) -> bool:
        return self._by_no[no].ends <= now

    def next_round(self, now: datetime) -> RoundTime | None:
        return next((r for r in self.rounds if r.starts > now), None)

    def phase(self, now: datetime) -> Phase:
        running = self.current(now)
        following = self.next_round(now)
        if running:
            return Phase("round", running, following)
        if not self.rounds or now < self.rounds[0].starts:
            return Phase("before", None, following)
        if following is None:
            return Phase("after")
        if any(b_start <= now < b_end for b_start, b_end in self.breaks):
            return Phase("break", None, following)
        return Phase("between", None, following)
