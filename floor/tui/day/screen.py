"""The Day screen: the day's figures (floor/report.py) live during the event.

`DayScreen(source, clock)`: `source` is an event file path, a ConnectionPool, or a
callable that returns a context manager lending a connection (such as `pool.borrow`).
Each look at the change feed runs in a thread worker; the figures are read again when the
journal moved (or every REFRESH_SECONDS, since "running" and "to come" follow the clock),
and come back by message. The next look is armed only when this one is done.

Standalone: `DayApp(path, clock)` (`make_day_app`), for tests and a spare screen."""

from __future__ import annotations

import threading
import time
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Callable

from rich.bar import Bar
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import Worker, WorkerState, get_current_worker

from db.connection import ConnectionPool, connect
from db.feed import ChangeFeed
from floor.domain.clock import Clock, hhmmss
from floor.domain.vocabulary import (
    COOPERATION,
    OUTCOME_SHORT_WORDS,
    OUTCOMES,
    PHASE_WORDS,
    STATUS_WORDS,
    UNRECORDED_WORDS,
)
from floor.views.figures import figures, headline

POLL_SECONDS = 0.5
REFRESH_SECONDS = 15.0

Source = str | Path | ConnectionPool | Callable[[], AbstractContextManager]


class FiguresLoaded(Message):
    def __init__(self, figures: dict) -> None:
        super().__init__()
        self.figures = figures


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _table(*columns: str, first_width: int | None = None, expand: bool = False) -> Table:
    table = Table(box=None, padding=(0, 1), show_edge=False, expand=expand,
                  header_style="bold")
    for i, name in enumerate(columns):
        table.add_column(name, justify="left" if i == 0 else "right",
                         min_width=first_width if i == 0 else None, no_wrap=True)
    return table


def people_panel(f: dict) -> Table:
    p = f["participants"]
    table = _table("country", "here", "of", "absent")
    for c in p["by_country"]:
        table.add_row(Text(f"{c['name']} ({c['country']})"), str(c["checked_in"]),
                      str(c["registered"]), str(c["absent"]) if c["absent"] else "")
    table.add_row(Text("all", style="bold"), Text(str(p["checked_in"]), style="bold"),
                  Text(str(p["registered"]), style="bold"),
                  str(p["absent"]) if p["absent"] else "")
    sectors = _table("sector", "people")
    for s in p["by_sector"]:
        sectors.add_row(Text(s["sector"]), str(s["registered"]))
    summary = Text(f"checked in {p['checked_in_expected']} of {p['expected']} expected "
                   f"({_pct(p['checked_in_share'])}) · not arrived {p['not_arrived']} · "
                   f"walk-ins {p['walk_ins']}", style="dim")
    return Group(table, Text(""), sectors, Text(""), summary)


def meetings_panel(f: dict) -> Table:
    m, r = f["meetings"], f["requests"]
    table = _table("meetings", "count", "%")
    table.add_row("requested", str(r["requested"]), "")
    table.add_row("requests placed", str(r["placed"]), _pct(r["placed_share"]))
    table.add_row(Text("placed", style="bold"), Text(str(m["placed"]), style="bold"), "")
    for status, style in (("held", "green"), ("noshow", "red"), ("cancelled", "dim"),
                          ("planned", "")):
        table.add_row(Text(STATUS_WORDS[status], style=style), str(m[status]),
                      _pct(m["shares"][status]))
    table.add_row(Text(" to come/now/over", style="dim"),
                  Text(f"{m['planned_upcoming']}/{m['planned_running']}/"
                       f"{m['planned_unconfirmed']}", style="dim"), "")
    table.add_row("re-matched", str(m["rematched"]), _pct(m["shares"]["rematched"]))
    table.add_row("show rate", "", _pct(m["show_rate"]))
    return table


def outcomes_panel(f: dict) -> Table:
    o = f["outcomes"]
    table = _table("outcome", "n")
    for key in OUTCOMES:
        style = "green" if key == COOPERATION else ""
        table.add_row(Text(OUTCOME_SHORT_WORDS[key], style=style), str(o["by_outcome"][key]))
    table.add_row(Text(UNRECORDED_WORDS, style="dim"), Text(str(o["unrecorded"]),
                                                              style="dim"))
    return table


