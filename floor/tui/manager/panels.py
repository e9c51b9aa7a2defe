"""The floor screen's panels around the grid: header, details, legend, journal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Static

from floor.domain.clock import hhmm
from floor.domain.vocabulary import MEETING_STATES as STATES
from floor.domain.vocabulary import PHASE_WORDS, STATE_CLASSES
from floor.views.floor import FloorSnapshot


class FloorHeader(Static):
    def show(self, snap: FloorSnapshot, now: datetime) -> None:
        phase = snap.timetable.phase(now)
        total = len(snap.timetable.rounds)
        if phase.round:
            left = phase.round.ends - now
            minutes, seconds = divmod(int(left.total_seconds()), 60)
            where = (f"Round {phase.round.no} of {total} · {phase.round.span} · "
                     f"{minutes:02d}:{seconds:02d} left")
        elif phase.next is None:
            where = PHASE_WORDS[phase.kind].capitalize()  # over, or no rounds at all
        else:
            where = (f"{PHASE_WORDS[phase.kind].capitalize()} · round {phase.next.no} at "
                     f"{phase.next.starts:%H:%M}")
        c = snap.counts(now)
        line = Text.assemble(
            (f" {snap.event['name']} ", "bold"), "· ", (f"{now:%H:%M:%S}", "bold"), " · ",
            (where, "bold"), "\n",
            f" checked in {c['checked_in']}/{c['expected']} · running {c['running']} · ",
            ("at risk " + str(c["at_risk"]), "bold red" if c["at_risk"] else ""),
            f" · no-shows {c['noshow']} · re-matched {c['rematched']}")
        self.update(line)


class Legend(Static):
    def on_mount(self) -> None:
        grid = self.app.query_one("FloorGrid")
        text = Text(" ")
        for state in STATES:
            text.append(f" {state} ", grid.get_component_rich_style(STATE_CLASSES[state]))
            text.append(" ")
        self.update(text)


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

    @staticmethod
    def _agenda(snap: FloorSnapshot, pid: str, now: datetime) -> Table:
        table = Table.grid(padding=(0, 1))
        for meeting in snap.agenda(pid):
            other = snap.people[meeting["b"] if meeting["a"] == pid else meeting["a"]]
            rnd = snap.timetable.get(meeting["round"])
            table.add_row(f"{rnd.starts:%H:%M}", meeting["table_name"],
                          Text(other["organisation"][:18]), snap.state(meeting["id"], now))
        return table


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
