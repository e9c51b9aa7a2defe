"""The one source of "now". Real use: the wall clock. Demo and tests: a fixed clock, or
one that starts at a chosen moment of the event and runs (optionally sped up)."""

from __future__ import annotations

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
    """Event time that started at `start` when the wall clock read `anchor`, running
    `speed` times faster than real time (demo, drills). Anchored to the wall clock, not
    to this process, so every process opening a demo file agrees on the time."""

    def __init__(self, start: datetime, speed: float = 1.0, anchor: datetime | None = None):
        self.start = start
        self.speed = speed
        self.anchor = anchor or datetime.now()

    def now(self) -> datetime:
        elapsed = (datetime.now() - self.anchor).total_seconds() * self.speed
        return (self.start + timedelta(seconds=elapsed)).replace(microsecond=0)

    def __repr__(self) -> str:
        return f"RunningClock({self.start.isoformat()}, speed={self.speed})"


def parse_moment(text: str, event_date: str) -> datetime:
    """"10:14" (on the event's date) or a full ISO "2026-11-26T10:14"."""
    text = text.strip()
    if "T" in text or " " in text:
        return datetime.fromisoformat(text)
    return datetime.fromisoformat(f"{event_date}T{text}")


def make_clock(*, start: str | None, speed: float, event_date: str,
               settings: dict[str, str] | None = None) -> Clock:
    """The clock a command runs on: `start` given: from that moment (fixed if speed is
    0); else the file's own demo clock if it has one; else the wall clock."""
    if start is not None:
        moment = parse_moment(start, event_date)
        return FixedClock(moment) if speed == 0 else RunningClock(moment, speed)
    settings = settings or {}
    if "clock.start" in settings:
        return RunningClock(datetime.fromisoformat(settings["clock.start"]),
                            float(settings.get("clock.speed", "1")),
                            datetime.fromisoformat(settings["clock.anchor"])
                            if "clock.anchor" in settings else None)
    return WallClock()


def stamp(moment: datetime) -> str:
    """How moments are stored: local time, ISO 8601, to the second."""
    return moment.replace(microsecond=0).isoformat()


def hhmm(stamp_text: str) -> str:
    """A stored moment ("2026-11-26T10:14:05") as a person reads it: "10:14"."""
    return stamp_text[11:16]


def hhmmss(stamp_text: str) -> str:
    """A stored moment to the second: "10:14:05"."""
    return stamp_text[11:19]
