"""Reads for printouts and the day's figures. Plain dicts back, like db/queries.py."""

from __future__ import annotations

from typing import Any

import sqlite_utils

REPORT_MEETING_COLUMNS = ("id, round, table_name, a, b, request_id, status, origin, "
                          "noshow_of, outcome, outcome_note")

_TABLE_ORDER = ("(SELECT position FROM venue_table t WHERE t.name = meeting.table_name)")


def all_meetings(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Every meeting row, whatever its status, with its outcome: by round, table, id."""
    return list(db.query(f"SELECT {REPORT_MEETING_COLUMNS} FROM meeting "
                         f"ORDER BY round, {_TABLE_ORDER}, id"))


def meeting_with_outcome(db: sqlite_utils.Database, meeting_id: int) -> dict[str, Any] | None:
    return next(db.query(f"SELECT {REPORT_MEETING_COLUMNS} FROM meeting WHERE id = ?",
                         [meeting_id]), None)


def requests_with_meetings(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Each request with how many live and held meetings fulfil it."""
    return list(db.query(
        "SELECT r.id, r.a, r.b, r.priority, "
        "(SELECT count(*) FROM meeting m WHERE m.request_id = r.id "
        " AND m.status IN ('planned', 'held')) AS live, "
        "(SELECT count(*) FROM meeting m WHERE m.request_id = r.id "
        " AND m.status = 'held') AS held "
        "FROM request r ORDER BY r.id"))
