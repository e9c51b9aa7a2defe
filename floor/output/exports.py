"""Exports: the schedule, the participants and the journal, as CSV or JSON.

A CSV export is opened in a spreadsheet, which runs a cell starting with `=`, `+`, `-`,
`@`, Tab or CR as a formula (a walk-in named `=HYPERLINK(...)`): such a cell gets a
leading apostrophe, as OWASP advises ("CSV injection"). JSON is for programs and keeps
every value exactly. The event's signing secret is in no export.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import sqlite_utils

from db import journal, read_event, read_meetings, read_people
from floor.eventfolder.csvfile import FORMULA_STARTS

SCHEDULE_COLUMNS = ["slot", "start", "table", "a", "b", "status"]
PARTICIPANT_COLUMNS = ["id", "name", "organisation", "country", "sector", "role", "email",
                       "arrive", "leave", "table", "walk_in", "checked_in_at",
                       "checked_in_station", "absent_at"]
JOURNAL_COLUMNS = ["id", "at", "actor", "action", "summary", "undoes", "changes"]


def spreadsheet_safe(value: Any) -> Any:
    """A cell a spreadsheet shows as text, never runs: `=SUM(A1)` -> `'=SUM(A1)`."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_cell(value: Any) -> Any:
    if isinstance(value, list):
        value = json.dumps(value, ensure_ascii=False)
    return "" if value is None else spreadsheet_safe(value)


def schedule_rows(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    starts = {r["no"]: r["starts"] for r in read_event.rounds(db)}
    return [{"slot": m["round"], "start": starts[m["round"]], "table": m["table_name"],
             "a": m["a"], "b": m["b"], "status": m["status"]}
            for m in read_meetings.meetings(db)]


def participant_rows(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    return [{c: (p["home_table"] if c == "table" else p[c]) for c in PARTICIPANT_COLUMNS}
            for p in read_people.participants(db)]


def journal_rows(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    return [{c: e[c] for c in JOURNAL_COLUMNS} for e in journal.entries(db)]


EXPORTS = {
    "schedule": (schedule_rows, SCHEDULE_COLUMNS),
    "participants": (participant_rows, PARTICIPANT_COLUMNS),
    "journal": (journal_rows, JOURNAL_COLUMNS),
}


def render(db: sqlite_utils.Database, what: str, *, as_json: bool = False) -> str:
    make_rows, columns = EXPORTS[what]
    data = make_rows(db)
    if as_json:
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in data:
        writer.writerow({k: csv_cell(v) for k, v in row.items()})
    return out.getvalue()
