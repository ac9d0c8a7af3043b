"""Parameters bound by kg.binding, tried as an unlucky user or an attacker would: the lexer must
read SPARQL's terminals as the parsers do, a value must stay a term, and the answers must be those
of the query with the value written in by hand.

These run on a small graph of their own, so they are fast; the named queries' bindings are tested
on the bundled data in test_query.py."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from kg.errors import QueryError, UsageError
from kg.query import Param, bind_values, run_query

EX = "PREFIX ex: <http://x/>\n"
A = (Param("a", "entity", "an entity"),)


@pytest.fixture(scope="module")
def graph() -> Graph:
    g = Graph()
    g.parse(data="""@prefix ex: <http://x/> .
        ex:a ex:p ex:b , ex:c . ex:b ex:p ex:c . ex:d ex:p ex:a .
        ex:m1 ex:in ex:a . ex:m2 ex:in ex:a . ex:m3 ex:in ex:b . ex:a ex:label "a"@en .""", format="turtle")
    return g


def rows(result, columns: list[str]) -> list[tuple[str, ...]]:
    """The rows of ``result`` in ``columns``, sorted (the engines give them in their own order)."""
    at = [result.columns.index(c) for c in columns]
    return sorted(tuple(str(row[i]) for i in at) for row in result.rows)


# -- the lexer reads SPARQL's terminals -------------------------------------------------------

V = "VALUES (?a) { (<http://x/a>) }"


@pytest.mark.parametrize("query, bound", [
    # an escaped '#' or '.' in a prefixed name is no comment, and no end of the name
    (r"SELECT ?a WHERE { ?a ex:p\#x ?o }", r"SELECT ?a WHERE { V  ?a ex:p\#x ?o }"),
    (r"SELECT ?a WHERE { ?a ex:q\.SELECT ?o }", r"SELECT ?a WHERE { V  ?a ex:q\.SELECT ?o }"),
    # a '.' inside a prefixed name: 'ex:p.SELECT' is a name, not a sub-select
    ("SELECT ?a ?n WHERE { ?a ex:p.SELECT ?a . { SELECT (COUNT(?m) AS ?n) WHERE { ?m ex:in ?a } } }",
     "SELECT ?a ?n WHERE { V  ?a ex:p.SELECT ?a . { SELECT (COUNT(?m) AS ?n) WHERE { ?m ex:in ?a } } }"),
    ("SELECT*{?a ex:p ?o}", "SELECT*{ V ?a ex:p ?o}"),  # '*' ends the keyword
    (r"SELECT ?a WHERE { ?a <http://x/\u0070#> ?o }", r"SELECT ?a WHERE { V  ?a <http://x/\u0070#> ?o }"),
    # '?a⺀' is one variable (U+2E80 is a SPARQL name character, not a Python \w one), not '?a'
    ("SELECT ?a ?n WHERE { ?a ex:p ?o { SELECT ?a\u2e80 ?n WHERE { ?a\u2e80 ex:p ?n } } }",
     "SELECT ?a ?n WHERE { V  ?a ex:p ?o { SELECT ?a\u2e80 ?n WHERE { ?a\u2e80 ex:p ?n } } }"),
    # braces, '#', SELECT and variables inside each form of string, an IRI and a comment
    ("""SELECT ?a WHERE { ?a ?p ?o FILTER(?o NOT IN ("{ SELECT ?a {", '} #', \"\"\" " "" } \\\""" \"\"\","""
     """ ''' ' '' { ''', "\\\\", "\\"}") ) } # { SELECT ?a {""",
     """SELECT ?a WHERE { V  ?a ?p ?o FILTER(?o NOT IN ("{ SELECT ?a {", '} #', \"\"\" " "" } \\\""" \"\"\","""
     """ ''' ' '' { ''', "\\\\", "\\"}") ) } # { SELECT ?a {"""),
    ("SELECT ?a WHERE { ?a <http://x/{SELECT?a}> ?o }".replace("{SELECT?a}", "SELECT?a#"),
     "SELECT ?a WHERE { V  ?a <http://x/SELECT?a#> ?o }"),
    # $a is ?a; keywords in any case; FROM clauses; no WHERE; local names that are keywords
    ("select $a from <http://x/g> from named <http://x/h> { $a ex:SELECT ?o { select $a { $a ex:AS ?b } } }",
     "select $a from <http://x/g> from named <http://x/h> { V  $a ex:SELECT ?o { select $a { V  $a ex:AS ?b } } }"),
    # a sub-select in OPTIONAL, MINUS, UNION, FILTER EXISTS, GRAPH, nested in one that projects ?a
    ("SELECT ?a { OPTIONAL { SELECT ?a { ?a ?p ?o } } MINUS { SELECT ?a { ?a ?p ?o } } "
     "{ SELECT ?a { ?a ?p ?o } } UNION { SELECT ?a { ?a ?p ?o } } FILTER EXISTS { SELECT ?a { ?a ?p ?o } } "
     "GRAPH ?g { SELECT ?a { { SELECT ?a { ?a ?p ?o } } } } }",
     "SELECT ?a { V  OPTIONAL { SELECT ?a { V  ?a ?p ?o } } MINUS { SELECT ?a { V  ?a ?p ?o } } "
     "{ SELECT ?a { V  ?a ?p ?o } } UNION { SELECT ?a { V  ?a ?p ?o } } FILTER EXISTS { SELECT ?a { V  ?a ?p ?o } } "
     "GRAPH ?g { SELECT ?a { V  { SELECT ?a { V  ?a ?p ?o } } } } }"),
    # a sub-select alone in a sub-select's group is wrapped, as in the query's
    ("SELECT ?a { { SELECT ?a WHERE { SELECT ?a WHERE { ?a ?p ?o } } } }",
     "SELECT ?a { V  { SELECT ?a WHERE { V { SELECT ?a WHERE { V  ?a ?p ?o } } } } }"),
    # a trailing VALUES clause, and CONSTRUCT, ASK and DESCRIBE
    ("SELECT ?a WHERE { ?a ?p ?o } values ?o { ex:b }", "SELECT ?a WHERE { V  ?a ?p ?o } values ?o { ex:b }"),
    ('CONSTRUCT { ?a ex:r "{" } WHERE { ?a ?p ?o }', 'CONSTRUCT { ?a ex:r "{" } WHERE { V  ?a ?p ?o }'),
    ("DESCRIBE ?a WHERE { ?a ?p ?o }", "DESCRIBE ?a WHERE { V  ?a ?p ?o }"),
])
def test_values_go_where_the_sparql_grammar_puts_the_groups(query, bound):
    assert bind_values(query, {"a": URIRef("http://x/a")}) == bound.replace("V", V)


