"""Tables for the meetings of each round, once the rounds are chosen.

Per round, in time order: tables of fixed meetings are taken; a meeting with a home-table
person goes to that home table (two home-table people: the first of their two tables that
is free); every other meeting prefers a table where one of its two people sat at their
previous meeting (so that person does not move), otherwise the first free table. Because
home-table meetings come first and their tables are distinct, this never fails when the
round holds no more meetings than free tables (see `instance`).
"""

from __future__ import annotations

from floor.scheduler.problem import Problem


def assign_tables(problem: Problem, meetings: list[tuple[int, str, str, int]]
                  ) -> dict[int, str]:
    """meetings: (key, a, b, round number). Returns key -> table name."""
    pos = {r: i for i, r in enumerate(problem.rounds)}
    by_round: dict[int, list[tuple[int, str, str]]] = {}
    for key, a, b, r in meetings:
        by_round.setdefault(r, []).append((key, a, b))
    fixed_by_round: dict[int, list] = {}
    for f in problem.fixed:
        fixed_by_round.setdefault(f.round, []).append(f)
    last_table: dict[str, str] = {}
    out: dict[int, str] = {}
    table_order = {t: i for i, t in enumerate(problem.tables)}
    people = problem.people
    for rno in sorted(set(by_round) | set(fixed_by_round), key=lambda r: pos.get(r, 1 << 30)):
        taken = {f.table for f in fixed_by_round.get(rno, ())}
        for f in fixed_by_round.get(rno, ()):
            last_table[f.a] = last_table[f.b] = f.table
        todo = sorted(by_round.get(rno, ()))
        rest = []
        for key, a, b in todo:  # home tables first
            ha, hb = people[a].home_table, people[b].home_table
            homes = [h for h in (ha, hb) if h is not None]
            if homes:
                for h in homes:
                    if h in table_order and h not in taken:
                        out[key] = h
                        taken.add(h)
                        break
                else:
                    raise ValueError(f"round {rno}: home table of {a} / {b} is not free")
            else:
                rest.append((key, a, b))
        # then meetings where someone can stay where they were: those with a single
        # option first, so two meetings rarely want the same table
        wants = []
        for key, a, b in rest:
            opts = [t for t in dict.fromkeys((last_table.get(a), last_table.get(b)))
                    if t is not None and t not in taken]
            wants.append((len(opts) == 0, len(opts), key, a, b, opts))
        wants.sort(key=lambda x: x[:3])
        free_iter = None
        pending = []
        for _, _, key, a, b, opts in wants:
            for t in opts:
                if t not in taken:
                    out[key] = t
                    taken.add(t)
                    break
            else:
                pending.append(key)
        if pending:
            free_iter = (t for t in problem.tables if t not in taken)
            for key in pending:
                t = next(free_iter, None)
                if t is None:
                    raise ValueError(f"round {rno}: more meetings than free tables")
                out[key] = t
                taken.add(t)
        for key, a, b in todo:
            last_table[a] = last_table[b] = out[key]
    return out
