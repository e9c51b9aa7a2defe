"""An independent checker of a schedule: it shares no code with the solver (only the plain
data classes) and knows only the rules of issue 3.

`check(problem, result)` returns every violation it finds, in words; [] means the schedule
is valid and the figures in the result are right.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from floor.scheduler.problem import Problem, Result


def check(problem: Problem, result: Result) -> list[str]:
    out: list[str] = []
    requests = {q.id: q for q in problem.requests}
    fixed_ids = {f.request_id for f in problem.fixed if f.request_id is not None}
    rounds = list(problem.rounds)
    order = {r: i for i, r in enumerate(rounds)}
    tables = set(problem.tables)

    # every request: placed once, or unplaced with a reason; never both
    count = Counter(p.request_id for p in result.placements)
    for rid, n in count.items():
        if rid not in requests:
            what = "a fixed meeting" if rid in fixed_ids else "not a request to place"
            out.append(f"placement of request {rid}: {what}")
        if n > 1:
            out.append(f"request {rid} is placed {n} times")
    for rid in requests:
        placed = rid in count
        listed = rid in result.unplaced
        if placed and listed:
            out.append(f"request {rid} is both placed and listed as unplaced")
        if not placed and not listed:
            out.append(f"request {rid} is neither placed nor listed as unplaced")
        if listed and not str(result.unplaced[rid]).strip():
            out.append(f"request {rid} is unplaced without a reason")
    for rid in result.unplaced:
        if rid not in requests:
            out.append(f"unplaced request {rid} is not a request to place")

    # who sits where: fixed meetings and placements together
    seat_person: dict[tuple[str, int], list[str]] = defaultdict(list)
    seat_table: dict[tuple[str, int], list[str]] = defaultdict(list)
    for f in problem.fixed:
        label = f"fixed meeting {f.a}-{f.b}"
        for x in (f.a, f.b):
            seat_person[(x, f.round)].append(label)
        seat_table[(f.table, f.round)].append(label)
    for p in result.placements:
        q = requests.get(p.request_id)
        if q is None:
            continue
        label = f"request {q.id} ({q.a}-{q.b})"
        if q.a == q.b:
            out.append(f"{label}: a person meets themselves")
        if p.round not in order:
            out.append(f"{label}: round {p.round} is not a round of the event")
        if p.table not in tables:
            out.append(f"{label}: table {p.table} is not a table of the event")
        if problem.open_rounds is not None and p.round not in problem.open_rounds:
            out.append(f"{label}: placed in round {p.round}, which is not open")
        for x in (q.a, q.b):
            person = problem.people.get(x)
            if person is None:
                out.append(f"{label}: {x} is not a participant")
                continue
            if p.round not in person.rounds:
                out.append(f"{label}: {x} is not available in round {p.round}")
            seat_person[(x, p.round)].append(label)
        seat_table[(p.table, p.round)].append(label)
        pa, pb = problem.people.get(q.a), problem.people.get(q.b)
        homes = [h for h in ((pa.home_table if pa else None), (pb.home_table if pb else None))
                 if h is not None]
        if len(homes) == 1 and p.table != homes[0]:
            who = q.a if pa and pa.home_table else q.b
            out.append(f"{label}: at {p.table}, but {who}'s home table is {homes[0]}")
        if len(homes) == 2 and p.table not in homes:
            out.append(f"{label}: at {p.table}, but both have home tables "
                       f"({homes[0]}, {homes[1]})")
    for (x, r), labels in sorted(seat_person.items()):
        if len(labels) > 1 and any(not s.startswith("fixed") for s in labels):
            out.append(f"{x} has {len(labels)} meetings in round {r}: {', '.join(labels)}")
    for (t, r), labels in sorted(seat_table.items()):
        if len(labels) > 1 and any(not s.startswith("fixed") for s in labels):
            out.append(f"table {t} holds {len(labels)} meetings in round {r}: "
                       f"{', '.join(labels)}")

    # the figures
    placed = sum(requests[p.request_id].priority for p in result.placements
                 if p.request_id in requests)
    if placed != result.placed_priority:
        out.append(f"placed priority is {placed}, the result says {result.placed_priority}")
    if result.upper_bound + 1e-6 < result.placed_priority:
        out.append(f"upper bound {result.upper_bound} is below the placed priority "
                   f"{result.placed_priority}")
    meet_rounds: dict[str, set[int]] = defaultdict(set)
    seats: dict[str, dict[int, str]] = defaultdict(dict)
    for f in problem.fixed:
        if f.round in order:
            for x in (f.a, f.b):
                meet_rounds[x].add(order[f.round])
                seats[x][order[f.round]] = f.table
    for p in result.placements:
        q = requests.get(p.request_id)
        if q is None or p.round not in order:
            continue
        for x in (q.a, q.b):
            meet_rounds[x].add(order[p.round])
            seats[x][order[p.round]] = p.table
    idle = 0
    for x, rs in meet_rounds.items():
        idle += sum(1 for i in range(min(rs), max(rs) + 1) if i not in rs)
    if idle != result.idle_rounds:
        out.append(f"idle rounds are {idle}, the result says {result.idle_rounds}")
    changes = 0
    for x, s in seats.items():
        person = problem.people.get(x)
        if person is None or person.home_table is not None:
            continue
        ts = [s[i] for i in sorted(s)]
        changes += sum(1 for i in range(1, len(ts)) if ts[i] != ts[i - 1])
    if changes != result.table_changes:
        out.append(f"table changes are {changes}, the result says {result.table_changes}")
    return out
