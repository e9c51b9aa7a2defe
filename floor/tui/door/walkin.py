"""The door's walk-in modals: the form (name, organisation, country, sector) and the new
badge on screen. Each answers through dismiss() (ModalScreen[T]); neither touches the
database: the door app registers the person in its worker."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from floor.tui.messages import WalkInDone


class WalkInScreen(ModalScreen[dict | None]):
    BINDINGS = [Binding("escape", "cancel", "cancel")]
    FIELDS = (("name", "Name"), ("organisation", "Organisation"),
              ("country", "Country (two letters: IT, FR, GR, MT…)"), ("sector", "Sector"))

    def __init__(self, values: dict | None = None, error: str = ""):
        super().__init__()
        self.values = values or {}
        self.error = error

    def compose(self) -> ComposeResult:
        with Vertical(id="walkin"):
            yield Static(Text("Walk-in: register and check in", style="bold"))
            for key, label in self.FIELDS:
                yield Label(label)
                extra = {"max_length": 2, "restrict": r"[A-Za-z]*"} if key == "country" else {}
                yield Input(self.values.get(key, ""), id=f"walkin-{key}", **extra)
            yield Static(self.error, id="walkin-error")
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
        values["country"] = values["country"].upper()
        problem = ("a name is needed" if not values["name"] else
                   "the country is two letters, such as IT, FR, GR, MT"
                   if len(values["country"]) != 2 else "")
        if problem:
            self.query_one("#walkin-error", Static).update(problem)
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)


class WalkInResultScreen(ModalScreen[None]):
    """The new badge on screen. The next scan (or Esc / Enter) closes it; a scan is not
    lost: its keys go on to the door's buffer."""

    def __init__(self, done: WalkInDone):
        super().__init__()
        self.done = done

    def compose(self) -> ComposeResult:
        p = self.done.participant
        with Vertical(id="walkin-result"):
            yield Static(Text(f"{p['id']} {p['name']} ({p['organisation']}, {p['country']}) "
                              "is registered and checked in", style="bold"))
            yield Static(Text(self.done.meeting_line))  # names are user text, not markup
            yield Static(self.done.qr_text, id="walkin-qr")
            saved = f"QR saved as {self.done.png}" if self.done.png else "QR not saved"
            yield Static(Text(f"badge code {self.done.token} · {saved}"))
            yield Static("Esc or Enter to close · print with: floor badges --only "
                         f"{p['id']}", classes="hint")

    def on_key(self, event: Key) -> None:
        event.stop()
        event.prevent_default()
        if event.key in ("escape", "enter"):
            self.dismiss(None)
            return
        self.dismiss(None)
        self.app.take_key(event)
