"""The door screen: `floor door --db event.db [--station NAME] [--camera N]`.

A USB or Bluetooth scanner types each token like a keyboard (about 10 ms a character)
and ends it with Enter, Tab or CR LF. Keys are read at the screen level into a buffer (no
Input widget: it merges back-to-back scans), so a burst of scans is read whole and in
order, and Tab never moves focus. Each finished scan goes onto a queue that one worker
thread takes in order (scans must be judged in the order they were read); answers come
back as messages (floor/tui/messages.py). The answer stays on screen until the next scan.
Other stations' check-ins reach the counts through the change feed (floor.tui.live).

F2 opens the walk-in form (walkin.py): name, organisation, country, sector -> registered,
checked in, token and QR on screen, and the QR saved as PNG.

The door never lies: a scan the file could not take (disk full, read-only, a lock held
too long) turns the panel red, "not recorded", and waits in the unsent list (unsent.py,
with a sidecar file beside the event file) with the moment it was read; the list is sent
in order, each scan with its own time, as soon as the file takes writes again, and every
later scan of this station queues behind it. A write that waits over half a second on
the lock says so on the panel. Quitting with scans unsent says how many and asks.
A replaced event file is refused, never queued: nothing written there would be read.
"""

from __future__ import annotations

import logging
import queue
import sqlite3
import time
from collections import deque
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pyfiglet
from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.events import Key, Paste
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import get_current_worker

from db import read_event, read_people
from floor.domain.clock import Clock, FixedClock, WallClock, hhmmss, stamp
from floor.domain.errors import EventFileReplaced, FileProblem, Refused
from floor.domain.scanmend import printable
from floor.domain.vocabulary import DOUBLE_READ, RED, TERMINAL_COLOURS
from floor.ops import add_participant
from floor.ops.door import scan_badge
from floor.output import qr
from floor.tui.door.leaving import QuitWithUnsentScreen
from floor.tui.door.unsent import UnsentScan, UnsentScans, sidecar_path
from floor.tui.door.walkin import WalkInResultScreen
from floor.tui.live import LiveScreen, ScreenClosing, problem_sentence
from floor.tui.messages import Counts, Scanned, WalkInDone, WalkInFailed
from floor.tui.walkin_form import WalkInForm
from floor.views import badge
from floor.views.door import NotRecorded, ScanAnswer, next_meeting

log = logging.getLogger("floor.tui")

END_KEYS = {"enter", "tab", "ctrl+j", "ctrl+m", "shift+tab"}
LOG_LINES = 5
POLL_SECONDS = 1.0  # how often the feed is read for other stations' check-ins
JOB_WAIT_SECONDS = 0.2  # how soon the scan worker notices the screen closing
RETRY_SECONDS = 2.0  # how often unsent scans are offered to the file again
BUSY_AFTER_SECONDS = 0.5  # a write waiting longer than this says so on screen
STATUS_SECONDS = 0.1
RECORDING = "Recording…\n\nplease wait a moment"
RECORDING_BUSY = "Recording…\n\nthe event file is busy: please wait a moment"


@dataclass(eq=False)
class NotRecordedMessage(Message):
    """A fresh scan the file did not take (kept or not)."""

    answer: NotRecorded


@dataclass(eq=False)
class ScansSent(Message):
    """Unsent scans recorded now, oldest first."""

    answers: list[ScanAnswer]
    checked_in: int
    total: int


def kept_for_later(error: BaseException) -> bool:
    """A failure the file may get over (full, read-only, locked): the scan waits. A
    replaced file never does, and a fault in floor is not the file's."""
    return (isinstance(error, (sqlite3.OperationalError, FileProblem, OSError))
            and not isinstance(error, EventFileReplaced))


def big(words: str, width: int) -> str | None:
    """`words` in block letters (FIGlet's ANSI Regular) if they fit `width`, else None:
    the table and the time must be readable from a step away."""
    if not words.isascii():
        return None
    drawn = pyfiglet.Figlet(font="ansi_regular", width=1000).renderText(words).rstrip()
    return drawn if max(len(line) for line in drawn.splitlines()) <= width else None


