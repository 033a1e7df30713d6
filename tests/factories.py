"""Minimal valid payloads per node kind, for tests that exercise every route of every kind."""

from typing import Any

from fastapi.testclient import TestClient

MINIMAL: dict[str, dict[str, Any]] = {
    "customers": {"name": "Acme Telecom", "tier": "key"},
    "org-units": {"name": "Network Engineering"},
    "stakeholders": {"name": "Zhou Min", "influence": 4, "stance": "neutral"},
    "employees": {"name": "Wang Lei", "role": "AR"},
    "teams": {"name": "Acme team"},
    "competitors": {"name": "Nordwave"},
    "insights": {"channel": "technical", "layer": "architecture", "summary": "three OSS stacks",
                 "foundAt": "2026-01-05T10:00:00Z"},
    "opportunities": {"name": "5G core", "horizon": "short", "marketSpace": 1000, "growthRate": 0.1,
                      "profitMargin": 0.2, "competitiveIntensity": 3, "resourceCost": 2},
    "plans": {"year": 2026, "orderTarget": 1000, "budget": 10},
    "projects": {"name": "5G Core", "stage": "lead", "value": 100},
    "decision-chains": {"kind": "technical_selection", "requiredRoles": ["decision_maker"]},
    "activities": {"type": "visit", "plannedAt": "2026-03-01T09:00:00Z"},
    "assessments": {"at": "2026-03-01T09:00:00Z", "stance": "supporter"},
    "contracts": {"value": 500, "signedAt": "2026-04-01T00:00:00Z"},
}

# One field per kind with a value the API must refuse, and the field the 422 must name.
INVALID: dict[str, tuple[str, Any]] = {
    "customers": ("tier", "platinum"),
    "org-units": ("name", ""),
    "stakeholders": ("influence", 6),
    "employees": ("role", "sales"),
    "teams": ("name", ""),
    "competitors": ("name", ""),
    "insights": ("channel", "rumour"),
    "opportunities": ("competitiveIntensity", 0),
    "plans": ("year", 1800),
    "projects": ("stage", "won"),
    "decision-chains": ("requiredRoles", ["boss"]),
    "activities": ("plannedAt", "next tuesday"),
    "assessments": ("stance", "enthusiastic"),
    "contracts": ("value", -1),
}


def put(client: TestClient, path: str, node_id: str, **fields: Any) -> dict:
    """Upsert a node through the API and return it; fails the test on any error."""
    body = {**MINIMAL[path], **fields}
    response = client.put(f"/api/v1/{path}/{node_id}", json=body)
    assert response.status_code in (200, 201), response.text
    return response.json()


def relate(client: TestClient, rel_type: str, from_id: str, to_id: str, **properties: Any) -> dict:
    """Create a relationship through the API; fails the test on any error."""
    response = client.post(f"/api/v1/relationships/{rel_type}",
                           json={"from": from_id, "to": to_id, "properties": properties})
    assert response.status_code == 201, response.text
    return response.json()


def graph_records(graph: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every node (label, id, props) and relationship (a, t, b, props) but the audit log, which is the
    record of the writes, and the network power cache's change markers (random tokens every bulk write
    renews), neither of them content."""
    nodes, _, _ = graph.driver.execute_query(
        "MATCH (n) WHERE NOT (n:AuditEntry OR n:NetworkMark) "
        "RETURN labels(n)[0] AS label, n.id AS id, properties(n) AS props",
        database_=graph.database)
    rels, _, _ = graph.driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS props",
        database_=graph.database)
    return [record.data() for record in nodes], [record.data() for record in rels]