@pytest.mark.parametrize("query, bound", [
    # a variable a sub-select binds by AS has no value inside it to start from: joined outside only
    ("SELECT ?a WHERE { { SELECT (?b AS ?a) WHERE { ?b ?p ?o } } }",
     "SELECT ?a WHERE { V  { SELECT (?b AS ?a) WHERE { ?b ?p ?o } } }"),
    ("SELECT ?a WHERE { { SELECT ?a WHERE { ?b ?p ?o BIND(?b AS ?a) } } }",
     "SELECT ?a WHERE { V  { SELECT ?a WHERE { ?b ?p ?o BIND(?b AS ?a) } } }"),
    ("SELECT ?a ?n WHERE { { SELECT ?a (COUNT(*) AS ?n) WHERE { ?b ?p ?o } GROUP BY (?b AS ?a) } }",
     "SELECT ?a ?n WHERE { V  { SELECT ?a (COUNT(*) AS ?n) WHERE { ?b ?p ?o } GROUP BY (?b AS ?a) } }"),
    # a BIND in a group of its own is joined like any pattern
    ("SELECT ?a WHERE { OPTIONAL { ?b ?p ?o BIND(?b AS ?a) } }", "SELECT ?a WHERE { V  OPTIONAL { ?b ?p ?o BIND(?b AS ?a) } }"),
])
def test_a_variable_bound_by_as_is_bound_outside_the_select_that_binds_it(query, bound):
    assert bind_values(query, {"a": URIRef("http://x/a")}) == bound.replace("V", V)


