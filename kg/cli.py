"""The ``kg`` command: each verb a few lines over one library call.

Exit codes: 0 success, 1 bad data or a failed operation (a message, never a traceback),
2 a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Callable, Sequence


__all__ = ["main"]

_PATHS_HELP = "data set folders (each holding dataset.yaml) or folders of them; default: the bundled data/"


def _build(args: argparse.Namespace) -> int:
    from kg.outputs import build_outputs

    written, stats = build_outputs(args.paths, args.out, args.lang, args.store, shacl=args.shacl)
    summary = ", ".join(f"{n} {kind}" for kind, n in sorted(stats.kinds.items()))
    for path in written:
        print(f"wrote {path}")
    if not any(p.name == "graph.html" for p in written):
        print(f"no graph.html: {stats.entities:,} entities are too many to view at once; "
              "kg view --focus ID shows a neighbourhood")
    print(f"{stats.entities} entities ({summary}); {stats.triples} triples")
    if stats.translations:
        print(f"kg build: warning: {stats.translations} label{'s' if stats.translations != 1 else ''} missing a "
              "language (translations to do; kg validate lists them)", file=sys.stderr)
    return 0


def _validate(args: argparse.Namespace) -> int:
    if args.shacl:
        from kg.pipeline import build

        corpus = build(args.paths)[0]
    else:
        from kg.pipeline import load_checked

        corpus = load_checked(args.paths)
    from kg.checks import translation_gaps
    from kg.errors import MAX_REPORTED, DataError

    gaps, coverage = translation_gaps(corpus)
    if gaps and args.strict:
        raise DataError(gaps)
    for p in gaps[:MAX_REPORTED]:
        print(f"{p.loc}: warning: {p.entity}: {p.message}", file=sys.stderr)
    if len(gaps) > MAX_REPORTED:
        print(f"... and {len(gaps) - MAX_REPORTED} more", file=sys.stderr)
    if gaps:
        print(f"{len(gaps)} translation{'s' if len(gaps) != 1 else ''} to do (warnings; errors with --strict)",
              file=sys.stderr)
    names = ", ".join(ds.folder for ds in corpus.datasets)
    print(f"valid: {len(corpus.records())} entities in {names}" + (f"; {coverage}" if gaps else ""))
    return 0


def _draft(args: argparse.Namespace) -> int:
    from kg.draft import draft_folder

    written = draft_folder(args.text, args.out, lang=args.lang, dataset=args.id, year=args.year)
    print(f"wrote {args.out} ({', '.join(p.name for p in written)})")
    print(f"next: correct it, then kg validate {args.out}")
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


def _emit(text: str, out: str | None) -> None:
    """Print ``text``, or write it atomically to ``out``."""
    if out:
        from kg.files import write_text

        write_text(out, text)
        print(f"wrote {out}", file=sys.stderr)
    else:
        sys.stdout.write(text)


def _params(pairs: list[str]) -> dict[str, str]:
    from kg.errors import UsageError

    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise UsageError(f"--param takes KEY=VALUE, found '{pair}'")
        out[key.strip()] = value
    return out


def _seconds(text: str) -> float | None:
    """``--timeout``'s value: seconds, 0 for no limit."""
    import math

    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value >= 0):
        raise argparse.ArgumentTypeError(f"must be a number of seconds, 0 or more (0: no limit), not '{text}'")
    return value or None


