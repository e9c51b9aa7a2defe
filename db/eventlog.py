"""The log file beside the event file (`event.log` for `event.db`, rotated): refused
actions, worker errors and every unexpected failure with its traceback. A screen or the
CLI says one sentence; the detail is here, for whoever looks after the laptop."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOGGER = "floor"
MAX_BYTES = 2_000_000
BACKUPS = 3
_attached: dict[Path, logging.Handler] = {}
# Until a log file is attached, records go nowhere: never to the terminal (Python's
# last-resort handler would print a traceback to a person).
logging.getLogger(LOGGER).addHandler(logging.NullHandler())


class QuietRotatingFileHandler(RotatingFileHandler):
    """A log that cannot be written (disk full, folder gone) is skipped without a word:
    logging's default would print its own traceback to the person at the screen."""

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        pass


def log_path(event_file: str | Path) -> Path:
    event_file = Path(event_file)
    return event_file.with_name(event_file.stem + ".log")


def attach(event_file: str | Path) -> Path | None:
    """Send the `floor` logger to the log beside `event_file` (once per file). Returns
    its path, or None when the folder cannot take a log (read-only): logging never
    stops the floor."""
    path = log_path(event_file).absolute()
    if path in _attached:
        return path
    try:
        handler = QuietRotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                      encoding="utf-8", delay=True)
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(name)s "
                                           "%(levelname)s %(message)s"))
    logger = logging.getLogger(LOGGER)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    _attached[path] = handler
    return path


def detach_all() -> None:
    logger = logging.getLogger(LOGGER)
    for handler in _attached.values():
        logger.removeHandler(handler)
        handler.close()
    _attached.clear()
