"""Who is not here yet, over the floor: everyone expected and not checked in, with their
next meeting and partner, late ones first (floor/views/arrivals.py). Live: read again
when the file changes and every REFRESH_SECONDS (lateness follows the clock). Enter opens
the person's card over the list."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, OptionList
from textual.widgets.option_list import Option

from db.connection import ConnectionPool
from floor.domain.clock import Clock
from floor.tui.live import LiveScreen
from floor.tui.manager.person import PersonScreen
from floor.views.arrivals import Awaited, not_arrived

POLL_SECONDS = 0.5
REFRESH_SECONDS = 15.0


@dataclass(eq=False)
class ArrivalsLoaded(Message):
    awaited: list[Awaited]

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, ArrivalsLoaded)


def awaited_text(a: Awaited) -> Text:
    p = a.person
    when = (a.when(), "bold red" if a.late else "yellow" if a.minutes is not None else "dim")
    return Text.assemble(f"{p['id']:<5} ", (p["name"], "bold"),
                         f" · {p['organisation']}  " if p["organisation"] else "  ",
                         when, f"  {a.meeting()}")


class ArrivalsScreen(LiveScreen, ModalScreen[tuple[str, int] | None]):
    """Dismissed with (table, round) when a card asks to show someone in the grid."""

    CSS_PATH = Path(__file__).with_name("desk.tcss")
    BINDINGS = [Binding("escape", "dismiss(None)", "Close", id="arrivals.close")]

    def __init__(self, pool: ConnectionPool, clock: Clock, *,
                 poll_seconds: float = POLL_SECONDS,
                 refresh_seconds: float = REFRESH_SECONDS) -> None:
        super().__init__()
        self.lent_pool = pool
        self.clock = clock
        self.poll_seconds = poll_seconds
        self.refresh_seconds = refresh_seconds
        self.awaited: list[Awaited] | None = None
        self._last_read = 0.0

    def compose(self) -> ComposeResult:
        with Vertical(id="arrivals"):
            yield Label("Not here yet", id="arrivals-title")
            yield OptionList(id="arrivals-list")
            yield Label("late ones first, then the soonest meeting · Enter their card · "
                        "Esc close", id="arrivals-help")
        yield Footer()

    def on_mount(self) -> None:
        self.start_live(self.lent_pool.path, pool=self.lent_pool)

    def first_read(self, db) -> ArrivalsLoaded:
        return self._read(db)

    def read_changes(self, entries: list[dict]) -> ArrivalsLoaded | None:
        if entries or time.monotonic() - self._last_read >= self.refresh_seconds:
            with self.pool.borrow() as db:
                return self._read(db)
        return None

    def _read(self, db) -> ArrivalsLoaded:
        found = not_arrived(db, self.clock.now())
        self._last_read = time.monotonic()
        return ArrivalsLoaded(found)

    def on_arrivals_loaded(self, message: ArrivalsLoaded) -> None:
        self.awaited = message.awaited
        late = sum(a.late for a in message.awaited)
        self.query_one("#arrivals-title", Label).update(
            f"Not here yet: {len(message.awaited)}" + (f", {late} late for a meeting that "
                                                      "has started" if late else "")
            if message.awaited else "Everyone expected is here.")
        options = self.query_one(OptionList)
        keep = options.highlighted_option.id if options.highlighted_option else None
        options.clear_options()
        options.add_options([Option(awaited_text(a), id=a.person["id"])
                             for a in message.awaited])
        ids = [a.person["id"] for a in message.awaited]
        if ids:
            options.highlighted = ids.index(keep) if keep in ids else 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        def back(where: tuple[str, int] | None) -> None:
            if where:
                self.dismiss(where)

        self.app.push_screen(PersonScreen(self.lent_pool, event.option.id, self.clock), back)
