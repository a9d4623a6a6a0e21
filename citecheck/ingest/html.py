"""HTML to text, with every character mapped back to the page's source.

The page is read with the standard library's `html.parser` (it never fails on
broken markup and says where each tag, text run and entity starts), then
written line by line:

- scripts, styles, navigation, headers, footers, asides, forms and media are
  dropped, except a footer, header, aside or nav that holds a reference-list
  heading: then it is content;
- block elements end lines, paragraphs, headings and lists are separated by
  blank lines, table cells are joined by ` | `;
- `<ol>`/`<ul>` items become `3. ` / `- ` lines (`start` and `value`
  respected);
- `<a href>` becomes `text <url>` (many articles carry their DOIs only in
  links), unless the text is the URL;
- a `<sup>` holding only numbers (`13`, `1,2`, `3-5`) becomes superscript
  digits (`¹³`), each standing for its digit in the source, so that the
  citation finder reads `shown<sup>13</sup>` like a copied `shown¹³` and an
  exponent (`m<sup>2</sup>`) like `m²`;
- `<!-- citecheck: ... -->` comments are kept, for inline suppressions.
"""

from __future__ import annotations

import html as html_entities
import re
from html.parser import HTMLParser
from typing import Callable, NamedTuple

from citecheck.ingest.superscript import SUPERSCRIPT_NUMBERS, to_superscript
from citecheck.ingest.textmap import LineWriter, source_line_starts
from citecheck.model import TextMap

__all__ = ["render_html", "render_html_into"]

_DROP = frozenset(
    "script style noscript template nav header footer aside svg iframe object embed head "
    "button select option textarea canvas audio video map form".split()
)
_KEEP_IF_REFERENCES = frozenset("nav header footer aside".split())
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_BLOCK = frozenset(
    "p div section article main ul ol dl dt dd table thead tbody tfoot tr blockquote pre figure "
    "figcaption caption address details summary fieldset center body html h1 h2 h3 h4 h5 h6 hr li".split()
)
_PARAGRAPH = frozenset("p h1 h2 h3 h4 h5 h6 blockquote pre table ul ol dl figure hr section article".split())
_HEADING_HOLDERS = frozenset("h1 h2 h3 h4 h5 h6 strong b p span div li dt".split())


class _Event(NamedTuple):
    kind: str  # start | end | text | comment
    name: str  # tag name, or the decoded text
    attrs: dict
    start: int
    end: int


