"""One request budget per host for every citecheck process that shares a cache folder.

pre-commit, `xargs -P` and CI matrices start several citecheck processes at
once. Each would pace itself within Crossref's limits and together they would
go over them. So the grants of every process live in one small JSON file per
host, `<cache folder>/budget/<host>.json`, read and rewritten under a file
lock (`filelock`) on each grant, release and pause: N processes together
never hold more than the host's concurrency, never exceed its rate, and all
of them stop when one is told to slow down (429).

A grant held by a process that died is not held for ever: it lapses when its
process is gone (same machine) or after `lease` seconds. A budget file that
cannot be used (read-only folder, a lock that never comes) is reported once
and the process falls back to pacing on its own.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import socket
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

try:  # POSIX: lock the budget file itself, kept open for the run
    import fcntl
except ImportError:  # pragma: no cover - Windows: a lock file beside it
    fcntl = None  # type: ignore[assignment]

from citecheck.sources.pacer import Grant, LocalLedger, Rate, window

FOLDER = "budget"
# How often a process waiting on another process's requests looks again:
# another process's answer cannot wake this one.
POLL = 0.02
LOCK_TIMEOUT = 5.0


def budget_folder(cache_dir: Path) -> Path:
    """Where the per-host budget files of a cache folder live."""
    return Path(cache_dir) / FOLDER


def host_file_name(host: str) -> str:
    """`https://api.crossref.org` -> `https-api.crossref.org.json`."""
    return re.sub(r"[^A-Za-z0-9.]+", "-", host).strip("-") + ".json"


class _LockTimeout(Exception):
    """Never raised where fcntl locks (the lock waits in the kernel); filelock's Timeout elsewhere."""


def _lock_file(path: Path) -> Any:  # pragma: no cover - Windows only
    global _LockTimeout
    from filelock import FileLock, Timeout

    _LockTimeout = Timeout  # type: ignore[misc]
    return FileLock(str(path) + ".lock", timeout=LOCK_TIMEOUT)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists, owned by someone else (or we cannot tell)
    return True


