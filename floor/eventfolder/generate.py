"""Synthetic event folders for tests, demos and benchmarks (`floor generate`).

`generate_event(...)` returns an `EventSpec` that looks like a real brokerage day:
companies from Italy (Basilicata), France (Provence), Greece (Attica) and Malta, in ICT,
Design and Culture & Media; a few very popular participants who receive many requests;
some people arriving late or leaving early; some with a home table (their stand).
Everything is drawn from `random.Random(seed)`, so the same arguments give the same event.
"""

from __future__ import annotations

import random
import unicodedata

from floor.domain.model import EventSpec, Participant, Request, ScheduleSpec
from floor.domain.time import compute_rounds, to_hhmm, to_minutes

SECTORS = ("ICT", "Design", "Culture & Media")
COUNTRY_WEIGHTS = (("IT", 0.30), ("FR", 0.25), ("GR", 0.25), ("MT", 0.20))
ROLES = ("CEO", "Founder", "Business developer", "Sales manager", "Creative director",
         "CTO", "Project manager", "Export manager", "Producer", "Art director")

# first names (female, male) and surnames per country; Greek surnames as (male, female)
_FIRST = {
    "IT": (("Maria", "Francesca", "Antonella", "Giovanna", "Chiara", "Lucrezia", "Angela",
            "Carmela", "Rosanna", "Ilaria", "Noemi", "Benedetta"),
           ("Giuseppe", "Rocco", "Nicolò", "Vito", "Donato", "Michele", "Pasquale", "Luca",
            "Niccolò", "Gabriele", "Canio", "Mattia")),
    "FR": (("Élodie", "Léa", "Chloé", "Hélène", "Aurélie", "Cécile", "Anaïs", "Zoé",
            "Maëlle", "Inès", "Sophie", "Camille"),
           ("François", "Jérôme", "Noël", "Gaël", "Benoît", "Raphaël", "Sébastien", "Mathéo",
            "Loïc", "Hervé", "Julien", "Thomas")),
    "GR": (("Maria", "Eleni", "Katerina", "Sofia", "Ioanna", "Georgia", "Dimitra", "Vasiliki"),
           ("Georgios", "Dimitris", "Konstantinos", "Nikos", "Yannis", "Alexandros", "Panagiotis",
            "Christos")),
    "MT": (("Marija", "Ġulja", "Rożanne", "Ċensina", "Rita", "Graziella", "Doreen", "Ħelena"),
           ("Ġorġ", "Ġużeppi", "Pawlu", "Karmenu", "Ċikku", "Duminku", "Frans", "Luqa")),
}
_SURNAMES = {
    "IT": ("Lorusso", "Santoro", "Colucci", "D'Amato", "Lacava", "Capuano", "Summa", "Sarli",
           "Pepe", "Vitale", "Cantù", "Mazzù", "Lucà", "Lo Russo", "De Nicolò", "Montesano",
           "Di Pierro", "Giannò"),
    "FR": ("Lefèvre", "Moreau", "Girard", "Bérenger", "Roux", "Fabre", "Mercier", "Chevalier",
           "Lemaître", "Faure", "Pélissier", "Guérin", "Barthélemy", "Aubert", "Rousseau",
           "Féraud"),
    "MT": ("Borg", "Camilleri", "Vella", "Farrugia", "Żammit", "Galea", "Micallef", "Grech",
           "Ħili", "Bonniċi", "Buħaġiar", "Ċaħħ", "Żahra", "Xerri", "Spiteri", "Azzopardi"),
}
_GR_SURNAMES_LATIN = (("Papadopoulos", "Papadopoulou"), ("Georgiou", "Georgiou"),
                      ("Nikolaidis", "Nikolaidou"), ("Oikonomou", "Oikonomou"),
                      ("Vasileiou", "Vasileiou"), ("Karagiannis", "Karagianni"),
                      ("Mavridis", "Mavridou"), ("Antoniou", "Antoniou"))
