"""After (and during) the day: the figures, exports, the day as text, backups, checks."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from db import eventlog
from floor.cli.options import DB_OPTION, clock_option, event_clock, open_event
from floor.domain.errors import REFUSED


@click.command("report")
@DB_OPTION
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="report.pdf, report.html or report.json (default: JSON to standard "
                   "output).")
@clock_option
def report_command(db_path: Path, output: Path | None, now: str | None, speed: float) -> None:
    """The day's figures: participants by country and sector, check-ins, meetings
    requested, placed, held, no-show, cancelled and re-matched, a country x country table,
    outcomes, rounds. PDF and HTML with charts; JSON for other tools."""
    from floor.output.report import write_report
    from floor.views.figures import check_sums, figures, headline, to_json

    db = open_event(db_path, readonly=True)
    moment = event_clock(db, now, speed).now()
    if output is None:
        click.echo(to_json(figures(db, moment)), nl=False)
        return
    try:
        f = write_report(db, output, moment)
    except ValueError as error:
        raise click.UsageError(str(error)) from error
    for problem in check_sums(f):
        click.secho(f"warning: the figures do not add up: {problem}", fg="yellow", err=True)
    click.echo(f"wrote {output}: {headline(f)}")


@click.command("export")
@click.argument("what", type=click.Choice(["schedule", "participants", "journal"]))
@DB_OPTION
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Write to this file instead of standard output.")
@click.option("--json", "as_json", is_flag=True, help="JSON instead of CSV.")
def export_command(what: str, db_path: Path, output: Path | None, as_json: bool) -> None:
    """Write the schedule, the participants or the journal as CSV (or JSON)."""
    from floor.output.exports import render

    text = render(open_event(db_path, readonly=True), what, as_json=as_json)
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


@click.command("show")
@DB_OPTION
@clock_option
@click.option("--round", "round_no", type=int, help="Only this round.")
def show_command(db_path: Path, now: str | None, speed: float, round_no: int | None) -> None:
    """Print the day: each round and its meetings, with their state now."""
    from floor.views.day_text import render_day

    db = open_event(db_path, readonly=True)
    click.echo(render_day(db, event_clock(db, now, speed).now(), round_no=round_no), nl=False)


@click.command("backup")
@DB_OPTION
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Where to write the copy (default: a timestamped file in the "
                   "backups folder beside the event file, keeping the last 12).")
def backup_command(db_path: Path, output: Path | None) -> None:
    """A consistent copy of the event file, safe while others write, checked with
    PRAGMA integrity_check."""
    from db.backup import backup_to, rolling_backup

    db = open_event(db_path)
    dest = backup_to(db, output) if output else rolling_backup(db, db_path)
    click.echo(f"backup written and checked: {dest}")


@click.command("restore")
@click.option("--from", "source", required=True, type=click.Path(path_type=Path),
              help="The backup to put back (a file in the backups folder).")
@DB_OPTION
def restore_command(source: Path, db_path: Path) -> None:
    """Put a backup back in place of the event file. The backup is checked first; refused
    while stations have the file open; the file it replaces is kept (with its -wal folded
    in) in the backups folder, and its stale -wal/-shm are removed so they can never be
    replayed into the backup."""
    from db.replace import restore_backup

    if db_path.is_file():
        eventlog.attach(db_path)
    done = restore_backup(source, db_path)
    last = done.last_entry
    since = f", journal up to #{last['id']} ({last['at'][11:16] or last['at']})" if last else ""
    click.echo(f"restored {db_path} from {source}: {done.participants} participants, "
               f"{done.checked_in} checked in{since}")
    kept = done.replaced.kept
    if kept is not None:
        how = ("checked, its -wal folded in" if done.replaced.kept_checked
               else "as it was: it could not be read as a database")
        click.echo(f"the file it replaced is kept as {kept} ({how})")
    if done.replaced.removed:
        click.echo(f"removed the old {', '.join(done.replaced.removed)}: what they held is "
                   "in the kept copy, and they can never be replayed into the restored file")


@click.command("check")
@DB_OPTION
def check_command(db_path: Path) -> None:
    """Check the file (integrity, foreign keys) and that it agrees with its journal."""
    from db.verify import verify

    problems = verify(open_event(db_path))
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        sys.exit(REFUSED)
    click.echo("ok: integrity check passed and the file agrees with its journal")


COMMANDS = (report_command, export_command, show_command, backup_command, restore_command,
            check_command)
