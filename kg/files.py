"""Files kg reads and writes, safely.

Reading: a data or source file must resolve (symlinks followed) to a regular file inside its
data set's folder and be no bigger than a limit, so that data cannot make kg read ``/etc/shadow``,
``/dev/zero`` or a FIFO.

Writing: every output goes to a temporary file beside its target and is renamed into place only
when all the files of one operation are complete (:class:`OutputSet`), so a reader sees the old
set or the new one. A target that is not a regular file (``/dev/null``, a FIFO) is written
directly and never replaced. Every I/O error names its file.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

__all__ = ["OutputSet", "replaceable", "atomic_write", "write_text", "output_lock", "read_inside", "OutsideError", "LockBusy",
           "release_inherited_locks", "umask"]


class OutsideError(ValueError):
    """A file that must not be read: outside its folder, not a regular file, or too big."""


class LockBusy(OSError):
    """Another kg process holds the output folder's lock (only with ``wait=False``)."""


def umask() -> int:
    """The process's umask (read by setting it, so set back at once): what new files' modes lose."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _named(e: OSError, path: Path) -> OSError:
    """``e`` with ``path`` as its file name, so the message says which file failed."""
    if e.filename:
        return e
    named = OSError(e.errno, e.strerror or os.strerror(e.errno or 0), str(path))
    named.__cause__ = e
    return named


def replaceable(path: Path, marker: str) -> bool:
    """May kg replace the folder ``path``: it is absent, an empty folder, or one holding ``marker``
    (a file kg writes into the folders it makes). Never a file, a link, or a user's folder."""
    if not path.exists() and not path.is_symlink():
        return True
    if path.is_symlink() or not path.is_dir():
        return False
    return (path / marker).is_file() or not any(path.iterdir())


class OutputSet:
    """Files written together: each into a temporary beside it, all renamed into place by
    :meth:`commit`, or all removed by :meth:`discard`."""

    def __init__(self) -> None:
        self._staged: list[tuple[str, Path]] = []
        self._folders: list[tuple[Path, Path, str]] = []

    def add_folder(self, tmp: Path, path: Path, marker: str) -> None:
        """Stage a finished folder ``tmp`` to replace ``path`` at :meth:`commit`; ``path`` is
        replaced only if it is absent, empty, or holds the file ``marker`` (a folder kg made)."""
        self._folders.append((tmp, path, marker))

    @contextmanager
    def open(self, path: str | Path, mode: str = "w") -> Iterator[IO]:
        """A file to write ``path``'s new content into."""
        path = Path(path)
        text = "b" not in mode
        try:
            info = os.stat(path)
        except FileNotFoundError:
            info = None
        except OSError as e:
            raise _named(e, path) from None
        if info is not None and stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", str(path))
        if info is not None and not stat.S_ISREG(info.st_mode):  # /dev/null, a FIFO: write to it, never replace it
            try:
                with open(path, mode, encoding="utf-8" if text else None, newline="\n" if text else None) as f:
                    yield f
            except OSError as e:
                raise _named(e, path) from None
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        except OSError as e:
            raise _named(e, path) from None
        try:
            with os.fdopen(fd, mode, encoding="utf-8" if text else None, newline="\n" if text else None) as f:
                yield f
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, 0o666 & ~umask())  # mkstemp makes the file private; outputs are ordinary files
        except BaseException as e:
            os.unlink(tmp)
            if isinstance(e, OSError):
                raise _named(e, path) from None
            raise
        self._staged.append((tmp, path))

    def write_text(self, path: str | Path, text: str) -> None:
        with self.open(path) as f:
            f.write(text)

    def commit(self) -> list[Path]:
        """Rename every staged file and folder into place; returns the targets."""
        import shutil

        done = []
        for tmp_folder, path, marker in self._folders:
            old = None
            try:
                if not replaceable(path, marker):  # checked here too, where it is deleted
                    raise OSError(errno.EEXIST, f"exists and is not a folder kg made (no {marker})", str(path))
                if path.exists():
                    old = Path(tempfile.mkdtemp(prefix=f".{path.name}.old.", dir=path.parent))
                    os.replace(path, old / path.name)
                os.replace(tmp_folder, path)
            except OSError as e:
                if old is not None and (old / path.name).exists() and not path.exists():
                    os.replace(old / path.name, path)  # put the old folder back: nothing lost
                    old.rmdir()
                self.discard()
                raise _named(e, path) from None
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
            done.append(path)
        self._folders = []
        for tmp, path in self._staged:
            try:
                os.replace(tmp, path)
            except OSError as e:
                self.discard()
                raise _named(e, path) from None
            done.append(path)
        self._staged = []
        return done

    def discard(self) -> None:
        import shutil

        for tmp_folder, _, _ in self._folders:
            shutil.rmtree(tmp_folder, ignore_errors=True)
        self._folders = []
        for tmp, _ in self._staged:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
        self._staged = []

    def __enter__(self) -> OutputSet:
        return self

    def __exit__(self, kind: object, value: object, tb: object) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()


