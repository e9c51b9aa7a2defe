"""The `floor` command: click only. The group, and the one place where errors become a
sentence and an exit code (floor/domain/errors.py lists the codes). Commands live by the
moment of the day: `before` (import, generate, schedule, demo), `printouts`, `on_the_day`
(every floor action, check-in, outcomes), `desk` (find, people), `screens` (run, door,
projector, serve), `after` (report, export, show, backup, check). May import every
layer; nothing imports it."""

from __future__ import annotations

import logging
import os
import sqlite3
import sys
import warnings

import click

from db.connection import NetworkFilesystemWarning
from floor.domain.errors import (
    FAULT,
    FILE_PROBLEM,
    REFUSED,
    FloorError,
    Refused,
    file_problem_sentence,
)

log = logging.getLogger("floor.cli")


def _show_warning(message, category, filename, lineno, file=None, line=None):
    click.secho(f"warning: {message}", fg="yellow", err=True)


warnings.showwarning = _show_warning
warnings.simplefilter("always", NetworkFilesystemWarning)


NOT_UTF8_INPUT = ("refused: what was typed or scanned holds bytes that are not UTF-8 text "
                  "(a scanner or keyboard layout problem?): nothing was recorded; type it "
                  "again")


def is_not_utf8_input(error: Exception) -> bool:
    """The shell hands Python the bytes of an argument that are not UTF-8 as lone
    surrogates; they fail only when floor writes or stores them."""
    return isinstance(error, UnicodeEncodeError) and "surrogates not allowed" in str(error)


class FloorGroup(click.Group):
    """Turns every failure into one sentence on standard error and its exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except Refused as error:
            log.info("refused: %s %s", error.reason, error.detail)
            click.secho(f"refused: {error.reason}", fg="red", err=True)
            ctx.exit(REFUSED)
        except FloorError as error:
            log.info("%s: %s %s", type(error).__name__, error.reason, error.detail)
            click.secho(error.reason, fg="red", err=True)
            ctx.exit(error.exit_code)
        except BrokenPipeError:  # the reader (head, less) has had enough: not a failure
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - Python's own advice
            ctx.exit(0)
        except (sqlite3.OperationalError, sqlite3.DatabaseError, OSError) as error:
            log.exception("event file problem")
            click.secho(file_problem_sentence(error), fg="red", err=True)
            ctx.exit(FILE_PROBLEM)
        except (click.exceptions.Exit, click.ClickException, click.Abort, KeyboardInterrupt,
                SystemExit):
            raise
        except Exception as error:  # a bug: one sentence here, the traceback in the log
            if is_not_utf8_input(error):
                log.info("not UTF-8 input: %s", error)
                click.secho(NOT_UTF8_INPUT, fg="red", err=True)
                ctx.exit(REFUSED)
            log.exception("unexpected failure")
            click.secho("floor failed unexpectedly: a fault in floor itself, not in what you "
                        "typed; the details are in the .log file beside the event file",
                        fg="red", err=True)
            ctx.exit(FAULT)


@click.group(cls=FloorGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="floor")
def cli() -> None:
    """Run the floor of a B2B matchmaking event: import, schedule, check in, the live
    grid, the projector. Everything lives in one SQLite file (--db).

    Exit status: 0 done; 1 refused (the file is unchanged); 2 usage; 3 already done (a
    badge scanned again); 4 the event file could not be read or written; 5 a fault in
    floor (see the .log beside the event file)."""


def _attach_commands() -> None:
    from floor.cli import after, before, desk, on_the_day, printouts, screens

    for module in (before, printouts, on_the_day, desk, screens, after):
        for command in module.COMMANDS:
            cli.add_command(command)


_attach_commands()


def main() -> None:
    cli()
