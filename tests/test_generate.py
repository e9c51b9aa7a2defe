"""floor generate: deterministic, realistic and valid event folders."""

from __future__ import annotations

import csv
import tomllib

import pytest
from helpers import run_floor

from floor.domain.time import available_rounds, compute_rounds, to_minutes
from floor.eventfolder.generate import generate_event


def _check_valid(spec, rounds: int, tables: int) -> None:
    ids = [p.id for p in spec.participants]
    assert len(ids) == len(set(ids))
    known = set(ids)
    pairs = set()
    for r in spec.requests:
        assert r.a in known and r.b in known
        assert r.a != r.b
        key = frozenset((r.a, r.b))
        assert key not in pairs, f"pair twice: {r.a} {r.b}"
        pairs.add(key)
        assert r.priority >= 1
        assert r.slot is None and r.table is None
    assert spec.schedule.slots == rounds
    assert spec.schedule.tables == tuple(f"T{i}" for i in range(1, tables + 1))
    day = compute_rounds(spec.schedule)  # fits in the day, or raises
    assert len(day) == rounds
    homes = [p.table for p in spec.participants if p.table]
    assert len(homes) == len(set(homes))
    assert set(homes) <= set(spec.schedule.tables)
    for p in spec.participants:
        assert p.country in {"IT", "FR", "GR", "MT"}
        if p.arrive and p.leave:
            assert to_minutes(p.arrive) < to_minutes(p.leave)
        assert available_rounds(p, day), f"{p.id} is available for no round"


def test_deterministic_for_a_seed():
    a = generate_event(60, 200, 8, 12, seed=7)
    b = generate_event(60, 200, 8, 12, seed=7)
    c = generate_event(60, 200, 8, 12, seed=8)
    assert a == b
    assert a != c


@pytest.mark.parametrize("n,m,r,t", [(25, 100, 8, 12), (300, 1500, 12, 60), (40, 300, 16, 5),
                                      (10, 45, 1, 3), (2, 1, 3, 1), (0, 0, 4, 2)])
def test_valid(n, m, r, t):
    spec = generate_event(n, m, r, t, seed=1, home_table_share=0.1, partial_share=0.3)
    assert len(spec.participants) == n
    assert len(spec.requests) == m
    _check_valid(spec, r, t)


def test_realistic_mix():
    spec = generate_event(400, 3000, 12, 60, seed=3, home_table_share=0.1, partial_share=0.3,
                          popular_share=0.03)
    countries = {p.country for p in spec.participants}
    assert countries == {"IT", "FR", "GR", "MT"}
    assert {p.sector for p in spec.participants} == {"ICT", "Design", "Culture & Media"}
    names = " ".join(p.name for p in spec.participants)
    assert any("\u0370" <= ch <= "\u03ff" for ch in names)  # Greek script
    assert any(ch in names for ch in "ĊċĦħŻżĠġ")  # Maltese letters
    assert any(ch in names for ch in "éèëïàù")  # accented French / Italian
    by_id = {p.id: p for p in spec.participants}
    cross = sum(by_id[r.a].country != by_id[r.b].country for r in spec.requests)
    assert cross / len(spec.requests) > 0.7
    prios = [r.priority for r in spec.requests]
    assert prios.count(1) / len(prios) > 0.6 and 2 in prios and 3 in prios
    deg: dict[str, int] = {}
    for r in spec.requests:
        deg[r.a] = deg.get(r.a, 0) + 1
        deg[r.b] = deg.get(r.b, 0) + 1
    assert max(deg.values()) > 3 * 12  # very popular: far more requests than rounds
    day = compute_rounds(spec.schedule)
    partial = [p for p in spec.participants if len(available_rounds(p, day)) < len(day)]
    assert 0.15 < len(partial) / len(spec.participants) < 0.45
    assert sum(1 for p in spec.participants if p.table) == 40


def test_too_many_requests():
    with pytest.raises(ValueError):
        generate_event(4, 7, 3, 2, seed=1)


def test_command_writes_folder(tmp_path):
    out = tmp_path / "ev"
    res = run_floor("generate", out, "--participants", 30, "--requests", 80, "--rounds", 6,
                    "--tables", 8, "--seed", 5, "--home-tables", 0.2)
    assert res.exit_code == 0, res.output
    assert "30 participants" in res.output and "80 requests" in res.output
    conf = tomllib.loads((out / "event.toml").read_text(encoding="utf-8"))
    assert conf["schedule"]["slots"] == 6 and conf["schedule"]["tables"] == 8
    with open(out / "participants.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 30 and len({r["id"] for r in rows}) == 30
    assert sum(1 for r in rows if r["table"]) == 6
    with open(out / "requests.csv", encoding="utf-8") as f:
        reqs = list(csv.DictReader(f))
    assert len(reqs) == 80
    ids = {r["id"] for r in rows}
    assert all(r["a"] in ids and r["b"] in ids for r in reqs)


def test_command_rejects_impossible(tmp_path):
    res = run_floor("generate", tmp_path / "x", "--participants", 3, "--requests", 10)
    assert res.exit_code == 2  # a usage error: these options cannot go together
    assert "10 requests do not fit among 3 participants (at most 3 distinct pairs)" in res.stderr
    assert not (tmp_path / "x").exists()


def test_date_is_fixed_unless_given():
    assert generate_event(5, 4, 2, 2, seed=1).date == "2026-05-14"
    assert generate_event(5, 4, 2, 2, seed=1, date="2030-01-02").date == "2030-01-02"
