"""Reading a built graph's Turtle into an in-memory pyoxigraph store, in a thread of its own.

pyoxigraph parses without holding Python's lock, so the command line starts the reading as soon
as it knows the file (``--graph``) and imports the rest of kg meanwhile: at 10,000 measures the
two take about as long as each other. This module imports nothing of kg's, so that starting it
waits for nothing else.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pyoxigraph as ox

__all__ = ["TurtleReading"]


class TurtleReading:
    """A Turtle file being parsed into a new in-memory store; :meth:`store` waits for it."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._store = ox.Store()
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        if self.path.is_file():  # otherwise store() says so: kg's errors are not imported here
            # Not a daemon: a thread stopped inside pyoxigraph at the interpreter's exit aborts it.
            self._thread = threading.Thread(target=self._read, name=f"reading {self.path.name}")
            self._thread.start()

    def _read(self) -> None:
        try:
            # One transaction (load), not bulk_load: in memory it is the faster of the two.
            self._store.load(path=str(self.path), format=ox.RdfFormat.TURTLE)
        except BaseException as e:  # noqa: BLE001 - handed to the thread that waits in store()
            self._error = e

    def wait(self) -> None:
        """Wait for the reading to end, whether or not it worked (before leaving on an error)."""
        if self._thread is not None:
            self._thread.join()

    def store(self) -> ox.Store:
        """The store once the whole file is read; a :class:`kg.errors.UsageError` when the file
        is missing or is not Turtle."""
        from kg.errors import UsageError

        if self._thread is None:
            raise UsageError(f"{self.path}: no such file")
        self.wait()
        if isinstance(self._error, (SyntaxError, ValueError)):
            raise UsageError(f"{self.path}: not a Turtle file: {self._error}") from None
        if isinstance(self._error, MemoryError):  # pyoxigraph's, for one term or comment longer than its buffer
            raise UsageError(f"{self.path}: cannot be read: a term or comment is longer than the parser takes "
                             f"({self._error} bytes)") from None
        if isinstance(self._error, OSError) and self._error.filename is None:
            # pyoxigraph's names no file, and has no errno: "Permission denied (os error 13)"
            raise OSError(self._error.errno, self._error.strerror or str(self._error), str(self.path)) from None
        if self._error is not None:
            raise self._error
        return self._store
