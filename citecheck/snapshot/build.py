"""`citecheck snapshot build`: from input paths to an index, and what the build reports."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from citecheck.snapshot.index import DEFAULT_BATCH_SIZE, BuildResult, ProgressCallback, build_index
from citecheck.snapshot.info import format_size
from citecheck.snapshot.records import input_files


def build_snapshot(
    paths: Sequence[Path],
    output: Path,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: ProgressCallback | None = None,
    page_size: int = 16384,
    timestamp: str | None = None,
    drop_fields: Sequence[str] | None = None,
    workers: int = 1,
) -> BuildResult:
    """Build `output` from record files, folders and other indexes, or update it.

    Raises SnapshotError when an input path does not exist or `output` is not
    a snapshot index; problems inside the inputs are returned, not raised.
    See `citecheck.snapshot.index.build_index` for the options.
    """
    files = input_files([Path(p) for p in paths])
    return build_index(
        files,
        Path(output),
        batch_size=batch_size,
        progress=progress,
        page_size=page_size,
        timestamp=timestamp,
        drop_fields=drop_fields,
        workers=workers,
    )


def format_build_result(result: BuildResult) -> str:
    """Plain text lines for `citecheck snapshot build`."""
    lines = [
        f"Indexed {result.files:,} file{'s' if result.files != 1 else ''} into {result.output} "
        f"in {result.seconds:,.1f} s ({result.records_per_second:,.0f} records/s)",
        f"Records read: {result.records:,} (added {result.added:,}, updated {result.updated:,}, "
        f"unchanged or older {result.unchanged:,})",
        f"Index now holds {result.total:,} records, {format_size(result.size_bytes)} on disk",
    ]
    if result.problem_count:
        lines.append(f"Problems: {result.problem_count:,} (the rest was indexed)")
        lines.extend(f"  {problem}" for problem in result.problems)
        if result.problem_count > len(result.problems):
            lines.append(f"  ... and {result.problem_count - len(result.problems):,} more")
    return "\n".join(lines)
