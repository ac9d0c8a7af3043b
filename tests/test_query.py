"""Named queries answer the questions they claim to, on the real data, on both engines.

The named queries run on ``bundled_store``, the pyoxigraph store ``kg query`` reads; querying the
rdflib graph ``bundled[1]`` on pyoxigraph (which copies it into a store) is tested further down."""

from __future__ import annotations

import json
import threading
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from rdflib import Graph, Literal, URIRef

from conftest import DATA
from kg.errors import UsageError
from kg.namespaces import KGO
from kg.query import QUERY_DIR, Param, QueryError, bind_values, check_query, named_queries, run_query

SEED = DATA / "zhejiang-2024-manufacturing"
BASE = "https://w3id.org/kg-policy/zhejiang-2024-manufacturing/"
QUERIES = named_queries([SEED])
REQUIRED = {"search": {"text": "绿色工厂"}, "trace": {"entity": "hard-tech-achievements-2023"}}


def run(graph, name, engine="oxigraph", **params):
    q = QUERIES[name]
    return run_query(graph, q.text, params or REQUIRED.get(name, {}), name=q.path.name, declared=q.params,
                     engine=engine)


def ids(result, column):
    i = result.columns.index(column)
    return {str(row[i]).removeprefix(BASE) for row in result.rows if row[i] is not None}


def values(result):
    """Rows as comparable Python values; GROUP_CONCAT's order is unspecified in SPARQL, so its
    space-separated lists are compared as sorted lists."""
    def plain(n):
        v = n.toPython() if isinstance(n, Literal) else n
        return " ".join(sorted(v.split(" "))) if isinstance(v, str) and v.startswith("http") else v
    return sorted(tuple(plain(n) for n in row) for row in result.rows)


def test_there_are_at_least_twelve_generic_queries_and_ten_faq_queries():
    assert len([q for q in QUERIES if not q.startswith("faq-")]) >= 12
    assert sorted(q for q in QUERIES if q.startswith("faq-"))[-1].startswith("faq-10-")
    assert all(q.description for q in QUERIES.values())


#: Named queries that rdflib's engine takes more than ten seconds over (a variable predicate, paths
#: under a sub-select): their agreement is checked with the slow tests.
RDFLIB_SLOW = {"same-concept", "goals-without-measure"}


@pytest.mark.parametrize("name", [pytest.param(n, marks=[pytest.mark.slow] if n in RDFLIB_SLOW else [])
                                  for n in sorted(QUERIES)])
def test_engines_agree(bundled, bundled_store, name):
    """pyoxigraph on the store kg query reads, rdflib on the graph the pipeline builds."""
    assert values(run(bundled_store, name)) == values(run(bundled[1], name, engine="rdflib"))


def test_measures_for_goal(bundled_store):
    graph = bundled_store
    r = run(graph, "measures-for-goal", goal="direction-green")
    measures = ids(r, "measure")
    assert len(measures) == 17
    assert {"hundred-provincial-green-factories", "offshore-wind-base", "green-manufacturing"} <= measures
    routes = {(str(row[1]).removeprefix(BASE), str(row[2])) for row in r.rows}
    assert ("green-manufacturing", "directly") in routes
    assert ("offshore-wind-base", "work area") in routes
    top = run(graph, "measures-for-goal", goal="global-advanced-manufacturing-base")
    assert len(ids(top, "measure")) == 113  # every measure serves the top goal


def test_a_query_checked_before_the_graph_runs_as_checked(bundled_store):
    q = named_queries()["measures-for-goal"]
    checked = check_query(q.text, name=q.path.name, declared=q.params)  # no graph needed yet
    r = run_query(bundled_store, checked, {"goal": "direction-green"})
    assert r.rows == run(bundled_store, "measures-for-goal", goal="direction-green").rows
    assert len(r.rows) == 18  # 17 measures, one of them by two routes
    with pytest.raises(UsageError, match="^measures-for-goal.rq: unknown parameter gaol; it takes goal$"):
        run_query(bundled_store, checked, {"gaol": "x"})  # the parameters declared at the check
    with pytest.raises(QueryError, match="^<query>: this is an update; kg query only reads unless given --allow-update$"):
        check_query("DELETE WHERE { ?s ?p ?o }")
    assert check_query("DELETE WHERE { ?s kgo:inWorkArea ?o }", allow_update=True).parsed.is_update


