"""Small dialogs: confirm, choose, find, re-match, walk-in. Each returns its answer via
dismiss() (ModalScreen[T]); none touches the database."""

from __future__ import annotations

from typing import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from floor.views.rematch import Proposal


class ConfirmModal(ModalScreen[bool]):
    BINDINGS = [Binding("y,enter", "answer(True)", "Yes"),
                Binding("n,escape", "answer(False)", "No")]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.question), classes="dialog-title")
            yield Label("[b]y[/b]/Enter yes · [b]n[/b]/Esc no", classes="dialog-help")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class ChoiceModal(ModalScreen[str | None]):
    """Pick one of a few options (key, label); Esc for none."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, title: str, options: list[tuple[str, str]], help_text: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.options = options
        self.help_text = help_text or "↑↓ choose · Enter accept · Esc cancel"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text), classes="dialog-title")
            yield OptionList(*[Option(Text(label), id=key) for key, label in self.options])
            yield Label(self.help_text, classes="dialog-help")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class RematchModal(ChoiceModal):
    def __init__(self, who: str, proposals: list[Proposal], labels: dict[str, str]) -> None:
        options = [(str(i), f"{labels[p.partner]} at {p.table} — {', '.join(p.reasons)}")
                   for i, p in enumerate(proposals)]
        super().__init__(f"Re-match {who}: best first", options,
                         "Enter accepts · ↑↓ another · Esc cancel")


class FindModal(ModalScreen[tuple[str, str] | None]):
    """Type part of a name, an organisation or a table; Enter jumps to it."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel"),
                Binding("down", "focus_list", show=False)]

    def __init__(self, search: Callable[[str], list[tuple[str, str, str]]],
                 title: str = "Find a participant, organisation or table") -> None:
        super().__init__()
        self.search = search
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input(placeholder="part of a name (accents optional)", id="find-input")
            yield OptionList(id="find-results")
            yield Label("Enter pick · ↓ to the list · Esc cancel", classes="dialog-help")

    def on_input_changed(self, event: Input.Changed) -> None:
        results = self.query_one(OptionList)
        results.clear_options()
        for kind, key, label in self.search(event.value):
            results.add_option(Option(Text(label), id=f"{kind}:{key}"))
        if results.option_count:
            results.highlighted = 0

    def on_input_submitted(self, event: Input.Submitted) -> None:
        results = self.query_one(OptionList)
        if results.option_count:
            option = results.get_option_at_index(results.highlighted or 0)
            self._pick(option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._pick(event.option.id)

    def action_focus_list(self) -> None:
        self.query_one(OptionList).focus()

    def _pick(self, option_id: str) -> None:
        kind, _, key = option_id.partition(":")
        self.dismiss((kind, key))
