"""The door screen: `floor door --db event.db [--station NAME] [--camera N]`.

A USB or Bluetooth scanner types each token like a keyboard (about 10 ms a character)
and ends it with Enter, Tab or CR LF. Keys are read at the screen level into a buffer (no
Input widget: it merges back-to-back scans), so a burst of scans is read whole and in
order, and Tab never moves focus. Each finished scan goes onto a queue that one database
thread (a `@work(thread=True)` worker with its own connection) takes in order; answers
come back as messages. The answer stays on screen until the next scan.

F2 opens the walk-in form: name, organisation, country, sector -> registered, checked in,
token and QR on screen, and the QR saved as PNG.
"""

from __future__ import annotations

import queue
from dataclasses import dataclass
from pathlib import Path

import pyfiglet
from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Key, Paste
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Label, Static
from textual.worker import Worker, WorkerState, get_current_worker

from db import read_event, read_people
from db.connection import ConnectionPool
from floor.domain.clock import Clock, hhmmss
from floor.ops.door import scan_badge
from floor.views.door import ScanAnswer, describe_raw, next_meeting

END_KEYS = {"enter", "tab", "ctrl+j", "ctrl+m", "shift+tab"}
LOG_LINES = 5
POLL_SECONDS = 1.0  # how often the database thread looks for other stations' check-ins


# Messages: database thread -> screen.
@dataclass
class Scanned(Message):
    answer: ScanAnswer
    checked_in: int
    total: int


@dataclass
class ScanFailed(Message):
    raw: str
    error: str


@dataclass
class Counts(Message):
    event_name: str
    checked_in: int
    total: int


@dataclass
class WalkInDone(Message):
    participant: dict
    token: str
    png: Path | None
    qr_text: str
    meeting_line: str


@dataclass
class WalkInFailed(Message):
    reason: str
    values: dict


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


class WalkInScreen(ModalScreen[dict | None]):
    BINDINGS = [Binding("escape", "cancel", "cancel")]
    FIELDS = (("name", "Name"), ("organisation", "Organisation"),
              ("country", "Country (two letters: IT, FR, GR, MT…)"), ("sector", "Sector"))

    def __init__(self, values: dict | None = None, error: str = ""):
        super().__init__()
        self.values = values or {}
        self.error = error

    def compose(self) -> ComposeResult:
        with Vertical(id="walkin"):
            yield Static(Text("Walk-in: register and check in", style="bold"))
            for key, label in self.FIELDS:
                yield Label(label)
                extra = {"max_length": 2, "restrict": r"[A-Za-z]*"} if key == "country" else {}
                yield Input(self.values.get(key, ""), id=f"walkin-{key}", **extra)
            yield Static(self.error, id="walkin-error")
            yield Button("Register (Enter)", id="walkin-ok", variant="success")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        keys = [k for k, _ in self.FIELDS]
        here = event.input.id.removeprefix("walkin-")
        if here != keys[-1]:
            self.query_one(f"#walkin-{keys[keys.index(here) + 1]}", Input).focus()
        else:
            self.submit()

    @on(Button.Pressed, "#walkin-ok")
    def submit(self) -> None:
        values = {k: self.query_one(f"#walkin-{k}", Input).value.strip()
                  for k, _ in self.FIELDS}
        values["country"] = values["country"].upper()
        problem = ("a name is needed" if not values["name"] else
                   "the country is two letters, such as IT, FR, GR, MT"
                   if len(values["country"]) != 2 else "")
        if problem:
            self.query_one("#walkin-error", Static).update(problem)
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)


class WalkInResultScreen(ModalScreen[None]):
    """The new badge on screen. The next scan (or Esc / Enter) closes it; a scan is not
    lost: its keys go on to the door's buffer."""

    def __init__(self, done: WalkInDone):
        super().__init__()
        self.done = done

    def compose(self) -> ComposeResult:
        p = self.done.participant
        with Vertical(id="walkin-result"):
            yield Static(Text(f"{p['id']} {p['name']} ({p['organisation']}, {p['country']}) "
                              "is registered and checked in", style="bold"))
            yield Static(self.done.meeting_line)
            yield Static(self.done.qr_text, id="walkin-qr")
            saved = f"QR saved as {self.done.png}" if self.done.png else "QR not saved"
            yield Static(f"badge code {self.done.token} · {saved}")
            yield Static("Esc or Enter to close · print with: floor badges --only "
                         f"{p['id']}", classes="hint")

    def on_key(self, event: Key) -> None:
        event.stop()
        event.prevent_default()
        if event.key in ("escape", "enter"):
            self.dismiss(None)
            return
        self.dismiss(None)
        self.app.take_key(event)


