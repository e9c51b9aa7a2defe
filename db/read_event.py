"""Reads about the event itself: its row, settings, rounds, breaks, tables, the counts
`floor demo` and `floor show` print. Plain dicts back."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from db.sql import LIVE
from floor.domain.errors import NotAnEventFile
from floor.domain.time import Timetable


def event(db: sqlite_utils.Database) -> dict[str, Any]:
    row = next(db.query("SELECT * FROM event WHERE id = 1"), None)
    if row is None:
        raise NotAnEventFile("this file holds no event (was the import finished?)")
    return row


def setting(db: sqlite_utils.Database, key: str, default: str | None = None) -> str | None:
    row = db.execute("SELECT value FROM setting WHERE key = ?", [key]).fetchone()
    return default if row is None else row[0]


def settings(db: sqlite_utils.Database) -> dict[str, str]:
    return {k: v for k, v in db.execute("SELECT key, value FROM setting")}


def rounds(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    return list(db.query("SELECT no, starts, ends FROM round ORDER BY no"))


def round_(db: sqlite_utils.Database, no: int) -> dict[str, Any] | None:
    return next(db.query("SELECT no, starts, ends FROM round WHERE no = ?", [no]), None)


def breaks(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    return list(db.query("SELECT starts, ends FROM event_break ORDER BY starts"))


def timetable(db: sqlite_utils.Database) -> Timetable:
    """The day's rounds and breaks as moments of the event's date."""
    return Timetable(event(db)["date"], rounds(db), breaks(db))


def tables(db: sqlite_utils.Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT name FROM venue_table ORDER BY position")]


def table_exists(db: sqlite_utils.Database, name: str) -> bool:
    return db.execute("SELECT 1 FROM venue_table WHERE name = ?", [name]).fetchone() is not None


def counts(db: sqlite_utils.Database) -> dict[str, int]:
    one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
    return {
        "participants": one("SELECT count(*) FROM participant"),
        "checked_in": one("SELECT count(*) FROM participant WHERE checked_in_at IS NOT NULL"),
        "requests": one("SELECT count(*) FROM request"),
        "meetings": one(f"SELECT count(*) FROM meeting WHERE {LIVE}"),
        "rounds": one("SELECT count(*) FROM round"),
        "tables": one("SELECT count(*) FROM venue_table"),
    }
