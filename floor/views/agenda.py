"""An agenda as a printout shows it: the person's day in time order (each round: time,
table, partner, country, sector; or free, or away; breaks), compared with what their
last printed agenda showed, so a reprint can mark what changed."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlite_utils

from floor.domain.errors import Refused
from floor.domain.names import country_label, org_or_name
from floor.domain.time import is_available
from floor.domain.vocabulary import HELD
from floor.views import badge
from floor.views.printday import Day, load_day


@dataclass
class Line:
    kind: str  # "meeting", "free", "away", "break", "gone"
    time: str
    round: int | None = None
    table: str = ""
    partner: str = ""  # organisation
    partner_name: str = ""
    country: str = ""
    sector: str = ""
    status: str = ""  # "held" for a meeting already held
    mark: str = ""  # "new", "changed", "" ; for "gone": what it was
    was: str = ""


@dataclass
class Agenda:
    person: dict
    lines: list[Line]
    token: str | None
    seen: dict[str, dict]  # round -> {"table", "partner"}: what this page shows
    printed_before: str | None = None  # when the previous agenda was printed
    changes: int = 0
    notes: list[str] = field(default_factory=list)


def _seen_text(day: Day, entry: dict) -> str:
    partner = day.people.get(entry["partner"])
    who = org_or_name(partner) if partner else entry["partner"]
    return f"table {entry['table']} with {who}"


def agenda_for(day: Day, person: dict, token: str | None, before: dict | None) -> Agenda:
    mine = {m["round"]: m for m in day.by_person.get(person["id"], [])}
    old_rounds = (before or {}).get("rounds", {})
    lines, seen, changes = [], {}, 0
    for _, kind, item in day.timeline():
        if kind == "break":
            lines.append(Line("break", f"{item['starts']}–{item['ends']}"))
            continue
        no = item.no
        time = day.time(no)
        m = mine.get(no)
        old = old_rounds.get(str(no))
        if m is None:
            away = not is_available(person["arrive"], person["leave"],
                                    {"starts": f"{item.starts:%H:%M}", "ends": f"{item.ends:%H:%M}"})
            if old is not None:
                changes += 1
                lines.append(Line("gone", time, no, mark="gone", was=_seen_text(day, old)))
            else:
                lines.append(Line("away" if away else "free", time, no))
            continue
        partner = day.partner(m, person["id"])
        entry = {"table": m["table_name"], "partner": partner["id"]}
        seen[str(no)] = entry
        mark = was = ""
        if before is not None and old != entry:
            mark = "changed" if old else "new"
            if old and old["partner"] == entry["partner"]:
                was = f"table {old['table']}"
            elif old:
                was = _seen_text(day, old)
            changes += 1
        lines.append(Line("meeting", time, no, m["table_name"], org_or_name(partner),
                          partner["name"], country_label(partner["country"]), partner["sector"],
                          HELD if m["status"] == HELD else "", mark, was))
    return Agenda(person, lines, token, seen,
                  (before or {}).get("printed_at"), changes)


def agendas_for(db: sqlite_utils.Database, participant_ids: list[str] | None = None,
                record: dict | None = None) -> list[Agenda]:
    """The agendas to print (everyone in number order, or the listed ids in that order).
    Raises Refused for an unknown id."""
    day = load_day(db)
    if participant_ids is None:
        people = list(day.people.values())
    else:
        people = []
        for pid in participant_ids:
            if pid not in day.people:
                raise Refused(f"no participant with id {pid!r}")
            people.append(day.people[pid])
    previous = (record or {}).get("agendas", {})
    return [agenda_for(day, p, badge.valid_token_for(db, p["id"]), previous.get(p["id"]))
            for p in people]
