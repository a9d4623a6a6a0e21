"""The lines of a document as the entry tagger sees them: list markers and features.

A reference list is recognised line by line. Each non-blank line gets a
`Line` (where it is, its indent, its list marker, the blank lines around it)
and a set of features saying what it looks like: how it starts (a list
marker, an author list, a URL), what it holds (a year, a year in brackets, a
volume and pages, a DOI, a quoted title, "et al."), how it ends, how long it
is against the longest line of its block (a hard-wrapped line runs to the
margin), and how much it reads like prose (function words, first person,
in-text citations) or like site furniture (a lone date, "Share this").
Features of the neighbouring lines are added, so the tagger sees a line in
its context. Nothing here names a particular site or article; the few word
lists are data files.

The features are shared by the tagger (`citecheck.extract.entry_model`) and
its training (`training/train_lines.py`): both must see the same thing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Sequence

from citecheck.extract.headings import is_reference_heading, is_section_end
from citecheck.extract.lexicon import words
from citecheck.text.identifiers import DOI_SHAPE

__all__ = ["Line", "MARKER", "line_features", "marker_of", "opens_with_authors", "split_lines"]

# ----------------------------------------------------------------- markers

_BULLETS = "-*+\u2022\u25e6\u25aa\u25ab\u25cf\u25cb\u25a0\u25a1\u00b7\u2219\u2023\u2043\u27a2\u2794\u25ba\u25b8\u2013"
# A list marker at the start of a line: `1.`, `1)`, `[1]`, `(1)`, `[^1]:`, a
# bullet, or Wikipedia's `^` with its back-link letters (`^ a b`), possibly
# after a number (`1. ^ a b`).
MARKER = re.compile(
    r"[ \t]{0,16}(?:"
    r"(?P<fn>\[\^(?P<fnum>[\w-]{1,12})\]:)"
    r"|(?P<br>\[(?P<bnum>\d{1,4})\])"
    r"|(?P<pa>\((?P<pnum>\d{1,4})\))(?=\s)"
    r"|(?P<nu>(?P<nnum>\d{1,4})[.)])(?=\s|\^)"
    # A run of dashes before a full stop or comma (`———.`, folded `- - - .`) is the
    # mark for the authors of the entry above, not a bullet.
    r"|(?P<bu>[" + re.escape(_BULLETS) + r"])(?=\s)(?![ \t]{0,3}[-\u2013_][-\u2013_ \t]{0,24}[.,])"
    r")?"
    r"(?P<caret>[ \t]{0,4}\^(?:[ \t]{1,3}[a-z](?=[ \t])){0,26})?"
    r"[ \t]{0,10}"
)


@dataclass(frozen=True)
class Marker:
    kind: str | None  # number | bracket | paren | footnote | bullet | caret | None
    number: int | None
    label: str | None  # a footnote's label as written (`3`, `note-a`)
    end: int  # where the entry's own text starts in the line


def marker_of(line: str) -> Marker:
    match = MARKER.match(line)
    if match is None or match.end() == 0:
        return Marker(None, None, None, len(line) - len(line.lstrip()))
    kind = number = label = None
    if match.group("fn"):
        kind, label = "footnote", match.group("fnum")
        number = int(label) if label.isdigit() else None
    elif match.group("br"):
        kind, number = "bracket", int(match.group("bnum"))
    elif match.group("pa"):
        kind, number = "paren", int(match.group("pnum"))
    elif match.group("nu"):
        kind, number = "number", int(match.group("nnum"))
    elif match.group("bu"):
        kind = "bullet"
    caret = match.group("caret")
    if caret and caret.strip():
        if kind in (None, "bullet"):
            kind = "caret"
    elif kind is None:
        return Marker(None, None, None, len(line) - len(line.lstrip()))
    end = match.end()
    if end >= len(line.rstrip()):  # a marker and nothing after it
        return Marker(None, None, None, len(line) - len(line.lstrip()))
    return Marker(kind, number, label, end)


# -------------------------------------------------------------------- lines


@dataclass(frozen=True)
class Line:
    """One non-blank line of the text."""

    index: int  # 0-based line number in the text
    start: int  # offset of the line in the text
    text: str  # the line, without its "\n"
    indent: int
    marker: Marker
    blank_before: bool
    blank_after: bool
    block_width: int  # the longest line of its block (lines between blank lines)

    @property
    def body(self) -> str:
        """The line after its list marker, stripped."""
        return self.text[self.marker.end :].strip()

    @property
    def body_start(self) -> int:
        """Offset in the text where the body begins."""
        rest = self.text[self.marker.end :]
        return self.start + len(self.text) - len(rest.lstrip())


def split_lines(text: str) -> list[Line]:
    """The non-blank lines of `text`, with blank-line and block information."""
    raw: list[tuple[int, str]] = []
    position = 0
    for piece in text.split("\n"):
        raw.append((position, piece))
        position += len(piece) + 1
    blank = [not piece.strip() for _, piece in raw]
    widths: list[int] = [0] * len(raw)
    index = 0
    while index < len(raw):
        if blank[index]:
            index += 1
            continue
        end = index
        while end < len(raw) and not blank[end]:
            end += 1
        width = max(len(raw[i][1].rstrip()) for i in range(index, end))
        for i in range(index, end):
            widths[i] = width
        index = end
    lines: list[Line] = []
    for index, (start, piece) in enumerate(raw):
        if blank[index]:
            continue
        lines.append(
            Line(
                index=index,
                start=start,
                text=piece,
                indent=len(piece) - len(piece.lstrip()),
                marker=marker_of(piece),
                blank_before=index == 0 or blank[index - 1],
                blank_after=index == len(raw) - 1 or blank[index + 1],
                block_width=widths[index],
            )
        )
    return _numbered(lines)


# Numbers a list writes without the usual marker: a number alone on its line before its entry
# (`1`, `1.`, `[1]`, `¹`: a note's number where the page was copied), or a number and a space
# before the entry (`1 Smith J…`, `¹ Smith J…`). Only a run of them, counting up, is a list.
_SUPERSCRIPT_DIGITS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
_LONE_NUMBER = re.compile(rf"[ \t]{{0,8}}(?:\[(\d{{1,4}})\]|(\d{{1,4}})[.)]?|([{_SUPERSCRIPT_DIGITS}]{{1,4}}))[ \t]{{0,4}}")
_BARE_NUMBER = re.compile(
    rf"[ \t]{{0,8}}(?:(\d{{1,3}})|([{_SUPERSCRIPT_DIGITS}]{{1,3}}))[ \t]{{1,4}}(?=[A-Z\u00c0-\u00de\"\u201c])"
)
_FROM_SUPERSCRIPT = str.maketrans(_SUPERSCRIPT_DIGITS, "0123456789")
_NEAR = 12  # lines between two numbers of one list, at most


def _number_of(match: re.Match) -> int:
    return int(next(group for group in match.groups() if group).translate(_FROM_SUPERSCRIPT))


def _numbered(lines: list[Line]) -> list[Line]:
    """`lines` with the numbers of a list written without markers read as its markers."""
    found: dict[int, tuple[str, int, int]] = {}  # position -> (lone | bare, number, where the entry starts)
    for position, line in enumerate(lines):
        if line.marker.kind is not None or len(line.text) > 2000:
            continue
        lone = _LONE_NUMBER.fullmatch(line.text)
        if lone is not None:
            found[position] = ("lone", _number_of(lone), 0)
            continue
        bare = _BARE_NUMBER.match(line.text)
        if bare is not None:
            found[position] = ("bare", _number_of(bare), bare.end())
    if len(found) < 2:
        return lines

    def counted(position: int) -> bool:
        kind, number, _ = found[position]
        near = range(max(0, position - _NEAR), min(len(lines), position + _NEAR + 1))
        return any(
            other in found and found[other][0] == kind and found[other][1] == number + (1 if other > position else -1)
            for other in near
            if other != position
        )

    kept: list[Line] = []
    skip = False
    for position, line in enumerate(lines):
        if skip:
            skip = False
            continue
        if position not in found or not counted(position):
            kept.append(line)
            continue
        kind, number, end = found[position]
        if kind == "bare":
            kept.append(replace(line, marker=Marker("number", number, None, end)))
            continue
        following = lines[position + 1] if position + 1 < len(lines) else None
        if following is None or following.marker.kind is not None or position + 1 in found:
            kept.append(line)
            continue
        # The number's own line is left out: its entry starts on the next line.
        kept.append(replace(following, marker=Marker("number", number, None, following.indent), blank_before=line.blank_before))
        skip = True
    return kept


# ----------------------------------------------------------------- features

_UP = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u017f"
_NAME = rf"(?:(?:[A-Za-z]{{1,4}}\s|[A-Za-z]{{1,3}}['\u2019])?[{_UP}][\w'\u2019-]{{1,40}})"
_STARTS = (
    # Surname, X. / Surname, X.Y., (APA, Harvard)
    ("apa", re.compile(rf"{_NAME}(?:\s{_NAME})?,\s(?:[{_UP}]\.\s?-?){{1,4}}")),
    # Surname XY, / Surname X. (Vancouver, NLM, AMA)
    ("vanc", re.compile(rf"{_NAME}(?:\s{_NAME})?\s[{_UP}]{{1,3}}(?:[,.;:]|\s(?:\(|et\sal|and\s|&))")),
    # Surname, Given (MLA, Chicago)
    ("given", re.compile(rf"{_NAME},\s[{_UP}][a-z]{{1,20}}(?:\s[{_UP}]\.?)?[,.;\s]")),
    # X. Surname / X. Y. Surname (IEEE)
    ("ieee", re.compile(rf"(?:[{_UP}]\.\s?-?){{1,3}}\s?{_NAME}[,\s]")),
    # SURNAME, X. / SURNAME X
    ("caps", re.compile(rf"[{_UP}]{{2,}}[{_UP}'-]{{0,30}},?\s[{_UP}]")),
    # Surname et al.
    ("etal", re.compile(rf"{_NAME}(?:\s{_NAME})?,?\s(?:et\.?\s?al|and\s(?:colleagues|\d{{1,2}}\sothers))")),
    # Surname & Surname / Surname and Surname, then a year soon
    ("pair", re.compile(rf"{_NAME}\s(?:&|and)\s{_NAME}[,.]?\s\(?(?:1[6-9]|20)\d\d")),
    # Surname (2019) / Surname. 2019.
    ("nameyear", re.compile(rf"{_NAME},?\s\(?(?:1[6-9]|20)\d\d[a-z]?\)?[.,:]")),
)
# An author list after the title ("Title of the paper. Pepper-Yowell A.R., Wang S.").
_LATE_AUTHORS = re.compile(
    rf"[.?!]\s{_NAME},?\s(?:[{_UP}]\.?\s?-?){{1,3}}(?:[,.;]|\set\sal)(?:\s{_NAME},?\s(?:[{_UP}]\.?\s?-?){{1,3}}[,.;])?"
)


def opens_with_authors(text: str) -> bool:
    """Whether `text` opens with an author list as some reference style writes one."""
    return any(pattern.match(text) for _, pattern in _STARTS)


_URL_START = re.compile(r"<?(?:https?://|www\.)\S", re.IGNORECASE)
_ID_START = re.compile(r"(?:PMID|PMCID|PMC\d|doi\s?:|DOI\b)", re.IGNORECASE)
_YEAR = re.compile(r"(?<![\w/.-])(?:1[6-9]|20)\d\d(?![\w/-])")
_YEAR_PAREN = re.compile(r"\((?:[A-Za-z]{3,9}\.?\s)?(?:1[6-9]|20)\d\d[a-z]?(?:,\s[A-Za-z]{3,9}\.?(?:\s\d{1,2})?)?\)|\(n\.\s?d\.\)")
_YEAR_DOT = re.compile(r"(?:^|[.,]\s)(?:1[6-9]|20)\d\d[a-z]?[.;:]")
_VOL_PAGES = re.compile(
    r"\d{1,5}\s?\(\s?[\w-]{1,12}\s?\)\s?[:,]\s?[eE]?\d{1,6}"
    r"|;\s?\d{1,5}(?:\s?\([\w-]{1,12}\))?:\s?[eE]?\d"
    r"|\b\d{1,5}:\s?\d{1,6}[-\u2013]\d{1,6}\b"
    r"|\b(?:vol|pp|no)\.\s?\d"
    r"|\b\d{1,5},\s\d{1,6}[-\u2013]\d{1,6}\b",
    re.IGNORECASE,
)
_PMID = re.compile(r"\bPMID:?\s?\d{5,9}|pubmed(?:\.ncbi\.nlm\.nih\.gov|/)\S{0,20}\d{5,9}|\bPMC\d{4,9}", re.IGNORECASE)
_URL = re.compile(r"https?://|www\.", re.IGNORECASE)
_QUOTED = re.compile(r"[\"\u201c\u2018'][A-Z][^\"\u201d]{10,300}[.,?!]?[\"\u201d\u2019']")
_ET_AL = re.compile(r"\bet\.?\s?al\b")
_IN_TEXT = re.compile(
    r"\((?:e\.g\.,?\s|see\s)?[A-Z][\w'-]{1,40}(?:\set\sal\.?|\s(?:and|&)\s[A-Z][\w'-]{1,40})?,?\s(?:1[6-9]|20)\d\d[a-z]?[;,)]"
    r"|\b[A-Z][\w'-]{1,40}\set\sal\.?\s\((?:1[6-9]|20)\d\d"
    r"|[a-z]{3}[.,]?\[\d{1,3}(?:[,\u2013-]\s?\d{1,3}){0,5}\]"
)
_FIRST_PERSON = re.compile(r"\b(?:I|we|We|our|Our|us|you|You|your|Your|my|My)\b")
_DATE_ONLY = re.compile(
    r"(?:(?:Posted|Published|Updated)\s(?:on\s)?)?"
    r"(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.?\s\d{1,2},?\s(?:19|20)\d\d"
    r"|\d{1,2}\s(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.?\s(?:19|20)\d\d"
    r"|(?:19|20)\d\d-\d\d-\d\d|\d{1,2}/\d{1,2}/(?:19|20)?\d\d)\.?",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
_OPEN_END = re.compile(r"(?:[,;:&/(-]|\b(?:and|of|the|in|for|on|with|to|a|an|by|et|al|from))$", re.IGNORECASE)


def _bucket(value: float, cuts: Sequence[float]) -> int:
    for index, cut in enumerate(cuts):
        if value < cut:
            return index
    return len(cuts)


# A line longer than this is read by its first and last characters: no entry
# is that long, and the patterns then cost what they cost on a short line.
_LONG = 1200


def _own_features(line: Line) -> list[str]:
    """What one line looks like on its own (the same line, placed alike, is read once)."""
    width = _bucket(len(line.text.rstrip()) / max(line.block_width, 1), (0.5, 0.8, 0.93))
    key = (line.text, line.marker.end, line.marker.kind, line.indent, line.blank_before, line.blank_after, width)
    cached = _SEEN.get(key)
    if cached is None:
        if len(_SEEN) > 50_000:
            _SEEN.clear()
        cached = _SEEN[key] = _read_features(line, width)
    return cached


_SEEN: dict[tuple, list[str]] = {}


def _read_features(line: Line, width: int) -> list[str]:
    text = line.text
    body = line.body
    if len(body) > _LONG:
        body = body[: _LONG - 300] + " " + body[-300:]
        text = body
    features = [f"m={line.marker.kind or 'none'}"]
    if line.marker.kind == "caret" and re.search(r"\^\s[a-z]\s", text[: line.marker.end + 1]):
        features.append("caret_letters")
    features.append(f"ind={_bucket(line.indent, (1, 4, 8))}")
    features.append(f"bb={int(line.blank_before)}")
    features.append(f"ba={int(line.blank_after)}")
    if not body:
        return features
    first = body[0]
    if _URL_START.match(body):
        features.append("start=url")
    elif _ID_START.match(body):
        features.append("start=id")
    elif first.isupper():
        features.append("start=upper")
    elif first.islower():
        features.append("start=lower")
    elif first.isdigit():
        features.append("start=digit")
    elif first in "\"'\u201c\u2018":
        features.append("start=quote")
    elif first in "([{":
        features.append("start=open")
    else:
        features.append("start=other")
    opened = False
    for name, pattern in _STARTS:
        if pattern.match(body):
            features.append(f"auth={name}")
            opened = True
    if not opened and _LATE_AUTHORS.search(body):
        features.append("auth_later")
    head = body[:40]
    if re.match(r"[\w'\u2019-]+", head) and head.split()[0].isupper() and len(head.split()[0]) > 3:
        features.append("caps_word")
    years = list(_YEAR.finditer(body))
    if years:
        features.append("year")
        features.append(f"year_at={_bucket(years[0].start() / max(len(body), 1), (0.15, 0.35, 0.7))}")
        if len(years) > 1:
            features.append("years2")
    if _YEAR_PAREN.search(body):
        features.append("year_paren")
    if _YEAR_DOT.search(body):
        features.append("year_dot")
    if "n.d." in body:
        features.append("nd")
    if _VOL_PAGES.search(body):
        features.append("volpages")
    if DOI_SHAPE.search(body):
        features.append("doi")
        if len(DOI_SHAPE.findall(body)) > 1:
            features.append("doi2")
    if _PMID.search(body):
        features.append("pmid")
    if _URL.search(body):
        features.append("url")
        if not body.split()[-1:] or _URL.match(body.split()[-1].lstrip("<(")):
            features.append("ends_url")
        if len(body.split()) <= 3:
            features.append("url_only")
    if _QUOTED.search(body):
        features.append("quoted")
    if _ET_AL.search(body):
        features.append("etal")
    last = body[-1]
    if last in ".!?":
        features.append("end=stop")
    elif last in ",;":
        features.append("end=comma")
    elif last == ":":
        features.append("end=colon")
    elif last in ")]>":
        features.append("end=close")
    elif last.isdigit():
        features.append("end=digit")
    elif last.isalpha():
        features.append("end=letter")
    else:
        features.append("end=other")
    if _OPEN_END.search(body):
        features.append("open_end")
    found_words = _WORD.findall(body)
    count = len(found_words)
    features.append(f"words={_bucket(count, (2, 4, 9, 16, 31, 60))}")
    features.append(f"width={width}")
    if count >= 4:
        lower = sum(1 for w in found_words if w[0].islower())
        function = sum(1 for w in found_words if w.lower() in words("function-words"))
        features.append(f"lower={_bucket(lower / count, (0.2, 0.4, 0.6))}")
        features.append(f"func={_bucket(function / count, (0.08, 0.16, 0.25))}")
        capital = sum(1 for w in found_words if w[0].isupper())
        features.append(f"caps={_bucket(capital / count, (0.3, 0.6, 0.85))}")
    if _FIRST_PERSON.search(body):
        features.append("person")
    if _IN_TEXT.search(body):
        features.append("in_text_citation")
    if len(body) <= 80:
        if is_reference_heading(body) or is_reference_heading(text):
            features.append("ref_heading")
        elif is_section_end(body):
            features.append("section_end")
        elif count <= 10 and last not in ".,;" and sum(1 for w in found_words if w[0].isupper()) >= max(1, count // 2):
            features.append("heading_like")
        if _DATE_ONLY.fullmatch(body.strip()):
            features.append("date_only")
    lowered = body.lower()
    if any(word in lowered for word in words("chrome-words")):
        features.append("chrome")
    if body.startswith("#"):
        features.append("hash")
    return features


# Features of a neighbour worth seeing from a line.
_CONTEXT = (
    "m=", "auth=", "end=", "year_paren", "year_dot", "volpages", "doi", "url_only", "ref_heading",
    "section_end", "heading_like", "width=", "start=", "in_text_citation", "person", "chrome", "date_only",
    "open_end", "words=", "url", "pmid", "ends_url", "year", "auth_later",
)


def line_features(lines: Sequence[Line]) -> list[list[str]]:
    """The features of every line, its own and its neighbours'."""
    own = [_own_features(line) for line in lines]
    seen: dict[int, dict[int, list[str]]] = {}
    context: list[dict[int, list[str]]] = []
    for features in own:
        prefixed = seen.get(id(features))
        if prefixed is None:
            kept = [feature for feature in features if feature.startswith(_CONTEXT)]
            prefixed = seen[id(features)] = {offset: [f"{offset}:{f}" for f in kept] for offset in (-2, -1, 1, 2)}
        context.append(prefixed)
    result: list[list[str]] = []
    total = len(lines)
    for index, line in enumerate(lines):
        features = ["bias", *own[index]]
        for offset in (-2, -1, 1, 2):
            other = index + offset
            if 0 <= other < total:
                features.extend(context[other][offset])
            else:
                features.append(f"{offset}:none")
        if index > 0:
            previous = lines[index - 1]
            if previous.index < line.index - 1:
                features.append("gap_before")
            delta = line.indent - previous.indent
            features.append("rel=" + ("same" if delta == 0 else "deeper" if delta > 0 else "shallower"))
            if line.marker.kind and previous.marker.kind == line.marker.kind:
                features.append("same_marker")
            if line.marker.number is not None and previous.marker.number is not None:
                if line.marker.number == previous.marker.number + 1:
                    features.append("next_number")
        if index + 1 < len(lines):
            following = lines[index + 1]
            delta = following.indent - line.indent
            features.append("next_rel=" + ("same" if delta == 0 else "deeper" if delta > 0 else "shallower"))
        result.append(features)
    return result