class _Collector(HTMLParser):
    """Every tag, text run, entity and comment of a page, with its source offsets."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.events: list[_Event] = []
        self._starts = source_line_starts(source)

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._starts[line - 1] + column

    def handle_starttag(self, tag, attrs) -> None:
        start = self._offset()
        raw = self.get_starttag_text() or ""
        self.events.append(_Event("start", tag, dict(attrs), start, start + len(raw)))
        if tag in _VOID:
            self.events.append(_Event("end", tag, {}, start + len(raw), start + len(raw)))

    def handle_startendtag(self, tag, attrs) -> None:
        start = self._offset()
        raw = self.get_starttag_text() or ""
        self.events.append(_Event("start", tag, dict(attrs), start, start + len(raw)))
        self.events.append(_Event("end", tag, {}, start + len(raw), start + len(raw)))

    def handle_endtag(self, tag) -> None:
        if tag in _VOID:
            return
        start = self._offset()
        close = self.source.find(">", start)
        self.events.append(_Event("end", tag, {}, start, close + 1 if close != -1 else len(self.source)))

    def handle_data(self, data) -> None:
        start = self._offset()
        self.events.append(_Event("text", data, {}, start, start + len(data)))

    def _reference(self, prefix: str, name: str) -> None:
        start = self._offset()
        end = start + len(prefix) + len(name)
        if self.source.startswith(";", end):
            end += 1
        raw = self.source[start:end]
        decoded = html_entities.unescape(raw)
        kind = "text" if decoded == raw else "entity"
        self.events.append(_Event(kind, decoded, {}, start, end))

    def handle_entityref(self, name) -> None:
        self._reference("&", name)

    def handle_charref(self, name) -> None:
        self._reference("&#", name)

    def handle_comment(self, data) -> None:
        start = self._offset()
        self.events.append(_Event("comment", data, {}, start, start + len(data) + 7))


def _events(source: str) -> list[_Event]:
    collector = _Collector(source)
    try:
        collector.feed(source)
        collector.close()
    except Exception:  # html.parser gives up on a few broken constructs: keep what it read
        pass
    return collector.events


def _matching_ends(events: list[_Event]) -> dict[int, int]:
    """For each start tag of a dropped or superscript element: the index of its end tag."""
    wanted = _DROP | {"sup"}
    open_at: dict[str, list[int]] = {}
    ends: dict[int, int] = {}
    for index, event in enumerate(events):
        if event.name not in wanted:
            continue
        if event.kind == "start":
            open_at.setdefault(event.name, []).append(index)
        elif event.kind == "end" and open_at.get(event.name):
            ends[open_at[event.name].pop()] = index
    return ends


def _in_page(event: _Event) -> bool:
    """An `<a>` that leads to a place on the same page (`href="#fn3"`), or nowhere."""
    return event.name == "a" and str(event.attrs.get("href") or "").strip().startswith("#") or (
        event.name == "a" and not str(event.attrs.get("href") or "").strip()
    )


def _note_number_end(events: list[_Event], index: int, ends: dict[int, int]) -> int | None:
    """Where a note number that starts at `events[index]` ends (the index of its closing tag), or None.

    A note number is a `<sup>` holding only numbers (`13`, `1,2`, `3-5`), maybe inside an in-page
    link or a `<span>`; or such a link alone (`<a href="#fn13">13</a>`). An exponent
    (`m<sup>2</sup>`) is written the same way; the citation finder tells them apart.
    """
    opening = events[index]
    if opening.kind != "start" or not (opening.name == "sup" or _in_page(opening)):
        return None
    if opening.name == "sup":
        last = ends.get(index)
    else:
        last = next((i for i in range(index + 1, min(index + 8, len(events))) if events[i].kind == "end" and events[i].name == "a"), None)
    if last is None or last == index + 1:
        return None
    text = []
    for event in events[index + 1 : last]:
        if event.kind in ("text", "entity"):
            text.append(event.name)
        elif not (event.name in ("span", "sup") or _in_page(event) or event.kind == "end" and event.name == "a"):
            return None
    return last if SUPERSCRIPT_NUMBERS.fullmatch("".join(text)) else None


def _holds_reference_heading(events: list[_Event], first: int, last: int, is_heading: Callable[[str], bool]) -> bool:
    """Whether a footer/aside/nav holds a reference list (then it is content, not chrome)."""
    chunk: list[str] = []
    for event in events[first:last]:
        if event.kind in ("text", "entity"):
            chunk.append(event.name)
            continue
        if event.kind in ("start", "end") and event.name in _HEADING_HOLDERS:
            text = " ".join("".join(chunk).split())
            if text and len(text) < 40 and is_heading(text):
                return True
            chunk = []
    text = " ".join("".join(chunk).split())
    return bool(text) and len(text) < 40 and is_heading(text)


def _show_href(href: str, label: str) -> bool:
    if not href or href.startswith(("#", "javascript:")):
        return False
    plain = href[7:] if href.startswith("mailto:") else href
    return " ".join(label.split()).rstrip("/") != plain.rstrip("/")


_RAW_HREF = re.compile(r"""href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def _href_in_source(source: str, event: _Event) -> tuple[str, int] | None:
    """The href of an `<a>` as written in the source, and its offset (for a verbatim link target)."""
    match = _RAW_HREF.search(source, event.start, event.end)
    if not match:
        return None
    for group in (1, 2, 3):
        if match.group(group) is not None:
            return match.group(group).strip(), match.start(group) + (len(match.group(group)) - len(match.group(group).lstrip()))
    return None