def rounds_panel(f: dict) -> Table:
    table = _table("round", "time", "held", "no-show", "cancel", "planned", "", expand=True)
    table.columns[-1].ratio = 1
    table.columns[-1].justify = "left"
    most = max([x["placed"] for x in f["rounds"]] + [1])
    for x in f["rounds"]:
        style = "bold" if x["state"] == "running" else "dim" if x["state"] == "to come" else ""
        table.add_row(Text(f"R{x['round']}", style=style), x["starts"], str(x["held"]),
                      str(x["noshow"]) if x["noshow"] else "",
                      str(x["cancelled"]) if x["cancelled"] else "", str(x["planned"]),
                      Bar(most, 0, x["held"], color="green", bgcolor="grey23")
                      if x["state"] != "to come" else Text(""))
    return table


def countries_panel(f: dict) -> Table:
    codes = f["countries"]["countries"]
    table = _table("held", *codes)
    for a in codes:
        table.add_row(Text(a, style="bold"),
                      *[str(f["countries"]["matrix"][a][b]) for b in codes])
    return Group(table, Text(""), Text(f"across countries {f['countries']['cross_country']} "
                                       f"· within {f['countries']['same_country']}",
                                       style="dim"))


def header_text(f: dict) -> Text:
    e, phase = f["event"], f["phase"]
    where = (f"round {phase['round']} of {e['rounds']}" if phase["kind"] == "round"
             else PHASE_WORDS[phase["kind"]])
    text = Text()
    text.append(f"The day · {e['name']}", style="bold")
    text.append(f"\n{hhmmss(f['at'])} · {where} · {e['date']} · {e['venue']}")
    text.append(f"\n{headline(f)}", style="italic")
    return text


PANELS = (("day-people", "Participants", people_panel),
          ("day-meetings", "Meetings", meetings_panel),
          ("day-outcomes", "Outcomes", outcomes_panel),
          ("day-rounds", "Held per round", rounds_panel),
          ("day-countries", "Country × country (held)", countries_panel))


