"""At the desk, during the day: find anyone, who is here and who is not yet."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from floor.cli.options import DB_OPTION, clock_option, event_clock, open_event
from floor.domain.errors import REFUSED


@click.command("find")
@click.argument("text")
@DB_OPTION
@clock_option
def find_command(text: str, db_path: Path, now: str | None, speed: float) -> None:
    """Find anyone by part of a name, organisation, email, id or table, in any script and
    without accents ("papadopoulos" finds Παπαδόπουλος; one typo is forgiven). Prints
    id, name, organisation, checked in or not, next meeting; exit 1 when nobody matches."""
    from floor.views.find import find_people, no_match

    db = open_event(db_path, readonly=True)
    found = find_people(db, text, event_clock(db, now, speed).now())
    if not found:
        click.echo(no_match(text), err=True)
        sys.exit(REFUSED)
    for f in found:
        click.echo(f.line())


@click.command("people")
@DB_OPTION
@click.option("--not-arrived", is_flag=True,
              help="Only who is expected and not checked in yet: late for a meeting that "
                   "has started first, then by how soon their next meeting starts.")
@clock_option
def people_command(db_path: Path, not_arrived: bool, now: str | None, speed: float) -> None:
    """Everyone A to Z (Greek names among the Latin ones), checked in or not, and their
    next meeting; with --not-arrived, who is not here yet."""
    from floor.views.arrivals import not_arrived as awaited
    from floor.views.find import find_everyone

    db = open_event(db_path, readonly=True)
    moment = event_clock(db, now, speed).now()
    if not_arrived:
        waiting = awaited(db, moment)
        for a in waiting:
            click.echo(a.line())
        click.echo(f"{len(waiting)} not here yet" if waiting else "everyone expected is here",
                   err=True)
        return
    for f in find_everyone(db, moment):
        click.echo(f.line())


COMMANDS = (find_command, people_command)