_GR_GREEK = (  # (female first, male first) and surnames (male, female), in Greek script
    ("Ελένη", "Κατερίνα", "Σοφία", "Ιωάννα", "Μαρία", "Δήμητρα"),
    ("Γιώργος", "Δημήτρης", "Νίκος", "Κώστας", "Αλέξανδρος", "Παναγιώτης"),
    (("Παπαδόπουλος", "Παπαδοπούλου"), ("Γεωργίου", "Γεωργίου"), ("Νικολάου", "Νικολάου"),
     ("Οικονόμου", "Οικονόμου"), ("Βασιλείου", "Βασιλείου"), ("Καραγιάννης", "Καραγιάννη"),
     ("Μαυρίδης", "Μαυρίδου"), ("Παππάς", "Παππά")),
)
_PLACES = {
    "IT": ("Lucania", "Matera", "Sassi", "Murgia", "Basento", "Pollino", "Metaponto", "Vulture",
           "Potenza", "Maratea"),
    "FR": ("Provence", "Calanques", "Lubéron", "Côte Bleue", "Marseille", "Ventoux", "Arles",
           "Mistral", "Aix", "Sainte-Victoire"),
    "GR": ("Αττική", "Acropolis", "Πειραιάς", "Athena", "Υμηττός", "Kifisia", "Λαύριο", "Plaka",
           "Ερμής", "Glyfada"),
    "MT": ("Valletta", "Għargħur", "Mdina", "Ħal Qormi", "Żurrieq", "Sliema", "Marsaxlokk",
           "Ċittadella", "Birgu", "Xlendi"),
}
_ACTIVITY = {
    "ICT": ("Digital", "Software", "Tech", "Cloud", "Data Lab"),
    "Design": ("Design", "Atelier", "Studio", "Creative", "Crafts"),
    "Culture & Media": ("Media", "Films", "Edizioni", "Sound", "Heritage"),
}
_SUFFIX = {"IT": ("S.r.l.", "S.r.l.s.", "Soc. Coop."), "FR": ("SARL", "SAS", "SA"),
           "GR": ("Α.Ε.", "Ι.Κ.Ε.", "S.A."), "MT": ("Ltd", "Ltd", "Co. Ltd")}


def _ascii_slug(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in decomposed if c.isascii() and (c.isalnum() or c in " -"))
    return "-".join(kept.lower().split())


def _schedule(rounds: int, tables: int) -> ScheduleSpec:
    """09:00, 20-minute rounds; a 30-minute coffee break half way for short days, or a
    20-minute coffee break after round 4 and a one-hour lunch later for long ones."""
    start, slot = to_minutes("09:00"), 20
    breaks: list[tuple[str, str]] = []
    if 4 <= rounds < 10:
        k = (rounds + 1) // 2
        breaks.append((to_hhmm(start + k * slot), to_hhmm(start + k * slot + 30)))
    elif rounds >= 10:
        coffee = start + 4 * slot
        breaks.append((to_hhmm(coffee), to_hhmm(coffee + 20)))
        lunch_after = min(9, rounds - 2)
        lunch = start + lunch_after * slot + 20
        breaks.append((to_hhmm(lunch), to_hhmm(lunch + 60)))
    return ScheduleSpec(start="09:00", slot_minutes=slot, slots=rounds,
                        tables=tuple(f"T{i}" for i in range(1, tables + 1)),
                        breaks=tuple(breaks))


def _round5(minutes: int) -> int:
    return minutes - minutes % 5


