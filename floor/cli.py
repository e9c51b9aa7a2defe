"""The `floor` command."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import click

from db import queries
from db.connection import NetworkFilesystemWarning
from floor.cli_common import DB_OPTION, clock_option, event_clock, open_event
from floor.clock import WallClock


def _show_warning(message, category, filename, lineno, file=None, line=None):
    click.secho(f"warning: {message}", fg="yellow", err=True)


warnings.showwarning = _show_warning
warnings.simplefilter("always", NetworkFilesystemWarning)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="floor")
def cli() -> None:
    """Run the floor of a B2B matchmaking event: import, schedule, check in, the live
    grid, the projector. Everything lives in one SQLite file (--db)."""


@cli.command("import")
@click.argument("event_dir", type=click.Path(path_type=Path))
@DB_OPTION
@click.option("--force", is_flag=True, help="Replace an existing event file.")
def import_command(event_dir: Path, db_path: Path, force: bool) -> None:
    """Read an event folder (event.toml, participants.csv, requests.csv) into a new event
    file. Every problem is listed with file, line and column; nothing is written unless
    the whole folder is sound."""
    from floor.importer import EventFileExists, ImportFailed, import_event

    try:
        done = import_event(event_dir, db_path, clock=WallClock(), force=force)
    except EventFileExists as error:
        raise click.ClickException(str(error)) from error
    except ImportFailed as failure:
        click.echo(failure.report(), err=True)
        sys.exit(1)
    for warning in done.warnings:
        click.secho(f"warning: {warning}", fg="yellow", err=True)
    click.echo(f"{done.path}: {done.participants} participants, {done.requests} requests "
               f"({done.placed} already placed), {done.rounds} rounds, {done.tables} tables")


@cli.command("export")
@click.argument("what", type=click.Choice(["schedule", "participants", "journal"]))
@DB_OPTION
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Write to this file instead of standard output.")
@click.option("--json", "as_json", is_flag=True, help="JSON instead of CSV.")
def export_command(what: str, db_path: Path, output: Path | None, as_json: bool) -> None:
    """Write the schedule, the participants or the journal as CSV (or JSON)."""
    from floor.export import render

    text = render(open_event(db_path, readonly=True), what, as_json=as_json)
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


@cli.command("demo")
@DB_OPTION
def demo_command(db_path: Path) -> None:
    """Write the built-in demo event (Matera, mid-morning) to --db, replacing it."""
    from floor.demo import build_demo

    build_demo(db_path)
    db = open_event(db_path, readonly=True)
    c = queries.counts(db)
    click.echo(f"{db_path}: demo event with {c['participants']} participants, "
               f"{c['meetings']} meetings, {c['checked_in']} checked in")


@cli.command("show")
@DB_OPTION
@clock_option
@click.option("--round", "round_no", type=int, help="Only this round.")
def show_command(db_path: Path, now: str | None, speed: float, round_no: int | None) -> None:
    """Print the day: each round and its meetings, with their state now."""
    from floor.show import render_day

    db = open_event(db_path, readonly=True)
    click.echo(render_day(db, event_clock(db, now, speed).now(), round_no=round_no), nl=False)


@cli.command("run")
@DB_OPTION
@clock_option
@click.option("--actor", default="manager", show_default=True,
              help="Who is at this screen (shown in the journal).")
def run_command(db_path: Path, now: str | None, speed: float, actor: str) -> None:
    """Open the live floor: the tables × rounds grid, no-shows, re-matches, moves, undo."""
    from floor.tui.app import make_floor_app

    db = open_event(db_path)
    clock = event_clock(db, now, speed)
    db.conn.close()
    make_floor_app(db_path, clock, actor=actor).run()


@cli.command("schedule")
@DB_OPTION
@clock_option
@click.option("--seconds", type=float, default=10.0, show_default=True,
              help="Time budget for the search.")
@click.option("--keep-announced", is_flag=True,
              help="During the event: move nothing already placed; place open requests "
                   "only in rounds that have not started.")
def schedule_command(db_path: Path, now: str | None, speed: float, seconds: float,
                     keep_announced: bool) -> None:
    """Place every open request that can fit, and say how close to the best possible."""
    import threading

    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from floor.schedule_run import schedule

    db = open_event(db_path)
    clock = event_clock(db, now, speed)
    stop = threading.Event()
    outcome: dict = {}
    console = Console(stderr=True)
    progress = Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                        console=console, transient=True, disable=not console.is_terminal)
    task = progress.add_task("scheduling", total=1.0)

    def work() -> None:
        own = open_event(db_path)  # a connection belongs to its thread
        try:
            outcome["value"] = schedule(
                own, clock=clock, seconds=seconds, keep_announced=keep_announced, stop=stop,
                progress=lambda fraction, phase: progress.update(task, completed=fraction,
                                                                 description=phase))
        except BaseException as error:  # shown by the main thread
            outcome["error"] = error

    worker = threading.Thread(target=work, daemon=True)
    try:
        with progress:
            worker.start()
            while worker.is_alive():
                worker.join(0.1)
    except KeyboardInterrupt:
        stop.set()
        worker.join()  # the search stops promptly; a write already begun finishes whole
        done = outcome.get("value", (None, None, None))[2]
        if done is None:
            click.echo("interrupted: the event file is unchanged", err=True)
        else:
            click.echo(f"interrupted after the schedule was saved (#{done.entry_id}); "
                       "floor undo takes it back", err=True)
        sys.exit(130)
    if "error" in outcome:
        raise outcome["error"]
    result, run, done = outcome["value"]
    problem = run.problem
    if run.started and not keep_announced:
        click.secho(f"warning: {run.started} round(s) had started; during the event use "
                    "--keep-announced so that only rounds to come take new meetings",
                    fg="yellow", err=True)
    requested = sum(r.priority for r in problem.requests)
    gap = (100 * (result.upper_bound - result.placed_priority) / result.upper_bound
           if result.upper_bound else 0.0)
    click.echo(f"requests to place  {len(problem.requests)} (priority {requested})")
    click.echo(f"placed             {len(result.placements)} (priority {result.placed_priority})")
    click.echo(f"upper bound        {result.upper_bound:.1f}"
               + (f" ({result.bound_method})" if result.bound_method else ""))
    click.echo(f"gap                {gap:.2f}%" + (" (proven optimal)" if result.proven_optimal
                                                  else ""))
    click.echo(f"idle rounds        {result.idle_rounds}")
    click.echo(f"table changes      {result.table_changes}")
    click.echo(f"time               {result.seconds:.2f} s")
    if done:
        click.echo(f"#{done.entry_id} {done.summary} (floor undo takes it back)")
    if result.unplaced:
        click.echo(f"\nnot placed ({len(result.unplaced)}):")
        for request_id, reason in sorted(result.unplaced.items()):
            click.echo(f"  {run.labels.get(request_id, request_id)}: {reason}")


@cli.command("backup")
@DB_OPTION
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Where to write the copy (default: a timestamped file in the "
                   "backups folder beside the event file, keeping the last 12).")
def backup_command(db_path: Path, output: Path | None) -> None:
    """A consistent copy of the event file, safe while others write, checked with
    PRAGMA integrity_check."""
    from db.backup import BackupFailed, backup_to, rolling_backup

    db = open_event(db_path)
    try:
        dest = backup_to(db, output) if output else rolling_backup(db, db_path)
    except BackupFailed as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"backup written and checked: {dest}")


@cli.command("check")
@DB_OPTION
def check_command(db_path: Path) -> None:
    """Check the file (integrity, foreign keys) and that it agrees with its journal."""
    from floor.verify import verify

    problems = verify(open_event(db_path))
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        sys.exit(1)
    click.echo("ok: integrity check passed and the file agrees with its journal")


def _attach_commands() -> None:
    from floor.cli_actions import ACTION_COMMANDS
    from floor.door_cli import badges_command, checkin_command, door_command, qr_command
    from floor.generate import generate_command
    from floor.projector_cli import projector_command, serve_command
    from floor.report_cli import REPORT_COMMANDS

    for command in (generate_command, badges_command, qr_command, door_command,
                    checkin_command, projector_command, serve_command, *REPORT_COMMANDS,
                    *ACTION_COMMANDS):
        cli.add_command(command)


_attach_commands()


def main() -> None:
    cli()
