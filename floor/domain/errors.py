"""One error family: every failure a person can meet is a `FloorError` of one kind, and
each kind has one exit code. `floor/cli` turns them into a sentence and that code, in one
place; screens show the sentence; the log file beside the event file keeps the detail.

    0  done
    1  refused: the file is unchanged and the message says why (a rule, bad input)
    2  usage: the command line itself is wrong (click's own code)
    3  already done: nothing to do (a badge scanned twice)
    4  the event file could not be read or written (busy, read-only, full, missing, not
       an event file, made by a newer floor)
    5  a fault in floor itself (a bug): the sentence says so, the log has the traceback
"""

from __future__ import annotations

import errno

# 2 is click's own usage error; 3 is said by `floor checkin` of a badge already in.
DONE, REFUSED, ALREADY_DONE, FILE_PROBLEM, FAULT = 0, 1, 3, 4, 5


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


class NotAnEventPath(FileProblem):
    """--db names a folder, or a file in a folder that does not exist."""


class DiskFull(FileProblem):
    SENTENCE = ("the disk is full: nothing was written. Free some space (old backups, "
                "downloads) and try again")

    def __init__(self, reason: str = SENTENCE, *, detail: str = ""):
        super().__init__(reason, detail=detail)


class FolderReadOnly(FileProblem):
    """The event file's folder cannot be written: SQLite keeps its -wal and -shm files
    there, so even reading the file fails."""


class EventFileReplaced(FileProblem):
    """The path this process opened no longer names the same file (deleted, moved,
    replaced by an import or a restore): writing on would go into a file nobody reads."""

    SENTENCE = "the event file was replaced: restart this station"

    def __init__(self, reason: str = SENTENCE, *, detail: str = ""):
        super().__init__(reason, detail=detail)


class EventFileExists(Refused):
    """Refusing to replace an existing event file without --force."""


def file_problem_sentence(error: BaseException) -> str:
    """What went wrong with the event file (or a file a command writes), in words a
    person can act on."""
    if isinstance(error, EventFileReplaced):
        return error.reason
    text = str(error).lower()
    if isinstance(error, OSError) and error.filename and error.errno != errno.ENOSPC:
        return (f"could not read or write {error.filename} ({error.strerror}): choose "
                "another path, or check that the folder exists and can be written")
    if isinstance(error, OSError) and error.errno == errno.ENOSPC or "full" in text:
        return DiskFull.SENTENCE
    if "readonly" in text or "read-only" in text or (
            isinstance(error, OSError) and error.errno in (errno.EACCES, errno.EROFS)):
        return ("the event file or its folder cannot be written (read-only?): nothing "
                "was written. Copy it to a folder you can write and use that copy")
    if "locked" in text or "busy" in text:
        return ("another floor process holds the event file and does not let go: nothing "
                "was written. Is one stuck? Close it and try again")
    if "unable to open" in text:
        return ("the event file cannot be opened: is --db a folder, or in a folder that "
                "does not exist or cannot be read? Give the path of an event file")
    if "not a database" in text or "malformed" in text:
        return ("this is not an event file, or it is damaged: use `floor check`, or "
                "restore the latest backup (event-backups/ beside it)")
    return ("the event file could not be read or written: nothing was written (the log "
            "beside it has the detail)")
