"""The projector: what the wall says at each moment of the day, paging, live updates from
another connection, read-only, and snapshots at 80×24, 160×48 and 300×80."""

import ast
import inspect
import re
import sqlite3
from datetime import datetime

import pytest
from pilot_helpers import drawn_lines, open_connections, plain, until

from db.connection import connect
from floor import ops
from floor.domain.clock import FixedClock
from floor.eventfolder import import_event
from floor.eventfolder.generate import generate_event
from floor.eventfolder.write import write_event_folder
from floor.ops.demo import build_demo
from floor.ops.schedule import schedule
from floor.tui import live, messages
from floor.tui.projector import app as projector_app
from floor.tui.projector import views as projector_views
from floor.tui.projector.app import make_projector_app
from floor.tui.projector.views import FindList, RoomGrid, RoomMap
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


def text(app, widget_id: str) -> str:
    return plain(app.query_one(f"#{widget_id}")).strip()


async def ready(pilot, app, until_shown=lambda: True, what="the wall", timeout=10.0):
    """Until the wall shows the round (the file is read) and `until_shown()` holds."""
    await until(pilot, lambda: text(app, "round") and until_shown(), what, timeout)


def title(app) -> str:
    return text(app, "title").split(" · ")[0]


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
        assert cell_len(projector_views.fit(name, 14)) == 14
    assert projector_views.fit("Πειραιάς Software Α.Ε.", 10).endswith("…")


# -- on the screen -------------------------------------------------------------------------

FIND, GRID, MAP = "Find your table", "The room, round by round", "The room now"


async def test_opens_on_find_your_table_and_switches_views_with_keys(demo_file):
    app = make_projector_app(demo_file, FixedClock(DEMO_NOW), page_seconds=STILL)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(pilot, app)
        assert text(app, "round") == "Round 3 of 10 · 10:10–10:30"
        assert app.query_one("#clock").value == "10:16"
        assert app.query_one("#countdown").value == "14:00"
        assert title(app) == FIND and text(app, "legend") == "v: view (cycle)"
        drawn = str(app.query_one(FindList).render())
        assert "Azur IoT (FR)" in drawn and "Pnyx Analytics (GR)" in drawn
        await pilot.press("v")  # cycle -> tables
        assert title(app) == FIND and text(app, "legend") == "v: view (tables)"
        await pilot.press("v")
        assert title(app) == GRID
        await pilot.press("v")
        assert title(app) == MAP and "both here" in text(app, "legend")
        await pilot.press("t")
        assert title(app) == FIND


async def test_the_cycle_goes_round_the_views(demo_file):
    app = make_projector_app(demo_file, FixedClock(DEMO_NOW), page_seconds=STILL)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(pilot, app)
        seen = [title(app)]
        for _ in range(4):
            await pilot.press("space")  # what the page timer does every few seconds
            seen.append(title(app))
        assert seen == [FIND, FIND, GRID, MAP, FIND]


async def test_in_a_break_the_cycle_stays_on_the_next_rounds_list(demo_file):
    app = make_projector_app(demo_file, FixedClock(at("11:15")), page_seconds=STILL)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(pilot, app)
        await pilot.press("space", "space", "space")
        assert title(app) == FIND
        assert "Round 6 · 11:30–11:50 (next)" in text(app, "title")


async def test_a_long_list_pages_by_itself_with_a_page_indicator(big_file):
    path, day = big_file
    app = make_projector_app(path, FixedClock(at("09:05", day)), "tables", page_seconds=0.3)
    async with app.run_test(size=(80, 24)) as pilot:
        # which page comes first depends on how busy the machine is: any page will do
        await ready(pilot, app, lambda: re.match(r"page \d+ of 19", text(app, "page")))
        first_label, first = text(app, "page"), str(app.query_one(FindList).render())
        await ready(pilot, app, lambda: re.match(r"page \d+ of 19", text(app, "page"))
                    and text(app, "page") != first_label, "another page, by itself")
        assert str(app.query_one(FindList).render()) != first


