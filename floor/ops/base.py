"""The frame every write runs in: one BEGIN IMMEDIATE transaction plus one journal row,
or, when refused, nothing but a row in the rejection log (and a line in the event log)."""

from __future__ import annotations

import logging
import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any, Callable

import sqlite_utils

from db import journal, rows
from db.transaction import write_transaction
from floor.domain.clock import Clock, stamp
from floor.domain.errors import Refused

log = logging.getLogger("floor.ops")


@dataclass(frozen=True)
class Done:
    entry_id: int | None  # None: the action changed nothing, so no journal row
    action: str
    summary: str
    changes: list[dict] = field(default_factory=list, repr=False)


class Tx:
    """The open transaction of one action: reads through `db`, writes that record changes."""

    def __init__(self, db: sqlite_utils.Database, now_stamp: str):
        self.db = db
        self.now = now_stamp
        self.changes: list[dict] = []
        self.undoes: int | None = None
        self._then: list[Callable[[int | None], None]] = []

    def insert(self, table: str, values: dict[str, Any]) -> dict:
        change = rows.insert_row(self.db, table, values)
        self.changes.append(change)
        return change

    def update(self, table: str, key: dict[str, Any], values: dict[str, Any]) -> dict | None:
        change = rows.update_row(self.db, table, key, values)
        if change:
            self.changes.append(change)
        return change

    def delete(self, table: str, key: dict[str, Any]) -> dict:
        change = rows.delete_row(self.db, table, key)
        self.changes.append(change)
        return change

    def apply(self, change: dict) -> None:
        self.changes.append(rows.apply(self.db, change))

    def then(self, step: Callable[[int | None], None]) -> None:
        """Run `step(journal id or None)` in this transaction once the journal row is
        written (a log row that points at it, such as the door's scan)."""
        self._then.append(step)


# The schema's own guards, said the way a floor manager would understand them.
_CONSTRAINT_WORDS = [
    (r"seat\.participant_id, seat\.round", "that person already has a meeting in that round"),
    (r"meeting\.round, meeting\.table_name", "that table is already taken in that round"),
    (r"index 'meeting_pair'|meeting_pair", "these two people already have a meeting"),
    (r"meeting\.request_id", "that request is already placed"),
    (r"participant\.home_table", "that home table already belongs to someone else"),
    (r"FOREIGN KEY", "it refers to something that does not exist or is still in use"),
]


def explain_integrity_error(error: sqlite3.IntegrityError) -> Refused:
    """The schema's refusal in a manager's words; SQLite's own wording stays in `detail`
    (the rejection log and the event log), never on screen."""
    text = str(error)
    for pattern, words in _CONSTRAINT_WORDS:
        if re.search(pattern, text):
            return Refused(words, detail=text)
    return Refused("the event file's rules forbid it", detail=text)


def run(db: sqlite_utils.Database, clock: Clock, actor: str, action: str,
        args: dict[str, Any], body: Callable[[Tx], str], *,
        journal_unchanged: bool = True) -> Done:
    """Run `body` in one IMMEDIATE transaction and journal what it changed.

    `body` returns the summary line. If it raises Refused (or the schema refuses a
    write), everything rolls back and only the rejection is logged, then Refused is
    raised to the caller. `journal_unchanged=False`: an action that changed nothing (a
    scan turned away) writes no journal row, only what its `then` steps write."""
    now_stamp = stamp(clock.now())
    try:
        with write_transaction(db):
            tx = Tx(db, now_stamp)
            summary = body(tx)
            entry_id = None
            if tx.changes or journal_unchanged:
                entry_id = journal.append(db, at=now_stamp, actor=actor, action=action,
                                          summary=summary, changes=tx.changes,
                                          undoes=tx.undoes)
            for step in tx._then:
                step(entry_id)
    except Refused as refusal:
        _log_rejection(db, now_stamp, actor, action, args, refusal)
        raise
    except sqlite3.IntegrityError as error:
        refusal = explain_integrity_error(error)
        _log_rejection(db, now_stamp, actor, action, args, refusal)
        raise refusal from error
    return Done(entry_id, action, summary, tx.changes)


def _log_rejection(db, now_stamp, actor, action, args, refusal: Refused) -> None:
    reason = refusal.reason + (f" [{refusal.detail}]" if refusal.detail else "")
    log.info("refused %s by %s %s: %s", action, actor, args, reason, exc_info=refusal)
    try:
        with write_transaction(db):
            journal.log_rejection(db, at=now_stamp, actor=actor, action=action, args=args,
                                  reason=reason)
    except sqlite3.OperationalError:  # disk full, read-only: the refusal still stands
        log.exception("the refusal of %s could not be written to the rejection log", action)
