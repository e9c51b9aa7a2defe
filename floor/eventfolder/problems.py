"""What is wrong in an event folder, and exactly where."""

from __future__ import annotations

from dataclasses import dataclass

from floor.domain.errors import REFUSED, FloorError


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None  # 1-based, as an editor shows it; None for a whole-file problem
    column: str | None  # "4 (country)" for CSV, a key such as "schedule.slots" for TOML
    value: str | None
    expected: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column:
            where += f", {self.column}"
        shown = f": value {shorten(self.value)!r}" if self.value is not None else ""
        return f"{where}{shown}: {self.expected}"


SHOWN_CHARS = 40


def shorten(value: str) -> str:
    """A value as a problem quotes it: enough to find it in the file, on one line."""
    one_line = value.replace("\r\n", "\n").replace("\r", "\n")
    if len(one_line) <= SHOWN_CHARS and "\n" not in one_line:
        return one_line
    return one_line.split("\n", 1)[0][:SHOWN_CHARS] + "…"


class ImportFailed(FloorError):
    """Every problem found, all at once; nothing was written. Its reason is the whole
    report, a line per problem."""

    exit_code = REFUSED

    def __init__(self, problems: list[Problem], warnings: list[str] = ()):
        self.problems = problems
        self.warnings = list(warnings)
        super().__init__(self.report())

    def report(self) -> str:
        lines = [f"{len(self.problems)} problem(s); nothing was imported:"]
        lines += [f"  {p}" for p in self.problems]
        lines += [f"  warning: {w}" for w in self.warnings]
        return "\n".join(lines)


class Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.warnings: list[str] = []

    def add(self, file: str, line: int | None, column: str | None, value: str | None,
            expected: str) -> None:
        self.problems.append(Problem(file, line, column, value, expected))

    def warn(self, text: str) -> None:
        self.warnings.append(text)
