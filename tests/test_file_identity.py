"""The file is who it says it is: a station whose event file is deleted or replaced under
it stops (red, over everything) and writes nothing anywhere; an import over a file that
stations have open is refused, and the file it replaces is kept."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, floor_process, write_folder
from pilot_helpers import plain, until
from station_helpers import MORNING, DoorProcess, copy_of, event_with_badges, facts
from textual.app import App

from db.backup import backup_folder
from floor.domain.clock import FixedClock
from floor.domain.errors import EventFileReplaced
from floor.tui.day.screen import DayScreen
from floor.tui.door.app import make_door_app
from floor.tui.file_replaced import FileReplacedScreen
from floor.tui.manager.app import make_floor_app
from floor.tui.projector.app import make_projector_app

SENTENCE = EventFileReplaced.SENTENCE


def from_another_process(code: str, *args) -> None:
    """A person at a shell (mv, rm) or another program, not this test's process."""
    subprocess.run([sys.executable, "-c", code, *map(str, args)], check=True, cwd=ROOT)


REPLACE = "import os, sys; os.replace(sys.argv[1], sys.argv[2])"
DELETE = "import os, sys; os.unlink(sys.argv[1])"


@pytest.fixture
def door_event(tmp_path) -> tuple[Path, list[str]]:
    return event_with_badges(tmp_path)


# -- the write path: a door process ---------------------------------------------------------

@pytest.mark.parametrize("what", ["replaced", "deleted"])
def test_a_door_refuses_every_scan_once_its_file_is_replaced_or_deleted(door_event, what):
    path, tokens = door_event
    replacement = copy_of(path, path.with_name("backup.db"))
    door = DoorProcess(path)
    assert door.scan(tokens[0]) == "answer checked-in"  # the door writes, until...
    old = path.with_name("old.db")
    os.link(path, old)  # to read the old file once it has no name
    if what == "replaced":
        from_another_process(REPLACE, replacement, path)
    else:
        from_another_process(DELETE, path)
    assert door.scan(tokens[1]) == f"refused EventFileReplaced {SENTENCE}"
    assert door.scan(tokens[2]) == f"refused EventFileReplaced {SENTENCE}"
    door.quit()
    # Nothing went anywhere: the old file has the one scan before, no rejection row.
    assert facts(old) | {"last_entry": None} == {"last_entry": None, "scans": 1,
                                                 "rejections": 0, "checked_in": 1}
    if what == "replaced":
        assert facts(path)["scans"] == 0 and facts(path)["checked_in"] == 0
    else:
        assert not path.exists()  # and no empty file made in its place


# -- import --force -------------------------------------------------------------------------

def test_import_force_is_refused_while_a_door_has_the_file_open_and_keeps_the_old_file(
        door_event, tmp_path):
    path, tokens = door_event
    folder = write_folder(tmp_path / "folder")
    door = DoorProcess(path)
    assert door.scan(tokens[0]) == "answer checked-in"
    inode = path.stat().st_ino

    result = floor_process("import", folder, "--db", path, "--force")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"refused: 1 floor process has event.db open: python (pid {door.proc.pid}); quit it "
        "first (it would go on writing into the old file), then import again")
    assert path.stat().st_ino == inode and not backup_folder(path).exists()
    assert door.scan(tokens[1]) == "answer checked-in"  # the door goes on, on the same file

    door.quit()
    result = floor_process("import", folder, "--db", path, "--force")
    assert result.returncode == 0, result.stderr
    [kept] = backup_folder(path).glob("event-*-before-import.db")
    assert result.stdout.splitlines()[-1] == f"the file it replaced is kept as {kept}"
    assert facts(kept)["checked_in"] == 2  # the morning's check-ins are kept
    assert facts(path)["checked_in"] == 0 and facts(path)["scans"] == 0


def test_import_force_keeps_what_a_killed_door_left_in_its_wal(door_event, tmp_path):
    path, tokens = door_event
    door = DoorProcess(path, keep_wal=True)
    assert [door.scan(t) for t in tokens[:3]] == ["answer checked-in"] * 3
    door.kill()  # a power cut: the three check-ins are only in event.db-wal
    wal = Path(str(path) + "-wal")
    assert wal.stat().st_size > 0

    result = floor_process("import", write_folder(tmp_path / "folder"), "--db", path,
                           "--force")
    assert result.returncode == 0, result.stderr
    assert not wal.exists()  # never replayed into the new file
    [kept] = backup_folder(path).glob("event-*-before-import.db")
    assert facts(kept)["checked_in"] == 3
    assert floor_process("check", "--db", path).returncode == 0
    assert facts(path)["checked_in"] == 0


