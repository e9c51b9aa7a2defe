"""`floor serve`: the projector, the door or the manager's screen in a browser.

textual-serve runs one copy of the screen per browser tab (a child process speaking to
the page over a websocket); every child opens the event file itself, so the laptop that
holds the file stays the hub (DESIGN.md, "Beyond one laptop").

- Binds 127.0.0.1 unless `--host` says otherwise (`--host 0.0.0.0` for the venue network).
- The projector role is read-only; the door can only check in and register walk-ins; the
  manager role needs a key (printed at start, carried in the URL, or asked for by a form).
- No asset from outside the laptop: our own page template (textual-serve's default one
  links a Google web font), with the monospace font textual-serve ships.
- Prints the URLs to open and a QR code of the projector's URL.
"""

from __future__ import annotations

import hmac
import secrets
import shlex
import socket
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

ROLES = ("projector", "door", "manager")
DEFAULT_PORTS = {"projector": 8000, "door": 8001, "manager": 8002}
TEMPLATES = Path(__file__).with_name("templates")
TITLES = {"projector": "floor · projector", "door": "floor · door",
          "manager": "floor · manager"}


def child_command(role: str, db_path: Path, *, now: str | None = None, speed: float = 1.0,
                  anchor: datetime | None = None, view: str = "cycle",
                  station: str = "web door") -> str:
    """The shell command textual-serve runs for each browser tab."""
    args = [sys.executable, "-m", "floor", "serve-child", role,
            "--db", str(Path(db_path).resolve())]
    if now is not None:
        args += ["--now", now, "--speed", str(speed)]
        if anchor is not None:
            args += ["--anchor", anchor.isoformat()]
    if role == "projector":
        args += ["--view", view]
    if role == "door":
        args += ["--station", station]
    return shlex.join(args)


def lan_addresses() -> list[str]:
    """This laptop's IPv4 addresses other than loopback (for `--host 0.0.0.0`), from its
    own name: no packet leaves the machine when /etc/hosts knows it."""
    found: list[str] = []
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            address = info[4][0]
            if not address.startswith("127.") and address not in found:
                found.append(address)
    except OSError:
        pass
    return found


def urls(role: str, host: str, port: int, secret: str | None) -> list[str]:
    hosts = [host]
    if host in ("0.0.0.0", "", "::"):
        hosts = lan_addresses() or ["127.0.0.1"]
    key = f"?key={secret}" if secret else ""
    return [f"http://{h}:{port}/{key}" for h in hosts]


def qr_url(url: str) -> str:
    """The URL as a QR code can hold it in alphanumeric mode (upper case: the scheme and
    the host do not care), key and query left off."""
    return url.split("?")[0].upper()


def banner(role: str, addresses: list[str], *, db_path: Path) -> str:
    from floor.output.qr import half_blocks

    lines = [f"floor serve: the {role} of {db_path.name}, in a browser", ""]
    for url in addresses:
        lines.append(f"  open  {url}")
    if role == "projector":
        lines.append("  (bigger text for a far wall: add ?fontsize=24 to the URL)")
    if role == "manager":
        lines.append("  the key is in the URL: give it only to the floor team")
    lines.append("")
    if role == "projector":
        lines.append(half_blocks(qr_url(addresses[0]), border=2))
        lines.append("")
    lines.append("Ctrl+C stops the server.")
    return "\n".join(lines)


def make_server(role: str, db_path: Path, *, host: str = "127.0.0.1", port: int | None = None,
                secret: str | None = None, command: str | None = None):
    """A textual-serve Server for one role; `secret` (manager) guards the page and the
    websocket."""
    import aiohttp_jinja2
    import jinja2
    from aiohttp import web
    from textual_serve.server import Server, to_int

    port = port or DEFAULT_PORTS[role]
    command = command or child_command(role, db_path)

    class FloorServer(Server):
        def _allowed(self, given: str | None) -> bool:
            return secret is None or (given is not None
                                      and hmac.compare_digest(given.encode(), secret.encode()))

        async def _make_app(self) -> web.Application:
            app = web.Application()
            aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(str(TEMPLATES)))
            app.add_routes([
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/ws/{key}", self.handle_websocket, name="websocket-key"),
                web.static("/static", self.statics_path, name="static"),
            ])
            app.on_startup.append(self.on_startup)
            app.on_shutdown.append(self.on_shutdown)
            return app

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            given = request.query.get("key")
            if not self._allowed(given):
                response = aiohttp_jinja2.render_template(
                    "floor_key.html", request, {"title": self.title, "wrong": given is not None})
                response.set_status(401 if given is None else 403)
                return response
            ws = f"ws://{request.host}/ws" + (f"/{secret}" if secret else "")
            context: dict[str, Any] = {
                "title": self.title,
                "font_size": min(max(to_int(request.query.get("fontsize", "16"), 16), 6), 96),
                "static_url": "/static/",
                "websocket_url": ws,
            }
            response = aiohttp_jinja2.render_template("floor_index.html", request, context)
            response.headers["Cache-Control"] = "no-store"
            response.headers["Referrer-Policy"] = "no-referrer"  # the key stays here
            return response

        async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
            if not self._allowed(request.match_info.get("key")):
                raise web.HTTPForbidden(text="a key is needed")
            return await super().handle_websocket(request)

        async def on_startup(self, app: web.Application) -> None:
            addresses = urls(role, host, port, secret)
            self.console.print(banner(role, addresses, db_path=Path(db_path)),
                               highlight=False, markup=False, soft_wrap=True)

    return FloorServer(command, host=host, port=port, title=TITLES[role])


def new_secret() -> str:
    return secrets.token_hex(12).upper()


def serve(role: str, db_path: Path, *, host: str = "127.0.0.1", port: int | None = None,
          now: str | None = None, speed: float = 1.0, view: str = "cycle",
          station: str = "web door") -> None:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    secret = new_secret() if role == "manager" else None
    command = child_command(role, db_path, now=now, speed=speed, anchor=datetime.now(),
                            view=view, station=station)
    server = make_server(role, db_path, host=host, port=port, secret=secret, command=command)
    server.serve()
