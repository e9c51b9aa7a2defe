"""Plain data for an event as organisers describe it (the event folder), before storage.

The importer reads an event folder into these; the generator makes them; the scheduler's
adapters turn them into its own problem. Nothing here knows about SQLite or Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ScheduleSpec:
    start: str  # "HH:MM", start of the first round
    slot_minutes: int
    slots: int  # number of rounds
    tables: tuple[str, ...]  # table names in floor order
    breaks: tuple[tuple[str, str], ...] = ()  # ("HH:MM", "HH:MM") pairs


@dataclass(frozen=True)
class Round:
    no: int  # 1-based
    starts: str  # "HH:MM"
    ends: str  # "HH:MM"


@dataclass(frozen=True)
class Participant:
    id: str
    name: str
    organisation: str
    country: str  # ISO 3166 alpha-2, upper case
    sector: str = ""
    role: str = ""
    email: str = ""
    arrive: str | None = None  # "HH:MM": unavailable for rounds starting before
    leave: str | None = None  # "HH:MM": unavailable for rounds ending after
    table: str | None = None  # home table: all their meetings happen there


@dataclass(frozen=True)
class Request:
    a: str
    b: str
    priority: int = 1
    slot: int | None = None  # pre-placed round (1-based), with table
    table: str | None = None


@dataclass(frozen=True)
class EventSpec:
    name: str
    date: str  # "YYYY-MM-DD"
    venue: str
    schedule: ScheduleSpec
    participants: tuple[Participant, ...] = ()
    requests: tuple[Request, ...] = ()
    warnings: tuple[str, ...] = field(default=(), compare=False)
