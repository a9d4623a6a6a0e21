"""Reading files into Documents: decoding, refusing what is not text, rendering, line maps."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from citecheck.errors import InputError
from citecheck.ingest import decode_bytes, detect_format, document_from_text, read_document
from citecheck.ingest.fold import fold_text
from citecheck.ingest.html import render_html
from citecheck.ingest.markdown import render_markdown
from citecheck.model import Document, InputFormat

ARTICLES = Path(__file__).resolve().parents[2] / "fixtures" / "articles"


def lines_of(document: Document) -> list[tuple[int, str]]:
    """(source line, text) for every text line."""
    return list(zip(document.line_map, document.text.split("\n")))


def source_line_of(document: Document, fragment: str) -> int:
    for number, line in enumerate(document.text.split("\n"), start=1):
        if fragment in line:
            return document.source_line(number)
    raise AssertionError(f"{fragment!r} not in the rendered text")


# ------------------------------------------------------------------- reading


def test_reads_a_text_file(tmp_path: Path) -> None:
    path = tmp_path / "post.txt"
    path.write_text("Title\n\nSmith J. 2020. A title. Nature 1:2-3.\n", encoding="utf-8")
    document = read_document(path)
    assert document.format is InputFormat.TEXT
    assert document.path == str(path)
    assert document.text.split("\n")[2] == "Smith J. 2020. A title. Nature 1:2-3."
    assert document.source_line(3) == 3
    assert document.source == path.read_text(encoding="utf-8")


def test_utf8_bom_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfHello\n")
    assert read_document(path).text.startswith("Hello")


def test_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes("Caf\u00e9 reading list\n".encode("utf-16"))
    assert read_document(path).text.startswith("Caf\u00e9 reading list")


def test_windows_1252_falls_back_and_folds_smart_punctuation(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.txt"
    # 0x93/0x94 curly quotes, 0x96 en dash in a page range, 0xe9 e-acute.
    path.write_bytes(b"\x93Caf\xe9 study.\x94 Am J Clin Nutr. 2011;94(3):160\x96170.\n")
    text = read_document(path).text
    assert text.startswith('"Caf\u00e9 study."')
    assert "160-170" in text


def test_mostly_utf8_with_stray_bytes_reads_like_a_browser() -> None:
    data = "Pääbo S and Müller K. ".encode("utf-8") * 3 + b"pages 160\x96170."
    text = decode_bytes(data, "page.html")
    assert "Pääbo" in text
    assert "160\ufffd170" in text


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (b"some text\x00\x00\x00 with NUL bytes", "binary"),
        (bytes(range(1, 9)) * 200, "cannot be decoded"),
    ],
)
def test_binary_files_are_refused_with_one_line(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as raised:
        read_document(path)
    message = str(raised.value)
    assert words in message
    assert str(path) in message
    assert "\n" not in message


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "nope.md")


def test_directory_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        read_document(tmp_path)


def test_stdin_is_read_when_path_is_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    data = "Intro.\n\nReferences\n\n1. Smith J. Title. J Biol. 2020;1(2):3-4.\n".encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    document = read_document("-")
    assert document.path == "<stdin>"
    assert document.format is InputFormat.TEXT
    assert "1. Smith J." in document.text


def test_stdin_html_is_sniffed(monkeypatch: pytest.MonkeyPatch) -> None:
    data = b"<!DOCTYPE html><html><body><p>Hello <a href='https://doi.org/10.1000/x'>paper</a></p></body></html>"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    document = read_document("-")
    assert document.format is InputFormat.HTML
    assert document.text == "Hello paper <https://doi.org/10.1000/x>"


@pytest.mark.parametrize(
    ("name", "chosen", "expected"),
    [
        ("a.md", InputFormat.AUTO, InputFormat.MARKDOWN),
        ("a.markdown", InputFormat.AUTO, InputFormat.MARKDOWN),
        ("a.HTML", InputFormat.AUTO, InputFormat.HTML),
        ("a.htm", InputFormat.AUTO, InputFormat.HTML),
        ("a.txt", InputFormat.AUTO, InputFormat.TEXT),
        ("a.md", InputFormat.TEXT, InputFormat.TEXT),
        ("a.txt", InputFormat.HTML, InputFormat.HTML),
    ],
)
def test_format_by_extension_unless_chosen(name: str, chosen: InputFormat, expected: InputFormat) -> None:
    assert detect_format(name, chosen) is expected


# -------------------------------------------------------------- normalisation


def test_normalisation_folds_spelling_without_moving_lines() -> None:
    raw = (
        "\u2018Quoted\u2019 and \u201cdouble\u201d\u00a0text\n"
        "Pages 695\u2013710 \u2014 and more\u2026\n"
        "  \u2022 bullet item\n"
        "mojibake \ufffd stays\n"
        "a\u2028b\x0cc\u0085d\n"
    )
    text = fold_text(raw)
    assert text.split("\n") == [
        "'Quoted' and \"double\" text",
        "Pages 695-710 - and more...",
        "  \u2022 bullet item",
        "mojibake \ufffd stays",
        "a b c d",
        "",
    ]
    assert text.splitlines() == text.split("\n")[:-1]


def test_common_mojibake_is_repaired() -> None:
    assert fold_text("It\u00e2\u20ac\u2122s a \u00e2\u20ac\u0153test\u00e2\u20ac\u009d") == "It's a \"test\""


def test_document_line_map_has_one_entry_per_line() -> None:
    document = document_from_text("a\r\nb\rc\n", "x.txt")
    assert document.text == "a\nb\nc\n"
    assert document.source == "a\nb\nc\n"
    assert document.line_map == (1, 2, 3, 4)


# ------------------------------------------------------------------ Markdown


def test_markdown_front_matter_links_lists_and_line_map() -> None:
    source = (
        "---\n"  # 1
        "title: A post\n"  # 2
        "---\n"  # 3
        "# Heading\n"  # 4
        "\n"  # 5
        "A paragraph with a [study](https://doi.org/10.1000/abc) and\n"  # 6
        "a second source line.<sup>1,2</sup>\n"  # 7
        "\n"  # 8
        "## References\n"  # 9
        "\n"  # 10
        "3. Smith J. *Title*. J Biol. 2020;1:2-3. [doi](https://doi.org/10.1000/xyz)\n"  # 11
        "4. Jones K. Other. <https://doi.org/10.1000/q>\n"  # 12
        "<!-- citecheck: ignore[CC101] -->\n"  # 13
    )
    text, _, line_map = render_markdown(source)
    document = document_from_text(source, "post.md")
    assert document.text == text
    assert document.source == source  # what the renderer drops stays readable
    assert "title: A post" not in text
    assert "Heading" in text and "# Heading" not in text
    assert source_line_of(document, "A paragraph with a study <https://doi.org/10.1000/abc> and") == 6
    assert source_line_of(document, "a second source line.\u00b9,\u00b2") == 7
    assert source_line_of(document, "3. Smith J. Title. J Biol. 2020;1:2-3. doi <https://doi.org/10.1000/xyz>") == 11
    assert source_line_of(document, "4. Jones K. Other. https://doi.org/10.1000/q") == 12
    assert source_line_of(document, "<!-- citecheck: ignore[CC101] -->") == 13
    assert len(line_map) == text.count("\n") + 1


def test_markdown_headings_stand_alone_and_tables_become_rows() -> None:
    source = "## Sources\n1. First entry.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    text, _, _ = render_markdown(source)
    lines = text.split("\n")
    assert lines[0] == "Sources"
    assert lines[1] == ""
    assert "1. First entry." in lines
    assert "1 | 2" in lines


# ---------------------------------------------------------------------- HTML


HTML = """<!DOCTYPE html>
<html><head><title>T</title><script>var doi = "10.1000/not-me";</script><style>p{}</style></head>
<body>
<nav><a href="/">Home</a> <a href="/about">About</a></nav>
<header>Site name</header>
<h1>Title</h1>
<p>Some text shown<sup>3</sup> in a 10 m<sup>2</sup> plot with <sup>89</sup>Zr and a
<a href="https://doi.org/10.1000/xyz">link</a> &amp; an <a href="#top">anchor</a>.</p>
<h2>References</h2>
<ol start="4"><li>Smith J. Title. <i>J Biol</i> 2020;1:2&ndash;3. <a href="https://doi.org/10.1000/1">doi</a></li>
<li value="9">Jones K,<br>wrapped entry.</li></ol>
<!-- citecheck: ignore[CC502] -->
<footer>Copyright 2024 (2024)</footer>
<aside><h3>References</h3><p>Kept because it is a reference list.</p></aside>
</body></html>"""


def test_html_drops_chrome_and_keeps_links_lists_and_lines() -> None:
    document = document_from_text(HTML, "page.html")
    text = document.text
    for gone in ("not-me", "Home", "About", "Site name", "Copyright", "p{}", "anchor <#top>"):
        assert gone not in text
    assert source_line_of(document, "Title") == 6
    assert source_line_of(document, "Some text shown\u00b3 in a 10 m\u00b2 plot with \u2078\u2079Zr and a") == 7
    assert source_line_of(document, "link <https://doi.org/10.1000/xyz> & an anchor.") == 8
    assert source_line_of(document, "4. Smith J. Title. J Biol 2020;1:2-3. doi <https://doi.org/10.1000/1>") == 10
    assert source_line_of(document, "9. Jones K,") == 11
    assert source_line_of(document, "wrapped entry.") == 11
    assert source_line_of(document, "<!-- citecheck: ignore[CC502] -->") == 12
    assert source_line_of(document, "Kept because it is a reference list.") == 14
    assert len(document.line_map) == text.count("\n") + 1


def test_html_blocks_are_separated_by_blank_lines() -> None:
    text, _, _ = render_html("<p>One</p><p>Two</p><ul><li>a</li><li>b</li></ul><div>Three</div>")
    assert text.split("\n") == ["One", "", "Two", "", "- a", "- b", "", "Three"]


def test_deeply_nested_html_does_not_recurse() -> None:
    html = "<div>" * 3000 + "deep text" + "</div>" * 3000
    text, _, line_map = render_html(html)
    assert text == "deep text"
    assert line_map == (1,)


@pytest.mark.parametrize("name", sorted(p.name for p in ARTICLES.glob("*") if p.suffix in (".md", ".html")))
def test_fixture_line_maps_point_into_the_file(name: str) -> None:
    path = ARTICLES / name
    document = read_document(path)
    total = path.read_text(encoding="utf-8").count("\n") + 1
    assert len(document.line_map) == document.text.count("\n") + 1
    assert all(1 <= line <= total for line in document.line_map)
    assert list(document.line_map) == sorted(document.line_map)