# -- the answers are those of the query with the value written in -----------------------------

ANSWERS = [  # (query, columns, the query with ex:a written in)
    ("SELECT ?a ?o WHERE { ?a ex:p ?o }", ["o"], "SELECT ?o WHERE { ex:a ex:p ?o }"),
    ("SELECT ?o WHERE { ?s ex:p ?o FILTER(?s = ?a || ?o = ?a) }", ["o"],
     "SELECT ?o WHERE { ?s ex:p ?o FILTER(?s = ex:a || ?o = ex:a) }"),
    ("SELECT ?a ?l WHERE { ?a ex:label ?l FILTER(lang(?l)='en') } ORDER BY ?l", ["l"],
     "SELECT ?l WHERE { ex:a ex:label ?l FILTER(lang(?l)='en') } ORDER BY ?l"),
    ("SELECT ?s WHERE { ?s ex:p ?o FILTER NOT EXISTS { ?a ex:p ?s } }", ["s"],
     "SELECT ?s WHERE { ?s ex:p ?o FILTER NOT EXISTS { ex:a ex:p ?s } }"),
    ("ASK { ?a ex:p ex:c }", ["result"], "ASK { ex:a ex:p ex:c }"),
    ("ASK { ?a ex:p ex:d }", ["result"], "ASK { ex:a ex:p ex:d }"),
]
OXIGRAPH_ONLY = [
    ("SELECT ?m WHERE { ?m ex:in ?x OPTIONAL { ?x ex:p ?a } }", ["m"],
     "SELECT ?m WHERE { ?m ex:in ?x OPTIONAL { ?x ex:p ex:a } }"),
    ("SELECT ?a ?o WHERE { { SELECT ?a ?o WHERE { ?a ex:p ?o } ORDER BY ?o LIMIT 1 } }", ["o"],
     "SELECT ?o WHERE { { SELECT ?o WHERE { ex:a ex:p ?o } ORDER BY ?o LIMIT 1 } }"),
    # ?a inside a sub-select that does not project it is its own: not restricted
    ("SELECT ?a ?n WHERE { ?a ex:p ?x { SELECT (COUNT(?m) AS ?n) WHERE { ?m ex:in ?a } } }", ["n"],
     "SELECT ?n WHERE { ex:a ex:p ?x { SELECT (COUNT(?m) AS ?n) WHERE { ?m ex:in ?a } } }"),
    ("SELECT ?a ?n WHERE { ?a ex:p ?x { SELECT ?n WHERE { { SELECT ?a (COUNT(?m) AS ?n) WHERE { ?m ex:in ?a } "
     "GROUP BY ?a } } } }", ["n"],
     "SELECT ?n WHERE { ex:a ex:p ?x { SELECT ?n WHERE { { SELECT ?a (COUNT(?m) AS ?n) WHERE { ?m ex:in ?a } "
     "GROUP BY ?a } } } }"),
    ("SELECT ?a ?n WHERE { { SELECT ?a (COUNT(*) AS ?n) WHERE { SELECT ?a WHERE { ?a ex:p ?o } } GROUP BY ?a } }", ["n"],
     "SELECT ?n WHERE { { SELECT (COUNT(*) AS ?n) WHERE { SELECT ?o WHERE { ex:a ex:p ?o } } } }"),
    ("SELECT ?a ?o WHERE { { SELECT (?b AS ?a) ?o WHERE { ?b ex:p ?o } } }", ["o"],
     "SELECT ?o WHERE { { SELECT ?o WHERE { ex:a ex:p ?o } } }"),
    ("SELECT ?a ?n WHERE { ?a ex:p ?x . ?x ex:p.SELECT ?a . { SELECT (COUNT(?m) AS ?n) WHERE { ?m ex:in ?a } } }",
     ["n"], "SELECT ?n WHERE { ex:a ex:p ?x . ?x ex:p.SELECT ex:a . { SELECT (COUNT(?m) AS ?n) WHERE { ?m ex:in ?a } } }"),
]


