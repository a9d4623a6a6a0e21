"""Build the snapshot and check whole archives on a Dask cluster (the optional extra `citecheck[dask]`).

The same code runs on a laptop's `LocalCluster` (`--dask local`, `local:N`)
and on a real cluster (`--dask tcp://scheduler:8786`, whatever started it:
`dask scheduler` and `dask worker` by hand, dask-jobqueue, Kubernetes).
Input parts, articles and the index are read by the workers under the same
absolute paths as on the client: a shared file system.

**Build.** The input parts are cut into runs of consecutive parts
(`shards.plan`); each worker builds whole shards from its share, and the
client writes the manifest once every shard is in place. No single writer
ever sees every record.

**Check.** Three rounds of tasks, gathered in the order a single process
would report:

1. on the workers, each batch of files is read and extracted, and its DOIs
   are looked up and its references without DOI searched in the index,
   which every worker opens read-only;
2. on the client, the pipeline's resolve stage runs once for the whole
   archive, with the workers' snapshot answers as its snapshot source: the
   DOIs no shard holds are collected across every file, deduplicated, and
   asked of the cache and the Crossref API once, within the one polite
   budget of the client's HTTP client (or reported unverified offline);
   PubMed likewise. Its CPU-bound parts go back to the workers: each batch's
   references are compared with their records there, and (without PubMed)
   each work's kind of study is classified there (in round 1, or when a
   search or a PMID finds it later);
3. on the workers again, each batch is checked against the answers it needs.

Extractions stay on the workers between rounds; a worker lost mid-run has
its tasks run again elsewhere (Dask recomputes lost results from their
inputs), so a lost worker costs a retry, not the run.

Dask is imported only when a `--dask` option is used.
"""

from __future__ import annotations

import asyncio
import logging
import math
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Mapping, Sequence

from citecheck.errors import CitecheckError, InputError
from citecheck.model import (
    Document,
    Evidence,
    Extraction,
    FileReport,
    Reference,
    Report,
    Resolution,
    Work,
)
from citecheck.settings import Settings
from citecheck.snapshot.shards import ShardResult, ShardTask, build_shard

if TYPE_CHECKING:
    from distributed import Client

INSTALL_HINT = "install the extra: pip install 'citecheck[dask]'"
SCHEDULER_HINT = "give local, local:N (N worker processes) or a scheduler address such as tcp://scheduler:8786"
# Seconds to wait for a scheduler (and for a local cluster to start).
CONNECT_TIMEOUT = 30
# Files per task: enough to amortise a task's overhead, few enough to spread
# a small archive over every worker and to keep each task's answers small.
MAX_BATCH_FILES = 64
_ADDRESS = re.compile(r"^(?:[a-z0-9+.-]+://)?[\w.\-\[\]:]+:\d+$", re.IGNORECASE)


class DaskError(CitecheckError):
    """The cluster cannot be used: Dask missing, a bad scheduler, a lost scheduler, a task that kills workers."""


# ------------------------------------------------------------------ connecting


@dataclass(frozen=True)
class Scheduler:
    """Where to run: a local cluster of `workers` processes (None: one per core), or a scheduler's address."""

    address: str | None = None
    workers: int | None = None

    @property
    def local(self) -> bool:
        return self.address is None


def parse_scheduler(spec: str) -> Scheduler:
    """`local`, `local:N` or an address; DaskError (one line) for anything else."""
    text = (spec or "").strip()
    if text.lower() == "local":
        return Scheduler()
    if text.lower().startswith("local:"):
        count = text[6:]
        if count.isdigit() and int(count) >= 1:
            return Scheduler(workers=int(count))
        raise DaskError(f"--dask {spec!r}: N in local:N must be a whole number of worker processes, 1 or more")
    if _ADDRESS.match(text):
        return Scheduler(address=text if "://" in text else f"tcp://{text}")
    raise DaskError(f"--dask {spec!r} is not a scheduler; {SCHEDULER_HINT}")


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise DaskError(f"--dask needs Dask, which is not installed; {INSTALL_HINT}") from None
    return distributed


