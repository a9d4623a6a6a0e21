"""A progress bar on stderr while DOIs are looked up, for long runs in a terminal only.

It appears only when stderr is a terminal and the look-ups take longer than a
moment, so hooks, pipes and quick cached runs print nothing extra; the report
itself always goes to stdout.
"""

from __future__ import annotations

import asyncio
import sys
from typing import Callable

DELAY = 0.8  # seconds before the bar appears: a warm run never shows it


def wanted(enabled: bool) -> bool:
    return enabled and sys.stderr.isatty()


class LookupProgress:
    """`async with LookupProgress(count, total, enabled):` around the look-ups."""

    def __init__(self, count: Callable[[], int], total: int, enabled: bool, label: str = "Checking DOIs") -> None:
        self.count = count
        self.total = total
        self.enabled = wanted(enabled) and total > 0
        self.label = label
        self._task: asyncio.Task | None = None

    async def __aenter__(self) -> "LookupProgress":
        if self.enabled:
            self._task = asyncio.create_task(self._show())
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass

    async def _show(self) -> None:
        await asyncio.sleep(DELAY)
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task(self.label, total=self.total)
            while True:
                progress.update(task, completed=min(self.count(), self.total))
                await asyncio.sleep(0.1)
