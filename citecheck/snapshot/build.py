"""`citecheck snapshot build`: from input paths to an index (one file, or shards here or on Dask), and its report."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Callable, Sequence

from citecheck.errors import SnapshotError
from citecheck.snapshot.index import (
    DEFAULT_BATCH_SIZE,
    BuildResult,
    ProgressCallback,
    build_index,
)
from citecheck.snapshot.info import format_size
from citecheck.snapshot.profiles import PROFILES
from citecheck.snapshot.records import input_files
from citecheck.snapshot.shards import (
    ShardResult,
    build_sharded,
    existing_manifest,
    is_sharded,
    run_here,
    run_in_processes,
)


def build_snapshot(
    paths: Sequence[Path],
    output: Path,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: ProgressCallback | None = None,
    page_size: int = 16384,
    timestamp: str | None = None,
    drop_fields: Sequence[str] | None = None,
    profile: str | None = None,
    workers: int = 1,
    shards: int | None = None,
    dask: Any = None,
    on_shard: Callable[[ShardResult, int, int], None] | None = None,
) -> BuildResult:
    """Build `output` from record files, folders and other indexes, or update it.

    A single-file index unless `shards` or `dask` is given or `output` is
    already a sharded index (a folder with a manifest). Then the inputs are
    cut into at most `shards` runs of consecutive files, each built into a
    shard of its own: on the Dask cluster `dask` names (`local`, `local:N`,
    an address, or a `distributed.Client`), by default one shard per worker;
    otherwise on `workers` processes here. `on_shard(result, done, total)`
    follows the shards as they complete.

    Raises SnapshotError when an input path does not exist or `output` is not
    a snapshot index; problems inside the inputs are returned, not raised.
    See `citecheck.snapshot.index.build_index` for the other options.
    """
    files = input_files([Path(p) for p in paths])
    output = Path(output)
    if shards is not None and shards < 1:
        raise SnapshotError(f"--shards {shards}: give 1 or more")
    if profile is not None and profile not in PROFILES:
        raise SnapshotError(f"unknown profile {profile!r}; choose {' or '.join(PROFILES)}")
    if dask is None and shards is None and not is_sharded(output):
        return build_index(
            files,
            output,
            batch_size=batch_size,
            progress=progress,
            page_size=page_size,
            timestamp=timestamp,
            drop_fields=drop_fields,
            profile=profile,
            workers=workers,
        )
    options = dict(profile=profile, drop_fields=drop_fields, timestamp=timestamp, on_shard=on_shard)
    if dask is not None:
        from citecheck.snapshot.dask import build_sharded_on_dask

        existing_manifest(output, profile, drop_fields)  # a wrong --output is told before a cluster starts

        return build_sharded_on_dask(dask, files, output, shards=shards, **options)
    runner = run_here if workers <= 1 else run_in_processes(workers)
    return build_sharded(files, output, shards=shards or max(1, workers), runner=runner, **options)


def format_build_result(result: BuildResult) -> str:
    """Plain text lines for `citecheck snapshot build`."""
    into = f"{result.output}" + (
        f" ({result.new_shards:,} new shard{'s' if result.new_shards != 1 else ''})" if result.shards else ""
    )
    holds = f"Index now holds {result.total:,} records, {format_size(result.size_bytes)} on disk"
    if result.shards:
        holds = (
            f"Index now holds {result.total:,} records in {result.shards:,} shard{'s' if result.shards != 1 else ''} "
            f"(a DOI held by several counts once per shard), {format_size(result.size_bytes)} on disk"
        )
    lines = [
        f"Indexed {result.files:,} file{'s' if result.files != 1 else ''} into {into} "
        f"in {result.seconds:,.1f} s ({result.records_per_second:,.0f} records/s)",
        f"Records read: {result.records:,} (added {result.added:,}, updated {result.updated:,}, "
        f"unchanged or older {result.unchanged:,})",
        holds,
    ]
    if result.problem_count:
        lines.append(f"Problems: {result.problem_count:,} (the rest was indexed)")
        lines.extend(f"  {problem}" for problem in result.problems)
        if result.problem_count > len(result.problems):
            lines.append(f"  ... and {result.problem_count - len(result.problems):,} more")
    return "\n".join(lines)


def print_shard(result: ShardResult, done: int, total: int) -> None:
    """A progress line per shard on stderr, for a terminal."""
    if sys.stderr.isatty():
        inputs = len(result.task.inputs)
        print(
            f"shard {done}/{total} built: {result.result.records:,} records from {inputs:,} "
            f"file{'s' if inputs != 1 else ''} ({result.task.name})",
            file=sys.stderr,
        )
