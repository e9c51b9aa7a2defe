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
"""

from __future__ import annotations

import logging
import queue
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
from floor.domain.clock import Clock, WallClock, hhmmss
from floor.domain.errors import Refused
from floor.domain.scanmend import printable
from floor.domain.vocabulary import DOUBLE_READ, TERMINAL_COLOURS
from floor.ops import add_participant
from floor.ops.door import scan_badge
from floor.output import qr
from floor.tui.door.walkin import WalkInResultScreen
from floor.tui.live import LiveScreen, ScreenClosing, problem_sentence
from floor.tui.messages import Counts, ScanFailed, Scanned, WalkInDone, WalkInFailed
from floor.tui.walkin_form import WalkInForm
from floor.views import badge
from floor.views.door import ScanAnswer, next_meeting

log = logging.getLogger("floor.tui")

END_KEYS = {"enter", "tab", "ctrl+j", "ctrl+m", "shift+tab"}
LOG_LINES = 5
POLL_SECONDS = 1.0  # how often the feed is read for other stations' check-ins
JOB_WAIT_SECONDS = 0.2  # how soon the scan worker notices the screen closing


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

    # -- life cycle ---------------------------------------------------------------
    def on_mount(self) -> None:
        self.push_screen(DoorScreen())
        self.start_live(self.db_path)
        if self.camera is not None:
            self.camera_thread(self.camera)
        self.set_interval(1, self.show_top)

    def live_opened(self) -> None:
        self.take_jobs()  # scans read before the file was open wait in the queue

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
            self.jobs.put(("scan", raw))

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
            try:
                with self.live_db() as db:
                    message = self._run_job(db, job)
            except ScreenClosing:
                return
            except Exception as error:  # noqa: BLE001 - said in a sentence, never a crash
                sentence = problem_sentence(error, self.db_path)
                log.error("door %s: %s %r failed: %s", self.station, job[0], job[1],
                          sentence, exc_info=error)
                message = (ScanFailed(job[1], sentence) if job[0] == "scan"
                           else WalkInFailed(sentence, job[1]))
            self.post_message(message)

    def _run_job(self, db, job) -> Message:
        kind, what = job
        if kind == "scan":
            answer = scan_badge(db, what, station=self.station, clock=self.clock)
            checked, total = read_people.checked_in_count(db)
            return Scanned(answer, checked, total)
        return self._register_walk_in(db, what)

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
            self.jobs.put(("scan", text))

    # -- answers ------------------------------------------------------------------
    def on_scanned(self, message: Scanned) -> None:
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

    def on_scan_failed(self, message: ScanFailed) -> None:
        self.notify(f"the scan {printable(message.raw)!r} could not be recorded: "
                    f"{message.sentence}", severity="error", timeout=10, markup=False)

    def on_counts(self, message: Counts) -> None:
        self.event_name = message.event_name
        self.counts = (message.checked_in, message.total)
        self.show_top()

    def show_answer(self, answer: ScanAnswer | None, note: str = "") -> None:
        panel = self.screen.query_one("#answer", Static)
        panel.set_classes(f"-{answer.colour}" if answer else "-idle")
        inner = panel.size.width - panel.styles.gutter.width
        panel.update(answer_text(answer, note, width=inner))

    def add_log(self, answer: ScanAnswer) -> None:
        who = "" if answer.participant else printable(answer.raw)[:24] + "  "
        line = Text.assemble(f"{hhmmss(answer.at)}  ",
                             (f"{answer.verdict:<12}", TERMINAL_COLOURS[answer.colour]),
                             f" {who}", (answer.message, "dim"), no_wrap=True,
                             overflow="ellipsis")
        line.truncate(200)
        self.log_lines = [line, *self.log_lines][:LOG_LINES]
        log_text = Text("\n").join(self.log_lines)
        log_text.no_wrap, log_text.overflow = True, "ellipsis"
        self.screen.query_one("#log", Static).update(log_text)

    def show_top(self) -> None:
        if not isinstance(self.screen, DoorScreen):
            return
        checked, total = self.counts
        now = self.clock.now()
        parts = [self.event_name or "…", self.station, f"{now:%H:%M}",
                 f"checked in {checked}/{total}"]
        self.screen.query_one("#top", Static).update(Text(" · ".join(parts)))

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
