"""What follows a reference list is not read into it: comments, related posts, external links."""

from __future__ import annotations

import pytest

from citecheck.extract.extractor import extract
from citecheck.extract.headings import is_section_end
from citecheck.ingest import document_from_text

HEAD = (
    "# Coffee and sleep\n\n"
    "Coffee late in the day delays sleep (Drake et al., 2013). Caffeine blocks adenosine (Fredholm, 1995).\n\n"
    "## References\n\n"
    "Drake, C., Roehrs, T., Shambroom, J., & Roth, T. (2013). Caffeine effects on sleep taken 0, 3, or 6 hours "
    "before going to bed. *Journal of Clinical Sleep Medicine*, 9(11), 1195-1200.\n\n"
    "Fredholm, B. B. (1995). Adenosine, adenosine receptors and the actions of caffeine. "
    "*Pharmacology & Toxicology*, 76(2), 93-101.\n\n"
)
RELATED = (
    "1. How much coffee is too much? (2021)\n"
    "2. The best time to drink green tea\n"
    "3. Ten tips for better sleep in 2022\n\n"
)
COMMENTS = (
    "Maria Lopez, March 3, 2021 at 4:12 pm\n\n"
    "Great post, thanks! I stopped drinking coffee after 2 pm and sleep much better now.\n\n"
    "Reply\n\n"
    "Tom Baker (2021)\n\n"
    "Loved the part on adenosine, very clear.\n\n"
    "Reply\n"
)
LINKS = (
    "- Caffeine and sleep, National Sleep Foundation (2020), https://www.sleepfoundation.org/nutrition/caffeine-and-sleep\n"
    "- Coffee, Wikimedia Commons, https://commons.wikimedia.org/wiki/Coffee\n"
    "- Sleep Research Society (official website)\n"
)


def _entries(source: str) -> list[str]:
    return [reference.authors[0] if reference.authors else reference.text for reference in extract(document_from_text(source, "post.md")).references]


@pytest.mark.parametrize(
    "tail",
    [
        "## You might also like\n\n" + RELATED,
        "## 2 Comments\n\n" + COMMENTS,
        "## Leave a reply\n\n" + COMMENTS,
        "## External links\n\n" + LINKS,
        "### See also\n\n" + LINKS,
        RELATED,  # a list run on below without a heading
        "## You might also like\n\n" + RELATED + "## 2 Comments\n\n" + COMMENTS,
    ],
)
def test_the_list_ends_where_other_sections_begin(tail: str) -> None:
    assert _entries(HEAD + tail) == ["Drake", "Fredholm"]


def test_a_reference_heading_after_them_opens_a_list_again() -> None:
    source = HEAD + "## Related posts\n\n" + RELATED + "## Bibliography\n\n" + (
        "Roehrs, T., & Roth, T. (2008). Caffeine: sleep and daytime sleepiness. *Sleep Medicine Reviews*, 12(2), 153-162.\n"
    )
    assert _entries(source) == ["Drake", "Fredholm", "Roehrs"]


def test_a_numbered_list_of_references_stays_whole() -> None:
    source = "Shown [1], [2], [3].\n\nReferences\n\n" + "".join(
        f"{n}. Author{chr(64 + n)} B, Other C. A title number {n}. J Biol. 201{n};{n}:1-9.\n" for n in (1, 2, 3)
    )
    assert len(extract(document_from_text(source, "a.txt")).references) == 3


@pytest.mark.parametrize(
    "line, ends",
    [("Comments", True), ("## 12 Comments", True), ("3 thoughts on \u201cCoffee and sleep\u201d", True),
     ("External links", True), ("You might also like", True), ("References", False), ("Results", False)],
)
def test_section_end_headings(line: str, ends: bool) -> None:
    assert is_section_end(line) is ends
