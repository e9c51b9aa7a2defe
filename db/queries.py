"""Reads. Every function takes a Database and returns plain dicts or values."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from db.schema import LIVE_STATUSES

_LIVE = "status IN ('planned', 'held')"
assert LIVE_STATUSES == ("planned", "held")


def event(db: sqlite_utils.Database) -> dict[str, Any]:
    row = next(db.query("SELECT * FROM event WHERE id = 1"), None)
    if row is None:
        raise LookupError("this file holds no event (was the import finished?)")
    return row


def setting(db: sqlite_utils.Database, key: str, default: str | None = None) -> str | None:
    row = db.execute("SELECT value FROM setting WHERE key = ?", [key]).fetchone()
    return default if row is None else row[0]


def rounds(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    return list(db.query("SELECT no, starts, ends FROM round ORDER BY no"))


def round_(db: sqlite_utils.Database, no: int) -> dict[str, Any] | None:
    return next(db.query("SELECT no, starts, ends FROM round WHERE no = ?", [no]), None)


def breaks(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    return list(db.query("SELECT starts, ends FROM event_break ORDER BY starts"))


def tables(db: sqlite_utils.Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT name FROM venue_table ORDER BY position")]


def table_exists(db: sqlite_utils.Database, name: str) -> bool:
    return db.execute("SELECT 1 FROM venue_table WHERE name = ?", [name]).fetchone() is not None


def participants(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    return list(db.query("SELECT * FROM participant ORDER BY num"))


def participant(db: sqlite_utils.Database, participant_id: str) -> dict[str, Any] | None:
    return next(db.query("SELECT * FROM participant WHERE id = ?", [participant_id]), None)


def participant_by_num(db: sqlite_utils.Database, num: int) -> dict[str, Any] | None:
    return next(db.query("SELECT * FROM participant WHERE num = ?", [num]), None)


def next_participant_num(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT coalesce(max(num), 0) + 1 FROM participant").fetchone()[0]


def requests(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    return list(db.query("SELECT * FROM request ORDER BY id"))


def request_between(db: sqlite_utils.Database, a: str, b: str) -> dict[str, Any] | None:
    return next(db.query(
        "SELECT * FROM request WHERE min(a, b) = min(?, ?) AND max(a, b) = max(?, ?)",
        [a, b, a, b]), None)


def open_requests(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Requests with no live meeting."""
    return list(db.query(
        f"SELECT r.* FROM request r WHERE NOT EXISTS (SELECT 1 FROM meeting m "
        f"WHERE m.request_id = r.id AND m.{_LIVE}) ORDER BY r.priority DESC, r.id"))


MEETING_COLUMNS = ("id, round, table_name, a, b, request_id, status, origin, noshow_of")


def meetings(db: sqlite_utils.Database, *, round_no: int | None = None,
             participant_id: str | None = None, live_only: bool = False) -> list[dict[str, Any]]:
    where, params = [], []
    if round_no is not None:
        where.append("round = ?")
        params.append(round_no)
    if participant_id is not None:
        where.append("(a = ? OR b = ?)")
        params += [participant_id, participant_id]
    if live_only:
        where.append(_LIVE)
    sql = f"SELECT {MEETING_COLUMNS} FROM meeting"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += (" ORDER BY round, (SELECT position FROM venue_table t "
            "WHERE t.name = meeting.table_name), id")
    return list(db.query(sql, params))


def meeting(db: sqlite_utils.Database, meeting_id: int) -> dict[str, Any] | None:
    return next(db.query(f"SELECT {MEETING_COLUMNS} FROM meeting WHERE id = ?",
                         [meeting_id]), None)


def live_meeting_at(db: sqlite_utils.Database, round_no: int, table: str) -> dict | None:
    return next(db.query(
        f"SELECT {MEETING_COLUMNS} FROM meeting WHERE round = ? AND table_name = ? "
        f"AND {_LIVE}", [round_no, table]), None)


def live_meeting_of(db: sqlite_utils.Database, participant_id: str,
                    round_no: int) -> dict[str, Any] | None:
    return next(db.query(
        f"SELECT {MEETING_COLUMNS} FROM meeting WHERE round = ? AND (a = ? OR b = ?) "
        f"AND {_LIVE}", [round_no, participant_id, participant_id]), None)


def live_meeting_of_pair(db: sqlite_utils.Database, a: str, b: str) -> dict | None:
    return next(db.query(
        f"SELECT {MEETING_COLUMNS} FROM meeting WHERE min(a, b) = min(?, ?) "
        f"AND max(a, b) = max(?, ?) AND {_LIVE}", [a, b, a, b]), None)


def counts(db: sqlite_utils.Database) -> dict[str, int]:
    one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
    return {
        "participants": one("SELECT count(*) FROM participant"),
        "checked_in": one("SELECT count(*) FROM participant WHERE checked_in_at IS NOT NULL"),
        "requests": one("SELECT count(*) FROM request"),
        "meetings": one(f"SELECT count(*) FROM meeting WHERE {_LIVE}"),
        "held": one("SELECT count(*) FROM meeting WHERE status = 'held'"),
        "noshow": one("SELECT count(*) FROM meeting WHERE status = 'noshow'"),
        "cancelled": one("SELECT count(*) FROM meeting WHERE status = 'cancelled'"),
        "rounds": one("SELECT count(*) FROM round"),
        "tables": one("SELECT count(*) FROM venue_table"),
    }


def integrity_check(db: sqlite_utils.Database) -> list[str]:
    """[] when the file is sound; otherwise what PRAGMA integrity_check and
    foreign_key_check found."""
    problems = [r[0] for r in db.execute("PRAGMA integrity_check") if r[0] != "ok"]
    problems += [f"foreign key: {row}" for row in db.execute("PRAGMA foreign_key_check")]
    return problems


def settings(db: sqlite_utils.Database) -> dict[str, str]:
    return {k: v for k, v in db.execute("SELECT key, value FROM setting")}


def pairs_met_or_booked(db: sqlite_utils.Database, participant_id: str) -> set[str]:
    """Everyone `participant_id` has met (held) or is booked to meet (planned)."""
    return {r[0] for r in db.execute(
        f"SELECT CASE WHEN a = ? THEN b ELSE a END FROM meeting "
        f"WHERE (a = ? OR b = ?) AND {_LIVE}", [participant_id] * 3)}


def busy_in_round(db: sqlite_utils.Database, round_no: int) -> set[str]:
    return {r[0] for r in db.execute(
        "SELECT participant_id FROM seat WHERE round = ? AND live = 1", [round_no])}


def noshow_meetings(db: sqlite_utils.Database, round_no: int) -> list[dict[str, Any]]:
    return list(db.query(f"SELECT {MEETING_COLUMNS} FROM meeting WHERE round = ? AND "
                         "status = 'noshow' ORDER BY id", [round_no]))
