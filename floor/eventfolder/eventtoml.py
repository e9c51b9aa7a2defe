"""Reading and checking event.toml."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

from floor.domain.model import ScheduleSpec
from floor.domain.time import compute_rounds, normal_hhmm, to_minutes
from floor.eventfolder.problems import Collector

FILE = "event.toml"
BREAK = re.compile(r"^\s*(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*$")
# More tables than any hall holds: a typo (tables = 1200 for 12), and a count in the
# millions would be laid out in memory before anything could say so.
MAX_TABLES = 500
MAX_TEXT_CHARS = 200  # the event's name, its venue, a table's name


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


def read_event_toml(folder: Path, problems: Collector) -> tuple[dict, ScheduleSpec] | None:
    path = folder / FILE
    if not path.is_file():
        problems.add(FILE, None, None, None, f"the file is missing (expected {path})")
        return None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        problems.add(FILE, None, None, None, "the file must be UTF-8")
        return None
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+), column (\d+)", str(error))
        line = int(match.group(1)) if match else None
        column = f"column {match.group(2)}" if match else None
        problems.add(FILE, line, column, None, f"not valid TOML: {error}")
        return None

    before = len(problems.problems)
    info: dict[str, Any] = {}
    for key in ("name", "date"):
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.add(FILE, None, f"key {key}", _shown(value), "a non-empty text is needed")
        elif len(value.strip()) > MAX_TEXT_CHARS:
            problems.add(FILE, None, f"key {key}", value[:40] + "…",
                         f"a text of at most {MAX_TEXT_CHARS} characters")
        else:
            info[key] = _nfc(value)
    venue = data.get("venue", "")
    if not isinstance(venue, str):
        problems.add(FILE, None, "key venue", _shown(venue), "a text is needed")
        venue = ""
    elif len(venue.strip()) > MAX_TEXT_CHARS:
        problems.add(FILE, None, "key venue", venue[:40] + "…",
                     f"a text of at most {MAX_TEXT_CHARS} characters")
    info["venue"] = _nfc(venue)
    raw_date = data.get("date")
    if isinstance(raw_date, date):  # TOML's own date literal: accept it
        info["date"] = raw_date.isoformat()
    elif "date" in info:
        try:
            info["date"] = date.fromisoformat(info["date"]).isoformat()
        except ValueError:
            problems.add(FILE, None, "key date", info["date"], "a date as YYYY-MM-DD")

    sched = data.get("schedule")
    if not isinstance(sched, dict):
        problems.add(FILE, None, "table [schedule]", None,
                     "a [schedule] table with start, slot_minutes, slots, breaks, tables")
        return None
    start = sched.get("start")
    try:
        to_minutes(str(start)) if isinstance(start, str) else to_minutes("x")
    except ValueError:
        problems.add(FILE, None, "key schedule.start", _shown(start), "a time as HH:MM")
    for key in ("slot_minutes", "slots"):
        value = sched.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            problems.add(FILE, None, f"key schedule.{key}", _shown(value),
                         "a whole number of at least 1")
    breaks: list[tuple[str, str]] = []
    raw_breaks = sched.get("breaks", [])
    if not isinstance(raw_breaks, list):
        problems.add(FILE, None, "key schedule.breaks", _shown(raw_breaks),
                     'a list like ["11:00-11:20"]')
        raw_breaks = []
    listed: dict[tuple[str, str], int] = {}  # each break read, with its place in the list
    for i, item in enumerate(raw_breaks, start=1):
        match = BREAK.match(item) if isinstance(item, str) else None
        try:
            if not match:
                raise ValueError
            a, b = (normal_hhmm(x) for x in match.groups())
            if a >= b:
                raise ValueError
        except ValueError:
            problems.add(FILE, None, f"key schedule.breaks[{i}]", _shown(item),
                         "a break as HH:MM-HH:MM, ending after it starts")
            continue
        overlapped = [(j, other) for other, j in listed.items()
                      if a < other[1] and other[0] < b]
        if (a, b) in listed:
            problems.add(FILE, None, f"key schedule.breaks[{i}]", item,
                         f"each break once; it is already breaks[{listed[(a, b)]}]")
        elif overlapped:
            j, (c, d) = overlapped[0]
            problems.add(FILE, None, f"key schedule.breaks[{i}]", item,
                         f"a break that does not overlap breaks[{j}] ({c}-{d}): make them "
                         "one break")
        else:
            breaks.append((a, b))
        listed.setdefault((a, b), i)
    tables = _tables(sched.get("tables"), problems)
    if len(problems.problems) > before:
        return None
    spec = ScheduleSpec(start=normal_hhmm(start),
                        slot_minutes=sched["slot_minutes"], slots=sched["slots"],
                        tables=tuple(tables), breaks=tuple(breaks))
    try:
        compute_rounds(spec)
    except ValueError as error:
        problems.add(FILE, None, "key schedule.slots", str(spec.slots), str(error))
        return None
    return info, spec


def _tables(value: Any, problems: Collector) -> list[str]:
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 1:
            problems.add(FILE, None, "key schedule.tables", str(value),
                         "at least one table (a count, or a list of names)")
            return []
        if value > MAX_TABLES:
            problems.add(FILE, None, "key schedule.tables", str(value),
                         f"at most {MAX_TABLES} tables (is a digit too many?)")
            return []
        return [f"T{i}" for i in range(1, value + 1)]
    if isinstance(value, list) and len(value) > MAX_TABLES:
        problems.add(FILE, None, "key schedule.tables", f"a list of {len(value)} names",
                     f"at most {MAX_TABLES} tables")
        return []
    if isinstance(value, list) and value:
        names = []
        for i, item in enumerate(value, start=1):
            name = _nfc(str(item)) if isinstance(item, (str, int)) else ""
            if not name:
                problems.add(FILE, None, f"key schedule.tables[{i}]", _shown(item),
                             "a table name (text)")
            elif len(name) > MAX_TEXT_CHARS:
                problems.add(FILE, None, f"key schedule.tables[{i}]", name[:40] + "…",
                             f"a table name of at most {MAX_TEXT_CHARS} characters")
            elif name in names:
                problems.add(FILE, None, f"key schedule.tables[{i}]", name,
                             "each table name once")
            else:
                names.append(name)
        return names
    problems.add(FILE, None, "key schedule.tables", _shown(value),
                 'a number of tables (named T1..Tn) or a list of names like ["A1", "A2"]')
    return []


def _shown(value: Any) -> str | None:
    return None if value is None else str(value)
