"""Check-in tokens: what a badge's QR code holds, and how a scan of one is judged.

A token is opaque (no personal data) and made of upper-case letters and digits only, so
its QR code stays small (alphanumeric mode) and a scan typed through a French or German
keyboard layout can be mended (floor/scanmend.py). It reads, left to right:

    <event short id><participant num><length of num: 1 digit><serial: 2 digits><MAC: 10 digits>

e.g. `TMQK` `17` `2` `01` `4829103375` -> `TMQK172014829103375`. It is parsed from the
right (the MAC, serial and length have fixed widths), so a short id ending in digits is
no trouble. The MAC is HMAC-SHA256 over "short id:num:serial" with the event's secret
(kept in the event table), truncated to 10 decimal digits (about 33 bits: a guess has
one chance in ten billion).

The serial counts the badges printed for one person: reprinting a badge issues serial+1
and revokes the old one (floor/ops/badges.py); the token table says which is valid.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass

import sqlite_utils

from db import queries, scans
from floor.scanmend import LAYOUT_PROBLEM, mend

MAC_DIGITS = 10
SERIAL_DIGITS = 2
MAX_SERIAL = 10 ** SERIAL_DIGITS - 1
SHORT_ID = re.compile(r"^[A-Z0-9]{2,8}$")

# The verdicts of `check`: "valid" or why not.
VERDICTS = ("valid", "unreadable", "foreign", "forged", "unknown", "revoked")


@dataclass(frozen=True)
class TokenParts:
    short_id: str
    num: int
    serial: int
    mac: str


def mac(secret: str, short_id: str, num: int, serial: int) -> str:
    digest = hmac.new(secret.encode(), f"{short_id}:{num}:{serial}".encode(),
                      hashlib.sha256).digest()
    return str(int.from_bytes(digest[:8], "big") % 10 ** MAC_DIGITS).zfill(MAC_DIGITS)


def make(short_id: str, secret: str, num: int, serial: int) -> str:
    if not SHORT_ID.match(short_id):
        raise ValueError(f"event short id {short_id!r}: 2-8 upper-case letters or digits")
    if not 1 <= serial <= MAX_SERIAL:
        raise ValueError(f"serial {serial}: 1 to {MAX_SERIAL}")
    digits = str(int(num))
    if not 1 <= int(num) or len(digits) > 9:
        raise ValueError(f"participant number {num}: 1 to 999999999")
    return (f"{short_id}{digits}{len(digits)}{serial:0{SERIAL_DIGITS}d}"
            f"{mac(secret, short_id, int(num), serial)}")


def parse(token: str) -> TokenParts | None:
    """The parts of a token-shaped string, or None if it cannot be one."""
    fixed = MAC_DIGITS + SERIAL_DIGITS + 1
    if not re.fullmatch(r"[A-Z0-9]+", token or "") or len(token) < fixed + 1 + 2:
        return None
    tail = token[-fixed:]
    if not tail.isdigit():
        return None
    length = int(tail[0])
    serial = int(tail[1:1 + SERIAL_DIGITS])
    head = token[:-fixed]
    if length < 1 or len(head) < length + 2:
        return None
    num_text, short_id = head[-length:], head[:-length]
    if not num_text.isdigit() or num_text.startswith("0") or serial < 1:
        return None
    if not SHORT_ID.match(short_id):
        return None
    return TokenParts(short_id, int(num_text), serial, tail[1 + SERIAL_DIGITS:])


def token_for(db: sqlite_utils.Database, participant: dict, serial: int) -> str:
    ev = queries.event(db)
    return make(ev["short_id"], ev["secret"], participant["num"], serial)


def valid_token_for(db: sqlite_utils.Database, participant_id: str) -> str | None:
    """The token on this person's current badge, or None if none was issued."""
    row = scans.valid_token(db, participant_id)
    person = queries.participant(db, participant_id)
    if row is None or person is None:
        return None
    return token_for(db, person, row["serial"])


@dataclass(frozen=True)
class Check:
    verdict: str  # one of VERDICTS
    reason: str  # in words, for the screen and the log
    token: str | None = None  # the token as mended, if it could be read
    participant: dict | None = None
    serial: int | None = None
    notes: tuple[str, ...] = ()  # what mending did

    @property
    def valid(self) -> bool:
        return self.verdict == "valid"


_RANK = {v: i for i, v in enumerate(VERDICTS)}  # later verdicts say more about a candidate


def check(db: sqlite_utils.Database, raw: str) -> Check:
    """Mend the scan and judge it against this event: valid, or unreadable, foreign,
    forged, unknown or revoked, each with its reason. Reads only."""
    mended = mend(raw)
    if mended.problem:
        return Check("unreadable", mended.problem, notes=mended.notes)
    ev = queries.event(db)
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
    return best


def _judge(db, ev: dict, token: str, notes: tuple[str, ...]) -> Check:
    parts = parse(token)
    if parts is None:
        return Check("unreadable", f"not the shape of a badge: {LAYOUT_PROBLEM}", token,
                     notes=notes)
    if parts.short_id != ev["short_id"]:
        return Check("foreign", f"a badge from another event ({parts.short_id}; this is "
                     f"{ev['short_id']})", token, notes=notes)
    if not hmac.compare_digest(parts.mac, mac(ev["secret"], parts.short_id, parts.num,
                                              parts.serial)):
        return Check("forged", "forged or damaged badge: its code does not match this "
                     "event's key", token, notes=notes)
    person = queries.participant_by_num(db, parts.num)
    if person is None:
        return Check("unknown", f"unknown badge: nobody has number {parts.num} at this "
                     "event", token, serial=parts.serial, notes=notes)
    row = scans.token(db, person["id"], parts.serial)
    if row is None:
        return Check("unknown", f"unknown badge: badge {parts.serial} of {person['id']} "
                     "was never issued from this event file", token, person, parts.serial,
                     notes)
    if row["revoked_at"]:
        return Check("revoked", f"revoked badge: a newer badge was printed for "
                     f"{person['name']} at {row['revoked_at'][11:16]}", token, person,
                     parts.serial, notes)
    return Check("valid", "valid badge", token, person, parts.serial, notes)
