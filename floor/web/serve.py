"""`floor serve`: the projector, the door or the manager's screen in a browser.

textual-serve runs one copy of the screen per browser tab (a child process speaking to
the page over a websocket); every child opens the event file itself, so the laptop that
holds the file stays the hub (DESIGN.md, "Beyond one laptop").

- Binds 127.0.0.1 unless `--host` says otherwise (`--host 0.0.0.0` for the venue network).
- The projector is read-only and open to anyone who can reach it. The door and the
  manager each need their own key, made at start and printed with the URLs (the key is in
  the URL and its QR code, or typed into the form a page without it shows).
- A websocket opens only from one of our own pages (its Origin is this server) and only
  with the one-time ticket that page was given: a page from another site, open in a
  browser on the same laptop, cannot start or drive a screen.
- At most `max_tabs` tabs of the role at once (each is a ~60 MB process); one more gets a
  page saying so, which tries again by itself.
- The access log never shows a key or a ticket.
- No asset from outside the laptop: our own page templates (textual-serve's default one
  links a Google web font), with the monospace font textual-serve ships.
"""

from __future__ import annotations

import asyncio
import logging
import shlex
import signal
import socket
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from floor.web.guard import Slots, key_matches, new_key, origin_allowed

ROLES = ("projector", "door", "manager")
KEYED_ROLES = ("door", "manager")
DEFAULT_PORTS = {"projector": 8000, "door": 8001, "manager": 8002}
DEFAULT_TABS = {"projector": 4, "door": 6, "manager": 3}
TEMPLATES = Path(__file__).with_name("templates")
TITLES = {"projector": "floor · projector", "door": "floor · door",
          "manager": "floor · manager"}
WHO_GETS_THE_KEY = {"door": "the people at the door", "manager": "the floor team"}
CHILD_EXIT_SECONDS = 10  # how long a closed tab's screen may take to quit
RETRY_SECONDS = 5  # how often the "tabs are open already" page tries again
SECURITY_HEADERS = {
    "Referrer-Policy": "no-referrer",  # the key in the URL goes nowhere else
    "X-Frame-Options": "DENY",  # no other site frames our pages
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
}

log = logging.getLogger("floor.web")


def child_command(role: str, db_path: Path, *, now: str | None = None, speed: float = 1.0,
                  anchor: datetime | None = None, view: str = "cycle",
                  station: str = "web door") -> str:
    """The shell command textual-serve runs for each browser tab (`exec`: the tab's
    process is the screen itself, not a shell waiting on it)."""
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
    return "exec " + shlex.join(args)


def lan_addresses() -> list[str]:
    """This laptop's IPv4 addresses other than loopback (for `--host 0.0.0.0`): those of
    its own name, and the one its routes would send from (a UDP socket's `connect` only
    looks the route up: no packet leaves the machine)."""
    found: list[str] = []
    try:
        found += [info[4][0] for info in
                  socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)]
    except OSError:
        pass
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.254.254.254", 9))
            found.append(probe.getsockname()[0])
    except OSError:  # no network at all: loopback it is
        pass
    return list(dict.fromkeys(a for a in found if not a.startswith(("127.", "0."))))


def is_wildcard(host: str) -> bool:
    return host in ("0.0.0.0", "", "::")


def urls(role: str, host: str, port: int, key: str | None) -> list[str]:
    """The URLs to open, the key in the path (where a QR code can carry it)."""
    hosts = [host]
    if is_wildcard(host):
        hosts = lan_addresses() or ["127.0.0.1"]
    return [f"http://{h}:{port}/{key or ''}" for h in hosts]


def port_is_free(host: str, port: int) -> bool:
    """Can `floor serve` listen there? (Another server, often a second `floor serve` of
    the same role, may hold the port.)"""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as aiohttp binds
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def served_names(host: str) -> list[str]:
    """The names a browser may use for this server, beside the address it reached."""
    names = [socket.gethostname(), socket.gethostname() + ".local"]
    if not is_wildcard(host):
        names.append(host)
    return names


def qr_url(url: str) -> str:
    """The URL as a QR code can hold it in alphanumeric mode: upper case (the scheme and
    the host do not care; a key is upper case already)."""
    return url.upper()


def tabs_phrase(count: int, role: str) -> str:
    return f"1 {role} tab is" if count == 1 else f"{count} {role} tabs are"


