"""Read and check a whole event folder into an EventSpec, reporting every problem."""

from __future__ import annotations

from pathlib import Path

import pycountry

from floor.domain.model import EventSpec, Participant, Request, Round, ScheduleSpec
from floor.domain.time import compute_rounds, is_available, normal_hhmm
from floor.eventfolder.csvfile import FORMULA_STARTS, CsvTable, read_csv
from floor.eventfolder.eventtoml import read_event_toml
from floor.eventfolder.problems import Collector, ImportFailed, shorten

PARTICIPANTS = "participants.csv"
REQUESTS = "requests.csv"
P_REQUIRED = ["id", "name", "organisation", "country"]
P_OPTIONAL = ["sector", "role", "email", "arrive", "leave", "table"]
R_REQUIRED = ["a", "b"]
R_OPTIONAL = ["priority", "slot", "table"]
COUNTRIES = {c.alpha_2 for c in pycountry.countries}
MAX_PRIORITY = 1000


def whole_number(text: str) -> int | None:
    """"12" -> 12; None for anything else, "²" and "١٢" included (str.isdigit accepts
    them, int() does not)."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else None


def read_event_folder(folder: str | Path) -> EventSpec:
    """The event in `folder`, checked; raises ImportFailed listing every problem."""
    folder = Path(folder)
    problems = Collector()
    if not folder.is_dir():
        problems.add(str(folder), None, None, None, "no such folder")
        raise ImportFailed(problems.problems)
    toml = read_event_toml(folder, problems)
    p_table = read_csv(folder / PARTICIPANTS, required=P_REQUIRED, optional=P_OPTIONAL,
                       problems=problems)
    r_table = read_csv(folder / REQUESTS, required=R_REQUIRED, optional=R_OPTIONAL,
                       problems=problems)
    schedule = toml[1] if toml else None
    people = _participants(p_table, schedule, problems) if p_table else {}
    requests = []
    if r_table is not None and p_table is not None:
        rounds = compute_rounds(schedule) if schedule else None
        requests = _requests(r_table, people, schedule, rounds, problems)
    if problems.problems or toml is None:
        raise ImportFailed(problems.problems, problems.warnings)
    info, schedule = toml
    return EventSpec(name=info["name"], date=info["date"], venue=info["venue"],
                     schedule=schedule, participants=tuple(p for p, _ in people.values()),
                     requests=tuple(requests), warnings=tuple(problems.warnings))


def _time(value: str, file: str, line: int, where: str, problems: Collector) -> str | None:
    if not value:
        return None
    try:
        return normal_hhmm(value)
    except ValueError:
        problems.add(file, line, where, value, "a time as HH:MM (24-hour), or empty")
        return None


def _participants(table: CsvTable, schedule: ScheduleSpec | None,
                  problems: Collector) -> dict[str, tuple[Participant, int]]:
    f = table.file
    people: dict[str, tuple[Participant, int]] = {}
    home_owner: dict[str, tuple[str, int]] = {}
    id_lines: dict[str, tuple[str, int]] = {}  # casefolded id -> (id as written, line)
    for row in table.rows:
        v, line = row.values, row.line
        pid = v["id"]
        ok = True
        _warn_formulas(table, row, problems)
        seen = id_lines.get(pid.casefold())
        if not pid:
            problems.add(f, line, table.where("id"), "", "an id (it may not be empty)")
            ok = False
        elif any(c.isspace() for c in pid):
            problems.add(f, line, table.where("id"), pid,
                         "an id without spaces (it is typed at the desk and in requests.csv)")
            ok = False
        elif seen and seen[0] == pid:
            problems.add(f, line, table.where("id"), pid,
                         f"a unique id; already used on line {seen[1]}")
            ok = False
        elif seen:
            problems.add(f, line, table.where("id"), pid,
                         f"a unique id; {seen[0]} on line {seen[1]} differs only in upper "
                         "and lower case")
            ok = False
        if pid and not seen:
            id_lines[pid.casefold()] = (pid, line)
        for column in ("name", "organisation"):
            if not v[column]:
                problems.add(f, line, table.where(column), "", f"a {column} (it may not be empty)")
                ok = False
        country = v["country"].upper()
        if country not in COUNTRIES:
            problems.add(f, line, table.where("country"), v["country"],
                         "an ISO 3166 two-letter country code, such as IT, FR, GR or MT")
            ok = False
        arrive = leave = None
        if "arrive" in v:
            arrive = _time(v["arrive"], f, line, table.where("arrive"), problems)
            ok &= bool(arrive) or not v["arrive"]
        if "leave" in v:
            leave = _time(v["leave"], f, line, table.where("leave"), problems)
            ok &= bool(leave) or not v["leave"]
        if arrive and leave and arrive >= leave:
            problems.add(f, line, table.where("leave"), leave,
                         f"a time after arrive ({arrive})")
            ok = False
        home = v.get("table") or None
        if home is not None and schedule is not None:
            if home not in schedule.tables:
                problems.add(f, line, table.where("table"), home,
                             f"a table of event.toml ({_tables_hint(schedule)})")
                ok = False
            elif home in home_owner:
                owner, owner_line = home_owner[home]
                problems.add(f, line, table.where("table"), home,
                             f"a home table of one person only; {owner} (line {owner_line}) "
                             "already has it")
                ok = False
            else:
                home_owner[home] = (pid, line)
        if ok:
            people[pid] = (Participant(
                id=pid, name=v["name"], organisation=v["organisation"], country=country,
                sector=v.get("sector", ""), role=v.get("role", ""), email=v.get("email", ""),
                arrive=arrive, leave=leave, table=home), line)
    return people


def _warn_formulas(table: CsvTable, row, problems: Collector) -> None:
    for column, value in row.values.items():
        if value.startswith(FORMULA_STARTS):
            problems.warn(f"{table.file}, line {row.line}, {table.where(column)}: "
                          f"{shorten(value)!r} starts with {value[0]!r}, which a spreadsheet "
                          "runs as a formula; floor's CSV exports put an apostrophe "
                          "before it")


def _unknown_id(pid: str, people: dict) -> str:
    """What a request's unknown id should be, with the id it differs from only in case."""
    same = [p for p in people if p.casefold() == pid.casefold()]
    hint = f" (ids are exact: did you mean {same[0]}?)" if same else ""
    return f"the id of a participant in {PARTICIPANTS}{hint}"


