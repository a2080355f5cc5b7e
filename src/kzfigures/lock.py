"""One run at a time per output folder.

A run holds an exclusive ``fcntl.flock`` on ``<output>/.lock`` from before it reads the
previous dataset until its last file is in place. The kernel drops the lock when the process
ends, however it ends, so a killed run never leaves a stale lock behind. The lock file
itself stays (removing it would let two runs lock two different files); while a run holds
it, it contains that run's process id, which the message of a waiting run names.
"""
from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = ".lock"


class FolderBusy(Exception):
    """Another run held the output folder's lock for longer than we were willing to wait."""

    def __init__(self, folder: Path, waited: float, holder: str | None) -> None:
        self.folder, self.waited, self.holder = folder, waited, holder
        by = f" by process {holder}" if holder else ""
        super().__init__(
            f"another kzfigures run is writing to {folder}/ (lock {folder / LOCK_NAME} held{by}); "
            f"gave up after waiting {waited:g} s")


def _holder(fd: int) -> str | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return None
    return text if text.isdigit() else None


@contextmanager
def hold(folder: str | os.PathLike[str], wait: float = 10.0, poll: float = 0.1) -> Iterator[Path]:
    """Hold the folder's lock for the ``with`` block, waiting up to ``wait`` seconds for it.

    Creates the folder if needed. Raises :class:`FolderBusy` when the lock stays taken.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    _HELD.add(fd)
    try:
        deadline = time.monotonic() + max(wait, 0.0)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise FolderBusy(folder, wait, _holder(fd)) from None
                time.sleep(min(poll, remaining))
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        try:
            yield path
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        _HELD.discard(fd)
        os.close(fd)


#: lock descriptors this process holds: a forked worker inherits them
_HELD: set[int] = set()


def close_inherited() -> None:
    """In a forked child: close the lock descriptors inherited from the parent, without
    unlocking them (a ``flock`` belongs to the open file both share: unlocking here would
    free the parent's lock). The lock is then released as soon as the parent is gone, even
    if the child lives on."""
    for fd in list(_HELD):
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD.clear()
