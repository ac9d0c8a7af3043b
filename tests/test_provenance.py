"""Every passage's offsets point at its exact quote in the source file."""

from __future__ import annotations

from pathlib import Path

from rdflib.namespace import DCTERMS, RDF

from conftest import ROOT
from kg.namespaces import KGO


def test_every_quote_offset_points_at_that_text(bundled):
    corpus, graph = bundled
    folders = {ds.base: Path(ROOT / ds.folder) if not Path(ds.folder).is_absolute() else Path(ds.folder)
               for ds in corpus.datasets}
    passages = list(graph.subjects(RDF.type, KGO.Passage))
    assert len(passages) > 20
    for passage in passages:
        source = graph.value(passage, DCTERMS.isPartOf)
        base = next(b for b in folders if str(source).startswith(b))
        text = (folders[base] / str(graph.value(source, KGO.sourceFile))).read_text(encoding="utf-8")
        start = graph.value(passage, KGO.startOffset).toPython()
        end = graph.value(passage, KGO.endOffset).toPython()
        assert text[start:end] == str(graph.value(passage, KGO.quote)), passage
        assert str(passage).endswith(f"#char={start},{end}")


def test_quote_must_fall_inside_its_source_span(minimal_copy: Path):
    import kg

    ds = minimal_copy / "dataset.yaml"
    ds.write_text(ds.read_text(encoding="utf-8") + "    span: [0, 12]\n", encoding="utf-8")
    problems = [p.message for p in kg.validate([minimal_copy])]
    assert problems == ["quote not found in source 'talk': '工业增加值达到2.94万亿元'"]
