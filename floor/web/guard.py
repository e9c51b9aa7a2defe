"""Who may open a served screen, and how many at once: the role's key, the page's origin,
and the slots (each tab is a child process of about 60 MB).

Pure bookkeeping, no web server: `serve.py` asks these questions for every request."""

from __future__ import annotations

import hmac
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

# Capital letters and digits without the look-alikes (0/O, 1/I/L): easy to read off a
# screen and to type on a tablet. 10 of 31 symbols are 49 bits: far beyond guessing over
# HTTP, short enough to type.
KEY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
KEY_LENGTH = 10

# How long a page that was handed a slot may take to open its websocket.
TICKET_SECONDS = 30.0


def new_key() -> str:
    return "".join(secrets.choice(KEY_ALPHABET) for _ in range(KEY_LENGTH))


def key_matches(given: str | None, key: str | None) -> bool:
    """True when no key is needed, or `given` is exactly the key as printed (same case);
    compared in constant time so the answer's timing says nothing about the key."""
    if key is None:
        return True
    if given is None:
        return False
    return hmac.compare_digest(given.encode("utf-8", "replace"), key.encode("utf-8"))


LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


def origin_allowed(origin: str | None, *, port: int, local_address: str | None,
                   names: Iterable[str]) -> bool:
    """Is `origin` (the Origin header of a websocket upgrade) one of our own pages?

    A browser always sends Origin with a websocket; a page from another site, even one
    whose name an attacker points at this laptop, carries its own site's name, never
    ours. Ours are: the address the browser actually reached (`local_address`, this end
    of the socket), the names we serve under (`names`), and `localhost` when reached
    over loopback; on our port."""
    if not origin:
        return False
    try:
        parts = urlsplit(origin)
        origin_port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or origin_port != port or not parts.hostname:
        return False
    allowed = {name.lower().strip("[]") for name in names}
    if local_address and local_address.lower().startswith("::ffff:"):
        local_address = local_address[7:]  # IPv4 reached through a dual-stack socket
    if local_address:
        allowed.add(local_address.lower())
        if local_address.startswith("127.") or local_address == "::1":
            allowed.update(LOOPBACK_NAMES)
    return parts.hostname.lower() in allowed


@dataclass
class Slots:
    """At most `cap` sessions of one role. A page that may open a session gets a ticket
    (a slot held for it until its websocket comes, or for TICKET_SECONDS); the websocket
    trades the ticket for the session; a closed session frees its slot. The ticket is
    what the page's websocket URL carries: used once, it is worth nothing afterwards."""

    cap: int
    clock: Callable[[], float] = time.monotonic
    live: int = 0
    _tickets: dict[str, float] = field(default_factory=dict)

    def _forget_stale(self) -> None:
        now = self.clock()
        for ticket in [t for t, until in self._tickets.items() if until < now]:
            del self._tickets[ticket]

    def taken(self) -> int:
        self._forget_stale()
        return self.live + len(self._tickets)

    def reserve(self) -> str | None:
        """A ticket for one new session, or None when every slot is taken."""
        if self.taken() >= self.cap:
            return None
        ticket = secrets.token_urlsafe(18)
        self._tickets[ticket] = self.clock() + TICKET_SECONDS
        return ticket

    def claim(self, ticket: str | None) -> bool:
        """Trade a ticket for a live session (once)."""
        self._forget_stale()
        if ticket is None or self._tickets.pop(ticket, None) is None:
            return False
        self.live += 1
        return True

    def release(self) -> None:
        self.live = max(0, self.live - 1)
