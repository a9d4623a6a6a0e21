"""Pick the work a reference without a DOI most likely cites, or decline to.

A Crossref search (`query.bibliographic`) returns records ranked by a
relevance `score` that is not a confidence: a correction notice ("Correction:
<title>"), a reply, a retracted copy, a preprint of the same paper, the same
title in another year or the same group's next paper can all rank at or above
the true record. So, like Crossref's own search-based matching with
validation, every candidate is checked against what the reference says before
a DOI is suggested:

- title: rapidfuzz similarity of normalised titles (markup and accents
  stripped, Greek letters spelled out; character ratio, token-sorted ratio and
  a spaceless ratio), aware of subtitles ("Title: Subtitle" cited as "Title",
  or the other way round) and of titles cut short ("A very long title…").
  Two word-level checks follow, because character similarity forgives what
  tells near-identical titles apart: a cited content word with no close word
  in the registered title ("root" for "stem") caps the similarity, and
  different numbers ("Reviewers in 2018" / "in 2019") cut it by 30%;
- first author: family name compared accent-insensitively, one typo allowed
  in names of four letters or more ("Gavilov" for Gavrilov); a cited name
  found later in the author list, or as the first author's given name, counts
  for less; a placeholder ("-") counts as unknown;
- year: the issued, print or online year; one year off counts for less, two or
  more vetoes the candidate;
- type: a reference that reads like a journal article (journal plus volume or
  pages) is not matched to a preprint (`posted-content`, subtype preprint), a
  peer review or a dataset; a preprint is only suggested when the reference
  says preprint (bioRxiv, arXiv, "[Preprint]"...); "In: ... (Eds.)" expects a
  chapter;
- notices: a candidate whose title is a notice prefix ("Correction:",
  "Erratum to", "Reply to", "RETRACTED:", "Expression of concern:"...) in front
  of the cited title, or that carries an `update-to` (correction, retraction...)
  pointing at another DOI, is a notice about the cited work, not the work (and
  a reference citing a notice is not matched to the work); a self-referencing
  `update-to` marks the article itself and is not penalised;
- journal: abbreviations such as "J Neurosci" for "Journal of Neuroscience" or
  "Proc Natl Acad Sci" are recognised.

`match_score(reference, work)` combines these into a number in [0, 1]: a
weighted mean (title 0.50, first author 0.20, year 0.20, journal 0.10; a field
the reference or the record lacks counts as a neutral 0.5) times vetoes:
title under 0.75 x0.5, between 0.75 and 0.90 x(1 - 1.5 x shortfall); a
known first author nowhere in the list x0.6; year two or more off x0.6;
journal clearly different x0.8; notice x0.3; type mismatch x0.6 to x0.95. A
reference giving a title only scores 0.75 at best and is never matched: with
nothing else to check, look-alikes cannot be told apart.

`best_match` suggests the best candidate only when its score reaches
`THRESHOLD`, it beats the runner-up (another DOI) by `MARGIN`, and the
comparison of the reference's own text with its record (`citecheck.compare`)
does not name it another work: a wrong suggestion is worse than none. The
pipeline then compares the suggested record with the entry field by field,
like a cited DOI's.

Calibration (`python benchmarks/search_match.py`, seed 7): the 1,664 citable
records of the 1,910 real Crossref list items in /work/shared/crossref/
list-items, each rendered without its DOI in five styles (APA, Vancouver,
Harvard, MLA, a loose blog style; typos in the title and the first author,
titles cut short, subtitles dropped, a year one off, no authors), 8,320
references; 10% of the records withheld from the index (their references must
get no suggestion); 3,171 look-alike decoys (same title in another year or
under another first author, notices, the same authors with another or a
similar title, preprint copies); the token-overlap ranking of the fake Crossref
server, 5 rows. A grid search on the calibration half (threshold from 0.76,
just above a bare title's 0.75; margin from 0.05) picked the best recall at
precision >= 0.99: threshold 0.77, margin 0.05 (seeds 11 and 23 pick
0.77/0.06 and 0.76/0.05). On the report half: precision 0.994, recall 0.961
(the same with the comparison's check, which declined no suggestion there)
(blog style 0.987 / 0.904; 17 of the 20 wrong suggestions are for references
whose true record was withheld and that give too little to tell a look-alike
apart, e.g. title and year only).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from rapidfuzz import fuzz

from citecheck.model import Reference, Suggestion, Work
from citecheck.text.identifiers import doi_key
from citecheck.text.names import PARTICLES, family_key
from citecheck.text.normalize import fold

THRESHOLD = 0.77
MARGIN = 0.05

TITLE_MIN = 0.75  # under this, a title is "different"; the candidate is halved
TITLE_SURE = 0.90  # from this up, a title is the same title (typos, cut short, subtitle left out)

_WEIGHTS = {"title": 0.50, "author": 0.20, "year": 0.20, "journal": 0.10}
_NEUTRAL = 0.5  # the value of a field the reference (or the record) does not give

_STOPWORDS = frozenset("of the and in for on a an de la und fur der die das et".split())
# Titles that announce a notice about another work. Bounded alternation followed
# by one optional separator: no nested repetition, so no catastrophic backtracking.
_NOTICE = re.compile(
    r"^\s{0,5}("
    r"retracted(?: article)?|retraction(?: notice)?(?: (?:to|of|for|note))?|notice of retraction"
    r"|(?:author |publisher |editorial )?correction(?: (?:to|for|of|notice))?|corrigendum(?: (?:to|for|of))?"
    r"|errat(?:um|a)(?: (?:to|for|in|of))?|(?:editorial )?expression of concern(?: (?:for|to|about|regarding|on))?"
    r"|(?:author(?:s|s')? )?reply(?: to(?: the)?(?: comments?| letter)?(?: (?:on|by|of))?)?"
    r"|in reply(?: to)?|response to(?: (?:the )?(?:comments?|letter)(?: (?:on|by|of))?)?"
    r"|comments?(?: on| to)|withdrawn|withdrawal(?: notice)?|addendum(?: to)?"
    r")\b\s{0,5}[:.\-–—]?\s{0,5}(.{3,})$",
    re.IGNORECASE | re.DOTALL,
)
_NOTICE_UPDATES = frozenset(
    {
        "correction", "erratum", "corrigendum", "retraction", "partial_retraction",
        "expression_of_concern", "withdrawal", "removal", "addendum", "clarification",
    }
)
_PREPRINT_HINT = re.compile(
    r"\b(?:pre-?print|biorxiv|medrxiv|arxiv|chemrxiv|psyarxiv|socarxiv|ssrn|research square|preprints\.org"
    r"|osf preprints|techrxiv|essoar|open archive|discussion paper|working paper)\b",
    re.IGNORECASE,
)
# "In: Book", ". In Book", ", in Book", "(Eds.)": a part of a book or proceedings.
_CHAPTER_HINT = re.compile(
    r"(?:\bIn:\s|(?:^|[.,;]\s{0,3})[Ii]n\s{1,3}[A-Z0-9]|\(eds?\.?\)|\(editors?\)|\beds?\.,)"
)
_REVIEW_HINT = re.compile(
    r"^\W{0,3}(?:review(?:er)?(?: report)?(?: (?:for|of|on))|decision letter|author response|referee report)\b",
    re.IGNORECASE,
)
_PROCEEDINGS_HINT = re.compile(r"\b(?:proceedings|proc\.|conference|symposium|workshop)\b", re.IGNORECASE)

_CHAPTER_TYPES = frozenset(
    {
        "book-chapter", "book-part", "book-section", "reference-entry", "book", "edited-book",
        "monograph", "reference-book", "book-set", "book-track", "other",
    }
)
_ODD_TYPES = frozenset({"peer-review", "component", "journal-issue", "journal", "journal-volume", "grant", "database"})


# --------------------------------------------------------------------- normalise


def _main_part(title: str) -> str:
    """The title before its subtitle ("Main: Sub", "Main - Sub", "Main. Sub")."""
    for separator in (": ", " - ", " – ", " — ", "? ", ". "):
        head, found, _ = title.partition(separator)
        if found and len(head.split()) >= 3:
            return head + ("?" if separator == "? " else "")
    return title


# ---------------------------------------------------------------------- features


def _ratio(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    return max(
        fuzz.ratio(a, b),
        fuzz.token_sort_ratio(a, b) * 0.98,
        # "NF-κB" folds to "nf kappa b", written "NF-kappaB" to "nf kappab".
        fuzz.ratio(a.replace(" ", ""), b.replace(" ", "")) * 0.98,
    ) / 100.0


def _title_variants(title: str | None, subtitle: str | None) -> list[str]:
    if not title:
        return []
    variants = [title]
    if subtitle and fold(subtitle) not in fold(title):
        variants.append(f"{title}: {subtitle}")
    return variants


_ELLIPSES = ("[...]", "[…]", "...", "…")


def _cited_title(reference: Reference) -> tuple[str, bool]:
    """The cited title without a trailing ellipsis, and whether it had one (cut short)."""
    title = (reference.title or "").rstrip()
    truncated = False
    while title.endswith(_ELLIPSES):
        truncated = True
        marker = next(m for m in _ELLIPSES if title.endswith(m))
        title = title[: -len(marker)].rstrip()
    return title.rstrip(" .,;"), truncated


def _similarity(cited: str, registered: str, truncated: bool) -> float:
    a, b = fold(cited), fold(registered)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    score = _ratio(a, b)
    # A title cut short (the reference marks it with "…" or just stops): its
    # words are the start of the registered title.
    if len(a) < len(b) and len(a) >= 20 and len(a.split()) >= 3:
        prefix = fuzz.ratio(a, b[: len(a)]) / 100.0
        if prefix >= 0.92:
            coverage = len(a) / len(b)
            score = max(score, (0.86 if truncated else 0.84) + 0.12 * coverage * prefix)
    # Subtitle left out on one side only ("Title: Subtitle" cited as "Title",
    # or a record without its subtitle): compare the main title with the whole
    # of the other. Two different subtitles are two different works.
    main_a, main_b = fold(_main_part(cited)), fold(_main_part(registered))
    pairs = []
    if main_a != a and main_b == b:
        pairs.append((main_a, b))
    if main_b != b and main_a == a:
        pairs.append((a, main_b))
    for x, y in pairs:
        if min(len(x), len(y)) < 15:
            continue
        close = 1.0 if x == y else _ratio(x, y)
        if close >= 0.95:
            score = max(score, 0.94 * close)
    return min(score, 1.0)


_NUMBER = re.compile(r"\d{1,12}")
_THOUSANDS = re.compile(r"(?<=\d)[,\s](?=\d{3}\b)")


def _numbers(text: str) -> set[str]:
    return set(_NUMBER.findall(_THOUSANDS.sub("", text)))


def _numbers_differ(cited: str, registered: str, truncated: bool) -> bool:
    """"... Reviewers in 2018" is not "... Reviewers in 2019": numbers in titles name different works."""
    a, b = _numbers(cited), _numbers(registered)
    if truncated:
        return bool(a - b)
    return bool(a or b) and a != b


_TITLE_STOPWORDS = _STOPWORDS | frozenset(
    "with from into that this than their these those over under between among upon "
    "its are was not but via per how why who can has had may our".split()
)


def _content_words(text: str) -> list[str]:
    return [w for w in fold(text).split() if len(w) >= 3 and w not in _TITLE_STOPWORDS and not w.isdigit()]


def _missed_share(cited: str, registered: str) -> float:
    """Share of the cited title's content words with no close word in the registered title.

    A typo leaves each word close to its original ("persistance"); the same
    group's other paper swaps whole words ("root" for "stem", "Microbiology"
    for "Immunology"), which character similarity alone forgives.
    """
    words = _content_words(cited)
    if not words:
        return 0.0
    registered_words = set(fold(registered).split())
    missed = 0
    for word in words:
        if word in registered_words:
            continue
        if len(word) < 4 or not any(
            fuzz.ratio(word, other) >= 80 for other in registered_words if abs(len(other) - len(word)) <= 3
        ):
            missed += 1  # a short word is either there or not: "man" is not "men"
    return missed / len(words)


def title_similarity(reference: Reference, work: Work) -> float:
    """0..1 similarity of the cited title with the registered title (subtitle-aware)."""
    cited, truncated = _cited_title(reference)
    if not cited:
        return 0.0
    main = _main_part(cited)
    best = 0.0
    for variant in _title_variants(work.title, work.subtitle):
        score = _similarity(cited, variant, truncated)
        # A title that stops early may have lost the registered title's numbers.
        cut_short = truncated or fold(variant).startswith(fold(cited))
        if score < 1.0 and _numbers_differ(cited, variant, cut_short):
            score *= 0.7
        if score < 1.0:
            missed = _missed_share(cited, variant)
            if missed and main != cited:
                missed = min(missed, _missed_share(main, variant))  # the subtitle may be what is missing
            if missed:
                score = min(score, TITLE_SURE - 0.01, 1.0 - 1.5 * missed)
        best = max(best, score)
    return best


def _update_targets(work: Work) -> set[str]:
    """The DOIs this record is a correction, retraction... notice about, from `update-to`."""
    targets: set[str] = set()
    entries = work.raw.get("update-to") if isinstance(work.raw, Mapping) else None
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, Mapping):
            continue
        kind = str(entry.get("type") or "").lower().replace("-", "_")
        doi = doi_key(str(entry.get("DOI") or ""))
        if kind in _NOTICE_UPDATES and doi:
            targets.add(doi)
    return targets


def _notice_marker(title: str | None) -> tuple[str, str] | None:
    if not title:
        return None
    match = _NOTICE.match(title)
    if not match:
        return None
    return fold(match.group(1)), match.group(2)


def _is_notice_about_cited(reference: Reference, work: Work, title_score: float) -> tuple[bool, float]:
    """Whether `work` is a notice about the cited work; returns (notice, title score to use)."""
    cited, truncated = _cited_title(reference)
    cited_marker = _notice_marker(cited) if cited else _notice_marker(reference.text)
    targets = _update_targets(work)
    self_update = work.doi in targets
    other_targets = targets - {work.doi}
    marker = _notice_marker(work.title)
    if marker is not None:
        _, rest = marker
        rest_score = max(
            (_similarity(cited, v, truncated) for v in _title_variants(rest, work.subtitle)), default=0.0
        )
        if self_update and not other_targets:
            # "RETRACTED: Title" with an update-to pointing at itself: the
            # publisher marked the article itself; it is the cited work.
            return False, max(title_score, rest_score)
        if rest_score >= title_score - 0.02 and rest_score >= 0.5:
            # The record's title is a notice prefix in front of the cited
            # title (even when the cited title is itself a notice).
            return True, max(title_score, rest_score)
    if cited_marker is not None and (marker is None or marker[0].split()[0] != cited_marker[0].split()[0]):
        # The reference cites a notice ("Correction: Title"); this record is
        # not that notice, at best the work it is about.
        rest_score = _similarity(cited_marker[1], work.title or "", truncated)
        if rest_score >= title_score - 0.02 and rest_score >= 0.5:
            return True, max(title_score, rest_score)
        return False, title_score
    if other_targets and cited_marker is None:
        return True, title_score
    return False, title_score


def _names_match(cited: str, registered: str) -> float:
    """1 same, 0.9 one typo or one part of a compound name, 0 different."""
    a, b = family_key(cited), family_key(registered)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    cited_words = set(fold(cited).split()) - PARTICLES
    registered_words = set(fold(registered).split()) - PARTICLES
    if cited_words and registered_words and (cited_words <= registered_words or registered_words <= cited_words):
        return 0.9
    # One typo: "Gavilov" for Gavrilov, "Jiag" for Jiang; never in names of
    # three letters or less ("Kim" and "Kin" are two people).
    if min(len(a), len(b)) >= 4 and fuzz.ratio(a, b) >= (80 if min(len(a), len(b)) >= 5 else 85):
        return 0.9
    return 0.0


def author_score(reference: Reference, work: Work) -> float | None:
    """How well the cited first author fits the record; None when either side has no names."""
    if not reference.authors or not work.authors:
        return None
    cited = reference.authors[0]
    if not family_key(cited) or not family_key(work.authors[0]):
        return None  # a placeholder such as "-" says nothing
    first = _names_match(cited, work.authors[0])
    if first:
        return first
    # Given and family name swapped ("Teayoun K" for Kim Teayoun).
    raw_authors = work.raw.get("author") if isinstance(work.raw, Mapping) else None
    if isinstance(raw_authors, list) and raw_authors and isinstance(raw_authors[0], Mapping):
        given = str(raw_authors[0].get("given") or "")
        if given and fold(given).split() and family_key(cited) == fold(given).split()[0]:
            return 0.8
    # Listed, but not first (authors given out of order, or the first dropped).
    for name in work.authors[1:]:
        found = _names_match(cited, name)
        if found:
            return 0.75 * found
    return 0.0


def year_score(reference: Reference, work: Work) -> float | None:
    if reference.year is None or not work.years:
        return None
    gap = min(abs(reference.year - y) for y in work.years)
    return 1.0 if gap == 0 else 0.7 if gap == 1 else 0.0


def _abbreviates(short: str, full: str) -> bool:
    """"J Neurosci" for "Journal of Neuroscience", "Proc Natl Acad Sci" for "Proceedings of the National..."."""
    cited = [w for w in short.split() if w not in _STOPWORDS]
    words = [w for w in full.split() if w not in _STOPWORDS]
    if not cited or not words:
        return False
    position = 0
    matched = 0
    for token in cited:
        while position < len(words):
            word = words[position]
            position += 1
            if word.startswith(token) or (token[0] == word[0] and _subsequence(token, word)):
                matched += 1
                break
        else:
            break
    return matched >= max(1, len(cited) - (1 if len(cited) >= 4 else 0))


def _subsequence(short: str, long: str) -> bool:
    iterator = iter(long)
    return all(c in iterator for c in short)


def journal_score(reference: Reference, work: Work) -> float | None:
    if not reference.journal:
        return None
    names = [n for n in (work.journal, *work.short_journals) if n]
    if not names:
        return None
    cited = fold(reference.journal)
    best = 0.0
    for name in names:
        registered = fold(name)
        if not cited or not registered:
            continue
        if cited == registered or _abbreviates(cited, registered):
            return 1.0
        best = max(best, fuzz.ratio(cited, registered) / 100.0, fuzz.token_set_ratio(cited, registered) / 100.0 * 0.9)
    return 0.9 if best >= 0.9 else 0.5 if best >= 0.75 else 0.0


def expected_type(reference: Reference) -> str | None:
    """What kind of work the reference reads like, when it says enough to tell."""
    text = reference.text or ""
    if reference.title:
        # Read the hints outside the title: "..., in Mice" is no chapter.
        text = text.replace(reference.title, " ")
    if _PREPRINT_HINT.search(" ".join(filter(None, (text, reference.journal)))):
        return "posted-content"
    if reference.title and _REVIEW_HINT.match(reference.title):
        return "peer-review"
    if _CHAPTER_HINT.search(text):
        return "book-chapter"
    if reference.journal and _PROCEEDINGS_HINT.search(reference.journal):
        return "proceedings-article"
    if reference.journal and (reference.volume or reference.pages or reference.issue):
        return "journal-article"
    return None


def type_factor(expected: str | None, work: Work) -> float:
    """x1 when the record's type fits what the reference reads like; less when it does not."""
    registered = work.type
    if not registered:
        return 1.0
    if registered == "posted-content":
        if expected == "posted-content":
            return 1.0
        subtype = str(work.raw.get("subtype") or "") if isinstance(work.raw, Mapping) else ""
        if subtype and subtype != "preprint":
            # Blog posts and working papers are registered as posted content too.
            return 0.8 if expected == "journal-article" else 1.0
        # A preprint copy is a different DOI from the published paper: only
        # suggested when the reference itself says preprint.
        return 0.6
    if registered in _ODD_TYPES:
        return 1.0 if expected == registered else 0.6
    if expected is None:
        return 1.0
    if expected == "journal-article":
        if registered == "journal-article":
            return 1.0
        # MLA and Harvard cite chapters like articles (container, pages),
        # so a chapter is only a small step away.
        return 0.95 if registered == "proceedings-article" else 0.9 if registered in _CHAPTER_TYPES else 0.8
    if expected in {"book-chapter", "proceedings-article"}:
        if registered in _CHAPTER_TYPES or registered in {"proceedings-article", "proceedings"}:
            return 1.0
        return 0.85 if registered == "journal-article" else 0.8
    if expected == "posted-content":
        return 0.9 if registered == "journal-article" else 0.85
    return 1.0


