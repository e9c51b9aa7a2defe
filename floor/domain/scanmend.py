"""Mend what scanners and keyboard layouts do to a scanned token.

A USB or Bluetooth scanner types a badge's token like a keyboard, as if the host had a US
layout. On a French AZERTY host the digit row comes out as `&é"'(-è_çà` (and A/Q, Z/W
trade places); on a German QWERTZ host Y and Z trade places; Caps Lock flips the case;
some scanners put an AIM symbology identifier (`]Q1`) or an ECI designator (`\\000026`)
in front, and end with CR, LF, CR LF or Tab.

Tokens are upper-case letters and digits only (see floor/tokens.py), so all of this can be
undone. What cannot be a token is said as such: "scanner or keyboard layout problem?",
never "unknown badge". Pure functions; no database, no Textual.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

LAYOUT_PROBLEM = "scanner or keyboard layout problem?"

# What a US-layout scanner's unshifted digit keys type on a French AZERTY host, 1..9, 0
# (and the same keys with Caps Lock on, where Linux and macOS give the capitals).
AZERTY_DIGITS = dict(zip('&é"\'(-è_çà', "1234567890")) | dict(zip("ÉÈÇÀ", "2790"))
# The letters that sit elsewhere on AZERTY; uppercase M is typed as Shift + the US "m"
# key, which is Shift + "," on AZERTY: "?".
AZERTY_LETTERS = {"A": "Q", "Q": "A", "Z": "W", "W": "Z", "?": "M"}

# AIM symbology identifier: "]" + code character + modifier (e.g. ]Q1 for QR, ]C0, ]d2).
AIM_PREFIX = re.compile(r"^\][A-Za-z][0-9A-Za-z]")
# ECI designator in the AIM transmission protocol: a backslash and six digits.
ECI_PREFIX = re.compile(r"^\\[0-9]{6}")
STRAY = re.compile(r"[\r\n\t \u00a0\u200b\ufeff]+")
TOKEN_SHAPE = re.compile(r"^[A-Z0-9]+$")

MIN_LENGTH, MAX_LENGTH = 14, 40  # tokens are 16-30 characters; anything else is not one
LONGEST_RAW = 200  # longer input is garbage whatever it holds: don't even look


@dataclass(frozen=True)
class Mended:
    """The token(s) a scan may be, most likely first, or the problem that rules it out."""

    raw: str
    candidates: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # what was mended, in words ("AZERTY digits", ...)
    problem: str | None = None

    @property
    def token(self) -> str | None:
        return self.candidates[0] if self.candidates else None


def _problem(raw: str, why: str, notes: list[str] | tuple = ()) -> Mended:
    return Mended(raw, (), tuple(notes), f"{why}: {LAYOUT_PROBLEM}")


def printable(raw: str, limit: int = 60) -> str:
    """The scan as a person can read it in a log: control characters shown as \\xNN."""
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in raw[:limit])
    return shown + (f"… ({len(raw)} characters)" if len(raw) > limit else "")


def storable(raw: str) -> str:
    """The scan as text the event file can hold: a lone surrogate (undecodable bytes on a
    command line, a broken paste) or anything else UTF-8 cannot encode is kept as a
    \\udcxx escape, so the scan is logged and answered like any unreadable badge."""
    return raw.encode("utf-8", "backslashreplace").decode("utf-8")


def mend(raw: str) -> Mended:
    """Undo layout, case and framing damage. Never raises."""
    if raw is None:
        raw = ""
    if len(raw) > LONGEST_RAW:
        return _problem(raw, f"{len(raw)} characters is far too long for a badge")
    notes: list[str] = []
    text = unicodedata.normalize("NFC", raw)
    text = STRAY.sub(" ", text).strip()  # CR, LF, Tab and spaces around or between parts
    if not text:
        return _problem(raw, "empty scan")
    if AIM_PREFIX.match(text):
        text = text[3:].lstrip()
        notes.append("AIM prefix removed")
    if ECI_PREFIX.match(text):
        text = text[7:].lstrip()
        notes.append("ECI designator removed")
    text = text.replace(" ", "")
    controls = [c for c in text if unicodedata.category(c) in ("Cc", "Cf")]
    if controls:
        return _problem(raw, f"control characters in the scan ({printable(''.join(controls))})",
                        notes)
    if any(c in AZERTY_DIGITS for c in text):
        text = "".join(AZERTY_DIGITS.get(c, c) for c in text)
        text = "".join(AZERTY_LETTERS.get(c.upper(), c) if c.upper() in AZERTY_LETTERS
                       else c for c in text)
        notes.append("AZERTY layout mended")
    if any(c.islower() for c in text):
        text = text.upper()
        notes.append("Caps Lock (case) mended")
    if not TOKEN_SHAPE.match(text):
        odd = "".join(sorted({c for c in text if not re.match(r"[A-Z0-9]", c)}))
        return _problem(raw, f"characters a badge never holds ({printable(odd)})", notes)
    if not MIN_LENGTH <= len(text) <= MAX_LENGTH:
        return _problem(raw, f"{len(text)} characters is not the length of a badge", notes)
    candidates = [text]
    if "Y" in text or "Z" in text:  # perhaps a QWERTZ host: Y and Z swapped
        candidates.append(text.translate(str.maketrans("YZ", "ZY")))
    return Mended(raw, tuple(candidates), tuple(notes), None)
