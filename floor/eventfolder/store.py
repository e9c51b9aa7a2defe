"""Turn a checked EventSpec into a new event file, all or nothing."""

from __future__ import annotations

import os
import re
import secrets
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from db import presence
from db.build import create_event
from db.connection import connect, fold_wal
from db.replace import remove_database, replace_event_file
from floor.domain.clock import Clock, stamp
from floor.domain.errors import EventFileExists, NotAnEventPath
from floor.domain.model import EventSpec
from floor.domain.time import compute_rounds
from floor.domain.vocabulary import IMPORT_ACTION, IMPORTED, PLANNED


def refuse_to_replace(dest: Path, *, force: bool) -> None:
    """Refuse, before any work, to replace a file without --force, or one that stations
    have open (they would go on writing into the old file)."""
    if dest.is_dir():
        raise NotAnEventPath(f"--db {dest} is a folder: give the path of the new event "
                             f"file (such as {dest / 'event.db'})")
    if not dest.absolute().parent.is_dir():
        raise NotAnEventPath(f"the folder {dest.absolute().parent} does not exist: make "
                             "it first, or give --db a path in a folder that exists")
    if dest.exists() and not force:
        raise EventFileExists(f"{dest} already exists; use --force to replace it "
                              "(it is kept in the backups folder beside it)")
    presence.refuse_if_open(dest, doing="import")


@dataclass(frozen=True)
class Imported:
    path: Path
    participants: int
    requests: int
    placed: int
    rounds: int
    tables: int
    warnings: tuple[str, ...]
    kept: Path | None = None  # the file it replaced, kept in the backups folder


def short_id(name: str) -> str:
    """Initials of the event's name plus two random characters: small in a QR code,
    and different for two events of the same name."""
    words = re.findall(r"[A-Za-z0-9]+", name.upper())
    initials = "".join(w[0] for w in words)[:4] or "EV"
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return initials + "".join(secrets.choice(alphabet) for _ in range(2))


def store_event(spec: EventSpec, dest: str | Path, *, clock: Clock, force: bool = False,
                source: str = "", settings: dict[str, str] | None = None) -> Imported:
    dest = Path(dest)
    refuse_to_replace(dest, force=force)
    tmp = dest.with_name(f".{dest.name}.importing-{os.getpid()}")
    remove_database(tmp)
    try:
        db = connect(tmp, create=True, hold_presence=False)  # nobody else knows of it
        try:
            _write(db, spec, clock, source, settings or {})
            fold_wal(db)
        finally:
            db.conn.close()
        # The old file is kept (its -wal folded in), its -wal never left beside the new.
        with presence.exclusive(dest, doing="import"):
            kept = replace_event_file(tmp, dest, why="import").kept
    finally:
        remove_database(tmp)
    placed = sum(1 for r in spec.requests if r.slot)
    return Imported(dest, len(spec.participants), len(spec.requests), placed,
                    spec.schedule.slots, len(spec.schedule.tables), spec.warnings, kept)


def _write(db, spec: EventSpec, clock: Clock, source: str, settings: dict[str, str]) -> None:
    now = stamp(clock.now())
    rounds = compute_rounds(spec.schedule)
    requests = [{"id": i, "a": r.a, "b": r.b, "priority": r.priority}
                for i, r in enumerate(spec.requests, start=1)]
    meetings = [{"round": r.slot, "table_name": r.table, "a": r.a, "b": r.b,
                 "request_id": i, "status": PLANNED, "origin": IMPORTED}
                for i, r in enumerate(spec.requests, start=1) if r.slot]
    participants = [
        {"id": p.id, "num": n, "name": p.name, "organisation": p.organisation,
         "country": p.country, "sector": p.sector, "role": p.role, "email": p.email,
         "arrive": p.arrive, "leave": p.leave, "home_table": p.table, "walk_in": 0}
        for n, p in enumerate(spec.participants, start=1)]
    summary = (f"imported {spec.name}{' from ' + source if source else ''}: "
               f"{len(participants)} participants, {len(requests)} requests, "
               f"{len(meetings)} meetings placed")
    try:
        create_event(
            db,
            event={"short_id": short_id(spec.name), "name": spec.name, "date": spec.date,
                   "venue": spec.venue, "slot_minutes": spec.schedule.slot_minutes,
                   "secret": secrets.token_hex(32), "created_at": now},
            rounds=[{"no": r.no, "starts": r.starts, "ends": r.ends} for r in rounds],
            breaks=[{"starts": a, "ends": b} for a, b in spec.schedule.breaks],
            tables=spec.schedule.tables, participants=participants, requests=requests,
            meetings=meetings, settings=settings,
            journal_entry={"at": now, "actor": IMPORT_ACTION, "action": IMPORT_ACTION,
                           "summary": summary})
    except sqlite3.IntegrityError as error:  # the checks above should make this unreachable
        raise RuntimeError(f"the event file refused the import: {error}") from error