# ------------------------------------------------------------------------- score


@dataclass(frozen=True)
class MatchDetails:
    """The parts of a match score, for explanations and calibration."""

    doi: str
    score: float
    title: float
    author: float | None
    year: float | None
    journal: float | None
    notice: bool
    type_factor: float
    identity: str = "unknown"  # the comparison of the entry's text with this record (citecheck.compare)

    def as_json(self) -> dict[str, Any]:
        return {
            "doi": self.doi,
            "score": round(self.score, 4),
            "title": round(self.title, 4),
            "author": self.author,
            "year": self.year,
            "journal": self.journal,
            "notice": self.notice,
            "type_factor": self.type_factor,
            "identity": self.identity,
        }


def match_details(reference: Reference, work: Work) -> MatchDetails:
    """Validate one candidate against the reference (see the module docstring)."""
    title = title_similarity(reference, work)
    notice, title = _is_notice_about_cited(reference, work, title)
    author = author_score(reference, work)
    year = year_score(reference, work)
    journal = journal_score(reference, work)
    values = {"title": title, "author": author, "year": year, "journal": journal}
    score = sum(_WEIGHTS[k] * (_NEUTRAL if v is None else v) for k, v in values.items())
    if title < TITLE_MIN:
        score *= 0.5
    elif title < TITLE_SURE:
        # Same group, same year, a similar title ("Effect of X on Y in rats" and
        # "Effects of X on Z in rats") is the commonest near miss: between a
        # different title and a surely equal one, the score falls steeply.
        score *= 1.0 - 1.5 * (TITLE_SURE - title)
    if author == 0.0:
        score *= 0.6
    if journal == 0.0:
        score *= 0.8
    if year == 0.0:
        score *= 0.6
    if notice:
        score *= 0.3
    factor = type_factor(expected_type(reference), work)
    score *= factor
    from citecheck.compare import compare

    identity = compare(reference, work).identity.value if reference.text else "unknown"
    return MatchDetails(
        doi=work.doi,
        score=max(0.0, min(1.0, score)),
        title=title,
        author=author,
        year=year,
        journal=journal,
        notice=notice,
        type_factor=factor,
        identity=identity,
    )


