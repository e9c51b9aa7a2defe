"""The projector's three views, each a widget that pages through what does not fit:
"find your table" (FindList), the tables × rounds grid (RoomGrid) and the room's map
(RoomMap). They draw from a FloorSnapshot and the round in focus; they read nothing."""

from __future__ import annotations

import math
from datetime import datetime

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget

from floor.domain.names import fold, short_org
from floor.domain.time import RoundTime
from floor.domain.vocabulary import MAP_CLASSES, STATE_CLASSES, is_live
from floor.views.floor import FloorSnapshot
from floor.views.wall import Seat, map_kind, seats


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
                segments.append(Segment(fit(f" Round {r.no} · {r.span}",
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
