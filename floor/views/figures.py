"""The day's figures, as one plain dict (JSON as it stands); `floor/output/report.py`
prints them as a PDF or a self-contained HTML page.

Every group adds up, and `check_sums` says where it does not:

- participants: sum of by_country = sum of by_sector = registered;
  expected = registered - absent; checked_in = checked_in_expected + checked_in_absent;
- meetings: placed (every meeting booked today, whatever became of it)
  = held + noshow + cancelled + planned = sum of by_origin = sum over rounds;
  held = held_confirmed (marked held) + held_presumed (round over with both people
  checked in and no no-show: held unless someone says otherwise, as the grid paints it);
  planned = upcoming + running + unconfirmed (round over, someone never came, nothing
  marked);
- requests: requested = placed + open; held <= placed;
- country x country: the pairs (each meeting counted once) add up to held;
- outcomes: the sum of by_outcome + unrecorded = considered (meetings held, no-show, or
  whose round is over, plus any meeting that already has an outcome).

Reads only."""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime
from typing import Any

import sqlite_utils

from db import read_event, read_meetings, read_people
from floor.domain.clock import stamp
from floor.domain.names import country_name
from floor.domain.state import meeting_state
from floor.domain.vocabulary import (
    COOPERATION,
    HELD,
    MEETING_ORIGINS,
    MEETING_STATUSES,
    NOSHOW,
    OUTCOME_WORDS,
    OUTCOMES,
    PLANNED,
    REMATCH,
    ROUND_OVER,
    ROUND_RUNNING,
    ROUND_TO_COME,
    STATUSES_AS_REPORTED,
)


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def figures(db: sqlite_utils.Database, now: datetime) -> dict[str, Any]:
    """The day's figures at `now` (the clock's now: what is over, running or to come)."""
    ev = read_event.event(db)
    rounds = read_event.rounds(db)
    timetable = read_event.timetable(db)
    people = read_people.participants(db)
    country_of = {p["id"]: p["country"] for p in people}
    meetings = read_meetings.meetings(db, with_outcome=True)
    requests = read_meetings.requests_with_meetings(db)

    # -- participants ---------------------------------------------------------------
    by_country: dict[str, dict] = {}
    for p in people:
        row = by_country.setdefault(p["country"], {
            "country": p["country"], "name": country_name(p["country"]),
            "registered": 0, "checked_in": 0, "absent": 0})
        row["registered"] += 1
        row["checked_in"] += bool(p["checked_in_at"])
        row["absent"] += bool(p["absent_at"])
    sectors = Counter(p["sector"] or "(none)" for p in people)
    absent = sum(1 for p in people if p["absent_at"])
    checked = [p for p in people if p["checked_in_at"]]
    checked_absent = sum(1 for p in checked if p["absent_at"])
    participants = {
        "registered": len(people),
        "expected": len(people) - absent,
        "absent": absent,
        "checked_in": len(checked),
        "checked_in_expected": len(checked) - checked_absent,
        "checked_in_absent": checked_absent,
        "not_arrived": len(people) - absent - (len(checked) - checked_absent),
        "walk_ins": sum(1 for p in people if p["walk_in"]),
        "organisations": len({(p["organisation"] or p["name"]).casefold() for p in people}),
        "countries": len(by_country),
        "by_country": sorted(by_country.values(), key=lambda r: (-r["registered"], r["country"])),
        "by_sector": [{"sector": s, "registered": n}
                      for s, n in sorted(sectors.items(), key=lambda kv: (-kv[1], kv[0]))],
        "checked_in_share": _share(len(checked) - checked_absent, len(people) - absent),
    }

    # -- meetings -------------------------------------------------------------------
    by_id = {p["id"]: p for p in people}
    presumed = {m["id"] for m in meetings if m["status"] == PLANNED
                and meeting_state(m, by_id[m["a"]], by_id[m["b"]], timetable, now,
                                  ev["grace_minutes"]) == HELD}
    status = Counter(HELD if m["id"] in presumed else m["status"] for m in meetings)
    planned_when = Counter()
    due: list[dict] = []  # meetings an outcome can be asked of
    for m in meetings:
        rnd = timetable.get(m["round"])
        over = rnd.ends <= now
        if m["status"] == PLANNED and m["id"] not in presumed:
            planned_when["unconfirmed" if over else "running" if rnd.starts <= now
                         else "upcoming"] += 1
        if m["outcome"] or m["status"] in (HELD, NOSHOW) or (
                m["status"] == PLANNED and over):
            due.append(m)
    placed = len(meetings)
    rematched = [m for m in meetings if m["origin"] == REMATCH]

    def held(m: dict) -> bool:
        return m["status"] == HELD or m["id"] in presumed

    meeting_figures = {
        "placed": placed,
        **{s: status.get(s, 0) for s in MEETING_STATUSES},
        "held_confirmed": status.get(HELD, 0) - len(presumed),
        "held_presumed": len(presumed),
        "planned_upcoming": planned_when["upcoming"],
        "planned_running": planned_when["running"],
        "planned_unconfirmed": planned_when["unconfirmed"],
        "rematched": len(rematched),
        "rematched_held": sum(1 for m in rematched if held(m)),
        "noshow_one_side": sum(1 for m in meetings
                               if m["status"] == NOSHOW and m["noshow_of"]),
        "by_origin": {o: sum(1 for m in meetings if m["origin"] == o) for o in MEETING_ORIGINS},
        "shares": {s: _share(status.get(s, 0), placed) for s in MEETING_STATUSES}
                  | {"rematched": _share(len(rematched), placed)},
        # of the meetings whose fate is known, how many took place
        "show_rate": _share(status.get(HELD, 0), status.get(HELD, 0) + status.get(NOSHOW, 0)),
    }

    # -- requests -------------------------------------------------------------------
    request_figures = {
        "requested": len(requests),
        "placed": sum(1 for r in requests if r["live"]),
        "open": sum(1 for r in requests if not r["live"]),
        "held": len({r["id"] for r in requests} & {m["request_id"] for m in meetings
                                                  if held(m)}),
        "meetings_without_request": sum(1 for m in meetings if m["request_id"] is None),
    }
    request_figures["placed_share"] = _share(request_figures["placed"], len(requests))
    request_figures["held_share"] = _share(request_figures["held"], len(requests))

    # -- country x country (held) -----------------------------------------------------
    codes = sorted(by_country)
    matrix = {a: {b: 0 for b in codes} for a in codes}
    pairs = Counter()
    for m in meetings:
        if not held(m):
            continue
        a, b = sorted((country_of[m["a"]], country_of[m["b"]]))
        pairs[(a, b)] += 1
        matrix[a][b] += 1
        if a != b:
            matrix[b][a] += 1
    country_matrix = {
        "countries": codes,
        "matrix": matrix,  # symmetric; a meeting within one country counts once
        "pairs": [{"a": a, "b": b, "held": n} for (a, b), n in sorted(pairs.items())],
        "cross_country": sum(n for (a, b), n in pairs.items() if a != b),
        "same_country": sum(n for (a, b), n in pairs.items() if a == b),
    }

    # -- outcomes -------------------------------------------------------------------
    recorded = Counter(m["outcome"] for m in due if m["outcome"])
    outcomes = {
        "considered": len(due),
        "by_outcome": {o: recorded.get(o, 0) for o in OUTCOMES},
        "unrecorded": sum(1 for m in due if not m["outcome"]),
        "follow_ups": recorded.get(COOPERATION, 0),
        "words": dict(OUTCOME_WORDS),
    }

    # -- rounds ---------------------------------------------------------------------
    per_round = []
    for r in timetable.rounds:
        mine = [m for m in meetings if m["round"] == r.no]
        counts = Counter(HELD if m["id"] in presumed else m["status"] for m in mine)
        per_round.append({
            "round": r.no, "starts": f"{r.starts:%H:%M}", "ends": f"{r.ends:%H:%M}",
            "state": (ROUND_OVER if r.ends <= now else ROUND_RUNNING if r.starts <= now
                      else ROUND_TO_COME),
            "placed": len(mine), **{s: counts.get(s, 0) for s in MEETING_STATUSES},
            "held_presumed": sum(1 for m in mine if m["id"] in presumed)})

    phase = timetable.phase(now)
    return {
        "event": {"name": ev["name"], "date": ev["date"], "venue": ev["venue"],
                  "short_id": ev["short_id"], "rounds": len(rounds),
                  "tables": len(read_event.tables(db)), "slot_minutes": ev["slot_minutes"]},
        "at": stamp(now),
        "phase": {"kind": phase.kind,
                  "round": phase.round.no if phase.round else None,
                  "next": phase.next.no if phase.next else None},
        "participants": participants,
        "meetings": meeting_figures,
        "requests": request_figures,
        "countries": country_matrix,
        "outcomes": outcomes,
        "rounds": per_round,
    }


