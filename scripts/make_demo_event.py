#!/usr/bin/env python3
"""(Re)write the built-in demo event folder, floor/eventfolder/demo_event/, deterministically.

The demo recreates a day like the 2Ins Clusters Med business mission in Matera
(Basilicata): 25 companies from Basilicata (IT), Provence-Alpes-Côte d'Azur (FR),
Attica (GR) and Malta (MT), in ICT, Design and Culture & Media, meeting one-to-one in
20-minute rounds at the Mediateca on a morning with a coffee break. People, firms and
e-mail domains are invented.

Most requests are pre-placed (slot + table) by a simple greedy, so the demo has a full
schedule before the product's own scheduler exists; the few the greedy cannot place are
left open, for re-matching on the day.

Greedy: requests by priority (a higher number is more important), then in file order;
each goes to the earliest round where both people are free and available for the whole
round; its table is the home table of one of the two (if either has one and it is free),
otherwise the lowest free table that is nobody's home table.

Usage:  python scripts/make_demo_event.py [OUT_DIR]     (default: floor/eventfolder/demo_event)
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from floor.domain.model import EventSpec, Participant, Request, Round, ScheduleSpec  # noqa: E402
from floor.domain.time import compute_rounds, is_available  # noqa: E402
from floor.eventfolder.write import write_event_folder  # noqa: E402

DEFAULT_OUT = ROOT / "floor" / "eventfolder" / "demo_event"

SCHEDULE = ScheduleSpec(
    start="09:30",
    slot_minutes=20,
    slots=10,
    tables=tuple(f"T{i}" for i in range(1, 13)),
    breaks=(("11:10", "11:30"),),
)

ICT, DESIGN, CULTURE = "ICT", "Design", "Culture & Media"

# id, name, organisation, country, sector, role, email, arrive, leave, home table
PEOPLE = [
    # Basilicata (IT): the hosts
    ("IT01", "Rocco Santarsiero", "Murgia Digital", "IT", ICT, "CEO",
     "rocco.santarsiero@murgiadigital.it", None, None, "T1"),
    ("IT02", "Maria Lucia Colangelo", "Sassi Design Lab", "IT", DESIGN, "Founder",
     "ml.colangelo@sassidesignlab.it", None, None, "T2"),
    ("IT03", "Francesco Laurenzana", "Lucania Film Lab", "IT", CULTURE, "Producer",
     "francesco@lucaniafilmlab.it", None, None, "T3"),
    ("IT04", "Giulia Montemurro", "Basento Cloud", "IT", ICT, "CTO",
     "g.montemurro@basentocloud.it", None, None, None),
    ("IT05", "Antonio Lovallo", "Tufo Studio", "IT", DESIGN, "Art director",
     "antonio@tufostudio.it", None, None, None),
    ("IT06", "Angela Pietrafesa", "Matera Heritage XR", "IT", CULTURE, "Business developer",
     "angela.pietrafesa@materaxr.it", None, None, None),
    ("IT07", "Nicola Viggiano", "Pollino Games", "IT", ICT, "Founder",
     "nicola@pollinogames.it", None, None, None),
    # Provence-Alpes-Côte d'Azur (FR)
    ("FR01", "Élodie Lefèvre", "Atelier Calanque", "FR", DESIGN, "Founder",
     "elodie.lefevre@ateliercalanque.fr", None, None, None),
    ("FR02", "Mathieu Giraud", "Sophia Data Labs", "FR", ICT, "CEO",
     "m.giraud@sophiadatalabs.fr", None, None, None),
    ("FR03", "Anaïs Roux", "Marseille Médias", "FR", CULTURE, "Head of partnerships",
     "anais.roux@marseille-medias.fr", None, None, None),
    ("FR04", "Jérôme Bérenger", "Studio Lumière Sud", "FR", CULTURE, "Producer",
     "jerome@lumiere-sud.fr", "10:30", None, None),
    ("FR05", "Céline Maréchal", "Azur IoT", "FR", ICT, "CTO",
     "celine.marechal@azuriot.fr", None, None, None),
    ("FR06", "Hélène Castellan", "Mistral Objets", "FR", DESIGN, "Business developer",
     "h.castellan@mistralobjets.fr", None, None, None),
    # Attica (GR)
    ("GR01", "Γιώργος Παπαδόπουλος", "Hymettus Software", "GR", ICT, "CEO",
     "g.papadopoulos@hymettus.gr", None, None, None),
    ("GR02", "Ελένη Κωνσταντίνου", "Plaka Design Studio", "GR", DESIGN, "Founder",
     "eleni@plakadesign.gr", None, None, None),
    ("GR03", "Νίκος Αλεξίου", "Kerameikos Media", "GR", CULTURE, "Director",
     "n.alexiou@kerameikos.gr", None, None, None),
    ("GR04", "Dimitra Vlachou", "Athena XR Labs", "GR", ICT, "Business developer",
     "dimitra.vlachou@athenaxr.gr", None, None, None),
    ("GR05", "Κώστας Μαυρίδης", "Pnyx Analytics", "GR", ICT, "CTO",
     "k.mavridis@pnyxanalytics.gr", "10:10", None, None),
    ("GR06", "Maria Stathopoulou", "Kyklos Design", "GR", DESIGN, "Art director",
     "maria@kyklosdesign.gr", None, None, None),
    # Malta (MT)
    ("MT01", "Ġużeppi Ċaħħ", "Valletta Pixel Works", "MT", ICT, "Founder",
     "guzeppi@vallettapixel.com.mt", None, None, None),
    ("MT02", "Marija Borg", "Sliema Creative", "MT", DESIGN, "Creative director",
     "marija.borg@sliemacreative.com.mt", None, None, None),
    ("MT03", "Kurt Camilleri", "Gozo Film Hub", "MT", CULTURE, "Producer",
     "kurt@gozofilmhub.com.mt", None, None, None),
    ("MT04", "Rebekka Vella", "Mdina Heritage Media", "MT", CULTURE, "Business developer",
     "rebekka.vella@mdinaheritage.com.mt", None, None, None),
    ("MT05", "Matthew Grech", "Blue Grotto Systems", "MT", ICT, "CTO",
     "m.grech@bluegrotto.com.mt", None, "12:00", None),
    ("MT06", "Ċensu Żammit", "Għargħur Design Co", "MT", DESIGN, "Founder",
     "censu@gharghurdesign.com.mt", None, None, None),
]

# "a b priority": who asked to meet whom. Higher priority = more wanted.
REQUESTS = """
IT01 FR02 3   IT01 GR01 3   IT01 MT01 2   IT01 FR05 2   IT01 GR04 2
IT01 GR05 1   IT01 MT05 1   IT01 FR03 1   IT01 MT04 1   IT01 IT06 1
IT02 FR01 3   IT02 GR02 2   IT02 MT02 2   IT02 FR06 1
IT02 MT06 1   IT02 FR03 1   IT02 MT04 1
IT03 FR03 3   IT03 GR03 2   IT03 MT03 2   IT03 FR04 2   IT03 MT04 1
IT03 GR04 1   IT03 FR02 1   IT03 MT01 1   IT03 GR02 1
IT04 FR02 2   IT04 GR01 1   IT04 GR05 1   IT04 MT05 2   IT04 MT01 1
IT04 FR05 1   IT04 GR04 1
IT05 FR01 2   IT05 GR02 1   IT05 MT02 1   IT05 FR06 1
IT05 MT06 1   IT05 FR04 1
IT06 GR04 3   IT06 MT04 2   IT06 FR03 1   IT06 GR03 1   IT06 FR05 1
IT06 MT03 1   IT06 GR01 1
IT07 GR04 2   IT07 MT01 2   IT07 FR02 1   IT07 FR04 1   IT07 GR01 1
IT07 MT03 1   IT07 FR05 1
FR01 GR02 2   FR01 MT02 1   FR01 MT06 1   FR01 GR03 1
FR02 GR01 2   FR02 GR05 1   FR02 MT01 1   FR02 MT05 2   FR02 GR04 1
FR03 GR03 2   FR03 MT03 1   FR03 MT04 1   FR03 GR02 1
FR04 GR03 1   FR04 MT03 2   FR04 MT04 1   FR04 GR04 1
FR05 GR01 1   FR05 GR05 2   FR05 MT05 1   FR05 MT01 1
FR06 GR02 1   FR06 MT02 2   FR06 MT06 1
GR01 MT01 2   GR01 MT05 2   GR01 MT04 1
GR02 MT02 1   GR02 MT06 1
GR03 MT03 1   GR03 MT04 2
GR04 MT04 1   GR04 MT03 1   GR04 MT01 1
GR05 MT05 1   GR05 MT01 1
FR02 FR05 1
IT07 IT01 1   MT06 IT01 1   GR06 IT03 1   FR06 IT03 1   MT02 IT01 1
GR03 IT01 1   MT03 FR02 1
IT02 GR06 1   IT05 GR06 1   FR01 GR06 1   FR06 GR06 1   GR06 MT02 1
GR06 MT06 1
"""


def parse_requests(text: str) -> list[tuple[str, str, int]]:
    tokens = text.split()
    assert len(tokens) % 3 == 0, "requests come in threes: a b priority"
    return [(tokens[i], tokens[i + 1], int(tokens[i + 2])) for i in range(0, len(tokens), 3)]


def place(participants: list[Participant], wanted: list[tuple[str, str, int]],
          rounds: list[Round], tables: tuple[str, ...]) -> list[Request]:
    """Greedy placement; returns requests in file order, placed ones with slot+table."""
    by_id = {p.id: p for p in participants}
    home_tables = {p.table for p in participants if p.table}
    busy: set[tuple[str, int]] = set()  # (participant id, round no)
    taken: set[tuple[str, int]] = set()  # (table, round no)
    placed: dict[int, tuple[int, str]] = {}
    order = sorted(range(len(wanted)), key=lambda i: (-wanted[i][2], i))
    for i in order:
        a, b, _ = wanted[i]
        pa, pb = by_id[a], by_id[b]
        homes = [t for t in (pa.table, pb.table) if t]
        for rnd in rounds:
            r = rnd.no
            if (a, r) in busy or (b, r) in busy:
                continue
            if not (is_available(pa.arrive, pa.leave, rnd)
                    and is_available(pb.arrive, pb.leave, rnd)):
                continue
            if homes:
                free = [t for t in homes if (t, r) not in taken]
            else:
                free = [t for t in tables if t not in home_tables and (t, r) not in taken]
            if not free:
                continue
            table = free[0]
            busy.update({(a, r), (b, r)})
            taken.add((table, r))
            placed[i] = (r, table)
            break
    return [Request(a, b, prio, *placed.get(i, (None, None)))
            for i, (a, b, prio) in enumerate(wanted)]


def check(spec: EventSpec, rounds: list[Round]) -> None:
    """Assert the event is valid and its pre-placed meetings break no rule."""
    s = spec.schedule
    by_id = {p.id: p for p in spec.participants}
    assert len(by_id) == len(spec.participants), "duplicate participant id"
    assert len(rounds) == s.slots and to_min(rounds[-1].ends) <= to_min("13:10")
    homes = [p.table for p in spec.participants if p.table]
    assert len(homes) == len(set(homes)), "a home table given to two people"
    assert all(t in s.tables for t in homes), "home table does not exist"
    for p in spec.participants:
        assert p.country in {"IT", "FR", "GR", "MT"}
        assert p.id and p.name and p.organisation and "@" in p.email
        assert len(p.organisation) <= 22, p.organisation
    pairs: set[frozenset[str]] = set()
    seats: set[tuple[str, int]] = set()
    tables_used: set[tuple[str, int]] = set()
    for r in spec.requests:
        assert r.a in by_id and r.b in by_id, f"unknown id in {r}"
        assert r.a != r.b, f"self-request {r}"
        pair = frozenset((r.a, r.b))
        assert pair not in pairs, f"duplicate pair {r.a}-{r.b}"
        pairs.add(pair)
        assert r.priority >= 1
        assert (r.slot is None) == (r.table is None), f"slot without table: {r}"
        if r.slot is None:
            continue
        assert 1 <= r.slot <= s.slots and r.table in s.tables
        rnd = rounds[r.slot - 1]
        for pid in (r.a, r.b):
            p = by_id[pid]
            assert (pid, r.slot) not in seats, f"{pid} twice in round {r.slot}"
            seats.add((pid, r.slot))
            assert is_available(p.arrive, p.leave, rnd), f"{pid} not there in round {r.slot}"
        assert (r.table, r.slot) not in tables_used, f"{r.table} twice in round {r.slot}"
        tables_used.add((r.table, r.slot))
        owners = [by_id[x].table for x in (r.a, r.b) if by_id[x].table]
        if owners:
            assert r.table in owners, f"{r} not at a home table"
        else:
            assert r.table not in homes, f"{r} takes someone's home table"


def to_min(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def build() -> tuple[EventSpec, list[Round]]:
    participants = [Participant(pid, name, org, cc, sector, role, email, arrive, leave, table)
                    for pid, name, org, cc, sector, role, email, arrive, leave, table in PEOPLE]
    rounds = compute_rounds(SCHEDULE)
    requests = place(participants, parse_requests(REQUESTS), rounds, SCHEDULE.tables)
    spec = EventSpec(
        name="2Ins Clusters Med — Business Mission Matera",
        date="2026-11-26",
        venue="Mediateca Provinciale, Matera",
        schedule=SCHEDULE,
        participants=tuple(participants),
        requests=tuple(requests),
    )
    check(spec, rounds)
    return spec, rounds


def summary(spec: EventSpec, rounds: list[Round]) -> str:
    per_round = Counter(r.slot for r in spec.requests if r.slot)
    open_ = [r for r in spec.requests if r.slot is None]
    lines = [f"{spec.name}, {spec.date}, {spec.venue}",
             f"{len(spec.participants)} participants, {len(spec.requests)} requests, "
             f"{len(spec.schedule.tables)} tables"]
    for rnd in rounds:
        lines.append(f"  round {rnd.no:2d}  {rnd.starts}-{rnd.ends}  "
                     f"{per_round[rnd.no]:2d} meetings")
    lines.append(f"placed {sum(per_round.values())}, unplaced {len(open_)}: "
                 + ", ".join(f"{r.a}-{r.b} (p{r.priority})" for r in open_))
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUT
    spec, rounds = build()
    write_event_folder(spec, out)
    print(summary(spec, rounds))
    print(f"written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