def _rows(text: str) -> int | None:
    """``--limit``'s value: a number of rows, 0 for no limit."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be a whole number of rows, 0 or more (0: no limit), not '{text}'")
    return value or None


def _query(args: argparse.Namespace) -> int:
    from kg.errors import UsageError
    from kg.graph import open_graph
    from kg.loader import data_folders
    from kg.query import check_query, named_queries, resolve_query, run_query
    from kg.tables import format_result

    if args.graph and args.store:
        raise UsageError("give --graph FILE.ttl or --store DIR, not both")
    if args.list and args.query:  # "kg query --list PATH": the one positional is a path, not a query
        args.paths, args.query = [args.query, *args.paths], None
    folders = [] if args.graph else data_folders(args.paths)
    if args.list:
        for q in named_queries(folders).values():
            params = "".join(f"\n      --param {p.name}=...  {p.doc}" for p in q.params)
            print(f"  {q.name:28} {q.description}{params}")
        return 0
    text, name, declared = resolve_query(args.query, folders, file=args.file)
    if args.endpoint:
        from kg.remote import ask_endpoint

        if args.graph or args.store or args.allow_update:
            raise UsageError("--endpoint asks a server: give no --graph, --store or --allow-update with it")
        result = ask_endpoint(args.endpoint, text, _params(args.param), name=name, declared=declared,
                              timeout=args.timeout, limit=args.limit)
        _emit(format_result(result, args.format, args.lang), args.out)
        return 0
    checked = check_query(text, allow_update=args.allow_update, allow_remote=args.allow_remote, name=name,
                          declared=declared, engine=args.engine)  # while the graph is being read
    if args.store:
        from kg.store import open_store

        graph = open_store(args.store)
    else:
        graph = open_graph(args.paths, args.turtle)
    result = run_query(graph, checked, _params(args.param), timeout=args.timeout, limit=args.limit)
    _emit(format_result(result, args.format, args.lang), args.out)
    return 0


def _analyze(args: argparse.Namespace) -> int:
    from kg.analyze import report
    from kg.graph import open_graph
    from kg.report import render_report

    graph = open_graph(args.paths, args.turtle)
    dataset = None
    if args.dataset:
        from kg.graph import dataset_iri

        dataset = dataset_iri(graph, args.dataset)
    data = report(graph, dataset)
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n" if args.format == "json" else render_report(data, args.lang)
    _emit(text, args.out)
    return 0


def _view(args: argparse.Namespace) -> int:
    from kg.graph import open_graph
    from kg.view import write_view

    out = write_view(open_graph(args.paths, args.turtle), args.out, lang=args.lang, layout=args.layout,
                     focus=args.focus, depth=args.depth)
    print(f"wrote {out}")
    return 0


def _export(args: argparse.Namespace) -> int:
    from kg.errors import UsageError
    from kg.export import EXPORTERS, export, exporter
    from kg.graph import open_graph

    if args.list:
        for e in EXPORTERS.values():
            print(f"  {e.name:10} {e.description}  (default: out/{e.default_name}{'/' if e.folder else ''})")
        return 0
    if not args.format:
        raise UsageError("give --format (kg export --list shows the formats)")
    exporter(args.format, args.dialect)  # a usage error before the graph is read
    written = export(open_graph(args.paths, args.turtle), args.format, args.out, dialect=args.dialect)
    for path in written:
        print(f"wrote {path}")
    return 0


def _push(args: argparse.Namespace) -> int:
    import getpass
    import os

    from kg.errors import UsageError

    from kg.graph import open_graph
    from kg.push import push

    password = None
    if args.user is not None:
        password = os.environ.get("KG_PASSWORD")
        if password is None:
            if not sys.stdin.isatty():
                raise UsageError("--user needs a password: set KG_PASSWORD (it is never read from the command line)")
            password = getpass.getpass(f"password for {args.user}: ")
    if args.graph is not None and args.graph.startswith(("http://", "https://")):
        raise UsageError(f"--graph is a built Turtle file, not '{args.graph}'; the graph to load into is --named-graph IRI")
    graph = open_graph(args.paths, args.turtle)
    total = len(graph)
    tty = sys.stderr.isatty()

    def progress(sent: int, triples: int) -> None:
        width = 30
        done = int(width * triples / total) if total else width
        end = "\r" if tty and triples < total else "\n"
        print(f"pushing [{'#' * done}{'.' * (width - done)}] {triples:,}/{total:,} triples ({sent} chunks)",
              end=end, file=sys.stderr, flush=True)

    result = push(graph, args.endpoint, graph_iri=args.named_graph, replace=args.replace, user=args.user,
                  password=password, chunk_size=args.chunk_size, update_endpoint=args.update_endpoint,
                  progress=progress, warn=lambda message: print(f"kg push: warning: {message}", file=sys.stderr))
    where = f"graph <{result.graph}>" if result.graph else "the default graph"
    how = "replaced" if args.replace else "added to"
    print(f"{how} {where} at {args.endpoint}: {result.triples:,} triples in {result.chunks} chunks ({result.protocol})")
    return 0


def _trace(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from kg.graph import open_graph
    from kg.trace import render_tree, trace

    step = trace(open_graph(args.paths, args.turtle), args.id, args.lang)
    text = json.dumps(asdict(step), ensure_ascii=False, indent=1) + "\n" if args.format == "json" else render_tree(step)
    _emit(text, args.out)
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

    p = verb("build", _build, "validate the data and write the graph (out/graph.ttl) and its view (out/graph.html)")
    p.add_argument("paths", nargs="*", metavar="PATH", help=_PATHS_HELP)
    p.add_argument("--out", default="out", metavar="DIR", help="output folder (default: %(default)s)")
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="first language of the view (default: %(default)s)")
    p.add_argument("--shacl", action="store_true",
                   help="also run the SHACL shapes on the whole graph (slow on large data; see the README)")
    p.add_argument("--store", metavar="DIR", help="also write a persistent store for kg query --store DIR")

    p = verb("validate", _validate, "check the data (YAML, references, quotes; SHACL with --shacl) and write nothing")
    p.add_argument("paths", nargs="*", metavar="PATH", help=_PATHS_HELP)
    p.add_argument("--shacl", action="store_true", help="also run the SHACL shapes on the whole graph")
    p.add_argument("--strict", action="store_true",
                   help="a label missing a language (a translation to do, e.g. kg draft's TODO) is an error, not a warning")

    p = verb("draft", _draft, "draft a data set from a policy text, for an analyst to correct")
    p.add_argument("text", metavar="TEXT", help="the document's text, a UTF-8 file")
    p.add_argument("--out", required=True, metavar="DIR", help="the new data set folder (must not exist, or be empty)")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the text (default: %(default)s)")
    p.add_argument("--id", metavar="ID", help="the data set's id (default: the folder's name)")
    p.add_argument("--year", type=int, metavar="YYYY",
                   help="the year the document was written (default: read from the text, and flagged)")

    p = verb("schema", _schema, "print the JSON Schema of the YAML data format")
    p.add_argument("--out", metavar="FILE", help="write it to FILE instead of standard output")

    def graph_options(p: argparse.ArgumentParser, formats: Sequence[str]) -> None:
        p.add_argument("paths", nargs="*", metavar="PATH", help=_PATHS_HELP)
        p.add_argument("--graph", "--input", dest="graph", metavar="FILE.ttl",
                       help="work on a built Turtle file instead of the data")
        p.add_argument("--format", choices=formats, default=formats[0], help="output format (default: %(default)s)")
        p.add_argument("--lang", choices=("en", "zh"), default="en", help="language of labels (default: %(default)s)")
        p.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")

    from kg.tables import FORMATS

    p = verb("query", _query, "run a named query, a .rq file or SPARQL text on the graph")
    p.add_argument("query", nargs="?", metavar="QUERY",
                   help="a named query (see --list), SPARQL text in quotes (anything with a space or a brace), "
                        "or else a FILE.rq")
    p.add_argument("--file", metavar="FILE.rq", help="read the query from FILE.rq, whatever its name")
    graph_options(p, FORMATS)
    p.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                   help="bind a query parameter; an entity may be given by its id, as dataset:id (an id used "
                        "in several data sets, e.g. goal=DATASET:GOAL_ID) or as an IRI")
    p.add_argument("--list", action="store_true", help="list the named queries with their parameters")
    p.add_argument("--allow-update", action="store_true", help="allow SPARQL updates (to the in-memory graph)")
    p.add_argument("--allow-remote", action="store_true",
                   help="allow SERVICE, LOAD, and FROM graphs the engine would download (refused by default: "
                        "a query reads the graph and sends nothing out)")
    p.add_argument("--store", metavar="DIR", help="query a persistent store written by kg export --format oxigraph")
    p.add_argument("--endpoint", metavar="URL",
                   help="ask a SPARQL 1.1 query endpoint instead, e.g. http://localhost:7878/query (Oxigraph); "
                        "entity parameters as IRIs or prefixed names")
    p.add_argument("--engine", choices=("oxigraph", "rdflib"), default="oxigraph",
                   help="SPARQL engine (default: %(default)s, the fast one)")
    from kg.limits import DEFAULT_LIMIT, DEFAULT_TIMEOUT

    p.add_argument("--timeout", type=_seconds, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                   help=f"stop a query after SECONDS (default: {DEFAULT_TIMEOUT:g}; 0: no limit)")
    p.add_argument("--limit", type=_rows, default=DEFAULT_LIMIT, metavar="ROWS",
                   help=f"stop a query that gives more than ROWS rows (default: {DEFAULT_LIMIT}; 0: no limit)")

    p = verb("analyze", _analyze, "network analyses: how measures reach goals, coverage, orphans, centrality; "
                                  "each data set and the links between them")
    graph_options(p, ("table", "json"))
    p.add_argument("--dataset", metavar="ID", help="analyse one document alone: a data set's id (or its base IRI)")

    p = verb("view", _view, "write the interactive HTML network view (one offline file)")
    p.add_argument("paths", nargs="*", metavar="PATH", help=_PATHS_HELP)
    p.add_argument("--graph", "--input", dest="graph", metavar="FILE.ttl",
                   help="work on a built Turtle file instead of the data")
    p.add_argument("--out", default="out/graph.html", metavar="FILE.html", help="where to write it (default: %(default)s)")
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="first language of labels (default: %(default)s)")
    p.add_argument("--layout", choices=("tree", "force"), default="tree", help="first layout (default: %(default)s)")
    p.add_argument("--focus", metavar="ID", help="show only the neighbourhood of this entity (id, dataset:id or IRI)")
    p.add_argument("--depth", type=int, default=2, metavar="N", help="links from --focus to include (default: %(default)s)")

    from kg.export import EXPORTERS

    p = verb("export", _export, "write the graph for RDF stores, Neo4j, Gephi and others")
    p.add_argument("paths", nargs="*", metavar="PATH", help=_PATHS_HELP)
    p.add_argument("--graph", "--input", dest="graph", metavar="FILE.ttl",
                   help="work on a built Turtle file instead of the data")
    p.add_argument("--format", choices=list(EXPORTERS), metavar="FORMAT",
                   help=f"one of: {', '.join(EXPORTERS)}")
    dialects = list(dict.fromkeys(d for e in EXPORTERS.values() for d in e.dialects))
    p.add_argument("--dialect", choices=dialects, metavar="DB",
                   help=f"the database a cypher export is for: one of {', '.join(dialects)}")
    p.add_argument("--out", metavar="FILE", help="where to write (default: out/ and the format's file name)")
    p.add_argument("--list", action="store_true", help="list the formats")

    p = verb("push", _push, "send the graph to a SPARQL 1.1 server (Graph Store HTTP Protocol)")
    p.add_argument("paths", nargs="*", metavar="PATH", help=_PATHS_HELP)
    p.add_argument("--endpoint", required=True, metavar="URL",
                   help="the server's Graph Store endpoint, e.g. http://localhost:7878/store (Oxigraph), "
                        "http://localhost:8890/sparql-graph-crud-auth (Virtuoso)")
    p.add_argument("--graph", "--input", dest="graph", metavar="FILE.ttl",
                   help="push a built Turtle file instead of the data")
    p.add_argument("--named-graph", metavar="IRI", help="the named graph to load into (default: the default graph)")
    p.add_argument("--replace", action="store_true",
                   help="replace the graph's content; loaded into a temporary graph first, so a failure leaves it as it was")
    p.add_argument("--user", metavar="NAME", help="user for HTTP Digest or Basic auth, as the server asks; "
                   "the password comes from KG_PASSWORD or a prompt")
    p.add_argument("--update-endpoint", metavar="URL",
                   help="SPARQL Update endpoint (default: from the endpoint's layout: Virtuoso's /sparql-auth, "
                        "GraphDB's /statements, else the sibling /update)")
    p.add_argument("--chunk-size", type=int, default=50_000, metavar="N", help="triples per request (default: %(default)s)")

    p = verb("trace", _trace, "trace a measure, indicator or observation up to its goals, with quotes")
    p.add_argument("id", metavar="ID", help="the entity's id, dataset:id (when several data sets use the id) or IRI")
    graph_options(p, ("tree", "json"))
    return parser


def _terminate(signum: int, frame: object) -> None:
    # Turn SIGTERM into an exception so that half-written temporary files are removed on the way out.
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``kg`` command line; returns the exit code."""
    import signal

    console = argv is None  # the console script, not a test calling main() in its own process
    if console:
        signal.signal(signal.SIGTERM, _terminate)
    args = argparse.Namespace(verb=None, turtle=None)
    try:  # an interrupt may come while the options are parsed and the heavy modules still imported
        args = _parser().parse_args(argv, args)
        code = _run(args, wait=not console)  # the console script's os._exit ends a reading no verb needed
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        code = 130
    if console and args.turtle is not None:
        _exit_now(code, args.verb)
    return code