class SharedLedger:
    """The grants of every process using `folder`, for one host, in a locked JSON file."""

    def __init__(
        self,
        folder: Path,
        host: str,
        *,
        margin: float = 0.01,
        lease: float = 120.0,
        clock: Callable[[], float] = time.time,
        on_problem: Callable[[str], None] | None = None,
    ) -> None:
        self.path = Path(folder) / host_file_name(host)
        self.margin = margin
        self.lease = lease
        self._shared_in_flight = 0
        self._clock = clock
        self._lock = None if fcntl is not None else _lock_file(self.path)
        self._fd: int | None = None
        self._machine = socket.gethostname()
        self._pid = os.getpid()
        # Unique per ledger: two clients in one process are two holders too.
        self._owner = f"{self._machine}:{self._pid}:{id(self):x}"
        self._numbers = itertools.count(1)
        self._on_problem = on_problem
        self._fallback: LocalLedger | None = None

    @property
    def in_flight(self) -> int:
        """Requests of this process in flight."""
        return self._fallback.in_flight if self._fallback is not None else self._shared_in_flight

    # -- the file

    def _handle(self) -> int:
        """The budget file, kept open for the run: rewriting it in place is cheap, recreating it is not."""
        if self._fd is None:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644)
        return self._fd

    @contextmanager
    def _locked(self) -> Iterator[int]:
        """The open budget file, locked against every other process (and ledger) for the block."""
        fd = self._handle()
        if self._lock is not None:  # pragma: no cover - Windows
            with self._lock.acquire(poll_interval=0.001):
                yield fd
            return
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield fd
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)

    @contextmanager
    def _state(self) -> Iterator[dict[str, Any]]:
        """The budget file's content, written back when the block ends; the lock held throughout."""
        with self._locked() as fd:
            os.lseek(fd, 0, os.SEEK_SET)
            chunks = []
            while True:
                chunk = os.read(fd, 65536)
                if not chunk:
                    break
                chunks.append(chunk)
            try:
                state = json.loads(b"".join(chunks) or b"{}")
                if not (isinstance(state, dict) and isinstance(state.get("held", []), list)
                        and isinstance(state.get("done", {}), dict)):
                    raise ValueError("not a budget")
            except ValueError:
                state = {}  # half-written by a process that died: start afresh
            state.setdefault("held", [])
            state.setdefault("done", {})
            state.setdefault("paused_until", 0.0)
            yield state
            data = json.dumps(state, separators=(",", ":")).encode()
            # Overwrite, then cut: truncating to nothing first makes some file systems flush on close.
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, data)
            os.ftruncate(fd, len(data))

    def close(self) -> None:
        if self._fd is not None:
            try:
                os.close(self._fd)
            except OSError:
                pass
            self._fd = None

    def _fail(self, exc: BaseException) -> LocalLedger:
        """Stop sharing: pace this process on its own from now on."""
        if self._fallback is None:
            self._fallback = LocalLedger(self.margin)
            self._fallback.in_flight = self._shared_in_flight
            if self._on_problem is not None:
                self._on_problem(
                    f"the request budget shared between processes at {self.path.parent} could not be used "
                    f"({type(exc).__name__}: {exc}); this run paced itself alone"
                )
        self.close()
        return self._fallback

    def _holding(self, row: list[Any], now: float) -> bool:
        """Whether a request in flight, `[owner, number, kind, sent]`, still holds its slot."""
        try:
            owner, _, _, sent = row
            if float(sent) < now - self.lease:
                return False  # a request cannot take this long: its holder is gone
            machine, pid, _ = str(owner).rsplit(":", 2)
            return not (machine == self._machine and not _alive(int(pid)))
        except (TypeError, ValueError):
            return False

    # -- Ledger

    def take(self, kind: str, rate: Rate, concurrency: int) -> Grant | float:
        if self._fallback is not None:
            return self._fallback.take(kind, rate, concurrency)
        try:
            return self._take(kind, rate, concurrency)
        except (OSError, TypeError, IndexError, _LockTimeout) as exc:
            return self._fail(exc).take(kind, rate, concurrency)

    def _take(self, kind: str, rate: Rate, concurrency: int) -> Grant | float:
        now = self._clock()
        span = window(rate, self.margin)
        with self._state() as state:
            # Requests in flight, by holder; completion times by kind, kept as long
            # as the longest window any process uses.
            keep = max(span, float(state.get("keep", 0.0)))
            state["keep"] = keep
            held = [row for row in state["held"] if self._holding(row, now)]
            state["held"] = held
            done = {k: [t for t in times if t > now - keep] for k, times in state["done"].items()
                    if isinstance(times, list)}
            state["done"] = done
            paused_until = float(state["paused_until"])
            if now < paused_until:
                return paused_until - now
            if len(held) >= concurrency:
                # Our own answers wake us; another process's do not.
                return float("inf") if all(row[0] == self._owner for row in held) else POLL
            finished = [t for t in done.get(kind, []) if t > now - span]
            holding = [row for row in held if row[2] == kind]
            if len(finished) + len(holding) >= rate.limit:
                if finished:
                    return min(finished) + span - now + 0.001
                return float("inf") if all(row[0] == self._owner for row in holding) else POLL
            number = next(self._numbers)
            held.append([self._owner, number, kind, round(now, 4)])
        self._shared_in_flight += 1
        return Grant(kind, str(number))

    def release(self, grant: Grant) -> None:
        if grant.key is None:  # granted by the fallback
            if self._fallback is not None:
                self._fallback.release(grant)
            return
        if grant.done is not None:
            return
        grant.done = round(self._clock(), 4)
        self._shared_in_flight = max(0, self._shared_in_flight - 1)
        if self._fallback is not None:
            self._fallback.in_flight = max(0, self._fallback.in_flight - 1)
            return
        try:
            with self._state() as state:
                state["held"] = [row for row in state["held"]
                                 if not (row[0] == self._owner and str(row[1]) == grant.key)]
                state["done"].setdefault(grant.kind, []).append(grant.done)
        except (OSError, TypeError, IndexError, _LockTimeout) as exc:
            self._fail(exc)

    def pause(self, seconds: float) -> None:
        if self._fallback is not None:
            self._fallback.pause(seconds)
            return
        try:
            with self._state() as state:
                state["paused_until"] = max(float(state["paused_until"]), self._clock() + seconds)
        except (OSError, TypeError, IndexError, _LockTimeout) as exc:
            self._fail(exc).pause(seconds)
