"""Edits made on the decoded text land in the file's own bytes; the diff; fixes that clash; the write."""

from __future__ import annotations

import os
import stat

import pytest

from citecheck.fix.apply import FileText, apply_edits, overlapping, unified_diff
from citecheck.fix.write import write_fixed
from citecheck.model import Edit, Fix

TEXT = "Title\n\nSmith (2021). A study. J Test, 4(2), 10-20.\nJones (2019). Café. J Test, 5, 1-9.\n"


def edit(source: str, old: str, new: str) -> Edit:
    start = source.index(old)
    return Edit(start, start + len(old), old, new, 1, 1, 1, 1)


@pytest.mark.parametrize("encode", [
    lambda text: text.encode("utf-8"),
    lambda text: text.replace("\n", "\r\n").encode("utf-8"),
    lambda text: text.replace("\n", "\r\n").encode("cp1252"),
    lambda text: text.encode("latin-1"),
    lambda text: text.replace("\n", "\r").encode("utf-8"),  # old Mac line breaks
    lambda text: text.replace("\n\n", "\r\n\n").encode("utf-8"),  # mixed
    lambda text: text.encode("utf-16"),
    lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
    lambda text: text.encode("utf-32"),
], ids=["utf-8", "crlf", "crlf-cp1252", "latin-1", "cr", "mixed", "utf-16", "utf-8-bom", "utf-32"])
def test_edits_change_only_their_own_bytes(encode):
    data = encode(TEXT)
    file = FileText.read(data)
    assert file.problem() is None
    source = file.source
    assert source == TEXT
    edits = [edit(source, "2021", "2022"), edit(source, "Café", "Cafés"), edit(source, "1-9.", "1-9")]
    expected = TEXT.replace("2021", "2022").replace("Café", "Cafés").replace("1-9.", "1-9")
    assert file.encoded(file.edited(edits)) == encode(expected)


def test_a_lossy_read_is_never_written_back():
    data = "Café ".encode("utf-8") * 10 + b"\xe9"  # UTF-8 with one stray Latin-1 byte
    file = FileText.read(data)
    assert file.problem() and "cannot be written back" in file.problem()


def test_windows_1252_cannot_hold_every_name():
    file = FileText.read(TEXT.replace("\n", "\r\n").encode("cp1252"))
    assert not file.cannot_hold("Müller") and file.cannot_hold("Łukasz")


def test_overlapping_fixes_are_found_and_shared_edits_are_not():
    year = Edit(10, 14, "2021", "2022", 1, 11, 1, 15)
    wide = Edit(0, 30, "x" * 30, "", 1, 1, 1, 31)
    one, same = Fix("a", (year,), "safe"), Fix("b", (year,), "safe")
    inside, later = Fix("c", (Edit(2, 3, "x", "y", 1, 3, 1, 4),), "safe"), Fix("d", (Edit(20, 21, "x", "z", 1, 21, 1, 22),), "safe")
    assert overlapping([one, same]) == set()
    assert overlapping([one, same, later]) == set()
    assert overlapping([Fix("w", (wide,), "safe"), inside, later]) == {0, 1, 2}  # not only neighbours
    assert overlapping([Fix("i", (Edit(5, 5, "", " a", 1, 6, 1, 6),), "safe"),
                        Fix("j", (Edit(5, 5, "", " b", 1, 6, 1, 6),), "safe")]) == {0, 1}


def test_edits_are_made_in_source_order():
    assert apply_edits("abcdef", [Edit(4, 5, "e", "E", 1, 5, 1, 6), Edit(0, 1, "a", "", 1, 1, 1, 2)]) == "bcdEf"


def test_the_diff_marks_a_last_line_without_a_break():
    diff = unified_diff("a.txt", "one\ntwo", "one\n2")
    assert diff.startswith("--- a.txt\n+++ a.txt\n")
    assert "-two\n\\ No newline at end of file\n+2\n\\ No newline at end of file\n" in diff


def test_the_write_replaces_the_file_whole_keeping_its_mode(tmp_path):
    path = tmp_path / "post.md"
    path.write_bytes(b"old")
    os.chmod(path, 0o640)
    assert write_fixed(str(path), b"old", b"new") is None
    assert path.read_bytes() == b"new" and stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["post.md"]  # no temporary file left


def test_a_file_changed_since_it_was_read_is_not_written(tmp_path):
    path = tmp_path / "post.md"
    path.write_bytes(b"edited meanwhile")
    assert "changed since it was read" in write_fixed(str(path), b"old", b"new")
    assert path.read_bytes() == b"edited meanwhile"


def test_a_link_is_followed_and_stays_a_link(tmp_path):
    target = tmp_path / "real.md"
    target.write_bytes(b"old")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    assert write_fixed(str(link), b"old", b"new") is None
    assert link.is_symlink() and target.read_bytes() == b"new"
