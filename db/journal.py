"""The append-only journal and the rejection log."""

from __future__ import annotations

import json
from typing import Any, Iterable

import sqlite_utils

from db.rows import Change


def append(db: sqlite_utils.Database, *, at: str, actor: str, action: str, summary: str,
           changes: Iterable[Change] = (), undoes: int | None = None) -> int:
    cursor = db.execute(
        "INSERT INTO journal (at, actor, action, summary, changes, undoes) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [at, actor, action, summary, json.dumps(list(changes), ensure_ascii=False), undoes],
    )
    return cursor.lastrowid


def _entry(row: tuple, columns: list[str]) -> dict[str, Any]:
    entry = dict(zip(columns, row))
    entry["changes"] = json.loads(entry["changes"])
    return entry


def entries(db: sqlite_utils.Database, *, after_id: int = 0, limit: int | None = None,
            newest_first: bool = False) -> list[dict[str, Any]]:
    order = "DESC" if newest_first else "ASC"
    sql = f"SELECT * FROM journal WHERE id > ? ORDER BY id {order}"
    params: list[Any] = [after_id]
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    cursor = db.execute(sql, params)
    columns = [d[0] for d in cursor.description]
    return [_entry(row, columns) for row in cursor.fetchall()]


def entry(db: sqlite_utils.Database, entry_id: int) -> dict[str, Any] | None:
    cursor = db.execute("SELECT * FROM journal WHERE id = ?", [entry_id])
    row = cursor.fetchone()
    return None if row is None else _entry(row, [d[0] for d in cursor.description])


def undo_links(db: sqlite_utils.Database) -> dict[int, list[int]]:
    """{entry id: [ids of undo/redo entries pointing at it]}, in order."""
    links: dict[int, list[int]] = {}
    for entry_id, target in db.execute(
            "SELECT id, undoes FROM journal WHERE undoes IS NOT NULL ORDER BY id"):
        links.setdefault(target, []).append(entry_id)
    return links


def last_id(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT coalesce(max(id), 0) FROM journal").fetchone()[0]


def data_version(db: sqlite_utils.Database) -> int:
    """Changes whenever another connection commits: the change feed's cheap poll."""
    return db.execute("PRAGMA data_version").fetchone()[0]


def log_rejection(db: sqlite_utils.Database, *, at: str, actor: str, action: str,
                  args: dict[str, Any], reason: str) -> int:
    cursor = db.execute(
        "INSERT INTO rejection (at, actor, action, args, reason) VALUES (?, ?, ?, ?, ?)",
        [at, actor, action, json.dumps(args, ensure_ascii=False, default=str), reason],
    )
    return cursor.lastrowid


def rejections(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    return list(db.query("SELECT * FROM rejection ORDER BY id"))