async def test_every_line_of_a_long_list_is_on_one_page(big_file):
    path, day = big_file
    app = make_projector_app(path, FixedClock(at("09:05", day)), "tables", page_seconds=STILL)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        lines = []
        for page in range(1, 20):
            assert text(app, "page").startswith(f"page {page} of 19")
            lines += str(app.query_one(FindList).render()).splitlines()[1:]  # no header
            await pilot.press("space")
        assert text(app, "page").startswith("page 1 of 19")  # and round again
        assert len(lines) == len(set(lines)) == 340  # 170 meetings, both sides


def rounds_in_header(app) -> list[int]:
    return [int(n) for n in re.findall(r"Round (\d+)", drawn_lines(app.query_one(RoomGrid))[0])]


async def test_the_grid_centres_the_current_round_and_pages_tables(big_file):
    path, day = big_file
    app = make_projector_app(path, FixedClock(at("10:45", day)), "grid", page_seconds=STILL)
    async with app.run_test(size=(160, 48)) as pilot:
        await ready(pilot, app)
        assert rounds_in_header(app) == [2, 3, 4, 5, 6]  # round 4 running
        assert text(app, "page") == "page 1 of 5 · T1–T42"  # 42 tables a page
    app = make_projector_app(path, FixedClock(at("10:45", day)), "grid", page_seconds=STILL)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        assert rounds_in_header(app) == [3, 4]
        assert text(app, "page") == "page 1 of 10 · T1–T18"


async def test_a_check_in_elsewhere_shows_without_a_key(live_demo):
    app = make_projector_app(live_demo, FixedClock(DEMO_NOW), "map", page_seconds=STILL)
    writer = connect(live_demo)  # another station's connection
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(pilot, app)
            assert map_kind(load_snapshot(writer), "T7", 3) == "waiting"  # GR05 not here
            assert str(app.query_one(RoomMap).render()).count("waiting") == 1
            ops.check_in(writer, "GR05", clock=FixedClock(DEMO_NOW), station="door 1")
            # how fast is measured by scripts/bench_floor.py, not here
            await ready(pilot, app, lambda: "waiting" not in str(app.query_one(RoomMap).render()),
                        "the check-in on the map")
            assert str(app.query_one(RoomMap).render()).count("both here") == 9  # T7 too
    finally:
        writer.conn.close()


async def test_the_projector_cannot_write(live_demo):
    app = make_projector_app(live_demo, FixedClock(DEMO_NOW), page_seconds=STILL)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        with app.pool.borrow() as pooled:
            for db in (pooled, app.feed.db):
                with pytest.raises(sqlite3.OperationalError, match="readonly|read-only|query"):
                    db.execute("UPDATE participant SET checked_in_at = '2026-11-26T10:00:00'")
        actions = {b.action.split("(")[0] for b in app.BINDINGS}
        assert actions <= {"next_view", "view", "turn", "quit"}
    imported = set()
    for module in (projector_app, projector_views, live, messages):
        for node in ast.walk(ast.parse(inspect.getsource(module))):
            if isinstance(node, ast.ImportFrom):
                imported |= {node.module, *(f"{node.module}.{a.name}" for a in node.names)}
            elif isinstance(node, ast.Import):
                imported |= {a.name for a in node.names}
    assert "floor.views.floor.load_snapshot" in imported  # the check sees the imports
    assert not any(name.startswith(("floor.ops", "db.rows", "db.transaction"))
                   for name in imported), imported


async def test_a_file_it_cannot_read_is_one_sentence_on_the_wall(tmp_path):
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"this is no SQLite file, " * 100)
    app = make_projector_app(broken, FixedClock(DEMO_NOW), page_seconds=STILL)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: text(app, "next"), "the sentence")
        assert text(app, "next") == ("This is not an event file, or it is damaged: use `floor "
                                     "check`, or restore the latest backup (event-backups/ "
                                     "beside it) (the details are in broken.log).")
    logged = (tmp_path / "broken.log").read_text()
    assert "Traceback" in logged and "file is not a database" in logged  # the detail


async def test_closing_closes_its_connections(live_demo):
    before = open_connections(live_demo)
    app = make_projector_app(live_demo, FixedClock(DEMO_NOW), page_seconds=STILL)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, app)
        assert open_connections(live_demo) >= before + 2  # the pool and the feed
    assert open_connections(live_demo) == before


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
