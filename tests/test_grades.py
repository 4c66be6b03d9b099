import pytest

from intervene.errors import InterveneError
from intervene.grades import canonical_framework, canonical_grade


@pytest.mark.parametrize(
    "text, framework, expected",
    [
        ("inadequate", None, ("inadequate", "inadequate")),
        ("Requires improvement to be good", None, ("requires improvement", "Requires improvement to be good")),
        ("RI", None, ("requires improvement", "Requires improvement to be good")),  # a shorthand is stored as published
        ("Outstanding", "ILACS", ("outstanding", "Outstanding")),
        ("1", "apa", ("inadequate", "1")),
        ("4", "APA", ("outstanding", "4")),
        ("2", "jar", ("adequate", "2")),
        ("1", "ilacs", ("outstanding", "1")),
        ("3", "SIF", ("requires improvement", "3")),
        ("4", "sif", ("inadequate", "4")),
    ],
)
def test_grades_map_each_frameworks_numbering(text, framework, expected):
    assert canonical_grade(text, framework) == expected


def test_a_number_without_a_framework_is_refused():
    with pytest.raises(InterveneError, match="say which framework numbers it"):
        canonical_grade("1")


def test_out_of_range_and_unknown_words_list_what_is_accepted():
    with pytest.raises(InterveneError, match="out of range for APA: use 1 to 4 .1 inadequate, 2 adequate"):
        canonical_grade("5", "apa")
    with pytest.raises(InterveneError, match="'great' is not a grade; use outstanding, good, adequate"):
        canonical_grade("great")


def test_frameworks_are_named_case_insensitively():
    assert canonical_framework("ilacs") == "ILACS"
    with pytest.raises(InterveneError, match="'OFSTED' is not a framework; use one of APA, JAR"):
        canonical_framework("OFSTED")
