"""Row writes that report what they changed, so ops can journal it and undo can reverse it.

A change is a plain dict: {"t": table, "k": {key columns}, "before": {...} | None,
"after": {...} | None}. Insert has before None, delete has after None; an update holds
only the columns that changed.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

# The tables ops may change, with their key columns. Anything else is refused.
KEYS: dict[str, tuple[str, ...]] = {
    "participant": ("id",),
    "meeting": ("id",),
    "request": ("id",),
    "setting": ("key",),
    "token": ("participant_id", "serial"),
}

Change = dict[str, Any]


def _check_table(table: str) -> tuple[str, ...]:
    try:
        return KEYS[table]
    except KeyError:
        raise ValueError(f"ops may not write table {table!r}") from None


def _where(key: dict[str, Any]) -> tuple[str, list[Any]]:
    return " AND ".join(f"[{c}] = ?" for c in key), list(key.values())


def get_row(db: sqlite_utils.Database, table: str, key: dict[str, Any]) -> dict | None:
    _check_table(table)
    where, params = _where(key)
    cursor = db.execute(f"SELECT * FROM [{table}] WHERE {where}", params)
    row = cursor.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cursor.description], row))


def insert_row(db: sqlite_utils.Database, table: str, values: dict[str, Any]) -> Change:
    key_cols = _check_table(table)
    cols = ", ".join(f"[{c}]" for c in values)
    marks = ", ".join("?" for _ in values)
    cursor = db.execute(f"INSERT INTO [{table}] ({cols}) VALUES ({marks})",
                        list(values.values()))
    if all(c in values for c in key_cols):
        key = {c: values[c] for c in key_cols}
    else:  # an INTEGER PRIMARY KEY the database chose
        key = {key_cols[0]: cursor.lastrowid}
    return {"t": table, "k": key, "before": None, "after": get_row(db, table, key)}


def update_row(db: sqlite_utils.Database, table: str, key: dict[str, Any],
               values: dict[str, Any]) -> Change | None:
    """Update the row; return the change, or None if nothing differed."""
    _check_table(table)
    current = get_row(db, table, key)
    if current is None:
        raise LookupError(f"no {table} {key}")
    changed = {c: v for c, v in values.items() if current[c] != v}
    if not changed:
        return None
    sets = ", ".join(f"[{c}] = ?" for c in changed)
    where, params = _where(key)
    db.execute(f"UPDATE [{table}] SET {sets} WHERE {where}", [*changed.values(), *params])
    return {"t": table, "k": key, "before": {c: current[c] for c in changed},
            "after": changed}


def delete_row(db: sqlite_utils.Database, table: str, key: dict[str, Any]) -> Change:
    _check_table(table)
    current = get_row(db, table, key)
    if current is None:
        raise LookupError(f"no {table} {key}")
    where, params = _where(key)
    db.execute(f"DELETE FROM [{table}] WHERE {where}", params)
    return {"t": table, "k": key, "before": current, "after": None}


def still_as_left(db: sqlite_utils.Database, change: Change) -> bool:
    """True if the row is still as `change` left it (nothing later touched it)."""
    current = get_row(db, change["t"], change["k"])
    if change["after"] is None:
        return current is None
    if current is None:
        return False
    return all(current.get(c) == v for c, v in change["after"].items())


def net_changes(changes: list[Change]) -> list[Change]:
    """The net effect on each row of a sequence of changes (a row parked and restored
    within one action shows only where it ended)."""
    net: dict[tuple, Change] = {}
    for change in changes:
        key = (change["t"], tuple(sorted(change["k"].items())))
        if key not in net:
            net[key] = {**change, "before": _copy(change["before"]),
                        "after": _copy(change["after"])}
            continue
        seen = net[key]
        if seen["after"] is None or change["after"] is None or change["before"] is None:
            seen["after"] = _copy(change["after"])  # a delete or re-insert: its image wins
            continue
        for column, value in change["after"].items():  # an update of a live row
            if seen["before"] is not None and column not in seen["before"]:
                seen["before"][column] = change["before"][column]
            seen["after"][column] = value
    return list(net.values())


def _copy(image: dict | None) -> dict | None:
    return None if image is None else dict(image)


def inverse(change: Change) -> Change:
    return {"t": change["t"], "k": change["k"], "before": change["after"],
            "after": change["before"]}


def apply(db: sqlite_utils.Database, change: Change) -> Change:
    """Bring the row from change["before"] to change["after"]; return the change made."""
    table, key, after = change["t"], change["k"], change["after"]
    if change["before"] is None:
        return insert_row(db, table, after)
    if after is None:
        return delete_row(db, table, key)
    return update_row(db, table, key, after) or {**change}
