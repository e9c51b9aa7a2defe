"""The projector: what the wall says at each moment of the day, paging, live updates from
another connection, read-only, and snapshots at 80×24, 160×48 and 300×80."""

import ast
import inspect
import sqlite3
import time
from datetime import datetime

import pytest

from db.connection import connect
from floor import ops
from floor.domain.clock import FixedClock
from floor.eventfolder import import_event
from floor.eventfolder.generate import generate_event
from floor.eventfolder.write import write_event_folder
from floor.ops.demo import build_demo
from floor.ops.schedule import schedule
from floor.tui.projector import app as projector
from floor.tui.projector.app import FindList, RoomGrid, RoomMap, make_projector_app
from floor.views.floor import load_snapshot
from floor.views.wall import map_kind, moment, seats

DAY = "2026-11-26"
DEMO_NOW = datetime.fromisoformat(f"{DAY}T10:16")
STILL = 1000.0  # page_seconds for snapshots: nothing turns by itself


def at(hhmm: str, day: str = DAY) -> datetime:
    return datetime.fromisoformat(f"{day}T{hhmm}")


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    return build_demo(tmp_path_factory.mktemp("demo") / "demo.db")


@pytest.fixture
def live_demo(tmp_path):
    return build_demo(tmp_path / "demo.db")


@pytest.fixture(scope="module")
def big_file(tmp_path_factory):
    """500 participants, 170 tables, 6 rounds, scheduled: 340 lines to find in round 1."""
    root = tmp_path_factory.mktemp("big")
    spec = generate_event(500, 2000, 6, 170, 3)
    folder = write_event_folder(spec, root / "event")
    clock = FixedClock(datetime.fromisoformat(spec.date + "T08:00"))
    import_event(folder, root / "big.db", clock=clock)
    db = connect(root / "big.db")
    schedule(db, clock=clock, seconds=5, keep_announced=False)
    db.conn.close()
    return root / "big.db", spec.date


async def ready(pilot, app, until=lambda: True, timeout=10.0):
    deadline = time.monotonic() + timeout
    while app.snapshot is None or not until():
        if time.monotonic() > deadline:
            raise AssertionError("the projector did not settle")
        await pilot.pause(0.05)
    await pilot.pause()


# -- what the wall says --------------------------------------------------------------------

def test_the_round_the_next_thing_and_the_countdown(demo_file):
    snap = load_snapshot(connect(demo_file, readonly=True))
    now = moment(snap, DEMO_NOW)
    assert (now.round_line, now.next_line, now.countdown) == (
        "Round 3 of 10 · 10:10–10:30", "Next: round 4 at 10:30", "14:00")
    assert now.focus.no == 3 and not now.focus_is_next
    before_break = moment(snap, at("10:55"))
    assert before_break.next_line == "Break at 11:10"
    last = moment(snap, at("10:28:30"))
    assert last.next_line == "2 minutes left: please finish your meeting" and last.urgent
    assert last.focus.no == 4 and last.focus_is_next  # people look for their next table
    assert moment(snap, at("10:29:10")).next_line.startswith("1 minute left")
    brk = moment(snap, at("11:15"))
    assert (brk.round_line, brk.next_line, brk.countdown) == (
        "Break until 11:30", "Round 6 of 10 starts at 11:30", "15:00")
    assert brk.focus.no == 6
    assert moment(snap, at("08:00")).round_line == "Welcome"
    assert moment(snap, at("08:00")).countdown == "1:30:00"
    over = moment(snap, at("16:00"))
    assert over.focus is None and over.round_line == "The meetings are over"


def test_find_your_table_is_alphabetical_with_table_and_partner(demo_file):
    snap = load_snapshot(connect(demo_file, readonly=True))
    rows = seats(snap, 3)
    assert [r.organisation for r in rows][:3] == ["Atelier Calanque", "Athena XR Labs",
                                                  "Azur IoT"]
    azur = next(r for r in rows if r.organisation == "Azur IoT")
    assert (azur.table, azur.partner, azur.partner_country) == ("T7", "Pnyx Analytics", "GR")
    assert len(rows) == 2 * 9  # nine meetings in round 3
    assert map_kind(snap, "T7", 3) == "waiting" and map_kind(snap, "T1", 3) == "both here"
    assert map_kind(snap, "T12", 3) == "free"


def test_greek_and_accented_names_line_up():
    from rich.cells import cell_len

    for name in ("Υμηττός Creative Α.Ε.", "Ċittadella Heritage", "Côte Bleue", "Plain"):
        assert cell_len(projector.fit(name, 14)) == 14
    assert projector.fit("Πειραιάς Software Α.Ε.", 10).endswith("…")


# -- on the screen -------------------------------------------------------------------------

async def test_opens_on_find_your_table_and_switches_views_with_keys(demo_file):
    app = make_projector_app(demo_file, FixedClock(DEMO_NOW), page_seconds=STILL)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(pilot, app)
        assert str(app.query_one("#round").content) == "Round 3 of 10 · 10:10–10:30"
        assert app.query_one("#clock").value == "10:16"
        assert app.query_one("#countdown").value == "14:00"
        assert app.showing == "tables"
        text = str(app.query_one(FindList).render())
        assert "Azur IoT (FR)" in text and "Pnyx Analytics (GR)" in text
        await pilot.press("v")  # cycle -> tables
        assert (app.view, app.showing) == ("tables", "tables")
        await pilot.press("v")
        assert app.showing == "grid"
        await pilot.press("v")
        assert app.showing == "map"
        await pilot.press("t")
        assert app.showing == "tables"


