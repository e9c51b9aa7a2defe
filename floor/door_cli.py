"""The door's commands, as click objects for floor/cli.py to attach:

    cli.add_command(badges_command); cli.add_command(qr_command)
    cli.add_command(door_command); cli.add_command(checkin_command)
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from db import queries

DB_OPTION = click.option("--db", "db_path", required=True, type=click.Path(path_type=Path),
                         help="The event file (SQLite).")
STATION_OPTION = click.option("--station", default="door", show_default=True,
                              help="This door's name, as logged with each scan.")


def _open(db_path: Path):
    from floor.cli import open_event

    return open_event(db_path)


def _clock(db):
    from floor.cli import event_clock

    return event_clock(db, None, 1.0)


def _ensure_tokens(db, ids: list[str] | None, clock, *, reissue: bool = False) -> None:
    from floor.ops import Refused
    from floor.ops.badges import issue_tokens, reissue_token

    try:
        if reissue:
            for pid in ids or []:
                done = reissue_token(db, pid, clock=clock)
                click.echo(done.summary, err=True)
        else:
            done = issue_tokens(db, ids, clock=clock)
            if done:
                click.echo(done.summary, err=True)
    except Refused as refusal:
        raise click.ClickException(refusal.reason) from refusal


@click.command("badges")
@DB_OPTION
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("badges.pdf"),
              show_default=True, help="The PDF to write.")
@click.option("--only", "only", multiple=True, metavar="ID",
              help="Only these participants (repeat, or separate with commas): reprints "
                   "and walk-ins.")
@click.option("--reissue", is_flag=True,
              help="With --only: print NEW badges and revoke the old ones (a lost or "
                   "wrong badge). Without it, a reprint carries the same token.")
def badges_command(db_path: Path, output: Path, only: tuple[str, ...], reissue: bool) -> None:
    """Print badges: A4 sheets of eight, with cut lines; name, organisation, country,
    sector, QR code and first meeting. Issues a token to whoever has none."""
    from floor.badges import write_badges
    from floor.pdfkit import FontsMissing

    ids = [i.strip() for part in only for i in part.split(",") if i.strip()] or None
    if reissue and not ids:
        raise click.UsageError("--reissue needs --only ID...")
    db = _open(db_path)
    for pid in ids or []:
        if queries.participant(db, pid) is None:
            raise click.ClickException(f"no participant with id {pid!r}")
    _ensure_tokens(db, ids, _clock(db), reissue=reissue)
    try:
        count = write_badges(db, output, ids)
    except (FontsMissing, LookupError) as error:
        raise click.ClickException(str(error)) from error
    pages = -(-count // 8)
    click.echo(f"wrote {output}: {count} badge(s) on {pages} page(s)")


@click.command("qr")
@click.argument("participant_id")
@DB_OPTION
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="file.png or file.svg")
def qr_command(participant_id: str, db_path: Path, output: Path) -> None:
    """Write the QR code of one participant's badge token (PNG or SVG)."""
    from floor import qr, tokens

    if output.suffix.lower() not in (".png", ".svg"):
        raise click.UsageError("-o must end in .png or .svg")
    db = _open(db_path)
    if queries.participant(db, participant_id) is None:
        raise click.ClickException(f"no participant with id {participant_id!r}")
    _ensure_tokens(db, [participant_id], _clock(db))
    token = tokens.valid_token_for(db, participant_id)
    qr.save(token, output)
    click.echo(f"wrote {output}: {participant_id} {token}")


@click.command("checkin")
@click.argument("token")
@DB_OPTION
@STATION_OPTION
def checkin_command(token: str, db_path: Path, station: str) -> None:
    """Scan one badge token from a script: prints the answer. Exit status 0: checked in;
    1: refused (unknown, forged, another event, revoked, unreadable); 2: already checked
    in (or read twice)."""
    from floor.ops.door import scan_badge

    db = _open(db_path)
    answer = scan_badge(db, token, station=station, clock=_clock(db))
    colour = {"green": "green", "amber": "yellow", "red": "red"}[answer.colour]
    lines = answer.lines()
    click.secho(lines[0], fg=colour, bold=True)
    for line in lines[1:]:
        click.echo(line)
    sys.exit({"green": 0, "red": 1, "amber": 2}[answer.colour])


@click.command("door")
@DB_OPTION
@STATION_OPTION
@click.option("--camera", "camera", type=int, default=None, is_flag=False, flag_value=0,
              metavar="[N]", help="Also read QR codes from webcam N (default 0); needs "
                                  "`pip install floor[camera]`.")
@click.option("--now", "now", metavar="HH:MM", help="Run as if it were this time.")
@click.option("--speed", type=float, default=1.0, help="With --now: how fast time runs.")
def door_command(db_path: Path, station: str, camera: int | None, now: str | None,
                 speed: float) -> None:
    """The door screen: scan badges (USB/Bluetooth scanner, keyboard, or --camera),
    answer each person, register walk-ins (F2)."""
    from floor.cli import event_clock

    db = _open(db_path)
    clock = event_clock(db, now, speed)
    db.conn.close()
    if camera is not None:
        from floor.camera import CameraUnavailable, check_available

        try:
            check_available()
        except CameraUnavailable as error:
            raise click.ClickException(str(error)) from error
    from floor.tui.door import DoorApp

    DoorApp(db_path, station, clock, camera=camera).run()