def test_work_area_and_battle_measures(bundled_store):
    graph = bundled_store
    area = run(graph, "work-area-measures", area="green-low-carbon")
    assert len(ids(area, "measure")) == 17
    battle = run(graph, "battle-measures", battle="battle-risk-prevention")
    assert {"industrial-foundation-reengineering", "no-systemic-financial-risk",
            "guard-large-private-firm-liquidity", "work-safety-bottom-line"} <= ids(battle, "measure")


def test_indicators_for_a_work_area(bundled_store):
    graph = bundled_store
    r = run(graph, "indicators-for", of="green-low-carbon")
    assert {"national-green-factories", "provincial-green-factories", "industrial-solid-waste-utilisation",
            "energy-intensity-change"} <= ids(r, "indicator")


def test_observations_and_targets(bundled_store):
    graph = bundled_store
    obs = {row[1].removeprefix(BASE): row for row in run(graph, "observations").rows}
    assert len(obs) == 60  # 37 of the speech, 6 of the national plan, 17 of the 2025 government work report
    iva = obs["industrial-value-added-2023"]
    assert iva[2].toPython() == Decimal("2.94") and iva[3].toPython() == 12 and iva[8].toPython() == 3
    targets = run(graph, "targets-vs-actuals")
    assert {"trillion-clusters", "five-hundred-billion-clusters", "provincial-green-factories"} <= ids(targets, "indicator")


def test_mentions_and_search(bundled_store):
    graph = bundled_store
    assert ids(run(graph, "mentions-of", thing="role-chain-owner"), "entity") == {
        "optimise-chain-leader-mechanism", "chain-leaders-and-owners-role", "lead-firms-bring-in-specialised"}
    found = ids(run(graph, "search", text="绿色工厂"), "entity")
    assert {"hundred-provincial-green-factories", "org-green-factories"} <= found
    assert "org-green-factories" in ids(run(graph, "search", text="GREEN FACTOR"), "entity")


def test_gaps(bundled_store):
    graph = bundled_store
    # the 2025 report's main targets: the release gives them without the measures that reach them
    assert ids(run(graph, "goals-without-measure"), "goal") == {
        "understanding-total-factor-productivity",
        "https://w3id.org/kg-policy/zhejiang-2025-government-work-report/main-expected-targets-2025"}
    unmeasured = ids(run(graph, "measures-without-indicator"), "measure")
    assert "offshore-wind-base" in unmeasured and "hundred-provincial-green-factories" not in unmeasured


def test_source_statements_and_disagreements(bundled_store):
    graph = bundled_store
    faq = run(graph, "source-statements", source="faq")
    assert ids(faq, "entity") >= {"five-hundred-billion-clusters-faq", "industrial-value-added-2023"}
    page = run(graph, "source-statements", source="page")
    assert len(page.rows) > len(faq.rows)  # the page holds all three of its parts
    d = run(graph, "source-disagreements")
    assert len(d.rows) == 1
    row = dict(zip(d.columns, d.rows[0]))
    assert {row["value1"].toPython(), row["value2"].toPython()} == {4, 15}
    assert {str(row["source1"]), str(row["source2"])} == {BASE + "speech", BASE + "faq"}


def test_counts_by_class(bundled_store):
    graph = bundled_store
    counts = {str(row[0]).rsplit("#")[-1]: row[1].toPython() for row in run(graph, "counts-by-class").rows}
    assert counts["Measure"] == 137 and counts["Battle"] == 4 and counts["WorkArea"] == 6


# -- the ten FAQ questions ------------------------------------------------------------------

def test_faq_1_what_is_415x(bundled_store):
    r = run(bundled_store, "faq-01-what-is-415x")
    by_source = {(row[1].removeprefix(BASE), row[4].removeprefix(BASE)): row[2].toPython() for row in r.rows}
    assert by_source == {("trillion-clusters", "speech"): 4, ("trillion-clusters", "faq"): 4,
                         ("five-hundred-billion-clusters", "speech"): 4, ("five-hundred-billion-clusters", "faq"): 15}


