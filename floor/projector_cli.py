"""The projector's commands, as click objects for floor/cli.py to attach:

    cli.add_command(projector_command); cli.add_command(serve_command)

`python -m floor.projector_cli` runs them too (and `serve-child`, what `floor serve` starts
for each browser tab).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from floor.cli_common import DB_OPTION, clock_option, event_clock, open_event

VIEW_OPTION = click.option("--view", type=click.Choice(["cycle", "tables", "grid", "map"]),
                           default="cycle", show_default=True,
                           help="What the wall shows: cycle, or always tables ('find your "
                                "table'), grid or map. The v key switches.")


def _clock(db_path: Path, now: str | None, speed: float):
    db = open_event(db_path, readonly=True)
    try:
        return event_clock(db, now, speed)
    finally:
        db.conn.close()


@click.command("projector")
@DB_OPTION
@VIEW_OPTION
@clock_option
def projector_command(db_path: Path, view: str, now: str | None, speed: float) -> None:
    """The wall of the room, read-only: the clock, the round, "find your table", the grid
    and the map. v switches what it shows; q quits."""
    from floor.tui.projector import make_projector_app

    make_projector_app(db_path, _clock(db_path, now, speed), view).run()


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
@clock_option
def serve_command(db_path: Path, role: str, host: str, port: int | None, view: str,
                  station: str, now: str | None, speed: float) -> None:
    """Serve the projector, door or manager screen to web browsers (textual-serve). Each
    browser tab gets its own live copy; the file stays on this laptop. The manager role
    asks for the key printed here."""
    from floor import serve

    _clock(db_path, now, speed)  # refuse a missing file or a bad --now before serving
    serve.serve(role, db_path, host=host, port=port, now=now, speed=speed, view=view,
                station=station)


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
    from db import queries
    from floor.clock import RunningClock, parse_moment

    clock = _clock(db_path, now, speed)
    if now is not None and anchor and speed != 0:  # every tab agrees on the time
        db = open_event(db_path, readonly=True)
        moment = parse_moment(now, queries.event(db)["date"])
        db.conn.close()
        clock = RunningClock(moment, speed, datetime.fromisoformat(anchor))
    if role == "projector":
        from floor.tui.projector import make_projector_app
        make_projector_app(db_path, clock, view).run()
    elif role == "door":
        from floor.tui.door import DoorApp
        DoorApp(db_path, station, clock).run()
    else:
        from floor.tui.app import make_floor_app
        make_floor_app(db_path, clock, actor="manager (web)").run()


@click.group()
def main() -> None:
    """The projector's commands on their own (before floor/cli.py attaches them)."""


main.add_command(projector_command)
main.add_command(serve_command)
main.add_command(serve_child_command)

if __name__ == "__main__":
    main()
