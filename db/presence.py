"""Who has the event file open: a shared flock on a lock file beside it.

Every process that opens an event file (db.connection.connect) holds a shared `flock`
on `event.db.lock` for as long as it has a connection open; the kernel drops it when
the process ends, however it ends. An import over the file or a restore takes the lock
exclusively, without waiting: if any station still has the file open, it is refused
and says which processes they are (Linux: /proc/locks). While the exclusive lock is
held nobody opens the file, so a station never starts on the file about to go.

The lock file sits beside the event file and is never deleted: a process holding the
old one would otherwise not be seen by the next import. Within one process the
connections share one descriptor (flock locks belong to the open file, so two of the
same process would refuse each other)."""

from __future__ import annotations

import errno
import fcntl
import os
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from floor.domain.errors import DatabaseBusy, Refused

LOCK_SUFFIX = ".lock"
# An import or a restore holds the lock exclusively only while it swaps the files in.
OPEN_WAIT_SECONDS = 30.0


def lock_path(event_file: str | Path) -> Path:
    event_file = Path(event_file)
    return event_file.with_name(event_file.name + LOCK_SUFFIX)


@dataclass
class _Shared:
    fd: int
    users: int


_held: dict[str, _Shared] = {}
_guard = threading.RLock()


def _key(event_file: str | Path) -> str:
    return os.path.realpath(lock_path(event_file))


def _open(key: str, *, create: bool) -> int | None:
    """A descriptor of the lock file, or None when it cannot be had (a read-only folder
    without one: there is nothing to share with, and nobody can import there either)."""
    try:
        return os.open(key, os.O_RDWR | (os.O_CREAT if create else 0) | os.O_CLOEXEC, 0o644)
    except OSError as error:
        if error.errno not in (errno.EACCES, errno.EROFS, errno.ENOENT, errno.EPERM):
            raise
    try:
        return os.open(key, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return None


class Presence:
    """This process's share of the lock; `release()` once (connection close)."""

    def __init__(self, key: str):
        self.key = key
        self._released = False

    def release(self) -> None:
        with _guard:
            if self._released:
                return
            self._released = True
            shared = _held.get(self.key)
            if shared is None:
                return
            shared.users -= 1
            if shared.users == 0:
                del _held[self.key]
                os.close(shared.fd)


def hold(event_file: str | Path, *, wait_seconds: float = OPEN_WAIT_SECONDS) -> Presence | None:
    """Take this process's shared lock on `event_file` (waiting while an import or a
    restore swaps the file in), or None where no lock file can be had."""
    key = _key(event_file)
    deadline = time.monotonic() + wait_seconds
    while True:
        with _guard:
            shared = _held.get(key)
            if shared is not None:
                shared.users += 1
                return Presence(key)
            fd = _open(key, create=True)
            if fd is None:
                return None
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
            else:
                _held[key] = _Shared(fd, 1)
                return Presence(key)
        if time.monotonic() > deadline:
            raise DatabaseBusy("an import or a restore is replacing the event file and has "
                               "not finished: wait for it, then start this station again")
        time.sleep(0.05)


@contextmanager
def exclusive(event_file: str | Path, *, doing: str) -> Iterator[None]:
    """Hold the lock alone while the event file is replaced; refuse at once, naming
    the processes, if any other has it open. `doing`: "import", "restore"."""
    key = _key(event_file)
    with _guard:  # no connection of this process opens the file meanwhile
        shared = _held.get(key)
        fd = shared.fd if shared is not None else _open(key, create=True)
        if fd is None:
            raise OSError(errno.EACCES, "cannot create the lock file", key)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            others = holders(key)
            if shared is not None:  # a failed upgrade drops this process's shared lock
                fcntl.flock(fd, fcntl.LOCK_SH)
            else:
                os.close(fd)
            raise Refused(in_use_sentence(Path(event_file), others, doing)) from None
        try:
            yield
        finally:
            if shared is not None:
                fcntl.flock(fd, fcntl.LOCK_SH)
            else:
                os.close(fd)


def refuse_if_open(event_file: str | Path, *, doing: str) -> None:
    """Refuse early (before a long import) if stations have the file open."""
    if lock_path(event_file).exists():
        with exclusive(event_file, doing=doing):
            pass


# -- who holds it, for the sentence -------------------------------------------------------

def holders(lock_file: str | Path) -> list[tuple[int, str]]:
    """The other processes holding a flock on `lock_file`, as (pid, what they run);
    [] where the system does not say (no /proc/locks)."""
    try:
        inode = os.stat(lock_file).st_ino
        lines = Path("/proc/locks").read_text().splitlines()
    except OSError:
        return []
    pids: list[int] = []
    for line in lines:
        parts = line.split()
        # "1: FLOCK  ADVISORY  READ 1234 fe:00:5678 0 EOF"; "->" lines are waiters
        if len(parts) < 6 or parts[1] != "FLOCK" or "->" in parts:
            continue
        try:
            pid, file_inode = int(parts[4]), int(parts[5].rsplit(":", 1)[1])
        except (ValueError, IndexError):
            continue
        if file_inode == inode and pid != os.getpid() and pid not in pids:
            pids.append(pid)
    return [(pid, command_of(pid)) for pid in sorted(pids)]


def command_of(pid: int) -> str:
    """`floor door --station north` for a floor process; its program name otherwise."""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return "a process that has ended"
    args = [a for a in argv.split("\0") if a]
    for i, arg in enumerate(args):
        if arg == "floor" or arg.endswith("/floor"):
            words, rest = ["floor"], args[i + 1:]
            skip = False
            for word in rest:
                if skip:
                    skip = False
                elif word == "--db":
                    skip = True
                elif not word.startswith("--db="):
                    words.append(word)
            return " ".join(words)[:60]
    return Path(args[0]).name if args else "a process"


def in_use_sentence(event_file: Path, others: list[tuple[int, str]], doing: str) -> str:
    if not others:
        return (f"other floor processes have {event_file.name} open: quit them first (they "
                f"would go on writing into the old file), then {doing} again")
    listed = ", ".join(f"{what} (pid {pid})" for pid, what in others)
    many = len(others) > 1
    return (f"{len(others)} floor process{'es have' if many else ' has'} {event_file.name} "
            f"open: {listed}; quit {'them' if many else 'it'} first ({'they' if many else 'it'}"
            f" would go on writing into the old file), then {doing} again")