def banner(role: str, addresses: list[str], *, db_path: Path, key: str | None,
           max_tabs: int) -> str:
    from floor.output.qr import half_blocks

    # The QR code first: what a person reads off the screen stays in sight at the bottom.
    lines = [f"floor serve: the {role} of {db_path.name}, in a browser", "",
             half_blocks(qr_url(addresses[0]), border=2), ""]
    for url in addresses:
        lines.append(f"  open  {url}")
    if key:
        lines.append(f"  key   {key}")
        lines.append("        capital letters and digits (no O, 0, I, 1 or L), typed as shown;")
        lines.append(f"        a page opened without it asks for it. Give it only to "
                     f"{WHO_GETS_THE_KEY[role]}.")
    if role == "projector":
        lines.append("  (bigger text for a far wall: add ?fontsize=24 to the URL)")
    lines.append(f"  at most {max_tabs} {role} tabs at once (--max-tabs)")
    lines.append("")
    lines.append("Ctrl+C stops the server.")
    return "\n".join(lines)


def redacted_path(path: str, query_string: str) -> str:
    """A request's path as the access log may show it: never a key or a ticket (the
    query is left off; a path that may be a key, or a websocket's ticket, is elided)."""
    if path.startswith("/static/"):
        shown = path
    elif path.startswith("/ws/"):
        shown = "/ws/…"
    elif path == "/":
        shown = "/"
    else:
        shown = "/…"
    return shown + ("?…" if query_string else "")


class IntoEventLog(logging.Handler):
    """textual-serve's and aiohttp's own warnings and errors (a tab's screen that failed,
    a server fault), with their traceback, into the log beside the event file."""

    def emit(self, record: logging.LogRecord) -> None:
        for handler in logging.getLogger("floor").handlers:
            if record.levelno >= handler.level:
                handler.handle(record)


class ConsoleFormatter(logging.Formatter):
    """One line a record on the serve console: never a traceback (the log keeps it)."""

    def format(self, record: logging.LogRecord) -> str:
        return f"{self.formatTime(record, '%H:%M:%S')} {record.getMessage()}"


