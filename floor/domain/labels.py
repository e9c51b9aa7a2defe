"""Short labels that still tell people apart: a grid cell has room for two organisations
of a few letters each, and the cells of one round are read side by side.

`fit` cuts any text to a width, ending in "…" when cut. `distinct_labels` gives each person
of a round a label of at most `width` characters, the shortest readable form of their
organisation that no other organisation in the round shares ("Matera Heritage XR" and
"Matera Digital" become "M.Heritage" and "M.Digital", not "Matera" twice); people of the
same organisation are told apart by their family names. Pure: no I/O, no terminal."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from functools import lru_cache

ELLIPSIS = "…"

# Legal forms say nothing about who someone is: dropped first, kept only as a last resort.
LEGAL_FORMS = frozenset(word.casefold() for word in (
    "S.r.l.", "S.r.l.s.", "Srl", "S.p.A.", "SpA", "Soc.", "Coop.", "SARL", "SAS", "SA",
    "S.A.", "Ltd", "Ltd.", "Co.", "Co", "GmbH", "AG", "Inc.", "Inc", "LLC", "BV", "NV",
    "Α.Ε.", "Ι.Κ.Ε.", "Ε.Π.Ε.", "Ο.Ε.", "plc", "Oy", "AB"))


def fit(text: str, width: int) -> str:
    """`text` in at most `width` characters, ending in "…" when cut."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    if width <= 1:
        return ELLIPSIS[:width]
    return text[:width - 1].rstrip() + ELLIPSIS


def _words(organisation: str) -> list[str]:
    words = organisation.split()
    while len(words) > 1 and words[-1].casefold() in LEGAL_FORMS:
        words.pop()
    return words


@lru_cache(maxsize=65536)  # a round's labels are read again at every change on the floor
def org_forms(organisation: str, width: int) -> tuple[str, ...]:
    """The forms of an organisation's name, plainest first, each within `width`:
    "Matera", "Matera Heritage", "M.Heritage", "M.H.XR", the first word cut ("Għarg…"),
    the words cut, and last what only the legal form tells apart ("MD S.r.l.")."""
    words = _words(organisation)
    full = " ".join(organisation.split())
    whole = [words[0] if words else full]
    for n in range(2, len(words) + 1):
        whole.append(" ".join(words[:n]))
    for n in range(2, len(words) + 1):  # initials of the first words, the n-th in full
        whole.append("".join(w[0] + "." for w in words[:n - 1]) + words[n - 1])
    if len(words) > 2:
        whole.append("".join(w[0] for w in words[:-1]) + " " + words[-1])
    legal = organisation.split()[len(words):]
    by_legal = []
    if legal:  # "Matera Digital S.r.l." and "… Ltd" differ only there
        by_legal.append("".join(w[0] + "." for w in words[:-1]) + words[-1] + " "
                        + legal[0][0])
        by_legal.append("".join(w[0] for w in words) + " " + " ".join(legal))
    # A form that fits is worth more than the same words cut.
    forms = ([f for f in whole if len(f) <= width]
             + [fit(f, width) for f in (whole[0], " ".join(words))]
             + [f for f in by_legal if len(f) <= width]
             + [fit(f, width) for f in (full, *by_legal[-1:])])
    return tuple(dict.fromkeys(forms))


def _first_unshared(choices: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """For each key, the earliest of its forms that is none of any other key's forms (so
    no two keys can end up with it). Keys whose every form is shared then take, in turn,
    the form shared by the fewest keys that nobody has taken yet (the last one if none)."""
    owners: dict[str, set[str]] = defaultdict(set)
    for key, forms in choices.items():
        for form in forms:
            owners[form].add(key)
    chosen = {}
    for key, forms in choices.items():
        own = next((form for form in forms if len(owners[form]) == 1), None)
        if own is not None:
            chosen[key] = own
    taken = set(chosen.values())
    for key, forms in choices.items():
        if key in chosen:
            continue
        free = [form for form in forms if form not in taken]
        form = min(free, key=lambda f: len(owners[f])) if free else forms[-1]
        chosen[key] = form
        taken.add(form)
    return chosen


@lru_cache(maxsize=65536)
def _name_forms(name: str, width: int) -> tuple[str, ...]:
    words = name.split()
    family = words[-1] if words else name
    forms = [family, f"{words[0][0]}.{family}" if len(words) > 1 else family, name]
    return tuple(dict.fromkeys(fit(form, width) for form in forms))


def distinct_labels(people: Mapping[str, tuple[str, str]], width: int) -> dict[str, str]:
    """{person key: label} for `people` = {key: (organisation, name)} seen together (the
    meetings of one round), each label at most `width` characters. Different
    organisations get different labels where their names allow it; people of one
    organisation are labelled by their family names."""
    by_org: dict[str, list[str]] = defaultdict(list)
    for key, (organisation, _) in people.items():
        by_org[" ".join(organisation.split()).casefold() or key].append(key)
    org_label = _first_unshared({org: org_forms(people[keys[0]][0] or people[keys[0]][1],
                                                width)
                                 for org, keys in by_org.items()})
    labels: dict[str, str] = {}
    for org, keys in by_org.items():
        if len(keys) == 1:
            labels[keys[0]] = org_label[org]
        else:
            labels.update(_first_unshared({key: _name_forms(people[key][1], width)
                                           for key in keys}))
    return labels
