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
from functools import lru_cache
from typing import Iterable

import sqlite_utils
from rapidfuzz import process
from rapidfuzz.distance import OSA

from db import read_event, read_people
from floor.domain.names import latin, sort_key
from floor.views.door import NextMeeting, next_meeting

LIMIT = 20
FUZZY_FROM = 4  # letters: a shorter word must be typed right (one edit off "ana" is half the hall)
START_TYPO_FROM = 6  # letters: the start of a longer word with a typo ("sofi" is not "soft…")

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


def _one_typo_away(word: str, vocabulary: set[str]) -> set[str]:
    """The words of `vocabulary` one typo from `word` or starting one typo from it: a
    letter wrong, missing, extra, or two swapped ("papadopolos", "mavirdis", "nikolao"
    for "nikolaou"). One call into RapidFuzz for the whole vocabulary."""
    n = len(word)
    starts: dict[str, set[str]] = {}
    for w in vocabulary:
        for size in {len(w), n - 1, n, n + 1} if n >= START_TYPO_FROM else (len(w),):
            if size > 0:
                starts.setdefault(w[:size], set()).add(w)
    near = process.extract(word, list(starts), scorer=OSA.distance, score_cutoff=1,
                           limit=None)
    return {w for start, _, _ in near for w in starts[start]}


@dataclass(frozen=True)
class _Spelt:
    """A person's searchable fields in Latin letters, split once (each keystroke searches
    them all)."""

    exact: tuple[str, str]  # id, home table
    name: str
    name_words: tuple[str, ...]
    others: tuple[str, ...]  # organisation, email
    other_words: tuple[str, ...]
    every: str
    typo_words: tuple[str, ...]  # name and organisation: ids and emails are typed exactly


@lru_cache(maxsize=8192)
def _spelt(pid: str, name: str, organisation: str, email: str, table: str) -> _Spelt:
    fields = (latin(pid), latin(table), latin(name), latin(organisation), email.casefold())
    name_words, org_words = tuple(_words(fields[2])), tuple(_words(fields[3]))
    return _Spelt(fields[:2], fields[2], name_words, fields[3:],
                  org_words + tuple(_words(fields[4])), " ".join(fields),
                  name_words + org_words)


def _rank(needle: str, s: _Spelt, near: dict[str, set[str]] | None) -> int | None:
    """How well a person's fields answer the folded query: one of BY_*, or None when
    they do not. `near`: for each word of the query, the words one typo away (None when
    a word is too short to be forgiven a typo)."""
    if needle in s.exact:
        return BY_ID
    if s.name.startswith(needle) or any(w.startswith(needle) for w in s.name_words):
        return BY_NAME
    if any(f.startswith(needle) for f in s.others) or any(w.startswith(needle)
                                                          for w in s.other_words):
        return BY_OTHER
    words = _words(needle)
    if not words:
        return None
    if all(w in s.every for w in words):
        return BY_PART
    if near is not None and all(w in s.every or not near[w].isdisjoint(s.typo_words)
                                for w in words):
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
    spelt = [(p, _spelt(p["id"], p["name"], p["organisation"], p["email"] or "",
                        p["home_table"] or "")) for p in people]
    words = _words(needle)
    near = None
    if any(len(w) >= FUZZY_FROM for w in words):
        vocabulary = {w for _, s in spelt for w in s.typo_words}
        near = {w: _one_typo_away(w, vocabulary) if len(w) >= FUZZY_FROM else set()
                for w in words}
    found = []
    for p, s in spelt:
        rank = _rank(needle, s, near)
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
