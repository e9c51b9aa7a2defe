"""On the day: every floor action from a script (each prints what it did, `#journal-id
summary`, or why it was refused, exit 1), a badge scan, a meeting's outcome. The same ops
the live screens call."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from db import read_meetings
from floor import ops
from floor.cli.options import (
    ACTOR_OPTION,
    DB_OPTION,
    STATION_OPTION,
    actor_option,
    clock_option,
    event_clock,
    open_event,
)
from floor.domain.clock import hhmm
from floor.domain.errors import ALREADY_DONE, DONE, REFUSED, Refused
from floor.domain.vocabulary import (
    AMBER,
    GREEN,
    RED,
    REMATCH,
    SETUP_ACTIONS,
    TERMINAL_COLOURS,
)
from floor.views.rematch import all_proposals


def _do(action, *args, **kwargs) -> None:
    done = action(*args, **kwargs)
    click.echo(f"#{done.entry_id} {done.summary}")


def _context(db_path: Path, now: str | None, speed: float):
    db = open_event(db_path)
    return db, event_clock(db, now, speed)


def action_command(name: str, help_text: str):
    """A click command with --db, the clock options and --actor."""
    def wrap(f):
        f = ACTOR_OPTION(f)
        f = clock_option(f)
        f = DB_OPTION(f)
        return click.command(name, help=help_text)(f)
    return wrap


@action_command("noshow", "Confirm that PARTICIPANT did not come to their meeting in a round.")
@click.argument("participant")
@click.option("--round", "round_no", type=int, required=True)
def noshow_command(participant, round_no, db_path, now, speed, actor):
    db, clock = _context(db_path, now, speed)
    m = read_meetings.live_meeting_of(db, participant, round_no)
    if m is None:
        raise Refused(f"{participant} has no planned meeting in round {round_no}")
    _do(ops.mark_noshow, db, m["id"], participant, clock=clock, actor=actor)


@action_command("rematch", "List who each person left alone in a round could meet instead "
                           "(best first), or accept the best for each.")
@click.option("--round", "round_no", type=int, required=True)
@click.option("--accept-best", is_flag=True, help="Accept the best proposal for each.")
def rematch_command(round_no, accept_best, db_path, now, speed, actor):
    db, clock = _context(db_path, now, speed)
    proposals = all_proposals(db, round_no)
    if not proposals:
        click.echo(f"nobody is left alone in round {round_no}")
        return
    refused = 0
    for stranded, ranked in proposals.items():
        click.echo(f"{stranded} (left alone in round {round_no}):")
        if not ranked:
            click.echo("  nobody free to meet")
        for rank, p in enumerate(ranked, start=1):
            click.echo(f"  {rank}. {p.partner} at {p.table}: {', '.join(p.reasons)}")
    if not accept_best:
        return
    for stranded in proposals:
        # recompute: an earlier acceptance may have taken this person's best partner
        current = all_proposals(db, round_no).get(stranded)
        if not current:
            continue
        best = current[0]
        try:
            done = ops.add_meeting(db, best.stranded, best.partner, round_no,
                                   table=best.table, origin=REMATCH, clock=clock,
                                   actor=actor)
            click.echo(f"#{done.entry_id} {done.summary}")
        except Refused as refusal:  # say it and go on with the others
            refused += 1
            click.secho(f"refused: {refusal.reason}", fg="red", err=True)
    if refused:
        sys.exit(REFUSED)


@action_command("absent", "Mark PARTICIPANT absent for the day: release their later "
                          "meetings and refill their partners' rounds from open requests.")
@click.argument("participant")
def absent_command(participant, db_path, now, speed, actor):
    db, clock = _context(db_path, now, speed)
    _do(ops.mark_absent, db, participant, clock=clock, actor=actor)


@action_command("move", "Move MEETING (its id) to another table and/or round.")
@click.argument("meeting", type=int)
@click.option("--table")
@click.option("--round", "round_no", type=int)
def move_command(meeting, table, round_no, db_path, now, speed, actor):
    if table is None and round_no is None:
        raise click.UsageError("say where: --table T and/or --round N")
    db, clock = _context(db_path, now, speed)
    _do(ops.move, db, meeting, table=table, round_no=round_no, clock=clock, actor=actor)


@action_command("swap", "Swap the tables of two meetings.")
@click.argument("first", type=int)
@click.argument("second", type=int)
def swap_command(first, second, db_path, now, speed, actor):
    db, clock = _context(db_path, now, speed)
    _do(ops.swap_tables, db, first, second, clock=clock, actor=actor)


@action_command("cancel", "Cancel MEETING.")
@click.argument("meeting", type=int)
def cancel_command(meeting, db_path, now, speed, actor):
    db, clock = _context(db_path, now, speed)
    _do(ops.cancel, db, meeting, clock=clock, actor=actor)


@action_command("held", "Confirm that MEETING took place.")
@click.argument("meeting", type=int)
def held_command(meeting, db_path, now, speed, actor):
    db, clock = _context(db_path, now, speed)
    _do(ops.mark_held, db, meeting, clock=clock, actor=actor)


@action_command("meet", "Add a meeting between A and B in a round (a spontaneous meeting).")
@click.argument("a")
@click.argument("b")
@click.option("--round", "round_no", type=int, required=True)
@click.option("--table", help="Default: a free table (a home table if either has one).")
def meet_command(a, b, round_no, table, db_path, now, speed, actor):
    db, clock = _context(db_path, now, speed)
    _do(ops.add_meeting, db, a, b, round_no, table=table, clock=clock, actor=actor)


@click.command("undo")
@click.argument("entry", type=int, required=False)
@DB_OPTION
@clock_option
@actor_option("manager")
@click.option("--yes", "-y", is_flag=True, help="Undo without asking first.")
def undo_command(entry: int | None, db_path: Path, now: str | None, speed: float, actor: str,
                 yes: bool) -> None:
    """Undo ACTOR's own last action still in effect (a setup action such as the import, a
    schedule run or the badges issued is never reached this way), or journal entry ENTRY,
    whoever made it. Says what it will take back and asks; --yes does not ask (without a
    terminal to ask at, --yes is needed). Prints what it took back."""
    db, clock = _context(db_path, now, speed)
    target = ops.undo_target(db, entry, actor=actor)
    click.echo(f"Will undo #{target['id']} ({target['actor']}, {hhmm(target['at'])}): "
               f"{target['summary']}")
    if target["actor"] != actor:
        click.echo(f"This is {target['actor']}'s action, not {actor}'s.")
    if target["action"] in SETUP_ACTIONS:
        click.echo("This is a setup action: undoing it takes back all of it.")
    if not yes:
        if not sys.stdin.isatty():
            raise Refused(f"floor undo asks before it takes anything back, and there is no "
                          f"terminal to ask at: pass --yes to undo #{target['id']}")
        if not click.confirm(f"Undo #{target['id']}?", default=False):
            click.echo("Nothing undone.")
            sys.exit(REFUSED)
    done = ops.undo(db, target["id"], clock=clock, actor=actor)
    click.echo(f"#{done.entry_id} {done.summary}")


@click.command("redo")
@DB_OPTION
@clock_option
@actor_option("manager")
def redo_command(db_path: Path, now: str | None, speed: float, actor: str) -> None:
    """Redo ACTOR's last undo, if they did nothing else since."""
    db, clock = _context(db_path, now, speed)
    _do(ops.redo, db, clock=clock, actor=actor)


