"""The ontology and shapes: parseable, bilingual, and covering every term the code emits."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.model import KINDS
from kg import vocab
from kg.namespaces import KGO
from kg.vocab import KGO_TERMS
from kg.ontology import ontology_graph, shapes_graph


@pytest.fixture(scope="module")
def onto():
    return ontology_graph()


def _langs(graph, node, predicate):
    return {o.language for o in graph.objects(node, predicate) if isinstance(o, Literal)}


def test_every_class_and_property_has_zh_and_en_label_and_definition(onto):
    terms = [s for t in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty) for s in onto.subjects(RDF.type, t)]
    assert len(terms) > 30
    for term in terms:
        assert {"zh", "en"} <= _langs(onto, term, RDFS.label), term
        assert {"zh", "en"} <= _langs(onto, term, SKOS.definition), term


def test_every_kgo_term_the_code_knows_is_defined(onto):
    defined = {s for s in onto.subjects() if isinstance(s, URIRef)}
    for name in KGO_TERMS:
        assert KGO[name] in defined, name


def test_every_kind_class_and_predicate_is_in_the_ontology(onto):
    defined = set(onto.subjects())
    for kind in KINDS.values():
        assert (URIRef(kind.cls), RDF.type, OWL.Class) in onto
        for f in kind.fields:
            if f.predicate is not None and str(f.predicate).startswith(str(KGO)):
                assert URIRef(f.predicate) in defined, (kind.name, f.name)


@pytest.mark.parametrize("term", ["Mesure", "title"])  # not a term, though str has a title()
@pytest.mark.parametrize("vocabulary", [KGO, vocab.KGO], ids=["rdflib", "text"])
def test_misspelt_term_is_an_error(vocabulary, term):
    with pytest.raises(AttributeError):
        getattr(vocabulary, term)


def test_the_rdflib_kgo_holds_its_terms_given_as_text_and_copies():
    """kg.namespaces.KGO is for code reading rdflib graphs: a term given as text is one of its terms
    as its URIRef is, and it survives a copy or a pickle (a notebook's state, a worker's arguments)."""
    import copy
    import pickle

    assert KGO.Measure in KGO and str(KGO.Measure) in KGO
    assert str(KGO) + "Mesure" not in KGO
    for again in (copy.copy(KGO), copy.deepcopy(KGO), pickle.loads(pickle.dumps(KGO))):
        assert again.Measure == KGO.Measure


def test_shapes_parse_and_target_every_labelled_class():
    shapes = shapes_graph()
    sh = "http://www.w3.org/ns/shacl#"
    targets = set(shapes.objects(None, URIRef(sh + "targetClass")))
    for kind in KINDS.values():
        assert URIRef(kind.cls) in targets, kind.name


def test_every_term_of_a_standard_vocabulary_kg_writes_is_defined():
    """kg.vocab's SKOS, DCTERMS, PROV ... are open (rdflib's refuse a misspelt term, but importing
    rdflib is what kg.vocab avoids): each term kg's code names must be one rdflib's vocabulary
    defines, or ``SKOS.prefLable`` would quietly become an IRI nobody reads."""
    import re

    import rdflib.namespace

    package = Path(vocab.__file__).parent
    used = {(m[1], m[2]) for path in package.rglob("*.py")
            for m in re.finditer(r"\b(SKOS|DCTERMS|PROV|ORG|RDF|RDFS|OWL|VANN)\.([A-Za-z_]\w*)",
                                 path.read_text(encoding="utf-8"))
            if m[2] not in ("term_named", "iri", "terms")}
    assert len(used) > 20
    for name, term in sorted(used):
        assert str(getattr(vocab, name)) == str(getattr(rdflib.namespace, name)), name
        assert getattr(vocab, name).term_named(term) == str(getattr(getattr(rdflib.namespace, name), term)), (name, term)
