"""Messages from thread workers back to the UI thread, for every screen.

A worker reads or writes and posts one of these; the handler on the screen owns the state.
A message that carries a whole picture (a snapshot, the figures, the door's counts) may
replace one of its kind still queued (Textual's `can_replace`): a burst of feed changes
makes one repaint, not a burst of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from textual.message import Message

from floor.views.door import ScanAnswer
from floor.views.floor import FloorSnapshot
from floor.views.rematch import Proposal


# -- the floor and the wall -----------------------------------------------------------
@dataclass(eq=False)
class SnapshotLoaded(Message):
    """The floor as read or patched from the feed, and the newest journal entries."""

    snapshot: FloorSnapshot
    journal: list[dict] = field(default_factory=list)

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, SnapshotLoaded)  # each one is the whole floor


@dataclass(eq=False)
class ActionDone(Message):
    summary: str
    entry_id: int | None


@dataclass(eq=False)
class ActionRefused(Message):
    reason: str


@dataclass(eq=False)
class RematchFound(Message):
    """Who could meet the person left alone at `table` in `round_no`, best first."""

    stranded: dict
    proposals: list[Proposal]
    round_no: int


# -- the Day screen ---------------------------------------------------------------------
@dataclass(eq=False)
class FiguresLoaded(Message):
    figures: dict

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, FiguresLoaded)


# -- the door -----------------------------------------------------------------------------
@dataclass(eq=False)
class Scanned(Message):
    answer: ScanAnswer
    checked_in: int
    total: int


@dataclass(eq=False)
class ScanFailed(Message):
    raw: str
    sentence: str


@dataclass(eq=False)
class Counts(Message):
    event_name: str
    checked_in: int
    total: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, Counts)


@dataclass(eq=False)
class WalkInDone(Message):
    participant: dict
    token: str
    png: Path | None
    qr_text: str
    meeting_line: str


@dataclass(eq=False)
class WalkInFailed(Message):
    reason: str
    values: dict