def match_score(reference: Reference, work: Work) -> float:
    """0..1: how surely `work` is the work `reference` cites."""
    return match_details(reference, work).score


def ranked(reference: Reference, candidates: Sequence[Work]) -> list[MatchDetails]:
    """Every distinct candidate (first occurrence of a DOI), best first; ties keep search order."""
    seen: set[str] = set()
    details: list[MatchDetails] = []
    for work in candidates:
        if work.doi in seen:
            continue
        seen.add(work.doi)
        details.append(match_details(reference, work))
    return sorted(details, key=lambda d: -d.score)


def decide(
    details: Sequence[MatchDetails], threshold: float = THRESHOLD, margin: float = MARGIN
) -> MatchDetails | None:
    """The best candidate if it is good enough and clearly better than the runner-up."""
    if not details:
        return None
    best = details[0]
    runner_up = details[1].score if len(details) > 1 else 0.0
    if best.score < threshold or best.score - runner_up < margin:
        return None
    if best.identity == "other":
        return None  # the entry's own text names another work
    return best


def best_match(
    reference: Reference,
    candidates: Sequence[Work],
    *,
    threshold: float = THRESHOLD,
    margin: float = MARGIN,
) -> Suggestion | None:
    """The DOI to suggest for a reference without one, or None when no candidate is safe."""
    chosen = decide(ranked(reference, candidates), threshold, margin)
    if chosen is None:
        return None
    work = next(w for w in candidates if w.doi == chosen.doi)
    return Suggestion(doi=work.doi, score=round(chosen.score, 4), title=work.title)
