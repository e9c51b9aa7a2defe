"""The floor manager's screen: the live grid, the details, one-key actions, undo.

This module is the plumbing (layout, the live feed, the worker that runs an action,
the messages back); what each key does is in actions.py."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen

from db import journal
from db.backup import rolling_backup
from floor import ops
from floor.domain.clock import Clock
from floor.tui.live import LiveScreen, snapshot_after
from floor.tui.manager.actions import FloorActions
from floor.tui.manager.grid import FloorGrid
from floor.tui.manager.panels import Details, FloorFooter, FloorHeader, JournalPanel, Legend
from floor.tui.messages import ActionDone, ActionRefused, SnapshotLoaded
from floor.views.floor import FloorSnapshot, load_snapshot

POLL_SECONDS = 0.1  # PRAGMA data_version costs microseconds
BACKUP_SECONDS = 5 * 60
JOURNAL_LINES = 40


def newest_first(new: list[dict], known: list[dict]) -> list[dict]:
    """The newest JOURNAL_LINES entries of both, newest first, each once (the feed also
    reports this screen's own actions, which the read after them already showed)."""
    by_id = {e["id"]: e for e in known} | {e["id"]: e for e in new}
    return [by_id[i] for i in sorted(by_id, reverse=True)[:JOURNAL_LINES]]


class FloorApp(LiveScreen, FloorActions, App):
    CSS_PATH = Path(__file__).with_name("manager.tcss")  # absolute: subclasses live elsewhere
    TITLE = "floor"
    BINDINGS = [
        Binding("n", "noshow", "No-show", id="noshow", tooltip="Confirm a no-show"),
        Binding("r", "rematch", "Re-match", id="rematch",
                tooltip="Find a new partner for the person left alone"),
        Binding("i", "checkin", "Check in", id="checkin"),
        Binding("e", "meet", "Add meeting", id="meet"),
        Binding("m", "pick('move')", "Move", id="move"),
        Binding("s", "pick('swap')", "Swap", id="swap"),
        Binding("c", "cancel_meeting", "Cancel", id="cancel"),
        Binding("h", "held", "Held", id="held"),
        Binding("a", "absent", "Absent", id="absent"),
        Binding("w", "walk_in", "Walk-in", id="walkin"),
        Binding("f,slash", "find", "Find", id="find",
                tooltip="Find anyone by name, organisation, email or table; Enter: their card"),
        # Not in the footer, which is full already: the palette (ctrl+p) and README list them.
        Binding("p", "person", "Person card", id="person", show=False,
                tooltip="The card of someone in the selected meeting"),
        Binding("l", "not_arrived", "Not here yet", id="not_arrived", show=False,
                tooltip="Who is not here yet, late ones first"),
        Binding("u", "undo", "Undo", id="undo"),
        Binding("U,ctrl+y", "redo", "Redo", id="redo"),
        Binding("o", "outcome", "Outcome", id="outcome",
                tooltip="Record how a meeting went"),
        Binding("d", "day", "Day", id="day", tooltip="The day's figures, live"),
        Binding("j", "toggle_journal", "Journal", id="journal"),
        Binding("enter", "place", "Place", show=False),
        Binding("escape", "unpick", "Stop", show=False),
        Binding("q", "quit", "Quit", id="quit"),
    ]

    grid_class = FloorGrid  # the benchmark swaps in a timed subclass

    # The App's bindings stay active under a pushed screen (the Day screen): the floor's
    # own keys act only while the floor is the screen on top (see check_action).
    APP_WIDE_ACTIONS = frozenset({"quit"})

    def __init__(self, db_path: str | Path, clock: Clock, *, actor: str = "manager",
                 poll_seconds: float = POLL_SECONDS, backups: bool = True) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.clock = clock
        self.actor = actor
        self.poll_seconds = poll_seconds
        self.backups = backups
        self.snapshot: FloorSnapshot | None = None
        self.journal: list[dict] = []  # the newest entries, newest first
        self.picking: tuple[str, int] | None = None  # ("move"|"swap", meeting id)

    # -- layout and life cycle ---------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield FloorHeader(id="header")
        with Horizontal(id="main"):
            yield self.grid_class(id="grid")
            yield Details(id="details")
        yield JournalPanel(id="journal")
        yield Legend(id="legend")
        yield FloorFooter()

    def on_mount(self) -> None:
        self.query_one(FloorGrid).focus()
        self.start_live(self.db_path)
        self.set_interval(1.0, self.tick)

    def live_opened(self) -> None:
        if self.backups:
            self.set_interval(BACKUP_SECONDS, self.backup)

    def tick(self) -> None:
        if self.snapshot and self._grid_shown():
            now = self.clock.now()
            self.query_one(FloorHeader).show(self.snapshot, now)
            self.query_one(FloorGrid).tick(now)
            self._show_details()

    # -- database work, always in threads -------------------------------------------------
    def first_read(self, db) -> SnapshotLoaded:
        return self._read_all(db)

    def read_changes(self, entries: list[dict]) -> SnapshotLoaded | None:
        if not entries:
            return None
        return SnapshotLoaded(snapshot_after(self.snapshot, entries, self.pool),
                              newest_first(entries, self.journal))

    @staticmethod
    def _read_all(db) -> SnapshotLoaded:
        return SnapshotLoaded(load_snapshot(db),
                              journal.entries(db, limit=JOURNAL_LINES, newest_first=True))

    @work(thread=True, group="db", exit_on_error=False)
    def backup(self) -> None:
        with self.live_db() as db:
            rolling_backup(db, self.db_path)

    @work(thread=True, group="ops", exit_on_error=False)
    def run_op(self, action: Callable, *args, **kwargs) -> None:
        """One floor.ops action; a refusal comes back as its reason, anything else goes
        to the log and the screen says one sentence (floor.tui.live)."""
        with self.live_db() as db:
            try:
                done = action(db, *args, clock=self.clock, **kwargs)
            except ops.Refused as refusal:
                self.post_message(ActionRefused(refusal.reason))
                return
            self.post_message(ActionDone(done.summary, done.entry_id))
            self.post_message(self._read_all(db))  # at once, not at the next poll

    # -- messages back ------------------------------------------------------------------
    def on_snapshot_loaded(self, message: SnapshotLoaded) -> None:
        self.snapshot = message.snapshot
        self.journal = message.journal
        if not self._grid_shown():
            return
        now = self.clock.now()
        self.query_one(FloorGrid).show(message.snapshot, now)
        self.query_one(FloorHeader).show(message.snapshot, now)
        self.query_one(JournalPanel).show(message.journal)
        self._show_details()

    def on_action_done(self, message: ActionDone) -> None:
        # Summaries and reasons carry people's names: text, never markup.
        self.notify(f"#{message.entry_id} {message.summary}", timeout=6, markup=False)

    def on_action_refused(self, message: ActionRefused) -> None:
        self.notify(message.reason, title="Refused", severity="error", timeout=10,
                    markup=False)

    def on_floor_grid_cursor_moved(self, message: FloorGrid.CursorMoved) -> None:
        self._show_details()

    def _grid_shown(self) -> bool:
        """False while the app closes: a tick or a late message may still arrive after its
        widgets are gone (seen once in a test as NoMatches on the default screen)."""
        return not self.live_closing and bool(self.query(FloorHeader))

    def _show_details(self) -> None:
        selected = self.query_one(FloorGrid).selected
        if self.snapshot and selected:
            self.query_one(Details).show(self.snapshot, *selected, self.clock.now())

    def action_toggle_journal(self) -> None:
        """Show the journal and move into it (Enter on a line asks to undo it), or hide
        it and go back to the grid."""
        panel = self.query_one(JournalPanel)
        panel.display = not panel.display
        if panel.display:
            panel.show(self.journal)
        (panel if panel.display else self.query_one(FloorGrid)).focus()

    # -- keys --------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.APP_WIDE_ACTIONS or action not in _floor_actions(self.BINDINGS):
            return True
        return not self._covered()

    def _covered(self) -> bool:
        """A full screen (the Day) is over the floor: the grid is hidden, so are its keys
        (a modal dialog stops the App's keys by itself)."""
        return any(not screen.is_modal for screen in self.screen_stack[1:])

    # -- command palette ---------------------------------------------------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if self._covered():  # over the Day screen: the floor's actions are not on offer
            return
        for binding in self.BINDINGS:
            if binding.id and binding.id != "quit":
                yield SystemCommand(binding.description, binding.tooltip or binding.description,
                                    lambda action=binding.action: self.run_action(action))


def _floor_actions(bindings: Iterable[Binding]) -> set[str]:
    """The action names the floor's keys call ("pick('move')" -> "pick")."""
    return {binding.action.partition("(")[0] for binding in bindings}


def make_floor_app(db_path: str | Path, clock: Clock, **kwargs) -> FloorApp:
    """The one way to build the floor screen: the CLI, the tests and the snapshots."""
    return FloorApp(db_path, clock, **kwargs)
