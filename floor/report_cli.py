"""Printouts, the day's figures and outcomes, as click commands for floor/cli.py to attach:

    from floor.report_cli import REPORT_COMMANDS   # or each by name
    for command in REPORT_COMMANDS: cli.add_command(command)
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from floor.cli_common import DB_OPTION, clock_option, event_clock, open_event


def _ids(only: tuple[str, ...]) -> list[str] | None:
    return [i.strip() for part in only for i in part.split(",") if i.strip()] or None


@click.command("agendas")
@DB_OPTION
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("agendas.pdf"),
              show_default=True, help="The PDF to write.")
@click.option("--only", "only", multiple=True, metavar="ID",
              help="Only these participants (repeat, or separate with commas).")
@click.option("--record", type=click.Path(path_type=Path), default=None,
              help="The print record (default: EVENT.printed.json beside the event file); "
                   "a reprint marks what changed since the last print.")
@clock_option
def agendas_command(db_path: Path, output: Path, only: tuple[str, ...], record: Path | None,
                    now: str | None, speed: float) -> None:
    """Print agendas: one A4 page per participant with the day's meetings in order, the
    breaks and their badge QR code. Reprints mark what changed since the last print.
    Issues a badge token to whoever has none."""
    from db import queries
    from floor.ops import Refused
    from floor.ops.badges import issue_tokens
    from floor.pdfkit import FontsMissing
    from floor.printouts.agendas import record_path, write_agendas

    ids = _ids(only)
    db = open_event(db_path)
    clock = event_clock(db, now, speed)
    for pid in ids or []:
        if queries.participant(db, pid) is None:
            raise click.ClickException(f"no participant with id {pid!r}")
    try:
        done = issue_tokens(db, ids, clock=clock)
    except Refused as refusal:
        raise click.ClickException(refusal.reason) from refusal
    if done:
        click.echo(done.summary, err=True)
    try:
        agendas = write_agendas(db, output, now=clock.now(), participant_ids=ids,
                                record=record or record_path(db_path))
    except (FontsMissing, LookupError) as error:
        raise click.ClickException(str(error)) from error
    changed = [a for a in agendas if a.changes]
    click.echo(f"wrote {output}: {len(agendas)} agenda(s), one page each"
               + (f"; {len(changed)} with changes since the last print" if changed else ""))


@click.command("signs")
@DB_OPTION
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("signs.pdf"),
              show_default=True, help="The PDF to write.")
@click.option("--table", "only", multiple=True, metavar="NAME", help="Only these tables.")
@clock_option
def signs_command(db_path: Path, output: Path, only: tuple[str, ...], now: str | None,
                  speed: float) -> None:
    """Print table signs: one A4 page per table, its name huge and the day's meetings
    at it."""
    from floor.pdfkit import FontsMissing
    from floor.printouts.signs import write_signs

    db = open_event(db_path, readonly=True)
    try:
        count = write_signs(db, output, now=event_clock(db, now, speed).now(),
                            tables=_ids(only))
    except (FontsMissing, LookupError) as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"wrote {output}: {count} table sign(s)")


@click.command("catalogue")
@DB_OPTION
@click.option("-o", "--output", type=click.Path(path_type=Path),
              default=Path("catalogue.pdf"), show_default=True, help="The PDF to write.")
@clock_option
def catalogue_command(db_path: Path, output: Path, now: str | None, speed: float) -> None:
    """Print the desk's catalogue: who meets whom where, by organisation."""
    from floor.pdfkit import FontsMissing
    from floor.printouts.catalogue import write_catalogue

    db = open_event(db_path, readonly=True)
    try:
        count = write_catalogue(db, output, now=event_clock(db, now, speed).now())
    except FontsMissing as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"wrote {output}: {count} organisation(s)")


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
    from floor.report import check_sums, figures, headline, to_json, write_report

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


@click.command("outcome")
@click.argument("meeting_id", metavar="MEETING", type=int)
@click.argument("outcome", metavar="OUTCOME")
@click.option("--note", default="", help="A few words (what follow-up is planned).")
@DB_OPTION
@clock_option
@click.option("--actor", default="manager", show_default=True, help="Who records it.")
def outcome_command(meeting_id: int, outcome: str, note: str, db_path: Path,
                    now: str | None, speed: float, actor: str) -> None:
    """Record what came of a meeting: not-held, insufficient-interest, informative
    (no cooperation planned) or cooperation-possible (a prefix will do). Exit status 1
    when refused. `floor undo` takes it back."""
    from floor.ops import Refused
    from floor.ops.outcomes import record_outcome

    db = open_event(db_path)
    try:
        done = record_outcome(db, meeting_id, outcome, note,
                              clock=event_clock(db, now, speed), actor=actor)
    except Refused as refusal:
        click.secho(refusal.reason, fg="red", err=True)
        sys.exit(1)
    click.echo(f"#{done.entry_id} {done.summary}")


REPORT_COMMANDS = (agendas_command, signs_command, catalogue_command, report_command,
                   outcome_command)
