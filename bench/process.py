"""Running one command as a user runs it, and measuring what the user sees: the wall time of the
whole process (interpreter start and imports included), the peak resident memory of that
process alone (``os.wait4`` gives each child's own resource usage), and the CPU time it and its
workers spent.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

__all__ = ["KG", "ROOT", "Sample", "checkout_env", "measure"]

ROOT = Path(__file__).resolve().parent.parent
#: kg's command line, as the benchmark runs it: this interpreter, this checkout's kg.
KG = [sys.executable, "-m", "kg.cli"]


@dataclass(frozen=True)
class Sample:
    """One run of one command."""

    seconds: float
    peak_mb: float
    stdout: str
    #: CPU time, user and system, of the process and of every process it waited for (kg's workers):
    #: the work done, which varies less than the wall time on a machine shared with others.
    cpu_seconds: float = 0.0


def measure(argv: Sequence[str], env: Mapping[str, str] | None = None) -> Sample:
    """Run ``argv`` to its end; a failure stops the benchmark with the command and its error."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(argv), stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            tail = err.read().decode("utf-8", "replace")[-3000:]
            raise SystemExit(f"bench: {' '.join(argv)} exited with {proc.returncode}:\n{tail}")
        text = out.read().decode("utf-8", "replace")
    # ru_maxrss is in KiB on Linux, in bytes on macOS
    peak_mb = usage.ru_maxrss / (2**20 if sys.platform == "darwin" else 2**10)
    return Sample(seconds, peak_mb, text, usage.ru_utime + usage.ru_stime)


def checkout_env() -> dict[str, str]:
    """The children's environment: this checkout's kg and bench first on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env
