"""The change feed: what other processes committed since we last looked.

Cheap to poll: PRAGMA data_version moves only when another connection commits; only
then are the new journal rows read. Each screen keeps one feed and refreshes the cells
that the changes name (see DESIGN.md, "The change feed")."""

from __future__ import annotations

import sqlite_utils

from db import journal


class ChangeFeed:
    def __init__(self, db: sqlite_utils.Database, *, from_start: bool = False):
        self.db = db
        self.last_id = 0 if from_start else journal.last_id(db)
        self._version = journal.data_version(db)

    def poll(self, *, force: bool = False) -> list[dict]:
        """New journal entries since the last poll ([] if nobody committed).
        `force` also reads after this connection's own commits, which data_version
        does not count."""
        version = journal.data_version(self.db)
        if version == self._version and not force:
            return []
        self._version = version
        entries = journal.entries(self.db, after_id=self.last_id)
        if entries:
            self.last_id = entries[-1]["id"]
        return entries


def touched(entries: list[dict]) -> set[tuple[str, tuple]]:
    """The rows the entries changed, as (table, key items), for a screen to refresh."""
    return {(c["t"], tuple(sorted(c["k"].items()))) for e in entries for c in e["changes"]}
