"""Reads about people: the participants, one of them, their numbers. Plain dicts back."""

from __future__ import annotations

from typing import Any

import sqlite_utils


def participants(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    return list(db.query("SELECT * FROM participant ORDER BY num"))


def participant(db: sqlite_utils.Database, participant_id: str) -> dict[str, Any] | None:
    return next(db.query("SELECT * FROM participant WHERE id = ?", [participant_id]), None)


def participant_by_num(db: sqlite_utils.Database, num: int) -> dict[str, Any] | None:
    return next(db.query("SELECT * FROM participant WHERE num = ?", [num]), None)


def next_participant_num(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT coalesce(max(num), 0) + 1 FROM participant").fetchone()[0]


def checked_in_count(db: sqlite_utils.Database) -> tuple[int, int]:
    """(checked in, participants)."""
    return db.execute("SELECT count(checked_in_at), count(*) FROM participant").fetchone()
