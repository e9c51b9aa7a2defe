"""The append-only journal and the rejection log."""

from __future__ import annotations

import json
from typing import Any, Iterable, Iterator

import sqlite_utils

from db import rows
from db.rows import KEYS, Change
from db.sql import LIVE
from floor.domain.vocabulary import LIVE_STATUSES


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


def undoers(db: sqlite_utils.Database, entry_id: int) -> list[int]:
    """The ids of the undo/redo entries pointing at `entry_id`, oldest first (indexed)."""
    return [row[0] for row in db.execute(
        "SELECT id FROM journal WHERE undoes = ? ORDER BY id", [entry_id])]


def entries_of(db: sqlite_utils.Database, actor: str, *,
               page: int = 64) -> Iterator[dict[str, Any]]:
    """`actor`'s entries, newest first, read a page at a time by the journal(actor, id)
    index: a walk back through one station's actions never reads the others'."""
    before = None
    while True:
        cursor = db.execute(
            "SELECT * FROM journal WHERE actor = ? " + ("" if before is None else
                                                        f"AND id < {int(before)} ")
            + "ORDER BY id DESC LIMIT ?", [actor, page])
        columns = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
        for row in rows:
            yield _entry(row, columns)
        if len(rows) < page:
            return
        before = rows[-1][0]


def _row_key(table: str, key: dict[str, Any]) -> str:
    # As the journal_row trigger stores it: the key's columns in KEYS order, then json().
    return json.dumps({c: key[c] for c in KEYS[table]}, ensure_ascii=False)


def newest_touching(db: sqlite_utils.Database, table: str, key: dict[str, Any], *,
                    after_id: int = 0, action: str | None = None) -> dict[str, Any] | None:
    """The newest entry after `after_id` (of `action`, if given) that changed this row:
    one lookup in the journal_row index, whatever the journal's length."""
    cursor = db.execute(
        "SELECT journal.* FROM journal_row JOIN journal ON journal.id = journal_row.entry_id "
        "WHERE journal_row.t = ? AND journal_row.k = json(?) AND journal_row.entry_id > ? "
        "AND (? IS NULL OR journal.action = ?) ORDER BY journal_row.entry_id DESC LIMIT 1",
        [table, _row_key(table, key), after_id, action, action])
    row = cursor.fetchone()
    return None if row is None else _entry(row, [d[0] for d in cursor.description])


def rows_in_the_way(db: sqlite_utils.Database, change: Change) -> list[tuple[str, dict]]:
    """The rows (table, key) that keep `change` from being applied now: the live meetings
    holding the table, a seat or the pair a meeting would take back, the rows still
    referring to a person who would go, the valid badge a token would replace. Undo asks
    the journal who wrote them, to say what to undo first."""
    table, key = change["t"], change["k"]
    if table == "participant" and change["after"] is None:
        pid = key["id"]
        found = [("meeting", {"id": r[0]}) for r in db.execute(
            "SELECT id FROM meeting WHERE ? IN (a, b, noshow_of)", [pid])]
        found += [("request", {"id": r[0]}) for r in db.execute(
            "SELECT id FROM request WHERE ? IN (a, b)", [pid])]
        found += [("token", {"participant_id": pid, "serial": r[0]}) for r in db.execute(
            "SELECT serial FROM token WHERE participant_id = ?", [pid])]
        return found
    if table == "meeting" and change["after"] is not None:
        current = rows.get_row(db, table, key) or {}
        wanted = {**current, **change["after"]}
        if wanted.get("status") not in LIVE_STATUSES:
            return []
        return [("meeting", {"id": r[0]}) for r in db.execute(
            f"SELECT id FROM meeting WHERE {LIVE} AND id <> ? AND ("
            "(round = ? AND (table_name = ? OR a IN (?, ?) OR b IN (?, ?))) "
            "OR (min(a, b) = min(?, ?) AND max(a, b) = max(?, ?)))",
            [key["id"], wanted["round"], wanted["table_name"], wanted["a"], wanted["b"],
             wanted["a"], wanted["b"], wanted["a"], wanted["b"], wanted["a"], wanted["b"]])]
    if table == "token" and change["after"] is not None:
        return [("token", {"participant_id": key["participant_id"], "serial": r[0]})
                for r in db.execute("SELECT serial FROM token WHERE participant_id = ? "
                                    "AND serial <> ? AND revoked_at IS NULL",
                                    [key["participant_id"], key["serial"]])]
    return []


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
