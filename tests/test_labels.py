"""Short labels for the grid: the two sides of a cell and the cells of a round stay
distinct, and a cut label ends in "…"."""

import pytest

from floor.domain.labels import distinct_labels, fit, org_forms

WIDTH = 10
CROWDED = [f"{place} {activity} {legal}"
           for place in ("Matera", "Xlendi", "Tufo", "Marseille", "Αττική")
           for activity in ("Digital", "Design", "Studio", "Media")
           for legal in ("S.r.l.", "Ltd")]


def labels(*organisations: str, width: int = WIDTH) -> list[str]:
    people = {f"P{i}": (org, f"Person {i}") for i, org in enumerate(organisations)}
    found = distinct_labels(people, width)
    return [found[f"P{i}"] for i in range(len(organisations))]


def test_a_name_that_fits_is_kept_and_a_cut_one_ends_in_an_ellipsis():
    assert fit("Azur IoT", 10) == "Azur IoT"
    assert fit("Valletta Pixel Works", 10) == "Valletta…"  # no space before the "…"
    assert fit("x" * 30, 5) == "xxxx…"


def test_the_first_word_is_enough_when_nobody_else_has_it():
    assert labels("Murgia Digital", "Sophia Data Labs", "Tufo Studio") == [
        "Murgia", "Sophia", "Tufo"]


def test_organisations_sharing_a_first_word_are_told_apart():
    found = labels("Matera Heritage XR", "Matera Digital S.r.l.", "Xlendi Design Ltd",
                   "Xlendi Media Co. Ltd", "Sliema Creative")
    assert found == ["M.Heritage", "M.Digital", "X.Design", "X.Media", "Sliema"]


@pytest.mark.parametrize("width", [6, 8, 10, 16])
def test_labels_stay_within_the_width(width):
    assert all(len(label) <= width for label in labels(*CROWDED, width=width))


@pytest.mark.parametrize("width", [10, 16])
def test_a_crowded_round_of_look_alike_organisations_stays_distinct(width):
    """Five places × four activities × two legal forms, as the generated events have."""
    assert len(set(labels(*CROWDED, width=width))) == len(CROWDED)


def test_people_of_one_organisation_are_told_apart_by_family_name():
    people = {"A": ("Matera Digital", "Rocco Santarsiero"),
              "B": ("Matera Digital", "Angela Pietrafesa"),
              "C": ("Plaka Design Studio", "Νίκος Παππάς")}
    assert distinct_labels(people, WIDTH) == {"A": "Santarsie…", "B": "Pietrafesa",
                                              "C": "Plaka"}


def test_the_legal_form_is_used_only_when_nothing_else_differs():
    assert org_forms("Matera Digital S.r.l.", WIDTH)[0] == "Matera"
    first, second = labels("Matera Digital S.r.l.", "Matera Digital S.r.l.s.")
    assert first != second
