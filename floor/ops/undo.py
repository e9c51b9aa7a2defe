"""Undo and redo over the journal, each actor over their own actions.

An entry is in effect unless an undo (itself in effect) points at it; a redo is the undo
of an undo. Without an entry named, undo takes back the actor's own newest action still
in effect and never walks back past a setup action (import, schedule run, badges issued):
those, and anybody else's actions, are undone only by naming their entry. Undoing applies
the entry's row images backwards, and is refused, naming the entry to undo first, when a
later action changed the same rows or depends on them, so nothing later is silently lost.
Every lookup is an indexed one (journal(actor, id), journal(undoes), journal_row): the
write lock is never held for a walk through the whole journal."""

from __future__ import annotations

import sqlite3

import sqlite_utils

from db import journal, rows
from floor.domain.clock import Clock
from floor.domain.errors import Refused
from floor.domain.vocabulary import (
    NEVER_UNDONE,
    REDO_ACTION,
    SETUP_ACTIONS,
    UNDO_ACTION,
    UNDO_ACTIONS,
)
from floor.ops.base import Done, explain_integrity_error, run

DEFAULT_ACTOR = "manager"


def in_effect(db: sqlite_utils.Database, entry_id: int) -> bool:
    return not any(in_effect(db, u) for u in journal.undoers(db, entry_id))


def _undoable(entry: dict) -> bool:
    return entry["action"] not in UNDO_ACTIONS and bool(entry["changes"])


def last_undoable(db: sqlite_utils.Database, actor: str = DEFAULT_ACTOR) -> dict | None:
    """`actor`'s newest action still in effect, unless that is a setup action."""
    for entry in journal.entries_of(db, actor):
        if not _undoable(entry) or not in_effect(db, entry["id"]):
            continue
        return None if entry["action"] in SETUP_ACTIONS else entry
    return None


def next_redoable(db: sqlite_utils.Database, actor: str = DEFAULT_ACTOR) -> dict | None:
    """`actor`'s newest undo still in effect, if only undos and redos of theirs came after
    it (another station's work in between clears nothing)."""
    for entry in journal.entries_of(db, actor):
        if entry["action"] == REDO_ACTION:
            continue
        if entry["action"] != UNDO_ACTION:
            return None
        if in_effect(db, entry["id"]):
            return entry
    return None


def _setup_in_the_way(db: sqlite_utils.Database, actor: str) -> dict | None:
    for entry in journal.entries_of(db, actor):
        if _undoable(entry) and in_effect(db, entry["id"]):
            return entry if entry["action"] in SETUP_ACTIONS else None
    return None


def undo_target(db: sqlite_utils.Database, entry_id: int | None = None, *,
                actor: str = DEFAULT_ACTOR) -> dict:
    """The entry an undo would take back (read only: what a preview shows), or Refused
    saying why there is none."""
    if entry_id is None:
        target = last_undoable(db, actor)
        if target is None:
            setup = _setup_in_the_way(db, actor)
            if setup is not None:
                raise Refused(f"nothing to undo by {actor} after #{setup['id']} "
                              f"({setup['summary']}): a setup action is undone only by "
                              f"naming it (pick it in the journal, or floor undo "
                              f"{setup['id']})")
            raise Refused(f"nothing to undo by {actor}")
        return target
    target = journal.entry(db, entry_id)
    if target is None:
        raise Refused(f"there is no journal entry #{entry_id}")
    if target["action"] in NEVER_UNDONE or not target["changes"]:
        raise Refused(f"#{target['id']} ({target['action']}) cannot be undone")
    if not in_effect(db, target["id"]):
        raise Refused(f"#{target['id']} is already undone")
    return target


def redo_target(db: sqlite_utils.Database, *, actor: str = DEFAULT_ACTOR) -> dict:
    """The undo a redo would take back, or Refused."""
    target = next_redoable(db, actor)
    if target is None:
        raise Refused(f"nothing to redo by {actor}")
    return target


def _undo_first(target: dict, later: dict, how: str) -> str:
    return (f"cannot undo #{target['id']} ({target['summary']}): #{later['id']} "
            f"({later['summary']}, by {later['actor']}) {how}: undo #{later['id']} first")


def _newest_writer(db, target: dict, in_the_way: list[tuple[str, dict]]) -> dict | None:
    found = [journal.newest_touching(db, table, key, after_id=target["id"])
             for table, key in in_the_way]
    found = [entry for entry in found if entry is not None]
    return max(found, key=lambda entry: entry["id"]) if found else None


def _reverse(tx, target: dict) -> None:
    for change in rows.net_changes(target["changes"]):
        if not rows.still_as_left(tx.db, change):
            later = journal.newest_touching(tx.db, change["t"], change["k"],
                                            after_id=target["id"])
            if later is None:
                raise Refused(f"cannot undo #{target['id']} ({target['summary']}): "
                              f"{change['t']} {change['k']} was changed outside the journal")
            raise Refused(_undo_first(target, later, "changed it since"))
    # Reverse step by step (a swap parks a meeting midway, so the steps matter).
    for change in reversed(target["changes"]):
        step = rows.inverse(change)
        try:
            tx.apply(step)
        except sqlite3.IntegrityError as error:  # a later action holds what it would take
            refusal = explain_integrity_error(error)
            later = _newest_writer(tx.db, target, journal.rows_in_the_way(tx.db, step))
            if later is not None:
                raise Refused(_undo_first(target, later, "depends on it"),
                              detail=refusal.detail) from error
            raise Refused(f"cannot undo #{target['id']} ({target['summary']}): "
                          f"{refusal.reason}", detail=refusal.detail) from error
    tx.undoes = target["id"]


def undo(db: sqlite_utils.Database, entry_id: int | None = None, *, clock: Clock,
         actor: str = DEFAULT_ACTOR) -> Done:
    """Undo journal entry `entry_id`, whoever made it, or else `actor`'s own last action
    still in effect. The target is found again inside the transaction: what another
    station wrote since a preview is seen."""

    def body(tx):
        target = undo_target(tx.db, entry_id, actor=actor)
        _reverse(tx, target)
        return f"undo #{target['id']}: {target['summary']}"

    return run(db, clock, actor, UNDO_ACTION, {"entry": entry_id}, body)


def redo(db: sqlite_utils.Database, *, clock: Clock, actor: str = DEFAULT_ACTOR) -> Done:
    """Redo `actor`'s last undo, if they did nothing else since."""

    def body(tx):
        target = redo_target(tx.db, actor=actor)
        _reverse(tx, target)
        original = target["summary"].split(": ", 1)[-1]
        return f"redo #{target['undoes']}: {original}"

    return run(db, clock, actor, REDO_ACTION, {}, body)
