"""Family-name keys, particles and initials."""

from __future__ import annotations

import pytest

from citecheck.text.lexicon import words
from citecheck.text.names import family_key, is_initials, is_particle, same_family_name


@pytest.mark.parametrize(
    ("a", "b"),
    [("van der Berg", "Berg"), ("Van Der Berg", "van der berg"), ("Müller", "Muller"), ("O'Neil", "ONeil"), ("de la Cruz", "Cruz")],
)
def test_family_keys_ignore_particles_case_accents_and_punctuation(a: str, b: str) -> None:
    assert family_key(a) == family_key(b)


def test_a_name_of_particles_only_keeps_them() -> None:
    assert family_key("Van") == "van"


@pytest.mark.parametrize(
    ("cited", "registered", "same"),
    [("Dekker", "Dekker Nitert", True), ("Turnbough", "Turnbaugh", False), ("García", "Garcia", True), ("", "Smith", True)],
)
def test_same_family_name(cited: str, registered: str, same: bool) -> None:
    assert same_family_name(cited, registered) is same


@pytest.mark.parametrize("token", ["J.", "J.A.", "J. A.", "J.-P.", "AB", "S-H", "ABC"])
def test_initials(token: str) -> None:
    assert is_initials(token)


@pytest.mark.parametrize("token", ["Smith", "ABCD", "Jo", "2020", "", "al."])
def test_not_initials(token: str) -> None:
    assert not is_initials(token)


def test_particles_come_from_the_word_list() -> None:
    assert is_particle("van") and is_particle("De") and not is_particle("Smith")
    assert "van" in words("particles")


@pytest.mark.parametrize("name", ["months", "particles", "journal-words", "headings", "organisation-words", "link-words"])
def test_every_word_list_is_lower_case_without_comments(name: str) -> None:
    entries = words(name)
    assert entries
    assert all(entry == entry.lower() and not entry.startswith("#") for entry in entries)