@contextmanager
def atomic_write(path: str | Path, mode: str = "w") -> Iterator[IO]:
    """Open a temporary file beside ``path``; on success it replaces ``path``, on error it is removed.

    A reader (or a build killed midway) sees the old file or the new one, never a half-written one.
    """
    with OutputSet() as files, files.open(path, mode) as f:
        yield f


def write_text(path: str | Path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path`` atomically."""
    with atomic_write(path) as f:
        f.write(text)


#: Descriptors of the output locks this process holds: a worker forked while one is held closes
#: them first thing (:func:`release_inherited_locks`), so that a lock dies with the process that took it.
_HELD: set[int] = set()


def release_inherited_locks() -> None:
    """In a freshly forked worker: close the output locks inherited from the parent."""
    for fd in list(_HELD):
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD.clear()


@contextmanager
def output_lock(folder: str | Path, wait: bool = True) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` while writing a set of files that belong together.

    The lock is an ``flock`` on the folder itself: it dies with the process that holds it (the
    descriptor is close-on-exec, and kg's forked workers close it at once), and there is no lock
    file that another process could remove. If the block fails and this call
    made the folder, the folder is removed again when it is empty: a failed build leaves no trace.
    With ``wait=False`` a held lock raises :class:`LockBusy` instead of waiting.
    """
    import fcntl

    folder = Path(folder)
    made_folder = False
    while True:  # the folder may be removed (by a failed build that made it) while we wait
        try:
            folder.mkdir(parents=True)
            made_folder = True
        except FileExistsError:
            pass
        except OSError as e:
            raise _named(e, folder) from None
        try:
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        except FileNotFoundError:
            continue  # removed between mkdir and open by a failed build that had made it
        except OSError as e:
            raise _named(e, folder) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            os.close(fd)
            raise LockBusy(errno.EWOULDBLOCK, "another kg process is writing here", str(folder)) from None
        try:
            current = os.stat(folder)
            here = os.fstat(fd)
            if (current.st_dev, current.st_ino) == (here.st_dev, here.st_ino):
                break
        except FileNotFoundError:
            pass
        os.close(fd)
    _HELD.add(fd)
    try:
        yield
    except BaseException:
        if made_folder:
            try:
                folder.rmdir()  # only succeeds when empty
            except OSError:
                pass
        raise
    finally:
        _HELD.discard(fd)
        os.close(fd)


def read_inside(path: str | Path, root: str | Path, limit: int) -> bytes:
    """The bytes of ``path``, which must resolve to a regular file inside ``root`` of at most
    ``limit`` bytes; :class:`OutsideError` says why not (without echoing any content)."""
    path, root = Path(path), Path(root)
    real, real_root = path.resolve(), root.resolve()
    if real != real_root and real_root not in real.parents:
        raise OutsideError(f"{path} is outside the data set folder {root}")
    # O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it
    fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OutsideError(f"{path} is not a regular file")
        if info.st_size > limit:
            raise OutsideError(f"{path} is {info.st_size / 2**20:,.1f} MiB; the limit is {limit // 2**20} MiB per file")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # grew while being read
            raise OutsideError(f"{path} is bigger than the limit of {limit // 2**20} MiB per file")
        return b"".join(chunks)
    finally:
        os.close(fd)
