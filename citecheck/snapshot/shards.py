"""A sharded index: a folder of single-file indexes listed by a manifest, built without a merge.

```
INDEX/
  manifest.json          format, profile, and the shards in input order
  shard-00000.sqlite     an ordinary index of one run of consecutive input parts
  shard-00001.sqlite
  ...
```

Each shard is built on its own from its share of the inputs, so shards can
be built at once on many processes or machines (`citecheck.snapshot.dask`)
and nothing has to merge them afterwards: a look-up asks every shard and the
record with the newest `indexed` date wins, exactly as within one index (on
equal dates the earlier shard wins, as the earlier input does within one
build, since shards take consecutive runs of the inputs in order). A search
asks every shard and merges their ranked candidates (`source.py`).

A shard is written under a name of its own and renamed into place when
complete, and never changed afterwards: building into an existing sharded
index adds shards for the new inputs and rewrites the manifest (atomically,
last). Readers may therefore open shards as immutable files, and several
runs may share one index on a network file system while it is only read.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import time
import uuid
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Sequence

from citecheck.errors import SnapshotError
from citecheck.snapshot.index import MAX_PROBLEMS, BuildResult, build_index
from citecheck.snapshot.profiles import PROFILES
from citecheck.snapshot.records import Problem

MANIFEST = "manifest.json"
FORMAT = "citecheck-snapshot-shards"
FORMAT_VERSION = 1
_SHARD_NAME = "shard-{:05d}.sqlite"


@dataclass(frozen=True)
class ShardEntry:
    """One shard as the manifest lists it."""

    file: str  # name inside the index folder
    records: int
    size_bytes: int
    inputs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Manifest:
    """What `manifest.json` holds."""

    profile: str
    dropped_fields: tuple[str, ...]
    shards: tuple[ShardEntry, ...]
    built_at: str
    updated_at: str
    sources: int = 0  # input files read over all builds

    def to_json(self) -> dict:
        data = asdict(self)
        data["format"] = FORMAT
        data["format_version"] = FORMAT_VERSION
        return data


@dataclass(frozen=True)
class ShardTask:
    """One shard to build: everything a worker needs, and nothing it must share."""

    folder: str
    name: str
    inputs: tuple[str, ...]
    profile: str
    dropped_fields: tuple[str, ...]
    timestamp: str | None = None


@dataclass(frozen=True)
class ShardResult:
    task: ShardTask
    result: BuildResult


def is_sharded(path: Path) -> bool:
    return Path(path).is_dir() and (Path(path) / MANIFEST).is_file()


def load_manifest(folder: Path) -> Manifest:
    """Read and check `folder/manifest.json`; SnapshotError (one line) when it is not a shard manifest."""
    path = Path(folder) / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise SnapshotError(f"cannot read {path} ({error.strerror or error})") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise SnapshotError(f"{path} is not a snapshot manifest ({error}); rebuild the index") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SnapshotError(f"{path} is not a citecheck snapshot manifest; rebuild the index")
    if data.get("format_version") != FORMAT_VERSION:
        raise SnapshotError(
            f"{path} has manifest format {data.get('format_version')}, this citecheck reads "
            f"{FORMAT_VERSION}; rebuild the index"
        )
    try:
        shards = tuple(
            ShardEntry(str(s["file"]), int(s["records"]), int(s["size_bytes"]), tuple(s.get("inputs") or ()))
            for s in data["shards"]
        )
        manifest = Manifest(
            profile=str(data["profile"]),
            dropped_fields=tuple(data.get("dropped_fields") or ()),
            shards=shards,
            built_at=str(data["built_at"]),
            updated_at=str(data["updated_at"]),
            sources=int(data.get("sources") or 0),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise SnapshotError(f"{path} is damaged ({type(error).__name__}: {error}); rebuild the index") from None
    for shard in shards:
        if Path(shard.file).name != shard.file:
            raise SnapshotError(f"{path} names a shard outside its folder ({shard.file!r}); rebuild the index")
    return manifest


def save_manifest(folder: Path, manifest: Manifest) -> None:
    """Write the manifest atomically: readers see the old one or the new one, never half of one."""
    folder = Path(folder)
    temporary = folder / f".{MANIFEST}.{uuid.uuid4().hex}"
    temporary.write_text(json.dumps(manifest.to_json(), indent=1) + "\n", encoding="utf-8")
    os.replace(temporary, folder / MANIFEST)


def plan(files: Sequence[Path], count: int) -> list[list[Path]]:
    """Split the inputs into at most `count` runs of consecutive files of about equal size.

    Consecutive, not bin-packed: a record that appears in two inputs with the
    same `indexed` date resolves to the earlier input, as in a one-file build.
    """
    files = list(files)
    count = max(1, min(count, len(files)))
    sizes = [max(_size(f), 1) for f in files]
    total = sum(sizes)
    groups: list[list[Path]] = []
    current: list[Path] = []
    done = 0
    for index, (path, size) in enumerate(zip(files, sizes)):
        current.append(path)
        done += size
        left_files = len(files) - index - 1
        left_groups = count - len(groups) - 1
        # Close the group at its share of the bytes, keeping a file for every group still to come.
        if left_groups > 0 and (done >= total * (len(groups) + 1) / count or left_files == left_groups):
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def build_shard(task: ShardTask) -> ShardResult:
    """Build one shard (runs in a worker): written under a unique name, then renamed into place.

    A retried task (its first worker was lost) starts over under a new name;
    whichever attempt finishes last wins the rename, with the same content.
    """
    folder = Path(task.folder)
    final = folder / task.name
    attempt = folder / f".{task.name}.{uuid.uuid4().hex}"
    try:
        result = build_index(
            [Path(p) for p in task.inputs],
            attempt,
            profile=task.profile,
            drop_fields=task.dropped_fields,
            timestamp=task.timestamp,
        )
        os.replace(attempt, final)
    finally:
        attempt.unlink(missing_ok=True)
    return ShardResult(task, replace(result, output=final))


Runner = Callable[[Sequence[ShardTask]], Iterable[ShardResult]]


def run_here(tasks: Sequence[ShardTask]) -> Iterable[ShardResult]:
    """Build the shards one after another in this process."""
    for task in tasks:
        yield build_shard(task)


def run_in_processes(workers: int) -> Runner:
    """Build the shards on `workers` processes of this machine, results as they complete."""

    def run(tasks: Sequence[ShardTask]) -> Iterable[ShardResult]:
        # spawn, not fork: the parent may hold open SQLite connections.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = [pool.submit(build_shard, task) for task in tasks]
            for future in as_completed(futures):
                yield future.result()

    return run


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def existing_manifest(output: Path, profile: str | None, drop_fields: Sequence[str] | None) -> Manifest | None:
    """The manifest of the sharded index a build adds to (None for a new one); SnapshotError when
    `output` cannot take a sharded build, or holds another profile or other dropped fields."""
    if not output.exists():
        return None
    if output.is_file():
        raise SnapshotError(
            f"{output} is a single-file index; build a sharded index into a new folder "
            "(or leave out --shards and --dask to update this file)"
        )
    if not is_sharded(output):
        if any(output.iterdir()):
            raise SnapshotError(
                f"{output} is a folder without a snapshot manifest; choose another --output or empty the folder"
            )
        return None
    manifest = load_manifest(output)
    if profile is not None and profile != manifest.profile:
        raise SnapshotError(
            f"{output} holds the {manifest.profile} profile; update it with --profile {manifest.profile}, "
            "or build a new index"
        )
    if drop_fields is not None and tuple(sorted(drop_fields)) != tuple(sorted(manifest.dropped_fields)):
        raise SnapshotError(
            f"{output} was built dropping {sorted(manifest.dropped_fields) or 'no fields'}; "
            "update it with the same fields dropped, or build a new index"
        )
    return manifest


def _clear_leftovers(output: Path, manifest: Manifest | None) -> None:
    """Remove shards of interrupted builds: files the manifest does not list."""
    listed = {shard.file for shard in manifest.shards} if manifest else set()
    for path in output.iterdir():
        name = path.name
        if name in listed or name == MANIFEST or not path.is_file():
            continue
        if name.startswith(".") or (name.startswith("shard-") and name.endswith(".sqlite")):
            path.unlink(missing_ok=True)


def build_sharded(
    files: Sequence[Path],
    output: Path,
    *,
    shards: int,
    profile: str | None = None,
    drop_fields: Sequence[str] | None = None,
    timestamp: str | None = None,
    runner: Runner = run_here,
    on_shard: Callable[[ShardResult, int, int], None] | None = None,
) -> BuildResult:
    """Build (or add to) the sharded index `output` from `files`, in at most `shards` new shards.

    `runner` builds the shards: one after another here by default, or spread
    over a Dask cluster. `on_shard(result, done, total)` is called as each
    shard completes. The manifest is written once every new shard is in
    place; an interrupted build leaves the index as it was.
    """
    output = Path(output)
    if profile is not None and profile not in PROFILES:
        raise SnapshotError(f"unknown profile {profile!r}; choose {' or '.join(PROFILES)}")
    manifest = existing_manifest(output, profile, drop_fields)
    started = time.perf_counter()
    output.mkdir(parents=True, exist_ok=True)
    _clear_leftovers(output, manifest)
    profile = manifest.profile if manifest else (profile or "full")
    dropped = tuple(sorted(manifest.dropped_fields if manifest else (drop_fields or ())))
    first = len(manifest.shards) if manifest else 0
    index_path = output.resolve()
    groups = plan([f for f in files if Path(f).resolve().parent != index_path], shards)
    tasks = [
        ShardTask(str(output.resolve()), _SHARD_NAME.format(first + n), tuple(str(Path(p).resolve()) for p in group),
                  profile, dropped, timestamp)
        for n, group in enumerate(groups)
    ]
    results: dict[str, ShardResult] = {}
    for done in runner(tasks):
        results[done.task.name] = done
        if on_shard:
            on_shard(done, len(results), len(tasks))
    new = [results[task.name] for task in tasks]
    moment = timestamp or _now()
    entries = tuple(manifest.shards if manifest else ()) + tuple(
        ShardEntry(r.task.name, r.result.total, r.result.size_bytes, tuple(Path(p).name for p in r.task.inputs))
        for r in new
    )
    manifest = Manifest(
        profile=profile,
        dropped_fields=dropped,
        shards=entries,
        built_at=manifest.built_at if manifest else moment,
        updated_at=moment,
        sources=(manifest.sources if manifest else 0) + len(files),
    )
    save_manifest(output, manifest)
    # What attempts on lost workers left behind (their tasks ran again elsewhere).
    _clear_leftovers(output, manifest)
    problems: list[Problem] = []
    count = 0
    for r in new:
        count += r.result.problem_count
        problems.extend(r.result.problems[: MAX_PROBLEMS - len(problems)])
    return BuildResult(
        output=output,
        files=len(files),
        records=sum(r.result.records for r in new),
        added=sum(r.result.added for r in new),
        updated=sum(r.result.updated for r in new),
        unchanged=sum(r.result.unchanged for r in new),
        total=sum(entry.records for entry in entries),
        seconds=time.perf_counter() - started,
        size_bytes=sum(entry.size_bytes for entry in entries),
        problems=tuple(problems),
        problem_count=count,
        shards=len(entries),
        new_shards=len(new),
    )
