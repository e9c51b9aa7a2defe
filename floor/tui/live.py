"""What every screen that follows the event file shares: the live-screen base.

`LiveScreen` is mixed into an App or a Screen (before it in the bases). It

- opens the event file in a thread worker, never on the UI thread: one ConnectionPool
  (or the one the screen was lent) and one ChangeFeed with a connection of its own
  (`PRAGMA data_version` is per connection);
- looks at the feed in a thread worker; the next look is armed with `set_timer` only when
  this one is done (as dolphie does), so a slow read never piles up polls;
- on unmount cancels its workers, waits for the threads still using a connection, and
  only then closes the connections it opened;
- writes a failed worker's traceback to the log beside the event file and shows one
  sentence (never a traceback, never SQLite's own words);
- on each look (<= poll_seconds, at most 1 s) checks that the path still names the file
  it opened; once it does not (deleted, moved, replaced), or any worker meets
  EventFileReplaced, it pushes the red FileReplacedScreen over everything (only quit
  works), refuses every action, and lets go of the old file at once (the last
  connection to close removes its -wal, so none is left beside a file put in its place).

A screen supplies `first_read(db)` and `read_changes(entries)` (both run in a worker and
return the message to post, or None), calls `start_live(path)` from `on_mount`, and runs
its own database work under `with self.live_db() as db:`. Textual calls the handlers of
every class in the MRO, so the base's `on_unmount` and `on_worker_state_changed` run
beside the screen's own.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import sqlite_utils
from textual import work
from textual.message import Message
from textual.worker import Worker, WorkerState

from db import eventlog
from db.connection import ConnectionPool, connect, ensure_still_same_file
from db.feed import ChangeFeed
from floor.domain.errors import EventFileReplaced, FloorError, file_problem_sentence
from floor.tui.file_replaced import FileReplacedScreen
from floor.views.floor import FloorSnapshot, load_snapshot, patched

log = logging.getLogger("floor.tui")

OPEN_GROUP = "live-open"
POLL_GROUP = "live-poll"
# Longer than db.connection's busy timeout (15 s): a worker waiting for a lock gives up
# before the shutdown stops waiting for it.
SHUTDOWN_SECONDS = 20.0
# The poll also checks the file is still the one opened: a replaced file is seen within.
IDENTITY_SECONDS = 1.0
MIN_GAP_SECONDS = 0.01  # between two looks at the feed, however long the last one took


class ScreenClosing(Exception):
    """Raised to a worker that starts while its screen closes: it does nothing."""


class InFlight:
    """Counts the worker threads using the connections, so that the shutdown can wait for
    none before it closes them; once closing, no new one may start."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._count = 0
        self.closing = False

    @contextmanager
    def held(self) -> Iterator[None]:
        with self._changed:
            if self.closing:
                raise ScreenClosing
            self._count += 1
        try:
            yield
        finally:
            with self._changed:
                self._count -= 1
                self._changed.notify_all()

    def close(self) -> None:
        with self._changed:
            self.closing = True

    def wait_idle(self, timeout: float) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: self._count == 0, timeout)


def problem_sentence(error: BaseException, db_path: Path | None = None) -> str:
    """What a person reads when a worker failed: one sentence, pointing to the log."""
    if isinstance(error, FloorError):
        return error.reason  # said in words already; the detail went to the log
    where = (f" (the details are in {eventlog.log_path(db_path).name})"
             if db_path is not None else "")
    if isinstance(error, (OSError, sqlite3.Error)):  # said as the CLI says it
        sentence = file_problem_sentence(error)
        return sentence[0].upper() + sentence[1:] + where + "."
    return f"Something went wrong in floor{where}."


def snapshot_after(snapshot: FloorSnapshot | None, entries: list[dict],
                   pool: ConnectionPool) -> FloorSnapshot:
    """`snapshot` with the feed's entries applied, or the floor read whole when a patch
    cannot follow them (or there is no snapshot yet). In a worker."""
    following = patched(snapshot, entries) if snapshot is not None else None
    if following is None:
        with pool.borrow() as db:
            following = load_snapshot(db)
    return following


