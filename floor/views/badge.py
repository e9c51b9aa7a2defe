"""A badge against this event file: the token on a person's badge, and how a scan of one
is judged (valid, or unreadable, foreign, forged, unknown, revoked, each with its reason).
Reads only; the door's op (`floor/ops/door.py`) records the verdict."""

from __future__ import annotations

import hmac
from dataclasses import dataclass

import sqlite_utils

from db import read_event, read_people, scans
from floor.domain import tokens
from floor.domain.clock import hhmm
from floor.domain.scanmend import LAYOUT_PROBLEM, mend
from floor.domain.names import person_label
from floor.domain.vocabulary import (
    DAMAGED,
    FOREIGN,
    FORGED,
    REVOKED,
    TOKEN_VERDICTS,
    UNKNOWN,
    UNREADABLE,
    VALID,
)


def token_for(db: sqlite_utils.Database, participant: dict, serial: int) -> str:
    ev = read_event.event(db)
    return tokens.make(ev["short_id"], ev["secret"], participant["num"], serial)


def valid_token_for(db: sqlite_utils.Database, participant_id: str) -> str | None:
    """The token on this person's current badge, or None if none was issued."""
    row = scans.valid_token(db, participant_id)
    person = read_people.participant(db, participant_id)
    if row is None or person is None:
        return None
    return token_for(db, person, row["serial"])


@dataclass(frozen=True)
class Check:
    verdict: str  # one of TOKEN_VERDICTS
    reason: str  # in words, for the screen and the log
    token: str | None = None  # the token as mended, if it could be read
    participant: dict | None = None
    serial: int | None = None
    notes: tuple[str, ...] = ()  # what mending did

    @property
    def valid(self) -> bool:
        return self.verdict == VALID


_RANK = {v: i for i, v in enumerate(TOKEN_VERDICTS)}  # later verdicts say more about a candidate


def check(db: sqlite_utils.Database, raw: str) -> Check:
    """Mend the scan and judge it against this event: valid, or unreadable, foreign,
    forged, unknown or revoked, each with its reason. Reads only."""
    mended = mend(raw)
    if mended.problem:
        return Check(UNREADABLE, mended.problem, notes=mended.notes)
    ev = read_event.event(db)
    best: Check | None = None
    for candidate in mended.candidates:  # e.g. as typed, and with Y/Z swapped (QWERTZ)
        result = _judge(db, ev, candidate, mended.notes)
        if result.valid:
            if candidate != mended.candidates[0]:
                result = Check(**{**result.__dict__,
                                  "notes": result.notes + ("QWERTZ Y/Z mended",)})
            return result
        if best is None or _RANK[result.verdict] > _RANK[best.verdict]:
            best = result
    if best.verdict in _MAYBE_DAMAGED:
        for candidate in mended.candidates:
            near = _near_miss(db, ev, candidate)
            if near is not None:
                return Check(DAMAGED, "damaged or mistyped badge: one character differs from "
                             f"the badge of {person_label(near)}; check their name and "
                             "check them in by hand at the desk", candidate, near,
                             notes=mended.notes)
    return best


# Verdicts a slip of one character can produce from a good badge (the shape breaks, the
# short id changes, the code stops matching); a valid code never comes from a slip.
_MAYBE_DAMAGED = (UNREADABLE, FOREIGN, FORGED)


def _near_miss(db, ev: dict, token: str) -> dict | None:
    """The one person whose current badge is a single character away from `token`, if
    exactly one is (two near misses would be a guess)."""
    people = {p["id"]: p for p in read_people.participants(db)}
    near = [people[pid] for pid, row in scans.valid_tokens(db).items()
            if pid in people and tokens.one_edit_apart(
                token, tokens.make(ev["short_id"], ev["secret"], people[pid]["num"],
                                   row["serial"]))]
    return near[0] if len(near) == 1 else None


def _judge(db, ev: dict, token: str, notes: tuple[str, ...]) -> Check:
    parts = tokens.parse(token)
    if parts is None:
        return Check(UNREADABLE, f"not the shape of a badge: {LAYOUT_PROBLEM}", token,
                     notes=notes)
    if parts.short_id != ev["short_id"]:
        return Check(FOREIGN, f"a badge from another event ({parts.short_id}; this is "
                     f"{ev['short_id']})", token, notes=notes)
    if not hmac.compare_digest(parts.mac, tokens.mac(ev["secret"], parts.short_id, parts.num,
                                              parts.serial)):
        return Check(FORGED, "forged or damaged badge: its code does not match this "
                     "event's key", token, notes=notes)
    person = read_people.participant_by_num(db, parts.num)
    if person is None:
        return Check(UNKNOWN, f"unknown badge: nobody has number {parts.num} at this "
                     "event", token, serial=parts.serial, notes=notes)
    row = scans.token(db, person["id"], parts.serial)
    if row is None:
        return Check(UNKNOWN, f"unknown badge: badge {parts.serial} of {person['id']} "
                     "was never issued from this event file", token, person, parts.serial,
                     notes)
    if row["revoked_at"]:
        return Check(REVOKED, f"revoked badge: a newer badge was printed for "
                     f"{person['name']} at {hhmm(row['revoked_at'])}", token, person,
                     parts.serial, notes)
    return Check(VALID, "valid badge", token, person, parts.serial, notes)