def generate_event(participants: int, requests: int, rounds: int, tables: int, seed: int, *,
                   home_table_share: float = 0.05, partial_share: float = 0.15,
                   popular_share: float = 0.03, popular_request_share: float = 0.25,
                   cross_country_share: float = 0.85, date: str = "2026-05-14") -> EventSpec:
    """A realistic synthetic event, the same for the same arguments.

    - `home_table_share`: share of participants with a home table (distinct tables, at most
      one per table);
    - `partial_share`: share arriving late and/or leaving early (they miss some rounds but
      always keep at least one, or two when the day has three rounds or more);
    - `popular_share`: share of very popular participants, who together receive about
      `popular_request_share` of all requests (far more than they have rounds);
    - `cross_country_share`: share of requests between people of different countries;
    - `date`: the event's date (fixed by default, never "today", so output is reproducible).
    Priorities are mostly 1, some 2 and a few 3. No self-requests, no pair twice.
    """
    if participants < 0 or requests < 0 or rounds < 1 or tables < 1:
        raise ValueError("participants and requests must be >= 0, rounds and tables >= 1")
    max_pairs = participants * (participants - 1) // 2
    if requests > max_pairs:
        raise ValueError(f"{requests} requests do not fit among {participants} participants "
                         f"(at most {max_pairs} distinct pairs)")
    rng = random.Random(seed)
    schedule = _schedule(rounds, tables)
    day = compute_rounds(schedule)

    width = max(3, len(str(participants)))
    countries = [c for c, _ in COUNTRY_WEIGHTS]
    weights = [w for _, w in COUNTRY_WEIGHTS]
    people: list[dict] = []
    for i in range(1, participants + 1):
        country = rng.choices(countries, weights)[0]
        female = rng.random() < 0.5
        if country == "GR":
            if rng.random() < 0.4:
                firsts = _GR_GREEK[0] if female else _GR_GREEK[1]
                surname = rng.choice(_GR_GREEK[2])[1 if female else 0]
            else:
                firsts = _FIRST["GR"][0] if female else _FIRST["GR"][1]
                surname = rng.choice(_GR_SURNAMES_LATIN)[1 if female else 0]
        else:
            firsts = _FIRST[country][0] if female else _FIRST[country][1]
            surname = rng.choice(_SURNAMES[country])
        name = f"{rng.choice(firsts)} {surname}"
        sector = rng.choice(SECTORS)
        brand = f"{rng.choice(_PLACES[country])} {rng.choice(_ACTIVITY[sector])}"
        org = f"{brand} {rng.choice(_SUFFIX[country])}"
        pid = f"P{i:0{width}d}"
        user = _ascii_slug(name).replace("-", ".") or pid.lower()
        domain = _ascii_slug(brand) or "example"
        people.append(dict(id=pid, name=name, organisation=org, country=country,
                           sector=sector, role=rng.choice(ROLES),
                           email=f"{user}@{domain}.example", arrive=None, leave=None,
                           table=None))

    # late arrivals / early departures: times on 5-minute marks, inside the gap that makes
    # them miss the intended rounds
    keep = 1 if rounds < 3 else 2
    max_miss = max(0, rounds - keep)
    if max_miss > 0:
        for p in people:
            if rng.random() >= partial_share:
                continue
            kind = rng.random()
            late = kind < 0.5 or kind >= 0.9
            early = kind >= 0.5
            miss_late = rng.randint(1, max(1, min(max_miss, rounds // 3 or 1))) if late else 0
            miss_early = 0
            if early:
                room = max_miss - miss_late
                if room <= 0:
                    early = False
                else:
                    miss_early = rng.randint(1, max(1, min(room, rounds // 3 or 1)))
            if late and miss_late:
                lo = to_minutes(day[miss_late - 1].starts) + 5
                hi = to_minutes(day[miss_late].starts)
                p["arrive"] = to_hhmm(_round5(rng.randint(lo, hi)))
            if early and miss_early:
                last = rounds - miss_early  # last round they stay for (1-based)
                lo = to_minutes(day[last - 1].ends)
                hi = to_minutes(day[last].ends) - 5
                p["leave"] = to_hhmm(_round5(rng.randint(lo, hi)) if hi > lo else lo)

    # home tables: distinct tables for a few participants
    homes = min(round(home_table_share * participants), tables)
    if homes > 0:
        owners = rng.sample(range(participants), homes)
        for idx, table in zip(owners, rng.sample(schedule.tables, homes)):
            people[idx]["table"] = table

    parts = tuple(Participant(**p) for p in people)

    # requests
    n_popular = min(participants, round(popular_share * participants)) if participants else 0
    popular = rng.sample(range(participants), n_popular) if n_popular else []
    appeal = [rng.uniform(0.4, 1.6) for _ in range(participants)]
    by_country: dict[str, list[int]] = {c: [] for c in countries}
    for i, p in enumerate(parts):
        by_country[p.country].append(i)
    pairs: set[tuple[int, int]] = set()
    reqs: list[Request] = []

    def priority() -> int:
        x = rng.random()
        return 1 if x < 0.80 else (2 if x < 0.95 else 3)

    def add(a: int, b: int) -> bool:
        if a == b:
            return False
        key = (a, b) if a < b else (b, a)
        if key in pairs:
            return False
        pairs.add(key)
        reqs.append(Request(parts[a].id, parts[b].id, priority()))
        return True

    attempts = 0
    while len(reqs) < requests and attempts < 40 * requests + 100:
        attempts += 1
        if popular and rng.random() < popular_request_share:
            b = rng.choice(popular)
        else:
            b = rng.choices(range(participants), appeal)[0]
        if rng.random() < cross_country_share:
            others = [c for c in countries if c != parts[b].country and by_country[c]]
            if not others:
                continue
            a = rng.choice(by_country[rng.choice(others)])
        else:
            a = rng.choice(by_country[parts[b].country])
        if rng.random() < 0.5:
            a, b = b, a
        add(a, b)
    if len(reqs) < requests:  # dense corner: fill with the pairs left, in a seeded order
        rest = [(a, b) for a in range(participants) for b in range(a + 1, participants)
                if (a, b) not in pairs]
        rng.shuffle(rest)
        for a, b in rest[: requests - len(reqs)]:
            add(a, b)

    return EventSpec(
        name=f"Synthetic brokerage event {seed}",
        date=date,
        venue="Mediateca Provinciale, Matera",
        schedule=schedule,
        participants=parts,
        requests=tuple(reqs),
    )
