"""One error family: every failure a person can meet is a `FloorError` of one kind, and
each kind has one exit code. `floor/cli` turns them into a sentence and that code, in one
place; screens show the sentence; the log file beside the event file keeps the detail.

    0  done
    1  refused: the file is unchanged and the message says why (a rule, bad input)
    2  usage: the command line itself is wrong (click's own code)
    3  already done: nothing to do (a badge scanned twice)
    4  the event file could not be read or written (busy, read-only, full, missing, not
       an event file, made by a newer floor)
"""

from __future__ import annotations

DONE, REFUSED, USAGE, ALREADY_DONE, FILE_PROBLEM = 0, 1, 2, 3, 4


class FloorError(Exception):
    """A failure said in words for a person. `detail` (never shown on screen) goes to
    the log and the rejection table: raw SQLite wording, the offending values."""

    exit_code = REFUSED

    def __init__(self, reason: str, *, detail: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


class Refused(FloorError):
    """An action that would break a rule, or input that cannot be used. Nothing changed
    but the rejection log."""

    exit_code = REFUSED


class AlreadyDone(FloorError):
    """What was asked is already so (a badge scanned again): calm, not an error."""

    exit_code = ALREADY_DONE


class FileProblem(FloorError):
    """The event file could not be read or written."""

    exit_code = FILE_PROBLEM


class EventFileMissing(FileProblem):
    pass


class NotAnEventFile(FileProblem):
    pass


class SchemaTooNew(FileProblem):
    pass


class DatabaseBusy(FileProblem):
    pass


class EventFileExists(Refused):
    """Refusing to replace an existing event file without --force."""
