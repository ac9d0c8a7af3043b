"""The ``kg`` command: each verb a few lines over one library call.

Exit codes: 0 success, 1 bad data or a failed operation (a message, never a traceback),
2 a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Callable, Sequence

from kg.errors import DataError, KgError

__all__ = ["main"]

_PATHS_HELP = "data set folders (each holding dataset.yaml) or folders of them; default: the bundled data/"


def _build(args: argparse.Namespace) -> int:
    from kg.build import build
    from kg.outputs import counts, write_outputs

    corpus, graph = build(args.paths)
    written = write_outputs(graph, args.out)
    summary = ", ".join(f"{n} {kind}" for kind, n in counts(corpus).items())
    for path in written:
        print(f"wrote {path}")
    print(f"{len(corpus.records())} entities ({summary}); {len(graph)} triples")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from kg.build import build

    corpus, _ = build(args.paths)
    names = ", ".join(ds.folder for ds in corpus.datasets)
    print(f"valid: {len(corpus.records())} entities in {names}")
    return 0


def _schema(args: argparse.Namespace) -> int:
    from kg.files import write_text
    from kg.schema import json_schema

    text = json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
    if args.out:
        write_text(args.out, text)
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg", description="Build a knowledge graph of goals, battles, work areas, measures and "
                               "indicators from policy documents written as YAML.")
    sub = parser.add_subparsers(dest="verb", metavar="VERB", required=True)

    def verb(name: str, run: Callable[[argparse.Namespace], int], help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.set_defaults(run=run)
        return p

    p = verb("build", _build, "validate the data and write the graph (out/graph.ttl)")
    p.add_argument("paths", nargs="*", metavar="PATH", help=_PATHS_HELP)
    p.add_argument("--out", default="out", metavar="DIR", help="output folder (default: %(default)s)")

    p = verb("validate", _validate, "check the data (YAML, references, quotes, SHACL) and write nothing")
    p.add_argument("paths", nargs="*", metavar="PATH", help=_PATHS_HELP)

    p = verb("schema", _schema, "print the JSON Schema of the YAML data format")
    p.add_argument("--out", metavar="FILE", help="write it to FILE instead of standard output")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``kg`` command line; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except DataError as e:
        print(e.report(), file=sys.stderr)
        return 1
    except KgError as e:
        print(f"kg {args.verb}: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"kg {args.verb}: {e.filename or ''}: {e.strerror}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
