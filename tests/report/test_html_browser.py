"""The HTML report in a real browser: headless Chromium loads it, shows every finding, fetches nothing.

Chromium is a test requirement (README: the test command installs Debian's
`chromium` when it is missing). Without it these tests fail, naming what to
install: a report format nobody has seen rendered is not tested.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from citecheck.report.html import render
from tests.report.browser import Browser, find_chromium, pixel, png_pixels
from tests.report.planted import planted_report

WIDTH, HEIGHT = 1280, 900
# The highlight backgrounds of report/html.py's stylesheet.
ERROR_BG = (0xFD, 0xE0, 0xE0)
WARNING_BG = (0xFF, 0xF1, 0xC2)
CLEAN_BG = (0xDF, 0xF3, 0xDF)


@pytest.fixture(scope="module")
def browser():
    executable = find_chromium()
    if executable is None:
        pytest.fail("the HTML report is tested in Chromium, which is not installed: "
                    "apt-get install chromium (Debian), then run the tests again")
    with Browser(executable) as running:
        yield running


@pytest.fixture(scope="module")
def loaded(browser, tmp_path_factory):
    folder = tmp_path_factory.mktemp("html-browser")
    report = planted_report(folder / "cache")
    page_file = folder / "report.html"
    page_file.write_text(render(report), encoding="utf-8")
    url = page_file.as_uri()
    return report, url, browser.open(url, WIDTH, HEIGHT)


def test_the_page_loads_without_a_console_error_or_a_request(loaded) -> None:
    _, url, page = loaded
    assert page.problems == []
    assert page.requests == [url]  # the page itself, nothing else


def test_the_dom_shows_every_finding(browser, loaded) -> None:
    report, _, page = loaded
    shown = browser.evaluate(page, """
        [...document.querySelectorAll('.finding')].map(f => ({
            code: f.dataset.code, line: Number(f.dataset.line), reference: f.dataset.reference,
            text: f.innerText, visible: f.getBoundingClientRect().height > 0 }))
    """)
    findings = report.files[0].findings
    assert sorted((s["code"], s["line"], s["reference"]) for s in shown) == sorted(
        (f.code, f.line, f.reference or "") for f in findings)
    assert all(s["visible"] for s in shown)
    for finding in findings:  # each message is on the page as a reader sees it
        assert any(" ".join(finding.message.split()) in " ".join(s["text"].split()) for s in shown), finding.message


def test_highlights_link_to_their_findings(browser, loaded) -> None:
    _, _, page = loaded
    broken = browser.evaluate(page, """
        [...document.querySelectorAll('a[href^="#"]')]
            .map(a => a.getAttribute('href').slice(1))
            .filter(id => !document.getElementById(id))
    """)
    assert broken == []
    marks = browser.evaluate(page, "document.querySelectorAll('mark.cite a.jump').length")
    assert marks == len(loaded[0].files[0].extraction.citations)


def _box(browser, page, selector: str) -> dict:
    return browser.evaluate(page, f"""
        (() => {{ const e = document.querySelector({selector!r});
                 e.scrollIntoView({{block: 'center'}});
                 const r = e.getBoundingClientRect();
                 return {{x: r.left, y: r.top, w: r.width, h: r.height}}; }})()
    """)


def _colour_inside(image, box: dict) -> tuple[int, int, int]:
    """The commonest colour inside a box: a highlight's background, not its text."""
    counts: dict[tuple[int, int, int], int] = {}
    for y in range(int(box["y"]) + 2, int(box["y"] + box["h"]) - 2):
        for x in range(int(box["x"]) + 2, int(box["x"] + box["w"]) - 2, 2):
            colour = pixel(image, x, y)
            counts[colour] = counts.get(colour, 0) + 1
    return max(counts, key=counts.get)


@pytest.mark.parametrize("selector, colour", [
    ("#f1-ER1", ERROR_BG),  # the entry with the wrong year and volume
    ("#f1-ER2", CLEAN_BG),  # a correct entry
    ("#f1-ER6", WARNING_BG),  # the entry without a DOI
])
def test_screenshot_shows_each_entry_in_its_verdicts_colour(browser, loaded, selector: str, colour, tmp_path: Path) -> None:
    _, _, page = loaded
    box = _box(browser, page, selector)
    shot = browser.screenshot(page)
    (tmp_path / "screenshot.png").write_bytes(shot)  # kept by pytest for a look when this fails
    image = png_pixels(shot)
    assert image[0] == WIDTH and image[1] == HEIGHT
    assert box["w"] > 50 and box["h"] > 10
    assert _colour_inside(image, box) == colour


def test_the_page_prints(browser, loaded) -> None:
    _, _, page = loaded
    pdf = browser.pdf(page)
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
