"""kg's exceptions: one base class; data problems carry their location."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.records import Loc

__all__ = ["KgError", "Problem", "DataError", "UsageError", "QueryError", "MAX_REPORTED"]

#: How many problems a report lists before it says "and N more".
MAX_REPORTED = 50


class KgError(Exception):
    """Base class of every error kg raises on purpose; the CLI prints it and exits 1
    (2 for a :class:`UsageError`)."""


class UsageError(KgError):
    """The caller asked for something that cannot be done (missing path, unknown format...);
    the CLI exits 2."""


class QueryError(KgError):
    """A query that cannot be parsed or run, or that was stopped; the message says where and why."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located in a file."""

    loc: Loc
    message: str
    entity: str | None = None
    #: True when the file could not be read as YAML at all (so its entities are missing).
    unreadable: bool = field(default=False, compare=False)

    def __str__(self) -> str:
        who = f"{self.entity}: " if self.entity else ""
        return f"{self.loc}: {who}{self.message}"


class DataError(KgError):
    """The input data has problems; ``problems`` lists every one found, in file order."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self, limit: int = MAX_REPORTED) -> str:
        lines = [str(p) for p in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(f"... and {len(self.problems) - limit} more")
        n = len(self.problems)
        lines.append(f"{n} problem{'s' if n != 1 else ''} found")
        return "\n".join(lines)
