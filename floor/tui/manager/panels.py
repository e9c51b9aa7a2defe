"""The floor screen's panels around the grid: header, details, legend, journal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.console import Group
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Footer, Static

from floor.domain.clock import hhmm
from floor.domain.labels import fit
from floor.domain.vocabulary import MEETING_STATES as STATES
from floor.domain.vocabulary import PHASE_WORDS, STATE_CLASSES, STATE_SHORT_WORDS
from floor.views.floor import FloorSnapshot


def _first_that_fits(variants: list[Text], width: int) -> Text:
    """The first, fullest variant that fits on one line of `width`, else the last cut."""
    for text in variants:
        if text.cell_len <= width:
            return text
    last = variants[-1].copy()
    last.truncate(width, overflow="ellipsis")
    return last


class FloorHeader(Static):
    """Two lines that never wrap: where the day is, then the counts. A narrow terminal
    gets shorter words and a cut event name, never fewer of the counts that matter
    (checked in, at risk, no-shows)."""

    _shown: tuple[FloorSnapshot, datetime] | None = None

    def show(self, snap: FloorSnapshot, now: datetime) -> None:
        self._shown = (snap, now)
        width = max(self.content_size.width or self.app.size.width, 20)
        self.update(Text("\n").join([self._where(snap, now, width),
                                      self._counts(snap, now, width)]))

    def on_resize(self) -> None:
        if self._shown:
            self.show(*self._shown)

    @staticmethod
    def _where(snap: FloorSnapshot, now: datetime, width: int) -> Text:
        phase = snap.timetable.phase(now)
        total = len(snap.timetable.rounds)
        if phase.round:
            left = phase.round.ends - now
            minutes, seconds = divmod(int(left.total_seconds()), 60)
            long = (f"Round {phase.round.no} of {total} · {phase.round.span} · "
                    f"{minutes:02d}:{seconds:02d} left")
            short = (f"R{phase.round.no}/{total} {phase.round.span} · "
                     f"{minutes:02d}:{seconds:02d} left")
        elif phase.next is None:
            long = short = PHASE_WORDS[phase.kind].capitalize()  # over, or no rounds at all
        else:
            long = (f"{PHASE_WORDS[phase.kind].capitalize()} · round {phase.next.no} at "
                    f"{phase.next.starts:%H:%M}")
            short = (f"{PHASE_WORDS[phase.kind].capitalize()} · R{phase.next.no} "
                     f"{phase.next.starts:%H:%M}")
        name = snap.event["name"]
        variants = []
        for where in (long, short):
            tail = Text.assemble("· ", (f"{now:%H:%M:%S}", "bold"), " · ", (where, "bold"))
            room = width - tail.cell_len - 3
            if room >= min(len(name), 12):
                variants.append(Text.assemble((f" {fit(name, room)} ", "bold"), tail))
        variants.append(Text.assemble((f" {now:%H:%M:%S}", "bold"), " · ", (short, "bold")))
        return _first_that_fits(variants, width)

    @staticmethod
    def _counts(snap: FloorSnapshot, now: datetime, width: int) -> Text:
        c = snap.counts(now)
        checked = f" checked in {c['checked_in']}/{c['expected']}"
        risk = ("at risk " + str(c["at_risk"]), "bold red" if c["at_risk"] else "")
        noshows = f"no-shows {c['noshow']}"
        return _first_that_fits([
            Text.assemble(checked, f" · running {c['running']} · ", risk, f" · {noshows}"
                          f" · re-matched {c['rematched']}"),
            Text.assemble(checked, " · ", risk, f" · {noshows} · re-matched {c['rematched']}"),
            Text.assemble(checked, " · ", risk, f" · {noshows}"),
        ], width)


class Legend(Static):
    """Every state in its colour; shorter words when the full ones do not fit."""

    def on_mount(self) -> None:
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        grid = self.app.query_one("FloorGrid")
        width = self.content_size.width or self.app.size.width

        def legend(words: dict[str, str], gap: str) -> Text:
            text = Text(" ")
            for state in STATES:
                text.append(f" {words[state]} ",
                            grid.get_component_rich_style(STATE_CLASSES[state]))
                text.append(gap)
            return text

        self.update(_first_that_fits([legend({s: s for s in STATES}, " "),
                                      legend(STATE_SHORT_WORDS, " "),
                                      legend(STATE_SHORT_WORDS, "")], width))


class Details(Static):
    def show(self, snap: FloorSnapshot, table: str, round_no: int, now: datetime) -> None:
        m = snap.cell(table, round_no)
        rnd = snap.timetable.get(round_no)
        title = Text(f"{table} · round {round_no} · {rnd.span}\n",
                     "bold")
        if m is None:
            self.update(Text.assemble(title, "\nFree. ", ("e", "bold"),
                                      " adds a meeting here."))
            return
        state = snap.state(m["id"], now)
        parts = [Text.assemble(title, f"meeting {m['id']} · ", (state, "bold"),
                               f" · {m['origin']}")]
        for pid in (m["a"], m["b"]):
            p = snap.people[pid]
            person = Text.assemble("\n", (p["name"], "bold"), f"  {p['id']}\n",
                                   f"{p['organisation']} · {p['country']}",
                                   f" · {p['sector']}" if p["sector"] else "", "\n")
            if p["checked_in_at"]:
                person.append(f"here since {hhmm(p['checked_in_at'])} "
                              f"({p['checked_in_station']})", "green")
            elif p["absent_at"]:
                person.append("absent for the day", "red")
            else:
                person.append("not checked in", "yellow")
            if p["home_table"]:
                person.append(f" · home table {p['home_table']}")
            parts += [person, self._agenda(snap, pid, now)]
        if m["noshow_of"]:
            parts.append(Text(f"\nno-show: {m['noshow_of']}", "red"))
        self.update(Group(*parts))

    def _agenda(self, snap: FloorSnapshot, pid: str, now: datetime) -> Text:
        """One line per meeting, never wrapped: time, table, the partner's organisation
        (cut with "…") and the state; in a narrow pane the state is its colour alone."""
        width = self.content_size.width or 44
        grid = self.app.query_one("FloorGrid")
        lines = []
        for meeting in snap.agenda(pid):
            other = snap.people[meeting["b"] if meeting["a"] == pid else meeting["a"]]
            rnd = snap.timetable.get(meeting["round"])
            state = snap.state(meeting["id"], now)
            start = f"{rnd.starts:%H:%M} {meeting['table_name']:<3} "
            if width >= 36:
                room = width - len(start) - max(len(s) for s in STATES) - 1
                lines.append(Text.assemble(start, fit(other["organisation"], room).ljust(room),
                                           " ", state))
            else:
                lines.append(Text.assemble(start, (
                    fit(other["organisation"], width - len(start)),
                    grid.get_component_rich_style(STATE_CLASSES[state]))))
        return Text("\n").join(lines)


class JournalPanel(DataTable):
    """The newest journal entries, newest first: move with the arrows, Enter asks to undo
    the entry under the cursor (whoever made it), Esc goes back to the grid."""

    BINDINGS = [Binding("enter", "pick", "Undo this entry"),
                Binding("escape", "app.toggle_journal", "Back to the grid")]

    @dataclass(eq=False)
    class Picked(Message):
        entry_id: int

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", show_row_labels=False, **kwargs)
        self._shown: tuple[int, ...] = ()

    def on_mount(self) -> None:
        self.add_columns("#", "at", "who", "what")

    def show(self, entries: list[dict]) -> None:
        """Redraw the lines, the cursor staying on the entry it was on (on the newest
        line, it stays on the newest: the panel follows the journal). Hidden, or with the
        same entries (the journal only grows), it is left as it is: the doors' scans come
        in many times a second."""
        ids = tuple(e["id"] for e in entries)
        if not self.display or ids == self._shown:
            return
        self._shown = ids
        kept = None if self.cursor_row == 0 else self._entry_under_cursor()
        undone = _taken_back(entries)
        self.clear()
        for e in entries:
            style = "dim strike" if e["id"] in undone else ""
            self.add_row(Text(f"#{e['id']}", style), Text(hhmm(e["at"]), style),
                         Text(e["actor"], style), Text(e["summary"], style), key=str(e["id"]))
        if kept is not None and str(kept) in self.rows:
            self.move_cursor(row=self.get_row_index(str(kept)))
        else:
            self.move_cursor(row=0)

    def _entry_under_cursor(self) -> int | None:
        if not self.row_count:
            return None
        key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return int(key.value)

    def action_pick(self) -> None:
        entry_id = self._entry_under_cursor()
        if entry_id is not None:
            self.post_message(self.Picked(entry_id))


def _taken_back(entries: list[dict]) -> set[int]:
    """The ids of the entries an undo still in effect took back. An entry's undos are all
    newer than it, so among the newest entries each one's fate is known."""
    undoers: dict[int, list[int]] = {}
    for e in entries:
        if e["undoes"] is not None:
            undoers.setdefault(e["undoes"], []).append(e["id"])
    taken: set[int] = set()
    for e in sorted(entries, key=lambda e: e["id"], reverse=True):  # newest decided first
        if any(u not in taken for u in undoers.get(e["id"], ())):
            taken.add(e["id"])
    return taken

