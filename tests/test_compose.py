"""docker-compose.yml, read as Compose reads it: the single-server pair and the `cluster` profile.

No Docker engine runs here, so this checks the description, not a running cluster: the YAML parses,
the cluster profile holds three Enterprise members that find each other, two API replicas on a routing
URI, and a proxy in front of both; the single-server services stay outside every profile.
"""

import re
from pathlib import Path

import yaml

from tests.conftest import REPO_ROOT

COMPOSE = REPO_ROOT / "docker-compose.yml"


def services() -> dict[str, dict]:
    loaded = yaml.safe_load(COMPOSE.read_text())  # merge keys (<<) are resolved as Compose does
    return loaded["services"]


def in_profile(profile: str) -> dict[str, dict]:
    return {name: service for name, service in services().items() if profile in service.get("profiles", [])}


def test_the_single_server_pair_starts_without_a_profile():
    found = services()
    assert "profiles" not in found["neo4j"] and "profiles" not in found["api"]
    assert found["neo4j"]["image"].endswith("-community")


def test_the_cluster_profile_has_three_enterprise_members_that_know_each_other():
    members = {name: service for name, service in in_profile("cluster").items() if name.startswith("cluster-member")}
    assert sorted(members) == ["cluster-member-1", "cluster-member-2", "cluster-member-3"]
    for name, member in members.items():
        environment = member["environment"]
        assert member["image"].startswith("neo4j:5.26-enterprise")
        assert environment["NEO4J_ACCEPT_LICENSE_AGREEMENT"] == "${NEO4J_ACCEPT_LICENSE_AGREEMENT:-no}", \
            "the licence is accepted by the user, never by the file"
        assert environment["NEO4J_server_default__advertised__address"] == name == member["hostname"]
        endpoints = environment["NEO4J_dbms_cluster_discovery_endpoints"].split(",")
        assert sorted(endpoint.split(":")[0] for endpoint in endpoints) == sorted(members)
        assert environment["NEO4J_dbms_cluster_minimum__initial__system__primaries__count"] == "3"
        assert member["volumes"] == [f"{name}:/data"], "each member keeps its own store"
        assert name in yaml.safe_load(COMPOSE.read_text())["volumes"]


def test_two_api_replicas_use_a_routing_uri_behind_one_proxy():
    cluster = in_profile("cluster")
    replicas = {name: service for name, service in cluster.items() if name.startswith("cluster-api")}
    assert sorted(replicas) == ["cluster-api-1", "cluster-api-2"]
    for replica in replicas.values():
        assert replica["environment"]["NEO4J_URI"].startswith("neo4j://cluster-member-")
        assert replica["command"][:2] == ["powermap", "serve"] and "--no-demo" in replica["command"]
        assert "--workers" in replica["command"]
        assert set(replica["depends_on"]) == {"cluster-member-1", "cluster-member-2", "cluster-member-3"}
    proxy = cluster["cluster-proxy"]
    assert set(proxy["depends_on"]) == set(replicas)
    config_file = proxy["volumes"][0].split(":")[0]
    config = (REPO_ROOT / config_file).read_text()
    upstream = re.search(r"upstream powermap_api \{(.*?)\}", config, re.S)
    assert upstream is not None
    assert sorted(re.findall(r"server (cluster-api-\d):8000", upstream.group(1))) == sorted(replicas)
    assert "non_idempotent" not in config.replace("without `non_idempotent`", ""), "writes are never retried"


def test_the_dockerfile_the_replicas_build_serves_the_api():
    assert Path(REPO_ROOT / "Dockerfile").read_text().rstrip().endswith('CMD ["powermap", "serve"]')
