"""Inline `citecheck: ignore[...]` comments: where they are found, what they cover, what they hide."""

from __future__ import annotations

import pytest

from citecheck.checks.base import Rule
from citecheck.checks.suppress import RULES, UNUSED_SUPPRESSION, apply_suppressions
from citecheck.extract.suppressions import find_suppressions
from citecheck.model import Document, Finding, InputFormat, Severity, Suppression


def doc(source: str, fmt: InputFormat, path: str = "post") -> Document:
    # The converted text is irrelevant here: suppressions are read from the source.
    return Document(path=path, text="converted text without comments", format=fmt, source=source)


def text_doc(text: str) -> Document:
    return Document(path="post.txt", text=text, format=InputFormat.TEXT)


def finding(code: str, name: str, line: int, severity: Severity = Severity.ERROR) -> Finding:
    return Finding(code=code, rule=name, severity=severity, line=line, message=f"{name} on {line}")


def _rule(code: str, name: str) -> Rule:
    return Rule(code, name, Severity.ERROR, "s", "w", "f", check=lambda rule, ctx: ())


KNOWN = (
    _rule("CC201", "year-mismatch"),
    _rule("CC202", "volume-mismatch"),
    _rule("CC401", "animal-study-for-human-claim"),
    _rule("CC503", "citation-year-mismatch"),
    UNUSED_SUPPRESSION,
)


# ----------------------------------------------------------------- finding them

MARKDOWN = """\
# Fasting and memory

<!-- citecheck: ignore[CC401] -->
In mice, fasting improved memory (Smith et al., 2020). A second sentence
that runs over two lines.

Weight fell in rats (Doe, 2019). <!-- citecheck: ignore[CC401, cc503] the mice were human-like -->

```markdown
<!-- citecheck: ignore[CC999] an example in a code block is not a suppression -->
```

## References

<!-- citecheck: ignore[year-mismatch] -->
<!-- citecheck: ignore[CC2] -->
1. Smith, J., Lee, K. (2020). Fasting and memory in mice.
   Cell Metabolism, 12(3), 45-67. https://doi.org/10.1000/abc
2. Doe, A. (2019). Rats. Nature, 1, 2. https://doi.org/10.1000/def
<!-- citecheck: ignore -->
"""


def test_markdown_comments_and_what_they_cover() -> None:
    found = find_suppressions(doc(MARKDOWN, InputFormat.MARKDOWN, "post.md"))
    assert found == (
        # on its own line: the next sentence only (it ends at the full stop on line 4)
        Suppression(line=3, codes=("CC401",), covers=(4, 4),
                    sentences=("In mice, fasting improved memory (Smith et al., 2020).",)),
        # after text: the sentence it follows
        Suppression(line=7, codes=("CC401", "CC503"), covers=(7, 7), sentences=("Weight fell in rats (Doe, 2019).",)),
        # stacked before a numbered entry: both cover the whole entry (two lines)
        Suppression(line=15, codes=("year-mismatch",), covers=(17, 18)),
        Suppression(line=16, codes=("CC2",), covers=(17, 18)),
        # a bare ignore names nothing; at the end it covers nothing either
        Suppression(line=20, codes=(), covers=(20, 20)),
    )


def test_sentence_spanning_lines_is_covered_whole() -> None:
    source = "Intro.\n\n<!-- citecheck: ignore[CC401] -->\nMice given the drug\nlived longer (Roe et al., 2018). Next one.\n"
    (found,) = find_suppressions(doc(source, InputFormat.MARKDOWN))
    assert found.covers == (4, 5)


def test_html_comments_are_read_from_the_source() -> None:
    source = """<html><body>
<p>Intro sentence.</p>
<!-- citecheck: ignore[CC401] -->
<p>In mice, fasting improved memory (Smith et al., 2020).</p>
<ol>
<li>Smith J. Fasting. 2020. <!-- citecheck: ignore[CC201] --></li>
</ol>
</body></html>
"""
    found = find_suppressions(doc(source, InputFormat.HTML, "post.html"))
    assert [(s.line, s.codes, s.covers) for s in found] == [
        (3, ("CC401",), (4, 4)),
        (6, ("CC201",), (6, 6)),
    ]


