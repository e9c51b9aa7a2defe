"""Before the day: read the organisers' folder into an event file, make a synthetic one,
schedule the requests, write the demo."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from db import eventlog, read_event
from floor.cli.options import DB_OPTION, clock_option, event_clock, open_event
from floor.domain.clock import WallClock


@click.command("import")
@click.argument("event_dir", type=click.Path(path_type=Path))
@DB_OPTION
@click.option("--force", is_flag=True,
              help="Replace an existing event file (kept in the backups folder beside it; "
                   "refused while stations have it open).")
def import_command(event_dir: Path, db_path: Path, force: bool) -> None:
    """Read an event folder (event.toml, participants.csv, requests.csv) into a new event
    file. Every problem is listed with file, line and column; nothing is written unless
    the whole folder is sound."""
    from floor.eventfolder import import_event

    eventlog.attach(db_path)
    done = import_event(event_dir, db_path, clock=WallClock(), force=force)
    for warning in done.warnings:
        click.secho(f"warning: {warning}", fg="yellow", err=True)
    click.echo(f"{done.path}: {done.participants} participants, {done.requests} requests "
               f"({done.placed} already placed), {done.rounds} rounds, {done.tables} tables")
    if done.kept is not None:
        click.echo(f"the file it replaced is kept as {done.kept}")


@click.command("generate")
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--participants", type=click.IntRange(min=0), default=25, show_default=True)
@click.option("--requests", type=click.IntRange(min=0), default=100, show_default=True)
@click.option("--rounds", type=click.IntRange(min=1), default=8, show_default=True)
@click.option("--tables", type=click.IntRange(min=1), default=12, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--home-tables", "home_tables", type=click.FloatRange(0, 1), default=0.05,
              show_default=True, metavar="SHARE", help="Share of participants with a home table.")
@click.option("--partial", type=click.FloatRange(0, 1), default=0.15, show_default=True,
              metavar="SHARE", help="Share arriving late or leaving early.")
@click.option("--popular", type=click.FloatRange(0, 1), default=0.03, show_default=True,
              metavar="SHARE", help="Share of very popular participants.")
@click.option("--popular-requests", "popular_requests", type=click.FloatRange(0, 1),
              default=0.25, show_default=True, metavar="SHARE",
              help="Share of requests that go to the popular participants.")
@click.option("--date", default="2026-05-14", show_default=True, metavar="YYYY-MM-DD",
              help="The event's date.")
def generate_command(out_dir: Path, participants: int, requests: int, rounds: int, tables: int,
                     seed: int, home_tables: float, partial: float, popular: float,
                     popular_requests: float, date: str) -> None:
    """Write a synthetic event folder to OUT_DIR (event.toml, participants.csv, requests.csv)."""
    from floor.eventfolder.generate import generate_event
    from floor.eventfolder.write import write_event_folder

    try:
        spec = generate_event(participants, requests, rounds, tables, seed,
                              home_table_share=home_tables, partial_share=partial,
                              popular_share=popular, popular_request_share=popular_requests,
                              date=date)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    write_event_folder(spec, out_dir)
    click.echo(f"wrote {out_dir}: {len(spec.participants)} participants, "
               f"{len(spec.requests)} requests, {rounds} rounds, {tables} tables (seed {seed})")


@click.command("schedule")
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

    from floor.ops.schedule import schedule

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


@click.command("demo")
@DB_OPTION
def demo_command(db_path: Path) -> None:
    """Write the built-in demo event (Matera, mid-morning) to --db, replacing it."""
    from floor.ops.demo import build_demo

    build_demo(db_path)
    db = open_event(db_path, readonly=True)
    c = read_event.counts(db)
    click.echo(f"{db_path}: demo event with {c['participants']} participants, "
               f"{c['meetings']} meetings, {c['checked_in']} checked in")


COMMANDS = (import_command, generate_command, schedule_command, demo_command)