@contextmanager
def connect(spec: "str | Client") -> Iterator["Client"]:
    """A Dask client for `spec` (a scheduler string, or a client to reuse as is), closed afterwards."""
    if not isinstance(spec, str):
        yield spec
        return
    scheduler = parse_scheduler(spec)
    distributed = _distributed()
    cluster = None
    try:
        if scheduler.local:
            workers = scheduler.workers or os.cpu_count() or 1
            cluster = distributed.LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                dashboard_address=":0", silence_logs=logging.ERROR, timeout=CONNECT_TIMEOUT,
            )
            client = distributed.Client(cluster, timeout=CONNECT_TIMEOUT)
        else:
            client = distributed.Client(scheduler.address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as error:
        if cluster is not None:
            cluster.close()
        where = "start a local Dask cluster" if scheduler.local else f"reach the Dask scheduler at {scheduler.address}"
        raise DaskError(f"cannot {where} ({_short(error)}); check that it runs, or use --dask local") from None
    try:
        if not scheduler.local:
            _check_workers(client, scheduler.address or "")
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _citecheck_version() -> str:
    from citecheck import __version__

    return __version__


def _check_workers(client: "Client", address: str) -> None:
    """Refuse a cluster with no workers, or whose workers run another citecheck."""
    from citecheck import __version__

    try:
        client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
        versions = client.run(_citecheck_version)
    except (OSError, TimeoutError) as error:
        raise DaskError(f"the Dask scheduler at {address} has no worker ({_short(error)}); start workers") from None
    except Exception as error:  # noqa: BLE001 - a worker without citecheck fails to unpickle the call
        raise DaskError(
            f"the workers of {address} cannot run citecheck ({_short(error)}); install citecheck {__version__} "
            "on every worker"
        ) from None
    others = sorted({v for v in versions.values() if v != __version__})
    if others:
        raise DaskError(
            f"the workers of {address} run citecheck {', '.join(others)}, this is {__version__}; "
            "install the same version everywhere"
        )


def _short(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 160 else text[:157] + "..."


def worker_count(client: "Client") -> int:
    """Task slots of the cluster (worker threads)."""
    return max(1, sum(client.nthreads().values()))


def _results(client: "Client", futures: Sequence[Any], what: str) -> Iterator[tuple[int, Any]]:
    """(position, result) of each future as it completes; a cluster failure is one DaskError line."""
    distributed = _distributed()
    position = {future.key: n for n, future in enumerate(futures)}
    try:
        for future in distributed.as_completed(futures):
            yield position[future.key], future.result()
    except distributed.KilledWorker as error:
        raise DaskError(
            f"workers kept dying while {what} ({_short(error)}); look at the workers' logs (memory limits?)"
        ) from None
    except (distributed.comm.CommClosedError, OSError, TimeoutError) as error:
        raise DaskError(f"lost the Dask scheduler while {what} ({_short(error)})") from None


# ------------------------------------------------------------------ the build


def shard_runner(client: "Client") -> Callable[[Sequence[ShardTask]], Iterable[ShardResult]]:
    """Build shards on the cluster's workers, one task per shard, results as they complete."""

    def run(tasks: Sequence[ShardTask]) -> Iterable[ShardResult]:
        futures = client.map(build_shard, list(tasks), pure=False)
        for _, result in _results(client, futures, "building shards"):
            yield result

    return run


# ------------------------------------------------------------------ the check


@dataclass(frozen=True)
class _Item:
    """One file to check: the path shown in the report, and where a worker reads it.

    Standard input is read on the client and travels as its document (or as
    the report of its failure to read).
    """

    shown: str
    location: str = ""  # absolute path, for the workers
    read: Document | FileReport | None = None


@dataclass(frozen=True)
class _Extracted:
    """A batch after round 1, kept on its worker: an Extraction, or the report of an unreadable file."""

    items: tuple[Extraction | FileReport, ...]


@dataclass(frozen=True)
class _Answers:
    """What round 1 sends the client: the batch's references and the index's answers for them."""

    references: tuple[Extraction, ...]  # documents without their text: the resolve stage reads references only
    found: Mapping[str, Resolution]  # DOI key -> FOUND from the index
    asked: frozenset[str]  # DOI keys looked up (found or not)
    candidates: Mapping[tuple, tuple[Work, ...]]  # search key -> the index's candidates
    evidence: Mapping[str, Evidence]  # the found works' kinds of study, when PubMed is not asked


def search_key(reference: Reference) -> tuple:
    """What a snapshot search reads of a reference."""
    return (reference.title, reference.text, tuple(reference.authors), reference.year)


_SOURCES: dict[str, Any] = {}


def _snapshot(path: str) -> Any:
    """The index, opened once per worker process and kept open (read-only)."""
    source = _SOURCES.get(path)
    if source is None:
        from citecheck.snapshot.source import SnapshotSource

        source = _SOURCES[path] = SnapshotSource.open(path)
    return source


def _read_one(item: _Item, settings: Settings) -> Document | FileReport:
    """A file read on a worker under its absolute path, reported under the path the user gave."""
    from citecheck import pipeline

    if item.read is not None:
        return item.read
    try:
        document = pipeline.read(item.location, settings)
    except InputError as error:
        report = pipeline.unreadable(item.location, error)
        return replace(report, path=item.shown, extraction=Extraction(Document(path=item.shown, text="")))
    return replace(document, path=item.shown)


def _extract_batch(items: Sequence[_Item], settings: Settings) -> _Extracted:
    """Round 1a (worker): read and extract a batch of files."""
    from citecheck import pipeline

    out: list[Extraction | FileReport] = []
    for item in items:
        read = _read_one(item, settings)
        out.append(read if isinstance(read, FileReport) else pipeline.extract(read))
    return _Extracted(tuple(out))


def _look_up_batch(batch: _Extracted, settings: Settings, search_rows: int) -> _Answers:
    """Round 1b (worker, where the batch is): the index's answers for the batch's DOIs and searches."""
    from citecheck.text.identifiers import doi_key

    extractions = [e for e in batch.items if isinstance(e, Extraction)]
    references = [r for e in extractions for r in e.references]
    found: dict[str, Resolution] = {}
    asked: set[str] = set()
    candidates: dict[tuple, tuple[Work, ...]] = {}
    if settings.snapshot:
        source = _snapshot(str(settings.snapshot))
        keys = sorted({doi_key(r.doi) for r in references if r.doi and r.doi.strip()})
        asked.update(keys)
        found.update(source.lookup_sync(keys))
        if settings.search and source.searchable:
            for reference in references:
                key = search_key(reference)
                if not reference.doi and reference.title and key not in candidates:
                    candidates[key] = tuple(source.search_sync(reference, search_rows))
    evidence: dict[str, Evidence] = {}
    works = [r.work for r in found.values() if r.work is not None]
    if works and not settings.pubmed:
        # Without PubMed, a work's kind of study comes from its own text alone: classified here.
        evidence = asyncio.run(_classify_here(works, settings))
    light = tuple(Extraction(document=Document(path=e.document.path, text=""), references=e.references)
                  for e in extractions)
    return _Answers(light, found, frozenset(asked), candidates, evidence)


async def _classify_here(works: Sequence[Work], settings: Settings) -> dict[str, Evidence]:
    """The resolver's own classification, with nothing to ask: no PubMed, no cache, no network."""
    from citecheck.sources.resolver import Resolver

    resolver = Resolver(replace(settings, pubmed=False, offline=True, use_cache=False))
    try:
        return dict(await resolver.classify(works))
    finally:
        await resolver.aclose()


def _compare_batch(batch: _Extracted, resolved: Any, settings: Settings) -> dict[tuple[str, str], Any]:
    """Round 2, on the workers: the pipeline's comparisons for one batch's references."""
    from citecheck import pipeline

    references = [(e.document.path, r) for e in batch.items if isinstance(e, Extraction) for r in e.references]
    return pipeline.compare_all(references, resolved, settings)


def _remote_lookup(dois: Sequence[str], path: str) -> dict[str, Resolution]:
    return _snapshot(path).lookup_sync(list(dois))


def _remote_search(reference: Reference, rows: int, path: str) -> list[Work] | None:
    source = _snapshot(path)
    return source.search_sync(reference, rows) if source.searchable else None


def _check_batch(batch: _Extracted, resolved: Any, settings: Settings) -> tuple[FileReport, ...]:
    """Round 3 (worker): the file reports of a batch, unreadable files in their places.

    Each file goes through the pipeline's check and fix stages, as a run in
    one process takes it (`pipeline._run`): findings with their fixes.
    """
    from citecheck import pipeline

    return tuple(
        item if isinstance(item, FileReport) else pipeline.fix(pipeline.check(item, resolved, settings), resolved,
                                                               settings)[0]
        for item in batch.items
    )


class ClusterSnapshot:
    """The snapshot source of the client's resolver: the workers' answers, and the workers for the rest.

    Round 1 looked up every DOI the articles cite and searched every
    reference without one; DOIs learnt later (from a PMID, through PubMed)
    and searches not made then are sent to the workers as they come.
    """

    name = "snapshot"

    def __init__(self, client: "Client", path: str, answers: Sequence[_Answers], search_rows: int) -> None:
        self._client = client
        self._path = path
        self._rows = search_rows
        self.found: dict[str, Resolution] = {}
        self.asked: set[str] = set()
        self.candidates: dict[tuple, tuple[Work, ...]] = {}
        for answer in answers:
            self.found.update(answer.found)
            self.asked.update(answer.asked)
            self.candidates.update(answer.candidates)
        self.remote_lookups = 0
        self.remote_searches = 0

    async def lookup(self, dois: Sequence[str]) -> dict[str, Resolution]:
        from citecheck.text.identifiers import doi_key

        keys = {doi: doi_key(doi) for doi in dois if doi and doi.strip()}
        unknown = sorted({key for key in keys.values() if key not in self.asked})
        if unknown:
            self.remote_lookups += len(unknown)
            future = self._client.submit(_remote_lookup, unknown, self._path, pure=False)
            self.found.update(await asyncio.to_thread(future.result))
            self.asked.update(unknown)
        return {doi: self.found[key] for doi, key in keys.items() if key in self.found}

    async def search(self, reference: Reference, rows: int = 5) -> list[Work] | None:
        key = search_key(reference)
        if key in self.candidates and rows <= self._rows:
            return list(self.candidates[key][:rows])
        self.remote_searches += 1
        future = self._client.submit(_remote_search, reference, rows, self._path, pure=False)
        return await asyncio.to_thread(future.result)

    async def aclose(self) -> None:
        return None


def _classify_batch(works: Sequence[Work], settings: Settings) -> dict[str, Evidence]:
    """On a worker: the kinds of study of works the client learnt after round 1 (searches, later look-ups)."""
    return asyncio.run(_classify_here(works, settings))


def _classify_on_workers(client: "Client", works: Sequence[Work], settings: Settings) -> dict[str, Evidence]:
    """The works' kinds of study, classified on the workers in a few tasks."""
    unique = list({work.doi: work for work in works if work.doi}.values())
    if not unique:
        return {}
    size = max(1, math.ceil(len(unique) / (worker_count(client) * 2)))
    futures = [client.submit(_classify_batch, unique[start : start + size], settings, pure=False)
               for start in range(0, len(unique), size)]
    classified: dict[str, Evidence] = {}
    for _, part in _results(client, futures, "classifying works"):
        classified.update(part)
    return classified


def _cluster_resolver(client: "Client", settings: Settings, snapshot: Any, evidence: Mapping[str, Evidence]) -> Any:
    """The client's resolver: its own chain and budget, with the kinds of study classified on the workers.

    Without PubMed a work's kind of study comes from its own text, which the
    workers read: those of round 1's look-ups came with its answers, the
    rest (works found by a search, or through a PMID) are sent to them.
    """
    from citecheck.sources.resolver import Resolver

    class ClusterResolver(Resolver):
        async def classify(self, works: Sequence[Work]) -> dict[str, Evidence]:
            if self.settings.pubmed:
                return await super().classify(works)
            known = {w.doi: evidence[w.doi] for w in works if w.doi in evidence}
            rest = [w for w in works if w.doi not in evidence]
            if rest:
                known.update(await asyncio.to_thread(_classify_on_workers, client, rest, self.settings))
            return known

    return ClusterResolver(settings, snapshot=snapshot)


def _comparer(
    client: "Client", extracted: Sequence[Any], answers: Sequence[_Answers]
) -> Callable[[Sequence[tuple[str, Reference]], Any, Settings], dict[tuple[str, str], Any]]:
    """The pipeline's `compare` step computed on the workers, where each batch's extraction is."""

    def compare(references: Sequence[tuple[str, Reference]], resolved: Any, settings: Settings) -> dict:
        futures = [
            client.submit(_compare_batch, batch, part, settings, pure=False)
            for batch, part in zip(extracted, _split(resolved, answers))
        ]
        merged: dict[tuple[str, str], Any] = {}
        for _, part in _results(client, futures, "comparing references with their records"):
            merged.update(part)
        # In the order the pipeline lists the references, as its own step gives them.
        return {key: merged[key] for key in ((path, r.id) for path, r in references) if key in merged}

    return compare


def _items(paths: Sequence[str | Path], settings: Settings) -> list[_Item]:
    from citecheck import pipeline
    from citecheck.ingest import STDIN
    from citecheck.ingest.walk import collect_paths

    items = []
    for path in collect_paths(paths, settings):
        if str(path) != STDIN:
            items.append(_Item(shown=str(path), location=os.path.abspath(path)))
            continue
        try:
            read: Document | FileReport = pipeline.read(path, settings)
        except InputError as error:
            read = pipeline.unreadable(path, error)
        items.append(_Item(shown=str(path), read=read))
    return items


def _batches(items: Sequence[_Item], slots: int) -> list[list[_Item]]:
    size = max(1, min(MAX_BATCH_FILES, math.ceil(len(items) / (slots * 4))))
    return [list(items[start : start + size]) for start in range(0, len(items), size)]


def _split(resolved: Any, answers: Sequence[_Answers]) -> list[Any]:
    """For each batch, the part of the run's answers it needs: its DOIs, its files, its works.

    Every mapping of the stage result is split in one pass: a key that is a
    (path, reference id) pair goes to the batch of that file; a DOI goes to
    every batch that cites it or may write it: a reference's DOI (as written
    and as a key), the DOI a PMID led to, a suggested or repaired DOI (a fix
    writes it, and the fix stage checks the text with it), and the DOI of
    the work any of those resolved to.
    """
    from citecheck.text.identifiers import doi_key

    batch_of_path: dict[str, int] = {}
    batches_of_doi: dict[str, set[int]] = {}
    for number, answer in enumerate(answers):
        for extraction in answer.references:
            batch_of_path[extraction.document.path] = number
            for reference in extraction.references:
                if reference.doi:
                    batches_of_doi.setdefault(reference.doi, set()).add(number)
    for field in fields(resolved):
        value = getattr(resolved, field.name)
        if not isinstance(value, Mapping):
            continue
        for key, item in value.items():
            if not (isinstance(key, tuple) and key and key[0] in batch_of_path):
                continue
            doi = item if isinstance(item, str) else getattr(item, "doi", None)
            if isinstance(doi, str) and doi:
                batches_of_doi.setdefault(doi, set()).add(batch_of_path[key[0]])
    for doi, numbers in list(batches_of_doi.items()):
        if doi.strip():
            batches_of_doi.setdefault(doi_key(doi), set()).update(numbers)
    for doi, resolution in resolved.resolutions.items():
        work = getattr(resolution, "work", None)
        if work is not None and doi in batches_of_doi:
            batches_of_doi.setdefault(work.doi, set()).update(batches_of_doi[doi])

    parts: list[dict[str, dict]] = [{} for _ in answers]
    for field in fields(resolved):
        value = getattr(resolved, field.name)
        if not isinstance(value, Mapping):
            continue
        for part in parts:
            part[field.name] = {}
        for key, item in value.items():
            if isinstance(key, tuple):
                numbers = {batch_of_path[key[0]]} if key and key[0] in batch_of_path else set()
            else:
                numbers = batches_of_doi.get(key, set())
            for number in numbers:
                parts[number][field.name][key] = item
    return [replace(resolved, **changes) for changes in parts]


def check_on_cluster(
    client: "Client",
    paths: Sequence[str | Path],
    settings: Settings,
    *,
    on_round: Callable[[str, int, int], None] | None = None,
) -> Report:
    """Check files and folders on the cluster; the report a single process would give, in its order.

    `on_round(name, done, total)` is called as batches complete (for tests and tools).
    """
    return _run(_check(client, paths, settings, on_round))


def _run(coroutine: Any) -> Any:
    """`asyncio.run(coroutine)`, but the loop's main task ends with None and the result is handed over aside.

    When `asyncio.run` restores the SIGINT handler (Python 3.11), the handler
    it installed is looked up in an enum, whose error message holds the repr
    of the main task, result included: a whole report, written out in full
    and thrown away, twice (1.1 s each for 100 posts, growing with the archive).
    """
    box: list[Any] = []

    async def main() -> None:
        box.append(await coroutine)

    asyncio.run(main())
    return box[0]


async def _check(
    client: "Client", paths: Sequence[str | Path], settings: Settings,
    on_round: Callable[[str, int, int], None] | None,
) -> Report:
    from citecheck import pipeline
    from citecheck.sources.resolver import SEARCH_ROWS

    if settings.snapshot:
        settings = replace(settings, snapshot=Path(os.path.abspath(settings.snapshot)))
        # Opened here first: a missing or broken index is one clear line before any task runs.
        from citecheck.snapshot.source import SnapshotSource

        SnapshotSource.open(settings.snapshot).close()
    items = _items(paths, settings)
    batches = _batches(items, worker_count(client))
    extracted = [client.submit(_extract_batch, batch, settings, pure=False) for batch in batches]
    looked_up = [client.submit(_look_up_batch, batch, settings, SEARCH_ROWS, pure=False) for batch in extracted]

    answers = await _gather(client, looked_up, [len(b) for b in batches], "reading, extracting and looking up",
                            "Reading files", settings, on_round)
    snapshot = ClusterSnapshot(client, str(settings.snapshot), answers, SEARCH_ROWS) if settings.snapshot else None
    evidence = {doi: kind for answer in answers for doi, kind in answer.evidence.items()}
    resolver = _cluster_resolver(client, settings, snapshot, evidence)
    try:
        light = [extraction for answer in answers for extraction in answer.references]
        resolved = await pipeline.resolve(light, settings, resolver, compare=_comparer(client, extracted, answers))
    finally:
        await resolver.aclose()

    checked = [
        client.submit(_check_batch, batch, part, settings, pure=False)
        for batch, part in zip(extracted, _split(resolved, answers))
    ]
    reports = await _gather(client, checked, [len(b) for b in batches], "checking", "Checking files",
                            settings, on_round)
    files = [report for batch in reports for report in batch]
    return pipeline.assemble(files, resolved.stats, settings)


class _FilesProgress:
    """A bar of files done on the client's terminal (stderr), while a round of tasks runs."""

    DELAY = 0.8  # seconds before it shows: a short round never draws it

    def __init__(self, label: str, total: int, enabled: bool) -> None:
        from citecheck.report.progress import wanted

        self.label = label
        self.total = total
        self.done = 0
        self.enabled = wanted(enabled) and total > 0
        self._task: asyncio.Task | None = None

    async def __aenter__(self) -> "_FilesProgress":
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
        await asyncio.sleep(self.DELAY)
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        columns = (TextColumn("{task.description:<18}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
            bar = progress.add_task(self.label, total=self.total)
            while True:
                progress.update(bar, completed=min(self.done, self.total))
                await asyncio.sleep(0.1)


async def _gather(
    client: "Client", futures: Sequence[Any], sizes: Sequence[int], what: str, label: str,
    settings: Settings, on_round: Callable[[str, int, int], None] | None,
) -> list[Any]:
    """Every future's result in order, with a bar of files done on the client's terminal."""
    results: list[Any] = [None] * len(futures)
    batches = 0
    async with _FilesProgress(label, sum(sizes), settings.progress) as progress:

        def collect() -> None:
            nonlocal batches
            for position, result in _results(client, futures, what):
                results[position] = result
                progress.done += sizes[position]
                batches += 1
                if on_round is not None:
                    on_round(label, batches, len(futures))

        await asyncio.to_thread(collect)
    return results


def check_paths_on_dask(paths: Sequence[str | Path], settings: Settings, scheduler: "str | Client") -> Report:
    """`citecheck --dask SCHEDULER ...`: connect (or start a local cluster), check, disconnect."""
    with connect(scheduler) as client:
        return check_on_cluster(client, paths, settings)


def build_sharded_on_dask(
    scheduler: "str | Client", files: Sequence[Path], output: Path, *, shards: int | None = None, **options: Any
) -> Any:
    """Build (or add to) a sharded index on the cluster: by default one shard per worker slot."""
    from citecheck.snapshot.shards import build_sharded

    with connect(scheduler) as client:
        return build_sharded(
            files, output, shards=shards or worker_count(client), runner=shard_runner(client), **options
        )
