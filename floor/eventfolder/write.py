"""Write an event folder (event.toml, participants.csv, requests.csv) from an EventSpec.

The reading side, with its validation, is `floor.eventfolder.read`. Both follow the
contract in README.md ("The event folder").

Values are written exactly as they are, formula-like ones included (unlike the CSV
exports, which put an apostrophe before them): an event folder is floor's own input, read
back by `floor import`, and must come back byte for byte; an apostrophe would become part
of the name at each round trip. The import warns about such values instead.
"""

from __future__ import annotations

import csv
from pathlib import Path

from floor.domain.model import EventSpec

PARTICIPANT_COLUMNS = ["id", "name", "organisation", "country", "sector", "role", "email",
                       "arrive", "leave", "table"]
REQUEST_COLUMNS = ["a", "b", "priority", "slot", "table"]


def _toml_str(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def event_toml(spec: EventSpec) -> str:
    s = spec.schedule
    table_names = list(s.tables)
    if table_names == [f"T{i}" for i in range(1, len(table_names) + 1)]:
        tables = str(len(table_names))
    else:
        tables = "[" + ", ".join(_toml_str(t) for t in table_names) + "]"
    breaks = "[" + ", ".join(_toml_str(f"{a}-{b}") for a, b in s.breaks) + "]"
    return (
        f"name = {_toml_str(spec.name)}\n"
        f"date = {_toml_str(spec.date)}\n"
        f"venue = {_toml_str(spec.venue)}\n"
        "\n[schedule]\n"
        f"start = {_toml_str(s.start)}\n"
        f"slot_minutes = {s.slot_minutes}\n"
        f"slots = {s.slots}\n"
        f"breaks = {breaks}\n"
        f"tables = {tables}\n"
    )


def write_event_folder(spec: EventSpec, folder: Path | str) -> Path:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "event.toml").write_text(event_toml(spec), encoding="utf-8")
    with open(folder / "participants.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(PARTICIPANT_COLUMNS)
        for p in spec.participants:
            w.writerow([p.id, p.name, p.organisation, p.country, p.sector, p.role, p.email,
                        p.arrive or "", p.leave or "", p.table or ""])
    with open(folder / "requests.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(REQUEST_COLUMNS)
        for r in spec.requests:
            w.writerow([r.a, r.b, r.priority, r.slot or "", r.table or ""])
    return folder