def test_plain_text_directive_lines_with_comment_markers() -> None:
    text = """Sentence one (Smith, 2020).
# citecheck: ignore[CC201]
Smith J. Title of the work. Journal. 2020. doi:10.1000/abc
  % citecheck: ignore[CC2, CC401]   the print year differs
Jones K. Another work. 2019.
// citecheck: ignore[volume-mismatch]
<!-- citecheck: ignore[CC503] -->
Roe A. Third. 2018.
You can write citecheck: ignore[CC201] in a sentence without effect.
; citecheck: ignore
"""
    found = find_suppressions(text_doc(text))
    assert [(s.line, s.codes, s.covers) for s in found] == [
        (2, ("CC201",), (3, 3)),
        (4, ("CC2", "CC401"), (5, 5)),
        (6, ("volume-mismatch",), (8, 8)),
        (7, ("CC503",), (8, 8)),
        (10, (), (10, 10)),
    ]


def test_text_lines_are_mapped_when_the_document_has_a_line_map() -> None:
    # A converted document without its source: lines go through line_map.
    document = Document(
        path="post.md",
        text="# citecheck: ignore[CC201]\nSmith J. A title. 2020.\n",
        line_map=(10, 12),
        format=InputFormat.TEXT,
    )
    assert find_suppressions(document) == (
        Suppression(line=10, codes=("CC201",), covers=(12, 12), sentences=("Smith J. A title.",)),
    )


def test_nothing_to_find_is_fast_and_empty() -> None:
    big = "A sentence without any comment. " * 100_000 + "x" * 200_000
    assert find_suppressions(text_doc(big)) == ()
    assert find_suppressions(doc("<!-- just a comment -->\nText.\n", InputFormat.MARKDOWN)) == ()


def test_markdown_headings_are_not_text_directives() -> None:
    # In Markdown `# citecheck: ...` would be a heading on the published page, not a comment.
    assert find_suppressions(doc("# citecheck: ignore[CC201]\nSmith. 2020.\n", InputFormat.MARKDOWN)) == ()


# ------------------------------------------------------------------ applying them


def test_exact_code_prefix_and_name_hide_findings_on_covered_lines_only() -> None:
    findings = [
        finding("CC201", "year-mismatch", 17),
        finding("CC202", "volume-mismatch", 18),
        finding("CC401", "animal-study-for-human-claim", 4),
        finding("CC401", "animal-study-for-human-claim", 9),  # outside every span
    ]
    suppressions = [
        Suppression(line=3, codes=("CC401",), covers=(4, 4)),
        Suppression(line=15, codes=("year-mismatch",), covers=(17, 18)),
        Suppression(line=16, codes=("CC2",), covers=(17, 18)),
    ]
    kept = apply_suppressions(findings, suppressions, known=KNOWN)
    assert kept == (finding("CC401", "animal-study-for-human-claim", 9),)


def test_unused_suppression_is_reported_per_unused_code() -> None:
    findings = [finding("CC401", "animal-study-for-human-claim", 7)]
    suppressions = [Suppression(line=7, codes=("CC401", "CC503"), covers=(7, 7))]
    kept = apply_suppressions(findings, suppressions, known=KNOWN)
    assert [(f.code, f.rule, f.severity, f.line, f.cited) for f in kept] == [
        ("CC902", "unused-suppression", Severity.WARNING, 7, "CC503")
    ]
    assert "no CC503 finding on line 7" in kept[0].message


def test_unknown_code_and_bare_ignore_are_reported() -> None:
    suppressions = [
        Suppression(line=2, codes=("CC999",), covers=(3, 3)),
        Suppression(line=5, codes=("yearmismatch",), covers=(6, 6)),
        Suppression(line=8, codes=(), covers=(9, 9)),
    ]
    kept = apply_suppressions([finding("CC201", "year-mismatch", 3)], suppressions, known=KNOWN)
    messages = {f.line: f.message for f in kept if f.code == "CC902"}
    assert "'CC999', which is no rule code" in messages[2]
    assert "'yearmismatch', which is no rule code" in messages[5]
    assert "must name the rules it silences" in messages[8]
    assert finding("CC201", "year-mismatch", 3) in kept  # an unknown code hides nothing


