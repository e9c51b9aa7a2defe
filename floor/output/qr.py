"""QR codes for badge tokens: PNG, SVG, and half-block text for a terminal.

Tokens are upper-case letters and digits, so the code is encoded in alphanumeric mode
(5.5 bits a character): a 19-character token fits a version 1 code at level M.
"""

from __future__ import annotations

import io
from pathlib import Path

import qrcode
from qrcode import constants, util

BORDER = 4  # the quiet zone the standard asks for, in modules


def _code(token: str, *, border: int = BORDER) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=constants.ERROR_CORRECT_M, border=border)
    code.add_data(util.QRData(token.encode("ascii"), mode=util.MODE_ALPHA_NUM))
    code.make(fit=True)
    return code


def matrix(token: str, *, border: int = BORDER) -> list[list[bool]]:
    """Rows of modules (True: dark), quiet zone included."""
    return _code(token, border=border).get_matrix()


def image(token: str, *, box_size: int = 10, border: int = BORDER):
    """A PIL image (mode "1") of the code."""
    code = _code(token, border=border)
    code.box_size = box_size
    return code.make_image(fill_color="black", back_color="white").get_image()


def png_bytes(token: str, *, box_size: int = 10) -> bytes:
    out = io.BytesIO()
    image(token, box_size=box_size).save(out, format="PNG")
    return out.getvalue()


def svg_text(token: str) -> str:
    from qrcode.image.svg import SvgPathFillImage

    code = _code(token)
    out = io.BytesIO()
    code.make_image(image_factory=SvgPathFillImage).save(out)
    return out.getvalue().decode("utf-8")


def save(token: str, path: str | Path) -> Path:
    """Write the code as PNG or SVG, chosen by the file's suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".png":
        path.write_bytes(png_bytes(token))
    elif suffix == ".svg":
        path.write_text(svg_text(token), encoding="utf-8")
    else:
        raise ValueError(f"{path.name}: write a .png or an .svg file")
    return path


def half_blocks(token: str, *, border: int = 2, invert: bool = False) -> str:
    """The code as text, two modules a character cell (▀ ▄ █ and space), for a terminal.

    Dark modules are drawn as blank cells and light ones as blocks by default, so the code
    reads dark-on-light on the usual dark terminal background (light text colour);
    `invert=True` for a light background."""
    rows = matrix(token, border=border)
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))
    glyph = {(False, False): "█", (False, True): "▀", (True, False): "▄", (True, True): " "}
    if invert:
        glyph = {(a, b): glyph[(not a, not b)] for a, b in glyph}
    return "\n".join("".join(glyph[(top, bottom)] for top, bottom in zip(upper, lower))
                     for upper, lower in zip(rows[0::2], rows[1::2]))