def render_html_into(
    out: LineWriter, source: str, base: int = 0, is_heading: Callable[[str], bool] | None = None
) -> None:
    """Write the page `source` (found at offset `base` of the file) into `out`."""
    if is_heading is None:
        from citecheck.extract.headings import is_reference_heading as is_heading
    events = _events(source)
    ends = _matching_ends(events)
    follows, out.breaks_follow_source = out.breaks_follow_source, True
    lists: list[list[int]] = []  # per open list: [is_ordered, next number]
    links: list[tuple[str, str, int | None, list[str]]] = []  # per open <a>: href, raw, raw offset, text so far
    index = 0
    total = len(events)
    while index < total:
        event = events[index]
        kind, name = event.kind, event.name
        start, end = base + event.start, base + event.end
        if kind == "text":
            out.source(name, start)
            for link in links:
                link[3].append(name)
            index += 1
            continue
        if kind == "entity":
            out.replaced(name, start, end)
            for link in links:
                link[3].append(name)
            index += 1
            continue
        if kind == "comment":
            if "citecheck" in name.lower():
                out.source(source[event.start : event.end], start)
            index += 1
            continue
        if kind == "start":
            if name in _DROP and index in ends:
                last = ends[index]
                if not (name in _KEEP_IF_REFERENCES and _holds_reference_heading(events, index + 1, last, is_heading)):
                    index = last + 1
                    continue
            note = _note_number_end(events, index, ends)
            if note is not None:
                # `<sup>13</sup>`, `<sup><a href="#fn13">13</a></sup>`, `<a href="#fn13">13</a>`: a note's
                # number, written as superscript digits like a copied `¹³`.
                for piece in events[index + 1 : note]:
                    if piece.kind == "text":
                        out.aligned(to_superscript(piece.name), base + piece.start)
                    elif piece.kind == "entity":
                        out.replaced(to_superscript(piece.name), base + piece.start, base + piece.end)
                index = note + 1
                continue
            if name == "br":
                out.end_line()
            elif name in ("ol", "ul"):
                number = 1
                if name == "ol":
                    try:
                        number = int(str(event.attrs.get("start") or "1").strip() or 1)
                    except ValueError:
                        number = 1
                out.end_line()
                lists.append([1 if name == "ol" else 0, number])
            elif name == "li":
                depth = max(len(lists) - 1, 0)
                if lists and lists[-1][0]:
                    value = str(event.attrs.get("value") or "").strip()
                    if value.isdigit():
                        lists[-1][1] = int(value)
                    marker = f"{lists[-1][1]}. "
                    lists[-1][1] += 1
                else:
                    marker = "- "
                out.prefix("  " * depth + marker, start)
            elif name == "pre":
                out.gap()
                out.preformatted = True
            elif name in ("td", "th"):
                if not out.line_is_empty:
                    out.inserted(" | ", start)
            elif name in _PARAGRAPH:
                out.gap()
            elif name in _BLOCK:
                out.end_line()
            if name == "a":
                raw = _href_in_source(source, event)
                href = str(event.attrs.get("href") or "").strip()
                if raw is not None:
                    links.append((href, raw[0], base + raw[1], []))
                else:
                    links.append((href, href, None, []))
            index += 1
            continue
        # end tag
        if name == "a" and links:
            href, raw, raw_at, label = links.pop()
            text = "".join(label)
            if text.strip() and _show_href(href, text):
                out.inserted(" <", start)
                if raw_at is not None and html_entities.unescape(raw) == href and "&" not in raw:
                    out.source(raw, raw_at)
                else:
                    out.inserted(href, start)
                out.inserted(">", start)
        elif name in ("ol", "ul") and lists:
            lists.pop()
            out.end_line()
            if not lists:
                out.gap()
        elif name == "li":
            out.end_item()
        elif name == "pre":
            out.end_line()
            out.preformatted = False
            out.gap()
        elif name in ("td", "th"):
            pass
        elif name in _PARAGRAPH:
            out.gap()
        elif name in _BLOCK:
            out.end_line()
        index += 1
    out.breaks_follow_source = follows


def render_html(source: str) -> tuple[str, TextMap, tuple[int, ...]]:
    """Render a whole page: its text, the map back to `source`, and the line map."""
    out = LineWriter()
    render_html_into(out, source)
    return out.result(source)