def test_faq_2_achievements(bundled_store):
    r = run(bundled_store, "faq-02-achievements")
    rows = {row[0].removeprefix(BASE): row for row in r.rows}
    assert rows["industrial-value-added"][1].toPython() == Decimal("2.94") and rows["industrial-value-added"][4].toPython() == 3
    assert rows["digital-economy-scale"][1].toPython() == 4 and rows["digital-economy-scale"][2].toPython() == 12
    assert rows["industrial-digitalisation-index-first-streak"][4].toPython() == 1
    assert rows["equipment-manufacturing-share"][1].toPython() == Decimal("46.2")
    assert rows["high-tech-share"][1].toPython() == Decimal("67.1")
    assert rows["enterprise-innovation-capability"][4].toPython() == 3


@pytest.mark.parametrize("name, measures, actions", [
    ("faq-03-green-low-carbon", {"green-industrial-transformation", "energy-saving-key-fields", "green-energy-system"},
     {"hundred-provincial-green-factories", "offshore-wind-base"}),
    ("faq-04-digital-real-integration", {"large-model-scenarios", "smart-manufacturing-paradigm", "intelligent-computing"},
     {"computing-power-province", "new-smart-and-future-factories"}),
    ("faq-07-quality-and-brand", {"raise-made-in-zhejiang-quality", "polish-made-in-zhejiang-brand"},
     {"new-quality-upgrade-action", "new-industry-standardisation"}),
])
def test_faq_work_area_questions(bundled_store, name, measures, actions):
    r = run(bundled_store, name)
    assert measures <= ids(r, "measure")
    assert actions <= ids(r, "action")


def test_faq_5_specialised(bundled_store):
    r = run(bundled_store, "faq-05-specialised-enterprises")
    assert {"tiered-cultivation", "attract-new-firms", "large-small-integration"} <= ids(r, "measure")
    assert {"org-specialised-smes", "org-little-giants"} <= ids(r, "enterprise")


def test_faq_6_innovation(bundled_store):
    r = run(bundled_store, "faq-06-innovation-results")
    rows = {row[0].removeprefix(BASE): row for row in r.rows}
    assert rows["rd-intensity"][1].toPython() == Decimal("3.1")
    assert rows["hard-tech-achievements"][1].toPython() == 43
    assert rows["enterprise-innovation-capability"][3].toPython() == 3


def test_faq_8_risk(bundled_store):
    r = run(bundled_store, "faq-08-risk-prevention")
    assert {"industrial-foundation-reengineering", "chain-collaborative-tackling",
            "prevent-liquidity-risk-contagion", "no-systemic-financial-risk"} <= ids(r, "measure")


def test_faq_9_talent(bundled_store):
    r = run(bundled_store, "faq-09-talent")
    assert {"industrial-cadre-team", "entrepreneur-quality-project", "excellent-engineers",
            "engineer-training-chain"} <= ids(r, "measure")
    assert "program-engineer-chain" in ids(r, "programme")


def test_faq_10_policy(bundled_store):
    r = run(bundled_store, "faq-10-policy-support")
    assert ids(r, "measure") == {"tax-and-fee-cuts", "three-level-guarantee", "government-industrial-fund"}


# -- nothing beyond the graph unless allowed ---------------------------------------------------