class FloorFooter(Footer):
    """The footer of a narrow terminal keeps the keys a manager needs at any moment
    (ESSENTIAL), then the others in order while they fit; every action stays in the
    command palette (ctrl+p)."""

    ESSENTIAL = frozenset({"undo", "redo", "outcome", "day", "toggle_journal", "quit"})

    def compose(self) -> ComposeResult:
        widgets = list(super().compose())
        width = self.size.width or self.app.size.width
        keys = [w for w in widgets if getattr(w, "action", None)
                and not w.has_class("-command-palette")]
        room = width - sum(_footer_width(w) for w in widgets if w not in keys)
        shown = [k for k in keys if k.action in self.ESSENTIAL]
        room -= sum(_footer_width(k) for k in shown)
        for key in keys:
            if key not in shown and _footer_width(key) <= room:
                shown.append(key)
                room -= _footer_width(key)
        kept = [w for w in widgets if w not in keys or w in shown]
        self.styles.grid_size_columns = len(kept)
        yield from kept

    _width = 0

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._width:
            self._width = event.size.width
            self.call_after_refresh(self.recompose)


def _footer_width(widget) -> int:
    """What a footer key takes: " u Undo " (Textual's padding around key and words)."""
    return (len(getattr(widget, "key_display", "")) + len(getattr(widget, "description", ""))
            + 3)
