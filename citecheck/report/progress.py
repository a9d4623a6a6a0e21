"""Progress on stderr while the sources are asked: a bar per network phase, then one closing line.

Only when stderr is a terminal (and progress is on, i.e. not `--quiet`): hooks,
pipes and CI logs get nothing extra, and the report itself always goes to
stdout. The bars (Crossref look-ups, searches, PubMed, doi.org, each once it
has something to do) appear when the look-ups take longer than a moment, so a
warm run never shows them, and vanish when they are done. The closing line
says how many requests went to which service and how long the look-ups took.
"""

from __future__ import annotations

import asyncio
import sys
import time
from typing import Any, TextIO

DELAY = 0.8  # seconds before the bars appear: a warm run never shows them
LABELS = {"Crossref": "Crossref look-ups", "search": "Crossref searches", "PubMed": "PubMed", "doi.org": "doi.org agencies"}


def wanted(enabled: bool, stream: TextIO | None = None) -> bool:
    return enabled and (stream or sys.stderr).isatty()


def closing_line(counters: Any, seconds: float) -> str:
    """`citecheck: 412 requests (Crossref 361, PubMed 10, doi.org 41) in 38.2 s; 12 answers from the cache`."""
    services = ", ".join(f"{name} {count}" for name, count in sorted(counters.by_service.items(), key=lambda i: -i[1]))
    requests = f"{counters.requests} request{'' if counters.requests == 1 else 's'}"
    line = f"citecheck: {requests}{f' ({services})' if services else ''} in {seconds:.1f} s"
    if counters.cache_hits:
        line += f"; {counters.cache_hits} answer{'' if counters.cache_hits == 1 else 's'} from the cache"
    return line


class NetworkProgress:
    """`await start()` before the look-ups, `await stop()` after: bars while they run, a line at the end.

    `counters` is the run's `citecheck.sources.counters.Counters`: its
    `phases` drive the bars, its requests per service the closing line.
    """

    def __init__(self, counters: Any, enabled: bool, *, stream: TextIO | None = None, delay: float = DELAY) -> None:
        self.counters = counters
        self.stream = stream or sys.stderr
        self.enabled = wanted(enabled, self.stream)
        self.delay = delay
        self._task: asyncio.Task | None = None
        self._started = 0.0

    async def start(self) -> None:
        self._started = time.monotonic()
        if self.enabled:
            self._task = asyncio.create_task(self._show())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None
        if self.enabled and self._asked_anything():
            self.stream.write(closing_line(self.counters, time.monotonic() - self._started) + "\n")
            self.stream.flush()

    def _asked_anything(self) -> bool:
        return bool(self.counters.requests or self.counters.cache_hits
                    or any(phase.total for phase in self.counters.phases.values()))

    async def _show(self) -> None:
        await asyncio.sleep(self.delay)
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        columns = (TextColumn("{task.description:<18}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        console = Console(file=self.stream, force_terminal=True)
        bars: dict[str, Any] = {}
        with Progress(*columns, console=console, transient=True) as progress:
            while True:
                for name, phase in self.counters.phases.items():
                    if phase.total and name not in bars:
                        bars[name] = progress.add_task(LABELS.get(name, name), total=phase.total)
                    if name in bars:
                        progress.update(bars[name], total=phase.total, completed=min(phase.done, phase.total))
                await asyncio.sleep(0.1)