class _Remote(BaseHTTPRequestHandler):
    """A SPARQL endpoint and a data file in one: records every request, answers one row or one triple."""

    def do_GET(self):
        self.server.seen.append(self.path)
        self._answer()

    def do_POST(self):
        self.rfile.read(int(self.headers.get("content-length", 0)))
        self.server.seen.append(self.path)
        self._answer()

    def _answer(self):
        if self.path.startswith("/sparql"):
            kind, body = "application/sparql-results+json", json.dumps({"head": {"vars": ["x"]}, "results": {
                "bindings": [{"x": {"type": "literal", "value": "from afar"}}]}})
        else:
            kind, body = "text/turtle", '<urn:a> <urn:b> "from afar" .\n'
        data = body.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def remote():
    """An HTTP server on this machine standing for the rest of the web; ``remote.seen`` lists its requests."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Remote)
    server.seen = []
    server.url = f"http://127.0.0.1:{server.server_port}"
    # a short poll, so that shutdown() returns at once rather than at serve_forever's next half second
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


REMOTE = [  # (engine, query, update?, what is refused)
    ("oxigraph", "SELECT ?x WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?x }} }}", False, "SERVICE <{url}/sparql>"),
    ("rdflib", "SELECT ?x WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?x }} }}", False, "SERVICE <{url}/sparql>"),
    ("oxigraph", "ASK {{ ?m a kgo:Measure FILTER NOT EXISTS {{ SERVICE SILENT <{url}/sparql> {{ ?m ?p ?x }} }} }}",
     False, "SERVICE <{url}/sparql>"),
    ("rdflib", "SELECT ?m WHERE {{ ?m a kgo:Battle {{ SELECT ?m WHERE {{ SERVICE <{url}/sparql> {{ ?m ?p ?x }} }} }} }}",
     False, "SERVICE <{url}/sparql>"),
    ("rdflib", "SELECT ?x FROM <{url}/data.ttl> WHERE {{ ?s ?p ?x }}", False, "FROM <{url}/data.ttl>"),
    ("rdflib", "SELECT ?x FROM NAMED <{url}/data.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?x }} }}", False,
     "FROM NAMED <{url}/data.ttl>"),
    ("oxigraph", "LOAD <{url}/data.ttl>", True, "LOAD <{url}/data.ttl>"),
    ("oxigraph", "INSERT {{ ?s ?p ?x }} USING <{url}/data.ttl> WHERE {{ ?s ?p ?x }}", True, "USING <{url}/data.ttl>"),
]


@pytest.mark.parametrize("engine, query, update, refused", REMOTE, ids=[
    "service", "service-rdflib", "service-in-not-exists", "service-in-subquery-rdflib", "from-rdflib",
    "from-named-rdflib", "load", "using"])
def test_a_query_reaching_beyond_the_graph_is_refused_and_sends_nothing(remote, engine, query, update, refused):
    graph = Graph()
    with pytest.raises(QueryError) as e:
        run_query(graph, query.format(url=remote.url), engine=engine, allow_update=update)
    assert str(e.value) == (f"<query>: this query reaches beyond the graph ({refused.format(url=remote.url)}); "
                            "kg query only reads the graph unless given --allow-remote")
    assert remote.seen == [] and len(graph) == 0


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_allow_remote_lets_service_through(remote, engine):
    r = run_query(Graph(), f"SELECT ?x WHERE {{ SERVICE <{remote.url}/sparql> {{ ?s ?p ?x }} }}", engine=engine,
                  allow_remote=True)
    assert [str(row[0]) for row in r.rows] == ["from afar"] and remote.seen


def test_from_names_a_graph_of_the_store_on_oxigraph_and_fetches_nothing(remote, bundled):
    r = run_query(bundled[1], f"SELECT ?x FROM <{remote.url}/data.ttl> WHERE {{ ?s ?p ?x }}")
    assert (r.rows, remote.seen) == ([], [])


def test_a_data_set_query_cannot_shadow_a_built_in_one(tmp_path):
    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "search.rq").write_text("# Mine\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(QueryError) as e:
        named_queries([tmp_path])
    assert str(e.value) == (f"{tmp_path / 'queries' / 'search.rq'}: a query named 'search' is already "
                            f"{QUERY_DIR / 'search.rq'}; rename one of them")


# -- parameters are bound through the SPARQL parser, as checked terms -------------------------

def test_bind_values_finds_the_where_group_with_the_parser():
    one_line = "PREFIX k: <http://x/#> SELECT ?a WHERE { ?a k:p ?b }"  # the '#' is part of an IRI
    assert bind_values(one_line, {"b": Literal("x")}) == 'PREFIX k: <http://x/#> SELECT ?a WHERE { VALUES (?b) { ("x") }  ?a k:p ?b }'
    commented = '# SELECT { \nSELECT ?a # WHERE {\nWHERE { ?a ?p "{#}" }'
    assert bind_values(commented, {"a": URIRef("http://x/a")}) == (
        '# SELECT { \nSELECT ?a # WHERE {\nWHERE { VALUES (?a) { (<http://x/a>) }  ?a ?p "{#}" }')
    subselect = "SELECT * WHERE { SELECT ?a WHERE { ?a ?p ?o } }"  # a sub-select must stay alone in its group
    assert bind_values(subselect, {"a": URIRef("http://x/a")}) == (
        "SELECT * WHERE { VALUES (?a) { (<http://x/a>) } { SELECT ?a WHERE { VALUES (?a) { (<http://x/a>) }  "
        "?a ?p ?o } } }")
    in_text = 'SELECT ?a WHERE { ?a ?p "{ SELECT ?a WHERE {" }'  # a string is not a sub-select
    assert bind_values(in_text, {"a": URIRef("http://x/a")}) == (
        'SELECT ?a WHERE { VALUES (?a) { (<http://x/a>) }  ?a ?p "{ SELECT ?a WHERE {" }')


@pytest.mark.parametrize("query, bound", [
    # a sub-select projecting ?a starts from the value too; one binding it by AS has none inside to start from
    ("SELECT ?a ?n WHERE { { SELECT ?a (COUNT(?m) AS ?n) WHERE { ?m ?p ?a } GROUP BY ?a } }",
     "SELECT ?a ?n WHERE { V  { SELECT ?a (COUNT(?m) AS ?n) WHERE { V  ?m ?p ?a } GROUP BY ?a } }"),
    ("SELECT ?a WHERE { { SELECT (?b AS ?a) WHERE { ?b ?p ?o } } }",
     "SELECT ?a WHERE { V  { SELECT (?b AS ?a) WHERE { ?b ?p ?o } } }"),
    # ?a inside a sub-select that does not project it, or under one that does not, is another variable
    ("SELECT ?a ?n WHERE { ?a ?q ?t { SELECT (COUNT(?m) AS ?n) WHERE { ?m ?p ?a } } }",
     "SELECT ?a ?n WHERE { V  ?a ?q ?t { SELECT (COUNT(?m) AS ?n) WHERE { ?m ?p ?a } } }"),
    ("SELECT ?n WHERE { { SELECT ?n WHERE { { SELECT ?a ?n WHERE { ?a ?p ?n } } } } }",
     "SELECT ?n WHERE { V  { SELECT ?n WHERE { { SELECT ?a ?n WHERE { ?a ?p ?n } } } } }"),
    ("SELECT ?a WHERE { { SELECT * WHERE { ?a ?p ?o } } }",  # what * projects is left to the engine
     "SELECT ?a WHERE { V  { SELECT * WHERE { ?a ?p ?o } } }"),
    ("CONSTRUCT { ?a ?p ?o } WHERE { ?a ?p ?o }", "CONSTRUCT { ?a ?p ?o } WHERE { V  ?a ?p ?o }"),
    ("ASK { FILTER EXISTS { ?a ?p ?o } }", "ASK { V  FILTER EXISTS { ?a ?p ?o } }"),
])
def test_values_open_the_query_and_each_sub_select_that_passes_the_variable_up(query, bound):
    assert bind_values(query, {"a": URIRef("http://x/a")}) == bound.replace("V", "VALUES (?a) { (<http://x/a>) }")


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_one_line_query_with_a_prefix_iri_ending_in_hash_binds_its_parameter(bundled, engine):
    text = "PREFIX k: <https://w3id.org/kg-policy/ontology#> SELECT ?measure WHERE { ?measure k:inWorkArea ?area }"
    r = run_query(bundled[1], text, {"area": "green-low-carbon"}, declared=(Param("area", "entity", "the area"),),
                  engine=engine)
    assert len(ids(r, "measure")) == len(r.rows) == 17


AREA = (Param("area", "entity", "the work area"),)


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_parameter_reaches_the_sub_select_that_projects_it_and_no_other(bundled, engine):
    """A sub-select projecting ?area sees the value, one that only uses ?area does not (rdflib's
    initial bindings would reach it)."""
    graph = bundled[1]
    counted = "SELECT ?area ?n WHERE { { SELECT ?area (COUNT(?m) AS ?n) WHERE { ?m kgo:inWorkArea ?area } GROUP BY ?area } }"
    r = run_query(graph, counted, {"area": "green-low-carbon"}, declared=AREA, engine=engine)
    assert [(ids(r, "area"), row[1].toPython()) for row in r.rows] == [({"green-low-carbon"}, 17)]
    scoped = ("SELECT ?area ?n WHERE { ?area a kgo:WorkArea . "
              "{ SELECT (COUNT(?m) AS ?n) WHERE { ?m kgo:inWorkArea ?area } } }")
    r = run_query(graph, scoped, {"area": "green-low-carbon"}, declared=AREA, engine=engine)
    every = len(set(graph.triples((None, KGO.inWorkArea, None))))
    assert [(ids(r, "area"), row[1].toPython()) for row in r.rows] == [({"green-low-carbon"}, every)]


INJECTED = "https://example.org/x> } ?goal ?p ?o . { <https://example.org/y"


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("value, message", [
    (INJECTED, "--param goal 'https://example.org/x> } ?goal ?p ?o . { <https://example.or…' is not a valid IRI "
               "(Invalid IRI code point '>')"),
    ("kgo:a>b", "--param goal 'https://w3id.org/kg-policy/ontology#a>b' is not a valid IRI (Invalid IRI code point '>')"),
])
def test_an_entity_parameter_is_checked_as_an_iri_before_it_is_bound(bundled, engine, value, message):
    q = QUERIES["measures-for-goal"]
    with pytest.raises(UsageError) as e:
        run_query(bundled[1], q.text, {"goal": value}, declared=q.params, engine=engine)
    assert str(e.value) == message


def test_bind_values_refuses_what_is_not_a_term_or_a_variable_name():
    with pytest.raises(UsageError) as e:
        bind_values("SELECT ?a WHERE { ?a ?p ?b }", {"b": URIRef(INJECTED)})
    assert str(e.value).startswith("--param b 'https://example.org/x> } ?goal ?p ?o . { <https://")
    with pytest.raises(UsageError) as e:
        run_query(Graph(), "SELECT ?a WHERE { ?a ?p ?b }", {"b) } #": "x"})
    assert str(e.value) == "--param 'b) } #' is not a SPARQL variable name"


def test_a_parameter_needs_a_where_group_to_be_bound_in(bundled):
    with pytest.raises(QueryError) as e:
        run_query(bundled[1], "CONSTRUCT WHERE { ?s kgo:inWorkArea ?area }", {"area": "x"})
    assert str(e.value) == ("<query>: parameters are bound in the group after WHERE, and none was found in this "
                            "query (write CONSTRUCT { ... } WHERE { ... }, not CONSTRUCT WHERE { ... })")


# -- a runaway query is stopped ----------------------------------------------------------------

@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_cartesian_query_is_stopped_at_the_timeout(bundled, engine):
    # ~10^8 rows, yielded one by one: the query stops at its next row once the time is up
    with pytest.raises(QueryError) as e:
        run_query(bundled[1], "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }", engine=engine, timeout=0.2, limit=None)
    assert str(e.value) == "<query>: query stopped after 0.2 s; --timeout raises it"


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("query", ["SELECT ?s WHERE { ?s ?p ?o }", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"])
def test_rows_beyond_the_limit_stop_the_query(bundled, engine, query):
    with pytest.raises(QueryError) as e:
        run_query(bundled[1], query, engine=engine, limit=3)
    assert str(e.value) == "<query>: query stopped after 3 rows; --limit raises it"
    assert len(run_query(bundled[1], "SELECT ?b WHERE { ?b a kgo:Battle }", engine=engine, limit=4).rows) == 4


def test_the_default_limits():
    import inspect

    defaults = {k: p.default for k, p in inspect.signature(run_query).parameters.items()}
    assert (defaults["timeout"], defaults["limit"]) == (60.0, 100_000)
