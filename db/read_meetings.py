"""Reads about requests and meetings: who meets whom, where, when, in which state.
Plain dicts back."""

from __future__ import annotations

from typing import Any

import sqlite_utils

from db.sql import LIVE, TABLE_ORDER
from floor.domain.vocabulary import HELD, NOSHOW

MEETING_COLUMNS = "id, round, table_name, a, b, request_id, status, origin, noshow_of"
WITH_OUTCOME = MEETING_COLUMNS + ", outcome, outcome_note"


def requests(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    return list(db.query("SELECT * FROM request ORDER BY id"))


def request_between(db: sqlite_utils.Database, a: str, b: str) -> dict[str, Any] | None:
    return next(db.query(
        "SELECT * FROM request WHERE min(a, b) = min(?, ?) AND max(a, b) = max(?, ?)",
        [a, b, a, b]), None)


def open_requests(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Requests with no live meeting, most wanted first."""
    return list(db.query(
        f"SELECT r.* FROM request r WHERE NOT EXISTS (SELECT 1 FROM meeting m "
        f"WHERE m.request_id = r.id AND m.{LIVE}) ORDER BY r.priority DESC, r.id"))


def requests_with_meetings(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Each request with how many live and held meetings fulfil it."""
    return list(db.query(
        "SELECT r.id, r.a, r.b, r.priority, "
        f"(SELECT count(*) FROM meeting m WHERE m.request_id = r.id AND m.{LIVE}) AS live, "
        "(SELECT count(*) FROM meeting m WHERE m.request_id = r.id "
        " AND m.status = ?) AS held "
        "FROM request r ORDER BY r.id", [HELD]))


def meetings(db: sqlite_utils.Database, *, round_no: int | None = None,
             participant_id: str | None = None, live_only: bool = False,
             with_outcome: bool = False) -> list[dict[str, Any]]:
    """Meetings by round, table position and id; every status unless `live_only`."""
    where, params = [], []
    if round_no is not None:
        where.append("round = ?")
        params.append(round_no)
    if participant_id is not None:
        where.append("(a = ? OR b = ?)")
        params += [participant_id, participant_id]
    if live_only:
        where.append(LIVE)
    sql = f"SELECT {WITH_OUTCOME if with_outcome else MEETING_COLUMNS} FROM meeting"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY round, {TABLE_ORDER}, id"
    return list(db.query(sql, params))


def meeting(db: sqlite_utils.Database, meeting_id: int, *,
            with_outcome: bool = False) -> dict[str, Any] | None:
    columns = WITH_OUTCOME if with_outcome else MEETING_COLUMNS
    return next(db.query(f"SELECT {columns} FROM meeting WHERE id = ?", [meeting_id]), None)


def live_meeting_at(db: sqlite_utils.Database, round_no: int, table: str) -> dict | None:
    return next(db.query(
        f"SELECT {MEETING_COLUMNS} FROM meeting WHERE round = ? AND table_name = ? "
        f"AND {LIVE}", [round_no, table]), None)


def live_meeting_of(db: sqlite_utils.Database, participant_id: str,
                    round_no: int) -> dict[str, Any] | None:
    return next(db.query(
        f"SELECT {MEETING_COLUMNS} FROM meeting WHERE round = ? AND (a = ? OR b = ?) "
        f"AND {LIVE}", [round_no, participant_id, participant_id]), None)


def live_meeting_of_pair(db: sqlite_utils.Database, a: str, b: str) -> dict | None:
    return next(db.query(
        f"SELECT {MEETING_COLUMNS} FROM meeting WHERE min(a, b) = min(?, ?) "
        f"AND max(a, b) = max(?, ?) AND {LIVE}", [a, b, a, b]), None)


def pairs_met_or_booked(db: sqlite_utils.Database, participant_id: str) -> set[str]:
    """Everyone `participant_id` has met (held) or is booked to meet (planned)."""
    return {r[0] for r in db.execute(
        f"SELECT CASE WHEN a = ? THEN b ELSE a END FROM meeting "
        f"WHERE (a = ? OR b = ?) AND {LIVE}", [participant_id] * 3)}


def busy_in_round(db: sqlite_utils.Database, round_no: int) -> set[str]:
    return {r[0] for r in db.execute(
        "SELECT participant_id FROM seat WHERE round = ? AND live = 1", [round_no])}


def noshow_meetings(db: sqlite_utils.Database, round_no: int) -> list[dict[str, Any]]:
    return list(db.query(f"SELECT {MEETING_COLUMNS} FROM meeting WHERE round = ? AND "
                         "status = ? ORDER BY id", [round_no, NOSHOW]))
