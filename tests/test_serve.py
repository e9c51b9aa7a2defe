"""`floor serve` end to end: a real server process, a real headless Chromium (Debian's
`chromium`, driven by Playwright for Python), only 127.0.0.1 on the wire.

The terminal is drawn on a canvas, so the test compares screenshots, not page text."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path

import pytest

from db.connection import connect
from floor import ops
from floor.domain.clock import FixedClock
from floor.ops.demo import build_demo

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--no-proxy-server"]
DEMO_NOW = datetime(2026, 11, 26, 10, 16)


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


@pytest.fixture
def demo_file(tmp_path):
    return build_demo(tmp_path / "demo.db")


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


def _chromium_or_skip():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("Debian's chromium is not installed (apt-get install chromium): "
                    "the end-to-end browser test needs it")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright for Python is not installed (pip install playwright): "
                    "the end-to-end browser test needs it")
    return sync_playwright


def test_the_projector_in_a_real_browser_shows_a_check_in(demo_file, tmp_path):
    sync_playwright = _chromium_or_skip()
    served = Served(demo_file, "projector", "--view", "map", "--now", "10:16", "--speed", "0")
    requested: list[str] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1280, "height": 720})
                page.on("request", lambda r: requested.append(r.url))
                page.goto(served.url)
                page.wait_for_function("document.body.classList.contains('-first-byte')",
                                       timeout=20_000)
                before = _steady(page)
                (tmp_path / "before.png").write_bytes(before)
                writer = connect(demo_file)
                ops.check_in(writer, "GR05", clock=FixedClock(DEMO_NOW), station="door 1")
                writer.conn.close()
                deadline = time.monotonic() + 10
                after = page.screenshot()
                while after == before and time.monotonic() < deadline:
                    time.sleep(0.2)
                    after = page.screenshot()
                (tmp_path / "after.png").write_bytes(after)
                assert after != before, "the check-in did not reach the browser"
            finally:
                browser.close()
    finally:
        log = served.stop()
    assert requested and all(url.startswith(f"http://127.0.0.1:{served.port}/") or
                             url.startswith(f"ws://127.0.0.1:{served.port}/")
                             for url in requested), requested
    assert "Traceback" not in log, log


def _steady(page, timeout: float = 15.0) -> bytes:
    """A screenshot once the screen has drawn and stopped changing."""
    deadline = time.monotonic() + timeout
    last = page.screenshot()
    while time.monotonic() < deadline:
        time.sleep(0.5)
        shot = page.screenshot()
        if shot == last and len(shot) > 20_000:
            return shot
        last = shot
    raise AssertionError("the projector never settled in the browser")
