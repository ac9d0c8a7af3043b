"""Writing a built graph's files into an output folder, each atomically."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF

from kg.files import output_lock, write_text
from kg.model import Corpus
from kg.turtle import to_turtle

__all__ = ["write_outputs", "write_fast_outputs", "counts", "DEFAULT_OUT", "VIEW_LIMIT"]

#: Where ``kg build`` writes when no ``--out`` is given.
DEFAULT_OUT = Path("out")
#: Above this many entities ``kg build`` writes no graph.html: a view of the whole would be unreadable
#: (``kg view --focus`` shows a neighbourhood of any size graph).
VIEW_LIMIT = 20_000


def counts(corpus: Corpus) -> dict[str, int]:
    """Entities per kind, in the model's order of kinds."""
    return dict(sorted(Counter(r.kind for r in corpus.records()).items()))


def write_outputs(graph: Graph, out: str | Path = DEFAULT_OUT, lang: str = "en") -> list[Path]:
    """Write ``graph.ttl`` and ``graph.html`` (the network view) into ``out``.

    Every file is rendered in memory before any is written, and each is written atomically.
    """
    from kg.analyze import NODE_CLASSES
    from kg.view import render_view

    out = Path(out)
    rendered = {out / "graph.ttl": to_turtle(graph)}
    entities = sum(1 for cls in NODE_CLASSES for _ in graph.subjects(RDF.type, cls))
    if entities <= VIEW_LIMIT:
        rendered[out / "graph.html"] = render_view(graph, lang=lang)
    with output_lock(out):  # two builds into one folder: the last to take the lock writes all its files
        for path, text in rendered.items():
            write_text(path, text)
    return list(rendered)


def write_fast_outputs(corpus: Corpus, out: str | Path = DEFAULT_OUT, lang: str = "en") -> tuple[list[Path], int]:
    """The fast path's ``graph.ttl`` (streamed) and, for graphs small enough to view, ``graph.html``.

    Returns the files written and the number of triples streamed.
    """
    from kg.pipeline import build_graph
    from kg.stream import Counter, stream_turtle
    from kg.view import render_view

    out = Path(out)
    count = Counter()
    with output_lock(out):
        written = stream_turtle(corpus, out / "graph.ttl", count)
        if len(corpus.records()) <= VIEW_LIMIT:
            write_text(out / "graph.html", render_view(build_graph(corpus), lang=lang))
            written.append(out / "graph.html")
    return written, count.n
