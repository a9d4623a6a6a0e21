"""The sentence splitter: abbreviations, initials, decimals, quotes, paragraphs, lines."""

from __future__ import annotations

import pytest

from citecheck.extract.sentences import fold, sentence_at, split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Yang et al. found that needling works.",
        "Some herbs (e.g. ginger) help, i.e. they reduce nausea.",
        "Dr. Jimenez treats back pain.",
        "As Fig. 2 shows, pain fell.",
        "Needling vs. sham made no difference.",
        "See No. 5 in the series.",
        "The dose rose from 3.5 to 7.25 mg.",
        "J. R. R. Tolkien wrote about hobbits.",
        "The review by Smith J. and colleagues is old.",
        "The U.S. population is aging.",
        "He paused... and then went on.",
        "Turnbaugh et al. (2006:1027) puts it well.",
        "The effect was small (p. 1027) but real.",
        "Kim et. al. reviewed it.",
    ],
)
def test_abbreviations_and_numbers_do_not_end_a_sentence(text):
    assert texts(text) == [text]


def test_two_sentences_split_after_a_full_stop():
    assert texts("Pain fell. Sleep improved.") == ["Pain fell.", "Sleep improved."]


def test_question_and_exclamation_marks_end_sentences():
    assert texts("Does it work? Yes! It does.") == ["Does it work?", "Yes!", "It does."]


def test_closing_quote_and_bracket_stay_with_their_sentence():
    assert texts('He said "Stop." Then he left.') == ['He said "Stop."', "Then he left."]
    assert texts("(This was expected.) Next came the rest.") == [
        "(This was expected.)",
        "Next came the rest.",
    ]
    # a quoted exclamation followed by lower case does not end the sentence
    assert texts('"Go!" she said.') == ['"Go!" she said.']


def test_ellipsis_before_a_capital_ends_the_sentence():
    assert texts("may occur during sleep.... Although reactivation helps.") == [
        "may occur during sleep....",
        "Although reactivation helps.",
    ]


def test_citation_after_the_stop_belongs_to_the_sentence_before():
    text = "It causes back pain. (Yao et al., 2023) This is due to nerves."
    assert texts(text) == ["It causes back pain. (Yao et al., 2023)", "This is due to nerves."]
    text = "It causes back pain. (Dekker Nitert et al., 2020). However, treatments exist."
    assert texts(text) == [
        "It causes back pain. (Dekker Nitert et al., 2020).",
        "However, treatments exist.",
    ]


def test_numeric_markers_glued_after_the_stop_stay_with_the_sentence():
    assert texts("It holds tannins.[1] The active part is unknown.[2][3] Next.") == [
        "It holds tannins.[1]",
        "The active part is unknown.[2][3]",
        "Next.",
    ]


def test_paragraph_boundaries_always_end_a_sentence():
    text = "First paragraph without a stop\n\nSecond paragraph.\n- a list item\n- another item\n# Heading\nBody text"
    assert texts(text) == [
        "First paragraph without a stop",
        "Second paragraph.",
        "a list item",
        "another item",
        "# Heading",
        "Body text",
    ]


def test_bullets_and_numbered_items_are_blocks_without_their_marker():
    text = "Benefits include:\n\n  • Release of endorphins: it helps.\n  2. Better flow\n(3) Relaxed muscles"
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Benefits include:",
        "Release of endorphins: it helps.",
        "Better flow",
        "Relaxed muscles",
    ]
    assert [s.list_item for s in sentences] == [False, True, True, True]
    assert len({s.block for s in sentences}) == 4


def test_hard_wrapped_lines_are_one_sentence_with_the_first_line():
    text = "intro\n\nThis sentence is\nwrapped over\nthree lines. And this one starts on line 5.\n"
    sentences = split_sentences(text)
    assert sentences[1].text == "This sentence is wrapped over three lines."
    assert sentences[1].line == 3
    assert sentences[2].line == 5


def test_offsets_point_into_the_text():
    text = "One here. Two there.\n\nThree."
    for sentence in split_sentences(text):
        assert fold(text[sentence.start : sentence.end]) == sentence.text
    three = split_sentences(text)[2]
    assert sentence_at(split_sentences(text), text.index("Three") + 2) == three


def test_blank_text_has_no_sentences():
    assert split_sentences("") == ()
    assert split_sentences("   \n\n \t\n") == ()


def test_pathological_inputs_give_sensible_answers():
    # Speed is measured by hand (see the report); here only the answers.
    assert texts("a" * 200_000) == ["a" * 200_000]
    assert len(texts("Yes. " * 20_000)) == 20_000
    assert len(texts("A. " * 20_000)) == 1  # initials all the way
    assert len(split_sentences("(" * 50_000 + ". " * 50_000)) == 1


def test_superscript_and_footnote_markers_after_the_stop_stay_with_their_sentence() -> None:
    text = "Two trials agree.\u00b3\u207b\u2075 Next one here.[^2] Third one.\u00b9,\u00b2 Fourth."
    assert [s.text for s in split_sentences(text)] == [
        "Two trials agree.\u00b3\u207b\u2075",
        "Next one here.[^2]",
        "Third one.\u00b9,\u00b2",
        "Fourth.",
    ]