def _tables_hint(schedule: ScheduleSpec) -> str:
    names = list(schedule.tables)
    return ", ".join(names) if len(names) <= 6 else f"{names[0]} … {names[-1]}"


def _requests(table: CsvTable, people: dict[str, tuple[Participant, int]],
              schedule: ScheduleSpec | None, rounds: list[Round] | None,
              problems: Collector) -> list[Request]:
    f = table.file
    merged: dict[frozenset, tuple[Request, int]] = {}
    for row in table.rows:
        v, line = row.values, row.line
        a, b = v["a"], v["b"]
        ok = True
        for column, pid in (("a", a), ("b", b)):
            if not pid:
                problems.add(f, line, table.where(column), "", "a participant id")
                ok = False
            elif pid not in people:
                problems.add(f, line, table.where(column), pid, _unknown_id(pid, people))
                ok = False
        if ok and a == b:
            problems.add(f, line, table.where("b"), b,
                         "someone other than a (a request of someone with themselves)")
            ok = False
        priority = 1
        if v.get("priority"):
            given = whole_number(v["priority"])
            if given is not None and 1 <= given <= MAX_PRIORITY:
                priority = given
            elif given is not None and given > MAX_PRIORITY:
                problems.add(f, line, table.where("priority"), v["priority"],
                             f"a priority of at most {MAX_PRIORITY}")
                ok = False
            else:
                problems.add(f, line, table.where("priority"), v["priority"],
                             "a whole number of at least 1 (or empty for 1)")
                ok = False
        slot, where = v.get("slot") or None, v.get("table") or None
        slot_no = None
        if (slot is None) != (where is None):
            missing = "table" if where is None else "slot"
            problems.add(f, line, table.where(missing), "",
                         "slot and table together (a pre-placed meeting), or neither")
            ok = False
        elif slot is not None and schedule is not None:
            given = whole_number(slot)
            if given is None or not 1 <= given <= schedule.slots:
                problems.add(f, line, table.where("slot"), slot,
                             f"a round from 1 to {schedule.slots}")
                ok = False
            else:
                slot_no = given
            if where not in schedule.tables:
                problems.add(f, line, table.where("table"), where,
                             f"a table of event.toml ({_tables_hint(schedule)})")
                ok = False
        if not ok:
            continue
        request = Request(a, b, priority, slot_no, where if slot_no else None)
        pair = frozenset((a, b))
        if pair in merged:
            kept, first_line = merged[pair]
            if (kept.slot, kept.table) != (request.slot, request.table) and request.slot and kept.slot:
                problems.add(f, line, table.where("slot"), str(request.slot),
                             f"the same pair {a}–{b} is placed differently on line {first_line}")
                continue
            best = max(kept.priority, request.priority)
            problems.warn(f"{f}, line {line}: the pair {a}–{b} was already requested on line "
                          f"{first_line}; merged, priority {best} kept")
            merged[pair] = (Request(kept.a, kept.b, best, kept.slot or request.slot,
                                    kept.table or request.table), first_line)
        else:
            merged[pair] = (request, line)
    if rounds is not None:
        _check_placed(table, merged, people, rounds, problems)
    return [r for r, _ in merged.values()]


def _check_placed(table: CsvTable, merged, people, rounds: list[Round],
                  problems: Collector) -> None:
    f = table.file
    by_round = {r.no: r for r in rounds}
    seat: dict[tuple[str, int], int] = {}
    booked: dict[tuple[str, int], int] = {}
    for request, line in merged.values():
        if request.slot is None:
            continue
        rnd = by_round[request.slot]
        for pid in (request.a, request.b):
            person = people[pid][0]
            if not is_available(person.arrive, person.leave, rnd):
                problems.add(f, line, table.where("slot"), str(request.slot),
                             f"a round {pid} is present for (round {rnd.no} is "
                             f"{rnd.starts}-{rnd.ends}; {pid} is there "
                             f"{person.arrive or 'from the start'} to "
                             f"{person.leave or 'the end'})")
            if (pid, rnd.no) in seat:
                problems.add(f, line, table.where("slot"), str(request.slot),
                             f"{pid} free in round {rnd.no}; line {seat[(pid, rnd.no)]} "
                             "already places them there")
            else:
                seat[(pid, rnd.no)] = line
        if (request.table, rnd.no) in booked:
            problems.add(f, line, table.where("table"), request.table,
                         f"a free table; line {booked[(request.table, rnd.no)]} already "
                         f"places a meeting at {request.table} in round {rnd.no}")
        else:
            booked[(request.table, rnd.no)] = line
        homes = {people[p][0].table for p in (request.a, request.b)} - {None}
        if homes and request.table not in homes:
            problems.add(f, line, table.where("table"), request.table,
                         f"the home table {' or '.join(sorted(homes))} "
                         f"({request.a}–{request.b} meet only there)")