def test_suppression_of_a_rule_that_did_not_run_is_not_reported() -> None:
    # `select = ["CC2"]`: a CC401 suppression could not have hidden anything.
    suppressions = [Suppression(line=2, codes=("CC401",), covers=(3, 3))]
    ran = [rule for rule in KNOWN if rule.code.startswith("CC2")]
    assert apply_suppressions([], suppressions, rules=ran, known=KNOWN) == ()
    assert len(apply_suppressions([], suppressions, known=KNOWN)) == 1


def test_no_suppressions_leaves_findings_alone() -> None:
    findings = (finding("CC201", "year-mismatch", 3),)
    assert apply_suppressions(findings, ()) == findings


def test_found_and_applied_together_on_markdown() -> None:
    suppressions = find_suppressions(doc(MARKDOWN, InputFormat.MARKDOWN, "post.md"))
    findings = [
        finding("CC401", "animal-study-for-human-claim", 4),
        finding("CC401", "animal-study-for-human-claim", 7),
        finding("CC201", "year-mismatch", 17),
        finding("CC201", "year-mismatch", 19),  # entry 2: not covered
    ]
    kept = apply_suppressions(findings, suppressions, known=KNOWN)
    # Entry 2 (line 19) is not covered; both stacked comments on entry 1 count as used;
    # CC503 on line 7 hid nothing, and the bare ignore on line 20 names nothing.
    assert [(f.code, f.line, f.cited) for f in kept] == [
        ("CC201", 19, None),
        ("CC902", 7, "CC503"),
        ("CC902", 20, None),
    ]


def test_cc902_is_a_documented_rule() -> None:
    assert RULES == (UNUSED_SUPPRESSION,)
    rule = UNUSED_SUPPRESSION
    assert (rule.code, rule.name, rule.severity) == ("CC902", "unused-suppression", Severity.WARNING)
    assert rule.summary and rule.why and rule.fix and rule.fails and rule.passes
    assert list(rule.check(rule, None)) == []  # reported by apply_suppressions, after every check


@pytest.mark.parametrize("example", UNUSED_SUPPRESSION.fails + UNUSED_SUPPRESSION.passes)
def test_cc902_examples_hold_a_suppression_the_extractor_finds(example) -> None:
    (found,) = find_suppressions(text_doc(example.article))
    assert found.codes == ("CC201",)
    covered = example.article.split("\n")[found.covers[0] - 1]
    assert covered.startswith("An, J., & Wang, L.")


def test_blank_directives_keeps_lines_and_length() -> None:
    from citecheck.extract.suppressions import blank_directives

    text = "Intro.\n# citecheck: ignore[CC201] the print year differs\nAn, J. (2021). Title. J, 1, 2.\n"
    blanked = blank_directives(text)
    assert len(blanked) == len(text) and blanked.count("\n") == text.count("\n")
    assert blanked.split("\n")[1].strip() == ""
    assert blank_directives("No directive here.\n") == "No directive here.\n"
    comment = "<!-- citecheck: ignore[CC401] -->"
    markdown = f"{comment}\nMice (Roe, 2020).\n"
    assert blank_directives(markdown, InputFormat.MARKDOWN) == " " * len(comment) + "\nMice (Roe, 2020).\n"