async def test_the_cycle_goes_round_the_views(demo_file):
    app = make_projector_app(demo_file, FixedClock(DEMO_NOW), page_seconds=STILL)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(pilot, app)
        seen = [app.showing]
        for _ in range(4):
            app.action_turn()
            await pilot.pause()
            seen.append(app.showing)
        assert seen == ["tables", "tables", "grid", "map", "tables"]


async def test_in_a_break_the_cycle_stays_on_the_next_rounds_list(demo_file):
    app = make_projector_app(demo_file, FixedClock(at("11:15")), page_seconds=STILL)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(pilot, app)
        for _ in range(3):
            app.action_turn()
        await pilot.pause()
        assert app.showing == "tables"
        assert "Round 6 · 11:30–11:50 (next)" in str(app.query_one("#title").content)


async def test_a_long_list_pages_by_itself_with_a_page_indicator(big_file):
    path, day = big_file
    app = make_projector_app(path, FixedClock(at("09:05", day)), "tables", page_seconds=0.3)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        view = app.query_one(FindList)
        assert len(view.rows) == 340 and view.pages == 19
        first = str(view.render())
        assert str(app.query_one("#page").content).startswith("page 1 of 19")
        await ready(pilot, app, lambda: view.page == 1)
        assert str(view.render()) != first
        assert str(app.query_one("#page").content).startswith("page 2 of 19")
        # Every line is on some page, once.
        lines = []
        for page in range(view.pages):
            view.page = page
            lines += str(view.render()).splitlines()[1:]
        assert len(lines) == 340


async def test_the_grid_centres_the_current_round_and_pages_tables(big_file):
    path, day = big_file
    app = make_projector_app(path, FixedClock(at("10:45", day)), "grid", page_seconds=STILL)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(pilot, app)
        grid = app.query_one(RoomGrid)
        assert [r.no for r in grid._columns()] == [2, 3, 4, 5, 6]  # round 4 running
        assert grid.pages == 5  # 42 tables a page
    app = make_projector_app(path, FixedClock(at("10:45", day)), "grid", page_seconds=STILL)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        grid = app.query_one(RoomGrid)
        assert [r.no for r in grid._columns()] == [3, 4]
        assert grid.pages == 10 and "T1–T18" in str(app.query_one("#page").content)


async def test_a_check_in_elsewhere_shows_without_a_key(live_demo):
    app = make_projector_app(live_demo, FixedClock(DEMO_NOW), "map", page_seconds=STILL)
    writer = connect(live_demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot, app)
        assert map_kind(app.snapshot, "T7", 3) == "waiting"
        assert str(app.query_one(RoomMap).render()).count("waiting") == 1
        ops.check_in(writer, "GR05", clock=FixedClock(DEMO_NOW), station="door 1")
        # how fast is measured by scripts/bench_floor.py, not here
        await ready(pilot, app, lambda: map_kind(app.snapshot, "T7", 3) == "both here",
                    timeout=10.0)
        await pilot.pause()
        drawn = str(app.query_one(RoomMap).render())
        assert "waiting" not in drawn and drawn.count("both here") == 9  # T7 was the one


async def test_the_projector_cannot_write(live_demo):
    app = make_projector_app(live_demo, FixedClock(DEMO_NOW), page_seconds=STILL)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        for db in (*app.pool._all, app.feed.db):
            with pytest.raises(sqlite3.OperationalError, match="readonly|read-only|query"):
                db.execute("UPDATE participant SET checked_in_at = '2026-11-26T10:00:00'")
        actions = {b.action.split("(")[0] for b in app.BINDINGS}
        assert actions <= {"next_view", "view", "turn", "quit"}
    imported = set()
    for node in ast.walk(ast.parse(inspect.getsource(projector))):
        if isinstance(node, ast.ImportFrom):
            imported |= {node.module, *(f"{node.module}.{a.name}" for a in node.names)}
        elif isinstance(node, ast.Import):
            imported |= {a.name for a in node.names}
    assert not any(name.startswith(("floor.ops", "db.rows", "db.transaction"))
                   for name in imported), imported


# -- snapshots -----------------------------------------------------------------------------

def _snap(snap_compare, path, now, size, view="cycle", keys=()):
    app = make_projector_app(path, FixedClock(now), view, page_seconds=STILL)

    async def run_before(pilot):
        await ready(pilot, app)
        for key in keys:
            await pilot.press(key)
        await pilot.pause()

    return snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (160, 48), (300, 80)])
def test_snapshot_find_your_table(snap_compare, demo_file, size):
    assert _snap(snap_compare, demo_file, DEMO_NOW, size)


@pytest.mark.parametrize("size", [(80, 24), (160, 48), (300, 80)])
def test_snapshot_grid(snap_compare, demo_file, size):
    assert _snap(snap_compare, demo_file, DEMO_NOW, size, "grid")


@pytest.mark.parametrize("size", [(80, 24), (160, 48), (300, 80)])
def test_snapshot_map(snap_compare, demo_file, size):
    assert _snap(snap_compare, demo_file, DEMO_NOW, size, "map")


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_snapshot_break(snap_compare, demo_file, size):
    assert _snap(snap_compare, demo_file, at("11:15"), size)


def test_snapshot_last_minutes(snap_compare, demo_file):
    assert _snap(snap_compare, demo_file, at("10:28:30"), (80, 24))


@pytest.mark.parametrize("size", [(80, 24), (160, 48), (300, 80)])
def test_snapshot_long_list_second_page(snap_compare, big_file, size):
    path, day = big_file
    assert _snap(snap_compare, path, at("09:05", day), size, "tables", keys=("space",))
