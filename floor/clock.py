"""The one source of "now". Real use: the wall clock. Demo and tests: a fixed clock, or
one that starts at a chosen moment of the event and runs (optionally sped up)."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class WallClock:
    def now(self) -> datetime:
        return datetime.now().replace(microsecond=0)

    def __repr__(self) -> str:
        return "WallClock()"


class FixedClock:
    """Stands still until told to move (tests, snapshots)."""

    def __init__(self, at: datetime):
        self.at = at

    def now(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> datetime:
        self.at += timedelta(**delta)
        return self.at

    def set(self, at: datetime) -> None:
        self.at = at

    def __repr__(self) -> str:
        return f"FixedClock({self.at.isoformat()})"


class RunningClock:
    """Starts at `start` and runs `speed` times faster than real time (demo, drills)."""

    def __init__(self, start: datetime, speed: float = 1.0):
        self.start = start
        self.speed = speed
        self._t0 = time.monotonic()

    def now(self) -> datetime:
        elapsed = (time.monotonic() - self._t0) * self.speed
        return (self.start + timedelta(seconds=elapsed)).replace(microsecond=0)

    def __repr__(self) -> str:
        return f"RunningClock({self.start.isoformat()}, speed={self.speed})"


def parse_moment(text: str, event_date: str) -> datetime:
    """"10:14" (on the event's date) or a full ISO "2026-11-26T10:14"."""
    text = text.strip()
    if "T" in text or " " in text:
        return datetime.fromisoformat(text)
    return datetime.fromisoformat(f"{event_date}T{text}")


def make_clock(*, start: str | None, speed: float, fixed: bool,
               event_date: str) -> Clock:
    if start is None:
        return WallClock()
    moment = parse_moment(start, event_date)
    return FixedClock(moment) if fixed else RunningClock(moment, speed)


def stamp(moment: datetime) -> str:
    """How moments are stored: local time, ISO 8601, to the second."""
    return moment.replace(microsecond=0).isoformat()
