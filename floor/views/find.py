"""Finding anyone by part of a name, an organisation, an email, an id or a table: case-,
accent- and script-free ("papadopoulos" finds Γιώργος Παπαδόπουλος) and forgiving one
typo ("papadopolous"). The floor's Find, `floor find` and the door's desk all ask here.

Two ways in: `match` over people already in memory (the floor snapshot, each keystroke)
and `find_people` over the event file (a command, the door), which adds whether each
person is here and their next meeting."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Iterable

import sqlite_utils
from rapidfuzz.distance import OSA

from db import read_event, read_people
from floor.domain.names import latin, sort_key
from floor.views.door import NextMeeting, next_meeting

LIMIT = 20
FUZZY_FROM = 4  # letters: a shorter word must be typed right (one edit off "ana" is half the hall)

# How a hit was found, best first (the order of the results).
BY_ID, BY_NAME, BY_OTHER, BY_PART, BY_TYPO = range(5)


@dataclass(frozen=True)
class Hit:
    kind: str  # "person" or "table"
    key: str  # the participant's id or the table's name
    label: str  # as a result list shows it
    person: dict | None = None
    rank: int = BY_ID


@dataclass(frozen=True)
class Found:
    """A person found in the event file, with what the desk asks next."""

    person: dict
    next_meeting: NextMeeting | None

    @property
    def here(self) -> bool:
        return bool(self.person["checked_in_at"])

    def line(self) -> str:
        """One line of `floor find`: id, name, organisation, here or not, next meeting."""
        p, nxt = self.person, self.next_meeting
        status = ("absent" if p["absent_at"] else
                  f"checked in {p['checked_in_at'][11:16]}" if self.here else "not checked in")
        meeting = (f"next: {nxt.starts} round {nxt.round} at {nxt.table} with "
                   f"{nxt.partner_name}" if nxt else "no meeting left")
        return "  ".join((p["id"], p["name"], p["organisation"] or "—", status, meeting))


def no_match(text: str) -> str:
    return (f"no match for {text.strip()!r}: try part of a name, an organisation, an email "
            "or a table")


def person_label(p: dict) -> str:
    org = f" · {p['organisation']}" if p["organisation"] else ""
    return f"{p['id']}  {p['name']}{org} ({p['country']})"


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[^0-9a-z]+", text) if w]


def _one_typo(word: str, candidates: Iterable[str]) -> bool:
    """`word` is one typo from a candidate word or from the start of one: a letter wrong,
    missing, extra, or two swapped ("papadopolos", "mavirdis", "nikolao" for "nikolaou")."""
    n = len(word)
    return any(OSA.distance(word, c[:size], score_cutoff=1) <= 1
               for c in candidates for size in {len(c), n - 1, n, n + 1} if size > 0)


def _rank(needle: str, fields: dict[str, str]) -> int | None:
    """How well a person's fields (already in Latin letters) answer the folded query:
    one of BY_*, or None when they do not."""
    if needle in (fields["id"], fields["table"]):
        return BY_ID
    name_words = _words(fields["name"])
    if fields["name"].startswith(needle) or any(w.startswith(needle) for w in name_words):
        return BY_NAME
    others = [fields["organisation"], fields["email"]]
    if any(f.startswith(needle) or any(w.startswith(needle) for w in _words(f))
           for f in others):
        return BY_OTHER
    words = _words(needle)
    if not words:
        return None
    every = " ".join(fields.values())
    if all(w in every for w in words):
        return BY_PART
    spelt = _words(f"{fields['name']} {fields['organisation']}")  # ids and emails are exact
    if all(w in every or (len(w) >= FUZZY_FROM and _one_typo(w, spelt)) for w in words):
        return BY_TYPO
    return None


def match(people: Iterable[dict], tables: Iterable[str], text: str,
          limit: int = LIMIT) -> list[Hit]:
    """Tables and people answering `text`, best first (an exact id or table, then names
    starting so, organisations and emails, any part, one typo), A to Z by name within
    each. Pure: give it the people you have."""
    needle = latin(text.strip())
    if not needle:
        return []
    hits = [Hit("table", t, f"table {t}", rank=BY_ID) for t in tables
            if latin(t) == needle]
    found = []
    for p in people:
        fields = {"id": latin(p["id"]), "table": latin(p["home_table"] or ""),
                  "name": latin(p["name"]), "organisation": latin(p["organisation"]),
                  "email": (p["email"] or "").casefold()}
        rank = _rank(needle, fields)
        if rank is not None:
            found.append(Hit("person", p["id"], person_label(p), p, rank))
    found.sort(key=lambda h: (h.rank, sort_key(h.person["name"]), h.key))
    return (hits + found)[:limit]


def find_people(db: sqlite_utils.Database, text: str, now: datetime,
                limit: int = LIMIT) -> list[Found]:
    """The people answering `text` in the event file, best first, each with whether they
    are here and their next meeting (what `floor find` prints and the door's desk shows).
    People at a table found by name (T3) come with it: whoever sits there all day."""
    hits = match(read_people.participants(db), read_event.tables(db), text, limit)
    return [Found(h.person, next_meeting(db, h.key, now)) for h in hits if h.person]


def find_everyone(db: sqlite_utils.Database, now: datetime) -> list[Found]:
    """Everyone A to Z by name in Latin letters, each with their next meeting."""
    people = sorted(read_people.participants(db), key=lambda p: sort_key(p["name"]))
    return [Found(p, next_meeting(db, p["id"], now)) for p in people]
