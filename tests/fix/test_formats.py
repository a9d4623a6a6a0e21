"""Every fixable kind of error in every format: the seed and APA articles also as Markdown and HTML.

The Markdown and HTML copies are made from the plain-text articles here (the
same words; headings marked up, `&` escaped, each DOI a link whose text is
the DOI as written), so the same planted errors are fixed in all three
formats: year, volume, issue, pages, first author, another work's journal,
an in-text year (CC503), a missing DOI (added as the list's links are
written), and malformed DOIs (an en dash, `doi:doi.org/…`, a space after the
slash, a prefix without its `10.`). Configuration and `--select`/`--ignore`
apply as in a check; a file keeps its bytes in latin-1 and UTF-16.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from citecheck.fix import applied, edits_of
from citecheck.pipeline import check_paths, fix_paths
from tests.fix.test_cli import fix as fix_command
from tests.fix.test_planted_articles import ARTICLES, keys, planted, settings

SEED = "seed-electroacupuncture-gut-inflammation.txt"
APA = "101_apa7-fish-behaviour.txt"
_LINK = re.compile(r"(?:https?://)?doi\.org/\S+?(?=\s|$)")


def _blocks(text: str) -> list[str]:
    return re.split(r"\n{2,}", text.strip("\n"))


def _heading(block: str) -> bool:
    return "\n" not in block and len(block) < 90 and not block.rstrip().endswith((".", "?", "*", ")"))


def _target(written: str) -> str:
    return "https://" + written[written.index("doi.org/"):]


def markdown(text: str) -> str:
    """The article in Markdown: `##` headings, DOIs as `[written](https://doi.org/…)` links."""
    out = []
    for block in _blocks(text):
        if _heading(block):
            out.append("## " + block)
        else:
            out.append(_LINK.sub(lambda m: f"[{m.group()}]({_target(m.group())})", block))
    return "\n\n".join(out) + "\n"


def to_html(text: str) -> str:
    """The article in HTML: `<h2>` headings, `<p>` paragraphs, DOIs as `<a href>` links."""
    out = ["<!DOCTYPE html>", "<html><body>"]
    for block in _blocks(text):
        escaped = html.escape(block, quote=False)
        if _heading(block):
            out.append(f"<h2>{escaped}</h2>")
        else:
            out.append("<p>" + _LINK.sub(lambda m: f'<a href="{_target(m.group())}">{m.group()}</a>', escaped) + "</p>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


FORMATS = {".txt": lambda text: text, ".md": markdown, ".html": to_html}
# The APA list writes every journal in full: another work's journal there is fixed.
JOURNAL = ("fish? PeerJ, 4, e1937", "fish? Animal Behaviour, 4, e1937")


def article(name: str, suffix: str, with_errors: bool) -> str:
    if not with_errors:
        return FORMATS[suffix]((ARTICLES / name).read_text(encoding="utf-8"))
    text = planted(name)
    if name == APA:
        assert text.count(JOURNAL[0]) == 1
        text = text.replace(*JOURNAL)
        if suffix != ".txt":  # a space in a link is no link: that plant is for plain text only
            text = text.replace("10.7717/ peerj.6378", "10.7717/peerj.6378")
    return FORMATS[suffix](text)


CASES = [(name, suffix) for name in (SEED, APA) for suffix in FORMATS]
FIXED_KINDS = {
    (SEED, suffix): {"CC201", "CC202", "CC203", "CC204", "CC205", "CC503", "CC101", "CC105"} for suffix in FORMATS
} | {(APA, suffix): {"CC201", "CC207", "CC101", "CC503", "CC105"} for suffix in FORMATS}


@pytest.mark.parametrize(("name", "suffix"), CASES, ids=[f"{n[:8]}{s}" for n, s in CASES])
def test_every_kind_is_fixed_in_every_format(name, suffix, tmp_path):
    clean_path = tmp_path / f"clean{suffix}"
    clean_path.write_text(article(name, suffix, False), encoding="utf-8")
    clean = check_paths([str(clean_path)], settings()).findings
    assert all(f.fix is None or not f.fix.edits for f in clean)

    path = tmp_path / f"post{suffix}"
    text = article(name, suffix, True)
    path.write_text(text, encoding="utf-8")
    run = fix_paths([str(path)], settings())
    (fixed,) = run.files
    found = {f.code for f in run.report.findings} - {f.code for f in clean}
    # The renamed first author also unlinks a citation (CC501, CC502): those go once the name is fixed.
    assert FIXED_KINDS[name, suffix] <= found <= FIXED_KINDS[name, suffix] | {"CC501", "CC502"}
    # Each planted kind is fixed safely, and every edit lies on a line where an error was planted.
    safe = {f.code for f in run.report.findings if f.fix and f.fix.safe}
    assert FIXED_KINDS[name, suffix] <= safe
    changed_lines = {number for number, (a, b) in enumerate(zip(text.split("\n"), clean_path.read_text().split("\n")), 1)
                     if a != b}
    assert {e.line for e in edits_of(applied(run.report.findings))} <= changed_lines
    # The fixed file is the clean article byte for byte; a check of it gives only the clean findings.
    assert fixed.problem is None and fixed.after == clean_path.read_text(encoding="utf-8")
    path.write_bytes(fixed.data)
    assert keys(check_paths([str(path)], settings()).findings) == keys(clean)
    assert [file.data for file in fix_paths([str(path)], settings()).files] == [None]


def test_a_missing_doi_is_added_as_the_lists_links_are_written(tmp_path):
    for suffix, expected in ((".md", "[doi.org/10.1016/j.lfs.2022.120961](https://doi.org/10.1016/j.lfs.2022.120961)"),
                             (".html", '<a href="https://doi.org/10.1016/j.lfs.2022.120961">doi.org/10.1016/j.lfs.2022.120961</a>')):
        path = tmp_path / f"post{suffix}"
        path.write_text(article(SEED, suffix, True), encoding="utf-8")
        (added,) = [f for f in fix_paths([str(path)], settings()).report.findings if f.code == "CC101"]
        assert added.fix.safe and [e.new for e in added.fix.edits] == [" " + expected]


def _latin_1(text: str) -> str:
    """The seed article as a writer with a latin-1 editor would have it (no curly quotes; an accent kept)."""
    return text.replace("’", "'").replace("…", "...").replace("–", "-").replace("Gut-Back Pain", "Gut-Back Pain, à propos")


BYTES = {
    "latin-1-crlf": lambda text: _latin_1(text).replace("\n", "\r\n").encode("latin-1"),
    "utf-16-le-bom-crlf": lambda text: ("\ufeff" + text.replace("\n", "\r\n")).encode("utf-16-le"),
    "utf-16-be-bom": lambda text: ("\ufeff" + text).encode("utf-16-be"),
}


@pytest.mark.parametrize("encoding", list(BYTES))
def test_non_utf8_files_keep_every_byte_outside_the_edits(encoding, tmp_path):
    encode = BYTES[encoding]
    path = tmp_path / "post.md"
    path.write_bytes(encode(article(SEED, ".md", True)))
    (fixed,) = fix_paths([str(path)], settings()).files
    assert fixed.problem is None
    assert fixed.data == encode(article(SEED, ".md", False))


def test_configuration_and_select_apply_as_in_a_check(tmp_path):
    post = tmp_path / "post.html"
    post.write_text(article(SEED, ".html", True), encoding="utf-8")
    (tmp_path / "citecheck.toml").write_text('ignore = ["CC1", "author-mismatch"]\n', encoding="utf-8")
    result = fix_command("post.html", cwd=tmp_path)
    assert "+<p>Ratna" not in result.stdout and "-<p>Ratner" not in result.stdout  # CC205 is ignored by the file
    assert "10.1016/j.lfs" not in result.stdout  # and so are the DOI rules
    (after,) = [line for line in result.stdout.splitlines() if line.startswith("+<p>An, J.")]
    assert "(2022)" in after and "14(10), 695-710" in after and "1753–0407" in after
    selected = fix_command("--select", "CC204", "post.html", cwd=tmp_path)
    (before,) = [line for line in selected.stdout.splitlines() if line.startswith("-<")]
    (after,) = [line for line in selected.stdout.splitlines() if line.startswith("+<")]
    assert after == "+" + before[1:].replace("695-701", "695-710")
    assert selected.stderr.splitlines()[-1].startswith("Fixed 1 of ")


def test_another_journal_in_a_list_of_abbreviations_is_left_to_a_person(tmp_path):
    name = "104_ama-heart-markdown.md"
    clean = (ARTICLES / name).read_text(encoding="utf-8")
    path = tmp_path / name
    path.write_text(clean.replace("*Am J Cardiol*", "*Ann Thorac Surg*"), encoding="utf-8")
    run = fix_paths([str(path)], settings())
    (journal,) = [f for f in run.report.findings if f.code == "CC207"]
    assert journal.fix.applicability == "manual" and "abbreviates its journals" in journal.fix.reason
    assert run.files[0].data is None


def test_an_added_doi_is_written_in_the_case_of_the_lists_dois(tmp_path):
    upper = re.sub(r"doi\.org/(10\.\S+)", lambda m: "doi.org/" + m.group(1).upper(),
                   (ARTICLES / SEED).read_text(encoding="utf-8"))
    path = tmp_path / "post.txt"
    path.write_text(upper.replace(" doi.org/10.1016/J.LFS.2022.120961", ""), encoding="utf-8")
    (fixed,) = fix_paths([str(path)], settings()).files
    assert fixed.after == upper
