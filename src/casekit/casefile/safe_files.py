"""Safe file reading: only regular files inside a casefile's folder, as UTF-8, within a size limit.

A casefile may come from untrusted hands: no symlink is followed, no FIFO opened, and a file is
checked to be a regular file before a byte of it is read.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Optional

from .problems import Problem, _clean, _rel

MAX_YAML_BYTES = 10_000_000  # far above any real case.yaml or annotation file (the largest is ~60 kB)
MAX_SOURCE_BYTES = 200_000_000  # a source this large is refused before it is read into memory


def _kind_of(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _not_regular(path: Path, mode: int) -> Problem:
    what = _kind_of(mode)
    why = ("a casefile is read only from regular files inside its folder; no link is followed"
           if stat.S_ISLNK(mode) else "a casefile is read only from regular files")
    return Problem(_clean(_rel(path)), 0, "file", f"is {what}, not a file: {why}")


def _read_text(path: Path, problems: list[Problem], limit: Optional[int] = None) -> Optional[str]:
    """The UTF-8 text of a regular file (a leading BOM dropped), or None with one problem added.

    The file is opened without following a symlink and without blocking on a FIFO, then checked
    to be a regular file before a byte is read.
    """
    where = _clean(_rel(path))
    try:
        mode = os.lstat(path).st_mode
    except OSError as exc:
        problems.append(Problem(where, 0, "file", f"cannot be read ({exc.strerror or exc})"))
        return None
    if not stat.S_ISREG(mode):
        problems.append(_not_regular(path, mode))
        return None
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        problems.append(Problem(where, 0, "file", f"cannot be read ({exc.strerror or exc})"))
        return None
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        if not stat.S_ISREG(st.st_mode):  # replaced between the check and the open
            problems.append(_not_regular(path, st.st_mode))
            return None
        if limit is not None and st.st_size > limit:
            problems.append(Problem(where, 0, "file", f"is {st.st_size:,} bytes; such a file of a casefile "
                                                      f"is limited to {limit:,} bytes"))
            return None
        raw = f.read()
    if raw.startswith(b"\xef\xbb\xbf"):  # a byte order mark some editors write: not part of the text
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        problems.append(Problem(where, line, "encoding",
                                f"not UTF-8 text ({exc.reason} at byte {exc.start}); save the file as UTF-8"))
        return None


def _entries(folder: Path, suffix: str, problems: list[Problem], refused: Optional[list] = None) -> list[Path]:
    """The regular files named *suffix in folder (sorted), each other entry so named reported once
    (and added to refused). Hidden files (editors' backups) are skipped.
    """
    try:
        mode = os.lstat(folder).st_mode
    except OSError:
        return []
    if not stat.S_ISDIR(mode):
        problems.append(_not_regular(folder, mode) if stat.S_ISLNK(mode) else
                        Problem(_clean(_rel(folder)), 0, "file", f"is {_kind_of(mode)}, not a folder"))
        return []
    out = []
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        problems.append(Problem(_clean(_rel(folder)), 0, "file", f"cannot be listed ({exc.strerror or exc})"))
        return []
    for entry in entries:
        if not entry.name.endswith(suffix) or entry.name.startswith("."):
            continue
        path = folder / entry.name
        try:
            mode = entry.stat(follow_symlinks=False).st_mode
        except OSError:
            continue
        if stat.S_ISREG(mode):
            out.append(path)
        else:
            problems.append(_not_regular(path, mode))
            if refused is not None:
                refused.append(path)
    return out

