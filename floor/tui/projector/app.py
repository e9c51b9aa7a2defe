"""The projector: the room on the wall. `floor projector --db event.db [--view ...]`.

Read-only: the file is opened with `query_only` and the screen offers no action that
writes (this module never imports `floor.ops`). It shows the clock and the countdown in
big digits, the round, the next thing to happen, and one of three views:

- "tables": "Find your table", every organisation meeting in the round people care about
  now (the running one; in its last minutes, during a break or between rounds, the next
  one), alphabetically, with its table and partner, paging by itself;
- "grid": the tables × rounds grid, the current round in the middle, paging through tables;
- "map": every table coloured by its state (both here, waiting, free, no-show).

"cycle" (the default) goes round the three; `v` switches, `t` `g` `m` `c` pick one.
The change feed is polled in a thread worker (the next poll armed when it is done, see
floor.tui.live), so a door check-in shows on the wall within a second. The views
themselves are in views.py.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import ContentSwitcher, Digits, Static

from floor.domain.clock import Clock
from floor.domain.vocabulary import MAP_CLASSES, MAP_KINDS
from floor.tui.live import LiveScreen, snapshot_after
from floor.tui.messages import SnapshotLoaded
from floor.tui.projector.views import FindList, PagedView, RoomGrid, RoomMap
from floor.views.floor import FloorSnapshot, load_snapshot
from floor.views.wall import Moment, moment

POLL_SECONDS = 0.2  # PRAGMA data_version costs microseconds; "live within a second"
PAGE_SECONDS = 8.0  # how long a page (or a view, when cycling) stays on the wall
VIEWS = ("cycle", "tables", "grid", "map")
CYCLE = ("tables", "grid", "map")


class ProjectorApp(LiveScreen, App):
    CSS_PATH = Path(__file__).with_name("projector.tcss")
    TITLE = "floor · projector"
    BINDINGS = [
        Binding("v", "next_view", "Next view", id="view",
                tooltip="cycle → tables → grid → map"),
        Binding("c", "view('cycle')", "Cycle", show=False),
        Binding("t", "view('tables')", "Tables", show=False),
        Binding("g", "view('grid')", "Grid", show=False),
        Binding("m", "view('map')", "Map", show=False),
        Binding("space,right", "turn", "Next page", show=False),
        Binding("q", "quit", "Quit", id="quit"),
    ]
    ENABLE_COMMAND_PALETTE = False  # nothing to do here but look
    live_readonly = True  # query_only: the wall can never write

    def __init__(self, db_path: str | Path, clock: Clock, view: str = "cycle", *,
                 poll_seconds: float = POLL_SECONDS, page_seconds: float = PAGE_SECONDS,
                 ) -> None:
        super().__init__()
        if view not in VIEWS:
            raise ValueError(f"view must be one of {', '.join(VIEWS)}")
        self.db_path = Path(db_path)
        self.clock = clock
        self.view = view
        self.showing = "tables" if view == "cycle" else view
        self.poll_seconds = poll_seconds
        self.page_seconds = page_seconds
        self.snapshot: FloorSnapshot | None = None
        self._dwell = 0

    def compose(self) -> ComposeResult:
        with Horizontal(id="top"):
            yield Digits("--:--", id="clock")
            with Vertical(id="where"):
                yield Static("", id="event")
                yield Static("", id="round")
                yield Static("", id="next")
            yield Digits("", id="countdown")
        yield Static("", id="title")
        with ContentSwitcher(initial=self.showing, id="views"):
            yield FindList(id="tables")
            yield RoomGrid(id="grid")
            yield RoomMap(id="map")
        with Horizontal(id="status"):
            yield Static("", id="legend")
            yield Static("", id="page")

    def on_mount(self) -> None:
        self.start_live(self.db_path)
        self.set_interval(1.0, self.tick)
        self.set_interval(self.page_seconds, self.action_turn)

    # -- database work, in threads (floor.tui.live) ----------------------------------------
    def first_read(self, db) -> SnapshotLoaded:
        return SnapshotLoaded(load_snapshot(db))

    def read_changes(self, entries: list[dict]) -> SnapshotLoaded | None:
        if entries:
            return SnapshotLoaded(snapshot_after(self.snapshot, entries, self.pool))
        return None

    def on_snapshot_loaded(self, message: SnapshotLoaded) -> None:
        self.snapshot = message.snapshot
        self.refresh_wall()

    def show_problem(self, sentence: str) -> None:
        # Where the wall says what comes next, until the feed can be read again.
        self.query_one("#next", Static).update(Text(sentence, style="bold red"))

    def on_resize(self) -> None:
        self.call_after_refresh(self._titles)  # page counts follow the size

    # -- drawing -----------------------------------------------------------------------------
    def tick(self) -> None:
        if self.snapshot:
            self.refresh_wall()

    def refresh_wall(self) -> None:
        snap, now = self.snapshot, self.clock.now()
        where = moment(snap, now)
        self.query_one("#clock", Digits).update(f"{now:%H:%M}")
        self.query_one("#countdown", Digits).update(where.countdown)
        self.query_one("#event", Static).update(Text(snap.event["name"], style="bold"))
        self.query_one("#round", Static).update(Text(where.round_line, style="bold"))
        self.query_one("#next", Static).update(
            Text(self.live_problem, style="bold red") if self.live_problem else where.next_line)
        self.query_one("#next").set_class(where.urgent, "urgent")
        for view in self.query(PagedView):
            view.show(snap, now, where.focus)
        self._titles(where)

    def _titles(self, where: Moment | None = None) -> None:
        if not self.snapshot:
            return
        where = where or moment(self.snapshot, self.clock.now())
        focus = where.focus
        when = ""
        if focus:
            when = (f"Round {focus.no} · {focus.span}"
                    + (" (next)" if where.focus_is_next else ""))
        title = {"tables": "Find your table", "grid": "The room, round by round",
                 "map": "The room now"}[self.showing]
        self.query_one("#title", Static).update(
            Text.assemble((title, "bold"), (" · " if when else ""), when))
        view = self.query_one(f"#{self.showing}", PagedView)
        self.query_one("#page", Static).update(view.page_label())
        if self.showing == "map":
            legend = Text()
            for kind in MAP_KINDS:
                legend.append(f" {kind} ", self.query_one(RoomMap).get_component_rich_style(
                    MAP_CLASSES[kind]))
                legend.append(" ")
        else:
            legend = Text(f"v: view ({self.view})", style="dim")
        self.query_one("#legend", Static).update(legend)

    def _switch(self, name: str) -> None:
        self.showing = name
        self.query_one(ContentSwitcher).current = name
        self._titles()

    # -- actions (none of them writes) -------------------------------------------------------
    def action_view(self, view: str) -> None:
        self.view = view
        self._switch("tables" if view == "cycle" else view)

    def action_next_view(self) -> None:
        self.action_view(VIEWS[(VIEWS.index(self.view) + 1) % len(VIEWS)])

    def action_turn(self) -> None:
        """Every few seconds: the next page; when cycling and the view has shown all its
        pages, the next view. While people look for their next table (the last minutes,
        a break), the cycle stays on "find your table"."""
        if not self.snapshot:
            return
        view = self.query_one(f"#{self.showing}", PagedView)
        wrapped = view.turn()
        self._dwell += 1
        if self.view == "cycle" and wrapped and self._dwell >= (2 if self.showing == "tables" else 1):
            where = moment(self.snapshot, self.clock.now())
            if where.focus_is_next or where.focus is None:
                following = "tables"
            else:
                following = CYCLE[(CYCLE.index(self.showing) + 1) % len(CYCLE)]
            if following != self.showing:
                self._dwell = 0
                self.query_one(f"#{following}", PagedView).page = 0
                self._switch(following)
                return
        self._titles()


def make_projector_app(db_path: str | Path, clock: Clock, view: str = "cycle",
                       **kwargs) -> ProjectorApp:
    """The one way to build the projector: the CLI, `floor serve`, the tests."""
    return ProjectorApp(db_path, clock, view, **kwargs)
