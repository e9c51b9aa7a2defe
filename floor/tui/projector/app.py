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
The change feed is polled in a thread worker (the next poll armed when it is done), so a
door check-in shows on the wall within a second.
"""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Digits, Static
from textual.worker import Worker, WorkerState

from db.connection import ConnectionPool, connect
from db.feed import ChangeFeed
from floor.domain.clock import Clock
from floor.domain.names import fold, short_org
from floor.domain.time import RoundTime
from floor.domain.vocabulary import MAP_CLASSES, MAP_KINDS, STATE_CLASSES, is_live
from floor.tui.messages import SnapshotLoaded
from floor.views.floor import FloorSnapshot, load_snapshot, patched
from floor.views.wall import Moment, Seat, map_kind, moment, seats

POLL_SECONDS = 0.2  # PRAGMA data_version costs microseconds; "live within a second"
PAGE_SECONDS = 8.0  # how long a page (or a view, when cycling) stays on the wall
VIEWS = ("cycle", "tables", "grid", "map")
CYCLE = ("tables", "grid", "map")


def fit(text: str, width: int) -> str:
    """`text` in exactly `width` cells (cut with "…" when too long); wide and combining
    characters counted as the terminal draws them."""
    if width <= 0:
        return ""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


# -- the views ---------------------------------------------------------------------------

class PagedView(Widget):
    """A view that shows one page at a time of something longer than the screen."""

    page = 0

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.snapshot: FloorSnapshot | None = None
        self.now = datetime.min
        self.round: RoundTime | None = None

    def show(self, snapshot: FloorSnapshot, now: datetime, focus: RoundTime | None) -> None:
        self.snapshot, self.now, self.round = snapshot, now, focus
        self.page = min(self.page, self.pages - 1)
        self.refresh()

    @property
    def pages(self) -> int:
        return 1

    def turn(self) -> bool:
        """Next page; True when it went back to the first."""
        self.page = (self.page + 1) % self.pages
        self.refresh()
        return self.page == 0

    def on_resize(self) -> None:
        self.page = min(self.page, self.pages - 1)


class FindList(PagedView):
    """Find your table: organisation, table, partner, in columns, page by page."""

    COMPONENT_CLASSES = {"find--header", "find--org", "find--table", "find--partner",
                         "find--odd", "find--empty"}
    MIN_COLUMN = 64  # cells: a column narrower than this reads badly from the back
    MAX_COLUMN = 110  # wider, and the eye loses the line between name and table
    GAP = 3

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows: list[Seat] = []

    def show(self, snapshot, now, focus) -> None:
        self.rows = seats(snapshot, focus.no) if focus else []
        super().show(snapshot, now, focus)

    def _shape(self) -> tuple[int, int, int]:
        """(columns, rows per column, column width) for this size."""
        width, height = max(self.size.width, 1), max(self.size.height - 1, 1)
        columns = max(1, min((width + self.GAP) // (self.MIN_COLUMN + self.GAP),
                             math.ceil(len(self.rows) / height) or 1))
        return columns, height, (width - self.GAP * (columns - 1)) // columns

    @property
    def pages(self) -> int:
        columns, height, _ = self._shape()
        return max(1, math.ceil(len(self.rows) / (columns * height)))

    def page_label(self) -> str:
        if self.pages == 1 or not self.rows:
            return ""
        columns, height, _ = self._shape()
        chunk = self.rows[self.page * columns * height:(self.page + 1) * columns * height]
        first, last = fold(chunk[0].organisation)[:1].upper(), fold(chunk[-1].organisation)[:1].upper()
        return f"page {self.page + 1} of {self.pages} · {first}–{last}"

    def render(self) -> Text:
        height = self.size.height
        style = self.get_component_rich_style
        if not self.rows:
            message = "No meetings in this round." if self.round else ""
            return Text(message, style=style("find--empty"), justify="center")
        columns, rows_per, col_w = self._shape()
        col_w = min(col_w, self.MAX_COLUMN)
        table_w = max(max(cell_len(s.table) for s in self.rows) + 2, 7)
        longest = max(cell_len(f"{s.organisation} ({s.country})") for s in self.rows) + 2
        org_w = min(longest, (col_w - table_w - 1) * 11 // 20)
        partner_w = min(col_w - table_w - org_w - 1, longest)
        start = self.page * columns * rows_per
        chunk = self.rows[start:start + columns * rows_per]
        lines = [Text() for _ in range(min(rows_per, len(chunk)) + 1)]
        for c in range(columns):
            part = chunk[c * rows_per:(c + 1) * rows_per]
            if not part:
                break
            gap = " " * self.GAP if c else ""
            lines[0].append(gap)
            lines[0].append(fit("Organisation", org_w) + " " + fit("Table", table_w)
                            + fit("meets", partner_w), style("find--header"))
            for i, seat in enumerate(part):
                line = lines[i + 1]
                odd = (self.get_component_rich_style("find--odd", partial=True) if i % 2
                       else Style())
                line.append(gap)
                line.append(fit(f"{seat.organisation} ({seat.country})", org_w) + " ",
                            style("find--org") + odd)
                line.append(fit(seat.table, table_w), style("find--table") + odd)
                line.append(fit(f"{seat.partner} ({seat.partner_country})", partner_w),
                            style("find--partner") + odd)
        return Text("\n").join(lines[:height])


class RoomGrid(PagedView):
    """The tables × rounds grid, read-only and large: the focus round in the middle,
    paging through the tables."""

    COMPONENT_CLASSES = {"grid--header", "grid--header-now", "grid--table", "grid--empty",
                         "grid--past", *STATE_CLASSES.values()}
    TABLE_WIDTH = 7
    MIN_CELL = 24
    MAX_ROUNDS = 5

    def _columns(self) -> list[RoundTime]:
        rounds = self.snapshot.timetable.rounds if self.snapshot else []
        if not rounds:
            return []
        fits = max((self.size.width - self.TABLE_WIDTH) // self.MIN_CELL, 1)
        count = min(len(rounds), fits, self.MAX_ROUNDS)
        middle = rounds.index(self.round) if self.round in rounds else 0
        start = max(0, min(middle - count // 2, len(rounds) - count))
        return rounds[start:start + count]

    @property
    def pages(self) -> int:
        if not self.snapshot:
            return 1
        return max(1, math.ceil(len(self.snapshot.tables) / max(self.size.height - 1, 1)))

    def page_label(self) -> str:
        if self.pages == 1:
            return ""
        per = max(self.size.height - 1, 1)
        tables = self.snapshot.tables[self.page * per:(self.page + 1) * per]
        return f"page {self.page + 1} of {self.pages} · {tables[0]}–{tables[-1]}"

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if not self.snapshot:
            return Strip.blank(width)
        style = self.get_component_rich_style
        columns = self._columns()
        cell_w = max((width - self.TABLE_WIDTH) // max(len(columns), 1), 1)
        if y == 0:
            segments = [Segment(fit(" Table", self.TABLE_WIDTH), style("grid--header"))]
            for r in columns:
                name = "grid--header-now" if r == self.round else "grid--header"
                segments.append(Segment(fit(f" Round {r.no} · {r.starts:%H:%M}–{r.ends:%H:%M}",
                                            cell_w), style(name)))
            return Strip(segments).adjust_cell_length(width, style("grid--header"))
        row = self.page * max(self.size.height - 1, 1) + y - 1
        if row >= len(self.snapshot.tables):
            return Strip.blank(width)
        table = self.snapshot.tables[row]
        segments = [Segment(fit(f" {table}", self.TABLE_WIDTH), style("grid--table"))]
        for r in columns:
            m = self.snapshot.cell(table, r.no)
            if m is None:
                text, cell_style = " ·", style("grid--empty")
            else:
                state = self.snapshot.state(m["id"], self.now)
                a, b = self.snapshot.people[m["a"]], self.snapshot.people[m["b"]]
                half = (cell_w - 4) // 2
                text = (f" {short_org(a['organisation'], half)} · "
                        f"{short_org(b['organisation'], half)}")
                cell_style = style(STATE_CLASSES[state])
            if r.ends <= self.now:
                cell_style += self.get_component_rich_style("grid--past", partial=True)
            segments.append(Segment(fit(text, cell_w - 1) + " ", cell_style))
        return Strip(segments).adjust_cell_length(width)


class RoomMap(PagedView):
    """Every table as a box coloured by its state in the focus round."""

    COMPONENT_CLASSES = {"map--name", "map--empty", *MAP_CLASSES.values()}
    GAP = 1

    def _shape(self) -> tuple[int, int, int]:
        """(boxes a row, rows of boxes a page, box width)."""
        count = len(self.snapshot.tables) if self.snapshot else 1
        width, height = max(self.size.width, 1), max(self.size.height, 1)
        box_h = 4  # three lines and a gap
        for box_w in (22, 18, 14, 11):
            across = max((width + self.GAP) // (box_w + self.GAP), 1)
            if math.ceil(count / across) * box_h <= height:
                break
        if math.ceil(count / across) * box_h > height and height < 4:
            box_h = 1
        down = max(height // box_h, 1)
        return across, down, (width - self.GAP * (across - 1)) // across

    @property
    def pages(self) -> int:
        if not self.snapshot:
            return 1
        across, down, _ = self._shape()
        return max(1, math.ceil(len(self.snapshot.tables) / (across * down)))

    def page_label(self) -> str:
        if self.pages == 1:
            return ""
        across, down, _ = self._shape()
        tables = self.snapshot.tables[self.page * across * down:(self.page + 1) * across * down]
        return f"page {self.page + 1} of {self.pages} · {tables[0]}–{tables[-1]}"

    def render(self) -> Text:
        if not self.snapshot or not self.round:
            return Text("")
        style = self.get_component_rich_style
        across, down, box_w = self._shape()
        per = across * down
        tables = self.snapshot.tables[self.page * per:(self.page + 1) * per]
        out: list[Text] = []
        for top in range(0, len(tables), across):
            row = tables[top:top + across]
            kinds = [map_kind(self.snapshot, t, self.round.no) for t in row]
            lines = [Text(), Text(), Text()]
            for i, (table, kind) in enumerate(zip(row, kinds)):
                gap = " " * self.GAP if i else ""
                box = style(MAP_CLASSES[kind])
                m = self.snapshot.cell(table, self.round.no)
                who = ""
                if m is not None and is_live(m):
                    a, b = self.snapshot.people[m["a"]], self.snapshot.people[m["b"]]
                    half = (box_w - 3) // 2
                    who = f"{short_org(a['organisation'], half)}·{short_org(b['organisation'], half)}"
                name = self.get_component_rich_style("map--name", partial=True)
                for line, text, extra in ((lines[0], table, name),
                                          (lines[1], kind, Style()),
                                          (lines[2], who, Style())):
                    line.append(gap)
                    line.append(fit(" " + text, box_w), box + extra)
            out.extend(lines)
            out.append(Text())
        return Text("\n").join(out[:self.size.height])


# -- the app -----------------------------------------------------------------------------

class ProjectorApp(App):
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
        self.pool: ConnectionPool | None = None
        self.feed: ChangeFeed | None = None
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
        self.open_and_load()
        self.set_interval(1.0, self.tick)
        self.set_interval(self.page_seconds, self.action_turn)

    @work(thread=True, group="db", exit_on_error=False)
    def open_and_load(self) -> None:
        """Open the file off the UI thread and read it; polling starts after that."""
        self.pool = ConnectionPool(self.db_path, readonly=True)
        self.feed = ChangeFeed(connect(self.db_path, readonly=True, shareable=True))
        with self.pool.borrow() as db:
            snapshot = load_snapshot(db)
        self.post_message(SnapshotLoaded(snapshot, []))
        self.call_from_thread(self.set_timer, self.poll_seconds, self.poll)

    def on_unmount(self) -> None:
        if self.pool:
            self.pool.close()
        if self.feed:
            self.feed.db.conn.close()

    # -- database work, in threads ---------------------------------------------------------
    @work(thread=True, group="poll", exit_on_error=False)
    def poll(self) -> None:
        try:
            entries = self.feed.poll()
            if entries:
                snapshot = patched(self.snapshot, entries) if self.snapshot else None
                if snapshot is None:
                    with self.pool.borrow() as db:
                        snapshot = load_snapshot(db)
                self.post_message(SnapshotLoaded(snapshot, []))
        finally:
            self.call_from_thread(self.set_timer, self.poll_seconds, self.poll)

    def on_snapshot_loaded(self, message: SnapshotLoaded) -> None:
        self.snapshot = message.snapshot
        self.refresh_wall()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.query_one("#next", Static).update(
                Text(f"Cannot read the event file: {event.worker.error}", style="bold red"))

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
        self.query_one("#next", Static).update(where.next_line)
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
            when = (f"Round {focus.no} · {focus.starts:%H:%M}–{focus.ends:%H:%M}"
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
