"""`floor serve` end to end: a real server process, real HTTP and websocket clients, a
real headless Chromium (Debian's `chromium`, driven by Playwright for Python), only
127.0.0.1 on the wire.

The browser draws the terminal on a canvas, so a browser test reads what it is told to
draw: the terminal output arriving over the websocket, replayed onto a grid of cells."""

import asyncio
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import aiohttp
import pytest
from helpers import DEMO_NOW, ROOT, floor_process, read_qr
from PIL import Image
from playwright.sync_api import sync_playwright

from db import eventlog, read_people
from db.connection import connect
from floor import ops
from floor.domain.clock import FixedClock
from floor.ops.badges import issue_tokens
from floor.views import badge
from floor.web.guard import TICKET_SECONDS, Slots, origin_allowed

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--no-proxy-server"]
PRINTED_KEY = re.compile(r"^  key   (\S+)$")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    """`floor serve` in a subprocess; every line it prints kept (read as it comes, so a
    chatty server never blocks on a full pipe)."""

    def __init__(self, db_path: Path, role: str, *extra: str):
        self.port = free_port()
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "100"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "floor", "serve", "--db", str(db_path),
             "--role", role, "--port", str(self.port), *extra],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        deadline = time.monotonic() + 20
        while not any("Ctrl+C" in line for line in self.lines):
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.stop()
                raise AssertionError("floor serve did not start:\n" + "".join(self.lines))
            time.sleep(0.05)
        while True:  # the banner comes as the server starts: wait for the socket
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise AssertionError("floor serve is not listening") from None
                time.sleep(0.05)

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)

    @property
    def url(self) -> str:
        line = next(line for line in self.lines if "open  http://" in line)
        return line.split("open", 1)[1].strip()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def key(self) -> str:
        return next(m.group(1) for line in self.lines if (m := PRINTED_KEY.match(line)))

    def output_after_banner(self) -> str:
        lines = list(self.lines)
        return "".join(lines[next(i for i, line in enumerate(lines) if "Ctrl+C" in line) + 1:])

    def children(self) -> list[int]:
        """The processes the server started (one a browser tab)."""
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()]

    def stop(self) -> str:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self._reader.join(5)
        return "".join(self.lines)


LOCAL = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy


