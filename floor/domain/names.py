"""How names are found and shown: folded for search across scripts and accents,
shortened to fit a cell, cleaned on the way in, and countries by their code."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from anyascii import anyascii

# Letters with a stroke do not decompose into letter + accent: fold them by hand.
_STROKES = str.maketrans({"ħ": "h", "đ": "d", "ł": "l", "ø": "o", "ŧ": "t", "ƀ": "b"})

# Greek letter pairs that anyascii spells letter by letter ("ου" -> "oy") but people spell
# as sounds: "Παπαδόπουλος" is "Papadopoulos", "Μαυρίδης" is "Mavridis" (ELOT 743).
_GREEK_PAIRS = (("ου", "ou"), ("αυ", "av"), ("ευ", "ev"), ("ηυ", "iv"), ("γγ", "ng"),
                ("γκ", "gk"), ("γξ", "nx"), ("γχ", "nch"))


def fold(text: str) -> str:
    """For finding and sorting by name: no case, no accents ("lefevre" finds "Lefèvre",
    "παπαδοπουλος" finds "Παπαδόπουλος", "cahh" finds "Ċaħħ")."""
    decomposed = unicodedata.normalize("NFD", text.casefold().translate(_STROKES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=4096)
def latin(text: str) -> str:
    """Folded and spelt in Latin letters, for finding and sorting across scripts:
    "Γιώργος Παπαδόπουλος" -> "giorgos papadopoulos", "Lefèvre" -> "lefevre"."""
    folded = fold(text)
    for pair, sound in _GREEK_PAIRS:
        folded = folded.replace(pair, sound)
    return anyascii(folded).casefold()


def sort_key(name: str) -> tuple[str, str]:
    """Order people and organisations by name A to Z whatever the script, so Greek names
    file among the Latin ones (Παπαδόπουλος with the P's) instead of after Z."""
    return latin(name), name


def initial(name: str) -> str:
    """The letter a name is filed under in a sorted pile: "Σοφία" -> "S"."""
    spelt = latin(name).lstrip()
    return spelt[:1].upper() if spelt[:1].isalpha() else "#"


def clean(text: str | None) -> str:
    """Typed or imported text as stored: trimmed, composed (NFC)."""
    return unicodedata.normalize("NFC", (text or "").strip())


def short_org(name: str, width: int) -> str:
    """An organisation's name in `width` cells: whole words first, then cut."""
    if len(name) <= width:
        return name
    words = name.split()
    short = ""
    for word in words:
        if len(short) + len(word) + (1 if short else 0) > width:
            break
        short = f"{short} {word}" if short else word
    return short if len(short) >= width // 2 else name[:width - 1] + "…"


@lru_cache(maxsize=None)
def country_name(code: str) -> str:
    """"GR" -> "Greece"; the code itself when pycountry does not know it."""
    try:
        import pycountry

        found = pycountry.countries.get(alpha_2=code)
    except (ImportError, LookupError, KeyError):
        found = None
    return getattr(found, "common_name", None) or getattr(found, "name", None) or code


def country_label(code: str) -> str:
    """"GR" -> "Greece (GR)"."""
    name = country_name(code)
    return f"{name} ({code})" if name != code else code


def country_code(text: str) -> str | None:
    """What a person typed for a country as its two-letter code: "it", "IT", "Italy",
    "ITA", "Italian Republic" -> "IT"; None when it names no country."""
    text = " ".join((text or "").split())
    if len(text) == 2 and text.isalpha() and text.isascii():
        return text.upper()  # a code pycountry may not know (XK) is still a code
    try:
        import pycountry

        return pycountry.countries.lookup(text).alpha_2 if text else None
    except (ImportError, LookupError):
        return None


def org_or_name(person: dict) -> str:
    return person["organisation"] or person["name"]


def person_label(person: dict) -> str:
    """How ops and logs name a person: "A1 Γιώργος Παπαδόπουλος (Hymettus Software)"."""
    org = f" ({person['organisation']})" if person.get("organisation") else ""
    return f"{person['id']} {person['name']}{org}"
