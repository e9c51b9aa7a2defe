"""Check-in tokens, the codec: what a badge's QR code holds, made and taken apart.
Judging a scan against an event file is `floor/views/badge.py`.

A token is opaque (no personal data) and made of upper-case letters and digits only, so
its QR code stays small (alphanumeric mode) and a scan typed through a French or German
keyboard layout can be mended (floor/domain/scanmend.py). It reads, left to right:

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

MAC_DIGITS = 10
SERIAL_DIGITS = 2
MAX_SERIAL = 10 ** SERIAL_DIGITS - 1
SHORT_ID = re.compile(r"^[A-Z0-9]{2,8}$")


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


def one_edit_apart(a: str, b: str) -> bool:
    """True if `a` becomes `b` by changing, adding or dropping exactly one character (a
    smudged module of a QR code, a key typed wrong on a hand-typed badge)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = sorted((a, b), key=len)
    i = next((i for i, (x, y) in enumerate(zip(short, long_)) if x != y), len(short))
    return short[i:] == long_[i + 1:]