class LiveScreen:
    """Mix-in for an App or a Screen that shows the event file live (see the module)."""

    poll_seconds: float = 1.0
    live_readonly = False  # open the pool and the feed with query_only (the wall)

    db_path: Path | None = None
    pool: ConnectionPool | None = None
    feed: ChangeFeed | None = None
    _own_pool = False
    _in_flight: InFlight | None = None
    _poll_started = 0.0  # time.monotonic() when the last look at the feed began
    live_problem: str | None = None  # the sentence for the poll failing now, if any
    file_replaced = False  # the path no longer names the file opened: the station stopped

    # -- what a screen supplies ---------------------------------------------------------
    def first_read(self, db: sqlite_utils.Database) -> Message | None:
        """In a worker, once the file is open: the first message to show."""
        return None

    def read_changes(self, entries: list[dict]) -> Message | None:
        """In a worker, after each look at the feed (`entries` may be empty)."""
        return None

    def live_opened(self) -> None:
        """On the UI thread, once the file is open and read."""

    def show_problem(self, sentence: str) -> None:
        """On the UI thread: say what went wrong, in one sentence."""
        self.notify(sentence, title="Something went wrong", severity="error", timeout=15,
                    markup=False)

    # -- starting ---------------------------------------------------------------------------
    def start_live(self, db_path: str | Path, *, pool: ConnectionPool | None = None) -> None:
        """Open `db_path` (borrowing from `pool` if lent one) and start following it."""
        self.db_path = Path(db_path)
        self._in_flight = InFlight()
        self.pool, self._own_pool = pool, pool is None
        self._open_live()

    @property
    def live_closing(self) -> bool:
        return self._in_flight is None or self._in_flight.closing

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Textual asks before running any bound action: once the file is replaced, only
        # quitting runs (the red screen covers the rest, this covers the App's own keys).
        if self.file_replaced and action != "quit":
            return False
        return super().check_action(action, parameters)

    @contextmanager
    def live_db(self) -> Iterator[sqlite_utils.Database]:
        """A connection for one piece of work in a worker thread; raises ScreenClosing
        once the screen is closing, so no connection is used after it is closed."""
        with self._in_flight.held(), self.pool.borrow() as db:
            yield db

    @work(thread=True, group=OPEN_GROUP, exit_on_error=False)
    def _open_live(self) -> None:
        eventlog.attach(self.db_path)
        with self._in_flight.held():
            if self.pool is None:
                self.pool = ConnectionPool(self.db_path, readonly=self.live_readonly)
            # The feed before the first read: a change in between is seen twice (a patch
            # is idempotent), never missed.
            self.feed = ChangeFeed(connect(self.db_path, readonly=self.live_readonly,
                                           shareable=True))
            with self.pool.borrow() as db:
                message = self.first_read(db)
        if message is not None:
            self.post_message(message)

    # -- the re-armed poll ------------------------------------------------------------------
    def _arm_poll(self) -> None:
        # Armed when the last look is done and its news shown; timed from when that look
        # began, so that drawing the news does not stretch the interval.
        if not self.live_closing and not self.file_replaced:
            elapsed = time.monotonic() - self._poll_started
            interval = min(self.poll_seconds, IDENTITY_SECONDS)
            self.set_timer(max(interval - elapsed, MIN_GAP_SECONDS), self._poll_live)

    def _poll_live(self) -> None:
        if not self.live_closing:  # a timer may fire while the screen closes
            self._poll_started = time.monotonic()
            self._look_at_feed()

    @work(thread=True, group=POLL_GROUP, exit_on_error=False)
    def _look_at_feed(self) -> None:
        with self._in_flight.held():
            ensure_still_same_file(self.feed.db)  # one stat
            message = self.read_changes(self.feed.poll())
        if message is not None:
            self.post_message(message)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if event.state == WorkerState.ERROR:
            self._worker_failed(worker)
        if worker.group == OPEN_GROUP and event.state == WorkerState.SUCCESS:
            self.live_opened()
            self._arm_poll()
        elif worker.group == POLL_GROUP and event.state in (WorkerState.SUCCESS,
                                                            WorkerState.ERROR):
            if event.state == WorkerState.SUCCESS:
                self.live_problem = None
            self._arm_poll()

    def _worker_failed(self, worker: Worker) -> None:
        error = worker.error
        if isinstance(error, ScreenClosing) or self.live_closing:
            return
        if isinstance(error, EventFileReplaced):
            self.stop_on_replaced_file(error)
            return
        sentence = problem_sentence(error, self.db_path)
        if worker.group == POLL_GROUP:  # a poll that keeps failing says so once
            if sentence == self.live_problem:
                return
            self.live_problem = sentence
        log.error("%s worker %r failed: %s", type(self).__name__, worker.name, sentence,
                  exc_info=error)
        self.show_problem(sentence)

    def stop_on_replaced_file(self, error: EventFileReplaced) -> None:
        """On the UI thread: the file was replaced or deleted. Cover the station in red,
        refuse every action from now on, and close the old file's connections."""
        if self.file_replaced:
            return
        self.file_replaced = True
        log.error("%s: %s (%s)", type(self).__name__, error.reason, error.detail)
        if not isinstance(self.app.screen, FileReplacedScreen):  # the Day screen and its
            deleted = self.db_path is not None and not self.db_path.exists()  # app both see it
            self.app.push_screen(FileReplacedScreen(self.db_path, deleted=deleted))
        self.call_later(self.stop_live)

    # -- shutting down ----------------------------------------------------------------------
    async def on_unmount(self) -> None:
        await self.stop_live()

    async def stop_live(self) -> None:
        """Cancel this screen's workers, wait for the threads still using a connection,
        then close the connections this screen opened (a lent pool stays open)."""
        if self._in_flight is None or self._in_flight.closing:
            return
        self._in_flight.close()
        self.workers.cancel_node(self)  # marks them: a running thread cannot be stopped
        idle = await asyncio.to_thread(self._in_flight.wait_idle, SHUTDOWN_SECONDS)
        if not idle:  # never close a connection under a thread still using it
            log.warning("%s: a worker still holds the event file after %.0f s; its "
                        "connections are left to the process exit", type(self).__name__,
                        SHUTDOWN_SECONDS)
            return
        if self.feed is not None:
            self.feed.db.conn.close()
        if self.pool is not None and self._own_pool:
            self.pool.close()
