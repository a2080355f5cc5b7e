"""Reading files that may be anything: only regular files, and only so many bytes.

A crawl folder can hold a FIFO (opening it for reading waits for a writer forever), a link to
``/dev/zero`` (reading it fills memory), a link that points to itself, or a file far larger
than any page. Every page and cache entry is read through :func:`read_regular`, which opens
without blocking, checks the open file with ``fstat`` and reads no more than its limit.
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

#: the largest page file read; a larger one is reported and not read
MAX_FILE_BYTES = 256 * 1024 * 1024

_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a directory"),
)


class NotReadable(ValueError):
    """A path that is not a regular file, or a file above the limit; the message says which."""


def describe(mode: int) -> str:
    """What a file of this ``st_mode`` is, in words: "a FIFO", "a directory", ..."""
    for test, what in _KINDS:
        if test(mode):
            return what
    return "not a regular file"


def not_regular(path: Path) -> str | None:
    """Why ``path`` is not a page file that can be read, or None when it is a regular file
    (or a link to one): "a FIFO", "a symlink loop", "a broken symlink", ..."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symlink loop"
        if path.is_symlink():
            return "a broken symlink"
        return exc.strerror or str(exc)
    return None if stat.S_ISREG(mode) else describe(mode)


def read_regular(path: Path, limit: int, follow: bool = True) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Raises :class:`NotReadable` when the path is not a regular file or holds more than
    ``limit`` bytes (checked on the open file, and again while reading, so a file that grows
    or lies about its size cannot go past it), OSError when it cannot be opened. With
    ``follow=False`` a symlink in the last component is refused too.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotReadable(f"not a regular file: {describe(info.st_mode)}")
        if info.st_size > limit:
            raise NotReadable(f"larger than {limit} bytes ({info.st_size} bytes)")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    if size > limit:
        raise NotReadable(f"larger than {limit} bytes")
    return b"".join(chunks)