def fetch(url: str) -> tuple[int, str]:
    try:
        with LOCAL.open(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def status_of(url: str) -> int:
    return fetch(url)[0]


def websocket_url(page: str) -> str:
    return re.search(r'data-session-websocket-url="([^"]+)"', page).group(1)


async def open_tab(ws_url: str, origin: str | None):
    """A browser tab's websocket: (status, session, websocket); the status is the
    server's answer to the upgrade (101, or the refusal's code)."""
    session = aiohttp.ClientSession()
    headers = {"Origin": origin} if origin else {}
    try:
        ws = await session.ws_connect(ws_url + "?width=100&height=30", headers=headers)
    except aiohttp.WSServerHandshakeError as error:
        await session.close()
        return error.status, None, None
    return 101, session, ws


async def first_screen_bytes(ws, seconds: float = 30) -> bytes:
    """Waits for the tab's screen to draw something (its child process is running)."""
    async with asyncio.timeout(seconds):
        async for message in ws:
            if message.type == aiohttp.WSMsgType.BINARY and message.data:
                return message.data
    raise AssertionError("the tab's screen never drew anything")


def banner_qr(lines: list[str]) -> list[str]:
    """What a phone's camera reads in the QR code printed on the serve console (drawn
    light on dark: a full block is two light modules)."""
    rows = [line.rstrip("\n") for line in lines if line.strip() and set(line.strip()) <= set("█▀▄ ")]
    image = Image.new("L", (len(rows[0]) * 8, len(rows) * 16), 255)
    for y, row in enumerate(rows):
        for x, glyph in enumerate(row):
            top, bottom = {"█": (0, 0), "▀": (0, 1), "▄": (1, 0), " ": (1, 1)}[glyph]
            for dy, dark in ((0, top), (8, bottom)):
                if dark:
                    image.paste(0, (x * 8, y * 16 + dy, x * 8 + 8, y * 16 + dy + 8))
    return read_qr(image)


def wait_until(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


def test_a_page_that_never_opens_its_screen_gives_its_slot_back():
    now = [0.0]
    slots = Slots(cap=1, clock=lambda: now[0])
    ticket = slots.reserve()
    assert ticket and slots.reserve() is None  # held for the page that was given it
    now[0] += TICKET_SECONDS + 1  # the page was closed before its websocket came
    assert not slots.claim(ticket)  # too late: that page must reload
    late = slots.reserve()
    assert slots.claim(late) and not slots.claim(late)  # once
    assert slots.reserve() is None
    slots.release()  # its tab closed
    assert slots.reserve() is not None


def test_a_tablet_on_the_venue_network_is_one_of_ours_and_localhost_there_is_not():
    lan = {"port": 8001, "local_address": "192.168.1.5", "names": ["hub", "hub.local"]}
    assert origin_allowed("http://192.168.1.5:8001", **lan)
    assert origin_allowed("http://HUB.local:8001", **lan)
    assert not origin_allowed("http://localhost:8001", **lan)  # that is the tablet itself
    assert not origin_allowed("http://192.168.1.5:8000", **lan)  # the projector's page
    assert not origin_allowed("http://192.168.1.5.evil.example:8001", **lan)
    assert not origin_allowed("file://", **lan)
    loopback = {"port": 80, "local_address": "127.0.0.1", "names": []}
    assert origin_allowed("http://localhost", **loopback)
    assert origin_allowed("http://[::1]:80", **loopback)
    assert origin_allowed("http://192.168.1.5:8001", port=8001, names=[],
                          local_address="::ffff:192.168.1.5")  # served on --host ::


def test_serve_prints_the_url_and_a_qr_code_and_binds_loopback(demo_file):
    served = Served(demo_file, "projector", "--now", "10:16", "--speed", "0")
    try:
        assert served.url == f"http://127.0.0.1:{served.port}/"  # the projector: no key
        assert not any(PRINTED_KEY.match(line) for line in served.lines)
        assert any("▀" in line or "▄" in line for line in served.lines)  # the QR code
        page = LOCAL.open(served.url, timeout=5).read().decode()
        assert "fonts.googleapis" not in page and "https://" not in page
        assert status_of(f"http://127.0.0.1:{served.port}/static/js/textual.js") == 200
    finally:
        served.stop()


def test_the_door_and_the_manager_each_need_their_own_key(demo_file):
    door = Served(demo_file, "door")
    manager = Served(demo_file, "manager")
    try:
        for served in (door, manager):
            key = served.key
            assert re.fullmatch(r"[A-HJKMNP-Z2-9]{10}", key), key  # nothing to misread
            assert served.url == served.base + key  # in the URL and its QR code
            assert banner_qr(served.lines) == [served.url.upper()]
            assert status_of(served.url.upper().replace("HTTP", "http", 1)) == 200
            for url, status in [(served.base, 401), (served.base + "?key=WRONG", 403),
                                (served.base + "?key=" + key.lower(), 403),  # case as printed
                                (served.base + key[:-1], 403)]:
                code, page = fetch(url)
                assert code == status, url
                # the form asking for the key, and nothing of the screen
                assert 'name="key"' in page
                assert "data-session-websocket-url" not in page and "textual.js" not in page
            code, page = fetch(served.url)
            assert code == 200 and websocket_url(page).startswith(
                f"ws://127.0.0.1:{served.port}/ws/")
            assert key not in page  # the page's websocket carries a ticket, not the key
            assert fetch(served.base + "?key=" + key)[0] == 200  # as the form sends it
        assert status_of(door.base + manager.key) == 403
        assert status_of(door.base + "?key=" + manager.key) == 403
        assert status_of(manager.base + "?key=" + door.key) == 403
        assert door.children() == [] and manager.children() == []  # nothing started
        wait_until(lambda: "a wrong door key from 127.0.0.1" in door.output_after_banner(), 5,
                   "the serve console does not say a wrong key was tried")
    finally:
        door.stop()
        manager.stop()


def test_a_second_server_on_the_same_port_says_so(demo_file):
    served = Served(demo_file, "door")
    try:
        second = floor_process("serve", "--db", demo_file, "--role", "door",
                               "--port", served.port)
    finally:
        served.stop()
    assert second.returncode == 2
    assert f"port {served.port} on 127.0.0.1 is in use (another floor serve?): " \
           "choose another" in second.stderr
    assert "Traceback" not in second.stderr and "open  http" not in second.stdout


def test_a_websocket_from_another_sites_page_is_refused(demo_file):
    served = Served(demo_file, "door")
    try:
        ws_url = websocket_url(fetch(served.url)[1])
        ours = f"http://127.0.0.1:{served.port}"

        async def tabs():
            answers = {}
            # another site, even one whose name points at this laptop; no page at all
            for origin in ["http://evil.example", f"http://evil.example:{served.port}",
                           "null", f"http://127.0.0.1:{served.port + 1}", None]:
                answers[origin] = (await open_tab(ws_url, origin))[0]
            assert served.children() == []  # no screen started for any of them
            status, session, ws = await open_tab(ws_url, ours)  # the same ticket, our page
            answers[ours] = status
            try:
                assert await first_screen_bytes(ws)
                [child] = served.children()  # the tab's screen itself, no shell between
                assert "serve-child" in Path(f"/proc/{child}/cmdline").read_text()
                # the ticket was good once: a copy of the page's URL starts nothing more
                answers["ticket again"] = (await open_tab(ws_url, ours))[0]
            finally:
                await ws.close()
                await session.close()
            return answers

        answers = asyncio.run(tabs())
        assert answers == {"http://evil.example": 403, f"http://evil.example:{served.port}": 403,
                           "null": 403, f"http://127.0.0.1:{served.port + 1}": 403, None: 403,
                           ours: 101, "ticket again": 403}
        log = served.output_after_banner()
        assert "refused a door websocket from 127.0.0.1: its page is not ours " \
               "(Origin 'http://evil.example')" in log
        assert "its page is not ours (Origin 'http://evil.example')" in \
            eventlog.log_path(demo_file).read_text()  # kept beside the event file too
    finally:
        served.stop()


def test_the_tabs_of_a_role_are_capped_and_a_closed_tab_frees_its_slot(demo_file):
    served = Served(demo_file, "door", "--max-tabs", "2")
    try:
        ours = f"http://127.0.0.1:{served.port}"

        async def tabs():
            opened = []
            for _ in range(2):
                status, session, ws = await open_tab(websocket_url(fetch(served.url)[1]), ours)
                assert status == 101
                await first_screen_bytes(ws)
                opened.append((session, ws))
            assert len(served.children()) == 2
            rss = [int(re.search(r"VmRSS:\s+(\d+)", Path(f"/proc/{pid}/status").read_text())[1])
                   for pid in served.children()]
            print(f"\nthe door's tabs: {', '.join(f'{kb / 1024:.0f} MB' for kb in rss)}")
            full = await asyncio.to_thread(fetch, served.url)
            session, ws = opened.pop()
            await ws.close()
            await session.close()
            await asyncio.to_thread(wait_until, lambda: len(served.children()) == 1, 15,
                                    "the closed tab's screen is still running")
            again = await asyncio.to_thread(fetch, served.url)
            for session, ws in opened:
                await ws.close()
                await session.close()
            return full, again

        (full_status, full_page), (again_status, _) = asyncio.run(tabs())
        assert full_status == 503
        assert "2 door tabs are open already: close one." in full_page
        assert 'http-equiv="refresh"' in full_page and "data-session-websocket-url" not in full_page
        assert again_status == 200
        wait_until(lambda: served.children() == [], 15, "a closed tab's screen still runs")
    finally:
        served.stop()


def test_the_access_log_never_shows_a_key_or_a_ticket(demo_file):
    served = Served(demo_file, "manager")
    try:
        key = served.key
        ticket_url = websocket_url(fetch(served.url)[1])
        ticket = ticket_url.rsplit("/", 1)[1]
        fetch(served.base + "?key=" + key + "&fontsize=20")
        fetch(served.base + "?key=" + key.lower())  # nearly the key
        asyncio.run(open_tab(ticket_url, "http://evil.example"))
        wait_until(lambda: "/ws/" in served.output_after_banner(), 5,
                   "the access log shows no websocket request")
    finally:
        served.stop()
    log = served.output_after_banner()
    assert '"GET /…" 200' in log and '"GET /?…" 200' in log and '"GET /ws/…?…" 403' in log
    assert key not in log and key.lower() not in log and ticket not in log


# Cursor moves, colours, modes and titles; then newlines, returns and runs of text.
TERMINAL = re.compile(r"\x1b\[([0-9;?$]*)([@-~])|\x1b\][^\x07]*\x07|\x1b.|\n|\r|[^\x1b\n\r]+")


def terminal_screen(stream: str, width: int = 300, height: int = 120) -> list[str]:
    """The text a terminal shows after `stream`: enough of a VT100 for Textual, which
    places every run of text with an absolute cursor move."""
    cells = [[" "] * width for _ in range(height)]
    y = x = 0
    for m in TERMINAL.finditer(stream):
        piece = m.group(0)
        if m.group(2) == "H":  # CSI row;col H
            row, _, col = (m.group(1) or "1;1").partition(";")
            y, x = int(row or 1) - 1, int(col or 1) - 1
        elif piece == "\n":
            y += 1
        elif piece == "\r":
            x = 0
        elif not piece.startswith("\x1b"):
            for ch in piece:
                if 0 <= y < height and 0 <= x < width:
                    cells[y][x] = ch
                x += 1
    return ["".join(row).rstrip() for row in cells]


def tile_says(screen: list[str], table: str) -> str | None:
    """On the projector's map: the word under a table's name."""
    for y, line in enumerate(screen[:-1]):
        if m := re.search(rf"(?<!\S){table}(?!\S)", line):
            return re.split(r"\s{2,}", screen[y + 1][m.start():].strip())[0]
    return None


@pytest.mark.slow
def test_the_projector_in_a_real_browser_shows_a_check_in(demo_file):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium): "
                    "the end-to-end browser test needs it")
    served = Served(demo_file, "projector", "--view", "map", "--now", "10:16", "--speed", "0")
    requested: list[str] = []
    drawn = bytearray()  # every byte of terminal output the browser received

    def listen(ws):
        ws.on("framereceived", lambda payload: drawn.extend(
            payload if isinstance(payload, bytes) else b""))

    def t7(page, expected: str, seconds: float) -> str | None:
        deadline = time.monotonic() + seconds
        while True:
            says = tile_says(terminal_screen(drawn.decode("utf-8", "replace")), "T7")
            if says == expected or time.monotonic() > deadline:
                return says
            page.wait_for_timeout(200)  # lets Playwright deliver the frames meanwhile

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1280, "height": 720})
                page.on("request", lambda r: requested.append(r.url))
                page.on("websocket", listen)
                page.goto(served.url)
                # GR05 has not come: Azur IoT waits alone at T7
                assert t7(page, "waiting", 20) == "waiting"
                before = page.screenshot()
                writer = connect(demo_file)
                ops.check_in(writer, "GR05", clock=FixedClock(DEMO_NOW), station="door 1")
                writer.conn.close()
                assert t7(page, "both here", 10) == "both here", \
                    "the check-in did not reach the browser"
                page.wait_for_timeout(500)  # the canvas draws what it was sent
                assert page.screenshot() != before
            finally:
                browser.close()
    finally:
        log = served.stop()
    assert requested and all(url.startswith(f"http://127.0.0.1:{served.port}/") or
                             url.startswith(f"ws://127.0.0.1:{served.port}/")
                             for url in requested), requested
    assert "Traceback" not in log, log