def check_sums(f: dict) -> list[str]:
    """Where the figures do not add up ([] when all is well)."""
    problems = []

    def same(what: str, left: int, right: int) -> None:
        if left != right:
            problems.append(f"{what}: {left} != {right}")

    p, m, r = f["participants"], f["meetings"], f["requests"]
    same("participants by country", sum(c["registered"] for c in p["by_country"]),
         p["registered"])
    same("participants by sector", sum(s["registered"] for s in p["by_sector"]),
         p["registered"])
    same("checked in by country", sum(c["checked_in"] for c in p["by_country"]),
         p["checked_in"])
    same("expected", p["expected"] + p["absent"], p["registered"])
    same("checked in", p["checked_in_expected"] + p["checked_in_absent"], p["checked_in"])
    same("expected = checked in + not arrived", p["checked_in_expected"] + p["not_arrived"],
         p["expected"])
    same("held + no-show + cancelled + planned = placed",
         m["held"] + m["noshow"] + m["cancelled"] + m["planned"], m["placed"])
    same("held = confirmed + presumed", m["held_confirmed"] + m["held_presumed"], m["held"])
    same("rounds: held (presumed)", sum(x["held_presumed"] for x in f["rounds"]),
         m["held_presumed"])
    same("planned = upcoming + running + unconfirmed",
         m["planned_upcoming"] + m["planned_running"] + m["planned_unconfirmed"], m["planned"])
    same("meetings by origin", sum(m["by_origin"].values()), m["placed"])
    same("rematched by origin", m["by_origin"].get(REMATCH, 0), m["rematched"])
    same("requests placed + open = requested", r["placed"] + r["open"], r["requested"])
    if r["held"] > r["placed"] + r["open"]:
        problems.append("requests held exceed requests")
    for status in ("placed", *STATUSES_AS_REPORTED):
        same(f"rounds: {status}", sum(x[status] for x in f["rounds"]), m[status])
    same("country pairs = held", sum(x["held"] for x in f["countries"]["pairs"]), m["held"])
    same("cross + same country = held", f["countries"]["cross_country"]
         + f["countries"]["same_country"], m["held"])
    o = f["outcomes"]
    same("outcomes + unrecorded = considered", sum(o["by_outcome"].values()) + o["unrecorded"],
         o["considered"])
    return problems


def to_json(f: dict) -> str:
    return json.dumps(f, ensure_ascii=False, indent=2) + "\n"


def headline(f: dict) -> str:
    """One sentence for the organisers' news item."""
    p, m, o = f["participants"], f["meetings"], f["outcomes"]
    countries = ", ".join(c["name"] for c in p["by_country"])
    return (f"{p['organisations']} organisations from {p['countries']} countries "
            f"({countries}); {p['checked_in']} of {p['registered']} participants checked in; "
            f"{m['held']} meetings held of {m['placed']} placed; {o['follow_ups']} with a "
            "cooperation possible.")
