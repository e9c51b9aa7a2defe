"""Undo and redo over the journal.

An entry is in effect unless an undo (itself in effect) points at it; a redo is the undo
of an undo. Undoing applies the entry's row images backwards, and is refused when a later
action changed the same rows (undo that one first), so nothing later is silently lost."""

from __future__ import annotations

import sqlite3
from functools import lru_cache

import sqlite_utils

from db import journal, rows
from floor.domain.clock import Clock
from floor.domain.errors import Refused
from floor.domain.vocabulary import NEVER_UNDONE, REDO_ACTION, UNDO_ACTION, UNDO_ACTIONS
from floor.ops.base import Done, explain_integrity_error, run


def _in_effect_fn(db: sqlite_utils.Database):
    links = journal.undo_links(db)

    @lru_cache(maxsize=None)
    def in_effect(entry_id: int) -> bool:
        return not any(in_effect(u) for u in links.get(entry_id, ()))

    return in_effect


def in_effect(db: sqlite_utils.Database, entry_id: int) -> bool:
    return _in_effect_fn(db)(entry_id)


def last_undoable(db: sqlite_utils.Database) -> dict | None:
    """The newest regular action still in effect."""
    effect = _in_effect_fn(db)
    for entry in journal.entries(db, newest_first=True):
        if entry["action"] in UNDO_ACTIONS or not entry["changes"]:
            continue
        if entry["action"] in NEVER_UNDONE:
            return None
        if effect(entry["id"]):
            return entry
    return None


def next_redoable(db: sqlite_utils.Database) -> dict | None:
    """The newest undo still in effect, if only undos and redos came after it."""
    effect = _in_effect_fn(db)
    for entry in journal.entries(db, newest_first=True):
        if entry["action"] == REDO_ACTION:
            continue
        if entry["action"] != UNDO_ACTION:
            return None
        if effect(entry["id"]):
            return entry
    return None


def _later_toucher(db, entry_id: int, change: dict) -> dict | None:
    for later in journal.entries(db, after_id=entry_id, newest_first=True):
        if any(c["t"] == change["t"] and c["k"] == change["k"] for c in later["changes"]):
            return later
    return None


def _reverse(tx, target: dict) -> None:
    for change in rows.net_changes(target["changes"]):
        if not rows.still_as_left(tx.db, change):
            later = _later_toucher(tx.db, target["id"], change)
            by = (f"#{later['id']} ({later['summary']})" if later
                  else "something outside the journal")
            raise Refused(f"cannot undo #{target['id']}: {change['t']} {change['k']} was "
                          f"changed since by {by}; undo that first")
    # Reverse step by step (a swap parks a meeting midway, so the steps matter).
    try:
        for change in reversed(target["changes"]):
            tx.apply(rows.inverse(change))
    except sqlite3.IntegrityError as error:  # say which entry could not be taken back
        refusal = explain_integrity_error(error)
        raise Refused(f"cannot undo #{target['id']} ({target['summary']}): {refusal.reason}",
                      detail=refusal.detail) from error
    tx.undoes = target["id"]


def undo(db: sqlite_utils.Database, entry_id: int | None = None, *, clock: Clock,
         actor: str = "manager") -> Done:
    """Undo one journal entry (default: the last action still in effect)."""

    def body(tx):
        target = journal.entry(tx.db, entry_id) if entry_id else last_undoable(tx.db)
        if target is None:
            raise Refused(f"no journal entry #{entry_id}" if entry_id else "nothing to undo")
        if target["action"] in NEVER_UNDONE or not target["changes"]:
            raise Refused(f"#{target['id']} ({target['action']}) cannot be undone")
        if not in_effect(tx.db, target["id"]):
            raise Refused(f"#{target['id']} is already undone")
        _reverse(tx, target)
        return f"undo #{target['id']}: {target['summary']}"

    return run(db, clock, actor, UNDO_ACTION, {"entry": entry_id}, body)


def redo(db: sqlite_utils.Database, *, clock: Clock, actor: str = "manager") -> Done:
    """Redo the last undone action, if nothing new happened since the undo."""

    def body(tx):
        target = next_redoable(tx.db)
        if target is None:
            raise Refused("nothing to redo")
        _reverse(tx, target)
        original = target["summary"].split(": ", 1)[-1]
        return f"redo #{target['undoes']}: {original}"

    return run(db, clock, actor, REDO_ACTION, {}, body)