class DoorApp(App):
    """The door station. `clock` gives "now"; every database call runs on one worker
    thread with its own connection."""

    CSS_PATH = "door.tcss"
    TITLE = "floor · door"
    BINDINGS = [Binding("ctrl+q", "quit", "quit", priority=True, id="door.quit")]

    def __init__(self, db_path: str | Path, station: str = "door", clock: Clock | None = None,
                 *, camera: int | None = None, qr_dir: str | Path | None = None):
        super().__init__()
        from floor.domain.clock import WallClock

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
        self.scans_done = 0  # answers received (tests wait on it)

    # -- life cycle ---------------------------------------------------------------
    def on_mount(self) -> None:
        self.push_screen(DoorScreen())
        self.jobs.put(("poll",))  # the event's name and counts, first thing
        self.database_thread()
        if self.camera is not None:
            self.camera_thread(self.camera)
        self.set_interval(1, self.show_top)

    def on_unmount(self) -> None:
        self.jobs.put(None)

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
        except Exception:
            return
        shown = describe_raw("".join(self.buffer))
        typing.update(Text(f"› {shown}") if self.buffer else Text(""))

    # -- the database thread ------------------------------------------------------
    @work(thread=True, group="db", exit_on_error=False)
    def database_thread(self) -> None:
        worker = get_current_worker()
        pool = ConnectionPool(self.db_path)
        try:
            last_version = None
            while not worker.is_cancelled:
                try:
                    job = self.jobs.get(timeout=POLL_SECONDS)
                except queue.Empty:
                    job = ("poll",)
                if job is None:
                    break
                try:
                    with pool.borrow() as db:
                        self._run_job(db, job, last_version)
                except Exception as error:  # noqa: BLE001 - shown, never a crash
                    if job[0] == "scan":
                        self.post_message(ScanFailed(job[1], f"{type(error).__name__}: {error}"))
                    elif job[0] == "walk-in":
                        self.post_message(WalkInFailed(str(error), job[1]))
                if job[0] == "poll":
                    from db import journal

                    with pool.borrow() as db:
                        last_version = journal.data_version(db)
        finally:
            pool.close()

    def _run_job(self, db, job, last_version) -> None:
        kind = job[0]
        if kind == "scan":
            answer = scan_badge(db, job[1], station=self.station, clock=self.clock)
            checked, total = read_people.checked_in_count(db)
            self.post_message(Scanned(answer, checked, total))
        elif kind == "walk-in":
            self.post_message(self._register_walk_in(db, job[1]))
        elif kind == "poll":
            from db import journal

            if last_version is None or journal.data_version(db) != last_version:
                checked, total = read_people.checked_in_count(db)
                self.post_message(Counts(read_event.event(db)["name"], checked, total))

    def _register_walk_in(self, db, values: dict) -> Message:
        from floor.ops import Refused, add_participant
        from floor.ops.badges import issue_tokens
        from floor.output import qr
        from floor.views import badge

        try:
            done = add_participant(db, name=values["name"], organisation=values["organisation"],
                                   country=values["country"], sector=values["sector"],
                                   check_in_station=self.station, clock=self.clock,
                                   actor=self.station)
            pid = done.changes[0]["k"]["id"]
            issue_tokens(db, [pid], clock=self.clock, actor=self.station)
        except Refused as refusal:
            return WalkInFailed(refusal.reason, values)
        person = read_people.participant(db, pid)
        token = badge.valid_token_for(db, pid)
        png = None
        try:
            self.qr_dir.mkdir(parents=True, exist_ok=True)
            png = qr.save(token, self.qr_dir / f"{pid}.png")
        except OSError:
            png = None
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
        self.scans_done += 1
        self.counts = (message.checked_in, message.total)
        answer = message.answer
        same = (self.shown is not None and self.shown.participant is not None
                and answer.participant is not None
                and self.shown.participant["id"] == answer.participant["id"])
        if answer.verdict == "double-read" and same:
            self.show_answer(self.shown, note="(badge read twice: nothing more to do)")
        else:
            self.show_answer(answer)
            self.shown = answer
        self.add_log(answer)
        self.show_top()

    def on_scan_failed(self, message: ScanFailed) -> None:
        self.scans_done += 1
        self.notify(f"the scan {describe_raw(message.raw)!r} could not be recorded: "
                    f"{message.error}", severity="error", timeout=10)

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
        who = "" if answer.participant else describe_raw(answer.raw)[:24] + "  "
        style = {"green": "green", "amber": "yellow", "red": "red"}[answer.colour]
        line = Text.assemble(f"{hhmmss(answer.at)}  ", (f"{answer.verdict:<12}", style),
                             f" {who}", (answer.message, "dim"), no_wrap=True,
                             overflow="ellipsis")
        line.truncate(200)
        self.log_lines = [line, *self.log_lines][:LOG_LINES]
        log = Text("\n").join(self.log_lines)
        log.no_wrap, log.overflow = True, "ellipsis"
        self.screen.query_one("#log", Static).update(log)

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

        self.push_screen(WalkInScreen(values, error), chosen)

    def on_walk_in_done(self, message: WalkInDone) -> None:
        self.push_screen(WalkInResultScreen(message))

    def on_walk_in_failed(self, message: WalkInFailed) -> None:
        self.action_walk_in(message.values, f"not registered: {message.reason}")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.notify(f"{event.worker.name}: {event.worker.error}", severity="error",
                        timeout=30)
