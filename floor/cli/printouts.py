"""Printouts for the desk and the doors: badges, one QR code, agendas, table signs, the
catalogue. Tokens are issued (through ops) before anything carrying a QR is printed."""

from __future__ import annotations

from pathlib import Path

import click

from floor.cli.options import DB_OPTION, clock_option, event_clock, id_list, only_option, open_event


def _issue_tokens(db, ids: list[str] | None, clock, *, reissue: bool = False) -> None:
    """Give a badge token to whoever lacks one (or a new one with `reissue`), saying so."""
    from floor.ops.badges import issue_tokens, reissue_token

    if reissue:
        for pid in ids or []:
            click.echo(reissue_token(db, pid, clock=clock).summary, err=True)
        return
    done = issue_tokens(db, ids, clock=clock)
    if done:
        click.echo(done.summary, err=True)


@click.command("badges")
@DB_OPTION
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              default=Path("badges.pdf"), show_default=True, help="The PDF to write.")
@only_option("reprints and walk-ins")
@click.option("--reissue", is_flag=True,
              help="With --only: print NEW badges and revoke the old ones (a lost or "
                   "wrong badge). Without it, a reprint carries the same token.")
def badges_command(db_path: Path, output: Path, only: tuple[str, ...], reissue: bool) -> None:
    """Print badges: A4 sheets of eight, with cut lines; name, organisation, country,
    sector, QR code and first meeting. Issues a token to whoever has none."""
    from floor.output.badges import write_badges

    ids = id_list(only)
    if reissue and not ids:
        raise click.UsageError("--reissue needs --only ID...")
    if not output.absolute().parent.is_dir():  # say so before any badge is issued
        raise click.BadParameter(f"the folder {output.absolute().parent} does not exist",
                                 param_hint="'-o'")
    db = open_event(db_path)
    _issue_tokens(db, ids, event_clock(db, None, 1.0), reissue=reissue)
    count = write_badges(db, output, ids)
    click.echo(f"wrote {output}: {count} badge(s) on {-(-count // 8)} page(s)")


@click.command("qr")
@click.argument("participant_id")
@DB_OPTION
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="file.png or file.svg")
def qr_command(participant_id: str, db_path: Path, output: Path) -> None:
    """Write the QR code of one participant's badge token (PNG or SVG)."""
    from floor.output import qr
    from floor.views import badge

    if output.suffix.lower() not in (".png", ".svg"):
        raise click.UsageError("-o must end in .png or .svg")
    db = open_event(db_path)
    _issue_tokens(db, [participant_id], event_clock(db, None, 1.0))
    token = badge.valid_token_for(db, participant_id)
    qr.save(token, output)
    click.echo(f"wrote {output}: {participant_id} {token}")


@click.command("agendas")
@DB_OPTION
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("agendas.pdf"),
              show_default=True, help="The PDF to write.")
@only_option()
@click.option("--record", type=click.Path(path_type=Path), default=None,
              help="The print record (default: EVENT.printed.json beside the event file); "
                   "a reprint marks what changed since the last print.")
@click.option("--changed", is_flag=True,
              help="Only the agendas that changed since they were printed.")
@clock_option
def agendas_command(db_path: Path, output: Path, only: tuple[str, ...], record: Path | None,
                    changed: bool, now: str | None, speed: float) -> None:
    """Print agendas: one A4 page per participant, A to Z, with the day's meetings in
    order, the breaks and their badge QR code. Reprints mark what changed since the last
    print. Issues a badge token to whoever has none."""
    from floor.output.agendas import changed_since_printed, record_path, write_agendas

    ids = id_list(only)
    db = open_event(db_path)
    if changed:
        ids = [i for i in changed_since_printed(db, record or record_path(db_path))
               if ids is None or i in ids]
        if not ids:
            click.echo("no agenda changed since it was printed: nothing to print")
            return
    clock = event_clock(db, now, speed)
    _issue_tokens(db, ids, clock)
    agendas = write_agendas(db, output, now=clock.now(), participant_ids=ids,
                            record=record or record_path(db_path))
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
    from floor.output.signs import write_signs

    db = open_event(db_path, readonly=True)
    count = write_signs(db, output, now=event_clock(db, now, speed).now(), tables=id_list(only))
    click.echo(f"wrote {output}: {count} table sign(s)")


@click.command("catalogue")
@DB_OPTION
@click.option("-o", "--output", type=click.Path(path_type=Path),
              default=Path("catalogue.pdf"), show_default=True, help="The PDF to write.")
@clock_option
def catalogue_command(db_path: Path, output: Path, now: str | None, speed: float) -> None:
    """Print the desk's catalogue: who meets whom where, by organisation."""
    from floor.output.catalogue import write_catalogue

    db = open_event(db_path, readonly=True)
    count = write_catalogue(db, output, now=event_clock(db, now, speed).now())
    click.echo(f"wrote {output}: {count} organisation(s)")


COMMANDS = (badges_command, qr_command, agendas_command, signs_command, catalogue_command)
