"""The walk-in form both the door and the floor manager use: name, organisation, country,
sector. It answers through dismiss() (ModalScreen[T]) and never touches the database."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static


class WalkInForm(ModalScreen[dict | None]):
    """Name, organisation, country, sector; Enter goes to the next field, then registers.
    That a name and a country were typed is checked here for a quick answer; the op
    (floor.ops.add_participant) is the rule and says why when it refuses, and the form
    comes back with what was typed."""

    BINDINGS = [Binding("escape", "cancel", "cancel")]
    FIELDS = (("name", "Name"), ("organisation", "Organisation"),
              ("country", "Country (IT or Italy, FR, GR, MT…)"), ("sector", "Sector"))

    def __init__(self, values: dict | None = None, error: str = "",
                 title: str = "Walk-in: register and check in"):
        super().__init__()
        self.values = values or {}
        self.error = error
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(id="walkin", classes="dialog"):
            yield Static(Text(self.title_text, style="bold"), classes="dialog-title")
            for key, label in self.FIELDS:
                yield Label(label)
                yield Input(self.values.get(key, ""), placeholder=label, id=f"walkin-{key}")
            yield Static(self.error, id="walkin-error")
            yield Static("Enter: next field, then register · Esc: cancel", classes="dialog-help")
            yield Button("Register (Enter)", id="walkin-ok", variant="success")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        keys = [k for k, _ in self.FIELDS]
        here = event.input.id.removeprefix("walkin-")
        if here != keys[-1]:
            self.query_one(f"#walkin-{keys[keys.index(here) + 1]}", Input).focus()
        else:
            self.submit()

    @on(Button.Pressed, "#walkin-ok")
    def submit(self) -> None:
        values = {k: self.query_one(f"#walkin-{k}", Input).value.strip()
                  for k, _ in self.FIELDS}
        problem = ("a name is needed" if not values["name"] else
                   "a country is needed: its code (IT) or its name (Italy)"
                   if not values["country"] else "")
        if problem:
            self.query_one("#walkin-error", Static).update(problem)
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)