@pytest.mark.slow
def test_the_door_in_a_real_browser_asks_for_its_key_and_checks_in_a_scan(demo_file):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium): "
                    "the end-to-end browser test needs it")
    writer = connect(demo_file)
    issue_tokens(writer, clock=FixedClock(DEMO_NOW))
    token = badge.valid_token_for(writer, "GR05")  # Pnyx Analytics: not come yet
    writer.conn.close()
    served = Served(demo_file, "door", "--now", "10:16", "--speed", "0")
    requested: list[str] = []
    drawn = bytearray()

    def listen(ws):
        ws.on("framereceived", lambda payload: drawn.extend(
            payload if isinstance(payload, bytes) else b""))

    def screen_shows(page, text: str, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while text not in "\n".join(terminal_screen(drawn.decode("utf-8", "replace"))):
            if time.monotonic() > deadline:
                return False
            page.wait_for_timeout(200)
        return True

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1280, "height": 720})
                page.on("request", lambda r: requested.append(r.url))
                page.on("websocket", listen)
                page.goto(served.base)  # opened without the key: the form asks for it
                assert page.locator("#key").is_visible()
                page.fill("#key", served.key.lower())  # not as printed
                page.click("button[type=submit]")
                assert page.get_by_text("That key is not right").is_visible()
                page.fill("#key", served.key)
                page.click("button[type=submit]")
                assert screen_shows(page, "SCAN YOUR BADGE", 30), "the door did not open"
                page.keyboard.type(token + "\r")  # as a scanner types it
                assert screen_shows(page, "Welcome", 15), "the scan was not answered"
            finally:
                browser.close()
    finally:
        log = served.stop()
    reader = connect(demo_file)
    try:
        person = read_people.participant(reader, "GR05")
        assert person["checked_in_at"] and person["checked_in_station"] == "web door"
    finally:
        reader.conn.close()
    assert all(url.startswith((f"http://127.0.0.1:{served.port}/",
                               f"ws://127.0.0.1:{served.port}/")) for url in requested)
    after_banner = served.output_after_banner()
    assert served.key not in after_banner
    assert after_banner.count("a wrong door key") == 1  # the lower-case try, nothing else
    assert "Traceback" not in log, log