def test_a_directive_with_a_reason_is_not_read_as_part_of_the_next_reference() -> None:
    # Needs the extractor to parse references from blank_directives(document.text).
    from citecheck.extract.extractor import extract

    article = (
        "Electroacupuncture lowered blood glucose in diabetic mice (An et al., 2022).\n\n"
        "References\n\n"
        "# citecheck: ignore[CC201] the print issue is dated a year earlier\n"
        "An, J., & Wang, L. (2021). Electroacupuncture reduces blood glucose by regulating "
        "intestinal flora in type 2 diabetic mice. J Diabetes, 14(10), 695-710. "
        "https://doi.org/10.1111/1753-0407.13323\n"
    )
    extraction = extract(Document(path="post.txt", text=article, source=article))
    (reference,) = extraction.references
    assert reference.line == 6
    assert reference.authors[:1] == ("An",)
    assert reference.title == (
        "Electroacupuncture reduces blood glucose by regulating intestinal flora in type 2 diabetic mice"
    )
    assert [(s.line, s.codes, s.covers) for s in extraction.suppressions] == [(5, ("CC201",), (6, 6))]


def test_a_comment_before_a_one_line_paragraph_hides_the_first_sentence_only() -> None:
    # The paragraph's two sentences share a line; the comment covers the first one, as the README says.
    source = (
        "<!-- citecheck: ignore[CC401] -->\n"
        "In mice, fasting improved memory (Smith et al., 2020). Fasting sharpens your memory (Doe, 2019).\n"
    )
    (suppression,) = find_suppressions(doc(source, InputFormat.MARKDOWN, "post.md"))
    first = Finding("CC401", "animal-study-for-human-claim", Severity.WARNING, 2, "first",
                    sentence="In mice, fasting improved memory (Smith et al., 2020).")
    second = Finding("CC401", "animal-study-for-human-claim", Severity.WARNING, 2, "second",
                     sentence="Fasting sharpens your memory (Doe, 2019).")
    kept = apply_suppressions([first, second], [suppression], known=KNOWN)
    assert kept == (second,)


def test_an_unused_suppression_of_a_sentence_names_the_sentence_not_the_line() -> None:
    # The finding is on the covered line, in the next sentence: the message must not say the line has none.
    source = (
        "Intro.\n\n"
        "<!-- citecheck: ignore[CC401] -->\n"
        "In mice, fasting improved memory (Smith et al., 2020). Fasting sharpens your memory (Doe, 2019).\n"
    )
    (suppression,) = find_suppressions(doc(source, InputFormat.MARKDOWN, "post.md"))
    second = Finding("CC401", "animal-study-for-human-claim", Severity.WARNING, 4, "second",
                     sentence="Fasting sharpens your memory (Doe, 2019).")
    kept = apply_suppressions([second], [suppression], known=KNOWN)
    assert kept[0] == second
    assert [(f.code, f.line, f.cited, f.message) for f in kept[1:]] == [
        ("CC902", 3, "CC401",
         'unused suppression: the sentence it covers ("In mice, fasting improved memory…") has no CC401 finding; '
         "remove CC401 from the comment"),
    ]


@pytest.mark.parametrize(
    "sentences, named",
    [
        (("Weight fell in rats (Doe, 2019).",), 'the sentence it covers ("Weight fell in rats…") has'),
        (("Mice lived longer.",), 'the sentence it covers ("Mice lived longer.") has'),
        (("Electroacupuncture lowered blood glucose in diabetic mice and rats over ten weeks.",),
         'the sentence it covers ("Electroacupuncture lowered blood glucose in diabetic…") has'),
        (("[1] Mice lived longer.",), 'the sentence it covers ("[1] Mice lived longer.") has'),
        (("Mice lived longer.", "Rats did not."),
         'the sentences it covers ("Mice lived longer.", "Rats did not.") have'),
    ],
)
def test_the_covered_sentence_is_named_by_its_first_words(sentences, named) -> None:
    suppression = Suppression(line=2, codes=("CC401",), covers=(3, 3), sentences=sentences)
    (unused,) = apply_suppressions([], [suppression], known=KNOWN)
    assert unused.message == f"unused suppression: {named} no CC401 finding; remove CC401 from the comment"


def test_an_unused_suppression_of_an_entry_names_its_lines() -> None:
    suppression = Suppression(line=15, codes=("CC201",), covers=(17, 18))
    (unused,) = apply_suppressions([], [suppression], known=KNOWN)
    assert unused.message == "unused suppression: no CC201 finding on lines 17-18; remove CC201 from the comment"
