"""citecheck.suggest: which candidate a reference without a DOI cites, and when to say nothing."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from citecheck.suggest import MARGIN, THRESHOLD, best_match, match_details, match_score, ranked
from citecheck.model import Reference, Work
from citecheck.sources.records import work_from_message

ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "crossref" / "articles"


def article_work(name: str) -> Work:
    """A reconstructed record of fixtures/crossref/articles, as the search would return it."""
    envelope = json.loads((ARTICLES / name).read_text(encoding="utf-8"))
    return work_from_message(envelope["message"])


def message(doi: str, title: str, families: list[str], year: int, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "DOI": doi,
        "type": "journal-article",
        "title": [title],
        "author": [{"given": "A.", "family": f, "sequence": "first" if i == 0 else "additional"} for i, f in enumerate(families)],
        "issued": {"date-parts": [[year]]},
        "container-title": ["Journal of Examples"],
        "short-container-title": ["J Ex"],
        "volume": "12",
        "page": "100-110",
    }
    body.update(extra)
    return body


TITLE = "Offline persistence of memory-related cerebral activity during active wakefulness"
TRUE = message("10.1234/true", TITLE, ["Peigneux", "Orban", "Maquet"], 2006)


def work(body: dict[str, Any]) -> Work:
    return work_from_message(body)


def reference(**fields: Any) -> Reference:
    values: dict[str, Any] = {
        "id": "ref-1",
        "line": 1,
        "text": f"Peigneux P, Orban P, Maquet P. 2006. {TITLE}. J Ex 12:100-110.",
        "authors": ("Peigneux", "Orban", "Maquet"),
        "year": 2006,
        "title": TITLE,
        "journal": "J Ex",
        "volume": "12",
        "pages": "100-110",
    }
    values.update(fields)
    return Reference(**values)


def decoy(kind: str) -> dict[str, Any]:
    """A look-alike of TRUE with another DOI."""
    body = copy.deepcopy(TRUE)
    body["DOI"] = f"10.5555/{kind}"
    if kind == "correction":
        body["title"] = [f"Correction: {TITLE}"]
        body["author"] = []
        body["update-to"] = [{"DOI": "10.1234/true", "type": "correction", "label": "Correction"}]
    elif kind == "erratum":
        body["title"] = [f"Erratum to: {TITLE}"]
        body["issued"] = {"date-parts": [[2007]]}
    elif kind == "reply":
        body["title"] = [f"Reply to: {TITLE}"]
    elif kind == "retracted-copy":
        body["title"] = [f"RETRACTED: {TITLE}"]
        body["update-to"] = [{"DOI": "10.1234/true", "type": "retraction", "label": "Retraction"}]
    elif kind == "other-year":
        body["issued"] = {"date-parts": [[2009]]}
    elif kind == "other-author":
        body["author"] = [{"given": "B.", "family": "Lindqvist", "sequence": "first"}]
    elif kind == "same-authors-other-title":
        body["title"] = ["Sleep spindles and the consolidation of declarative memory in older adults"]
    elif kind == "preprint":
        body["type"] = "posted-content"
        body["subtype"] = "preprint"
        body["container-title"] = []
        body["short-container-title"] = []
        body["issued"] = {"date-parts": [[2005]]}
        for key in ("volume", "page"):
            body.pop(key)
    return body


DECOYS = ["correction", "erratum", "reply", "retracted-copy", "other-year", "other-author", "same-authors-other-title", "preprint"]


# -------------------------------------------------------------- true matches


def test_exact_reference_is_matched_with_full_score() -> None:
    suggestion = best_match(reference(), [work(TRUE)])
    assert suggestion is not None
    assert suggestion.doi == "10.1234/true"
    assert suggestion.score == pytest.approx(1.0)
    assert suggestion.title == TITLE


def test_typos_in_title_and_first_author_are_accepted() -> None:
    cited = reference(
        authors=("Piegneux", "Orban"),
        title="Offline persistance of memory-related cerebral activty during active wakefulness",
    )
    details = match_details(cited, work(TRUE))
    assert 0.85 <= details.title < 1.0
    assert details.author == pytest.approx(0.9)
    assert best_match(cited, [work(TRUE)]).doi == "10.1234/true"


def test_misspelled_first_author_of_a_real_reference_is_accepted() -> None:
    # Article 004 writes "Gavilov LA and 8 others. 1997. Mutation load and human longevity. Mut Res 377:61-62."
    gavrilov = article_work("10.1016_s0027-5107(97)00058-4.json")
    cited = Reference(
        id="r1", line=1, text="Gavilov LA and 8 others. 1997. Mutation load and human longevity. Mut Res 377:61-62.",
        authors=("Gavilov",), et_al=True, year=1997, title="Mutation load and human longevity",
        journal="Mut Res", volume="377", pages="61-62",
    )
    suggestion = best_match(cited, [gavrilov, work(TRUE)])
    assert suggestion is not None and suggestion.doi == "10.1016/s0027-5107(97)00058-4"


def test_cited_year_matching_the_online_year_counts_fully_and_one_off_still_matches() -> None:
    # Article 007 cites Kaur ... Br J Nutr 2011;103(1):32-37; the paper is January 2010, online August 2009.
    kaur = article_work("10.1017_s0007114509991334.json")
    title = "Short-term docosapentaenoic acid (22:5n-3) supplementation increases tissue docosapentaenoic acid, DHA and EPA concentrations in rats"
    base = dict(id="r", line=1, text="Kaur G et al. ... Br J Nutr. 2011;103(1):32-37.", authors=("Kaur",), title=title,
                journal="Br J Nutr", volume="103", issue="1", pages="32-37")
    assert match_details(Reference(year=2009, **base), kaur).year == 1.0  # the online year
    assert match_details(Reference(year=2011, **base), kaur).year == pytest.approx(0.7)
    assert best_match(Reference(year=2011, **base), [kaur]).doi == "10.1017/s0007114509991334"
    assert match_details(Reference(year=2013, **base), kaur).score < THRESHOLD


def test_accents_and_markup_do_not_matter() -> None:
    body = message("10.1234/acc", "Effects of <i>in vivo</i> NF-κB activation in Pääbo's mice", ["Pääbo", "Müller"], 2010)
    cited = reference(
        authors=("Paabo", "Muller"), year=2010, title="Effects of in vivo NF-kappaB activation in Paabo's mice",
    )
    details = match_details(cited, work(body))
    assert details.author == 1.0
    assert details.title >= 0.95
    assert best_match(cited, [work(body)]).doi == "10.1234/acc"


def test_subtitle_cited_or_left_out() -> None:
    body = message("10.1234/sub", "Measurement uncertainty matters", ["Memarzadeh"], 2016, subtitle=["ecological management using POMDPs"])
    full = reference(authors=("Memarzadeh",), year=2016, title="Measurement uncertainty matters: ecological management using POMDPs")
    short = reference(authors=("Memarzadeh",), year=2016, title="Measurement uncertainty matters")
    assert match_details(full, work(body)).title == 1.0
    assert match_details(short, work(body)).title == 1.0
    # The record keeps its subtitle inside the title, the reference leaves it out.
    inline = message("10.1234/inl", "Measurement uncertainty matters: ecological management using POMDPs", ["Memarzadeh"], 2016)
    assert match_details(short, work(inline)).title >= 0.9
    assert best_match(short, [work(inline)]).doi == "10.1234/inl"


def test_truncated_title_is_accepted() -> None:
    cited = reference(title="Offline persistence of memory-related cerebral activity…")
    details = match_details(cited, work(TRUE))
    assert details.title >= 0.9
    assert best_match(cited, [work(TRUE)]).doi == "10.1234/true"


# --------------------------------------------------------------------- decoys


@pytest.mark.parametrize("kind", DECOYS)
def test_a_look_alike_alone_is_not_suggested(kind: str) -> None:
    candidate = work(decoy(kind))
    assert match_score(reference(), candidate) < THRESHOLD
    assert best_match(reference(), [candidate]) is None


@pytest.mark.parametrize("kind", DECOYS)
def test_the_true_record_wins_over_a_look_alike_whatever_the_search_order(kind: str) -> None:
    look_alike = work(decoy(kind))
    # The look-alike first, with a higher Crossref score: the order and the score do not count.
    look_alike_raw = dict(look_alike.raw, score=99.0)
    look_alike = work(look_alike_raw)
    for candidates in ([look_alike, work(TRUE)], [work(TRUE), look_alike]):
        suggestion = best_match(reference(), candidates)
        assert suggestion is not None and suggestion.doi == "10.1234/true"


def test_a_preprint_is_suggested_when_the_reference_says_preprint() -> None:
    cited = reference(
        text=f"Peigneux P, Orban P, Maquet P. 2005. {TITLE}. bioRxiv [Preprint].", year=2005, journal="bioRxiv",
        volume=None, pages=None,
    )
    preprint = work(decoy("preprint"))
    assert best_match(cited, [preprint]).doi == "10.5555/preprint"


def test_a_reference_to_the_correction_itself_gets_the_correction() -> None:
    cited = reference(title=f"Correction: {TITLE}", authors=(), year=2006)
    suggestion = best_match(cited, [work(TRUE), work(decoy("correction"))])
    assert suggestion is not None and suggestion.doi == "10.5555/correction"


def test_a_self_retracted_article_is_the_cited_article() -> None:
    # Some publishers retitle the retracted article "RETRACTED: ..." and point update-to at itself.
    body = copy.deepcopy(TRUE)
    body["title"] = [f"RETRACTED: {TITLE}"]
    body["update-to"] = [{"DOI": "10.1234/true", "type": "retraction", "label": "Retraction"}]
    details = match_details(reference(), work(body))
    assert not details.notice
    assert best_match(reference(), [work(body)]).doi == "10.1234/true"


def test_a_title_starting_like_a_notice_is_not_taken_for_one() -> None:
    body = message("10.1234/resp", "Response of grassland plants to drought and warming", ["Hoover"], 2014)
    cited = reference(authors=("Hoover",), year=2014, title="Response of grassland plants to drought and warming")
    details = match_details(cited, work(body))
    assert not details.notice
    assert best_match(cited, [work(body)]).doi == "10.1234/resp"


def test_numbers_in_titles_tell_works_apart() -> None:
    def acknowledgement(year: int) -> dict[str, Any]:
        return message(f"10.1234/ack{year}", f"Acknowledgement to Reviewers of Climate in {year}", ["Office"], year + 1)

    cited = reference(authors=("Office",), year=2019, title="Acknowledgement to Reviewers of Climate in 2018")
    candidates = [work(acknowledgement(2019)), work(acknowledgement(2018))]
    assert match_details(cited, candidates[0]).score < THRESHOLD
    assert best_match(cited, candidates).doi == "10.1234/ack2018"


def test_the_same_groups_other_paper_is_not_suggested() -> None:
    # Article 008, reference 1 (Andrologia 2011) against the same group's other 2011 paper (reference 3).
    other_paper = article_work("10.1155_2011_738103.json")
    cited = Reference(
        id="008-1", line=1,
        text="Yakubu MT, Awotunde OS, Ajiboye TO, Oladiji AT, Akanji MA. Pro-sexual effects of aqueous extracts "
        "of Massularia acuminata root in male Wistar rats. Andrologia. (2011 Oct)",
        authors=("Yakubu", "Awotunde", "Ajiboye", "Oladiji", "Akanji"), year=2011,
        title="Pro-sexual effects of aqueous extracts of Massularia acuminata root in male Wistar rats",
        journal="Andrologia",
    )
    assert match_details(cited, other_paper).title < 0.75  # words swapped, not mistyped
    assert best_match(cited, [other_paper]) is None
    # Reference 3 itself is matched.
    own = Reference(
        id="008-3", line=1, text="Yakubu MT, Akanji MA. ... Evid Based Complement Alternat Med.(2011)",
        authors=("Yakubu", "Akanji"), year=2011,
        title="Effect of Aqueous Extract of Massularia acuminata Stem on Sexual Behaviour of Male Wistar Rats",
        journal="Evid Based Complement Alternat Med",
    )
    assert best_match(own, [other_paper]).doi == "10.1155/2011/738103"


def test_a_chapter_reference_prefers_the_chapter() -> None:
    chapter = message("10.1234/ch", TITLE, ["Peigneux"], 2006, type="book-chapter", **{"container-title": ["Sleep and Memory"]})
    cited = reference(text=f"Peigneux P (2006) {TITLE}. In: Smith A (ed.) Sleep and Memory. pp 100-110.", journal="Sleep and Memory", volume=None)
    article = copy.deepcopy(TRUE)
    article["container-title"] = ["Sleep and Memory"]
    assert match_score(cited, work(chapter)) > match_score(cited, work(article))


# ---------------------------------------------------------- margin, nothing


def test_two_equally_good_candidates_give_no_suggestion() -> None:
    twin = copy.deepcopy(TRUE)
    twin["DOI"] = "10.1234/twin"  # the same paper deposited twice
    assert best_match(reference(), [work(TRUE), work(twin)]) is None


def test_the_runner_up_must_be_beaten_by_the_margin() -> None:
    # No year in the reference: the only difference left is the journal.
    cited = reference(year=None)
    other = copy.deepcopy(TRUE)
    other["DOI"] = "10.1234/other-journal"
    other["container-title"] = ["Annals of Unrelated Studies"]
    other["short-container-title"] = []
    ranking = ranked(cited, [work(other), work(TRUE)])
    assert [d.doi for d in ranking] == ["10.1234/true", "10.1234/other-journal"]
    gap = ranking[0].score - ranking[1].score
    assert gap > 0
    assert best_match(cited, [work(other), work(TRUE)], margin=gap - 0.001).doi == "10.1234/true"
    assert best_match(cited, [work(other), work(TRUE)], margin=gap + 0.001) is None


def test_duplicates_of_one_doi_are_not_a_runner_up() -> None:
    assert best_match(reference(), [work(TRUE), work(TRUE)]).doi == "10.1234/true"


def test_nothing_fits_gives_no_suggestion() -> None:
    unrelated = [
        work(message("10.1234/a", "Telomerase activity coevolves with body mass not lifespan", ["Seluanov"], 2006)),
        work(message("10.1234/b", "FoxP2 in song-learning birds and vocal-learning mammals", ["Webb"], 2005)),
    ]
    assert best_match(reference(), unrelated) is None
    assert best_match(reference(), []) is None


def test_a_title_alone_is_not_enough() -> None:
    cited = Reference(id="r", line=1, text=TITLE, title=TITLE)
    assert match_score(cited, work(TRUE)) < THRESHOLD
    assert best_match(cited, [work(TRUE)]) is None


def test_constants_are_sane() -> None:
    assert 0.75 < THRESHOLD < 1.0
    assert 0.0 < MARGIN < 0.5
