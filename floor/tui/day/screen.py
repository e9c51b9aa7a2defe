"""The Day screen: the day's figures (floor/views/figures.py) live during the event.

`DayScreen(source, clock)`: `source` is an event file path (the screen opens a read-only
pool of its own) or the floor screen's ConnectionPool (it borrows from it). It follows
the change feed like every live screen (floor.tui.live): the figures are read again when
the journal moved, or every REFRESH_SECONDS, since "running" and "to come" follow the
clock.

Standalone: `DayApp(path, clock)` (`make_day_app`), for tests and a spare screen."""

from __future__ import annotations

import time
from pathlib import Path

from rich.bar import Bar
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from db.connection import ConnectionPool
from floor.domain.clock import Clock, hhmmss
from floor.domain.vocabulary import (
    CANCELLED,
    COOPERATION,
    HELD,
    HELD_CONFIRMED_WORDS,
    HELD_PRESUMED_WORDS,
    IN_ROUND,
    NOSHOW,
    OUTCOME_SHORT_WORDS,
    OUTCOMES,
    PHASE_WORDS,
    PLANNED,
    ROUND_RUNNING,
    ROUND_TO_COME,
    STATUS_WORDS,
    UNRECORDED_WORDS,
)
from floor.tui.live import LiveScreen
from floor.tui.messages import FiguresLoaded
from floor.views.figures import figures, headline

POLL_SECONDS = 0.5
REFRESH_SECONDS = 15.0

Source = str | Path | ConnectionPool


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
    for status, style in ((HELD, "green"), (NOSHOW, "red"), (CANCELLED, "dim"),
                          (PLANNED, "")):
        table.add_row(Text(STATUS_WORDS[status], style=style), str(m[status]),
                      _pct(m["shares"][status]))
        if status == HELD and m["held_presumed"]:  # as the grid paints them: say which
            table.add_row(Text(f" {HELD_CONFIRMED_WORDS}", style="dim"),
                          Text(str(m["held_confirmed"]), style="dim"), "")
            table.add_row(Text(f" {HELD_PRESUMED_WORDS}", style="dim"),
                          Text(str(m["held_presumed"]), style="dim"), "")
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
        style = ("bold" if x["state"] == ROUND_RUNNING else "dim" if x["state"] == ROUND_TO_COME
                 else "")
        table.add_row(Text(f"R{x['round']}", style=style), x["starts"], str(x["held"]),
                      str(x["noshow"]) if x["noshow"] else "",
                      str(x["cancelled"]) if x["cancelled"] else "", str(x["planned"]),
                      Bar(most, 0, x["held"], color="green", bgcolor="grey23")
                      if x["state"] != ROUND_TO_COME else Text(""))
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
    where = (f"round {phase['round']} of {e['rounds']}" if phase["kind"] == IN_ROUND
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


class DayScreen(LiveScreen, Screen):
    CSS_PATH = Path(__file__).with_name("day.tcss")
    BINDINGS = [
        Binding("escape", "close", "Back", id="day.close", tooltip="Back to the floor"),
        Binding("g", "refresh_figures", "Refresh", id="day.refresh",
                tooltip="Read the figures again now"),
    ]
    live_readonly = True  # its own pool and feed: this screen only reads

    def __init__(self, source: Source, clock: Clock, *, poll_seconds: float = POLL_SECONDS,
                 refresh_seconds: float = REFRESH_SECONDS, name: str | None = None,
                 id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self.source = source
        self.clock = clock
        self.poll_seconds = poll_seconds
        self.refresh_seconds = refresh_seconds
        self.figures: dict | None = None
        self._last_read = 0.0  # time.monotonic() of the last read, in a worker

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
        if isinstance(self.source, ConnectionPool):  # the floor screen's: borrow from it
            self.start_live(self.source.path, pool=self.source)
        else:
            self.start_live(self.source)

    # -- database work, in threads (floor.tui.live) --------------------------------------
    def first_read(self, db) -> FiguresLoaded:
        return self._read(db)

    def read_changes(self, entries: list[dict]) -> FiguresLoaded | None:
        """Read again when the journal moved, or when REFRESH_SECONDS went by ("running"
        and "to come" follow the clock)."""
        if entries or time.monotonic() - self._last_read >= self.refresh_seconds:
            with self.pool.borrow() as db:
                return self._read(db)
        return None

    def _read(self, db) -> FiguresLoaded:
        found = figures(db, self.clock.now())
        self._last_read = time.monotonic()
        return FiguresLoaded(found)

    @work(thread=True, group="day", exit_on_error=False)
    def read_figures(self) -> None:
        with self.live_db() as db:
            self.post_message(self._read(db))

    # -- on screen ------------------------------------------------------------------------
    def on_figures_loaded(self, message: FiguresLoaded) -> None:
        self.figures = message.figures
        self.query_one("#day-header", Static).update(header_text(message.figures))
        for panel_id, _, draw in PANELS:
            self.query_one(f"#{panel_id}", Static).update(draw(message.figures))

    def show_problem(self, sentence: str) -> None:
        self.notify(sentence, title="The figures could not be read", severity="error",
                    timeout=15, markup=False)

    def action_refresh_figures(self) -> None:
        if self.pool is not None:
            self.read_figures()

    def action_close(self) -> None:
        if isinstance(self.app, DayApp):
            self.app.exit()
        elif len(self.app.screen_stack) > 1:
            self.app.pop_screen()


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
