"""Every Cypher file parses and plans: templates are filled for every label and type they serve."""

import pytest
from neo4j.exceptions import ConstraintError

from powermap.graph import catalog
from powermap.graph.model import RELATIONSHIP_ENDS, Label
from powermap.graph.schema import apply_schema, schema_statements

TEMPLATES = {name for name in catalog.all_names() if "__" in catalog.query(name)}


def _explain(graph, statement):
    graph.driver.execute_query("EXPLAIN " + statement, database_=graph.database)


@pytest.mark.parametrize(
    "name", sorted(n for n in set(catalog.all_names()) - TEMPLATES if not n.startswith("schema/"))
)
def test_statement_plans(graph, name):
    _explain(graph, catalog.query(name))


def test_schema_applies_twice_and_constrains_every_label(graph):
    assert apply_schema(graph.driver, graph.database) == len(schema_statements())
    records, _, _ = graph.driver.execute_query(
        "SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type "
        "WHERE type = 'UNIQUENESS' AND properties = ['id'] RETURN collect(labelsOrTypes[0]) AS labels",
        database_=graph.database)
    assert set(records[0]["labels"]) == {label.value for label in Label}


def test_duplicate_id_is_refused_by_the_constraint(graph):
    graph.driver.execute_query("CREATE (:Team {id: 'team-dup'})", database_=graph.database)
    with pytest.raises(ConstraintError):
        graph.driver.execute_query("CREATE (:Team {id: 'team-dup'})", database_=graph.database)


LABEL_TEMPLATES = sorted(n for n in TEMPLATES if "__LABEL__" in catalog.query(n))


@pytest.mark.parametrize("name", LABEL_TEMPLATES)
@pytest.mark.parametrize("label", list(Label))
def test_label_template_plans_for_every_label(graph, name, label):
    _explain(graph, catalog.template(name, label=label))


@pytest.mark.parametrize("name", sorted(TEMPLATES - set(LABEL_TEMPLATES)))
def test_relationship_templates_plan_for_every_type(graph, name):
    for rel_type, ends in RELATIONSHIP_ENDS.items():
        for source in ends.sources:
            for target in ends.targets:
                _explain(graph, catalog.template(name, source=source, target=target, type=rel_type))


def test_template_refuses_a_plain_string():
    with pytest.raises(TypeError):
        catalog.template("node/get", label="Customer) DETACH DELETE (x")  # type: ignore[arg-type]


def test_unknown_statement_is_a_lookup_error():
    with pytest.raises(catalog.UnknownQuery):
        catalog.query("no/such/statement")