def _exit_now(code: int, verb: str) -> None:
    """End the process without freeing the graph read into memory: the system takes it back at
    once, where freeing it term by term takes about a fifth of a second per 400,000 triples (as a
    compiler leaves its syntax trees to the system). Every file is closed by then; the reading
    thread may still be parsing a graph that no verb came to need (an error found first, an
    interrupt), and ends with the process. Only the standard streams are left to flush."""
    import os

    try:
        if sys.stdout is not None:  # None when kg was started with its standard output closed
            sys.stdout.flush()
    except OSError as e:  # a full disk, a reader gone: what was printed is lost, which is no success
        print(f"kg {verb}: {e.filename or ''}: {e.strerror}", file=sys.stderr)  # as _verb says it
        code = code or 1
    except ValueError:  # closed by kg itself
        pass
    try:
        if sys.stderr is not None:
            sys.stderr.flush()
    except (OSError, ValueError):  # nowhere left to say so
        pass
    os._exit(code)


def _run(args: argparse.Namespace, wait: bool = True) -> int:
    """Run the verb; with ``wait``, also wait for a reading of ``--graph`` it did not need to end."""
    args.turtle = None
    # read while the rest of kg is imported; not for a query that reads no graph file (a list, a
    # store, a server: each tells its own error about --graph). Only kg query: push's --endpoint
    # is where the graph it reads goes.
    reads_no_graph = args.verb == "query" and any(getattr(args, k, None) for k in ("list", "store", "endpoint"))
    if getattr(args, "graph", None) is not None and not reads_no_graph:
        from kg.reading import TurtleReading

        args.turtle = TurtleReading(args.graph)
    try:
        return _verb(args)
    finally:
        if args.turtle is not None and wait:  # a verb that stopped early leaves no thread reading
            args.turtle.wait()


def _verb(args: argparse.Namespace) -> int:
    from kg.errors import DataError, KgError, UsageError

    try:
        return args.run(args)
    except DataError as e:
        print(e.report(), file=sys.stderr)
        return 1
    except UsageError as e:  # exits 2, as argparse's own usage errors do
        print(f"kg {args.verb}: {e}", file=sys.stderr)
        return 2
    except KgError as e:
        print(f"kg {args.verb}: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"kg {args.verb}: {e.filename or ''}: {e.strerror}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
