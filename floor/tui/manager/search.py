"""Find anyone from the floor: type part of a name, an organisation, an email, an id or
a table, in any script; the list follows each key (floor/views/find.py over the floor's
snapshot, in memory); Enter opens the person's card, or goes to the table in the grid.
"No match" is said as such."""

from __future__ import annotations

from typing import Callable

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from floor.views.find import Hit, no_match


def hit_text(hit: Hit) -> Text:
    if hit.person is None:
        return Text(hit.label, style="bold")
    p = hit.person
    here = ("absent", "red") if p["absent_at"] else ("here", "green") if p["checked_in_at"] \
        else ("not here yet", "yellow")
    return Text.assemble(hit.label, "  ", here)


class SearchModal(ModalScreen[tuple[str, str] | None]):
    """Dismissed with ("person", id), ("table", name) or None."""

    CSS_PATH = Path(__file__).with_name("desk.tcss")
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel"),
                Binding("down", "focus_list", show=False)]

    def __init__(self, search: Callable[[str], list[Hit]],
                 title: str = "Find anyone: name, organisation, email, id or table") -> None:
        super().__init__()
        self.search = search
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="search"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input(placeholder="part of a name, any script, accents optional",
                        id="search-input")
            yield Label("", id="search-none")
            yield OptionList(id="search-results")
            yield Label("Enter open the card · ↓ to the list · Esc cancel",
                        classes="dialog-help")

    def on_input_changed(self, event: Input.Changed) -> None:
        results = self.query_one(OptionList)
        results.clear_options()
        hits = self.search(event.value)
        results.add_options([Option(hit_text(h), id=f"{h.kind}:{h.key}") for h in hits])
        if hits:
            results.highlighted = 0
        nobody = bool(event.value.strip()) and not hits
        none = self.query_one("#search-none", Label)
        none.update(no_match(event.value) if nobody else "")
        none.display, results.display = nobody, not nobody

    def on_input_submitted(self, event: Input.Submitted) -> None:
        results = self.query_one(OptionList)
        if results.option_count:
            self._pick(results.get_option_at_index(results.highlighted or 0).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._pick(event.option.id)

    def action_focus_list(self) -> None:
        self.query_one(OptionList).focus()

    def _pick(self, option_id: str) -> None:
        kind, _, key = option_id.partition(":")
        self.dismiss((kind, key))
