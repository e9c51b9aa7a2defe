"""The screens: the floor manager's (`run`), the door, the projector, and `floor serve`
with the child command it starts for each browser tab."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from floor.cli.options import DB_OPTION, STATION_OPTION, actor_option, clock_of, clock_option
from floor.domain.clock import RunningClock

VIEW_OPTION = click.option("--view", type=click.Choice(["cycle", "tables", "grid", "map"]),
                           default="cycle", show_default=True,
                           help="What the wall shows: cycle, or always tables ('find your "
                                "table'), grid or map. The v key switches.")



@click.command("run")
@DB_OPTION
@clock_option
@actor_option("manager")
def run_command(db_path: Path, now: str | None, speed: float, actor: str) -> None:
    """Open the live floor: the tables × rounds grid, no-shows, re-matches, moves, undo."""
    from floor.tui.manager.app import make_floor_app

    make_floor_app(db_path, clock_of(db_path, now, speed), actor=actor).run()


@click.command("door")
@DB_OPTION
@STATION_OPTION
@click.option("--camera", "camera", type=int, default=None, is_flag=False, flag_value=0,
              metavar="[N]", help="Also read QR codes from webcam N (default 0); needs "
                                  "`pip install floor[camera]`.")
@clock_option
def door_command(db_path: Path, station: str, camera: int | None, now: str | None,
                 speed: float) -> None:
    """The door screen: scan badges (USB/Bluetooth scanner, keyboard, or --camera),
    answer each person, register walk-ins (F2)."""
    clock = clock_of(db_path, now, speed)
    if camera is not None:
        from floor.tui.door.camera import check_available

        check_available()
    from floor.tui.door.app import make_door_app

    make_door_app(db_path, station, clock, camera=camera).run()


@click.command("projector")
@DB_OPTION
@VIEW_OPTION
@clock_option
def projector_command(db_path: Path, view: str, now: str | None, speed: float) -> None:
    """The wall of the room, read-only: the clock, the round, "find your table", the grid
    and the map. v switches what it shows; q quits."""
    from floor.tui.projector.app import make_projector_app

    make_projector_app(db_path, clock_of(db_path, now, speed), view).run()


@click.command("serve")
@DB_OPTION
@click.option("--role", type=click.Choice(["projector", "door", "manager"]), required=True,
              help="Which screen the browsers get.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on; 0.0.0.0 for every browser on the venue "
                   "network.")
@click.option("--port", type=int, default=None,
              help="Default: 8000 (projector), 8001 (door), 8002 (manager).")
@VIEW_OPTION
@click.option("--station", default="web door", show_default=True,
              help="Door role: the station name logged with each scan.")
@click.option("--max-tabs", type=click.IntRange(min=1), default=None,
              help="How many browser tabs of the role at once (each is a ~60 MB process). "
                   "Default: 4 (projector), 6 (door), 3 (manager).")
@clock_option
def serve_command(db_path: Path, role: str, host: str, port: int | None, view: str,
                  station: str, max_tabs: int | None, now: str | None, speed: float) -> None:
    """Serve the projector, door or manager screen to web browsers (textual-serve). Each
    browser tab gets its own live copy; the file stays on this laptop. The door and the
    manager each need the key printed here (in the URL, or typed into the page)."""
    from floor.web import serve

    clock_of(db_path, now, speed)  # refuse a missing file or a bad --now before serving
    port = port or serve.DEFAULT_PORTS[role]
    if not serve.port_is_free(host, port):
        raise click.BadParameter(f"port {port} on {host} is in use (another floor serve?): "
                                 f"choose another", param_hint="--port")
    serve.serve(role, db_path, host=host, port=port, now=now, speed=speed, view=view,
                station=station, max_tabs=max_tabs)


@click.command("serve-child", hidden=True)
@click.argument("role", type=click.Choice(["projector", "door", "manager"]))
@DB_OPTION
@VIEW_OPTION
@click.option("--station", default="web door")
@click.option("--anchor", default=None, help="When the server started (a running --now).")
@clock_option
def serve_child_command(role: str, db_path: Path, view: str, station: str, anchor: str | None,
                        now: str | None, speed: float) -> None:
    """One browser tab's screen (started by `floor serve`)."""
    clock = clock_of(db_path, now, speed)
    if now is not None and anchor and speed != 0:  # every tab agrees on the time
        clock = RunningClock(clock.start, speed, datetime.fromisoformat(anchor))
    if role == "projector":
        from floor.tui.projector.app import make_projector_app
        make_projector_app(db_path, clock, view).run()
    elif role == "door":
        from floor.tui.door.app import make_door_app
        make_door_app(db_path, station, clock).run()
    else:
        from floor.tui.manager.app import make_floor_app
        make_floor_app(db_path, clock, actor="manager (web)").run()


COMMANDS = (run_command, door_command, projector_command, serve_command, serve_child_command)
