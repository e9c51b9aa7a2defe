"""Reading badges from a webcam (optional: `pip install floor[camera]`, which brings
opencv-python-headless and zxing-cpp).

A code held in front of the camera shows in many frames in a row; it is reported once,
when it appears, and again only after it has been out of view for `gone_after` seconds.
opencv is imported only when a camera is opened, so the rest of floor never needs it.
"""

from __future__ import annotations

import time
from typing import Callable, Iterator

from floor.domain.errors import Refused

MISSING = ("reading badges with a camera needs the optional extra: "
           "pip install 'floor[camera]' (opencv-python-headless and zxing-cpp)")


class CameraUnavailable(Refused):
    pass


def _import():
    try:
        import cv2  # noqa: F401
        import zxingcpp  # noqa: F401
    except ImportError as error:
        raise CameraUnavailable(f"{MISSING} ({error})") from error
    return cv2, zxingcpp


def check_available() -> None:
    _import()


class OnceInView:
    """Turns "codes seen in this frame" into "codes that just came into view"."""

    def __init__(self, gone_after: float = 1.0, clock: Callable[[], float] = time.monotonic):
        self.gone_after = gone_after
        self.clock = clock
        self.last_seen: dict[str, float] = {}

    def frame(self, texts: list[str]) -> list[str]:
        now = self.clock()
        new = [t for t in dict.fromkeys(texts)
               if now - self.last_seen.get(t, float("-inf")) > self.gone_after]
        for t in texts:
            self.last_seen[t] = now
        for t, seen in list(self.last_seen.items()):  # forget what left long ago
            if now - seen > 10 * self.gone_after:
                del self.last_seen[t]
        return new


def decode_frame(frame, zxingcpp) -> list[str]:
    """The texts of the QR codes in one frame (a numpy image, BGR or grey)."""
    results = zxingcpp.read_barcodes(frame, formats=zxingcpp.BarcodeFormat.QRCode)
    return [r.text for r in results if r.valid]


def read_codes(index: int = 0, *, stop: Callable[[], bool] = lambda: False,
               gone_after: float = 1.0) -> Iterator[str]:
    """Codes from webcam `index`, each once per showing, until `stop()` says so."""
    cv2, zxingcpp = _import()
    capture = cv2.VideoCapture(index)
    if not capture.isOpened():
        raise CameraUnavailable(f"cannot open camera {index} (is it plugged in, or in use "
                                "by another program?)")
    once = OnceInView(gone_after)
    try:
        while not stop():
            ok, frame = capture.read()
            if not ok:
                time.sleep(0.05)
                continue
            grey = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
            yield from once.frame(decode_frame(grey, zxingcpp))
    finally:
        capture.release()