def answer(graph: Graph, query: str, columns: list[str], engine: str, params: dict[str, str] | None = None):
    r = run_query(graph, EX + query, params, declared=A if params else (), engine=engine)
    return r.boolean if r.boolean is not None else rows(r, columns)


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("query, columns, written", ANSWERS)
def test_a_bound_value_gives_the_answers_of_the_value_written_in(graph, engine, query, columns, written):
    assert answer(graph, query, columns, engine, {"a": "ex:a"}) == answer(graph, written, columns, engine)


@pytest.mark.parametrize("query, columns, written", OXIGRAPH_ONLY)
def test_a_bound_value_reaches_the_sub_selects_as_written_in(graph, query, columns, written):
    """On pyoxigraph only: rdflib 7.6's engine gets these wrong with or without a binding (it pushes
    a joined row's values into a sub-select, even those it does not project; for a join of joins it
    drops the sub-select's repeated rows; a VALUES before an OPTIONAL loses every row)."""
    assert answer(graph, query, columns, "oxigraph", {"a": "ex:a"}) == answer(graph, written, columns, "oxigraph")


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("value", ['a"b', "a'b", "a\\b", "a\nb\r", "\\u0041", "\\\\U0001F600\\", "x\\u007D } ?s ?p ?o #",
                                   '"""', "'''", "x\" } ?s ?p ?o . { \"", "é\U0001F600"])
def test_a_literal_value_is_bound_as_it_is(engine, value):
    g = Graph()
    g.add((URIRef("http://x/s"), URIRef("http://x/p"), Literal(value)))
    g.add((URIRef("http://x/t"), URIRef("http://x/p"), Literal("other")))
    r = run_query(g, "SELECT ?s ?v WHERE { ?s ?p ?v }", {"v": value}, engine=engine)
    assert [(str(s), v) for s, v in r.rows] == [("http://x/s", Literal(value))]


# -- what cannot be bound is a clear error ----------------------------------------------------

@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("query, message", [
    # the query binds ?a itself: a value given first would clash (rdflib overwrote it, oxigraph refused)
    ("SELECT (?b AS ?a) WHERE { ?b ex:p ?o }", "<query>: ?a is bound by the query itself (AS ?a), so a parameter cannot bind it"),
    ("SELECT ?a WHERE { ?b ex:p ?o BIND(?b AS ?a) }", "<query>: ?a is bound by the query itself (AS ?a), so a parameter cannot bind it"),
    ("SELECT ?a (COUNT(*) AS ?n) WHERE { ?b ex:p ?o } GROUP BY (?b AS ?a)",
     "<query>: ?a is bound by the query itself (AS ?a), so a parameter cannot bind it"),
    # VALUES would add a column of its own
    ("SELECT * WHERE { ?s ex:p ?o }", "<query>: there is no ?a in the query to bind"),
])
def test_a_parameter_the_query_cannot_take_is_refused(graph, engine, query, message):
    with pytest.raises(QueryError) as e:
        run_query(graph, EX + query, {"a": "ex:a"}, declared=A, engine=engine)
    assert str(e.value) == message


def test_an_update_is_never_run_without_its_parameters(graph):
    """An update's variables are not bound: run unbound, DELETE WHERE { ?a ?p ?o } would delete every triple."""
    g = Graph()
    g += graph
    with pytest.raises(UsageError) as e:
        run_query(g, EX + "DELETE WHERE { ?a ex:p ?o }", {"a": "ex:a"}, declared=A, allow_update=True)
    assert str(e.value) == "<query>: parameters are bound in queries, not in updates; write the values into it"
    assert len(g) == len(graph)
