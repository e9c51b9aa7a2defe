"""`floor serve` end to end: a real server process, a real headless Chromium (Debian's
`chromium`, driven by Playwright for Python), only 127.0.0.1 on the wire.

The browser draws the terminal on a canvas, so the test reads what it is told to draw:
the terminal output arriving over the websocket, replayed onto a grid of cells."""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from helpers import DEMO_NOW, ROOT
from playwright.sync_api import sync_playwright

from db.connection import connect
from floor import ops
from floor.domain.clock import FixedClock

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--no-proxy-server"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    """`floor serve` in a subprocess; its printed lines kept."""

    def __init__(self, db_path: Path, role: str, *extra: str):
        self.port = free_port()
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "100"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "floor", "serve", "--db", str(db_path),
             "--role", role, "--port", str(self.port), *extra],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: list[str] = []
        deadline = time.monotonic() + 20
        while not any("Ctrl+C" in line for line in self.lines):
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.stop()
                raise AssertionError("floor serve did not start:\n" + "".join(self.lines))
            self.lines.append(self.process.stdout.readline())
        while True:  # the banner comes as the server starts: wait for the socket
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise AssertionError("floor serve is not listening")
                time.sleep(0.05)

    @property
    def url(self) -> str:
        line = next(line for line in self.lines if "open  http://" in line)
        return line.split("open", 1)[1].strip()

    def stop(self) -> str:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        return "".join(self.lines)


LOCAL = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy


def status_of(url: str) -> int:
    try:
        with LOCAL.open(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_serve_prints_the_url_and_a_qr_code_and_binds_loopback(demo_file):
    served = Served(demo_file, "projector", "--now", "10:16", "--speed", "0")
    try:
        assert served.url == f"http://127.0.0.1:{served.port}/"
        assert any("▀" in line or "▄" in line for line in served.lines)  # the QR code
        page = LOCAL.open(served.url, timeout=5).read().decode()
        assert "fonts.googleapis" not in page and "https://" not in page
        assert status_of(f"http://127.0.0.1:{served.port}/static/js/textual.js") == 200
    finally:
        served.stop()


def test_the_manager_role_needs_the_key(demo_file):
    served = Served(demo_file, "manager")
    try:
        url = served.url
        assert "?key=" in url
        base = url.split("?")[0]
        assert status_of(base) == 401  # asks for the key
        assert status_of(base + "?key=WRONG") == 403
        assert status_of(url) == 200
        key = url.split("key=")[1]
        assert status_of(f"{base}ws") == 403  # no websocket without the key
        assert status_of(f"{base}ws/WRONG") == 403
        assert key in LOCAL.open(url, timeout=5).read().decode()  # in the ws URL
    finally:
        served.stop()


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
