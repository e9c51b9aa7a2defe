"""Messages from thread workers back to the UI thread."""

from __future__ import annotations

from textual.message import Message

from floor.views.floor import FloorSnapshot


class SnapshotLoaded(Message):
    def __init__(self, snapshot: FloorSnapshot, journal: list[dict]) -> None:
        super().__init__()
        self.snapshot = snapshot
        self.journal = journal


class ActionDone(Message):
    def __init__(self, summary: str, entry_id: int) -> None:
        super().__init__()
        self.summary = summary
        self.entry_id = entry_id


class ActionRefused(Message):
    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason
