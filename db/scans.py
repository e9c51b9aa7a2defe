"""The door's tables: badge tokens (reads) and the scan log (reads and its one append).

Tokens are written only through floor/ops (row images in the journal, via db/rows.py);
the scan log is a log, not state: `append_scan` is called by the door op inside its own
transaction, and nothing ever updates or deletes a scan row.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from floor.domain.vocabulary import BADGE_READ_VERDICTS, SCAN_VERDICTS


def token(db: sqlite_utils.Database, participant_id: str, serial: int) -> dict | None:
    return next(db.query("SELECT * FROM token WHERE participant_id = ? AND serial = ?",
                         [participant_id, serial]), None)


def valid_token(db: sqlite_utils.Database, participant_id: str) -> dict | None:
    """The one token of this person not revoked, if any."""
    return next(db.query("SELECT * FROM token WHERE participant_id = ? "
                         "AND revoked_at IS NULL", [participant_id]), None)


def valid_tokens(db: sqlite_utils.Database) -> dict[str, dict]:
    """{participant id: their valid token row}."""
    return {r["participant_id"]: r
            for r in db.query("SELECT * FROM token WHERE revoked_at IS NULL")}


def tokens_of(db: sqlite_utils.Database, participant_id: str) -> list[dict]:
    return list(db.query("SELECT * FROM token WHERE participant_id = ? ORDER BY serial",
                         [participant_id]))


def next_serial(db: sqlite_utils.Database, participant_id: str) -> int:
    return db.execute("SELECT coalesce(max(serial), 0) + 1 FROM token "
                      "WHERE participant_id = ?", [participant_id]).fetchone()[0]


def append_scan(db: sqlite_utils.Database, *, at: str, station: str, raw: str,
                token: str | None, participant_id: str | None, verdict: str,
                message: str, journal_id: int | None = None) -> int:
    cursor = db.execute(
        "INSERT INTO scan (at, station, raw, token, participant_id, verdict, message, "
        "journal_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [at, station, raw, token, participant_id, verdict, message, journal_id])
    return cursor.lastrowid


def last_scan_of(db: sqlite_utils.Database, participant_id: str,
                 verdicts: tuple[str, ...] = BADGE_READ_VERDICTS) -> dict | None:
    marks = ", ".join("?" for _ in verdicts)
    return next(db.query(
        f"SELECT * FROM scan WHERE participant_id = ? AND verdict IN ({marks}) "
        "ORDER BY id DESC LIMIT 1", [participant_id, *verdicts]), None)


def scans(db: sqlite_utils.Database, *, after_id: int = 0, station: str | None = None,
          limit: int | None = None) -> list[dict[str, Any]]:
    sql, params = "SELECT * FROM scan WHERE id > ?", [after_id]
    if station is not None:
        sql += " AND station = ?"
        params.append(station)
    sql += " ORDER BY id"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return list(db.query(sql, params))


def verdict_counts(db: sqlite_utils.Database) -> dict[str, int]:
    counts = dict.fromkeys(SCAN_VERDICTS, 0)
    counts.update({v: n for v, n in db.execute(
        "SELECT verdict, count(*) FROM scan GROUP BY verdict")})
    return counts