class DayScreen(Screen):
    CSS_PATH = Path(__file__).with_name("day.tcss")
    BINDINGS = [
        Binding("escape", "close", "Back", id="day.close", tooltip="Back to the floor"),
        Binding("g", "refresh_figures", "Refresh", id="day.refresh",
                tooltip="Read the figures again now"),
    ]

    def __init__(self, source: Source, clock: Clock, *, poll_seconds: float = POLL_SECONDS,
                 refresh_seconds: float = REFRESH_SECONDS, name: str | None = None,
                 id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self.clock = clock
        self.poll_seconds = poll_seconds
        self.refresh_seconds = refresh_seconds
        self.figures: dict | None = None
        self.loads = 0  # figures received (tests wait on it)
        self._own_pool: ConnectionPool | None = None
        self._feed: ChangeFeed | None = None
        self._feed_forced = False
        self._last_read = 0.0
        # Workers use the connections under this lock; closing takes it too, so a
        # connection is never closed under a thread still reading it.
        self._lock = threading.Lock()
        self._closed = False
        if isinstance(source, (str, Path)):
            self._borrow = self._borrow_own  # the pool opens in the first worker
            self._path: Path | None = Path(source)
        elif isinstance(source, ConnectionPool):
            self._borrow, self._path = source.borrow, source.path
        else:
            self._borrow, self._path = source, None

    def _borrow_own(self):
        """Borrow from a pool of our own, opened on first use: in a worker thread, never
        on the UI thread."""
        if self._own_pool is None:
            self._own_pool = ConnectionPool(self._path, readonly=True)
        return self._own_pool.borrow()

    def compose(self) -> ComposeResult:
        yield Static("", id="day-header")
        with VerticalScroll(id="day-body"):
            with Horizontal(id="day-top"):
                for panel_id, title, _ in PANELS[:3]:
                    yield self._panel(panel_id, title)
            with Horizontal(id="day-bottom"):
                for panel_id, title, _ in PANELS[3:]:
                    yield self._panel(panel_id, title)
        yield Footer()

    @staticmethod
    def _panel(panel_id: str, title: str) -> Static:
        panel = Static("reading…", id=panel_id, classes="day-panel")
        panel.border_title = title
        return panel

    def on_mount(self) -> None:
        self.read_figures(first=True)

    def on_unmount(self) -> None:
        with self._lock:
            self._closed = True
            if self._feed is not None and self._path is not None:
                self._feed.db.conn.close()
            if self._own_pool is not None:
                self._own_pool.close()

    # -- database work, in threads ----------------------------------------------------
    @work(thread=True, group="day", exit_on_error=False)
    def read_figures(self, first: bool = False) -> None:
        worker = get_current_worker()
        with self._lock:
            if self._closed:
                return
            found = self._first_read()
        self._last_read = time.monotonic()
        if not worker.is_cancelled:
            self.post_message(FiguresLoaded(found))
        if first:
            self._arm()

    def _first_read(self) -> dict:
        with self._borrow() as db:
            if self._feed is None:
                if self._path is not None:
                    self._feed = ChangeFeed(connect(self._path, readonly=True, shareable=True))
                else:  # only a lender of connections: re-read the journal each time
                    self._feed = ChangeFeed(db)
                    self._feed_forced = True
            return figures(db, self.clock.now())

    @work(thread=True, group="day-poll", exit_on_error=False)
    def poll(self) -> None:
        """One look at the change feed; the figures are read again only if the journal
        moved or REFRESH_SECONDS went by."""
        worker = get_current_worker()
        try:
            with self._lock:
                if not self._closed:
                    self._poll_once(worker)
        finally:
            if not worker.is_cancelled and not self._closed:
                self._arm()

    def _poll_once(self, worker) -> None:
        if self._feed_forced:
            with self._borrow() as db:
                self._feed.db = db
                entries = self._feed.poll(force=True)
        else:
            entries = self._feed.poll()
        stale = time.monotonic() - self._last_read >= self.refresh_seconds
        if (entries or stale) and not worker.is_cancelled:
            with self._borrow() as db:
                found = figures(db, self.clock.now())
            self._last_read = time.monotonic()
            self.post_message(FiguresLoaded(found))

    def _arm(self) -> None:
        try:
            self.app.call_from_thread(self._arm_timer)
        except RuntimeError:  # the app is closing
            pass

    def _arm_timer(self) -> None:
        if self.is_attached:
            self.set_timer(self.poll_seconds, self.poll)

    # -- on screen ------------------------------------------------------------------------
    def on_figures_loaded(self, message: FiguresLoaded) -> None:
        self.figures = message.figures
        self.loads += 1
        self.query_one("#day-header", Static).update(header_text(message.figures))
        for panel_id, _, draw in PANELS:
            self.query_one(f"#{panel_id}", Static).update(draw(message.figures))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.notify(f"{event.worker.error}", title="The figures could not be read",
                        severity="error", timeout=15)

    def action_refresh_figures(self) -> None:
        self.read_figures()

    def action_close(self) -> None:
        if len(self.app.screen_stack) > 1 and not isinstance(self.app, DayApp):
            self.app.pop_screen()
        elif isinstance(self.app, DayApp):
            self.app.exit()


class DayApp(App):
    """The Day screen on its own (tests, a spare laptop)."""

    TITLE = "floor · the day"
    BINDINGS = [Binding("q", "quit", "Quit", id="day.quit")]

    def __init__(self, source: Source, clock: Clock, **screen_options) -> None:
        super().__init__()
        self.source = source
        self.clock = clock
        self.screen_options = screen_options

    def on_mount(self) -> None:
        self.push_screen(DayScreen(self.source, self.clock, **self.screen_options))


def make_day_app(source: Source, clock: Clock, **screen_options) -> DayApp:
    """The one way to build the standalone Day app: the tests and the snapshots."""
    return DayApp(source, clock, **screen_options)
