"""Write a whole event into an empty file in one transaction (used by the importer)."""

from __future__ import annotations

from typing import Any, Iterable

import sqlite_utils

from db import journal
from db.transaction import write_transaction


def create_event(db: sqlite_utils.Database, *, event: dict[str, Any],
                 rounds: Iterable[dict], breaks: Iterable[dict], tables: Iterable[str],
                 participants: Iterable[dict], requests: Iterable[dict],
                 meetings: Iterable[dict], settings: dict[str, str] | None = None,
                 journal_entry: dict[str, Any]) -> None:
    """All rows of a new event, and the journal row that says so, or nothing at all.
    `requests` carry an explicit `id`; `meetings` refer to it with `request_id`."""
    with write_transaction(db):
        if db.execute("SELECT count(*) FROM event").fetchone()[0]:
            raise RuntimeError("this file already holds an event")
        db["event"].insert({"id": 1, **event})
        db["round"].insert_all(rounds)
        db["event_break"].insert_all(breaks)
        db["venue_table"].insert_all(
            {"name": name, "position": i} for i, name in enumerate(tables, start=1))
        db["participant"].insert_all(participants)
        db["request"].insert_all(requests)
        db["meeting"].insert_all(meetings)
        if settings:
            db["setting"].insert_all({"key": k, "value": v} for k, v in settings.items())
        journal.append(db, **journal_entry)
