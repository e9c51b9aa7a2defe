"""The tables × rounds grid on Textual's line API: only visible lines are drawn, the
table column and the round header stay put while the rest scrolls.

It keeps the running round in view (between rounds, the next one), with the round before
it on the left: it opens there and follows the clock. A manager who moves the cursor to
another round has gone there on purpose: the grid stays, until `.` ("Now") brings it
back, or until the next round begins after FOLLOW_AGAIN_SECONDS without a key."""

from __future__ import annotations

import time
from datetime import datetime

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from floor.domain.labels import distinct_labels
from floor.domain.vocabulary import STATE_CLASSES
from floor.views.floor import FloorSnapshot

TABLE_WIDTH = 6
CELL_WIDTH = 24  # a round's column, when there is room for three
NARROW_CELL_WIDTH = 16  # the least: two labels of six letters
FOLLOW_AGAIN_SECONDS = 120.0  # quiet enough: the next round brings the grid back


class FloorGrid(ScrollView, can_focus=True):
    COMPONENT_CLASSES = {"grid--header", "grid--header-now", "grid--table", "grid--empty",
                         "grid--cursor", "grid--marked", "grid--past",
                         *STATE_CLASSES.values()}
    BINDINGS = [
        Binding("up", "cursor(-1, 0)", "Up", show=False),
        Binding("down", "cursor(1, 0)", "Down", show=False),
        Binding("left", "cursor(0, -1)", "Left", show=False),
        Binding("right", "cursor(0, 1)", "Right", show=False),
        Binding("pageup", "cursor(-10, 0)", show=False),
        Binding("pagedown", "cursor(10, 0)", show=False),
        Binding("home", "cursor_home", show=False),
        Binding("end", "cursor_end", show=False),
        Binding("full_stop", "now", "Now", key_display=".",
                tooltip="Back to the running round: the grid follows the clock again"),
    ]

    cursor: reactive[tuple[int, int]] = reactive((0, 0), always_update=True)

    class CursorMoved(Message):
        def __init__(self, table: str, round_no: int) -> None:
            super().__init__()
            self.table = table
            self.round_no = round_no

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.snapshot: FloorSnapshot | None = None
        self.now = datetime.min
        self.marked: tuple[int, int] | None = None
        self.cell_width = CELL_WIDTH
        self.following = True  # the cursor goes with the running round
        self._focus: int | None = None  # the column of the running (or next) round
        self._last_key = 0.0  # time.monotonic() of the manager's last move
        self._rows: dict[int, tuple[tuple, Segment, list[Segment]]] = {}  # drawn rows
        self._labels: dict[int, dict[str, str]] = {}  # round -> {person: label}

    # -- data ------------------------------------------------------------------------
    def show(self, snapshot: FloorSnapshot, now: datetime) -> None:
        first = self.snapshot is None
        self.snapshot = snapshot
        self.now = now
        self._rows.clear()
        self._labels.clear()
        self._size_cells()
        if first:
            self._focus = self._focus_column(now)
            self._follow()
        self.refresh()

    def tick(self, now: datetime) -> None:
        self.now = now
        focus = self._focus_column(now)
        if focus != self._focus:  # a round began or ended
            self._focus = focus
            quiet = time.monotonic() - self._last_key >= FOLLOW_AGAIN_SECONDS
            if self.following or quiet:
                self._follow()
        self.refresh()

    def _focus_column(self, now: datetime) -> int | None:
        """The running round's column; between rounds the next one's; after the last,
        the last."""
        timetable = self.snapshot.timetable
        focus = timetable.current(now) or timetable.next_round(now)
        if focus is None:
            return len(self.snapshot.rounds) - 1 if self.snapshot.rounds else None
        return self.snapshot.rounds.index(focus.no)

    def _follow(self) -> None:
        """The cursor to the running round (same table), the round before it leftmost."""
        self.following = True
        if self._focus is None or not self.snapshot.tables:
            return
        self._set_cursor((self.cursor[0], self._focus))
        self.call_after_refresh(self._show_focus)

    def _show_focus(self) -> None:
        if self._focus is None or not self.following:
            return
        first = max(self._focus - 1, 0) if self._visible_cols() > 1 else self._focus
        self.scroll_to(first * self.cell_width, self.scroll_y, animate=False, immediate=True)
        self.refresh()

    def action_now(self) -> None:
        if self.snapshot:
            self._focus = self._focus_column(self.now)
            self._follow()

    def _visible_cols(self) -> int:
        return max((self.scrollable_content_region.width - TABLE_WIDTH) // self.cell_width, 1)

    def _size_cells(self) -> None:
        """Three rounds side by side if the width allows, at CELL_WIDTH at most and
        NARROW_CELL_WIDTH at least."""
        room = self.scrollable_content_region.width - TABLE_WIDTH
        width = min(max(room // 3, NARROW_CELL_WIDTH), CELL_WIDTH) if room > 0 else CELL_WIDTH
        if width != self.cell_width:
            self.cell_width = width
            self._rows.clear()
            self._labels.clear()
        if self.snapshot:
            # Room after the last round so that scrolled to the end, a round still begins
            # at the left edge (never half a cell beside the table column).
            slack = room % self.cell_width if room > 0 else 0
            self.virtual_size = Size(TABLE_WIDTH + self.cell_width * len(self.snapshot.rounds)
                                     + slack, len(self.snapshot.tables) + 1)

    def on_resize(self, event: events.Resize) -> None:
        if not self.snapshot:
            return
        self._size_cells()
        if self.following:
            self.call_after_refresh(self._show_focus)
        else:
            self.call_after_refresh(self._scroll_to_cursor)

    def labels(self, round_no: int) -> dict[str, str]:
        """{person: short label} for the people meeting in this round: distinct."""
        if round_no not in self._labels:
            snap = self.snapshot
            people = {pid: (snap.people[pid]["organisation"], snap.people[pid]["name"])
                      for (table, no), mid in snap.cells.items() if no == round_no
                      for pid in (snap.meetings[mid]["a"], snap.meetings[mid]["b"])}
            self._labels[round_no] = distinct_labels(people, (self.cell_width - 3) // 2)
        return self._labels[round_no]

    @property
    def selected(self) -> tuple[str, int] | None:
        if not self.snapshot or not self.snapshot.tables:
            return None
        row, col = self.cursor
        return self.snapshot.tables[row], self.snapshot.rounds[col]

    def select(self, table: str, round_no: int | None = None) -> None:
        if not self.snapshot:
            return
        col = (self.snapshot.rounds.index(round_no) if round_no in self.snapshot.rounds
               else self.cursor[1])
        self.move_cursor((self.snapshot.tables.index(table), col))

    # -- cursor ----------------------------------------------------------------------
    def action_cursor(self, rows: int, cols: int) -> None:
        if not self.snapshot:
            return
        row = min(max(self.cursor[0] + rows, 0), len(self.snapshot.tables) - 1)
        col = min(max(self.cursor[1] + cols, 0), len(self.snapshot.rounds) - 1)
        self.move_cursor((row, col))

    def action_cursor_home(self) -> None:
        self.move_cursor((0, self.cursor[1]))

    def action_cursor_end(self) -> None:
        if self.snapshot:
            self.move_cursor((len(self.snapshot.tables) - 1, self.cursor[1]))

    def move_cursor(self, cell: tuple[int, int]) -> None:
        """The manager moves the cursor: to another round than the running one is on
        purpose, and the grid stops following the clock."""
        self._last_key = time.monotonic()
        self.following = cell[1] == self._focus
        self._set_cursor(cell)

    def _set_cursor(self, cell: tuple[int, int]) -> None:
        self.cursor = cell

    def watch_cursor(self, old: tuple[int, int], new: tuple[int, int]) -> None:
        if not self.snapshot or not self.snapshot.tables:
            return
        before = (self.scroll_x, self.scroll_y)
        self._scroll_to_cursor()
        if (self.scroll_x, self.scroll_y) == before:  # only two lines change
            for row in {old[0], new[0]}:
                y = row - int(self.scroll_y) + 1
                if 1 <= y < self.size.height:
                    self.refresh(Region(0, y, self.size.width, 1))
        else:
            self.refresh()
        table, round_no = self.selected
        self.post_message(self.CursorMoved(table, round_no))

    def _scroll_to_cursor(self) -> None:
        row, col = self.cursor
        visible_rows = max(self.size.height - 1, 1)
        visible_cols = self._visible_cols()
        y, x = self.scroll_y, self.scroll_x // self.cell_width
        if row < y:
            y = row
        elif row >= y + visible_rows:
            y = row - visible_rows + 1
        if col < x:
            x = col
        elif col >= x + visible_cols:
            x = col - visible_cols + 1
        self.scroll_to(x * self.cell_width, y, animate=False, immediate=True)

    def on_click(self, event: events.Click) -> None:
        if not self.snapshot or event.y < 1 or event.x < TABLE_WIDTH:
            return
        row = int(self.scroll_y) + event.y - 1
        col = (int(self.scroll_x) + event.x - TABLE_WIDTH) // self.cell_width
        if row < len(self.snapshot.tables) and col < len(self.snapshot.rounds):
            self.move_cursor((row, col))

    # -- drawing ---------------------------------------------------------------------
    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(name)

    def _overlay(self, name: str) -> Style:
        """Only what the overlay sets (cursor, marked, past), so the state shows through."""
        return self.get_component_rich_style(name, partial=True)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if not self.snapshot:
            return Strip.blank(width)
        scroll_x = int(self.scroll_x)
        cells_width = max(width - TABLE_WIDTH, 0)
        if y == 0:
            left, cells = self._header()
        else:
            row = int(self.scroll_y) + y - 1
            if row >= len(self.snapshot.tables):
                return Strip.blank(width)
            left, cells = self._row(row)
        body = Strip(cells).crop(scroll_x, scroll_x + cells_width)
        return Strip.join([Strip([left]), body]).adjust_cell_length(width)

    def _header(self) -> tuple[Segment, list[Segment]]:
        current = self.snapshot.timetable.current(self.now)
        segments = []
        for r in self.snapshot.timetable.rounds:
            label = f" R{r.no} {r.span}" if self.cell_width > 17 else f" R{r.no} {r.starts:%H:%M}"
            style = "grid--header-now" if current and r.no == current.no else "grid--header"
            segments.append(Segment(_fit(label, self.cell_width), self._style(style)))
        return Segment(" Table".ljust(TABLE_WIDTH), self._style("grid--header")), segments

    def _row(self, row: int) -> tuple[Segment, list[Segment]]:
        # A row's look changes with the data, the minute (grace periods and rounds turn
        # on whole minutes), and the cursor or mark being on it.
        key = (self.now.replace(second=0, microsecond=0),
               self.cursor[1] if self.cursor[0] == row else None,
               self.marked[1] if self.marked and self.marked[0] == row else None)
        cached = self._rows.get(row)
        if cached and cached[0] == key:
            return cached[1], cached[2]
        label, segments = self._draw_row(row)
        self._rows[row] = (key, label, segments)
        return label, segments

    def _draw_row(self, row: int) -> tuple[Segment, list[Segment]]:
        snap = self.snapshot
        table = snap.tables[row]
        segments = []
        for col, r in enumerate(snap.timetable.rounds):
            m = snap.cell(table, r.no)
            if m is None:
                text, style = " ·", self._style("grid--empty")
            else:
                state = snap.state(m["id"], self.now)
                labels = self.labels(r.no)
                text = f" {labels[m['a']]}·{labels[m['b']]}"
                style = self._style(STATE_CLASSES[state])
            if r.ends <= self.now:
                style = style + self._overlay("grid--past")
            if (row, col) == self.marked:
                style = style + self._overlay("grid--marked")
            if (row, col) == self.cursor:  # keep the state's colour: mark, don't repaint
                style = style + self._overlay("grid--cursor")
                text = "▸" + text[1:]
            segments.append(Segment(_fit(text, self.cell_width), style))
        label = Segment(f" {table}"[:TABLE_WIDTH].ljust(TABLE_WIDTH), self._style("grid--table"))
        return label, segments


def _fit(text: str, width: int) -> str:
    from rich.cells import cell_len, set_cell_size
    return set_cell_size(text, width - 1) + " " if cell_len(text) >= width else text.ljust(width)
