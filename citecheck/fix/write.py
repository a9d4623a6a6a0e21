"""Write a fixed file: whole or not at all, only over the bytes that were read, keeping its permissions.

The new bytes go to a temporary file beside the article, which then replaces
it (`os.replace`), so that a failure never leaves half a file. A file that
changed since it was read is not written, and a link is followed, so that
the file it points at is the one that changes.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def write_fixed(path: str, original: bytes, data: bytes) -> str | None:
    """Replace the file at `path`, which must still hold `original`, with `data`; the reason when it is not written."""
    target = Path(os.path.realpath(path))
    try:
        if target.read_bytes() != original:
            return "it changed since it was read; run again"
        with tempfile.NamedTemporaryFile("wb", dir=target.parent, prefix=f".{target.name}.", suffix=".tmp",
                                         delete=False) as out:
            temporary = Path(out.name)
            try:
                out.write(data)
            except BaseException:
                out.close()
                temporary.unlink(missing_ok=True)
                raise
        try:
            shutil.copymode(target, temporary)
            os.replace(temporary, target)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    except OSError as error:
        return f"{error.strerror or error}; check the path and permissions"
    return None