def answer_text(answer: ScanAnswer | None, note: str = "", width: int = 0) -> Text:
    """The answer, as a person at the door reads it: where to go in block letters."""
    if answer is None:
        return Text("SCAN YOUR BADGE\n\nHold the QR code under the scanner", justify="center")
    lines = answer.lines()
    text = Text()
    meeting = answer.next_meeting
    banner = big(f"{meeting.table}  {meeting.starts}", width) if meeting and width else None
    if banner:
        text.append(banner + "\n\n", style="bold")
    text.append(lines[0] + "\n\n", style="bold")
    for line in lines[1:]:
        text.append(line + "\n")
    if note:
        text.append("\n" + note, style="italic")
    return text


def not_recorded_text(answer: NotRecorded) -> Text:
    lines = answer.lines()
    text = Text(lines[0].upper() + "\n\n", style="bold")
    for line in lines[1:]:
        text.append(line + "\n")
    return text


class DoorScreen(Screen):
    """No focusable widget here: every key comes to `on_key`."""

    BINDINGS = [
        Binding("f2", "app.walk_in", "walk-in", id="door.walk_in",
                tooltip="Register a person who has no badge"),
        Binding("escape", "clear", "clear", id="door.clear",
                tooltip="Forget what was typed so far"),
    ]

    def compose(self) -> ComposeResult:
        yield Static("", id="top")
        yield Static(answer_text(None), id="answer", classes="-idle")
        yield Static("", id="typing")
        yield Static("", id="status")
        yield Static("", id="log")
        yield Static("F2 walk-in · Esc clear · Ctrl+Q quit · scan or type a badge code "
                     "and press Enter", id="keys")

    def on_key(self, event: Key) -> None:
        if self.app.take_key(event):
            event.stop()
            event.prevent_default()

    def on_paste(self, event: Paste) -> None:
        event.stop()
        self.app.take_text(event.text)

    def action_clear(self) -> None:
        self.app.buffer.clear()
        self.app.show_typing()


