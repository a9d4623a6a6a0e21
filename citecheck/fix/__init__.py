"""`citecheck fix`: correct the citations of an article in place, in the article's own style.

A finding's `Fix` is planned from where the comparison and the extraction
located the wrong value (`plan.py`), written the way the entry already writes
it (`style.py`, DOIs in `doi.py`), as edits of the source file at the offsets
where the value is written verbatim (`source.py`). `apply.py` makes the
edits, writes the text back in the file's own bytes (encoding, byte-order
mark, line breaks) and shows them as a diff; `verify.py` says which applied
fixes a check of the corrected text confirms. All of it is pure: the
pipeline runs the check again and the command line writes the files.
"""

from citecheck.fix.apply import FileText, applied, apply_edits, edits_of, overlapping, unified_diff
from citecheck.fix.plan import MANUAL, SAFE, UNSAFE, plan_fixes
from citecheck.fix.verify import unconfirmed

__all__ = [
    "MANUAL",
    "SAFE",
    "UNSAFE",
    "FileText",
    "applied",
    "apply_edits",
    "edits_of",
    "overlapping",
    "plan_fixes",
    "unconfirmed",
    "unified_diff",
]
