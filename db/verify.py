"""Does the event file agree with its journal? (after a crash, before a backup)"""

from __future__ import annotations

import sqlite_utils

from db import journal, rows


def verify(db: sqlite_utils.Database) -> list[str]:
    """[] when the file is sound and every value the journal last wrote is what the file
    holds; otherwise a line per disagreement."""
    problems = integrity_check(db)
    last: dict[tuple, tuple[int, dict | None]] = {}
    for entry in journal.entries(db):
        for change in entry["changes"]:
            key = (change["t"], tuple(sorted(change["k"].items())))
            if change["after"] is None:
                last[key] = (entry["id"], None)
            else:
                _, seen = last.get(key, (0, {}))
                last[key] = (entry["id"], {**(seen or {}), **change["after"]})
    for (table, key), (entry_id, image) in last.items():
        current = rows.get_row(db, table, dict(key))
        if image is None:
            if current is not None:
                problems.append(f"{table} {dict(key)} exists, but journal #{entry_id} "
                                "deleted it")
        elif current is None:
            problems.append(f"{table} {dict(key)} is missing; journal #{entry_id} wrote it")
        else:
            for column, value in image.items():
                if current[column] != value:
                    problems.append(f"{table} {dict(key)}.{column} is {current[column]!r}; "
                                    f"journal #{entry_id} left {value!r}")
    return problems


def integrity_check(db: sqlite_utils.Database) -> list[str]:
    """[] when the file is sound; otherwise what PRAGMA integrity_check and
    foreign_key_check found."""
    problems = [r[0] for r in db.execute("PRAGMA integrity_check") if r[0] != "ok"]
    problems += [f"foreign key: {row}" for row in db.execute("PRAGMA foreign_key_check")]
    return problems
