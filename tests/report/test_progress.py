"""Progress on stderr: a bar per network phase on a terminal only, and one closing line with requests and time."""

from __future__ import annotations

import asyncio
import io
import re
import sys
from pathlib import Path

from citecheck.pipeline import read, run_documents
from citecheck.report.progress import NetworkProgress, closing_line
from citecheck.settings import Settings
from citecheck.sources.counters import Counters
from tests.servers.fake_crossref import FakeCrossref
from tests.servers.fake_pubmed import FakePubMed

ROOT = Path(__file__).resolve().parents[2]
PROBIOTICS = ROOT / "fixtures" / "articles" / "seed-probiotics-neuropathic-pain.txt"


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True

    def text(self) -> str:
        """What is left on screen: the bars' cursor moves and erasures taken out."""
        return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", self.getvalue())


def _busy_counters() -> Counters:
    counters = Counters(Settings())
    for _ in range(9):
        counters.sent("Crossref")
    counters.sent("PubMed")
    counters.sent("PubMed")
    counters.sent("doi.org")
    counters.cache_hits = 3
    return counters


async def _run(progress: NetworkProgress, counters: Counters) -> None:
    await progress.start()
    crossref, pubmed = counters.phase("Crossref"), counters.phase("PubMed")
    crossref.add(9)
    pubmed.add(9)
    for _ in range(9):
        await asyncio.sleep(0.03)
        crossref.finish()
    pubmed.finish(9)
    await asyncio.sleep(0.15)
    await progress.stop()


def test_on_a_terminal_a_bar_per_phase_then_one_closing_line():
    counters, stream = _busy_counters(), Terminal()
    asyncio.run(_run(NetworkProgress(counters, True, stream=stream, delay=0), counters))
    text = stream.text()
    assert "Crossref look-ups" in text and "PubMed" in text
    assert "Crossref searches" not in text  # a phase with nothing to do shows no bar
    last = text.strip().splitlines()[-1]
    assert last.startswith("citecheck: 12 requests (Crossref 9, PubMed 2, doi.org 1) in ")
    assert last.endswith(" s; 3 answers from the cache")


def test_nothing_when_stderr_is_not_a_terminal():
    counters, stream = _busy_counters(), io.StringIO()
    asyncio.run(_run(NetworkProgress(counters, True, stream=stream, delay=0), counters))
    assert stream.getvalue() == ""


def test_nothing_when_progress_is_off():
    counters, stream = _busy_counters(), Terminal()
    asyncio.run(_run(NetworkProgress(counters, False, stream=stream, delay=0), counters))
    assert stream.getvalue() == ""


def test_no_closing_line_when_nothing_was_looked_up():
    stream = Terminal()

    async def go() -> None:
        progress = NetworkProgress(Counters(Settings()), True, stream=stream, delay=0)
        await progress.start()
        await progress.stop()

    asyncio.run(go())
    assert stream.getvalue() == ""


def test_a_quick_run_shows_no_bar_only_the_line():
    counters, stream = _busy_counters(), Terminal()

    async def go() -> None:
        progress = NetworkProgress(counters, True, stream=stream)  # the bars wait 0.8 s
        await progress.start()
        counters.phase("Crossref").add(1)
        await progress.stop()

    asyncio.run(go())
    [line] = stream.getvalue().splitlines()
    assert line.startswith("citecheck: 12 requests (Crossref 9, PubMed 2, doi.org 1) in 0.0 s")


def test_the_closing_line_counts_what_the_fakes_received(tmp_path, monkeypatch):
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with FakeCrossref.from_fixtures() as crossref, FakePubMed(ROOT / "fixtures" / "pubmed") as pubmed:
        settings = Settings(
            crossref_url=crossref.url, doi_url=crossref.doiorg_url, pubmed_url=pubmed.url, idconv_url=pubmed.idconv_url,
            cache_dir=tmp_path / "cache", mailto="tests@example.org", ncbi_api_key="test-key", search=False,
        )
        asyncio.run(run_documents([read(PROBIOTICS, settings)], settings))
        to_crossref = sum(1 for r in crossref.log if r.kind != "doiorg")
        to_doiorg = crossref.total_requests - to_crossref
        to_pubmed = pubmed.total_requests
    line = terminal.text().strip().splitlines()[-1]
    assert to_crossref > 0 and to_pubmed == 2
    services = [f"Crossref {to_crossref}", "PubMed 2"] + ([f"doi.org {to_doiorg}"] if to_doiorg else [])
    total = to_crossref + to_doiorg + to_pubmed
    assert line.startswith(f"citecheck: {total} requests ({', '.join(services)}) in ")