class DoorApp(LiveScreen, App):
    """The door station. `clock` gives "now"; scans and walk-ins run in order on one
    worker thread, borrowing a connection from the live pool for each."""

    CSS_PATH = "door.tcss"
    TITLE = "floor · door"
    BINDINGS = [Binding("ctrl+q", "quit", "quit", priority=True, id="door.quit")]
    poll_seconds = POLL_SECONDS

    def __init__(self, db_path: str | Path, station: str = "door", clock: Clock | None = None,
                 *, camera: int | None = None, qr_dir: str | Path | None = None):
        super().__init__()
        self.db_path = Path(db_path)
        self.station = station
        self.clock = clock or WallClock()
        self.camera = camera
        self.qr_dir = Path(qr_dir) if qr_dir else self.db_path.parent / "walk-in-badges"
        self.buffer: list[str] = []
        self.jobs: queue.Queue = queue.Queue()
        self.shown: ScanAnswer | None = None
        self.log_lines: list[Text] = []
        self.event_name = ""
        self.counts = (0, 0)
        # answers arrive while a modal (walk-in, quit) is on top: they go to this screen
        self.door = DoorScreen()
        self.unsent = UnsentScans(sidecar_path(self.db_path, station))
        self.left_unsent = self.unsent.load()  # by a run of this station that stopped
        # (time.monotonic() when the write began, whether it is a scan just read) while a
        # scan is being recorded; the worker sets it, the screen reads it
        self.recording: tuple[float, bool] | None = None
        self.in_hand: UnsentScan | None = None  # the scan the worker holds now
        # time.monotonic() of each scan read and not answered yet, oldest first: one
        # answer (Scanned or NotRecordedMessage) comes back for each
        self.unanswered: deque[float] = deque()
        self.counts_after = (0, 0)  # checked in and total after the last unsent scan sent
        self.retry_asked = False
        self.status_shown = ""
        self.waiting_shown = 0  # 1: "Recording…" on the panel, 2: "… the file is busy"

    # -- life cycle ---------------------------------------------------------------
    def on_mount(self) -> None:
        self.push_screen(self.door)
        self.start_live(self.db_path)
        if self.camera is not None:
            self.camera_thread(self.camera)
        self.set_interval(1, self.show_top)
        self.set_interval(STATUS_SECONDS, self.show_status)
        self.set_interval(RETRY_SECONDS, self.ask_retry)

    def live_opened(self) -> None:
        self.take_jobs()  # scans read before the file was open wait in the queue
        if self.left_unsent:
            self.add_log_line(Text(f"{self.left_unsent} scans left unsent by the last run "
                                   "of this station: sending them", style="bold"))
        self.ask_retry()

    def on_unmount(self) -> None:
        self.jobs.put(None)  # wakes the scan worker at once

    def first_read(self, db) -> Counts:
        return self._counts(db)

    def read_changes(self, entries: list[dict]) -> Counts | None:
        if not entries:
            return None
        with self.pool.borrow() as db:
            return self._counts(db)

    @staticmethod
    def _counts(db) -> Counts:
        checked, total = read_people.checked_in_count(db)
        return Counts(read_event.event(db)["name"], checked, total)

    # -- keys -> scans ------------------------------------------------------------
    def take_key(self, event: Key) -> bool:
        """A key for the scan buffer? Returns True if it was taken."""
        if event.key in END_KEYS:
            self.end_scan()
            return True
        if event.key == "backspace":
            if self.buffer:
                self.buffer.pop()
            self.show_typing()
            return True
        if event.is_printable and event.character:
            self.buffer.append(event.character)
            self.show_typing()
            return True
        return False

    def take_text(self, text: str) -> None:
        """Pasted text (or a scanner seen as a paste): CR, LF and Tab end scans."""
        for char in text:
            if char in "\r\n\t":
                self.end_scan()
            else:
                self.buffer.append(char)
        self.show_typing()

    def end_scan(self) -> None:
        raw = "".join(self.buffer)
        self.buffer.clear()
        self.show_typing()
        if raw:  # a lone Enter, or the LF of CR LF, is not a scan
            self.take_scan(raw)

    def take_scan(self, raw: str) -> None:
        self.unanswered.append(time.monotonic())
        self.jobs.put(("scan", UnsentScan(raw, stamp(self.clock.now()))))

    def show_typing(self) -> None:
        try:
            typing = self.screen.query_one("#typing", Static)
        except NoMatches:  # a modal is on top
            return
        shown = printable("".join(self.buffer))
        typing.update(Text(f"› {shown}") if self.buffer else Text(""))

    # -- the scan worker ----------------------------------------------------------
    @work(thread=True, group="door-jobs", exit_on_error=False)
    def take_jobs(self) -> None:
        """Scans and walk-ins, one at a time in the order they came."""
        while not self.live_closing:
            try:
                job = self.jobs.get(timeout=JOB_WAIT_SECONDS)
            except queue.Empty:
                continue
            if job is None:
                return
            kind, what = job
            try:
                if kind == "walk-in":
                    with self.live_db() as db:
                        messages = [self._register_walk_in(db, what)]
                else:
                    messages = self._scan_job(what)
            except ScreenClosing:
                return
            except Exception as error:  # noqa: BLE001 - said in a sentence, never a crash
                sentence = problem_sentence(error, self.db_path)
                log.error("door %s: %s %r failed: %s", self.station, kind, what,
                          sentence, exc_info=error)
                if kind == "walk-in":
                    messages = [WalkInFailed(sentence, what)]
                elif what is not None:  # a fault in floor: red all the same, not kept
                    messages = [NotRecordedMessage(NotRecorded(what.raw, what.at, sentence,
                                                               False, len(self.unsent)))]
                else:
                    messages = []
            for message in messages:
                self.post_message(message)

    def _scan_job(self, scan: UnsentScan | None) -> list[Message]:
        """Record `scan` (None: only offer the unsent scans again), behind any unsent."""
        if scan is None:
            self.retry_asked = False
        messages: list[Message] = []
        if len(self.unsent):
            sent, error = self._send_unsent()
            if sent:
                checked, total = self.counts_after
                messages.append(ScansSent(sent, checked, total))
            if error is not None:
                if scan is not None:
                    messages.append(self._not_recorded(scan, error))
                return messages
        if scan is None:
            return messages
        try:
            answer, checked, total = self._record(scan, fresh=True)
        except ScreenClosing:
            raise
        except Exception as error:  # noqa: BLE001 - a red answer, never a crash
            messages.append(self._not_recorded(scan, error))
            return messages
        messages.append(Scanned(answer, checked, total))
        return messages

    def _record(self, scan: UnsentScan, *, fresh: bool) -> tuple[ScanAnswer, int, int]:
        """One scan into the file, with the moment it was read as its time."""
        self.in_hand = scan
        self.recording = (time.monotonic(), fresh)
        try:
            with self.live_db() as db:
                answer = scan_badge(db, scan.raw, station=self.station,
                                    clock=FixedClock(datetime.fromisoformat(scan.at)))
                checked, total = read_people.checked_in_count(db)
        finally:
            self.recording = None
            self.in_hand = None
        return answer, checked, total

    def _send_unsent(self) -> tuple[list[ScanAnswer], BaseException | None]:
        """The unsent scans, oldest first, until the file refuses one: what was sent, and
        the error that stopped it (None: all sent)."""
        sent: list[ScanAnswer] = []
        while (scan := self.unsent.first()) is not None:
            try:
                answer, *counts = self._record(scan, fresh=False)
                self.counts_after = tuple(counts)
            except ScreenClosing:
                raise
            except Exception as error:  # noqa: BLE001 - the file, or a fault
                if kept_for_later(error) or isinstance(error, EventFileReplaced):
                    log.warning("door %s: %d unsent scans still wait: %s", self.station,
                                len(self.unsent), problem_sentence(error, self.db_path))
                    return sent, error
                log.error("door %s: the unsent scan %r could not be recorded and is "
                          "dropped", self.station, scan, exc_info=error)
                self.unsent.drop_first()
                continue
            self.unsent.drop_first()
            sent.append(answer)
        return sent, None

    def _not_recorded(self, scan: UnsentScan, error: BaseException) -> Message:
        sentence = problem_sentence(error, self.db_path)
        kept = kept_for_later(error)
        if kept:
            self.unsent.add(scan)
        log.error("door %s: the scan %r was not recorded (%s): %s", self.station,
                  printable(scan.raw), "kept" if kept else "not kept", sentence,
                  exc_info=error)
        return NotRecordedMessage(NotRecorded(scan.raw, scan.at, sentence, kept,
                                              len(self.unsent)))

    def _register_walk_in(self, db, values: dict) -> Message:
        try:
            done = add_participant(db, name=values["name"], organisation=values["organisation"],
                                   country=values["country"], sector=values["sector"],
                                   check_in_station=self.station, with_badge=True,
                                   clock=self.clock, actor=self.station)
        except Refused as refusal:
            return WalkInFailed(refusal.reason, values)
        pid = done.changes[0]["k"]["id"]  # the participant row it inserted
        person = read_people.participant(db, pid)
        token = badge.valid_token_for(db, pid)
        png = None
        try:
            self.qr_dir.mkdir(parents=True, exist_ok=True)
            png = qr.save(token, self.qr_dir / f"{pid}.png")
        except OSError:
            log.warning("door %s: the QR of %s could not be saved in %s", self.station, pid,
                        self.qr_dir, exc_info=True)
        meeting = next_meeting(db, pid, self.clock.now())
        line = meeting.line() if meeting else ("No meeting yet: the floor manager can "
                                               "match them now")
        return WalkInDone(person, token, png, qr.half_blocks(token, invert=True), line)

    @work(thread=True, group="camera", exit_on_error=False)
    def camera_thread(self, index: int) -> None:
        from floor.tui.door.camera import read_codes

        worker = get_current_worker()
        for text in read_codes(index, stop=lambda: worker.is_cancelled):
            self.call_from_thread(self.take_scan, text)

    # -- answers ------------------------------------------------------------------
    def answered(self) -> None:
        if self.unanswered:
            self.unanswered.popleft()

    def on_scanned(self, message: Scanned) -> None:
        self.answered()
        self.counts = (message.checked_in, message.total)
        answer = message.answer
        same = (self.shown is not None and self.shown.participant is not None
                and answer.participant is not None
                and self.shown.participant["id"] == answer.participant["id"])
        if answer.verdict == DOUBLE_READ and same:
            self.show_answer(self.shown, note="(badge read twice: nothing more to do)")
        else:
            self.show_answer(answer)
            self.shown = answer
        self.add_log(answer)
        self.show_top()
        self.show_status()

    def on_not_recorded_message(self, message: NotRecordedMessage) -> None:
        """Red, whatever was on the panel before: the previous person's green answer
        must never stand for a scan that was not recorded."""
        self.answered()
        answer = message.answer
        self.shown = None
        panel = self.door.query_one("#answer", Static)
        panel.set_classes("-red")
        panel.update(not_recorded_text(answer))
        self.waiting_shown = 0
        self.add_log_line(Text.assemble(
            f"{hhmmss(answer.at)}  ", ("not recorded", TERMINAL_COLOURS[RED]),
            f" {printable(answer.raw)[:24]}  ",
            (("kept: " if answer.kept else "") + answer.why, "dim"),
            no_wrap=True, overflow="ellipsis"))
        self.show_status()

    def on_scans_sent(self, message: ScansSent) -> None:
        self.counts = (message.checked_in, message.total)
        for answer in message.answers:
            self.add_log(answer, late=True)
        last = message.answers[-1]
        many = len(message.answers)
        self.show_answer(last, note=f"(recorded late: scanned at {hhmmss(last.at)}; "
                                    f"{many} waiting scan{'s' if many > 1 else ''} sent)")
        self.shown = last
        self.show_top()
        self.show_status()

    def on_counts(self, message: Counts) -> None:
        self.event_name = message.event_name
        self.counts = (message.checked_in, message.total)
        self.show_top()

    def show_answer(self, answer: ScanAnswer | None, note: str = "") -> None:
        self.waiting_shown = 0
        panel = self.door.query_one("#answer", Static)
        panel.set_classes(f"-{answer.colour}" if answer else "-idle")
        inner = panel.size.width - panel.styles.gutter.width
        panel.update(answer_text(answer, note, width=inner))

    def add_log(self, answer: ScanAnswer, *, late: bool = False) -> None:
        who = "" if answer.participant else printable(answer.raw)[:24] + "  "
        line = Text.assemble(f"{hhmmss(answer.at)}  ",
                             (f"{answer.verdict:<12}", TERMINAL_COLOURS[answer.colour]),
                             f" {who}", ("sent late: " if late else "", "bold"),
                             (answer.message, "dim"), no_wrap=True, overflow="ellipsis")
        self.add_log_line(line)

    def add_log_line(self, line: Text) -> None:
        line.truncate(200)
        self.log_lines = [line, *self.log_lines][:LOG_LINES]
        log_text = Text("\n").join(self.log_lines)
        log_text.no_wrap, log_text.overflow = True, "ellipsis"
        self.door.query_one("#log", Static).update(log_text)

    def show_top(self) -> None:
        try:
            top = self.door.query_one("#top", Static)
        except NoMatches:  # not composed yet, or taken down while the app stops
            return
        checked, total = self.counts
        now = self.clock.now()
        parts = [self.event_name or "…", self.station, f"{now:%H:%M}",
                 f"checked in {checked}/{total}"]
        top.update(Text(" · ".join(parts)))

    # -- unsent scans and a busy file -----------------------------------------------
    def ask_retry(self) -> None:
        """Offer the unsent scans to the file again (one request waiting at a time)."""
        if len(self.unsent) and not self.retry_asked and not self.live_closing:
            self.retry_asked = True
            self.jobs.put(("scan", None))

    def show_status(self) -> None:
        """The unsent count and, after half a second on the lock, that the door waits."""
        try:
            status = self.door.query_one("#status", Static)
            panel = self.door.query_one("#answer", Static)
        except NoMatches:  # not composed yet, or taken down while the app stops
            return
        now, recording = time.monotonic(), self.recording
        waiting = recording is not None and now - recording[0] > BUSY_AFTER_SECONDS
        held_up = bool(self.unanswered) and now - self.unanswered[0] > BUSY_AFTER_SECONDS
        if held_up and self.waiting_shown != waiting + 1:  # never the last answer
            panel.set_classes("-busy")
            panel.update(Text(RECORDING_BUSY if waiting else RECORDING, justify="center"))
            self.waiting_shown = waiting + 1
        parts = []
        if waiting:
            parts.append("recording… the event file is busy")
        if len(self.unsent):  # the ones being read now are counted with them
            count = self.unsent_count()
            where = (f"kept in {self.unsent.path.name}" if self.unsent.saved
                     else "NOT saved on disk: do not quit")
            parts.append(f"{count} scan{'s' if count > 1 else ''} not recorded yet, "
                         f"{where}; retrying every {RETRY_SECONDS:g} s")
        text = " · ".join(parts)
        if text != self.status_shown:
            self.status_shown = text
            status.set_classes("-warn" if text else "")
            status.update(Text(text))

    def unsent_count(self) -> int:
        """Scans read but not recorded: unsent, waiting to be taken, in the worker."""
        pending = sum(1 for job in list(self.jobs.queue)
                      if job and job[0] == "scan" and job[1] is not None)
        recording = self.recording
        return len(self.unsent) + pending + (recording is not None and recording[1])

    async def action_quit(self) -> None:
        if isinstance(self.screen, QuitWithUnsentScreen):  # Ctrl+Q twice: quit
            self.screen.dismiss(True)
            return
        count = self.unsent_count()
        if not count:
            self.exit()
            return

        def chosen(quit_now: bool | None) -> None:
            if quit_now:
                self.keep_for_next_start()
                self.exit()

        self.push_screen(QuitWithUnsentScreen(
            count, self.unsent.path.name if self.unsent.saved else None), chosen)

    def keep_for_next_start(self) -> None:
        """Everything read and not recorded goes into the sidecar before the door stops
        (the scan the worker holds too: recorded meanwhile, its copy reads as already
        in at the next start, never a second check-in)."""
        pending = []
        while True:
            try:
                job = self.jobs.get_nowait()
            except queue.Empty:
                break
            if job and job[0] == "scan" and job[1] is not None:
                pending.append(job[1])
        in_hand, recording = self.in_hand, self.recording
        if in_hand is not None and recording is not None and recording[1]:
            pending.insert(0, in_hand)  # a scan just read (an unsent one is kept already)
        if pending:
            self.unsent.add(*pending)

    # -- walk-ins -----------------------------------------------------------------
    def action_walk_in(self, values: dict | None = None, error: str = "") -> None:
        def chosen(result: dict | None) -> None:
            if result:
                self.jobs.put(("walk-in", result))

        self.push_screen(WalkInForm(values, error), chosen)

    def on_walk_in_done(self, message: WalkInDone) -> None:
        self.push_screen(WalkInResultScreen(message))

    def on_walk_in_failed(self, message: WalkInFailed) -> None:
        self.action_walk_in(message.values, f"not registered: {message.reason}")


def make_door_app(db_path: str | Path, station: str = "door", clock: Clock | None = None,
                  **kwargs) -> DoorApp:
    """The one way to build the door station: the CLI, `floor serve`, the tests."""
    return DoorApp(db_path, station, clock, **kwargs)
