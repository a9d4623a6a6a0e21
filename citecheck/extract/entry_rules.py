"""Hand-written rules for the shape of an entry's start: author lists, years, volume groups.

The list finder (`references.py`) still leans on these to tell where an
entry begins and whether a line looks like a reference. Fields are read by
the learned tagger (`fields.read_entry`), not by these rules; `parse_fields`
remains only for the list finder's own callers until it reads entries with
`read_entry`.

All patterns are bounded and anchored; an entry longer than a few thousand
characters is not a reference and is cut before parsing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from citecheck.text.normalize import folded, may_contain
from citecheck.text.identifiers import (
    find_dois,
    find_malformed_dois,
    find_pmcid,
    find_pmid,
    find_urls,
)

__all__ = [
    "AuthorList",
    "ParsedFields",
    "VolumeMatch",
    "YearMatch",
    "find_volume",
    "find_year",
    "late_authors",
    "parse_authors",
    "parse_fields",
]

MAX_ENTRY = 4000

_UP = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0100\u0102\u0104\u0106\u010c\u010e\u0110\u0118\u011a\u0141\u0143\u0147\u0150\u0152\u0158\u015a\u0160\u0164\u016e\u0170\u0179\u017b\u017d"
_LO = "a-z\u00df-\u00f6\u00f8-\u00ff\u0101-\u017f"
_NAMEWORD = rf"[{_UP}][{_LO}{_UP}'\u2019]{{0,30}}(?:-[{_UP}{_LO}][{_LO}{_UP}'\u2019]{{0,30}}){{0,2}}"
_PARTICLE = r"(?:(?:[Dd]e|[Dd]el|[Dd]ella|[Dd]er|[Dd]en|[Dd]i|[Dd]a|[Dd]os|[Dd]as|[Dd]u|[Vv]an|[Vv]on|[Ll]a|[Ll]e|[Tt]en|[Tt]er|[Aa]l|[Ee]l|[Bb]in|[Bb]en|St\.?)\s)"
_FAM = rf"{_PARTICLE}{{0,3}}{_NAMEWORD}(?:\s{_NAMEWORD}){{0,2}}"
_FAM1 = rf"{_PARTICLE}{{0,3}}{_NAMEWORD}"
# Vancouver initials: "AB", "S-H", or dotted "A.R.", "M.A".
_INIT_V = rf"(?:(?:[{_UP}]\.\s?-?){{1,3}}[{_UP}]?\.?|[{_UP}]{{1,3}}(?:-[{_UP}]{{1,2}})?)"
# APA / Harvard initials: "X.", "H. V. K.", "J.-P.", "T.A.".
_INIT_D = rf"[{_UP}]\.(?:\s?-?[{_UP}]\.){{0,3}}"
_GIVEN = rf"[{_UP}][{_LO}]{{1,20}}(?:-[{_UP}][{_LO}]{{1,20}})?"
_ETAL = r"(?P<etal>,?\s(?:et\.?\s?al\.?|and\s(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|many)\sothers?|and\scolleagues)|,?\s(?:\.\.\.|\u2026)\s[^.]{1,60}?\.|,?\s\.\.\.)?"
# What may follow an author list: punctuation, a year in brackets, a quoted
# title, or (after a final initial's full stop) simply a space.
_END = r"(?=\s{0,3}(?:[.:;,]|\(|\[|[\"'\u201c\u2018\ufffd]|$)|(?<=\.)\s)"
_SEP = r"(?:,\s(?:&\s|and\s)?|\s&\s|\sand\s|;\s)"

_V_AUTHOR = rf"{_FAM}\s{_INIT_V}"
# A group named among the persons of a Vancouver list: "Chiang C, GTEx
# Consortium, Scott AJ" (NLM writes the group where it stands in the byline).
_GROUP_V = (
    rf"(?:The\s)?(?:[{_UP}][\w\-]{{0,30}}\s){{0,6}}"
    r"(?:Consortium|Collaboration|Collaborators|Collaborative|Group|Investigators|Network|Committee|Team)"
)
_D_AUTHOR = rf"{_FAM},\s{_INIT_D}"
_STYLES = {
    # APA / Harvard: "Chen, X., Wang, Z., & Guo, H." / "Smith, J.A. and Jones, K."
    "apa": re.compile(rf"^{_D_AUTHOR}(?:{_SEP}{_D_AUTHOR}){{0,100}}{_ETAL}"),
    # Vancouver / NLM / AMA: "Tsuji M, Murota SI, Morita I" / "Sun Q et al"
    "vancouver": re.compile(rf"^{_V_AUTHOR}(?:{_SEP}(?:{_V_AUTHOR}|{_GROUP_V})){{0,100}}{_ETAL}{_END}"),
    # MLA / Chicago: "Chen, Xin, et al." / "Smith, John A., and Jane Doe."
    "mla": re.compile(
        rf"^{_FAM1},\s(?:{_GIVEN}|[{_UP}]\.)(?:\s(?:{_GIVEN}|[{_UP}]\.)){{0,2}}"
        rf"(?:(?:,\s(?:and\s)?|\sand\s)(?:{_GIVEN}|[{_UP}]\.)(?:\s(?:{_GIVEN}|[{_UP}]\.)){{0,2}}\s{_FAM1}){{0,30}}{_ETAL}{_END}"
    ),
    # Wikipedia CS1 and BibTeX-ish: "Kirby, Evan N.; Gilbert, Karoline M.; Beaton, R."
    "cs1": re.compile(
        rf"^{_FAM1},\s(?:{_GIVEN}|[{_UP}]\.)(?:\s?(?:{_GIVEN}|[{_UP}]\.)){{0,3}}"
        rf"(?:;\s{_FAM1},\s(?:{_GIVEN}|[{_UP}]\.)(?:\s?(?:{_GIVEN}|[{_UP}]\.)){{0,3}}){{1,100}}{_ETAL}{_END}"
    ),
    # IEEE and friends: "J. Smith, A. B. Jones, and C. Brown" / "R Srivastava, et al."
    "initials": re.compile(
        rf"^(?:[{_UP}]\.?\s?-?){{1,3}}\s?{_FAM1}(?:(?:,\s(?:and\s)?|\sand\s)(?:[{_UP}]\.?\s?-?){{1,3}}\s?{_FAM1}){{0,50}}{_ETAL}{_END}"
    ),
    # Given name first, then et al.: "Yasunari Takada, et al."
    "given": re.compile(rf"^{_GIVEN}\s{_FAM1},?\set\.?\sal\.?"),
}
_ORG_WORDS = re.compile(
    r"\b(?:Organi[sz]ation|Association|Society|Institute|Institutes|Consortium|Panel|Agency|Department|"
    r"Centers?|Centres?|Council|Foundation|Committee|Group|College|University|Ministry|Administration|"
    r"Service|Services|Office|Board|Commission|Academy|Academies|Federation|Network|Collaboration|"
    r"Authority|Program|Programme|Alliance|Trust|Union|Bureau|Clinic|Hospital|Health|Publishing|"
    r"Initiative|Working|Task Force|Study Group|Investigators|Writing)\b|\b(?:WHO|NIH|CDC|FDA|EFSA|NICE|NHS|AHA|ACOG|USDA|EMA|NCCIH|NIDDK|AAP|ADA|ESC|ACC)\b"
)
_ORG = re.compile(
    rf"^(?P<org>(?:The\s)?[{_UP}][\w&'\u2019.\-]{{0,40}}(?:\s(?:[{_UP}][\w&'\u2019.\-]{{0,40}}|of|for|and|on|in|the|to|at|added|&|de|du|des|la|le|y|et|und|f\u00fcr|\([A-Z]{{2,10}}\))){{0,16}})"
    rf"(?=\.\s|\.?\s?\((?:1[6-9]\d\d|20\d\d|n\.\s?d\.)|,\s(?:1[6-9]\d\d|20\d\d|n\.\s?d\.)|\.$)"
)
# A group name with lower-case words, closed by the year: "Canadian Pain Society
# Study Day participants. (2015)."
_ORG_BEFORE_YEAR = re.compile(
    rf"^(?P<org>[{_UP}][^().;:\"]{{2,150}}?)\.?\s\((?:1[6-9]\d\d|20\d\d|n\.\s?d\.)"
)
_INITIALS_TOKEN = re.compile(rf"^(?:[{_UP}]{{1,3}}(?:-[{_UP}]{{1,2}})?|(?:[{_UP}]\.\s?-?){{1,4}}[{_UP}]?)\.?$")


@dataclass(frozen=True)
class AuthorList:
    """Authors read from the start of an entry, and where that list ended."""

    names: tuple[str, ...]
    et_al: bool
    end: int
    style: str


@dataclass
class ParsedFields:
    authors: tuple[str, ...] = ()
    et_al: bool = False
    year: int | None = None
    year_suffix: str | None = None
    no_date: bool = False
    title: str | None = None
    journal: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    doi: str | None = None
    malformed_doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    url: str | None = None
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------- authors


def _family(name: str, style: str) -> str:
    """The family name of one author as written in `style`."""
    name = name.strip(" ,.;&")
    name = re.sub(r"^(?:and|&)\s", "", name).strip()
    if style == "apa":
        return name.split(",")[0].strip()
    if style == "mla":
        if "," in name:
            return name.split(",")[0].strip()
        parts = name.split()
        return parts[-1] if parts else name
    if style in ("initials", "given"):
        parts = [p for p in name.split() if not _INITIALS_TOKEN.match(p)]
        return parts[-1] if parts else name
    # vancouver: drop the trailing initials token
    parts = name.split()
    while len(parts) > 1 and _INITIALS_TOKEN.match(parts[-1]):
        parts.pop()
    return " ".join(parts)


_SPLIT_APA = re.compile(rf"(?<=\.)(?:,\s(?:&\s|and\s)?|\s&\s|\sand\s|;\s)(?={_FAM},)")
_SPLIT_V = re.compile(r",\s(?:&\s|and\s)?|\s&\s|\sand\s|;\s")


def parse_authors(text: str) -> AuthorList | None:
    """The author list at the start of `text`, or None when it does not start with one."""
    return _parse_authors(text[:1500])


# An entry's start is read while scoring it and again while parsing it (and
# by the merging of author-only lines): the same text, the same answer.
@lru_cache(maxsize=2048)
def _parse_authors(head: str) -> AuthorList | None:
    best: AuthorList | None = None
    for style, pattern in _STYLES.items():
        match = pattern.match(head)
        if not match:
            continue
        span = match.group(0)
        etal = match.groupdict().get("etal")
        et_al = bool(etal) or style == "given"
        listed = span[: match.start("etal")] if etal else span
        if style == "given":
            listed = re.sub(r",?\set\.?\sal\.?$", "", span)
        if style == "apa":
            names = [_family(n, style) for n in _SPLIT_APA.split(listed)]
        elif style == "cs1":
            names = [n.split(",")[0].strip() for n in listed.split(";")]
        elif style == "mla":
            first, _, rest = listed.partition(",")
            rest = rest.strip()
            # "Smith, John A., and Jane Doe" -> ["Smith", "Doe"]
            others = [p for p in re.split(r",\s(?:and\s)?|\sand\s", rest) if p.strip()]
            names = [first.strip()] + [_family(p, style) for p in others[1:]]
        else:
            names = [_family(n, style) for n in _SPLIT_V.split(listed) if n.strip()]
        names = [n for n in names if n and not n.lower().startswith("et al")]
        if not names:
            continue
        if style == "initials" and len(names) < 2 and not et_al:
            continue
        candidate = AuthorList(tuple(names), et_al, match.end(), style)
        if best is None or candidate.end > best.end:
            best = candidate
    if best is not None:
        return best
    org = _ORG.match(head) or _ORG_BEFORE_YEAR.match(head)
    if org and (_ORG_WORDS.search(org.group("org")) or re.fullmatch(r"[A-Z]{2,8}", org.group("org"))):
        name = org.group("org").strip()
        if len(name.split()) <= 14:
            return AuthorList((name,), False, org.end("org"), "organisation")
    return None


# ------------------------------------------------------------------------- year

_Y = r"(?:1[6-9]\d\d|20\d\d)"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]{0,6}\.?"
# (kind, pattern, a string every match contains: "" when there is none).
_YEAR_PATTERNS = (
    # "(2020)", "(2020a)", "(2020, May 3)", "(2011 Oct)", "(n.d.)"
    ("paren", re.compile(rf"\((?P<y>{_Y})(?P<s>[a-z])?(?:[,;]?\s{{1,2}}(?:{_MONTH}|[A-Z][a-z]{{2,9}})(?:\s\d{{1,2}})?(?:[-\u2013]\d{{1,2}})?)?\)"), "("),
    ("nd", re.compile(r"\((?P<nd>n\.\s?d\.?)\)|(?<![\w.])(?P<nd2>n\.\s?d\.)(?!\w)"), "n."),
    # "Seeley RJ. 2006. Obesity", "Smith, J., 2020. Title"
    ("dot", re.compile(rf"(?:[.,]\s)(?P<y>{_Y})(?P<s>[a-z])?\.(?=\s|$)"), "."),
    # Vancouver/AMA: "2003 May;68(5)", "2011;155(3)", "2009;\n15(6)", "2008 Aug 13;"
    ("vancouver", re.compile(rf"(?<![\d./])(?P<y>{_Y})(?P<s>[a-z])?(?:\s{_MONTH}(?:\s\d{{1,2}})?(?:-\d{{1,2}})?)?\s?;"), ";"),
    # "Am J Clin Nutr, 1999. 70(5)", MLA "vol. 14, no. 10, 2022, pp."
    ("comma", re.compile(rf",\s(?:{_MONTH}\s(?:\d{{1,2}},\s)?)?(?P<y>{_Y})(?P<s>[a-z])?(?=[.,;:]|\s?$)"), ","),
    # Vancouver with month: "Nature. 2007 Jun 14:447"
    ("month", re.compile(rf"(?<![\d./])(?P<y>{_Y})\s{_MONTH}(?:\s\d{{1,2}})?(?=[;:.,\s])"), ""),
    ("any", re.compile(rf"(?<![\d./:-])(?P<y>{_Y})(?P<s>[a-z])?(?![\d/-])"), ""),
)


@dataclass(frozen=True)
class YearMatch:
    year: int | None
    suffix: str | None
    start: int
    end: int
    kind: str
    no_date: bool = False


def find_year(text: str, after: int = 0) -> YearMatch | None:
    """The publication year of an entry (the first match of the most telling pattern)."""
    for kind, pattern, needed in _YEAR_PATTERNS:
        if needed and needed not in text:
            continue  # the pattern cannot match without this character
        for match in pattern.finditer(text, after):
            if kind == "nd":
                return YearMatch(None, None, match.start(), match.end(), kind, no_date=True)
            year = int(match.group("y"))
            if year > 2100:
                continue
            suffix = match.groupdict().get("s")
            return YearMatch(year, suffix, match.start(), match.end(), kind)
    return None


# ------------------------------------------------------- volume, issue, pages

_PAGE = r"[eE]?[A-Za-z]?\d{1,9}(?:\.[eE]?\d{1,5})?[A-Za-z]?"
_RANGE = rf"(?P<pages>{_PAGE}(?:\s?-{{1,2}}\s?{_PAGE})?)"
_VOL = r"(?P<vol>\d{1,5}[A-Za-z]?|[IVXLC]{1,8})"
_ISS = r"(?:\s?\((?P<iss>[^()]{1,20})\))"
# (kind, pattern, strings every match contains).
_VOLUME_PATTERNS = (
    # Chicago: "14, no. 10 (2022): 695-710"
    ("chicago", re.compile(rf"(?<![\w.]){_VOL},?\s(?:no\.\s?(?P<iss>[\w\-/]{{1,10}})\s)?\((?:[A-Za-z]{{3,9}}\.?\s)?{_Y}\):\s?{_RANGE}"), ("):",)),
    # MLA / generic: "vol. 14, no. 10, 2022, pp. 695-710", "Vol. 5, No. 3, pp. 1-10"
    ("mla", re.compile(rf"[Vv]ol(?:ume)?\.?\s(?P<vol>[\w\-]{{1,8}})(?:,?\s(?:[Nn]o|[Ii]ss(?:ue)?|[Nn]r)\.?\s(?P<iss>[\w\-/]{{1,10}}))?(?:,\s(?!pp?\.|pages?|[Aa]rt)[^,;]{{1,40}})?(?:,\s(?:pp?\.|pages?|[Aa]rt(?:icle)?\.?(?:\s(?:no\.|number))?)\s?{_RANGE})?"), ("ol",)),
    # "70(5): p. 817-25", "14(10), pp. 695-710"
    ("pp", re.compile(rf"(?<![\w.]){_VOL}{_ISS}?\s?[:,]\s?pp?\.\s?{_RANGE}"), ("p.",)),
    # Vancouver / AMA / NLM: ";68(5):337-42", "444:1009-1010", "2(9): e900", "67:491-498"
    ("colon", re.compile(rf"(?<![\w.]){_VOL}{_ISS}?\s?:\s?{_RANGE}(?![\w:])"), (":",)),
    # APA: ", 14(10), 695-710", ", 11, 605", ", 15(7), e42496"
    ("apa", re.compile(rf",\s{_VOL}{_ISS}?,\s(?:Article\s)?{_RANGE}(?=[.,;\s]|$)"), (",",)),
    # Nature: "New Phytol. 218, 929-935 (2018)."; volume only: "Front. Plant Sci. 10 (2019)."
    ("nature", re.compile(rf"(?<![\w.(])(?P<vol>\d{{1,5}})(?:,\s{_RANGE})?\s\((?:{_Y})\)(?=[.,;]|\s|$)"), ("(",)),
    # APA without pages: ", 14(10)."
    ("apa_noissue_pages", re.compile(rf",\s(?P<vol>\d{{1,5}}){_ISS}(?=[.,]|\s|$)"), (",", "(")),
)


_PAGES_ONLY = re.compile(rf"(?<![\w.])pp?\.\s?{_RANGE}")
# Chicago chapters: "In Book Title, 1-13." (no "pp.")
_CHAPTER_PAGES = re.compile(r"\bIn\s[^.]{3,300}?,\s(?P<pages>\d{1,5}\s?-\s?\d{1,5})[.,]")


@dataclass(frozen=True)
class VolumeMatch:
    volume: str | None
    issue: str | None
    pages: str | None
    start: int
    end: int
    kind: str


def find_volume(text: str, after: int = 0) -> VolumeMatch | None:
    """The volume(issue):pages group after `after`, in whichever style it is written.

    Of all candidates the one that ends last wins (the group follows the title,
    which may itself contain "22:5"); of two that end together, the longer.
    Pages without a volume ("(pp. 218-239)") are returned with volume None.
    """
    best: tuple[int, int, str, re.Match[str]] | None = None
    for kind, pattern, needed in _VOLUME_PATTERNS:
        if not all(part in text for part in needed):
            continue  # the pattern cannot match without these characters
        for m in pattern.finditer(text, after):
            if not m.group("vol"):
                continue
            if kind == "mla" and not (m.group("iss") or m.groupdict().get("pages")):
                continue
            # The group that ends last is the one after the title; of two that end
            # together ("14, no. 10 (2022): 1-9"), the longer one.
            key = (m.end(), -m.start())
            if best is None or key > best[:2]:
                best = (key[0], key[1], kind, m)
    if best is None:
        # A chapter or a report: pages without a volume ("(pp. 218-239)").
        chapter = ("p." in text and _PAGES_ONLY.search(text, after)) or (
            "In" in text and _CHAPTER_PAGES.search(text, after)
        )
        if chapter:
            pages = re.sub(r"\s?-{1,2}\s?", "-", chapter.group("pages"))
            return VolumeMatch(None, None, pages, chapter.start(), chapter.end(), "pages")
        return None
    if best is not None:
        kind, match = best[2], best[3]
        pages = match.groupdict().get("pages")
        if pages:
            pages = re.sub(r"\s?-{1,2}\s?", "-", pages)
        issue = match.groupdict().get("iss")
        if issue:
            issue = issue.strip()
            if re.fullmatch(_Y, issue) or not re.search(r"\d", issue) and len(issue) > 6:
                issue = None  # "(2019)" or "(Lausanne)" is not an issue
        volume = match.group("vol")
        return VolumeMatch(volume, issue, pages, match.start(), match.end(), kind)
    return None


# ----------------------------------------------------------------- journal

_ABBREVIATIONS = frozenset(
    """J Am Clin Nutr Biol Chem Proc Natl Acad Sci Med Res Rev Int Neurosci Comp Neurol Lett Phys Org Soc
    Nat Genet Eur Mol Cell Exp Ann Arch Br Brit Can Gen Intern Pharmacol Physiol Psychol Psychiatry Endocrinol
    Metab Gastroenterol Hepatol Immunol Microbiol Nucl Opt Rep Sports Surg Technol Toxicol Vet Z Zool Bull
    Commun Curr Dev Ecol Environ Epidemiol Evol Food Hum Infect Inst Jpn Lancet Med Nephrol Oncol Pediatr
    Pharm Plant Prev Public Rheumatol Sci Stud Syst Ther Trans Univ Urol Virol Adv Appl Anal Behav Biochem
    Bioinform Cardiol Cereb Chin Cogn Crit Dent Dermatol Diabetes Diagn Educ Emerg Eng Ergon Fam Fertil
    Geriatr Gynecol Heart Hosp Ind Inf Inorg Lab Manag Mater Math Mech Microbiol Nurs Obstet Occup Ophthalmol
    Orthop Otolaryngol Pathol Perinatol Pers Pharmacother Psychopharmacol Pulm Radiol Rehabil Reprod Resp
    Respir Scand Sleep Stat Struct Tech Theor Transl Trop Vasc Vis Acta Anim Agric Assoc Dis Health Life Obes
    Syndr Coll Fed Mo Ed Ed. U S A Neurobiol Essent Leukot Prostaglandins Symp Quant Harb Cold Metab Rev. Front""".split()
)
_NOT_ABBREVIATIONS = frozenset(
    "Mice Rats Rat Mouse Cells Pain Data Study Trial Dogs Cats Men Women Humans Adults Diet Brain Model Gene "
    "Genes Role Care Risk Use Fish Milk Fat Gut Skin Bone Eyes Eye Age Aged Sex Work Test Tests Bats".split()
)
_LINK_WORDS = re.compile(
    r"\b(?:DOI link|Full text|Free full text|Free article|PMC free article|PubMed|Cross ?Ref|Google Scholar|"
    r"Available (?:from|at|online)|Retrieved(?: [A-Z][a-z]+ \d{1,2}, \d{4},)? from|Accessed(?: on)?|Epub ahead of print|"
    r"Epub)\b:?",
    re.IGNORECASE,
)
# Every match of _LINK_WORDS holds one of these (see citecheck.extract.quick).
_LINK_WORDS_IN = (
    "doi link", "full text", "free article", "pubmed", "cross", "google scholar", "available ",
    "retrieved", "accessed", "epub",
)
# A lower-case word that is not a connector: journal names have none, titles do.
_TITLE_WORD = re.compile(
    rf"(?:^|\s)(?!(?:of|and|the|in|for|on|de|du|des|der|und|et|y|la|le|di|del|da|van|von|to|at|a)\b)[{_LO}]{{2,}}"
)
# The end of a quoted title: '"Title." ', '"Title," ', '"Title". ', "'Title', ".
_CLOSING_QUOTE = re.compile(r"[.,?!]?[\"\u201d\u2019'][.,]?\s")
_OPENING_QUOTE = re.compile(r"(?:^|\s)[\"\u201c\u2018'](?=\w)")
_GLUE = re.compile(rf"[{_LO}]{{2}}(?=[{_UP}])")
_BOUNDARY = re.compile(r"(?:[.?!][\"'\u201d\u2019]?|[\"\u201d]|[\"'\u201d\u2019][.,])\s")


def _word_before(text: str, end: int) -> str:
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end]


def _journal_before(text: str, anchor: int, floor: int) -> tuple[str | None, int]:
    """The journal name that ends right before `anchor`, and where it starts."""
    segment = text[floor:anchor]
    stripped = segment.rstrip(" ,.;:")
    if not stripped:
        return None, anchor
    start = 0
    opening = _OPENING_QUOTE.search(stripped)
    quoted = [m for m in _CLOSING_QUOTE.finditer(stripped) if opening and m.start() > opening.start()]
    if quoted:
        # After a quoted title ("Title," Theor. Comput. Sci.) the rest is the
        # journal, full stops of its abbreviations included.
        journal = _tidy_journal(stripped[quoted[-1].end() :])
        if journal and len(journal.split()) <= 12 and re.search(rf"[{_UP}]", journal):
            found = stripped.rfind(journal)
            return journal, floor + (found if found >= 0 else quoted[-1].end())
    for match in _BOUNDARY.finditer(stripped):
        # "J. Comp. Neurol." : the periods of an abbreviated journal are no boundary.
        if stripped[match.start()] == "." and match.end() < len(stripped):
            word = _word_before(stripped, match.start()).strip("\"'(")
            if word in _ABBREVIATIONS or (len(word) == 1 and word.isupper()):
                continue
            if (
                word[:1].isupper()
                and word[1:].islower()
                and len(word) <= 4
                and word not in _NOT_ABBREVIATIONS
                and _abbreviated_run_follows(stripped, match.end())
            ):
                continue
        start = match.end()
    journal = stripped[start:]
    glued = list(_GLUE.finditer(journal))
    # "... in male Wistar ratsAndrologia": fields glued together by a scraper.
    if glued and _TITLE_WORD.search(journal[: glued[-1].end()]):
        journal = journal[glued[-1].end() :]
    elif start == 0 and len(journal.split()) > 10:
        return None, anchor
    journal = _tidy_journal(journal)
    if not journal or not re.search(rf"[{_UP}{_LO}]", journal):
        return None, anchor
    found = stripped.rfind(journal)
    return journal, floor + (found if found >= 0 else start)


def _abbreviated_run_follows(text: str, position: int) -> bool:
    """Whether the words from `position` on look like an abbreviated journal name."""
    words = text[position:].split()
    return bool(words) and all(
        w.rstrip(".,") in _ABBREVIATIONS or (w[:1].isupper() and len(w.rstrip(".,")) <= 6) for w in words[:4]
    )


def _tidy_journal(journal: str) -> str:
    if may_contain(journal, _LINK_WORDS_IN):
        journal = _LINK_WORDS.sub(" ", journal)
    journal = re.sub(r"\((?:online early|in press|epub[^)]{0,30}|print|online)\)", " ", journal, flags=re.I)
    journal = re.sub(r"[;,]\s?In Press.{0,40}$", "", journal, flags=re.I)
    journal = re.sub(r"\s{2,}", " ", journal)
    journal = journal.strip(" .,;:[]{}\"'\u201c\u201d")
    if re.fullmatch(r"(?:[Ii]n\s)?[Pp]ress|[Oo]nline|[Ee]pub", journal):
        return ""
    return journal


# ------------------------------------------------------------------ the entry

_ID_NOISE = re.compile(
    r"(?:\b(?:doi|DOI)\s?:?\s?|https?://(?:dx\.)?doi\.org/|(?<![\w/])(?:dx\.)?doi\.org/)"
    r"|\bPMID\s?:?\s?\d{1,9}|\bPMCID\s?:?\s?PMC\d{1,9}|\bPMC\d{4,9}\b"
    r"|\[(?:PMC free article|PubMed|Cross ?Ref|Google Scholar|CrossRef|Ref list|Free full text)\]",
    re.IGNORECASE,
)
_URL_ANY = re.compile(r"<?(?:https?://|www\.)[^\s<>\"]{1,2000}>?|<[^<>\s]{3,300}>", re.IGNORECASE)
_FFFD_QUOTE_OPEN = re.compile(r"(?:^|(?<=\s))\ufffd(?=\w)")
_FFFD_QUOTE_CLOSE = re.compile(r"(?<=[.?!,])\ufffd(?=\s|$)")
_FFFD_DASH = re.compile(r"(?<=[\w.])\ufffd(?=\w)")


_DASHES = {0x2010: "-", 0x2011: "-", 0x2012: "-", 0x2013: "-", 0x2014: "-", 0x2212: "-"}


def _working_text(text: str, parsed: ParsedFields) -> str:
    """The entry with identifiers and link residue removed, quotes and dashes mended."""
    work = text[:MAX_ENTRY].translate(_DASHES)
    lowered = folded(work)
    # Each pattern runs only where its words are (see citecheck.extract.quick).
    # Links go first: a link word inside a URL (".../pubmed/19650956") must
    # not cut the URL in two and leave its tail behind as a title.
    if lowered is None or "http" in lowered or "www." in lowered or "<" in lowered:
        work = _URL_ANY.sub(" ", work)
        lowered = folded(work)
    if lowered is None or any(word in lowered for word in _LINK_WORDS_IN):
        work = _LINK_WORDS.sub(" ", work)
    for match in sorted(find_dois(work), key=lambda m: -m.start):
        work = work[: match.start] + " " + work[match.end :]
    if parsed.malformed_doi and parsed.malformed_doi in work:
        work = work.replace(parsed.malformed_doi, " ")
    if may_contain(work, ("doi", "pmid", "pmc", "[")):
        work = _ID_NOISE.sub(" ", work)
    if "\ufffd" in work:
        work = _FFFD_QUOTE_OPEN.sub('"', work)
        work = _FFFD_QUOTE_CLOSE.sub('"', work)
        work = _FFFD_DASH.sub("-", work)
    work = re.sub(r"^[\s*{}\[\]^#>|]{1,10}", "", work)
    work = re.sub(r"[\s}]{1,10}$", "", work)
    work = re.sub(r"\s{2,}", " ", work)
    return work.strip()


def parse_fields(text: str) -> ParsedFields:
    """Parse one reference entry (its text without the list marker)."""
    parsed = ParsedFields()
    text = text[:MAX_ENTRY]
    flat = re.sub(r"\s{1,50}", " ", text)
    # A DOI broken over two lines ("10.1016/j.lfs.\n2022.120961") reads whole when joined.
    dois = find_dois(flat)
    joined = re.sub(r"(?<=[./_-])\n(?=[a-z0-9])(?!doi|pmid|pmc|http)", "", text)
    if joined != text:
        longer = find_dois(joined)
        if longer and (not dois or len(longer[0].doi) > len(dois[0].doi)):
            dois = longer
    parsed.doi = dois[0].doi if dois else None
    if not parsed.doi:
        malformed = find_malformed_dois(flat)
        parsed.malformed_doi = malformed[0] if malformed else None
    parsed.pmid = find_pmid(flat)
    parsed.pmcid = find_pmcid(flat)
    urls = find_urls(flat)
    parsed.url = urls[0] if urls else None

    work = _working_text(flat, parsed)
    if not work:
        return parsed

    authors = parse_authors(work)
    title_start = 0
    if authors:
        parsed.authors = authors.names
        parsed.et_al = authors.et_al
        title_start = authors.end
    year = find_year(work, 0)
    if year and authors and year.start < authors.end:
        year = find_year(work, authors.end)
    if year:
        parsed.year = year.year
        parsed.year_suffix = year.suffix
        parsed.no_date = year.no_date
    # Year right after the authors (APA, Harvard, "Author. 2006. Title."):
    # the title starts after it.
    year_first = bool(year and year.start - title_start <= 4)
    if year and authors and not year_first and year.kind in ("paren", "dot", "nd"):
        # "Abubakar M, Hussain M, Ehtisham-ul-Haq, Ali Q (2010) Title": the author
        # list ran on past what the patterns read; the year still closes it.
        between = work[title_start : year.start]
        if len(between) <= 80 and not re.search(r"[a-z]{3}[.?!]\s|[\"\u201c]", between):
            year_first = True
    if year_first and year:
        title_start = year.end
    elif not authors:
        # Title first, authors after it ("Title. Bibus D. Lipid Technologies").
        late = late_authors(work)
        if late:
            parsed.authors = late.names
            parsed.et_al = late.et_al

    volume = find_volume(work, title_start)
    if volume:
        parsed.volume, parsed.issue, parsed.pages = volume.volume, volume.issue, volume.pages

    anchors = []
    if volume:
        anchors.append(volume.start)
    if year and not year_first and year.start >= title_start:
        anchors.append(year.start)
    body = work[title_start:].lstrip(" .,:;)")
    offset = len(work) - len(body)
    journal = None
    journal_start = None
    if anchors:
        anchor = min(anchors)
        journal, journal_start = _journal_before(work, anchor, offset)
    if journal is None:
        journal, journal_start = _journal_after_title(work, offset, year_first, bool(volume))
    if volume is not None and volume.kind == "pages" or journal and re.match(r"In\s", journal) and volume is None:
        journal = None  # "In Book title (pp. 1-9)": pages without a volume belong to a book
    parsed.journal = journal
    end = journal_start if journal_start is not None else (min(anchors) if anchors else len(work))
    title = work[offset:end].strip(" .,;:\"'\u201c\u201d")
    # A title has words: what is left of an identifier ("/19650956") is none.
    if title and re.search(rf"[{_UP}{_LO}]{{2}}", title):
        parsed.title = re.sub(r"\s{2,}", " ", title)
    return parsed


def late_authors(work: str) -> AuthorList | None:
    """An author list that follows the title ("Title. Bibus D. Lipid Technologies")."""
    for match in list(_BOUNDARY.finditer(work))[:3]:
        rest = work[match.end() :]
        found = parse_authors(rest)
        if found and found.style in ("vancouver", "apa") and (
            len(found.names) > 1 or re.match(r"\s?\.?\s?(?:[A-Z]|$)", rest[found.end : found.end + 3])
        ):
            return found
    return None


def _journal_after_title(work: str, offset: int, year_first: bool, has_volume: bool) -> tuple[str | None, int | None]:
    """A journal without volume or year after it: the segment after the title.

    Taken only where the layout says so: after a quoted title (`"Title." Journal;`)
    or after a title that follows the year (`Author. 2006. Title. Journal (online early)`).
    """
    body = work[offset:]
    quoted = re.match(r"\s?[\"\u201c](?P<title>[^\"\u201d]{3,400})[\"\u201d]\s?(?P<rest>.{0,200})", body)
    if quoted:
        rest = quoted.group("rest")
        candidate = re.split(r"[;.(]", rest, maxsplit=1)[0]
        candidate = _tidy_journal(candidate)
        if candidate and len(candidate.split()) <= 10 and candidate[:1].isupper():
            return candidate, offset + quoted.start("rest")
        return None, offset + quoted.end("title") + 1
    if not year_first or has_volume:
        return None, None
    boundary = _BOUNDARY.search(body)
    if not boundary:
        return None, None
    rest = body[boundary.end() :]
    candidate = re.split(r"(?<=[a-z])\.\s|[;(]", rest, maxsplit=1)[0]
    if re.match(r"In\s", candidate):
        return None, offset + boundary.end()  # "In Book title (pp. 1-9)": a book, not a journal
    candidate = _tidy_journal(candidate)
    if candidate and len(candidate.split()) <= 10 and candidate[:1].isupper():
        return candidate, offset + boundary.end()
    return None, None