def make_server(role: str, db_path: Path, *, host: str = "127.0.0.1", port: int | None = None,
                key: str | None = None, command: str | None = None,
                max_tabs: int | None = None):
    """A textual-serve Server for one role; `key` (door, manager) guards the page."""
    import aiohttp_jinja2
    import jinja2
    from aiohttp import web
    from aiohttp.abc import AbstractAccessLogger
    from textual_serve.app_service import AppService
    from textual_serve.server import Server, to_int

    class TabProcess(AppService):
        async def stop(self) -> None:
            """Asks the screen to quit, then waits for its process to end (textual-serve
            stops at its output's end, which may come first), and ends it if it hangs."""
            await super().stop()
            process = self._process
            if process is None or process.returncode is not None:
                return
            try:
                await asyncio.wait_for(process.wait(), CHILD_EXIT_SECONDS)
            except TimeoutError:
                log.warning("a %s tab's screen did not quit: ended", role)
                process.kill()
                await process.wait()

    port = port or DEFAULT_PORTS[role]
    command = command or child_command(role, db_path)
    slots = Slots(max_tabs or DEFAULT_TABS[role])
    names = served_names(host)

    class RedactedAccessLogger(AbstractAccessLogger):
        def log(self, request: web.BaseRequest, response: web.StreamResponse,
                time: float) -> None:
            self.logger.info('%s "%s %s" %s %.3fs', request.remote or "-", request.method,
                             redacted_path(request.rel_url.path, request.rel_url.query_string),
                             response.status, time)

    class FloorServer(Server):
        def initialize_logging(self) -> None:
            console = logging.StreamHandler(sys.stdout)
            console.setFormatter(ConsoleFormatter())
            root = logging.getLogger()
            root.addHandler(console)
            root.setLevel(logging.INFO)
            forward = IntoEventLog(logging.WARNING)
            for name in ("textual-serve", "aiohttp"):
                logging.getLogger(name).addHandler(forward)

        def serve(self, debug: bool = False) -> None:
            """textual-serve's own `serve`, with an access log that hides keys."""
            self.debug = debug
            self.initialize_logging()
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            loop.add_signal_handler(signal.SIGINT, self.request_exit)
            loop.add_signal_handler(signal.SIGTERM, self.request_exit)
            web.run_app(self._make_app(), host=self.host, port=self.port,
                        handle_signals=False, loop=loop, print=lambda *args: None,
                        access_log_class=RedactedAccessLogger)

        async def _make_app(self) -> web.Application:
            app = web.Application()
            aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(str(TEMPLATES)))
            app.add_routes([
                web.get("/", self.handle_index, name="index"),
                web.get("/ws/{ticket}", self.handle_websocket, name="websocket"),
                web.get("/favicon.ico", self.handle_no_icon),  # asked for by every browser
                web.static("/static", self.statics_path, name="static"),
            ])
            if key is not None:  # the URL printed and in the QR code: the key as its path
                app.router.add_get("/{key}", self.handle_index, name="index-key")
            app.on_startup.append(self.on_startup)
            app.on_shutdown.append(self.on_shutdown)
            app.on_response_prepare.append(self.add_headers)
            return app

        @staticmethod
        async def add_headers(request: web.Request, response: web.StreamResponse) -> None:
            response.headers.update(SECURITY_HEADERS)
            if not request.path.startswith("/static/"):
                response.headers["Cache-Control"] = "no-store"

        @staticmethod
        async def handle_no_icon(request: web.Request) -> web.StreamResponse:
            raise web.HTTPNotFound()

        def page(self, request: web.Request, template: str, status: int,
                 **context: Any) -> web.Response:
            response = aiohttp_jinja2.render_template(
                template, request, {"title": self.title, **context})
            response.set_status(status)
            return response

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            given = request.match_info.get("key") or request.query.get("key")
            if not key_matches(given, key):
                if given is not None:
                    log.warning("a wrong %s key from %s", role, request.remote)
                return self.page(request, "floor_key.html", 401 if given is None else 403,
                                 wrong=given is not None)
            ticket = slots.reserve()
            if ticket is None:
                return self.page(request, "floor_full.html", 503,
                                 open_already=tabs_phrase(slots.cap, role),
                                 retry_seconds=RETRY_SECONDS)
            context: dict[str, Any] = {
                "font_size": min(max(to_int(request.query.get("fontsize", "16"), 16), 6), 96),
                "static_url": "/static/",
                "websocket_url": f"ws://{request.host}/ws/{ticket}",
            }
            return self.page(request, "floor_index.html", 200, **context)

        async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
            origin = request.headers.get("Origin")
            sockname = request.transport.get_extra_info("sockname") if request.transport \
                else None
            local = sockname[0] if sockname else None
            if not origin_allowed(origin, port=port, local_address=local, names=names):
                log.warning("refused a %s websocket from %s: its page is not ours "
                            "(Origin %r)", role, request.remote, origin)
                raise web.HTTPForbidden(text="this screen opens only from its own page")
            if not slots.claim(request.match_info.get("ticket")):
                raise web.HTTPForbidden(text="this page is out of date: reload it")
            log.info("a %s tab opened from %s (%d of %d)", role, request.remote,
                     slots.live, slots.cap)
            try:
                return await self.run_tab(request)
            finally:
                slots.release()
                log.info("a %s tab closed (%d of %d open)", role, slots.live, slots.cap)

        async def run_tab(self, request: web.Request) -> web.WebSocketResponse:
            """textual-serve's `handle_websocket`, with a tab whose screen is over only
            when its process has ended (a slot is free, nothing runs on unseen)."""
            websocket = web.WebSocketResponse(heartbeat=15)
            width = to_int(request.query.get("width", "80"), 80)
            height = to_int(request.query.get("height", "24"), 24)
            tab: TabProcess | None = None
            try:
                await websocket.prepare(request)
                tab = TabProcess(self.command, write_bytes=websocket.send_bytes,
                                 write_str=websocket.send_str, close=websocket.close,
                                 download_manager=self.download_manager, debug=self.debug)
                await tab.start(width, height)
                await self._process_messages(websocket, tab)
            except asyncio.CancelledError:
                await websocket.close()
            except Exception:
                log.exception("a %s tab failed", role)
            finally:
                if tab is not None:
                    await tab.stop()
            return websocket

        async def on_startup(self, app: web.Application) -> None:
            addresses = urls(role, host, port, key)
            self.console.print(banner(role, addresses, db_path=Path(db_path), key=key,
                                      max_tabs=slots.cap),
                               highlight=False, markup=False, soft_wrap=True)

    return FloorServer(command, host=host, port=port, title=TITLES[role])


def serve(role: str, db_path: Path, *, host: str = "127.0.0.1", port: int | None = None,
          now: str | None = None, speed: float = 1.0, view: str = "cycle",
          station: str = "web door", max_tabs: int | None = None) -> None:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    key = new_key() if role in KEYED_ROLES else None
    command = child_command(role, db_path, now=now, speed=speed, anchor=datetime.now(),
                            view=view, station=station)
    server = make_server(role, db_path, host=host, port=port, key=key, command=command,
                         max_tabs=max_tabs)
    server.serve()