@click.command("checkin")
@click.argument("token")
@DB_OPTION
@STATION_OPTION
def checkin_command(token: str, db_path: Path, station: str) -> None:
    """Scan one badge token from a script: prints the answer. Exit status 0: checked in;
    1: refused (unknown, forged, another event, revoked, unreadable); 3: already checked
    in (or read twice)."""
    from floor.ops.door import scan_badge

    db = open_event(db_path)
    answer = scan_badge(db, token, station=station, clock=event_clock(db, None, 1.0))
    lines = answer.lines()
    refused = answer.colour == RED  # a failure is said on standard error, like any other
    click.secho(lines[0], fg=TERMINAL_COLOURS[answer.colour],
                bold=True, err=refused)
    for line in lines[1:]:
        click.echo(line, err=refused)
    sys.exit({GREEN: DONE, RED: REFUSED, AMBER: ALREADY_DONE}[answer.colour])


@click.command("outcome")
@click.argument("meeting_id", metavar="MEETING", type=int)
@click.argument("outcome", metavar="OUTCOME")
@click.option("--note", default="", help="A few words (what follow-up is planned).")
@DB_OPTION
@clock_option
@actor_option("manager")
def outcome_command(meeting_id: int, outcome: str, note: str, db_path: Path,
                    now: str | None, speed: float, actor: str) -> None:
    """Record what came of a meeting: not-held, insufficient-interest, informative
    (no cooperation planned) or cooperation-possible (a prefix will do). Exit status 1
    when refused. `floor undo` takes it back."""
    from floor.ops.outcomes import record_outcome

    db = open_event(db_path)
    _do(record_outcome, db, meeting_id, outcome, note, clock=event_clock(db, now, speed),
        actor=actor)


COMMANDS = (noshow_command, rematch_command, absent_command, move_command, swap_command,
            cancel_command, held_command, meet_command, undo_command, redo_command,
            checkin_command, outcome_command)