def test_a_plain_import_over_a_file_still_needs_force(door_event, tmp_path):
    path, _ = door_event
    result = floor_process("import", write_folder(tmp_path / "folder"), "--db", path)
    assert result.returncode == 1
    assert "use --force to replace it (it is kept in the backups folder beside it)" in \
        result.stderr


# -- the screens ----------------------------------------------------------------------------

def station(kind: str, path: Path) -> App:
    clock = FixedClock(MORNING)
    if kind == "manager":
        return make_floor_app(path, clock, backups=False)
    if kind == "door":
        return make_door_app(path, "door 1", clock)
    return make_projector_app(path, clock)


STARTED = {  # what each station shows once it has read the file
    "manager": lambda app: "checked in" in plain(app.query_one("FloorHeader")),
    "door": lambda app: "checked in 0/6" in plain(app.screen.query_one("#top")),
    "projector": lambda app: plain(app.query_one("#round")).strip() != "",
}


def empty_or_none(file: Path) -> bool:
    return not file.exists() or file.stat().st_size == 0


def red_text(app) -> str:
    return plain(app.screen.query_one("#replaced"))


@pytest.mark.parametrize("kind, what", [("manager", "replaced"), ("door", "deleted"),
                                        ("door", "replaced"), ("projector", "replaced")])
async def test_a_station_turns_red_when_its_file_goes_and_takes_no_action(door_event, kind,
                                                                          what):
    path, tokens = door_event
    replacement = copy_of(path, path.with_name("backup.db"))
    old = path.with_name("old.db")
    os.link(path, old)
    before = facts(path)
    app = station(kind, path)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: STARTED[kind](app), f"the {kind} to open")
        if what == "replaced":
            from_another_process(REPLACE, replacement, path)
        else:
            from_another_process(DELETE, path)
        await until(pilot, lambda: isinstance(app.screen, FileReplacedScreen), "the red screen")
        said = red_text(app)
        assert f"THE EVENT FILE WAS {what.upper()}" in said
        assert "This station has stopped: it takes no scan and writes nothing." in said
        assert "Restart this station: press q to quit, then start it again." in said
        # It let go of the old file at once: nothing of its -wal is left beside the path,
        # for whoever opens the file now there to replay.
        await until(pilot, lambda: empty_or_none(Path(str(path) + "-wal")), "the old -wal gone")

        for key in ("i", "u", "w", "enter", "escape", "f2", "v", *tokens[0], "enter"):
            await pilot.press(key)
        await pilot.pause(0.3)
        assert isinstance(app.screen, FileReplacedScreen)
        await pilot.press("q")
        await until(pilot, lambda: not app.is_running, "q to quit")
    assert facts(old) == before  # nothing written into the old file
    if what == "replaced":
        assert facts(path) == before  # nor into the one now in its place
    else:
        assert not path.exists()


async def test_import_force_is_refused_while_a_screen_is_open(door_event, tmp_path):
    path, _ = door_event
    app = station("door", path)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: STARTED["door"](app), "the door to open")
        result = floor_process("import", write_folder(tmp_path / "folder"), "--db", path,
                               "--force")
        assert result.returncode == 1
        assert f"(pid {os.getpid()}); quit it first" in result.stderr
        await pilot.pause(1.5)  # a poll or more: the door is still on its file
        assert not isinstance(app.screen, FileReplacedScreen)


def test_red_screen_snapshot(snap_compare):
    class Stopped(App):
        def on_mount(self) -> None:
            self.push_screen(FileReplacedScreen(Path("/srv/matera/event.db"), deleted=False))

    assert snap_compare(Stopped(), terminal_size=(80, 24))


async def test_the_day_screen_over_the_floor_goes_red_once(door_event):
    path, _ = door_event
    replacement = copy_of(path, path.with_name("backup.db"))
    app = station("manager", path)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: STARTED["manager"](app), "the floor to open")
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, DayScreen), "the Day screen")
        from_another_process(REPLACE, replacement, path)
        await until(pilot, lambda: isinstance(app.screen, FileReplacedScreen), "the red screen")
        await pilot.pause(1.5)  # both the floor and the Day screen have looked by now
        assert [type(s) for s in app.screen_stack][-2:] == [DayScreen, FileReplacedScreen]
        await pilot.press("escape", "d")
        assert isinstance(app.screen, FileReplacedScreen)
